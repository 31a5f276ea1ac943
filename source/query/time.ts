/**
 * Times as users type them: relative (`90m`, `24h`, `7d`, `2w`) or absolute ISO 8601 (a date, or a date and time,
 * with `Z`/an offset for UTC, or none for local time). Graph wants them unquoted, in UTC, to the second.
 */
export class QueryError extends Error {}

const RELATIVE = /^(\d+)\s*(s|m|min|h|d|w)$/i;
const UNIT_MS: Readonly<Record<string, number>> = {s: 1000, m: 60_000, min: 60_000, h: 3_600_000, d: 86_400_000, w: 7 * 86_400_000};
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
	if (!m) throw new QueryError(`"${text}" is not a time: use 90m, 24h, 7d, 2w, or ISO 8601 such as 2026-11-01 or 2026-11-01T08:00:00Z`);
	const [, y, mo, d, h = '00', mi = '00', s = '00', frac = '', zone] = m;
	const month = Number(mo);
	const day = Number(d);
	if (month < 1 || month > 12 || day < 1 || day > 31 || Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) {
		throw new QueryError(`"${text}" is not a valid date`);
	}
	const ms = Number(`0.${frac || '0'}`) * 1000;
	let date: Date;
	if (zone) {
		const iso = `${y}-${mo}-${d}T${h}:${mi}:${s}${zone.toUpperCase() === 'Z' ? 'Z' : zone.length === 5 ? `${zone.slice(0, 3)}:${zone.slice(3)}` : zone}`;
		date = new Date(Date.parse(iso) + ms);
	} else {
		date = new Date(Number(y), month - 1, day, Number(h), Number(mi), Number(s), ms);
	}
	if (Number.isNaN(date.getTime()) || date.getDate() !== (zone ? date.getDate() : day)) throw new QueryError(`"${text}" is not a valid date`);
	return date;
}

/** `2026-11-01T08:00:00Z`: the form Graph takes, unquoted, in UTC. */
export function formatODataTime(date: Date): string {
	return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
