/**
 * The records of a JSON file of any size and layout, found by a byte scanner without parsing the file whole: the
 * objects of a top-level array, of the value arrays of Graph page files, or top-level objects; the grammar around
 * them checked (JsonLayoutError says where).
 */
import {createReadStream} from 'node:fs';

/** The JSON around the records breaks the grammar (a trailing comma, a missing one, text that is not JSON). */
export class JsonLayoutError extends Error {
	constructor(
		readonly line: number,
		readonly reason: string,
		readonly column: number,
	) {
		super(`not valid JSON at line ${line}, column ${column} (${reason})`);
	}
}

/**
 * The records of a JSON file of any size and layout, without parsing it whole: the objects of a top-level array
 * (an admin-center download, pretty-printed or not), of the `value` array of top-level objects (Graph page files,
 * one or several, concatenated or a page a line), or top-level objects that have no `value` array (NDJSON).
 * `onRecord` gets each record's bytes, its file offset, its number (1-based) and the line it starts on; returning
 * false stops the scan. An element of a records array that is not an object goes to `onNonObject` (its line). The
 * grammar around the records is checked (commas, brackets: JsonLayoutError); each record's own text is JSON.parse's.
 * Returns the number of a record the file ends inside (cut short), if any.
 */
export async function scanJsonRecords(
	path: string | AsyncIterable<Buffer>,
	onRecord: (bytes: Buffer, offset: number, ordinal: number, line: number) => boolean | void,
	onNonObject?: (line: number) => void,
	/** Told after each chunk (1 MiB) is scanned. */
	onChunk?: () => void,
	/**
	 * A record longer than `max` bytes is not kept (its bytes could not become a string): `on` gets its line instead of
	 * `onRecord` its bytes, and memory holds none of it.
	 */
	oversized?: {readonly max: number; readonly on: (line: number) => void},
): Promise<{readonly cutShort?: number}> {
	const OBJ = 1;
	const ARR = 2;
	const RECORDS = 3;
	// The open brackets: only how many, and what the first two are (a records array is one of them: at the top, or in
	// the top object's `value`); inside a record its own grammar is JSON.parse's. A stack of every bracket grew a JS
	// array one element a bracket: a line of 120 million `[` ended node with a fatal error.
	let depth = 0;
	const bottom = [0, 0];
	const openBracket = (kind: number): void => {
		if (depth < 2) bottom[depth] = kind;
		depth++;
	};
	const inRecords = (): boolean => depth > 0 && depth <= 2 && bottom[depth - 1] === RECORDS;
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
	let recordLine = 1;
	let parts: Buffer[] = [];
	/** The bytes of the record in `parts`, or that went by once it was past oversized.max (`over`). */
	let partsLength = 0;
	let over = false;
	let from = 0;
	// A top-level object is a record itself unless it holds a `value` array of records.
	let topIsRecord = false;
	let position = 0;
	// Directly inside the records array: what may come next, and whether a number or literal is being read.
	let expect: 'value-or-close' | 'value' | 'comma-or-close' = 'value-or-close';
	let inScalar = false;
	// Lines: counted up to `counted` in the current chunk; `lineStart` is the file offset where the line starts.
	let line = 1;
	let lineStart = 0;
	let counted = 0;
	/** The chunk's first line break at or after `counted` (-1: none; -2: not looked for), so that a chunk without one is searched once, not once a record. */
	let nextBreak = -2;
	// Not closures over the chunk: the hot loop below reads it, and a captured variable is slower to read.
	const lineAt = (buf: Buffer, i: number): number => {
		if (nextBreak === -2 || (nextBreak >= 0 && nextBreak < i)) {
			let nl = nextBreak === -2 ? buf.indexOf(10, counted) : nextBreak;
			for (; nl >= 0 && nl < i; nl = buf.indexOf(10, nl + 1)) {
				line++;
				lineStart = position + nl + 1;
			}
			nextBreak = nl;
		}
		counted = Math.max(counted, i);
		return line;
	};
	const fail = (buf: Buffer, i: number, reason: string): never => {
		const l = lineAt(buf, i);
		const inChunk = Math.max(0, lineStart - position);
		throw new JsonLayoutError(
			l,
			reason,
			Math.max(0, position - lineStart) + buf.toString('utf8', inChunk, i).length + 1,
		);
	};
	// A path is read in 1 MB chunks; a response body (Graph's pages, for export) is scanned as it arrives.
	const chunks = typeof path === 'string' ? createReadStream(path, {highWaterMark: 1 << 20}) : path;
	for await (const chunk of chunks as AsyncIterable<Buffer>) {
		from = 0;
		counted = 0;
		nextBreak = -2;
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
			// Inside a record only strings and brackets matter (its own grammar is JSON.parse's): the common case, first.
			if (recordDepth >= 0 && c !== 34 && c !== 123 && c !== 125 && c !== 91 && c !== 93) continue;
			const space = c === 32 || c === 10 || c === 13 || c === 9;
			if (depth === 0) {
				// Between top-level values: only white space (and a byte order mark at the very start).
				if (!space && c !== 123 && c !== 91 && !(position + i < 3 && (c === 0xef || c === 0xbb || c === 0xbf))) {
					fail(chunk, i, c === 44 ? 'a comma after the end of the JSON value' : 'text that is not JSON');
				}
			} else if (recordDepth < 0 && inRecords()) {
				// Directly in the array of records: records, commas, the closing bracket; anything else is not an object.
				if (space || c === 44 || c === 93) inScalar = false;
				if (c === 44) {
					if (expect !== 'comma-or-close')
						fail(chunk, i, expect === 'value' ? 'two commas in a row' : 'a comma before the first record');
					expect = 'value';
					continue;
				}
				if (c === 93 && expect === 'value') fail(chunk, i, "a trailing comma before ']'");
				if (c === 125) fail(chunk, i, "a '}' that closes nothing");
				if (!space && c !== 93 && !inScalar) {
					if (expect === 'comma-or-close') fail(chunk, i, "expected ',' or ']' between records");
					expect = 'comma-or-close';
					if (c !== 123) {
						onNonObject?.(lineAt(chunk, i));
						if (c !== 34 && c !== 91) {
							inScalar = true;
							continue;
						}
					}
				} else if (inScalar) continue;
			}
			if (c === 34) {
				inString = true;
				collectKey = depth === 1 && bottom[0] === OBJ;
				key = '';
			} else if (c === 123) {
				if (depth === 0) {
					topIsRecord = true;
					recordDepth = 0;
					recordOffset = position + i;
					recordLine = lineAt(chunk, i);
					from = i;
					parts = [];
					partsLength = 0;
					over = false;
				} else if (recordDepth < 0 && inRecords()) {
					recordDepth = depth;
					recordOffset = position + i;
					recordLine = lineAt(chunk, i);
					from = i;
					parts = [];
					partsLength = 0;
					over = false;
				}
				openBracket(OBJ);
			} else if (c === 91) {
				const records = depth === 0 || (depth === 1 && bottom[0] === OBJ && lastKey === 'value');
				if (records && depth === 1) {
					// A page file: its records are in here, the page object itself is not one.
					topIsRecord = false;
					recordDepth = -1;
					parts = [];
				}
				if (records) expect = 'value-or-close';
				openBracket(records ? RECORDS : ARR);
			} else if (c === 125 || c === 93) {
				if (depth === 0) fail(chunk, i, `a '${c === 125 ? '}' : ']'}' that closes nothing`);
				depth--;
				if (c === 125 && depth === recordDepth && (recordDepth > 0 || topIsRecord)) {
					recordDepth = -1;
					if (over || (oversized && partsLength + i + 1 - from > oversized.max)) {
						parts = [];
						over = false;
						++ordinal;
						oversized!.on(recordLine);
						continue;
					}
					const bytes =
						parts.length === 0 ? chunk.subarray(from, i + 1) : Buffer.concat([...parts, chunk.subarray(0, i + 1)]);
					parts = [];
					if (onRecord(bytes, recordOffset, ++ordinal, recordLine) === false) return {};
				}
			}
		}
		if (recordDepth >= 0) {
			partsLength += n - from;
			if (oversized && partsLength > oversized.max) over = true;
			if (over) parts = [];
			else parts.push(chunk.subarray(from));
			from = 0;
		}
		lineAt(chunk, n);
		position += n;
		onChunk?.();
	}
	return recordDepth >= 0 ? {cutShort: ordinal + 1} : {};
}
