/**
 * What a file holds, from its first bytes: its layout (NDJSON, JSON a record per line, CSV, other JSON), which report
 * its records are, and why it holds none (empty, not JSON at a line and column, a saved Graph error). Reading its
 * records is file-records.ts; paging through them, file-source.ts.
 */
import {openForReading, openRegularNow} from '../fs/read-handle.js';
import {QueryError} from '../query/time.js';
import type {ReportId} from '../reports/report.js';
import {sanitizeLine} from '../terminal/sanitize.js';
import {parseCsv} from '../export/csv.js';
import type {RecordLayout} from './record-index.js';
import {JsonLayoutError, scanJsonRecords} from './json-scan.js';
import {jsonSyntaxError, lineAndColumn} from './json-syntax.js';
import {MAX_RECORD_BYTES} from './skipped.js';

/** A file that cannot be read as records: bad input, like a bad query (the CLI exits 2). */
export class FileFormatError extends QueryError {}

export interface Shape {
	readonly layout?: RecordLayout;
	readonly empty?: boolean;
	/** CSV: the header's cells. */
	readonly header: readonly string[];
	/** NDJSON and JSON a record per line: the first lines that hold records, with their numbers. */
	readonly candidates: ReadonlyArray<{readonly text: string; readonly line: number}>;
}

/**
 * How a file is laid out, from its first MiB: NDJSON (an object per line), a JSON array an object per line (our JSON
 * export), CSV (a header of two cells or more), or any other JSON (pretty-printed, Graph page files). Blank lines
 * before the first record do not decide; neither does a first line that is broken.
 */
export function layoutOf(head: string): Shape {
	return layout(head).shape;
}

/**
 * layoutOf, and whether its answer is `decided` by the head's first lines alone: a CSV's header line, or the 20 lines
 * of JSON it looks at. A longer head that starts with the same whole lines then has the same layout.
 */
function layout(head: string): {readonly shape: Shape; readonly decided: boolean} {
	const all = head.replace(/^\uFEFF/, '').split('\n');
	// The last line of the head may be cut by the read: only whole lines decide, unless there is just the one.
	const cut = all.length > 1 && !head.endsWith('\n') ? all.pop()! : '';
	const lines = all.map((text, i) => ({text: text.trim(), line: i + 1})).filter(l => l.text !== '');
	if (lines.length === 0) return {shape: {empty: head.trim() === '', header: [], candidates: []}, decided: false};
	const first = lines[0]!.text;
	if (/^[[{]/.test(first)) {
		const arrayLines = first === '[' && lines.length > 2;
		const candidates = (arrayLines ? lines.slice(1) : lines)
			.filter(l => !(arrayLines && l.text === ']'))
			.slice(0, CANDIDATES)
			.map(l => ({text: arrayLines ? l.text.replace(/,$/, '') : l.text, line: l.line}));
		// Two whole objects on lines of their own (one after `[`) make it line by line; a line that is not one is
		// skipped and counted then. Graph pages on a line each (objects with `value`) are read record by record.
		const parsed = candidates.map(c => tryParse(c.text)).filter(p => p !== undefined);
		// So does one, when a line longer than the rest of the head comes after it (a record of megabytes, or junk of
		// any kind: an object and then more is no one JSON text): read as one, a line of `{` took every record after it
		// with it, and a long line of text refused the whole file (found by an independent check).
		const longNext = !arrayLines && lines.length === 1 && cut.length >= LONG_LINE;
		const recordLines =
			parsed.length >= (arrayLines || longNext ? 1 : 2) && !parsed.some(p => Array.isArray(p['value']));
		return {
			shape: {layout: recordLines ? (arrayLines ? 'json-lines' : 'ndjson') : 'json', header: [], candidates},
			decided: candidates.length === CANDIDATES,
		};
	}
	let header: string[] = [];
	try {
		header = parseCsv(first)[0] ?? [];
	} catch {
		// a header with a quote never closed: not CSV we can read
	}
	return {shape: {layout: header.length >= 2 ? 'csv' : undefined, header, candidates: []}, decided: true};
}

/** The lines of JSON whose records tell the layout. */
const CANDIDATES = 20;
/** A line cut by the head's end that is at least this long makes one whole record before it enough (layout). */
const LONG_LINE = 1 << 16;

/**
 * `layoutOf` the file's first `limit` bytes, reading only as far as its answer is decided: a first read of 256 KiB
 * holds the lines it looks at unless records are long. Those whole lines are the same text in any longer head (a
 * line break byte is never part of a UTF-8 character), so the answer is the same as from the whole head.
 */
export async function shapeOf(path: string, limit: number): Promise<Shape> {
	// A regular file's head is read at once (read-handle.ts): no wait for the thread pool before the first frame.
	const fh = openRegularNow(path) ?? (await openForReading(path));
	try {
		// `open` asks twice before its first frame (which report, then the file's pages): the second time, an unchanged
		// file's answer is the first's (its 20 records parsed once, not twice).
		const s = await fh.stat();
		const file = [path, s.dev, s.ino, s.size, s.mtimeMs, s.ctimeMs].join('\0');
		if (lastShape?.file === file && lastShape.read <= limit) return lastShape.shape;
		const keep = (shape: Shape, read: number): Shape => {
			lastShape = {file, shape, read};
			return shape;
		};
		for (let size = Math.min(limit, 1 << 18); ; size = Math.min(limit, size * 4)) {
			// Only the bytes read are decoded.
			const buf = Buffer.allocUnsafe(size);
			const {bytesRead} = await fh.read(buf, 0, size, 0);
			if (bytesRead < size) return keep(layoutOf(buf.toString('utf8', 0, bytesRead)), bytesRead);
			if (size >= limit) return layoutOf(buf.toString('utf8', 0, bytesRead));
			const cut = buf.lastIndexOf(10);
			if (cut < 0) continue;
			const {shape, decided} = layout(buf.toString('utf8', 0, cut + 1));
			if (decided) return keep(shape, size);
		}
	} finally {
		await fh.close();
	}
}

/**
 * The last answer of `shapeOf` that any longer head gives too: from the whole file (`read` bytes), or decided by the
 * lines of its first `read` bytes (a look with a limit of at least that reads the same bytes and decides the same).
 */
let lastShape: {readonly file: string; readonly shape: Shape; readonly read: number} | undefined;

export function notRecords(path: string, shape: Shape): FileFormatError {
	return new FileFormatError(shape.empty ? `${path} is empty` : `${path} is neither JSON, NDJSON nor CSV`);
}

/** A record of a JSON document that JSON.parse refuses; `located` says where, in the file's lines and columns. */
export class RecordSyntaxError extends Error {
	constructor(
		readonly text: string,
		readonly lineNumber: number,
		readonly offset: number,
	) {
		super('not valid JSON');
	}

	async located(path: string): Promise<FileFormatError> {
		const problem = jsonSyntaxError(this.text) ?? {offset: 0, reason: 'not a JSON object'};
		const at = lineAndColumn(this.text, problem.offset);
		// On the record's first line, the column counts from the start of the file's line, before the record.
		const column = at.line === 1 ? (await columnOf(path, this.offset)) + at.column - 1 : at.column;
		return new FileFormatError(
			`${path} is not valid JSON at line ${this.lineNumber + at.line - 1}, column ${column} (${problem.reason})`,
		);
	}
}

/** The 1-based column of a file offset (counting characters back to the line's start, up to 64 KiB). */
async function columnOf(path: string, offset: number): Promise<number> {
	const from = Math.max(0, offset - (1 << 16));
	const fh = await openForReading(path);
	try {
		const buf = Buffer.alloc(offset - from);
		await fh.read(buf, 0, buf.length, from);
		return (
			buf
				.subarray(buf.lastIndexOf(10) + 1)
				.toString('utf8')
				.replace(/^\uFEFF/, '').length + 1
		);
	} finally {
		await fh.close();
	}
}

export function tryParse(line: string): Record<string, unknown> | undefined {
	try {
		const v = JSON.parse(line) as unknown;
		return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
	} catch {
		return undefined;
	}
}

/**
 * Which report a file holds: from a CSV's header, or the first record of JSON. A file that holds no records says
 * why: empty, not JSON where it should be (with the line and column), or a Graph error body saved as a file.
 */
export async function sniffReport(path: string): Promise<ReportId | undefined> {
	let shape: Shape;
	try {
		shape = await shapeOf(path, 2_000_000);
	} catch (error) {
		throw cannotRead(path, error);
	}
	if (!shape.layout) throw notRecords(path, shape);
	if (shape.layout === 'csv') return reportOf(shape.header);
	let first: Record<string, unknown> | undefined;
	if (shape.layout === 'json') {
		let broken: RecordSyntaxError | undefined;
		try {
			await scanJsonRecords(
				path,
				(bytes, offset, _ordinal, line) => {
					const text = bytes.toString('utf8');
					first = tryParse(text);
					if (!first) broken = new RecordSyntaxError(text, line, offset);
					return false;
				},
				undefined,
				undefined,
				// A first record too long to read tells nothing (the index skips it and says so): the next one tells.
				{max: MAX_RECORD_BYTES, on: () => undefined},
			);
		} catch (error) {
			if (error instanceof JsonLayoutError) throw new FileFormatError(`${path} is ${error.message}`);
			throw error;
		}
		if (broken) throw await broken.located(path);
	} else {
		for (const c of shape.candidates) if ((first = tryParse(c.text))) break;
	}
	if (!first) return undefined;
	const error = first['error'];
	if (
		error &&
		typeof error === 'object' &&
		typeof (error as Record<string, unknown>)['code'] === 'string' &&
		Object.keys(first).length <= 2
	) {
		const {code, message} = error as Record<string, unknown>;
		const words = sanitizeLine(`${String(code)} ${typeof message === 'string' ? message : ''}`.trim()).slice(0, 300);
		throw new FileFormatError(`${path}: this file holds a Graph error: ${words}`);
	}
	return reportOf(Object.keys(first));
}

/** The report of a record's property names or a CSV's column names (ours: Graph's names; the admin center's: its own). */
function reportOf(names: readonly string[]): ReportId | undefined {
	const keys = names.map(k => k.toLowerCase().replace(/[^a-z]/g, ''));
	if (keys.some(k => ['createddatetime', 'signindatetime', 'signinerrorcode', 'requestid'].includes(k)))
		return 'signins';
	if (keys.some(k => ['provisioningsteps', 'jobid', 'provisioningaction', 'cycleid', 'changeid'].includes(k)))
		return 'provisioning';
	if (keys.some(k => ['activitydisplayname', 'activitydatetime', 'activitydate', 'activity', 'category'].includes(k)))
		return 'audits';
	return undefined;
}

/** A file that cannot be read, in plain words. */
export function cannotRead(path: string, error: unknown): FileFormatError {
	const code = (error as NodeJS.ErrnoException).code;
	const why =
		code === 'ENOENT'
			? 'no such file'
			: code === 'EISDIR'
				? 'it is a directory'
				: code === 'EACCES' || code === 'EPERM'
					? 'permission denied'
					: (code ?? (error as Error).message);
	return new FileFormatError(`cannot read ${path}: ${why}`);
}
