/**
 * Record files of any size without holding their records: NDJSON, JSON arrays written one record per line (our JSON
 * export) and CSV (a row may span lines inside quotes). One pass notes where each record starts, how long it is
 * and its time (read from the bytes, without parsing the line when the report's time property is there); pages
 * then read their lines back by offset. About 30 bytes per record in memory, however large the records are.
 * Order: newest first; equal times keep the file's order (our exports are written newest first already, in which
 * case nothing is sorted and pages are read as contiguous spans).
 */
import {createReadStream} from 'node:fs';
import {open} from 'node:fs/promises';

export class LineFormatError extends Error {}

/** `json`: any JSON layout (pretty-printed arrays, Graph page files), record by record (see scanJsonRecords). */
export type RecordLayout = 'ndjson' | 'json-lines' | 'csv' | 'json';

export interface LineIndex {
	/** File offset and byte length of each kept line, in file order. */
	readonly offsets: readonly number[];
	readonly lengths: readonly number[];
	/** 1-based line numbers (record numbers in the `json` layout), for error messages. */
	readonly lineNumbers: readonly number[];
	/** Positions into the arrays above, newest first. */
	readonly order: readonly number[];
	/** The position of a last record with no line end after it: a write may have been cut short there. */
	readonly unterminated?: number;
	/** The line number of a last record that was cut short and could not be read at all (left out). */
	readonly skippedTail?: number;
}

/**
 * Indexes the lines of `path` that are records with a time. `fallbackTime` parses a line whose time property is not
 * found in its bytes (legacy field names, say) and returns its time in ms, or undefined to leave the line out.
 */
export async function indexRecords(
	path: string,
	/** `json-lines`: `[` and `]` lines are skipped, a trailing comma is not part of a record. */
	layout: RecordLayout,
	timeField: string,
	fallbackTime: (line: string, lineNumber: number) => number | undefined,
): Promise<LineIndex> {
	const arrayLines = layout === 'json-lines';
	const csv = layout === 'csv';
	let headerSeen = false;
	const key = Buffer.from(`"${timeField}"`);
	const offsets: number[] = [];
	const lengths: number[] = [];
	const lineNumbers: number[] = [];
	const times: number[] = [];
	let sorted = true;
	let lineNumber = 0;
	let atEnd = false;
	let skippedTail: number | undefined;
	let unterminated: number | undefined;

	const handle = (buf: Buffer, start: number, end: number, offset: number): void => {
		lineNumber++;
		while (end > start && (buf[end - 1] === 13 || buf[end - 1] === 32 || buf[end - 1] === 9)) end--;
		while (start < end && (buf[start] === 32 || buf[start] === 9)) start++;
		if (start === end) return;
		if (arrayLines) {
			if (end - start === 1 && (buf[start] === 91 || buf[start] === 93)) return;
			if (buf[end - 1] === 44) end--;
		}
		if (csv && !headerSeen) {
			headerSeen = true;
			return;
		}
		let ms = csv ? undefined : timeFromBytes(buf, start, end, key);
		if (ms === undefined) {
			try {
				ms = fallbackTime(buf.toString('utf8', start, end), lineNumber);
			} catch (error) {
				// A last line cut short (an interrupted export or redirect) is left out, not fatal.
				if (!atEnd) throw error;
				skippedTail = lineNumber;
				return;
			}
		}
		if (ms === undefined) return;
		if (times.length > 0 && ms > times[times.length - 1]!) sorted = false;
		offsets.push(offset);
		lengths.push(end - start);
		lineNumbers.push(lineNumber);
		times.push(ms);
	};

	const finish = (tail = skippedTail): LineIndex => {
		const order = offsets.map((_, i) => i);
		if (!sorted) order.sort((a, b) => times[b]! - times[a]! || a - b);
		return {offsets, lengths, lineNumbers, order, unterminated, skippedTail: tail};
	};

	if (layout === 'json') {
		const {cutShort} = await scanJsonRecords(path, (bytes, offset) => handle(bytes, 0, bytes.length, offset));
		return finish(cutShort);
	}

	// Records end at a newline; in CSV, only at one outside quotes (an odd count of quotes so far means inside).
	let carry: Buffer | undefined;
	let carryOffset = 0;
	let carryQuotes = 0;
	let position = 0;
	const quotesIn = (buf: Buffer, from: number, to: number): number => {
		let n = 0;
		for (let q = buf.indexOf(34, from); q >= 0 && q < to; q = buf.indexOf(34, q + 1)) n++;
		return n;
	};
	for await (const chunk of createReadStream(path, {highWaterMark: 1 << 20}) as AsyncIterable<Buffer>) {
		let start = 0;
		let searchFrom = 0;
		let quotes = 0;
		if (carry) {
			quotes = carryQuotes;
		}
		for (;;) {
			const nl = chunk.indexOf(10, searchFrom);
			if (nl < 0) break;
			if (csv) quotes += quotesIn(chunk, searchFrom, nl);
			searchFrom = nl + 1;
			if (csv && quotes % 2 === 1) continue;
			if (carry) {
				const record = Buffer.concat([carry, chunk.subarray(0, nl)]);
				handle(record, 0, record.length, carryOffset);
				carry = undefined;
			} else handle(chunk, start, nl, position + start);
			start = nl + 1;
			quotes = 0;
		}
		if (start < chunk.length) {
			const rest = chunk.subarray(start);
			if (carry) carry = Buffer.concat([carry, rest]);
			else {
				carry = Buffer.from(rest);
				carryOffset = position + start;
			}
			carryQuotes = csv ? quotes + quotesIn(chunk, searchFrom, chunk.length) : 0;
		}
		position += chunk.length;
	}
	if (carry) {
		atEnd = true;
		const before = offsets.length;
		handle(carry, 0, carry.length, carryOffset);
		if (offsets.length > before) unterminated = before;
	}

	return finish();
}

/** The lines at `positions` (of the index), as text, in that order. */
export async function readLines(path: string, index: LineIndex, positions: readonly number[]): Promise<string[]> {
	if (positions.length === 0) return [];
	const fh = await open(path, 'r');
	try {
		const contiguous = positions.every((p, i) => i === 0 || p === positions[i - 1]! + 1);
		if (contiguous) {
			// One read for the whole page: the usual case, a file written newest first.
			const first = positions[0]!;
			const last = positions[positions.length - 1]!;
			const from = index.offsets[first]!;
			const buf = Buffer.alloc(index.offsets[last]! + index.lengths[last]! - from);
			await fh.read(buf, 0, buf.length, from);
			return positions.map(p => buf.toString('utf8', index.offsets[p]! - from, index.offsets[p]! - from + index.lengths[p]!));
		}
		const out: string[] = [];
		for (const p of positions) {
			const buf = Buffer.alloc(index.lengths[p]!);
			await fh.read(buf, 0, buf.length, index.offsets[p]!);
			out.push(buf.toString('utf8'));
		}
		return out;
	} finally {
		await fh.close();
	}
}

/** `"<field>": "<ISO time>"` found in the line's bytes, as ms; undefined when absent or not a time. */
function timeFromBytes(buf: Buffer, start: number, end: number, key: Buffer): number | undefined {
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
	const ms = Date.parse(buf.toString('latin1', p + 1, q));
	return Number.isNaN(ms) ? undefined : ms;
}

/**
 * The records of a JSON file of any size and layout, without parsing it whole: the objects of a top-level array
 * (an admin-center download, pretty-printed or not), of the `value` array of top-level objects (Graph page files,
 * one or several, concatenated or a page a line), or top-level objects that have no `value` array (NDJSON).
 * `onRecord` gets each record's bytes, its file offset and its number (1-based); returning false stops the scan.
 * Returns the number of a record the file ends inside (cut short), if any.
 */
export async function scanJsonRecords(path: string, onRecord: (bytes: Buffer, offset: number, ordinal: number) => boolean | void): Promise<{readonly cutShort?: number}> {
	const OBJ = 1;
	const ARR = 2;
	const RECORDS = 3;
	const stack: number[] = [];
	let inString = false;
	/** Backslashes that ended the previous chunk inside a string (an odd count escapes a quote at this one's start). */
	let carriedBackslashes = 0;
	let collectKey = false;
	let key = '';
	let lastKey = '';
	let ordinal = 0;
	// The record being read: where it started, the depth it opened at, its bytes from earlier chunks.
	let recordDepth = -1;
	let recordOffset = 0;
	let parts: Buffer[] = [];
	let from = 0;
	// A top-level object is a record itself unless it holds a `value` array of records.
	let topIsRecord = false;
	let position = 0;
	for await (const chunk of createReadStream(path, {highWaterMark: 1 << 20}) as AsyncIterable<Buffer>) {
		from = 0;
		const n = chunk.length;
		/** Consecutive backslashes right before `at`, counting back to `low` (and into the last chunk from its start). */
		const backslashesBefore = (buf: Buffer, at: number, low: number): number => {
			let b = 0;
			while (at - 1 - b >= low && buf[at - 1 - b] === 92) b++;
			return at - b === 0 && low === 0 ? b + carriedBackslashes : b;
		};
		for (let i = 0; i < n; i++) {
			const c = chunk[i]!;
			if (inString) {
				// Jump to the next quote that no odd run of backslashes escapes.
				let q = chunk.indexOf(34, i);
				while (q >= 0 && backslashesBefore(chunk, q, i) % 2 === 1) q = chunk.indexOf(34, q + 1);
				if (q < 0) {
					if (collectKey) key += chunk.toString('latin1', i, Math.min(n, i + 32));
					carriedBackslashes = backslashesBefore(chunk, n, i);
					i = n;
					break;
				}
				if (collectKey) key = (key + chunk.toString('latin1', i, q)).slice(0, 32);
				if (collectKey) lastKey = key;
				inString = false;
				i = q;
				continue;
			}
			if (c === 34) {
				inString = true;
				collectKey = stack.length === 1 && stack[0] === OBJ;
				key = '';
			} else if (c === 123) {
				if (stack.length === 0) {
					topIsRecord = true;
					recordDepth = 0;
					recordOffset = position + i;
					from = i;
					parts = [];
				} else if (stack[stack.length - 1] === RECORDS && recordDepth < 0) {
					recordDepth = stack.length;
					recordOffset = position + i;
					from = i;
					parts = [];
				}
				stack.push(OBJ);
			} else if (c === 91) {
				const records = stack.length === 0 || (stack.length === 1 && stack[0] === OBJ && lastKey === 'value');
				if (records && stack.length === 1) {
					// A page file: its records are in here, the page object itself is not one.
					topIsRecord = false;
					recordDepth = -1;
					parts = [];
				}
				stack.push(records ? RECORDS : ARR);
			} else if (c === 125 || c === 93) {
				stack.pop();
				if (c === 125 && stack.length === recordDepth && (recordDepth > 0 || topIsRecord)) {
					const bytes = parts.length === 0 ? chunk.subarray(from, i + 1) : Buffer.concat([...parts, chunk.subarray(0, i + 1)]);
					recordDepth = -1;
					parts = [];
					if (onRecord(bytes, recordOffset, ++ordinal) === false) return {};
				}
			}
		}
		if (recordDepth >= 0) {
			parts.push(chunk.subarray(from));
			from = 0;
		}
		position += n;
	}
	return recordDepth >= 0 ? {cutShort: ordinal + 1} : {};
}
