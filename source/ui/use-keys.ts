/**
 * Ink's `useInput`, one key at a time. Ink parses one stdin chunk as one key unless it holds escape sequences, so
 * keys that arrive together (a held key over a slow SSH link, keys sent by tmux, a paste) come as one input such
 * as "jjjj" or "abc\r", which matches no binding: the list would not move, the text field would not submit. This
 * splits such an input into its characters and hands them over in order. Every screen takes keys through here.
 */
import {useInput, type Key} from 'ink';

export type KeyHandler = (input: string, key: Key) => void;

export function useKeys(handler: KeyHandler, options?: {readonly isActive?: boolean}): void {
	useInput((input, key) => {
		const chars = [...input];
		if (chars.length <= 1 || key.ctrl || key.meta || input.includes('\u001B')) {
			handler(input, key);
			return;
		}
		for (const ch of chars) {
			handler(ch, {
				...key,
				return: ch === '\r',
				tab: ch === '\t',
				backspace: ch === '\u007F' || ch === '\b',
				shift: /[A-Z]/.test(ch),
			});
		}
	}, options);
}
