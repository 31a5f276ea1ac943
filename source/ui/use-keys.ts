/**
 * Ink's `useInput`, one key at a time. Ink parses one stdin chunk as one key unless it holds escape sequences, so
 * keys that arrive together (a held key over a slow SSH link, keys sent by tmux, a paste) come as one input such
 * as "jjjj" or "abc\r", which matches no binding: the list would not move, the text field would not submit. This
 * splits such an input into its characters and hands them over in order, each as the key it is: a control
 * character is that ctrl key ("\x15Update" is ctrl-u, then "Update"). The App's one input handler takes keys
 * through here and routes them to the screens (key-router.tsx).
 */
import {useApp, useInput, type Key} from 'ink';

export type KeyHandler = (input: string, key: Key) => void;

/** One character of a chunk as Ink would have parsed it alone. */
export function keyOf(ch: string, base: Key): [input: string, key: Key] {
	const code = ch.codePointAt(0)!;
	const plain: Key = {
		...base,
		return: false,
		tab: false,
		backspace: false,
		delete: false,
		ctrl: false,
		meta: false,
		escape: false,
		shift: /[A-Z]/.test(ch),
	};
	// A line feed is Enter too: typed before the terminal was raw (a pipe still being read), the terminal's line
	// discipline had turned Enter's CR into LF (Ink would read it as ctrl-j, which nothing binds).
	if (ch === '\r' || ch === '\n') return ['', {...plain, return: true}];
	if (ch === '\t') return ['', {...plain, tab: true}];
	if (ch === '\u007F' || ch === '\b') return ['', {...plain, backspace: true}];
	// Ctrl-A to Ctrl-Z (but for the three above): Ink names them by their letter, with ctrl set.
	if (code >= 1 && code <= 26) return [String.fromCharCode(code + 96), {...plain, ctrl: true}];
	return [ch, plain];
}

/** The key after an escape that Ink read together with it, as its character; undefined for a key that is not one. */
function escapedKey(input: string, key: Key): string | undefined {
	if (key.return) return '\r';
	if (key.tab) return '\t';
	if (key.backspace) return '\u007F';
	return [...input].length === 1 && input >= ' ' && input !== '\u007F' ? input : undefined;
}

export function useKeys(handler: KeyHandler, options?: {readonly isActive?: boolean}): void {
	const {exit} = useApp();
	useInput((input, key) => {
		// Escape and a key read in one go (typed fast over a slow SSH link, or sent together by a loaded machine): Ink
		// reads them as alt and that key, which nothing here binds, so both were lost. They are the two keys pressed.
		const after = key.meta && !key.escape && !key.ctrl ? escapedKey(input, key) : undefined;
		if (after !== undefined) {
			const [one, k] = keyOf(after, key);
			handler('', {...keyOf('\u001B', key)[1], escape: true, meta: true});
			handler(one, k);
			return;
		}
		if (input === '\n' && !key.return) {
			handler(...keyOf('\n', key));
			return;
		}
		const chars = [...input];
		if (chars.length <= 1 || key.ctrl || key.meta || input.includes('\u001B')) {
			handler(input, key);
			return;
		}
		for (const ch of chars) {
			const [one, k] = keyOf(ch, key);
			// Ink quits on ctrl-c only when it comes alone.
			if (k.ctrl && one === 'c') return exit();
			handler(one, k);
		}
	}, options);
}
