/**
 * Record files of any size without holding their records: NDJSON, JSON arrays written one record per line (our JSON
 * export) and CSV (a row may span lines inside quotes). One pass notes where each record starts, how long it is
 * and its time (read from the bytes, without parsing the line when the report's time property is there); pages
 * then read their lines back by offset. The records' places are typed arrays grown in place outside malloc (an
 * offset, a length and a line number: 16 bytes a record; their times only while indexing, and an order only for a
 * file in no order), about 16 MB at a million records.
 * Order: newest first; equal times keep the file's order. A file written newest first (our exports) needs no sort,
 * and pages are read as contiguous spans. A file whose head reads oldest first (`export --order oldest`, many admin
 * center downloads) is read from its end, a chunk at a time, so that its newest records are found first: it is kept
 * in the order read, each run of equal times turned round once it is whole (the file's order among them), and needs
 * no sort either. While it runs, `onProgress` sees the records found so far and whether they are in order so far: a
 * file in order can be shown before it is indexed whole.
 */
import {openForReading, type ReadHandle} from '../fs/read-handle.js';
import {parseInstant, type Instant} from '../query/time.js';
import {MAX_RECORD_BYTES, Skipped, type SkipReason} from './skipped.js';
import {JsonLayoutError, scanJsonRecords} from './json-scan.js';
import {bytesText} from '../fs/byte-text.js';
import {fresh, resized} from '../process/big-arrays.js';
import {bigBuffer} from '../graph/page-buffer.js';

/** A CSV record longer than this is taken for a quote never closed (no real row is near it). */
const MAX_CSV_RECORD = 16 << 20;
/** The size of each read while indexing. */
const CHUNK = 1 << 20;
/** The head looked at to tell a file written oldest first: up to this many records in up to this many bytes. */
const PROBE_RECORDS = 32;
const PROBE_BYTES = 1 << 17;

/** `json`: any JSON layout (pretty-printed arrays, Graph page files), record by record (see scanJsonRecords). */
export type RecordLayout = 'ndjson' | 'json-lines' | 'csv' | 'json';

/** Where records are in the file: the start and byte length of each, by position. */
export interface Spans {
	readonly offsets: ArrayLike<number>;
	readonly lengths: ArrayLike<number>;
}

export interface LineIndex extends Spans {
	/** How many records are kept. */
	readonly count: number;
	/**
	 * File offset and byte length of each kept record, by position: in file order, or from the file's end when it was
	 * read from there (`fromEnd`).
	 */
	readonly offsets: Float64Array;
	readonly lengths: Int32Array;
	/** 1-based numbers of the line each record starts on, for messages. */
	readonly lineNumbers: Int32Array;
	/** Positions newest first; none when the positions are in that order already (`rank`). */
	readonly order?: Int32Array;
	/** Read from the file's end: position 0 is the last record of the file. */
	readonly fromEnd: boolean;
	/** The position of a last record with no line end after it: a write may have been cut short there. */
	readonly unterminated?: number;
	/** The line number of a last record that was cut short and could not be read at all (left out). */
	readonly skippedTail?: number;
	/** Records left out while indexing, and why. */
	readonly skipped: Skipped;
}

/** The index being built: the records found so far, by position (the arrays are replaced as they grow). */
export interface PartialIndex extends Spans {
	readonly count: number;
	/** At least `count` long. */
	readonly offsets: Float64Array;
	readonly lengths: Int32Array;
	/** Every record so far is in order (newest first, equal times in file order once their run is whole). */
	readonly sorted: boolean;
	/** While `sorted`: positions below this are the final order's first, as they are. */
	readonly settled: number;
	readonly fromEnd: boolean;
	/** The position of a last record with no line end after it, once found. */
	readonly unterminated?: number;
	/** The line a record starts on; undefined while the file is read from its end (known once its start is reached). */
	lineNumber(position: number): number | undefined;
}

/** The position of the record `k`th newest. */
export function rank(index: Pick<LineIndex, 'order'>, k: number): number {
	return index.order ? index.order[k]! : k;
}

/**
 * The records' places while indexing, in typed arrays grown in place (a quarter more each time), and what a reader
 * may take of them so far. `lines` holds line numbers, or while a file is read from its end, the line ends after each
 * record's start.
 */
class Places implements PartialIndex {
	count = 0;
	sorted = true;
	/** Read from the file's end: where the run of equal times being read starts (what is before it is settled). */
	run = 0;
	unterminated?: number;
	offsets = fresh(Float64Array, 0);
	lengths = fresh(Int32Array, 0);
	lines = fresh(Int32Array, 0);
	times = fresh(Float64Array, 0);
	nanos = fresh(Int32Array, 0);

	constructor(readonly fromEnd: boolean) {}

	get settled(): number {
		return this.fromEnd ? this.run : this.count;
	}

	lineNumber(position: number): number | undefined {
		return this.fromEnd ? undefined : this.lines[position];
	}

	push(offset: number, length: number, line: number, time: Instant): void {
		const i = this.count;
		if (i === this.offsets.length) {
			const capacity = Math.max(1024, Math.ceil(i * 1.25));
			this.offsets = resized(this.offsets, capacity);
			this.lengths = resized(this.lengths, capacity);
			this.lines = resized(this.lines, capacity);
			this.times = resized(this.times, capacity);
			this.nanos = resized(this.nanos, capacity);
		}
		this.offsets[i] = offset;
		this.lengths[i] = length;
		this.lines[i] = line;
		this.times[i] = time.ms;
		this.nanos[i] = time.ns;
		this.count = i + 1;
	}

	/** Whether `time` is later than the time of position `i`; 0 when it is the same. */
	compare(time: Instant, i: number): number {
		return time.ms - this.times[i]! || time.ns - this.nanos[i]!;
	}

	/** Turns positions `from` to `to` (exclusive) round: a run of equal times read from the file's end. */
	turn(from: number, to: number): void {
		if (to - from < 2) return;
		for (const a of [this.offsets, this.lengths, this.lines, this.times, this.nanos]) a.subarray(from, to).reverse();
		const u = this.unterminated;
		if (u !== undefined && u >= from && u < to) this.unterminated = from + to - 1 - u;
	}

	/** Positions newest first, equal times in file order; none when they are in that order already. */
	private order(): Int32Array | undefined {
		if (this.sorted) return undefined;
		const {times, nanos, offsets} = this;
		const order = fresh(Int32Array, this.count);
		for (let i = 0; i < order.length; i++) order[i] = i;
		return order.sort((a, b) => times[b]! - times[a]! || nanos[b]! - nanos[a]! || offsets[a]! - offsets[b]!);
	}

	/** The index's arrays, `count` long (the times go with this object). */
	index(rest: Pick<LineIndex, 'skippedTail' | 'skipped'>): LineIndex {
		const n = this.count;
		return {
			count: n,
			offsets: this.offsets.subarray(0, n),
			lengths: this.lengths.subarray(0, n),
			lineNumbers: this.lines.subarray(0, n),
			order: this.order(),
			fromEnd: this.fromEnd,
			unterminated: this.unterminated,
			...rest,
		};
	}
}

/** A line's bytes trimmed of white space at both ends (and of the line end's CR): `start` to `end`. */
function trimmed(buf: Buffer, start: number, end: number): [number, number] {
	while (end > start && (buf[end - 1] === 13 || buf[end - 1] === 32 || buf[end - 1] === 9)) end--;
	while (start < end && (buf[start] === 32 || buf[start] === 9)) start++;
	return [start, end];
}

/** Lines left out that a Skipped names, at most (and one more, to say there are more). */
const NAMED_SKIPS = 6;

/** Thrown while reading a file from its end where its records break the layout: it is read from its start then, which says where first. */
class ReadFromStart extends Error {}

/**
 * Indexes the records of `path` that have a time. `classify` parses a record whose time property is not found in its
 * bytes (legacy field names, CSV, a line that is not an object) and returns its time, or why it is left out; what is
 * left out is counted in `skipped`, never dropped silently.
 */
export async function indexRecords(
	path: string,
	/** `json-lines`: `[` and `]` lines are skipped, a trailing comma is not part of a record. */
	layout: RecordLayout,
	timeField: string,
	classify: (text: string, lineNumber: number, offset: number) => Instant | SkipReason,
	/** Told after each chunk read (about 1 MiB): what is indexed so far. */
	onProgress?: (partial: PartialIndex) => void,
	/**
	 * Asked after each record of a line layout is indexed, with how many are settled (`PartialIndex.settled`): a promise
	 * holds indexing there until it settles (a reader that has the head it needs lets the first screen draw before the
	 * rest of the file takes the CPU). What is indexed so far is told (`onProgress`) before it holds.
	 */
	hold?: (indexed: number) => Promise<void> | undefined,
	/** Bytes read at a time. */
	chunk = CHUNK,
	/**
	 * A record longer is skipped ('too-long', its line named), unread: it could not become a string. Its bytes are not
	 * kept while it is read past either (at most 32 of them), so neither is memory.
	 */
	maxRecord = MAX_RECORD_BYTES,
): Promise<LineIndex> {
	const key = Buffer.from(`"${timeField}"`);
	const timeOf = (buf: Buffer, start: number, end: number, lineNumber: number, offset: number): Instant | SkipReason =>
		(layout !== 'csv' && buf[start] === 123 && buf[end - 1] === 125 && timeFromBytes(buf, start, end, key)) ||
		classify(buf.toString('utf8', start, end), lineNumber, offset);
	if (layout === 'ndjson' || layout === 'json-lines') {
		const fh = await openForReading(path);
		try {
			if (await oldestFirst(fh, layout, timeOf))
				return await indexFromEnd(fh, layout, timeOf, chunk, maxRecord, onProgress, hold);
		} catch (error) {
			if (!(error instanceof ReadFromStart)) throw error;
		} finally {
			await fh.close();
		}
	}
	return indexFromStart(path, layout, timeOf, chunk, maxRecord, onProgress, hold);
}

type TimeOf = (buf: Buffer, start: number, end: number, lineNumber: number, offset: number) => Instant | SkipReason;

/** Whether the file's head (its first records, up to PROBE_RECORDS) reads oldest first: later times, none earlier. */
async function oldestFirst(fh: ReadHandle, layout: RecordLayout, timeOf: TimeOf): Promise<boolean> {
	// Outside malloc in the TUI's process, as the index's read buffer (page-buffer.ts); zeroed past what is read.
	const buf = bigBuffer(PROBE_BYTES);
	const {bytesRead} = await fh.read(buf, 0, buf.length, 0);
	const times: Instant[] = [];
	let from = 0;
	for (
		let nl = buf.indexOf(10);
		nl >= 0 && nl < bytesRead && times.length < PROBE_RECORDS;
		nl = buf.indexOf(10, from)
	) {
		const [start, trimmedEnd] = trimmed(buf, from, nl);
		let end = trimmedEnd;
		from = nl + 1;
		if (layout === 'json-lines') {
			if (end - start === 1 && (buf[start] === 91 || buf[start] === 93)) continue;
			if (buf[end - 1] === 44) end--;
		}
		if (start === end) continue;
		let time: Instant | SkipReason;
		try {
			time = timeOf(buf, start, end, 0, start);
		} catch {
			continue;
		}
		if (typeof time === 'string') continue;
		const last = times[times.length - 1];
		if (last && (time.ms < last.ms || (time.ms === last.ms && time.ns < last.ns))) return false;
		times.push(time);
	}
	const [first, last] = [times[0], times[times.length - 1]];
	return !!first && !!last && (last.ms > first.ms || (last.ms === first.ms && last.ns > first.ns));
}

/**
 * A line layout read from the file's end, a chunk at a time, each chunk's lines from its last: the newest records of
 * a file written oldest first come first. Kept in the order read but for runs of equal times, turned round once whole
 * (the newest first, equal times in the file's order): settled are the positions before the run being read. What does
 * not hold (the layout's commas, a record that is not JSON) throws ReadFromStart: a read from the file's start says
 * where first, as it always has.
 */
async function indexFromEnd(
	fh: ReadHandle,
	layout: RecordLayout,
	timeOf: TimeOf,
	chunkSize: number,
	maxRecord: number,
	onProgress?: (partial: PartialIndex) => void,
	hold?: (indexed: number) => Promise<void> | undefined,
): Promise<LineIndex> {
	const places = new Places(true);
	/** Records left out: how many for each reason, and the last found (the file's first) with their line ends after. */
	const skipCounts: Record<SkipReason, number> = {'not-object': 0, 'no-time': 0, 'unclosed-quote': 0, 'too-long': 0};
	let skips: Array<{readonly reason: SkipReason; readonly after: number}> = [];
	let skippedTail: number | undefined;
	/** JSON a record per line: a record line comes after this one; a `]` line comes between this and the next record. */
	let recordAfter = false;
	let closeAfter = false;

	/** A line (`start` to `end` of `buf`, at `offset` in the file) with `after` line ends after its start. */
	const handle = (
		buf: Buffer,
		lineStart: number,
		lineEnd: number,
		offset: number,
		after: number,
		atEnd: boolean,
	): void => {
		const [start, trimmedEnd] = trimmed(buf, lineStart, lineEnd);
		let end = trimmedEnd;
		if (start === end) return;
		if (layout === 'json-lines') {
			if (end - start === 1 && buf[start] === 91) return;
			if (end - start === 1 && buf[start] === 93) {
				closeAfter = true;
				return;
			}
			const comma = buf[end - 1] === 44;
			if ((recordAfter && !comma) || (closeAfter && comma)) throw new ReadFromStart();
			recordAfter = true;
			closeAfter = false;
			if (comma) end--;
		}
		if (end - start > maxRecord) throw new ReadFromStart();
		let time: Instant | SkipReason;
		try {
			time = timeOf(buf, start, end, 0, offset + (start - lineStart));
		} catch {
			// JSON that does not parse is fatal in a JSON document, except on a last line cut short.
			if (!atEnd) throw new ReadFromStart();
			skippedTail = after;
			return;
		}
		if (typeof time === 'string') {
			if (atEnd && time !== 'no-time') skippedTail = after;
			else {
				skipCounts[time]++;
				skips.push({reason: time, after});
				if (skips.length > 2 * NAMED_SKIPS) skips = skips.slice(-NAMED_SKIPS);
			}
			return;
		}
		const i = places.count;
		if (places.sorted && i > 0) {
			const later = places.compare(time, i - 1);
			if (later > 0) places.sorted = false;
			else if (later < 0) {
				places.turn(places.run, i);
				places.run = i;
			}
		}
		if (atEnd) places.unterminated = i;
		places.push(offset + (start - lineStart), end - start, after, time);
	};

	const size = (await fh.stat()).size;
	const buf = bigBuffer(Math.min(chunkSize, Math.max(1, size)));
	/** What was read from `end` on of the line that ends where the last chunk's first line end is (copied). */
	let carry: Buffer[] = [];
	let carried = 0;
	let end = size;
	/** Line ends found so far (all after what is still to read). */
	let ends = 0;
	let atEnd = true;
	while (end > 0) {
		const start = Math.max(0, end - buf.length);
		const {bytesRead: n} = await fh.read(buf, 0, end - start, start);
		if (n < end - start) throw new ReadFromStart();
		const chunk = buf.subarray(0, n);
		let hi = n;
		for (
			let nl = n > 0 ? chunk.lastIndexOf(10, n - 1) : -1;
			nl >= 0;
			nl = hi > 0 ? chunk.lastIndexOf(10, hi - 1) : -1
		) {
			if (carry.length > 0) {
				const line = Buffer.concat([chunk.subarray(nl + 1, hi), ...carry]);
				handle(line, 0, line.length, start + nl + 1, ends, atEnd);
				carry = [];
				carried = 0;
			} else handle(chunk, nl + 1, hi, start + nl + 1, ends, atEnd);
			atEnd = false;
			ends++;
			hi = nl;
			const held = hold?.(places.sorted ? places.run : 0);
			if (held) {
				onProgress?.(places);
				await held;
			}
		}
		if (hi > 0) {
			carry.unshift(Buffer.from(chunk.subarray(0, hi)));
			carried += hi;
			// A line too long to read: a read from the start skips it, and says where, without holding it.
			if (carried > maxRecord) throw new ReadFromStart();
		}
		end = start;
		onProgress?.(places);
	}
	if (carry.length > 0) {
		const line = Buffer.concat(carry);
		handle(line, 0, line.length, 0, ends, atEnd);
	}
	if (places.sorted) places.turn(places.run, places.count);
	// Line numbers from the line ends after each record: line 1 + the line ends before it.
	const lines = places.lines;
	for (let i = 0; i < places.count; i++) lines[i] = 1 + ends - lines[i]!;
	// The file's first lines left out, in file order, as a read from its start names them; the others are counted on
	// a line named already (a line is named once).
	const skipped = new Skipped();
	const named = skips.slice(-NAMED_SKIPS).reverse();
	for (const s of named) skipped.add(s.reason, 1 + ends - s.after);
	for (const reason of Object.keys(skipCounts) as SkipReason[])
		for (let k = named.filter(s => s.reason === reason).length; k < skipCounts[reason]; k++)
			skipped.add(reason, 1 + ends - named[0]!.after);
	return places.index({
		skippedTail: skippedTail === undefined ? undefined : 1 + ends - skippedTail,
		skipped,
	});
}

/**
 * Any layout read from the file's start: line layouts by line (a CSV record may span lines inside quotes), JSON
 * record by record (scanJsonRecords). Sorted at the end unless the file was newest first.
 */
async function indexFromStart(
	path: string,
	layout: RecordLayout,
	timeOf: TimeOf,
	chunkSize: number,
	maxRecord: number,
	onProgress?: (partial: PartialIndex) => void,
	hold?: (indexed: number) => Promise<void> | undefined,
): Promise<LineIndex> {
	const arrayLines = layout === 'json-lines';
	const csv = layout === 'csv';
	let headerSeen = false;
	const places = new Places(false);
	const skipped = new Skipped();
	let atEnd = false;
	let skippedTail: number | undefined;
	/** JSON a record per line: records so far, and whether a comma ended the last one's line. */
	let recordLines = 0;
	let comma = false;

	/** Returns true for a CSV record over several lines whose quotes are wrong: the caller reads its lines again. */
	const handle = (
		buf: Buffer,
		lineStart: number,
		lineEnd: number,
		offset: number,
		lineNumber: number,
		overLines = false,
		/** Why the line is skipped unread (LongLine): `buf` holds only its ends, for the layout's checks. */
		skip?: SkipReason,
	): boolean | void => {
		const [start, trimmedEnd] = trimmed(buf, lineStart, lineEnd);
		let end = trimmedEnd;
		if (start === end) return;
		if (arrayLines) {
			if (end - start === 1 && buf[start] === 91) return;
			if (end - start === 1 && buf[start] === 93) {
				if (comma) throw new JsonLayoutError(lineNumber, "a trailing comma before ']'", start - lineStart + 1);
				return;
			}
			// Records a line each: a comma ends every line but the last (a file cut short may lack the `]`).
			if (recordLines > 0 && !comma)
				throw new JsonLayoutError(lineNumber, "expected ',' or ']' between records", start - lineStart + 1);
			recordLines++;
			comma = buf[end - 1] === 44;
			if (comma) end--;
		}
		if (csv && !headerSeen) {
			headerSeen = true;
			return;
		}
		// An object whose time is in its bytes needs no parsing here; anything else is parsed and classified.
		let time: Instant | SkipReason;
		try {
			time =
				(skip ?? (end - start > maxRecord ? 'too-long' : undefined)) ||
				timeOf(buf, start, end, lineNumber, offset + (start - lineStart));
		} catch (error) {
			// JSON that does not parse is fatal in a JSON document, except on a last line cut short.
			if (!atEnd) throw error;
			skippedTail = lineNumber;
			return;
		}
		if (time === 'unclosed-quote' && overLines && !atEnd) return true;
		if (typeof time === 'string') {
			// A last line cut short (an interrupted export or redirect) is said apart: it is not the file's fault.
			if (atEnd && time !== 'no-time' && time !== 'too-long') skippedTail = lineNumber;
			else skipped.add(time, lineNumber);
			return;
		}
		if (places.count > 0 && places.compare(time, places.count - 1) > 0) places.sorted = false;
		places.push(offset + (start - lineStart), end - start, lineNumber, time);
	};

	const progress = onProgress && ((): void => onProgress(places));
	const finish = (tail = skippedTail): LineIndex => places.index({skippedTail: tail, skipped});

	if (layout === 'json') {
		const {cutShort} = await scanJsonRecords(
			path,
			(bytes, offset, _ordinal, line) => handle(bytes, 0, bytes.length, offset, line),
			line => skipped.add('not-object', line),
			progress,
			{max: maxRecord, on: line => skipped.add('too-long', line)},
		);
		return finish(cutShort);
	}
	// Records end at a newline; in CSV, only at one outside quotes (an odd count of quotes so far means inside). A
	// quote never closed would swallow every row after it: past MAX_CSV_RECORD bytes, or at the end of the file, the
	// row it opened on is left out (counted) and reading starts again on the line after it.
	const fh = await openForReading(path);
	try {
		// Only the bytes read are looked at (`chunk`): no need to zero it.
		const buf = bigBuffer(chunkSize);
		let readAt = 0;
		/** The record being read: where it starts (offset, line), its bytes from earlier reads, its quotes so far. */
		let recordAt = 0;
		let recordLine = 1;
		/** The record's bytes from earlier reads (only its ends once it is longer than maxRecord). */
		let parts = new LongLine(maxRecord);
		let quotes = 0;
		/** In CSV, the first line end inside the current record's quotes: where reading starts again if they never close. */
		let firstBreak: {readonly at: number; readonly line: number} | undefined;
		let line = 1;
		const restartAfterOpenQuote = (): void => {
			skipped.add('unclosed-quote', recordLine);
			readAt = recordAt = firstBreak!.at;
			line = recordLine = firstBreak!.line;
			parts = new LongLine(maxRecord);
			quotes = 0;
			firstBreak = undefined;
		};
		for (;;) {
			const {bytesRead: n} = await fh.read(buf, 0, buf.length, readAt);
			if (n === 0) {
				// The file ended inside quotes opened lines ago: read again from the line after the one that opened them.
				if (csv && firstBreak && quotes % 2 === 1) {
					restartAfterOpenQuote();
					continue;
				}
				break;
			}
			const chunk = buf.subarray(0, n);
			let restarted = false;
			let from = 0;
			let searchFrom = 0;
			for (;;) {
				const nl = chunk.indexOf(10, searchFrom);
				if (csv) quotes += quotesIn(chunk, searchFrom, nl < 0 ? n : nl);
				if (nl < 0) break;
				searchFrom = nl + 1;
				line++;
				if (csv && quotes % 2 === 1) {
					firstBreak ??= {at: readAt + nl + 1, line};
					continue;
				}
				const overLines = firstBreak !== undefined;
				let wrong: boolean | void;
				if (parts.length > 0) {
					parts.add(chunk.subarray(0, nl));
					const record = parts.bytes();
					wrong = handle(record, 0, record.length, recordAt, recordLine, overLines, parts.skip);
				} else wrong = handle(chunk, from, nl, recordAt, recordLine, overLines);
				if (wrong) {
					// A quote opened on the record's first line and closed by a quote of a later row: read them again.
					restartAfterOpenQuote();
					restarted = true;
					break;
				}
				from = nl + 1;
				recordAt = readAt + from;
				recordLine = line;
				parts = new LongLine(maxRecord);
				quotes = 0;
				firstBreak = undefined;
				// Held mid-chunk once the head is in: a chunk holds some 160 records of 6 KB, the first screen needs 100.
				const held = hold?.(places.count);
				if (held) {
					progress?.();
					await held;
				}
			}
			if (restarted) continue;
			if (from < n) parts.add(chunk.subarray(from), !csv);
			if (csv && firstBreak && parts.length > MAX_CSV_RECORD) restartAfterOpenQuote();
			else readAt += n;
			progress?.();
		}
		if (parts.length > 0) {
			atEnd = true;
			const before = places.count;
			const record = parts.bytes();
			handle(record, 0, record.length, recordAt, recordLine, false, parts.skip);
			if (places.count > before) places.unterminated = before;
		}
	} finally {
		await fh.close();
	}
	return finish();
}

/**
 * A line read over several chunks: its pieces (copied), while it may still become a record; past `max` bytes, or past
 * a few KiB of JSON that does not start an object (a line of millions of `[`), only its first and last bytes, which
 * tell its layout (white space, a JSON line's trailing comma): `skip` then says why it is not read.
 */
class LongLine {
	private pieces: Buffer[] = [];
	/** Its bytes so far. */
	length = 0;
	skip?: 'too-long' | 'not-object';

	constructor(private readonly max: number) {}

	/** The next piece; `json`: the line is JSON, a record only when it starts an object. */
	add(piece: Buffer, json = false): void {
		this.length += piece.length;
		if (!this.skip && this.length > this.max) this.skip = 'too-long';
		if (
			!this.skip &&
			json &&
			this.length > NOT_AN_OBJECT_AFTER &&
			!startsObject(firstBytes([...this.pieces, piece], 64))
		)
			this.skip = 'not-object';
		if (!this.skip) {
			this.pieces.push(Buffer.from(piece));
			return;
		}
		const all = [...this.pieces, piece];
		this.pieces = [firstBytes(all, LONG_LINE_ENDS), lastBytes(all, LONG_LINE_ENDS)];
	}

	/** Its bytes; only its ends when it is skipped. */
	bytes(): Buffer {
		return this.pieces.length === 1 ? this.pieces[0]! : Buffer.concat(this.pieces);
	}
}

/** Whether a line's first bytes (past white space and a byte order mark) may open a JSON object: `{`, then `"` or `}`. */
function startsObject(head: Buffer): boolean {
	const next = (from: number): number => {
		while (from < head.length && (head[from] === 32 || head[from] === 9 || head[from] === 13 || head[from] === 10))
			from++;
		return from;
	};
	const open = next(head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? 3 : 0);
	if (open === head.length) return true;
	if (head[open] !== 123) return false;
	const after = next(open + 1);
	return after === head.length || head[after] === 34 || head[after] === 125;
}

/** A JSON line that does not start an object is dropped as it is read past this many bytes. */
const NOT_AN_OBJECT_AFTER = 1 << 16;

/** Bytes kept of each end of a line too long to read. */
const LONG_LINE_ENDS = 16;

function firstBytes(pieces: readonly Buffer[], n: number): Buffer {
	const out: Buffer[] = [];
	for (let i = 0, got = 0; i < pieces.length && got < n; got += out[i]!.length, i++)
		out.push(Buffer.from(pieces[i]!.subarray(0, n - got)));
	return Buffer.concat(out);
}

function lastBytes(pieces: readonly Buffer[], n: number): Buffer {
	const out: Buffer[] = [];
	for (let i = pieces.length - 1, got = 0; i >= 0 && got < n; got += out[0]!.length, i--)
		out.unshift(Buffer.from(pieces[i]!.subarray(Math.max(0, pieces[i]!.length - (n - got)))));
	return Buffer.concat(out);
}

/**
 * The lines at `positions` (of the index), as text, in that order; with `keep`, a line it turns down from its bytes
 * is left undecoded (undefined).
 */
export async function readLines(
	path: string,
	index: Spans,
	positions: readonly number[],
	keep?: (buf: Buffer, start: number, end: number, position: number) => boolean,
): Promise<Array<string | undefined>> {
	if (positions.length === 0) return [];
	const text = (buf: Buffer, start: number, end: number, position: number): string | undefined =>
		!keep || keep(buf, start, end, position) ? bytesText(buf, start, end) : undefined;
	const fh = await openForReading(path);
	try {
		let from = Infinity;
		let to = 0;
		let bytes = 0;
		for (const p of positions) {
			from = Math.min(from, index.offsets[p]!);
			to = Math.max(to, index.offsets[p]! + index.lengths[p]!);
			bytes += index.lengths[p]!;
		}
		const step = positions.length > 1 ? positions[1]! - positions[0]! : 1;
		const contiguous =
			(step === 1 || step === -1) && positions.every((p, i) => i === 0 || p === positions[i - 1]! + step);
		if (contiguous || to - from <= 2 * bytes + (1 << 16)) {
			// One read for the whole page: the usual case, a file in order (newest first, or oldest first read from its end).
			// Outside malloc: its heap kept every page read once one such block was freed (page-buffer.ts).
			const buf = bigBuffer(to - from);
			await fh.read(buf, 0, buf.length, from);
			return positions.map(p => text(buf, index.offsets[p]! - from, index.offsets[p]! - from + index.lengths[p]!, p));
		}
		const out: Array<string | undefined> = [];
		for (const p of positions) {
			const buf = Buffer.alloc(index.lengths[p]!);
			await fh.read(buf, 0, buf.length, index.offsets[p]!);
			out.push(text(buf, 0, buf.length, p));
		}
		return out;
	} finally {
		await fh.close();
	}
}

function quotesIn(buf: Buffer, from: number, to: number): number {
	let n = 0;
	for (let q = buf.indexOf(34, from); q >= 0 && q < to; q = buf.indexOf(34, q + 1)) n++;
	return n;
}

/** `"<field>": "<ISO time>"` found in the line's bytes, as an Instant; undefined when absent or not a time. */
function timeFromBytes(buf: Buffer, start: number, end: number, key: Buffer): Instant | undefined {
	const found = buf.subarray(start, end).indexOf(key);
	if (found < 0) return undefined;
	const k = start + found;
	let p = k + key.length;
	while (p < end && buf[p] === 32) p++;
	if (buf[p] !== 58) return undefined;
	p++;
	while (p < end && buf[p] === 32) p++;
	if (buf[p] !== 34) return undefined;
	const q = buf.indexOf(34, p + 1);
	if (q < 0 || q >= end || q - p > 40) return undefined;
	return parseInstant(buf.toString('latin1', p + 1, q));
}
