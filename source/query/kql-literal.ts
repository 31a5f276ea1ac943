/**
 * KQL literals, made in exactly one place: strings (kqlString, every character that could end or bend a literal
 * escaped), datetimes and numbers, and member paths into dynamic columns.
 */
import {PreciseDate, QueryError} from './time.js';

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
 * The one place a value becomes a KQL string literal: double quotes, with `\` `"` and the line breaks a literal may
 * not hold escaped by backslash (the documented rules, and the official grammar's STRINGLITERAL). Other control
 * characters, the Unicode line separators and bidi controls are written as `\uXXXX` (an escape the grammar lists),
 * so that printed KQL stays one readable line that no terminal interprets.
 */
export function kqlString(value: string): string {
	return `"${value.replace(/[\\"\n\r\t]|[\u0000-\u001f\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, c => ESCAPES[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)}"`;
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
