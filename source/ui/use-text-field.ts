/**
 * A one-line text field (the list's search, the filter form's fields, the export's file name): typing, backspace
 * and ctrl-u (clear). Its value is kept with useKeyState, so that every key of a paste edits what the keys before it
 * wrote (see use-key-state.ts). Text is cleaned as it is typed (sanitize.ts typedText): a pasted escape sequence never reaches the screen.
 */
import type {Key} from 'ink';
import {typedText} from '../terminal/sanitize.js';
import {isKey} from './keymap.js';
import {useKeyState, type KeyStateSetter} from './use-key-state.js';

/** The field's text after a key, or undefined when the key is no edit (enter, esc, tab, arrows, other ctrl keys). */
export function editText(value: string, input: string, key: Key): string | undefined {
	if (isKey('clearField', input, key)) return '';
	if (key.backspace || key.delete) return value.slice(0, -1);
	if (key.ctrl || key.meta || key.tab || key.return || key.escape || !input) return undefined;
	return `${value}${typedText(input)}`;
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
