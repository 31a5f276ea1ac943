/**
 * Values inside the emulator's KQL engine: strings, numbers, bools, null, dynamic (plain JSON values), and datetimes
 * and timespans in ticks of 100 ns (bigint), so that a time keeps its 7 fractional digits.
 */
export class DateTime {
	constructor(readonly ticks: bigint) {}

	/** `2026-11-20T08:14:03.1234567Z`: 7 fractional digits, as .NET's round-trip format writes them. */
	toString(): string {
		const ms = this.ticks / 10_000n;
		const rest = this.ticks - ms * 10_000n;
		const floorMs = rest < 0n ? ms - 1n : ms;
		const extra = rest < 0n ? rest + 10_000n : rest;
		const iso = new Date(Number(floorMs)).toISOString();
		return `${iso.slice(0, 19)}.${iso.slice(20, 23)}${extra.toString().padStart(4, '0')}Z`;
	}
}

export class Timespan {
	constructor(readonly ticks: bigint) {}

	toString(): string {
		const neg = this.ticks < 0n;
		let t = neg ? -this.ticks : this.ticks;
		const days = t / 864_000_000_000n;
		t -= days * 864_000_000_000n;
		const h = t / 36_000_000_000n;
		t -= h * 36_000_000_000n;
		const m = t / 600_000_000n;
		t -= m * 600_000_000n;
		const s = t / 10_000_000n;
		const frac = t - s * 10_000_000n;
		const two = (n: bigint) => n.toString().padStart(2, '0');
		return `${neg ? '-' : ''}${days > 0n ? `${days}.` : ''}${two(h)}:${two(m)}:${two(s)}${frac > 0n ? `.${frac.toString().padStart(7, '0')}` : ''}`;
	}
}

export type Value =
	null | string | number | boolean | DateTime | Timespan | readonly unknown[] | {readonly [key: string]: unknown};

export type ColumnType =
	'string' | 'long' | 'int' | 'real' | 'bool' | 'datetime' | 'timespan' | 'dynamic' | 'guid' | 'decimal';

const TIME = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i;

/** A time as Graph, the tables or a `datetime(…)` literal write it; undefined when it is not one. */
export function parseDateTime(text: string): DateTime | undefined {
	const m = TIME.exec(text.trim());
	if (!m) return undefined;
	const [, y, mo, d, h = '00', mi = '00', s = '00', frac = '', zone] = m;
	const base = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
	if (
		Number.isNaN(base) ||
		Number(mo) < 1 ||
		Number(mo) > 12 ||
		Number(d) < 1 ||
		Number(d) > 31 ||
		Number(h) > 23 ||
		Number(mi) > 59 ||
		Number(s) > 59
	)
		return undefined;
	let offsetMs = 0;
	if (zone && zone.toUpperCase() !== 'Z') {
		const z = zone.replace(':', '');
		offsetMs = (z.startsWith('-') ? -1 : 1) * (Number(z.slice(1, 3)) * 60 + Number(z.slice(3, 5))) * 60_000;
	}
	const fracTicks = BigInt((frac + '0000000').slice(0, 7));
	return new DateTime(BigInt(base - offsetMs) * 10_000n + fracTicks);
}

export function dateTimeOfMs(ms: number): DateTime {
	return new DateTime(BigInt(Math.trunc(ms)) * 10_000n);
}

/** ISO 8601 durations as the API's timespan takes them: P1D, PT12H, P1DT2H30M, P2W, PT0.5S. */
export function parseDuration(text: string): Timespan | undefined {
	const m = /^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/i.exec(text.trim());
	if (!m || text.trim().toUpperCase() === 'P' || /T$/i.test(text.trim())) return undefined;
	const [, w = '0', d = '0', h = '0', mi = '0', s = '0'] = m;
	const ms =
		((Number(w) * 7 + Number(d)) * 86_400 + Number(h) * 3600 + Number(mi) * 60) * 1000 + Math.round(Number(s) * 1000);
	return new Timespan(BigInt(ms) * 10_000n);
}

export function isDynamic(v: Value): v is readonly unknown[] | {readonly [key: string]: unknown} {
	return v !== null && typeof v === 'object' && !(v instanceof DateTime) && !(v instanceof Timespan);
}

/** `tostring()`: what KQL shows for a value ('' for null, JSON for dynamic). */
export function toText(v: Value | undefined): string {
	if (v === null || v === undefined) return '';
	if (typeof v === 'string') return v;
	if (typeof v === 'number' || typeof v === 'boolean') return String(v);
	if (v instanceof DateTime || v instanceof Timespan) return v.toString();
	return safeJson(v);
}

export function safeJson(v: unknown): string {
	try {
		return JSON.stringify(v) ?? '';
	} catch {
		return '';
	}
}

/** A number from a number or numeric text; undefined otherwise. */
export function toNumber(v: Value | undefined): number | undefined {
	if (typeof v === 'number') return v;
	if (typeof v === 'boolean') return v ? 1 : 0;
	if (typeof v === 'string' && /^\s*[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?\s*$/.test(v)) return Number(v);
	return undefined;
}
