/** What the list catalogues (source/reports/*.list.ts) build their columns with. */
import {at, text, type Column, type GraphRecord} from './report.js';

/** A column: its key (saved in the config), label, least width and cell; `grow` shares the spare width. */
export const col = (
	key: string,
	label: string,
	width: number,
	value: (r: GraphRecord) => string,
	more: Partial<Pick<Column, 'grow' | 'tone'>> = {},
): Column => ({key, label, width, value, ...more});

/** The cell of a Graph path (`deviceDetail/browser`). */
export const path =
	(p: string) =>
	(r: GraphRecord): string =>
		text(at(r, p));

/** "none" is how Graph says a sign-in has no such thing (no protocol, no credential): shown as nothing. */
export const unlessNone = (value: unknown): string => (text(value) === 'none' ? '' : text(value));

/** A boolean as yes/no; anything else as written. */
export const yesNo = (value: unknown): string => (value === true ? 'yes' : value === false ? 'no' : text(value));
