/**
 * The words of a detection: one line saying who, from where, how many and over what time. Record values pass the
 * terminal sanitizer here and are cut to 64 characters, so a why is safe to print as it is.
 */
import {sanitizeLine} from '../terminal/sanitize.js';
import {codeMeaning} from './outcome.js';
import {distinct} from './windows.js';
import type {IntArray} from './columns.js';
import type {DetectionKind, Found, SignInColumns} from './model.js';

const MINUTE = 60_000;

export function detection(
	c: SignInColumns,
	kind: DetectionKind,
	subject: string,
	records: readonly number[],
	why: string,
): Found {
	const indices = [...records].sort((a, b) => a - b);
	let first = Number.POSITIVE_INFINITY;
	let last = Number.NEGATIVE_INFINITY;
	for (const i of indices) {
		first = Math.min(first, c.time[i]!);
		last = Math.max(last, c.time[i]!);
	}
	return {kind, why, subject, from: isoOf(first), to: isoOf(last), indices};
}

export function isoOf(ms: number): string {
	return Number.isFinite(ms) ? new Date(ms).toISOString() : '';
}

/** A record value made safe for one line of a terminal, and short. */
export function clean(value: string): string {
	const s = sanitizeLine(value);
	return s.length > 64 ? `${s.slice(0, 63)}…` : s;
}

export function userName(c: SignInColumns, i: number): string {
	return c.names.user[c.user[i]!] ?? '(unknown user)';
}

export function where(c: SignInColumns, i: number): string {
	const city = c.city[i]! >= 0 ? c.names.city[c.city[i]!]! : '';
	const country = c.country[i]! >= 0 ? c.names.country[c.country[i]!]! : '';
	return [city, country].filter(Boolean).join(', ');
}

export function placeOf(c: SignInColumns, i: number): string {
	const w = where(c, i);
	const ip = c.ip[i]! >= 0 ? c.names.ip[c.ip[i]!]! : '';
	return ip || w ? ` from ${[ip, w && `(${w})`].filter(Boolean).map(clean).join(' ')}` : '';
}

/** " (Lagos, NG)": the most common place of the records. */
export function place(c: SignInColumns, records: readonly number[]): string {
	const top = mostCommon(records, i => where(c, i));
	return top ? ` (${clean(top)})` : '';
}

export function cities(c: SignInColumns, records: readonly number[]): string {
	const top = mostCommon(records, i => (c.city[i]! >= 0 ? c.names.city[c.city[i]!]! : ''));
	return top ? ` (${clean(top)})` : '';
}

/** "from 95.165.1.2 (Moscow, RU)" or "from 3 IPs, mostly 95.165.1.2 (Moscow, RU)". */
export function fromIps(c: SignInColumns, records: readonly number[]): string {
	const ips = distinct(
		records.filter(i => c.ip[i]! >= 0),
		c.ip,
	);
	const top = mostCommon(records, i => (c.ip[i]! >= 0 ? c.names.ip[c.ip[i]!]! : ''));
	if (!top) return 'from no recorded IP';
	const i = records.find(r => c.ip[r]! >= 0 && c.names.ip[c.ip[r]!] === top)!;
	const w = where(c, i);
	return `from ${ips > 1 ? `${ips} IPs, mostly ` : ''}${clean(top)}${w ? ` (${clean(w)})` : ''}`;
}

export function mostCommon(records: readonly number[], value: (i: number) => string): string {
	const counts = new Map<string, number>();
	let best = '';
	let bestCount = 0;
	for (const i of records) {
		const v = value(i);
		if (!v) continue;
		const n = (counts.get(v) ?? 0) + 1;
		counts.set(v, n);
		// A tie goes to the smaller text: the same answer whatever order the records came in (CLI and TUI alike).
		if (n > bestCount || (n === bestCount && v < best)) {
			best = v;
			bestCount = n;
		}
	}
	return best;
}

/** "50126 InvalidUserNameOrPassword ×12, 50053 ×2" (most first; short names only). */
export function codeCounts(c: SignInColumns, records: readonly number[]): string {
	const counts = new Map<number, number>();
	for (const i of records) counts.set(c.code[i]!, (counts.get(c.code[i]!) ?? 0) + 1);
	const named = (code: number): string => {
		const meaning = codeMeaning(code);
		return meaning && meaning.length <= 30 ? `${code} ${meaning}` : String(code);
	};
	return [...counts]
		.sort((a, b) => b[1] - a[1] || a[0] - b[0])
		.map(([code, n]) => `${named(code)} ×${n}`)
		.join(', ');
}

/** "IMAP4 ×10, POP3 ×2" (most first, at most 3 and "…"). */
export function valueCounts(records: readonly number[], key: IntArray, names: readonly string[]): string {
	const counts = new Map<number, number>();
	for (const i of records) if (key[i]! >= 0) counts.set(key[i]!, (counts.get(key[i]!) ?? 0) + 1);
	if (counts.size === 0) return '-';
	// Ties by the value's text: the same three whatever order the records came in.
	const sorted = [...counts].sort(
		(a, b) => b[1] - a[1] || (names[a[0]]! < names[b[0]]! ? -1 : names[a[0]]! > names[b[0]]! ? 1 : 0),
	);
	return (
		sorted
			.slice(0, 3)
			.map(([v, n]) => `${clean(names[v]!)} ×${n}`)
			.join(', ') + (sorted.length > 3 ? ', …' : '')
	);
}

/** "over 23 min, 2026-11-20 08:14–08:37 UTC" or "at 2026-11-20 08:14 UTC". */
export function span(c: SignInColumns, records: readonly number[]): string {
	let first = Number.POSITIVE_INFINITY;
	let last = Number.NEGATIVE_INFINITY;
	for (const i of records) {
		first = Math.min(first, c.time[i]!);
		last = Math.max(last, c.time[i]!);
	}
	if (!Number.isFinite(first)) return 'at an unknown time';
	if (last - first < MINUTE) return `at ${day(first)} ${clock(first)} UTC`;
	const end = day(first) === day(last) ? clock(last) : `${day(last)} ${clock(last)}`;
	return `over ${duration(last - first)}, ${day(first)} ${clock(first)}–${end} UTC`;
}

export function day(ms: number): string {
	return new Date(ms).toISOString().slice(0, 10);
}

export function clock(ms: number): string {
	return new Date(ms).toISOString().slice(11, 16);
}

export function duration(ms: number): string {
	const minutes = Math.round(ms / MINUTE);
	if (minutes < 1) return `${Math.max(0, Math.round(ms / 1000))} s`;
	if (minutes < 60) return `${minutes} min`;
	if (minutes < 48 * 60) return `${Math.floor(minutes / 60)} h${minutes % 60 ? ` ${minutes % 60} min` : ''}`;
	return `${Math.round(minutes / 1440)} days`;
}

export function count(n: number, noun: string): string {
	return `${thousands(n)} ${noun}${n === 1 ? '' : 's'}`;
}

export function thousands(n: number): string {
	// "7,700": by hand, since toLocaleString goes through ICU at ten times the cost (a thousand detections add up).
	return String(Math.round(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}
