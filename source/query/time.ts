/**
 * Times as users type them: relative (`90m`, `24h`, `7d`, `2w`) or absolute ISO 8601 (a date, or a date and time,
 * with `Z`/an offset for UTC, or none for local time). Graph wants them unquoted, in UTC, to the second.
 */
export class QueryError extends Error {}

const RELATIVE = /^(\d+)\s*(s|m|min|h|d|w)$/i;
const UNIT_MS: Readonly<Record<string, number>> = {
	s: 1000,
	m: 60_000,
	min: 60_000,
	h: 3_600_000,
	d: 86_400_000,
	w: 7 * 86_400_000,
};
const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i;

/** Parses a time; relative values count back from `now`. Throws QueryError with a one-line message. */
export function parseTime(text: string, now: Date = new Date()): Date {
	const value = text.trim();
	const rel = RELATIVE.exec(value);
	if (rel) {
		const amount = Number(rel[1]);
		const unit = rel[2]!.toLowerCase();
		return new Date(now.getTime() - amount * UNIT_MS[unit]!);
	}
	const m = ISO.exec(value);
	if (!m)
		throw new QueryError(
			`"${text}" is not a time: use 90m, 24h, 7d, 2w, or ISO 8601 such as 2026-11-01 or 2026-11-01T08:00:00Z`,
		);
	const [, y, mo, d, h = '00', mi = '00', s = '00', frac = '', zone] = m;
	const month = Number(mo);
	const day = Number(d);
	if (month < 1 || month > 12 || day < 1 || day > 31 || Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) {
		throw new QueryError(`"${text}" is not a valid date`);
	}
	const nine = frac.padEnd(9, '0').slice(0, 9);
	const ms = Number(nine.slice(0, 3));
	let date: Date;
	if (zone) {
		const iso = `${y}-${mo}-${d}T${h}:${mi}:${s}${zone.toUpperCase() === 'Z' ? 'Z' : zone.length === 5 ? `${zone.slice(0, 3)}:${zone.slice(3)}` : zone}`;
		date = new Date(Date.parse(iso) + ms);
	} else {
		date = new Date(Number(y), month - 1, day, Number(h), Number(mi), Number(s), ms);
	}
	if (Number.isNaN(date.getTime()) || date.getDate() !== (zone ? date.getDate() : day))
		throw new QueryError(`"${text}" is not a valid date`);
	// Digits past the millisecond (Graph writes 7): kept, so that a record's own time typed back selects that record.
	const ns = Number(nine.slice(3));
	return ns > 0 ? new PreciseDate(date.getTime(), ns) : date;
}

/** `2026-11-01T08:00:00Z`: the form Graph takes, unquoted, in UTC. */
export function formatODataTime(date: Date): string {
	return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/**
 * An instant to the nanosecond: ms since the epoch and the nanoseconds after that ms. Graph writes times with up to
 * 7 fractional digits (`2020-03-13T19:15:41.6195833Z`); `Date` keeps 3. Records' times are compared as Instants:
 * `…41.6195833Z` is after `…41Z` and before `…41.62Z`, whatever the offset or the number of digits.
 */
export interface Instant {
	readonly ms: number;
	readonly ns: number;
}

/** A time with the digits `Date` cannot hold (parseTime returns one for a time typed with more than 3). */
export class PreciseDate extends Date {
	constructor(
		ms: number,
		readonly ns: number,
	) {
		super(ms);
	}
}

const RECORD_TIME =
	/^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;
const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * A record's time as an Instant: ISO 8601 with `T` or a space, any number of fractional digits (kept to 9), `Z`, an
 * offset (`+02:00`, `+0200`, `+02`) or none (UTC: records' times are UTC, as the admin center's `Date (UTC)` says).
 * Undefined for anything else, or for a date that does not exist.
 */
export function parseInstant(text: unknown): Instant | undefined {
	if (typeof text !== 'string' || text.length > 64) return undefined;
	const m = RECORD_TIME.exec(text.trim());
	if (!m) return undefined;
	const [, y, mo, d, h, mi, s = '00', frac = '', zone = 'Z'] = m;
	const month = Number(mo);
	const day = Number(d);
	const year = Number(y);
	const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
	if (month < 1 || month > 12 || day < 1 || day > (month === 2 && !leap ? 28 : DAYS_IN_MONTH[month - 1]!))
		return undefined;
	if (Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) return undefined;
	let offset = 0;
	if (zone.toUpperCase() !== 'Z') {
		const digits = zone.slice(1).replace(':', '');
		offset = (zone[0] === '-' ? -1 : 1) * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || '0')) * 60_000;
	}
	const nine = frac.padEnd(9, '0').slice(0, 9);
	const date = new Date(0);
	date.setUTCFullYear(year, month - 1, day);
	date.setUTCHours(Number(h), Number(mi), Number(s), Number(nine.slice(0, 3)));
	return {ms: date.getTime() - offset, ns: Number(nine.slice(3))};
}

export function compareInstants(a: Instant, b: Instant): number {
	return a.ms - b.ms || a.ns - b.ns;
}

export function instantOf(date: Date): Instant {
	return {ms: date.getTime(), ns: date instanceof PreciseDate ? date.ns : 0};
}

/**
 * A record's time in Graph's form (`YYYY-MM-DDTHH:MM:SS[.fraction]Z`, UTC) with every fractional digit it was given:
 * the text itself when it is in that form already, else the same instant rewritten (an offset, a space for `T`, no
 * zone). Undefined when the text is not a time.
 */
export function graphTimeText(text: unknown): string | undefined {
	if (typeof text !== 'string') return undefined;
	if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z$/.test(text) && parseInstant(text)) return text;
	const instant = parseInstant(text);
	if (!instant) return undefined;
	const digits = /:\d{2}[.,](\d+)/.exec(text)?.[1]?.length ?? 0;
	const fraction =
		`${String(((instant.ms % 1000) + 1000) % 1000).padStart(3, '0')}${String(instant.ns).padStart(6, '0')}`.slice(
			0,
			Math.min(digits, 9),
		);
	return `${new Date(instant.ms - (((instant.ms % 1000) + 1000) % 1000)).toISOString().slice(0, 19)}${fraction ? `.${fraction}` : ''}Z`;
}
