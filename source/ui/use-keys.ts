/**
 * Ink's `useInput`, one key at a time. Ink parses one stdin chunk as one key unless it holds escape sequences, so
 * keys that arrive together (a held key over a slow SSH link, keys sent by tmux, a paste) come as one input such
 * as "jjjj" or "abc\r", which matches no binding: the list would not move, the text field would not submit. This
 * splits such an input into its characters and hands them over in order, each as the key it is: a control
 * character is that ctrl key ("\x15Update" is ctrl-u, then "Update"). The App's one input handler takes keys
 * through here and routes them to the screens (key-router.tsx).
 *
 * A paste is not keys. The TUI turns the terminal's bracketed paste on (first-frame.ts PASTE_ON, and run.tsx), so
 * a paste comes between ESC[200~ and ESC[201~; Ink does not know these (it reads ESC[200~ as the text "[200~" and
 * the pasted text as keys: a pasted line's `e` opened the export, its end started it, found by an independent
 * check). Everything between them is handed over as one key, a paste (isPaste): a text field takes it as text
 * (use-text-field.ts), no binding matches it, and anywhere else the App says it was ignored.
 */
import {useLayoutEffect, useRef} from 'react';
import {useApp, useInput, useStdin, type Key} from 'ink';
import {PASTE_END, PASTE_START} from '../terminal/paste-marks.js';

export type KeyHandler = (input: string, key: Key) => void;

/**
 * A paste whose end never comes (a terminal that lost it) gives the keyboard back after this long without input. Not
 * sooner: a paste that stalls on a slow SSH link for a second went on as keys after a 1 s limit, and a pasted line's
 * `e` opened the export again (found by an independent check).
 */
const PASTE_IDLE_MS = 5000;

/** A paste, handed over as one key: the pasted text is its input. */
export interface PasteKey extends Key {
	readonly paste: true;
}

/** Whether a key is a paste (its input the pasted text, as the terminal sent it). */
export function isPaste(key: Key): key is PasteKey {
	return (key as Partial<PasteKey>).paste === true;
}

const NO_KEY: Key = {
	upArrow: false,
	downArrow: false,
	leftArrow: false,
	rightArrow: false,
	pageDown: false,
	pageUp: false,
	home: false,
	end: false,
	return: false,
	escape: false,
	ctrl: false,
	shift: false,
	tab: false,
	backspace: false,
	delete: false,
	// Set, so that no binding matches a paste (they all ask for a key without meta: keymap.ts), even one character.
	meta: true,
	super: false,
	hyper: false,
	capsLock: false,
	numLock: false,
};

/** The key a paste is handed over as. */
export function pasteKey(): PasteKey {
	return {...NO_KEY, paste: true};
}

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

/**
 * Ink's input events as the terminal sent them (before Ink's useInput parses each one), for what lies between a
 * paste's marks. Listened to first (prepended): `inPaste` tells the useInput handler, called next for the same event,
 * that the event is part of a paste, which it then leaves alone.
 */
function usePaste(onPaste: (text: string) => void, active: boolean): {readonly current: boolean} {
	const {internal_eventEmitter: events} = useStdin();
	const inPaste = useRef(false);
	const latest = useRef(onPaste);
	latest.current = onPaste;
	// A layout effect: listening before Ink reads any key (its reading starts in useInput's passive effect).
	useLayoutEffect(() => {
		if (!active || !events) return;
		let pasted: string[] | undefined;
		let idle: NodeJS.Timeout | undefined;
		const end = (): void => {
			clearTimeout(idle);
			const text = pasted!.join('');
			pasted = undefined;
			latest.current(text);
		};
		const onInput = (raw: string): void => {
			// The marks may come glued to what is before them: a pasted lone escape makes Ink read ESC ESC[201~ as one
			// input (found by an independent check: the paste then never ended, and '[201~' went into the search).
			const start = raw.indexOf(PASTE_START);
			inPaste.current = pasted !== undefined || start >= 0 || raw.includes(PASTE_END);
			let text = raw;
			if (start >= 0) {
				pasted ??= [];
				text = raw.slice(start + PASTE_START.length);
			}
			const stop = text.indexOf(PASTE_END);
			if (stop >= 0) {
				if (pasted) {
					if (stop > 0) pasted.push(text.slice(0, stop));
					end();
				}
			} else if (pasted && text !== '') pasted.push(text);
			if (pasted) {
				clearTimeout(idle);
				idle = setTimeout(end, PASTE_IDLE_MS);
				idle.unref();
			}
		};
		events.prependListener('input', onInput);
		return () => {
			clearTimeout(idle);
			events.removeListener('input', onInput);
		};
	}, [active, events]);
	return inPaste;
}

export function useKeys(handler: KeyHandler, options?: {readonly isActive?: boolean}): void {
	const {exit} = useApp();
	const inPaste = usePaste(text => handler(text, pasteKey()), options?.isActive !== false);
	useInput((input, key) => {
		if (inPaste.current) return;
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
