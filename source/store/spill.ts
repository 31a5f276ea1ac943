/**
 * The fetched records behind the list, kept as text, not as objects: the newest `limit` as strings in memory, older
 * ones in a private temp file in compressed blocks of 32 records (raw deflate, level 1: about a tenth of their
 * JSON, at some 200 MB/s), so neither memory nor the disk fills however far a user pages (1,000,000 sign-ins are
 * about 6 GB of JSON). A record is parsed when it is asked for; the last few asked for stay parsed (the same object
 * each time, for the detail's renders). (Not the last page's objects through WeakRefs: V8 keeps a WeakRef's target
 * until the current job ends, and a source whose pages come in microtasks kept every record.) Two blocks stay
 * decoded, so stepping through neighbouring records reads the file once.
 * Each record keeps its exact text: a file's own bytes or Graph's (recordJson), whatever its characters (a string
 * that is not well-formed UTF-16 is stored as UTF-16), so the detail, y and exports of it stay byte for byte.
 * The file (0600, in a 0700 temp folder) is removed on close and whenever the process ends (source/process/cleanup.ts).
 * A write that fails (the temp folder full, gone, a file size limit) loses nothing: a push that cannot spill is undone
 * whole and throws a SpillError that says what to do (the store shows it and `n` asks for the page again); the parts
 * (`put`: the rows' and the summary's chunks, some 100 bytes a record) stay in memory instead, as they do without a file.
 */
import {closeSync, openSync, readSync, writeSync} from 'node:fs';
import {join} from 'node:path';
import {deflateRawSync, inflateRawSync} from '../fs/lazy-zlib.js';
import type {GraphRecord} from '../reports/report.js';
import {bigBuffer} from '../graph/page-buffer.js';
import {jsonText, keepRawText, rawTextOf} from '../reports/json-text.js';
import {privateTempDir, removeTempDir} from '../process/cleanup.js';
import {createPrivateFileSync} from '../fs/private.js';
import {tempWriteProblem} from '../fs/temp-write.js';
import type {ChunkStore} from '../triage/columns.js';

/** Records per compressed block. */
export const SPILL_BLOCK = 32;
/** Parsed records kept (the last asked for): a detail, its neighbours, a screen's pivots. */
const PARSED_CACHE = 64;
/** Decoded blocks kept. */
const DECODED_CACHE = 2;
const UTF8 = 0;
const UTF16 = 1;

/** A record's text as it is kept: its own (a file's, Graph's bytes) when it has one, else JSON's. */
export function textOf(record: GraphRecord): string {
	return rawTextOf(record) ?? jsonText(record);
}

const wellFormed = (text: string): boolean => (text as unknown as {isWellFormed(): boolean}).isWellFormed();

/** A growable array of numbers past 2^31 (file offsets), without a boxed number each. */
class Offsets {
	private data = new Float64Array(256);
	length = 0;

	push(n: number): void {
		if (this.length === this.data.length) {
			const bigger = new Float64Array(this.data.length * 2);
			bigger.set(this.data);
			this.data = bigger;
		}
		this.data[this.length++] = n;
	}

	get(i: number): number {
		return this.data[i]!;
	}

	/** Keeps the first `length` (fewer, never more). */
	truncate(length: number): void {
		this.length = Math.min(this.length, length);
	}
}

/**
 * A write to the temp files failed: what it means for the person, and what to do. `transient`: asking again (`n`) can
 * pass once there is room.
 */
export class SpillError extends Error {
	readonly kind = 'transient';

	constructor(override readonly cause: unknown) {
		super(tempWriteProblem(cause));
	}
}

/** Where the list's rows put the parts they are done with (rows.ts): bytes in, a number back, the same bytes out. */
export interface PartStore {
	put(bytes: Buffer): number;
	/** Undefined once the store is closed (a list replaced, whose rows a last frame may still read). */
	get(part: number): Buffer | undefined;
}

/**
 * The summary's chunks of columns (source/triage/columns.ts) in the list's file, as they are (not deflated: inflating
 * a million sign-ins' chunks for the detections left malloc's main heap 50 MB bigger, zlib's output buffers; the file
 * holds some 60 bytes a sign-in beside its record's 600). A part read comes into one buffer kept for the next read
 * (outside malloc in the TUI, page-buffer.ts): what `get` gives lasts until the next `get`.
 */
export function chunkFile(records: SpillableRecords): ChunkStore {
	let into = bigBuffer(1 << 18);
	return {
		put: bytes => records.put(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)),
		get: part =>
			records.get(part, length => {
				if (into.length < length) into = bigBuffer(Math.max(length, into.length * 2));
				return into.subarray(0, length);
			}),
	};
}

export class SpillableRecords implements Iterable<GraphRecord>, PartStore {
	/** Texts of the records from `oldestInMemory` on, not yet in the file. */
	private memory: string[] = [];
	/** Where block b starts in the file (block b holds records b*SPILL_BLOCK ...); one more entry: the file's end. */
	private readonly blockStarts = new Offsets();
	private readonly decoded = new Map<number, readonly string[]>();
	private readonly parsed = new Map<number, GraphRecord>();
	/** Where each array of texts given to push starts (the summary finds a prefetched page's records by it). */
	private readonly starts = new WeakMap<readonly string[], number>();
	private count = 0;
	private oldestInMemory = 0;
	/**
	 * Blocks of a page not pushed yet, compressed ahead (writeAhead with its texts): used by the push of that page's
	 * texts while nothing else was pushed since (`count`), else dropped.
	 */
	private ahead?: {readonly texts: readonly string[]; readonly count: number; readonly blocks: Map<number, Buffer>};
	private dir?: string;
	private file?: string;
	private fd?: number;
	/** The rows' parts (put): a second file beside the records', and where each part starts (one more: its end). */
	private partsFd?: number;
	/** The rows' parts' file, while there is one. */
	partsFile?: string;
	private readonly partStarts = new Offsets();
	/** Parts the file could not take (put), kept here. */
	private readonly heldParts = new Map<number, Buffer>();

	constructor(private readonly limit: number) {
		this.partStarts.push(0);
		this.blockStarts.push(0);
	}

	get length(): number {
		return this.count;
	}

	/** How many records live in the spill file now (whole blocks). */
	get spilled(): number {
		return this.oldestInMemory;
	}

	/** The temp file, while there is one. */
	get spillFile(): string | undefined {
		return this.file;
	}

	/** Appends records (their text is what is kept: textOf, or `texts` when it was made before). */
	push(records: readonly GraphRecord[], texts: readonly string[] = records.map(textOf)): void {
		const ahead = this.ahead?.texts === texts && this.ahead.count === this.count ? this.ahead.blocks : undefined;
		this.ahead = undefined;
		const before = {memory: this.memory.length, count: this.count};
		this.starts.set(texts, this.count);
		for (const t of texts) this.memory.push(t);
		this.count += texts.length;
		const excess = this.memory.length - this.limit;
		if (excess < SPILL_BLOCK) return;
		try {
			this.spill(excess - (excess % SPILL_BLOCK), ahead);
		} catch (error) {
			// Undone whole, so that the page is pushed again, as a page never shown: blocks written that hold some of its
			// records are written again then.
			this.memory.length = before.memory;
			this.count = before.count;
			this.starts.delete(texts);
			this.blockStarts.truncate(Math.floor(before.count / SPILL_BLOCK) + 1);
			throw error;
		}
	}

	/**
	 * Compresses and writes now the blocks that pushing the page `texts` will spill, so that the push only lets go of
	 * their texts: the store calls it when a prefetched page comes in, while the user reads, rather than in the turn of
	 * the key that shows it. A block is its records' place, whatever comes after them: one written ahead for a page
	 * that never comes is simply not written again. The blocks that will hold some of the page's records (a page bigger
	 * than what stays in memory: `open`'s 1,000 records) are compressed now too, and written when those texts are
	 * pushed, if nothing else was pushed before them.
	 */
	writeAhead(texts: readonly string[]): void {
		const excess = this.memory.length + texts.length - this.limit;
		this.write(Math.floor(Math.min(excess, this.memory.length) / SPILL_BLOCK));
		this.ahead = undefined;
		if (excess < SPILL_BLOCK) return;
		const first = this.oldestInMemory / SPILL_BLOCK;
		const blocks = new Map<number, Buffer>();
		const upTo = first + Math.floor(excess / SPILL_BLOCK);
		for (let block = this.blockStarts.length - 1; block < upTo; block++) {
			const from = (block - first) * SPILL_BLOCK;
			const part = this.memory.slice(from, from + SPILL_BLOCK);
			const start = Math.max(0, from - this.memory.length);
			blocks.set(block, compress([...part, ...texts.slice(start, start + SPILL_BLOCK - part.length)]));
		}
		this.ahead = {texts, count: this.count, blocks};
	}

	/** Writes the oldest `blocks` blocks in memory to the file, those not written yet (those compressed `ahead` as they are). */
	private write(blocks: number, ahead?: ReadonlyMap<number, Buffer>): void {
		const first = this.oldestInMemory / SPILL_BLOCK;
		if (this.blockStarts.length - 1 >= first + blocks) return;
		try {
			if (this.fd === undefined) ({fd: this.fd, file: this.file} = this.newFile('records.blocks.deflate'));
			for (let block = this.blockStarts.length - 1; block < first + blocks; block++) {
				const from = (block - first) * SPILL_BLOCK;
				const compressed = ahead?.get(block) ?? compress(this.memory.slice(from, from + SPILL_BLOCK));
				const at = this.blockStarts.get(this.blockStarts.length - 1);
				// A block cut short by a failed write is written again from its start (blockStarts moves on only after).
				writeAll(this.fd, compressed, at);
				this.blockStarts.push(at + compressed.length);
			}
		} catch (error) {
			throw new SpillError(error);
		}
	}

	/** The index of the first of `texts`, when that array was given to push: a page's place, in memory or spilled. */
	startOf(texts: readonly string[]): number | undefined {
		return this.starts.get(texts);
	}

	/** Record `index` (the same object while it stays in the cache of the last asked for). */
	at(index: number): GraphRecord | undefined {
		if (!Number.isInteger(index) || index < 0 || index >= this.count) return undefined;
		const hit = this.parsed.get(index);
		if (hit) {
			this.parsed.delete(index);
			this.parsed.set(index, hit);
			return hit;
		}
		const record = parse(this.text(index)!);
		this.parsed.set(index, record);
		if (this.parsed.size > PARSED_CACHE) this.parsed.delete(this.parsed.keys().next().value!);
		return record;
	}

	/** The text record `index` is kept as (its own text, or JSON's), without parsing it. */
	text(index: number): string | undefined {
		if (!Number.isInteger(index) || index < 0 || index >= this.count) return undefined;
		if (index >= this.oldestInMemory) return this.memory[index - this.oldestInMemory];
		return this.block(Math.floor(index / SPILL_BLOCK))[index % SPILL_BLOCK];
	}

	/** Every record in order, each parsed once (the caches are left as they are). */
	*[Symbol.iterator](): Iterator<GraphRecord> {
		for (let i = 0; i < this.count; i++) {
			const record = this.parsed.get(i);
			if (record) yield record;
			else if (i >= this.oldestInMemory) yield parse(this.memory[i - this.oldestInMemory]!);
			else {
				const block = Math.floor(i / SPILL_BLOCK);
				yield parse((this.decoded.get(block) ?? readBlock(this.fd!, this.blockStarts, block))[i % SPILL_BLOCK]!);
			}
		}
	}

	private block(block: number): readonly string[] {
		let texts = this.decoded.get(block);
		if (!texts) {
			texts = readBlock(this.fd!, this.blockStarts, block);
			this.decoded.set(block, texts);
			if (this.decoded.size > DECODED_CACHE) this.decoded.delete(this.decoded.keys().next().value!);
		}
		return texts;
	}

	/**
	 * Keeps bytes in a file beside the records' (the list's rows put their full chunks, compressed, there: nothing of
	 * them grows in memory with the count); their number for get.
	 */
	put(bytes: Buffer): number {
		const part = this.partStarts.length - 1;
		const at = this.partStarts.get(part);
		try {
			if (this.partsFd === undefined) ({fd: this.partsFd, file: this.partsFile} = this.newFile('rows.parts'));
			writeAll(this.partsFd, bytes, at);
			this.partStarts.push(at + bytes.length);
		} catch {
			// Called where nothing could say so (the summary's feed while idle, a row's chunk in a page's push): kept here,
			// and the next part tries the file again. When the folder is full, the records' own spill says so.
			this.heldParts.set(part, Buffer.from(bytes));
			this.partStarts.push(at);
		}
		return part;
	}

	/** The bytes put as `part` (into a buffer from `buffer`: one of their own by default); undefined once closed. */
	get(part: number, buffer: (length: number) => Buffer = Buffer.alloc): Buffer | undefined {
		if (part < 0 || part >= this.partStarts.length - 1) return undefined;
		const held = this.heldParts.get(part);
		if (held) {
			const out = buffer(held.length);
			held.copy(out);
			return out;
		}
		if (this.partsFd === undefined) return undefined;
		return readAt(this.partsFd, this.partStarts.get(part), this.partStarts.get(part + 1), buffer);
	}

	/** A new private file in this store's folder, open to read and write. */
	private newFile(name: string): {readonly fd: number; readonly file: string} {
		const file = join(this.folder(), name);
		createPrivateFileSync(file, '');
		return {fd: openSync(file, 'r+'), file};
	}

	/** The private temp folder of this store's files, made when the first is. */
	private folder(): string {
		this.dir ??= privateTempDir('store');
		return this.dir;
	}

	/** Moves the oldest `n` in-memory records (a multiple of SPILL_BLOCK) to the file (most often written ahead). */
	private spill(n: number, ahead?: ReadonlyMap<number, Buffer>): void {
		this.write(n / SPILL_BLOCK, ahead);
		this.memory = this.memory.slice(n);
		this.oldestInMemory += n;
	}

	close(): void {
		this.heldParts.clear();
		if (this.fd !== undefined) closeSync(this.fd);
		if (this.partsFd !== undefined) closeSync(this.partsFd);
		this.partsFd = undefined;
		this.partsFile = undefined;
		if (this.dir) removeTempDir(this.dir);
		this.fd = undefined;
		this.file = undefined;
		this.dir = undefined;
		this.decoded.clear();
		this.parsed.clear();
		this.ahead = undefined;
	}
}

const compress = (texts: readonly string[]): Buffer => deflateRawSync(encodeBlock(texts), {level: 1});

/** A record from its text, which it keeps (recordJson gives it back as it was). */
function parse(text: string): GraphRecord {
	const record = JSON.parse(text) as GraphRecord;
	keepRawText(record, text);
	return record;
}

/**
 * A block: how many texts, then each one's byte length (4 bytes) and encoding (1 byte: UTF-8, or UTF-16 for a string
 * UTF-8 cannot hold, with lone surrogates), then the texts. Written into one buffer kept for the next block: a Buffer
 * per record, freed only at the next GC, left malloc's heap the size of everything spilled between two GCs.
 */
let scratch = bigBuffer(1 << 18);

function encodeBlock(texts: readonly string[]): Buffer {
	const encodings = texts.map(t => (wellFormed(t) ? UTF8 : UTF16));
	const lengths = texts.map((t, i) => (encodings[i] === UTF8 ? Buffer.byteLength(t, 'utf8') : t.length * 2));
	const size = 4 + 5 * texts.length + lengths.reduce((sum, n) => sum + n, 0);
	if (scratch.length < size) scratch = bigBuffer(Math.max(size, scratch.length * 2));
	scratch.writeUInt32LE(texts.length, 0);
	let at = 4 + 5 * texts.length;
	texts.forEach((t, i) => {
		scratch.writeUInt32LE(lengths[i]!, 4 + 5 * i);
		scratch.writeUInt8(encodings[i]!, 8 + 5 * i);
		at += scratch.write(t, at, encodings[i] === UTF8 ? 'utf8' : 'utf16le');
	});
	return scratch.subarray(0, at);
}

function writeAll(fd: number, bytes: Buffer, at: number): void {
	for (let written = 0; written < bytes.length;)
		written += writeSync(fd, bytes, written, bytes.length - written, at + written);
}

/** The bytes of a file from `from` to `to`, into a buffer from `buffer` (the scratch, or one of their own). */
function readAt(fd: number, from: number, to: number, buffer: (length: number) => Buffer): Buffer {
	const buf = buffer(to - from);
	for (let read = 0; read < buf.length;) {
		const n = readSync(fd, buf, read, buf.length - read, from + read);
		if (n === 0) throw new Error('the spill file ended early');
		read += n;
	}
	return buf;
}

function readBlock(fd: number, starts: Offsets, block: number): string[] {
	const buf = readAt(fd, starts.get(block), starts.get(block + 1), length => {
		if (scratch.length < length) scratch = bigBuffer(length);
		return scratch.subarray(0, length);
	});
	const bytes = inflateRawSync(buf);
	const n = bytes.readUInt32LE(0);
	const texts: string[] = [];
	let at = 4 + 5 * n;
	for (let i = 0; i < n; i++) {
		const length = bytes.readUInt32LE(4 + 5 * i);
		const encoding = bytes.readUInt8(8 + 5 * i) === UTF16 ? 'utf16le' : 'utf8';
		texts.push(bytes.toString(encoding, at, at + length));
		at += length;
	}
	return texts;
}
