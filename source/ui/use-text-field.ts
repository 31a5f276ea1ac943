/**
 * A one-line text field (the list's search, the filter form's fields, the export's file name): typing, backspace
 * and ctrl-u (clear). Its value is kept with useKeyState, so that every key of a paste edits what the keys before it
 * wrote (see use-key-state.ts). Text is cleaned as it is typed (sanitize.ts typedText): a pasted escape sequence never reaches the screen, a
 * hidden character shows as its `\uXXXX` text (read back as the character when applied).
 * A paste (bracketed: use-keys.ts) is text: its line breaks are not enter; a line break at its end goes, those
 * inside become spaces (the field is one line).
 */
import type {Key} from 'ink';
import {typedText} from '../terminal/sanitize.js';
import {isKey} from './keymap.js';
import {isPaste} from './use-keys.js';
import {useKeyState, type KeyStateSetter} from './use-key-state.js';

/** The field's text after a key, or undefined when the key is no edit (enter, esc, tab, arrows, other ctrl keys). */
export function editText(value: string, input: string, key: Key): string | undefined {
	if (isPaste(key)) return `${value}${pastedText(input)}`;
	if (isKey('clearField', input, key)) return '';
	if (key.backspace || key.delete) return value.slice(0, -1);
	if (key.ctrl || key.meta || key.tab || key.return || key.escape || !input) return undefined;
	return `${value}${typedText(input)}`;
}

/** A paste as one line of a field: trailing line breaks dropped, the others made spaces, then cleaned as typing is. */
export function pastedText(text: string): string {
	let end = text.length;
	while (end > 0 && (text[end - 1] === '\n' || text[end - 1] === '\r')) end--;
	return typedText(text.slice(0, end).replace(/\r\n|\r|\n/g, ' '));
}

export interface TextField {
	readonly value: string;
	readonly latest: {readonly current: string};
	readonly set: KeyStateSetter<string>;
	/** Edits the field with a key: true when the key was an edit. */
	readonly edit: (input: string, key: Key) => boolean;
}

export function useTextField(initial: string): TextField {
	const [value, set, latest] = useKeyState(initial);
	const edit = (input: string, key: Key): boolean => {
		const next = editText(latest.current, input, key);
		if (next === undefined) return false;
		set(next);
		return true;
	};
	return {value, latest, set, edit};
}

/** Several named fields of one form, one of them edited at a time. */
export interface TextFields {
	readonly values: Readonly<Record<string, string>>;
	readonly latest: {readonly current: Readonly<Record<string, string>>};
	readonly set: (field: string, value: string) => void;
	readonly edit: (field: string, input: string, key: Key) => boolean;
}

export function useTextFields(initial: Readonly<Record<string, string>>): TextFields {
	const [values, setValues, latest] = useKeyState(initial);
	const set = (field: string, value: string): void => setValues(v => ({...v, [field]: value}));
	const edit = (field: string, input: string, key: Key): boolean => {
		const next = editText(latest.current[field] ?? '', input, key);
		if (next === undefined) return false;
		set(field, next);
		return true;
	};
	return {values, latest, set, edit};
}
