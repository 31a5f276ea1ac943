/**
 * The oracle of record-index.test.ts: record-index.ts as it was before records were indexed into typed arrays and
 * oldest-first files read from their end (d909194), kept as it was but for its imports and this comment. Its final
 * order (a stable sort: newest first, equal times in file order) is what the index must still give.
 */
/**
 * Record files of any size without holding their records: NDJSON, JSON arrays written one record per line (our JSON
 * export) and CSV (a row may span lines inside quotes). One pass notes where each record starts, how long it is
 * and its time (read from the bytes, without parsing the line when the report's time property is there); pages
 * then read their lines back by offset. About 30 bytes per record in memory, however large the records are.
 * Order: newest first; equal times keep the file's order (our exports are written newest first already, in which
 * case nothing is sorted and pages are read as contiguous spans). While it runs, `onProgress` sees the records found
 * so far and whether they are newest first: a file written newest first can be shown before it is indexed whole.
 */
import {open} from 'node:fs/promises';
import {parseInstant, type Instant} from '../../source/query/time.js';
import {Skipped, type SkipReason} from '../../source/sources/skipped.js';
import {JsonLayoutError, scanJsonRecords} from '../../source/sources/json-scan.js';
import {bytesText} from '../../source/fs/byte-text.js';
import {bigBuffer} from '../../source/graph/page-buffer.js';

/** A CSV record longer than this is taken for a quote never closed (no real row is near it). */
const MAX_CSV_RECORD = 16 << 20;

/** `json`: any JSON layout (pretty-printed arrays, Graph page files), record by record (see scanJsonRecords). */
export type RecordLayout = 'ndjson' | 'json-lines' | 'csv' | 'json';

export interface LineIndex {
	/** File offset and byte length of each kept line, in file order. */
	readonly offsets: readonly number[];
	readonly lengths: readonly number[];
	/** 1-based numbers of the line each record starts on, for messages. */
	readonly lineNumbers: readonly number[];
	/** Positions into the arrays above, newest first. */
	readonly order: readonly number[];
	/** The position of a last record with no line end after it: a write may have been cut short there. */
	readonly unterminated?: number;
	/** The line number of a last record that was cut short and could not be read at all (left out). */
	readonly skippedTail?: number;
	/** Records left out while indexing, and why. */
	readonly skipped: Skipped;
}

/** The index being built: the records found so far, in file order (the arrays grow as indexing goes on). */
export interface PartialIndex {
	readonly offsets: readonly number[];
	readonly lengths: readonly number[];
	readonly lineNumbers: readonly number[];
	/** Every record so far is newest first (equal times in file order): the file's order is the final order so far. */
	readonly sorted: boolean;
}

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
	 * Asked after each record of a line layout is indexed: a promise holds indexing there until it settles (a reader
	 * that has the head it needs lets the first screen draw before the rest of the file takes the CPU). What is indexed
	 * so far is told (`onProgress`) before it holds.
	 */
	hold?: (indexed: number) => Promise<void> | undefined,
): Promise<LineIndex> {
	const arrayLines = layout === 'json-lines';
	const csv = layout === 'csv';
	let headerSeen = false;
	const key = Buffer.from(`"${timeField}"`);
	const offsets: number[] = [];
	const lengths: number[] = [];
	const lineNumbers: number[] = [];
	const times: number[] = [];
	const nanos: number[] = [];
	const skipped = new Skipped();
	let sorted = true;
	let atEnd = false;
	let skippedTail: number | undefined;
	let unterminated: number | undefined;
	/** JSON a record per line: records so far, and whether a comma ended the last one's line. */
	let recordLines = 0;
	let comma = false;

	/** Returns true for a CSV record over several lines whose quotes are wrong: the caller reads its lines again. */
	const handle = (
		buf: Buffer,
		start: number,
		end: number,
		offset: number,
		lineNumber: number,
		overLines = false,
	): boolean | void => {
		const lineStart = start;
		while (end > start && (buf[end - 1] === 13 || buf[end - 1] === 32 || buf[end - 1] === 9)) end--;
		while (start < end && (buf[start] === 32 || buf[start] === 9)) start++;
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
		const object = buf[start] === 123 && buf[end - 1] === 125;
		let time: Instant | SkipReason;
		try {
			time =
				(!csv && object && timeFromBytes(buf, start, end, key)) ||
				classify(buf.toString('utf8', start, end), lineNumber, offset + (start - lineStart));
		} catch (error) {
			// JSON that does not parse is fatal in a JSON document, except on a last line cut short.
			if (!atEnd) throw error;
			skippedTail = lineNumber;
			return;
		}
		if (time === 'unclosed-quote' && overLines && !atEnd) return true;
		if (typeof time === 'string') {
			// A last line cut short (an interrupted export or redirect) is said apart: it is not the file's fault.
			if (atEnd && time !== 'no-time') skippedTail = lineNumber;
			else skipped.add(time, lineNumber);
			return;
		}
		const last = times.length - 1;
		if (last >= 0 && (time.ms > times[last]! || (time.ms === times[last] && time.ns > nanos[last]!))) sorted = false;
		offsets.push(offset + (start - lineStart));
		lengths.push(end - start);
		lineNumbers.push(lineNumber);
		times.push(time.ms);
		nanos.push(time.ns);
	};

	const partial = {
		offsets,
		lengths,
		lineNumbers,
		get sorted(): boolean {
			return sorted;
		},
	};
	const progress = onProgress && ((): void => onProgress(partial));

	const finish = (tail = skippedTail): LineIndex => {
		const order = offsets.map((_, i) => i);
		if (!sorted) order.sort((a, b) => times[b]! - times[a]! || nanos[b]! - nanos[a]! || a - b);
		return {offsets, lengths, lineNumbers, order, unterminated, skippedTail: tail, skipped};
	};

	if (layout === 'json') {
		const {cutShort} = await scanJsonRecords(
			path,
			(bytes, offset, _ordinal, line) => handle(bytes, 0, bytes.length, offset, line),
			line => skipped.add('not-object', line),
			progress,
		);
		return finish(cutShort);
	}

	// Records end at a newline; in CSV, only at one outside quotes (an odd count of quotes so far means inside). A
	// quote never closed would swallow every row after it: past MAX_CSV_RECORD bytes, or at the end of the file, the
	// row it opened on is left out (counted) and reading starts again on the line after it.
	const fh = await open(path, 'r');
	try {
		// Only the bytes read are looked at (`chunk`): no need to zero it.
		const buf = bigBuffer(1 << 20);
		let readAt = 0;
		/** The record being read: where it starts (offset, line), its bytes from earlier reads, its quotes so far. */
		let recordAt = 0;
		let recordLine = 1;
		let parts: Buffer[] = [];
		let partsLength = 0;
		let quotes = 0;
		/** In CSV, the first line end inside the current record's quotes: where reading starts again if they never close. */
		let firstBreak: {readonly at: number; readonly line: number} | undefined;
		let line = 1;
		const restartAfterOpenQuote = (): void => {
			skipped.add('unclosed-quote', recordLine);
			readAt = recordAt = firstBreak!.at;
			line = recordLine = firstBreak!.line;
			parts = [];
			partsLength = 0;
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
				const wrong =
					parts.length > 0
						? (record => handle(record, 0, record.length, recordAt, recordLine, overLines))(
								Buffer.concat([...parts, chunk.subarray(0, nl)]),
							)
						: handle(chunk, from, nl, recordAt, recordLine, overLines);
				if (wrong) {
					// A quote opened on the record's first line and closed by a quote of a later row: read them again.
					restartAfterOpenQuote();
					restarted = true;
					break;
				}
				from = nl + 1;
				recordAt = readAt + from;
				recordLine = line;
				parts = [];
				partsLength = 0;
				quotes = 0;
				firstBreak = undefined;
				// Held mid-chunk once the head is in: a chunk holds some 160 records of 6 KB, the first screen needs 100.
				const held = hold?.(offsets.length);
				if (held) {
					progress?.();
					await held;
				}
			}
			if (restarted) continue;
			if (from < n) {
				parts.push(Buffer.from(chunk.subarray(from)));
				partsLength += n - from;
			}
			if (csv && firstBreak && partsLength > MAX_CSV_RECORD) restartAfterOpenQuote();
			else readAt += n;
			progress?.();
		}
		if (parts.length > 0) {
			atEnd = true;
			const before = offsets.length;
			const record = Buffer.concat(parts);
			handle(record, 0, record.length, recordAt, recordLine);
			if (offsets.length > before) unterminated = before;
		}
	} finally {
		await fh.close();
	}
	return finish();
}

/**
 * The lines at `positions` (of the index), as text, in that order; with `keep`, a line it turns down from its bytes
 * is left undecoded (undefined).
 */
export async function readLines(
	path: string,
	index: Pick<LineIndex, 'offsets' | 'lengths'>,
	positions: readonly number[],
	keep?: (buf: Buffer, start: number, end: number, position: number) => boolean,
): Promise<Array<string | undefined>> {
	if (positions.length === 0) return [];
	const text = (buf: Buffer, start: number, end: number, position: number): string | undefined =>
		!keep || keep(buf, start, end, position) ? bytesText(buf, start, end) : undefined;
	const fh = await open(path, 'r');
	try {
		const contiguous = positions.every((p, i) => i === 0 || p === positions[i - 1]! + 1);
		if (contiguous) {
			// One read for the whole page: the usual case, a file written newest first.
			const first = positions[0]!;
			const last = positions[positions.length - 1]!;
			const from = index.offsets[first]!;
			// Outside malloc: its heap kept every page read once one such block was freed (page-buffer.ts).
			const buf = bigBuffer(index.offsets[last]! + index.lengths[last]! - from);
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
