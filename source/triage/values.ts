/**
 * Reading hostile records without throwing, and counting values without allocating per record: a record may hold
 * any JSON in any property, so every read checks the type it needs and anything else reads as absent.
 */

type Rec = Readonly<Record<string, unknown>>;

/** `o` when it is a plain object (not an array, not null), else undefined. Hot paths read `obj(r)?.['name']` with a literal name (a fast, monomorphic load). */
export function obj(o: unknown): Rec | undefined {
	return o !== null && typeof o === 'object' && !Array.isArray(o) ? (o as Rec) : undefined;
}

/** `o[key]` when `o` is a plain object, else undefined (for cold paths; a varying key makes a slow, megamorphic load). */
export function prop(o: unknown, key: string): unknown {
	return obj(o)?.[key];
}

/** A value as a group value: non-empty strings as they are, finite numbers and booleans as text; anything else is absent. */
export function scalar(v: unknown): string | undefined {
	if (typeof v === 'string') return v === '' ? undefined : v;
	if (typeof v === 'number') return Number.isFinite(v) ? String(v) : undefined;
	if (typeof v === 'boolean') return v ? 'true' : 'false';
	return undefined;
}

/** A finite number, or NaN. */
export function finite(v: unknown): number {
	return typeof v === 'number' && Number.isFinite(v) ? v : Number.NaN;
}

/** An ISO 8601 date-time (Graph's `2026-11-20T08:14:03Z`, with or without fraction or offset) in ms, else NaN. */
export function timeOf(v: unknown): number {
	// Date.parse also takes "1" or "May 3": only ISO-shaped text counts, so a hostile value cannot pass for a date.
	if (typeof v !== 'string' || v.length < 16 || v.length > 40 || v.charCodeAt(4) !== 45 || v.charCodeAt(10) !== 84)
		return Number.NaN;
	// Graph's own shape, `YYYY-MM-DDTHH:MM:SS[.f+]Z`, read digit by digit (Date.parse is a third of the summary's time).
	if (
		v.charCodeAt(v.length - 1) === 90 &&
		v.charCodeAt(7) === 45 &&
		v.charCodeAt(13) === 58 &&
		v.charCodeAt(16) === 58 &&
		(v.length === 20 || v.charCodeAt(19) === 46)
	) {
		const y = digits(v, 0, 4);
		const mo = digits(v, 5, 2);
		const d = digits(v, 8, 2);
		const h = digits(v, 11, 2);
		const mi = digits(v, 14, 2);
		const s = digits(v, 17, 2);
		let ms = 0;
		let fraction = true;
		if (v.length > 20) {
			const f = digits(v, 20, Math.min(3, v.length - 21));
			fraction = v.length > 21 && f >= 0 && digits(v, 20, v.length - 21) >= 0;
			ms = f * 10 ** (3 - Math.min(3, v.length - 21));
		}
		// Years before 100 are left to Date.parse (Date.UTC reads them as 19xx).
		if (
			y >= 100 &&
			mo >= 1 &&
			mo <= 12 &&
			d >= 1 &&
			d <= monthDays(y, mo) &&
			h >= 0 &&
			h <= 23 &&
			mi >= 0 &&
			mi <= 59 &&
			s >= 0 &&
			s <= 59 &&
			fraction
		) {
			return Date.UTC(y, mo - 1, d, h, mi, s, ms);
		}
	}
	return Date.parse(v);
}

function monthDays(y: number, mo: number): number {
	if (mo === 2) return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
	return mo === 4 || mo === 6 || mo === 9 || mo === 11 ? 30 : 31;
}

/** The decimal number in v[at, at+length), or -1 if any character there is not a digit. */
function digits(v: string, at: number, length: number): number {
	let n = 0;
	for (let k = at; k < at + length; k++) {
		const c = v.charCodeAt(k) - 48;
		if (c < 0 || c > 9) return -1;
		n = n * 10 + c;
	}
	return n;
}

/**
 * Values interned to small integers, each with a count: a group of the summary and a column of the detections share
 * one id per distinct value. A Map, never an object, so "__proto__" or "constructor" are values like any other.
 */
export class Counter {
	readonly ids = new Map<string, number>();
	readonly values: string[] = [];
	counts = new Float64Array(16);

	private last = '';
	private lastId = -1;

	/** Counts `value` once and returns its id. */
	add(value: string): number {
		const id = this.intern(value);
		this.counts[id]!++;
		return id;
	}

	/** The id of `value` without counting it (interning only). */
	intern(value: string): number {
		// Neighbouring records often repeat a value (a status, a client app): comparing with the last one is cheaper than hashing.
		if (value === this.last) return this.lastId;
		let id = this.ids.get(value);
		if (id === undefined) {
			id = this.values.length;
			this.ids.set(value, id);
			this.values.push(value);
			if (id >= this.counts.length) this.counts = grow(this.counts, id + 1);
		}
		this.last = value;
		this.lastId = id;
		return id;
	}

	/** Values by count, most first (ties by value, so the order is stable), at most `top`. */
	sorted(top = Number.POSITIVE_INFINITY): Array<{value: string; count: number}> {
		const {counts, values} = this;
		const before = (a: number, b: number): boolean =>
			counts[a]! > counts[b]! || (counts[a] === counts[b] && values[a]! < values[b]!);
		let order: number[] = [];
		if (top * 8 < values.length) {
			// A few of many (the screen's top 10 of thousands of addresses): kept in order as they come, no full sort.
			for (let i = 0; i < values.length; i++) {
				if (counts[i]! <= 0 || (order.length === top && !before(i, order[top - 1]!))) continue;
				let k = Math.min(order.length, top - 1);
				order[k] = i;
				while (k > 0 && before(i, order[k - 1]!)) {
					order[k] = order[k - 1]!;
					order[--k] = i;
				}
			}
		} else {
			for (let i = 0; i < values.length; i++) if (counts[i]! > 0) order.push(i);
			order.sort((a, b) => counts[b]! - counts[a]! || (values[a]! < values[b]! ? -1 : values[a]! > values[b]! ? 1 : 0));
			order = order.slice(0, Math.min(order.length, top));
		}
		return order.map(i => ({value: values[i]!, count: counts[i]!}));
	}

	/** How many distinct values were counted. */
	get distinct(): number {
		let n = 0;
		for (let i = 0; i < this.values.length; i++) if (this.counts[i]! > 0) n++;
		return n;
	}
}

/** Scalars interned to small integers without turning numbers into text first (autonomous system numbers, enums). */
export class Interner {
	private readonly ids = new Map<string | number | boolean, number>();
	readonly values: string[] = [];

	private last: unknown = undefined;
	private lastId = -1;

	/** The id of a non-empty string, finite number or boolean; -1 for anything else. */
	id(value: unknown): number {
		if (value === this.last) return this.lastId;
		if (
			typeof value === 'string'
				? value === ''
				: typeof value === 'number'
					? !Number.isFinite(value)
					: typeof value !== 'boolean'
		)
			return -1;
		const key = value as string | number | boolean;
		let id = this.ids.get(key);
		if (id === undefined) {
			id = this.values.length;
			this.ids.set(key, id);
			this.values.push(String(key));
		}
		this.last = value;
		this.lastId = id;
		return id;
	}
}

type Typed = Float64Array | Int32Array | Uint8Array;

/** A copy of `a` with room for at least `min` elements (doubling). */
export function grow<T extends Typed>(a: T, min: number): T {
	let size = Math.max(16, a.length);
	while (size < min) size *= 2;
	const next = new (a.constructor as new (n: number) => T)(size);
	next.set(a);
	return next;
}
