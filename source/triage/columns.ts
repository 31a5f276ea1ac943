/**
 * The summary's per-record columns, compact (issue 10: memory flat at any count). Each record costs the summary what
 * the detections need of it: its id, time, outcome, error code, coordinates and a dozen interned values. As a string
 * per id and an Int32Array per interned value, that was 171-191 bytes a sign-in with the arrays' growth room (19 MB at
 * 100,000 loaded, 170 MB at a million); here a lower-case GUID id is its 16 bytes and each interned value a byte or two
 * while its values are few: about 70 bytes in all. Coordinates stay two Float64Arrays: interning the pairs cost 2-4 µs
 * a record for nothing where each sign-in has its own, as the demo tenant's do. What the columns give back is exactly
 * what was put in, so the detections' results do not change.
 */

/**
 * The columns' memory: resizable ArrayBuffers, grown in place. Typed arrays of malloc's, grown by copying, left
 * malloc's main heap fragmented: at a million sign-ins its heap was 100 MB for 69 MB of columns (a block of a few MB
 * freed raises glibc's mmap threshold, source/graph/page-buffer.ts). V8 maps a resizable buffer itself; reading through
 * one costs the detections nothing measurable (bench/summary-worker.ts).
 */
type Typed = Int8Array | Int16Array | Int32Array | Uint8Array | Float64Array;
type Kind<T extends Typed> = (new (buffer: ArrayBuffer, offset: number, length: number) => T) & {
	new (length: number): T;
	readonly BYTES_PER_ELEMENT: number;
};
type Resizable = ArrayBuffer & {
	readonly resizable?: boolean;
	readonly maxByteLength?: number;
	resize?(n: number): void;
};
/**
 * Address space reserved for a column at first: 8 MB (a million Float64s); a larger one moves to a buffer twice its
 * size. Each reservation counts against a ulimit -v: at 64 MB a column, the TUI needed about 1.1 GB more address
 * space, and at a limit the code before met, paging failed ("Array buffer allocation failed"; found by an independent
 * check).
 */
const RESERVE = 1 << 23;

/** A zero-filled typed array of `length` outside malloc (a plain one where address space cannot be reserved). */
export function fresh<T extends Typed>(kind: Kind<T>, length: number): T {
	const bytes = length * kind.BYTES_PER_ELEMENT;
	try {
		const buffer = new (ArrayBuffer as unknown as new (n: number, o: {maxByteLength: number}) => ArrayBuffer)(bytes, {
			maxByteLength: Math.max(RESERVE, bytes * 2),
		});
		return new kind(buffer, 0, length);
	} catch {
		return new kind(length);
	}
}

/** `a` with room for `capacity` elements (at least its own), its values kept: grown in place when its buffer can. */
export function resized<T extends Typed>(a: T, capacity: number): T {
	const kind = a.constructor as Kind<T>;
	if (capacity <= a.length) return a;
	const buffer = a.buffer as Resizable;
	const bytes = capacity * kind.BYTES_PER_ELEMENT;
	if (buffer.resizable && a.byteOffset === 0 && buffer.maxByteLength! >= bytes) {
		buffer.resize!(bytes);
		return new kind(buffer, 0, capacity);
	}
	const next = fresh(kind, capacity);
	next.set(a);
	return next;
}

export type IntArray = Int8Array | Int16Array | Int32Array;

/** The capacity for at least `min` entries, from `now`: a quarter more each time (doubling left up to half unused). */
export function nextCapacity(now: number, min: number): number {
	return Math.max(min, 16, Math.ceil(now * 1.25));
}

/**
 * Integers by record (interned ids from -1 up, error codes) in the narrowest typed array that holds every value put
 * so far: Int8Array, then Int16Array, then Int32Array. A value is stored as Int32Array would store it.
 */
export class IntColumn {
	data: IntArray = new Int8Array(0);

	reserve(capacity: number): void {
		this.data = resized(this.data, capacity);
	}

	set(i: number, value: number): void {
		const data = this.data;
		data[i] = value;
		if (data[i] !== value) this.widen(i, value);
	}

	/** Typed arrays wrap what does not fit: wider until it reads back (an Int32Array takes it as it always did). */
	private widen(i: number, value: number): void {
		while (this.data[i] !== value && !(this.data instanceof Int32Array)) {
			const next: IntArray =
				this.data instanceof Int8Array ? fresh(Int16Array, this.data.length) : fresh(Int32Array, this.data.length);
			next.set(this.data);
			this.data = next;
			this.data[i] = value;
		}
	}
}

const HEX = Array.from({length: 256}, (_, b) => b.toString(16).padStart(2, '0'));

/** Each character code's value as a lower-case hex digit, else -1 (at most 127; above that, -1 too). */
const HEX_VALUE = Int8Array.from({length: 128}, (_, c) =>
	c >= 48 && c <= 57 ? c - 48 : c >= 97 && c <= 102 ? c - 87 : -1,
);

/** Where a GUID's (8-4-4-4-12) hex pairs start in its text. */
const PAIRS = [0, 2, 4, 6, 9, 11, 14, 16, 19, 21, 24, 26, 28, 30, 32, 34];

/**
 * Record ids by record: a lower-case GUID (what Graph gives sign-ins) as its 16 bytes; any other id as its text, kept
 * aside by position, or, once most are such (audits' ids), all as text.
 */
export class IdColumn {
	private guids = new Uint8Array(0);
	private readonly others = new Map<number, string>();
	private texts?: string[];
	private n = 0;

	reserve(capacity: number): void {
		if (!this.texts) this.guids = resized(this.guids, capacity * 16);
	}

	/** Adds the next record's id. */
	push(id: string): void {
		const i = this.n++;
		if (this.texts) {
			this.texts.push(id);
			return;
		}
		if (!this.pack(id, i * 16)) {
			this.others.set(i, id);
			// Mostly not GUIDs: a Map entry a record costs more than the plain array.
			if (this.others.size > 64 && this.others.size * 2 > this.n) {
				this.texts = Array.from({length: this.n}, (_, k) => this.at(k));
				this.others.clear();
				this.guids = new Uint8Array(0);
			}
		}
	}

	at(i: number): string {
		if (this.texts) return this.texts[i]!;
		const other = this.others.get(i);
		if (other !== undefined) return other;
		const g = this.guids;
		const o = i * 16;
		let s = '';
		for (let k = 0; k < 16; k++) s += (k === 4 || k === 6 || k === 8 || k === 10 ? '-' : '') + HEX[g[o + k]!]!;
		return s;
	}

	/** Writes a lower-case GUID's bytes at `at`; false (nothing written) for any other text. */
	private pack(id: string, at: number): boolean {
		if (
			id.length !== 36 ||
			id.charCodeAt(8) !== 45 ||
			id.charCodeAt(13) !== 45 ||
			id.charCodeAt(18) !== 45 ||
			id.charCodeAt(23) !== 45
		)
			return false;
		const guids = this.guids;
		for (let k = 0; k < 16; k++) {
			const p = PAIRS[k]!;
			const hi = HEX_VALUE[id.charCodeAt(p) & 127]! | (id.charCodeAt(p) >> 7 ? -1 : 0);
			const lo = HEX_VALUE[id.charCodeAt(p + 1) & 127]! | (id.charCodeAt(p + 1) >> 7 ? -1 : 0);
			if ((hi | lo) < 0) return false;
			guids[at + k] = (hi << 4) | lo;
		}
		return true;
	}
}
