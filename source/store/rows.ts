/**
 * The list's rows, kept compact so that a million of them stay small (about 7 bytes a sign-in row): by column,
 * each cell an id into the column's table of distinct values (users, apps, cities and statuses repeat thousands of
 * times), stored in 1, 2 or 4 bytes as the table grows. A column whose values hardly repeat (a time to the second)
 * is front-coded instead: in runs of 64 rows, each cell as what it shares with the cell above and the rest (a time
 * after the one above is a few characters). A row's tones (one per cell) are one more interned column. Each full
 * chunk of 4,096 rows is kept deflated (15 bytes a row were 7 then), the last two read decoded. Append-only:
 * a page adds its rows in place (no copy of what was loaded), and the store publishes a new snapshot so that readers
 * re-render.
 */
import {deflateRawSync, inflateRawSync} from '../fs/lazy-zlib.js';
import type {Tone} from '../reports/report.js';
import type {PartStore} from './spill.js';

const TONES: readonly Tone[] = ['default', 'success', 'failure', 'warning', 'muted'];
const TONE_INDEX = new Map(TONES.map((t, i) => [t, i]));
const CHUNK = 4096;
/** Past this many distinct values, a column where more than half the rows are distinct is front-coded instead. */
const INTERN_CHECK = 4096;
/** Rows per front-coded run. */
const RUN = 64;

interface Cells {
	add(index: number, value: string): void;
	get(index: number): string;
}

type Ids = Uint8Array | Uint16Array | Uint32Array;

/**
 * Ids into a table of distinct values, each in as few bytes as the table needs so far. A chunk once full (rows are
 * only appended) is kept compressed: a million rows' ids are a few MB, not 1 byte or more a cell.
 */
class InternedCells implements Cells {
	readonly table: string[] = [];
	private readonly ids = new Map<string, number>();
	/** The chunk being filled (and any before it not yet full); a full one is deleted here and kept in `sealed`. */
	private readonly chunks: Array<Ids | undefined> = [];
	private readonly sealed: Sealed;
	private readonly unsealed = new Unsealed<Ids>();

	constructor(parts?: PartStore) {
		this.sealed = new Sealed(parts);
	}

	add(index: number, value: string): void {
		let id = this.ids.get(value);
		if (id === undefined) {
			id = this.table.length;
			this.table.push(value);
			this.ids.set(value, id);
		}
		const c = Math.floor(index / CHUNK);
		let chunk = (this.chunks[c] ??= new (widthFor(this.table.length))(CHUNK));
		if (id > maxOf(chunk)) {
			const wider = new (widthFor(id + 1))(CHUNK);
			wider.set(chunk);
			this.chunks[c] = chunk = wider;
		}
		chunk[index % CHUNK] = id;
		if (index % CHUNK === CHUNK - 1) {
			this.sealed.set(c, seal(chunk));
			this.chunks[c] = undefined;
		}
	}

	get(index: number): string {
		const c = Math.floor(index / CHUNK);
		const chunk =
			this.chunks[c] ?? (this.sealed.has(c) ? this.unsealed.get(c, () => unseal(this.sealed.bytes(c))) : undefined);
		return this.table[chunk?.[index % CHUNK] ?? -1] ?? '';
	}
}

/**
 * Full chunks, compressed: in the store's file when the rows have one (PartStore: nothing of them then grows in
 * memory with the count), else here.
 */
class Sealed {
	private readonly kept: Array<Buffer | number> = [];

	constructor(private readonly store?: PartStore) {}

	get length(): number {
		return this.kept.length;
	}

	set(part: number, bytes: Buffer): void {
		this.kept[part] = this.store ? this.store.put(bytes) : bytes;
	}

	has(part: number): boolean {
		return this.kept[part] !== undefined;
	}

	/** Undefined when the store they went to is closed. */
	bytes(part: number): Buffer | undefined {
		const kept = this.kept[part];
		return typeof kept === 'number' ? this.store!.get(kept) : kept;
	}
}

/** The last two sealed parts read, decoded (the list's screen may straddle two; find reads them in order). */
class Unsealed<T> {
	private readonly kept = new Map<number, T>();

	/** Part `part` decoded (undefined, and not kept, when its bytes are gone with a closed store). */
	get(part: number, decode: () => T | undefined): T | undefined {
		let value = this.kept.get(part);
		if (value === undefined) {
			value = decode();
			if (value === undefined) return undefined;
			this.kept.set(part, value);
			if (this.kept.size > 2) this.kept.delete(this.kept.keys().next().value!);
		}
		return value;
	}
}

/** A full chunk of ids, compressed (raw deflate, level 1), its width in its last byte. */
function seal(ids: Ids): Buffer {
	const bytes = Buffer.from(ids.buffer, ids.byteOffset, ids.byteLength);
	return compact(Buffer.concat([bytes, Buffer.of(ids.BYTES_PER_ELEMENT)]));
}

/**
 * Bytes deflated into a Buffer of their own size: zlib's result is a view of its 16 kB output chunk, which kept the
 * whole chunk alive for a few hundred bytes.
 */
const compact = (bytes: Buffer): Buffer => Buffer.from(deflateRawSync(bytes, {level: 1}));

function unseal(sealed: Buffer | undefined): Ids | undefined {
	if (!sealed) return undefined;
	const bytes = inflateRawSync(sealed);
	const width = bytes[bytes.length - 1];
	// A copy of its own (aligned for the wider ids), not a view of zlib's buffer.
	const copy = new Uint8Array(bytes.subarray(0, bytes.length - 1)).buffer;
	return width === 1 ? new Uint8Array(copy) : width === 2 ? new Uint16Array(copy) : new Uint32Array(copy);
}

const widthFor = (distinct: number) =>
	distinct <= 0x100 ? Uint8Array : distinct <= 0x10000 ? Uint16Array : Uint32Array;
const maxOf = (ids: Ids): number =>
	ids instanceof Uint8Array ? 0xff : ids instanceof Uint16Array ? 0xffff : 0xffffffff;

/**
 * Runs of RUN cells, each one string: per cell the length it shares with the cell before it in the run, the length
 * of the rest, then the rest. Lengths are characters below 256 (a one-byte string stays one-byte): one below 255,
 * else 255 and three more of 8 bits each.
 */
class FrontCodedCells implements Cells {
	/** The runs of the group of CHUNK rows being filled; a full group goes to `sealed`, compressed. */
	private runs: string[] = [];
	private readonly sealed: Sealed;
	private readonly unsealed = new Unsealed<readonly string[]>();
	private open: string[] = [];
	private last = '';
	/** The last run read, decoded. */
	private cached?: {readonly run: number; readonly cells: readonly string[]};

	constructor(parts?: PartStore) {
		this.sealed = new Sealed(parts);
	}

	add(index: number, value: string): void {
		if (index % RUN === 0) this.last = '';
		let shared = 0;
		const most = Math.min(this.last.length, value.length);
		while (shared < most && this.last.charCodeAt(shared) === value.charCodeAt(shared)) shared++;
		this.open.push(lengthCode(shared) + lengthCode(value.length - shared) + value.slice(shared));
		this.last = value;
		if (this.open.length === RUN) {
			this.runs.push(this.open.join(''));
			this.open = [];
			if (this.runs.length === CHUNK / RUN) {
				// JSON keeps any string exactly, lone surrogates too (escaped).
				this.sealed.set(this.sealed.length, compact(Buffer.from(JSON.stringify(this.runs), 'utf8')));
				this.runs = [];
			}
		}
		if (this.cached?.run === Math.floor(index / RUN)) this.cached = undefined;
	}

	get(index: number): string {
		const run = Math.floor(index / RUN);
		if (this.cached?.run !== run) {
			const group = Math.floor(run / (CHUNK / RUN));
			const text =
				group < this.sealed.length
					? (this.unsealed.get(group, () => {
							const bytes = this.sealed.bytes(group);
							return bytes && (JSON.parse(inflateRawSync(bytes).toString('utf8')) as readonly string[]);
						})?.[run % (CHUNK / RUN)] ?? '')
					: (this.runs[run % (CHUNK / RUN)] ?? this.open.join(''));
			const cells: string[] = [];
			let previous = '';
			for (let at = 0; at < text.length;) {
				const [shared, afterShared] = readLength(text, at);
				const [rest, afterRest] = readLength(text, afterShared);
				previous = previous.slice(0, shared) + text.slice(afterRest, afterRest + rest);
				cells.push(previous);
				at = afterRest + rest;
			}
			this.cached = {run, cells};
		}
		return this.cached.cells[index % RUN] ?? '';
	}
}

function lengthCode(n: number): string {
	if (n < 0xff) return String.fromCharCode(n);
	return String.fromCharCode(0xff, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff);
}

/** A length at `at`, and where what follows it starts. */
function readLength(text: string, at: number): [number, number] {
	const first = text.charCodeAt(at);
	if (first < 0xff) return [first, at + 1];
	return [(text.charCodeAt(at + 1) << 16) | (text.charCodeAt(at + 2) << 8) | text.charCodeAt(at + 3), at + 4];
}

/** One column's cells: interned while values repeat, front-coded once they do not. */
class CellColumn {
	private cells: InternedCells | FrontCodedCells;

	constructor(private readonly parts?: PartStore) {
		this.cells = new InternedCells(parts);
	}

	add(index: number, value: string): void {
		this.cells.add(index, value);
		const table = this.cells instanceof InternedCells ? this.cells.table.length : 0;
		if (table > INTERN_CHECK && table * 2 > index + 1) {
			const coded = new FrontCodedCells(this.parts);
			for (let i = 0; i <= index; i++) coded.add(i, this.cells.get(i));
			this.cells = coded;
		}
	}

	get(index: number): string {
		return this.cells.get(index);
	}
}

export class Rows {
	private readonly cellColumns: CellColumn[];
	/** Each row's tones, as one string of tone numbers (a row's colours repeat as much as its values). */
	private readonly tones: InternedCells;
	private count = 0;
	/** The cells of the rows added ahead of their push (stage), while there are some. */
	private staged?: ReadonlyArray<readonly string[]>;

	/** `parts`: where full chunks go (the store's records' file), else they stay in memory, compressed. */
	constructor(
		readonly columns: number,
		parts?: PartStore,
	) {
		this.cellColumns = Array.from({length: columns}, () => new CellColumn(parts));
		this.tones = new InternedCells(parts);
	}

	get length(): number {
		return this.count;
	}

	/** Appends rows: cells already sanitized, tones one per cell (the rows staged ahead, when these are they). */
	push(cells: ReadonlyArray<readonly string[]>, tones: ReadonlyArray<readonly Tone[]>): void {
		if (this.staged) {
			if (this.staged !== cells) throw new Error('rows were staged for another page');
			this.count += cells.length;
			this.staged = undefined;
			return;
		}
		this.add(this.count, cells, tones);
		this.count += cells.length;
	}

	/**
	 * Adds rows ahead of their push, uncounted (no reader sees them): the push of the same `cells` then only counts
	 * them. The store stages a prefetched page's rows while the user reads, so that the key that shows the page does
	 * not build them; it stages only a page that its next push is sure to be (one no key is waiting for yet).
	 */
	stage(cells: ReadonlyArray<readonly string[]>, tones: ReadonlyArray<readonly Tone[]>): void {
		if (this.staged) return;
		this.add(this.count, cells, tones);
		this.staged = cells;
	}

	private add(first: number, cells: ReadonlyArray<readonly string[]>, tones: ReadonlyArray<readonly Tone[]>): void {
		for (let r = 0; r < cells.length; r++) {
			const index = first + r;
			let toneCodes = '';
			for (let c = 0; c < this.columns; c++) {
				this.cellColumns[c]!.add(index, cells[r]![c] ?? '');
				toneCodes += String.fromCharCode(TONE_INDEX.get(tones[r]?.[c] ?? 'default') ?? 0);
			}
			this.tones.add(index, toneCodes);
		}
	}

	/** The sanitized cells of row `index`. */
	cells(index: number): string[] {
		if (!Number.isInteger(index) || index < 0 || index >= this.count) return [];
		return this.cellColumns.map(column => column.get(index));
	}

	tone(index: number, column: number): Tone {
		if (!Number.isInteger(index) || index < 0 || index >= this.count || column >= this.columns) return 'default';
		return TONES[this.tones.get(index).charCodeAt(column)] ?? 'default';
	}

	/** The first row after `after` (then from the top) whose text contains `needle`, ignoring case; -1 when none. */
	find(needle: string, after: number): number {
		const n = needle.toLowerCase();
		const hit = (i: number): boolean => this.cells(i).join(' ').toLowerCase().includes(n);
		for (let i = after + 1; i < this.count; i++) if (hit(i)) return i;
		for (let i = 0; i <= Math.min(after, this.count - 1); i++) if (hit(i)) return i;
		return -1;
	}
}
