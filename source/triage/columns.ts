/**
 * The summary's per-record columns (issue 10: memory flat at any count). Each sign-in costs the summary what the
 * detections need of it: its id, time, outcome, coordinates and a dozen interned values (error code, user, address...).
 * Those were typed arrays grown with the count, about 70 bytes a sign-in (70 MB at a million loaded). They are now kept
 * in chunks of CHUNK records: the chunk being filled in small typed arrays, each full chunk encoded into one run of
 * bytes and handed to a ChunkStore (the TUI's writes it into the list's spill file, so nothing of it stays in memory:
 * source/store/spill.ts, chunkFile; without one the bytes stay in memory, about 55 bytes a sign-in). The detections, which look at every record, decode
 * the chunks in one pass into whole typed arrays that live only while they run (decode), and read the ids of the
 * records they name only (idsOf). What comes back is exactly what was put in, so the detections' results do not change.
 */
import {fresh, type Kind, type Typed} from '../process/big-arrays.js';
import {UNKNOWN} from './model.js';
import {INT_COLUMNS, type Column} from './summary-model.js';

/** Sign-ins a chunk holds: 4,096 (about 230 kB encoded). */
export const CHUNK = 4096;

/** Where full chunks go: bytes in, a number back, the same bytes out (undefined once the store is closed). */
export interface ChunkStore {
	put(bytes: Uint8Array): number;
	get(part: number): Uint8Array | undefined;
}

/** The default: each chunk's bytes kept in memory as they are (copied out of the encoder's scratch, outside malloc). */
export class MemoryChunks implements ChunkStore {
	private readonly parts: Uint8Array[] = [];

	put(bytes: Uint8Array): number {
		const copy = fresh(Uint8Array, bytes.length, bytes.length);
		copy.set(bytes);
		this.parts.push(copy);
		return this.parts.length - 1;
	}

	get(part: number): Uint8Array | undefined {
		return this.parts[part];
	}
}

export type IntArray = Int8Array | Int16Array | Int32Array;

/**
 * Integers by record (interned ids from -1 up, error codes) in the narrowest typed array that holds every value put
 * so far: Int8Array, then Int16Array, then Int32Array. A value is stored as Int32Array would store it.
 */
export class IntColumn {
	data: IntArray;

	constructor(capacity: number) {
		this.data = new Int8Array(capacity);
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
				this.data instanceof Int8Array ? new Int16Array(this.data.length) : new Int32Array(this.data.length);
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

/** A lower-case GUID's 16 bytes written at `at`; false (what was written is garbage) for any other text. */
function packGuid(id: string, into: Uint8Array, at: number): boolean {
	if (
		id.length !== 36 ||
		id.charCodeAt(8) !== 45 ||
		id.charCodeAt(13) !== 45 ||
		id.charCodeAt(18) !== 45 ||
		id.charCodeAt(23) !== 45
	)
		return false;
	for (let k = 0; k < 16; k++) {
		const p = PAIRS[k]!;
		const hi = HEX_VALUE[id.charCodeAt(p) & 127]! | (id.charCodeAt(p) >> 7 ? -1 : 0);
		const lo = HEX_VALUE[id.charCodeAt(p + 1) & 127]! | (id.charCodeAt(p + 1) >> 7 ? -1 : 0);
		if ((hi | lo) < 0) return false;
		into[at + k] = (hi << 4) | lo;
	}
	return true;
}

function guidText(bytes: Uint8Array, at: number): string {
	let s = '';
	for (let k = 0; k < 16; k++) s += (k === 4 || k === 6 || k === 8 || k === 10 ? '-' : '') + HEX[bytes[at + k]!]!;
	return s;
}

/** An encoder's bytes, grown as needed and kept for the next chunk (one chunk is encoded at a time). */
class Writer {
	bytes = new Uint8Array(1 << 16);
	private view = new DataView(this.bytes.buffer);
	at = 0;

	room(n: number): void {
		if (this.at + n <= this.bytes.length) return;
		const next = new Uint8Array(Math.max(this.at + n, this.bytes.length * 2));
		next.set(this.bytes.subarray(0, this.at));
		this.bytes = next;
		this.view = new DataView(next.buffer);
	}

	u8(v: number): void {
		this.room(1);
		this.bytes[this.at++] = v;
	}

	u32(v: number): void {
		this.room(4);
		this.view.setUint32(this.at, v, true);
		this.at += 4;
	}

	f64(v: number): void {
		this.room(8);
		this.view.setFloat64(this.at, v, true);
		this.at += 8;
	}

	/** The first `length` elements of `a`, as they lie in memory. */
	array(a: Typed, length: number): void {
		const n = length * a.BYTES_PER_ELEMENT;
		this.room(n);
		this.bytes.set(new Uint8Array(a.buffer, a.byteOffset, n), this.at);
		this.at += n;
	}
}

const writer = new Writer();

class Reader {
	private readonly view: DataView;
	at = 0;

	constructor(readonly bytes: Uint8Array) {
		this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	}

	u8(): number {
		return this.bytes[this.at++]!;
	}

	u32(): number {
		const v = this.view.getUint32(this.at, true);
		this.at += 4;
		return v;
	}

	i32(): number {
		const v = this.view.getInt32(this.at, true);
		this.at += 4;
		return v;
	}

	f64(): number {
		const v = this.view.getFloat64(this.at, true);
		this.at += 8;
		return v;
	}

	/** `length` elements of `kind` copied into `into` from element `start` (widened when `into` is wider). */
	array<T extends Typed>(kind: Kind<T>, length: number, into: Typed, start: number): void {
		const n = length * kind.BYTES_PER_ELEMENT;
		const bytes = this.bytes.subarray(this.at, this.at + n);
		this.at += n;
		if (into.BYTES_PER_ELEMENT === kind.BYTES_PER_ELEMENT)
			new Uint8Array(into.buffer, into.byteOffset + start * into.BYTES_PER_ELEMENT, n).set(bytes);
		// A copy of its own, aligned for the wider kind (a Buffer's slice would be a view of the same memory).
		else into.set(new kind(new Uint8Array(bytes).buffer, 0, length), start);
	}

	skip(n: number): void {
		this.at += n;
	}
}

const widthOf = (a: IntArray): number => a.BYTES_PER_ELEMENT;
const kindOf = (width: number): Kind<IntArray> => (width === 1 ? Int8Array : width === 2 ? Int16Array : Int32Array);

/** Time stored as it is (any value), or as the first time then the steps between (whole ms within ±2^31). */
const RAW_TIMES = 0;
const STEPPED_TIMES = 1;

/** What the detections read of every sign-in, decoded whole (the ids are read apart: idsOf). */
export interface DecodedColumns {
	readonly time: Float64Array;
	readonly outcome: Uint8Array;
	readonly lat: Float64Array;
	readonly lon: Float64Array;
	readonly ints: Readonly<Record<Column, IntArray>>;
}

/**
 * The sign-ins' columns in chunks. The record being added is written at `next()`'s position in the open chunk's
 * arrays (`time`, `outcome`, `lat`, `lon`, `ints`, and its id with `id`); a full chunk is sealed when the next record
 * comes. A chunk's bytes: its count, then its ids' offset, then each column (times raw or stepped; outcome; latitude;
 * longitude; each integer column's width and values), then each record's id kind (a GUID's 16 bytes or a text's UTF-16
 * code units, so any string comes back the same).
 */
export class SignInChunks {
	readonly time: Float64Array;
	readonly outcome: Uint8Array;
	readonly lat: Float64Array;
	readonly lon: Float64Array;
	readonly ints: Record<Column, IntColumn>;
	private readonly guids: Uint8Array;
	/** Each record's id when it is not a lower-case GUID (undefined where it is). */
	private readonly texts: Array<string | undefined>;
	private readonly parts: number[] = [];
	/** Each integer column's widest width in any chunk so far (the decoded column's). */
	private readonly widest = new Map<Column, number>(INT_COLUMNS.map(k => [k, 1]));
	/** Records in the open chunk. */
	private k = 0;

	constructor(
		private readonly store: ChunkStore = new MemoryChunks(),
		readonly size = CHUNK,
	) {
		this.time = new Float64Array(size);
		this.outcome = new Uint8Array(size);
		this.lat = new Float64Array(size);
		this.lon = new Float64Array(size);
		this.ints = Object.fromEntries(INT_COLUMNS.map(k => [k, new IntColumn(size)])) as Record<Column, IntColumn>;
		this.guids = new Uint8Array(size * 16);
		this.texts = new Array<string | undefined>(size);
	}

	/** How many sign-ins were added. */
	get length(): number {
		return this.parts.length * this.size + this.k;
	}

	/** The next record's position in the open chunk (sealing it first when full). */
	next(): number {
		if (this.k === this.size) this.seal();
		return this.k++;
	}

	/** The id of the record at `next()`'s position `k`. */
	id(k: number, id: string): void {
		this.texts[k] = packGuid(id, this.guids, k * 16) ? undefined : id;
	}

	private seal(): void {
		const w = writer;
		const m = this.k;
		w.at = 0;
		w.u32(m);
		const idsAt = w.at;
		w.u32(0);
		this.writeTimes(m);
		w.array(this.outcome, m);
		w.array(this.lat, m);
		w.array(this.lon, m);
		for (const k of INT_COLUMNS) {
			const data = this.ints[k].data;
			w.u8(widthOf(data));
			w.array(data, m);
			if (widthOf(data) > this.widest.get(k)!) this.widest.set(k, widthOf(data));
		}
		new DataView(w.bytes.buffer).setUint32(idsAt, w.at, true);
		for (let i = 0; i < m; i++) {
			const text = this.texts[i];
			if (text === undefined) {
				w.u8(0);
				w.room(16);
				w.bytes.set(this.guids.subarray(i * 16, i * 16 + 16), w.at);
				w.at += 16;
			} else {
				w.u8(1);
				w.u32(text.length);
				w.room(text.length * 2);
				for (let c = 0; c < text.length; c++) {
					const unit = text.charCodeAt(c);
					w.bytes[w.at++] = unit & 0xff;
					w.bytes[w.at++] = unit >> 8;
				}
			}
		}
		this.parts.push(this.store.put(w.bytes.subarray(0, w.at)));
		this.k = 0;
		this.texts.fill(undefined);
	}

	/** Times as whole-ms steps from the first (a few bytes each once deflated) when they all are; else as they are. */
	private writeTimes(m: number): void {
		const t = this.time;
		let stepped = m > 0 && Number.isSafeInteger(t[0]!);
		for (let i = 1; i < m && stepped; i++) {
			const step = t[i]! - t[i - 1]!;
			stepped = Number.isSafeInteger(t[i]!) && step >= -0x80000000 && step <= 0x7fffffff;
		}
		const w = writer;
		if (!stepped) {
			w.u8(RAW_TIMES);
			w.array(t, m);
			return;
		}
		w.u8(STEPPED_TIMES);
		w.f64(t[0]!);
		w.room(4 * m);
		const view = new DataView(w.bytes.buffer);
		for (let i = 1; i < m; i++) {
			view.setInt32(w.at, t[i]! - t[i - 1]!, true);
			w.at += 4;
		}
	}

	/**
	 * Every sign-in's columns, whole (outside malloc: decode them when the detections run, and let them go after). A
	 * chunk whose bytes are gone (its store closed with the list it belonged to) reads as records without a time or
	 * any value, which no detection takes.
	 */
	decode(): DecodedColumns {
		const n = this.length;
		const time = fresh(Float64Array, n, n).fill(Number.NaN);
		const outcome = fresh(Uint8Array, n, n).fill(UNKNOWN);
		const lat = fresh(Float64Array, n, n).fill(Number.NaN);
		const lon = fresh(Float64Array, n, n).fill(Number.NaN);
		const ints = Object.fromEntries(
			INT_COLUMNS.map(k => {
				const width = Math.max(this.widest.get(k)!, widthOf(this.ints[k].data));
				return [k, fresh(kindOf(width), n, n).fill(-1)];
			}),
		) as Record<Column, IntArray>;
		this.parts.forEach((part, c) => {
			const bytes = this.store.get(part);
			if (!bytes) return;
			const r = new Reader(bytes);
			const m = r.u32();
			r.skip(4);
			const start = c * this.size;
			if (r.u8() === STEPPED_TIMES) {
				let t = r.f64();
				time[start] = t;
				for (let i = 1; i < m; i++) time[start + i] = t += r.i32();
			} else r.array(Float64Array, m, time, start);
			r.array(Uint8Array, m, outcome, start);
			r.array(Float64Array, m, lat, start);
			r.array(Float64Array, m, lon, start);
			for (const k of INT_COLUMNS) r.array(kindOf(r.u8()), m, ints[k], start);
		});
		const start = this.parts.length * this.size;
		time.set(this.time.subarray(0, this.k), start);
		outcome.set(this.outcome.subarray(0, this.k), start);
		lat.set(this.lat.subarray(0, this.k), start);
		lon.set(this.lon.subarray(0, this.k), start);
		for (const k of INT_COLUMNS) ints[k].set(this.ints[k].data.subarray(0, this.k), start);
		return {time, outcome, lat, lon, ints};
	}

	/** The ids of the records at `indices` (ascending), each chunk read once; '' for a chunk whose bytes are gone. */
	idsOf(indices: readonly number[]): string[] {
		const out: string[] = [];
		let chunk = -1;
		let ids: (k: number) => string = () => '';
		for (const i of indices) {
			const c = Math.floor(i / this.size);
			if (c !== chunk) {
				chunk = c;
				ids =
					c < this.parts.length ? this.sealedIds(this.parts[c]!) : k => this.texts[k] ?? guidText(this.guids, k * 16);
			}
			out.push(ids(i % this.size));
		}
		return out;
	}

	/** Chunk `part`'s ids, each read when asked for (valid until the store's next get: idsOf reads a chunk at a time). */
	private sealedIds(part: number): (k: number) => string {
		const bytes = this.store.get(part);
		if (!bytes) return () => '';
		const r = new Reader(bytes);
		const m = r.u32();
		r.at = r.u32();
		// Where each id's kind byte is (a GUID's 16 bytes, or a text's length and UTF-16 code units, follow it).
		const at = new Int32Array(m);
		for (let i = 0; i < m; i++) {
			at[i] = r.at;
			if (r.u8() === 0) r.skip(16);
			else r.skip(2 * r.u32());
		}
		return k => {
			if (k >= m) return '';
			r.at = at[k]!;
			if (r.u8() === 0) return guidText(bytes, r.at);
			const length = r.u32();
			let s = '';
			for (let c = 0; c < length; c++) s += String.fromCharCode(bytes[r.at + 2 * c]! | (bytes[r.at + 2 * c + 1]! << 8));
			return s;
		};
	}
}
