/**
 * KQL literals, made in exactly one place: strings (kqlString, every character that could end or bend a literal
 * escaped), datetimes and numbers, and member paths into dynamic columns.
 */
import {PreciseDate, QueryError} from './time.js';
import {ACTIVE_CLASS} from '../terminal/sanitize.js';

// ----------------------------------------------------------------------------------------------------------
// Literals

export const ESCAPES: Readonly<Record<string, string>> = {
	'\\': '\\\\',
	'"': '\\"',
	'\n': '\\n',
	'\r': '\\r',
	'\t': '\\t',
};

/**
 * What kqlString writes as an escape: the line breaks and quotes, and every character the TUI and tty output show
 * escaped (sanitize.ts ACTIVE_CLASS: controls, bidi, the invisible ones such as U+200B, the tag characters), so that
 * printed KQL shows a value's hidden characters.
 */
const KQL_ESCAPED = new RegExp(`[\\\\"\\n\\r\\t]|[${ACTIVE_CLASS}]`, 'gu');
const hexEscape = (cp: number): string =>
	cp > 0xffff ? `\\U${cp.toString(16).padStart(8, '0')}` : `\\u${cp.toString(16).padStart(4, '0')}`;

/**
 * The one place a value becomes a KQL string literal: double quotes, with `\` `"` and the line breaks a literal may
 * not hold escaped by backslash (the documented rules, and the official grammar's STRINGLITERAL). Other control
 * characters, the Unicode line separators, bidi controls and invisible characters are written as `\uXXXX` (beyond
 * the BMP `\UXXXXXXXX`: escapes the grammar lists), so that printed KQL stays one readable line that no terminal
 * interprets and that shows what a value hides.
 */
export function kqlString(value: string): string {
	return `"${value.replace(KQL_ESCAPED, c => ESCAPES[c] ?? hexEscape(c.codePointAt(0)!))}"`;
}

export const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,7})?Z$/;

/**
 * `datetime(2026-11-20T08:14:03.1234567Z)`: a Date, or a UTC time string as the service returns it (full precision).
 * A time typed with more than 3 fractional digits (a PreciseDate) keeps them to KQL's 100 ns tick, so that a record's
 * own time typed back selects that record; a finer time is rounded `up` or `down` to a tick, so that records (which
 * are on ticks) compare to it as to the exact time (`>= t` is `>= ceil(t)`, `<= t` is `<= floor(t)`).
 */
export function kqlDatetime(value: Date | string, round: 'up' | 'down' = 'down'): string {
	const text = typeof value === 'string' ? value : tickText(value, round);
	if (!ISO_TIME.test(text)) throw new QueryError(`"${text}" is not a UTC time the workspace query can page from`);
	return `datetime(${text})`;
}

function tickText(date: Date, round: 'up' | 'down'): string {
	const ns = date instanceof PreciseDate ? date.ns : 0;
	let ticks = Math.floor(ns / 100);
	let ms = date.getTime();
	if (round === 'up' && ns % 100 !== 0) ticks += 1;
	if (ticks === 10_000) [ms, ticks] = [ms + 1, 0];
	const iso = new Date(ms).toISOString();
	return ticks === 0 ? iso : `${iso.slice(0, -1)}${String(ticks).padStart(4, '0')}Z`;
}

export function kqlNumber(n: number): string {
	if (!Number.isFinite(n)) throw new QueryError(`${n} is not a number a workspace can compare`);
	return String(n);
}

/** `LocationDetails.city`, or `X["odd name"]` for a name KQL would not read as one. */
export function member(base: string, segments: readonly string[]): string {
	return segments.reduce(
		(acc, seg) => (/^[A-Za-z_][A-Za-z0-9_]*$/.test(seg) ? `${acc}.${seg}` : `${acc}[${kqlString(seg)}]`),
		base,
	);
}
