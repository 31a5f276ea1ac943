/**
 * Times as Graph writes them: ISO 8601 in UTC with up to 7 fractional digits (`2020-03-13T19:15:41.6195833Z`), the
 * trailing zeros dropped (OData writes `FFFFFFF`), so `…41Z`, `…41.5Z` and `…41.6195833Z` all occur. Strings of
 * different lengths do not sort as instants (`…01Z` > `…01.0000001Z` as text), nor does `Date` keep 100 ns: the
 * emulator orders, pages and filters by `instantKey`.
 */

const TIME = /^(\d{4}-\d{2}-\d{2})(?:T(\d{2}:\d{2})(?::(\d{2})(?:\.(\d+))?)?(Z|[+-]\d{2}:\d{2}))?$/;

/**
 * A key that sorts as the instant does, to 100 ns: `YYYY-MM-DDTHH:MM:SS.fffffff` in UTC. A date alone is its
 * midnight UTC. Undefined for anything that is not such a time.
 */
export function instantKey(value: unknown): string | undefined {
	if (typeof value !== 'string') return undefined;
	const m = TIME.exec(value);
	if (!m) return undefined;
	const [, date, hm = '00:00', ss = '00', digits = '', zone = 'Z'] = m;
	const fraction = digits.padEnd(7, '0').slice(0, 7);
	if (zone === 'Z') return `${date}T${hm}:${ss}.${fraction}`;
	const ms = Date.parse(`${date}T${hm}:${ss}${zone}`);
	return Number.isNaN(ms) ? undefined : `${new Date(ms).toISOString().slice(0, 19)}.${fraction}`;
}

/** A key back to Graph's text: UTC, fraction trimmed of trailing zeros (none at all on a whole second). */
function fromKey(key: string): string {
	const fraction = key.slice(20).replace(/0+$/, '');
	return `${key.slice(0, 19)}${fraction ? `.${fraction}` : ''}Z`;
}

/** A time in ms (a float: its sub-millisecond part gives the last 4 digits) as Graph writes it. */
export function graphTime(ms: number): string {
	const whole = Math.floor(ms);
	const ticks = Math.min(9999, Math.floor((ms - whole) * 10_000));
	const iso = new Date(whole).toISOString();
	return fromKey(`${iso.slice(0, 19)}.${iso.slice(20, 23)}${String(ticks).padStart(4, '0')}`);
}

/** The same time moved by a whole number of ms, its 100 ns digits kept (the scaled table's copies). */
export function shiftTime(text: string, byMs: number): string {
	const key = instantKey(text);
	if (key === undefined) return text;
	const ms = Date.parse(`${key.slice(0, 23)}Z`) + byMs;
	return fromKey(`${new Date(ms).toISOString().slice(0, 23)}${key.slice(23)}`);
}
