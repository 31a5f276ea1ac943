/**
 * Offline records: our NDJSON/JSON/CSV exports, Graph page files (`{"value": [...]}`, several pages concatenated
 * too), legacy Azure AD Graph records, and the admin center's JSON and CSV downloads. The Query's clauses are
 * evaluated locally with the server's meaning. A record is output as the text it came in (`recordJson`); what is
 * left out (a line that is not an object, a record without a time, a CSV quote never closed) is counted and told.
 */
import {open, stat} from 'node:fs/promises';
import {resolve} from 'node:path';
import {evaluate, hasRaw} from '../query/filter.js';
import type {ResolvedQuery} from '../query/query.js';
import {QueryError, graphTimeText, parseInstant} from '../query/time.js';
import type {GraphRecord, ReportDefinition, ReportId} from '../reports/report.js';
import {provisioningActionOf} from '../reports/provisioning.js';
import {sanitizeLine} from '../terminal/sanitize.js';
import {keepRawText, type RecordSource, type SourcePage} from './source.js';
import {CsvQuoteError, csvCellValue, fromCsvFormula, parseCsv} from '../export/csv.js';
import {JsonLayoutError, indexRecords, readLines, scanJsonRecords, type LineIndex, type RecordLayout} from './record-index.js';
import {jsonSyntaxError, lineAndColumn} from './json-syntax.js';
import {Skipped, type SkipReason} from './skipped.js';
import {jsonText} from '../reports/json-text.js';
import {adminCenterKey} from '../reports/admin-center.js';

/** A file that cannot be read as records: bad input, like a bad query (the CLI exits 2). */
export class FileFormatError extends QueryError {}

const PAGE = 1000;

export class FileSource implements RecordSource {
	readonly origin: string;
	private loaded?: Promise<Loaded>;
	/** Records left out while reading pages (indexing counts the others). */
	private readonly late = new Skipped();
	private cut?: number;
	private said?: string;

	constructor(
		private readonly path: string,
		private readonly resolved: ResolvedQuery,
		/** Told what was left out (lines skipped, a last line cut short): the CLI prints it, the TUI shows it in the status bar. */
		private readonly onNote?: (message: string) => void,
	) {
		this.origin = '0';
		if (hasRaw(resolved.server)) throw new QueryError('a raw --filter cannot be applied to a file; use the field options instead');
	}

	/** Reads the file's layout and indexes it, so that a file that cannot be read fails before anything is written. */
	async ready(): Promise<void> {
		await (this.loaded ??= this.loadOnce());
	}

	async *pages(signal?: AbortSignal, from?: string): AsyncIterable<SourcePage> {
		const loaded = await (this.loaded ??= this.loadOnce());
		if (loaded.index.skippedTail !== undefined) this.cut = loaded.index.skippedTail;
		this.tell(loaded);
		const match = (r: GraphRecord): boolean =>
			(!this.resolved.server || evaluate(this.resolved.server, r)) && (!this.resolved.local || evaluate(this.resolved.local, r));
		const total = loaded.index.order.length;
		// Newest first as loaded; oldest first reads the same order from its end. `from` counts in the query's order.
		const oldest = this.resolved.order === 'oldest';
		const window = <T>(all: readonly T[], i: number): T[] => (oldest ? all.slice(Math.max(0, total - i - PAGE), total - i).reverse() : all.slice(i, i + PAGE));
		for (let i = from ? Number(from) : 0; i < total; i += PAGE) {
			signal?.throwIfAborted();
			const positions = window(loaded.index.order, i);
			const lines = await readLines(this.path, loaded.index, positions);
			const slice: GraphRecord[] = [];
			for (const [k, line] of lines.entries()) {
				const position = positions[k]!;
				const lineNumber = loaded.index.lineNumbers[position]!;
				let record: GraphRecord | SkipReason;
				try {
					record = loaded.read(line, lineNumber, loaded.index.offsets[position]!);
				} catch (error) {
					if (!(error instanceof RecordSyntaxError)) throw error;
					if (position !== loaded.index.unterminated) throw await error.located(this.path);
					record = 'not-object';
				}
				if (typeof record !== 'string') slice.push(record);
				// A last line with no line end, as an interrupted write leaves it, is said apart.
				else if (position === loaded.index.unterminated && record !== 'no-time') this.cut = lineNumber;
				else this.late.add(record, lineNumber);
			}
			this.tell(loaded);
			yield {records: slice.filter(match), fetched: slice.length, next: i + PAGE < total ? String(i + PAGE) : undefined, from: String(i)};
		}
	}

	/** One note for all that was left out, given again only when it changes. */
	private tell(loaded: Loaded): void {
		const parts: string[] = [];
		const skipped = loaded.index.skipped.plus(this.late).describe(loaded.unit);
		if (skipped) parts.push(skipped);
		if (this.cut !== undefined) parts.push(`${loaded.unit} ${this.cut}, the last, is cut short (an interrupted write?) and was left out`);
		if (parts.length === 0) return;
		const message = skipped ? `${this.path}: ${parts.join('; ')}` : `${this.path} ${parts[0]}`;
		if (message === this.said) return;
		this.said = message;
		this.onNote?.(message);
	}

	/**
	 * The file as loaded for the previous query when it has not changed since (a filter change, a pivot, an export
	 * from the TUI): indexing a large file takes seconds, reading a page of it milliseconds.
	 */
	private async loadOnce(): Promise<Loaded> {
		let key: string;
		try {
			const s = await stat(this.path);
			key = [resolve(this.path), this.resolved.report.id, s.size, s.mtimeMs, s.ino].join('\0');
		} catch (error) {
			throw cannotRead(this.path, error);
		}
		if (lastLoaded?.key !== key) {
			const loaded = this.load();
			lastLoaded = {key, loaded};
			loaded.catch(() => { if (lastLoaded?.key === key) lastLoaded = undefined; });
		}
		return lastLoaded.loaded;
	}

	/**
	 * Every layout is indexed and read back by page, whatever the file's size: NDJSON, JSON written a record per line
	 * and CSV by line; other JSON (pretty-printed arrays, Graph page files) record by record.
	 */
	private async load(): Promise<Loaded> {
		const report = this.resolved.report;
		let head: string;
		try {
			head = await readHead(this.path, 1 << 20);
		} catch (error) {
			throw cannotRead(this.path, error);
		}
		const shape = layoutOf(head);
		if (!shape.layout) throw notRecords(this.path, shape);
		const read = reader(shape.layout, shape.header, report);
		const tf = report.timeField;
		let index: LineIndex;
		try {
			index = await indexRecords(this.path, shape.layout, tf, (text, n, offset) => {
				const r = read(text, n, offset);
				return typeof r === 'string' ? r : parseInstant(r[tf])!;
			});
		} catch (error) {
			if (error instanceof JsonLayoutError) throw new FileFormatError(`${this.path} is ${error.message}`);
			if (error instanceof RecordSyntaxError) throw await error.located(this.path);
			throw error;
		}
		return {index, read, unit: shape.layout === 'json' ? 'record' : 'line'};
	}
}

/** The one file kept loaded between queries (see `loadOnce`). */
let lastLoaded: {readonly key: string; readonly loaded: Promise<Loaded>} | undefined;

interface Loaded {
	readonly index: LineIndex;
	/**
	 * A record from its text (its line number and file offset for messages), or why it is left out. Throws
	 * RecordSyntaxError for a record of a JSON document that does not parse.
	 */
	readonly read: (text: string, lineNumber: number, offset: number) => GraphRecord | SkipReason;
	readonly unit: 'line' | 'record';
}

interface Shape {
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
function layoutOf(head: string): Shape {
	const all = head.replace(/^\uFEFF/, '').split('\n');
	// The last line of the head may be cut by the read: only whole lines decide, unless there is just the one.
	if (all.length > 1 && !head.endsWith('\n')) all.pop();
	const lines = all.map((text, i) => ({text: text.trim(), line: i + 1})).filter(l => l.text !== '');
	if (lines.length === 0) return {empty: head.trim() === '', header: [], candidates: []};
	const first = lines[0]!.text;
	if (/^[[{]/.test(first)) {
		const arrayLines = first === '[' && lines.length > 2;
		const candidates = (arrayLines ? lines.slice(1) : lines)
			.filter(l => !(arrayLines && l.text === ']'))
			.slice(0, 20)
			.map(l => ({text: arrayLines ? l.text.replace(/,$/, '') : l.text, line: l.line}));
		// Two whole objects on lines of their own (one after `[`) make it line by line; a line that is not one is
		// skipped and counted then. Graph pages on a line each (objects with `value`) are read record by record.
		const parsed = candidates.map(c => tryParse(c.text)).filter(p => p !== undefined);
		const recordLines = parsed.length >= (arrayLines ? 1 : 2) && !parsed.some(p => Array.isArray(p['value']));
		return {layout: recordLines ? (arrayLines ? 'json-lines' : 'ndjson') : 'json', header: [], candidates};
	}
	let header: string[] = [];
	try {
		header = parseCsv(first)[0] ?? [];
	} catch {
		// a header with a quote never closed: not CSV we can read
	}
	return {layout: header.length >= 2 ? 'csv' : undefined, header, candidates: []};
}

function notRecords(path: string, shape: Shape): FileFormatError {
	return new FileFormatError(shape.empty ? `${path} is empty` : `${path} is neither JSON, NDJSON nor CSV`);
}

/** A record of a JSON document that JSON.parse refuses; `located` says where, in the file's lines and columns. */
class RecordSyntaxError extends Error {
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
		return new FileFormatError(`${path} is not valid JSON at line ${this.lineNumber + at.line - 1}, column ${column} (${problem.reason})`);
	}
}

/** The 1-based column of a file offset (counting characters back to the line's start, up to 64 KiB). */
async function columnOf(path: string, offset: number): Promise<number> {
	const from = Math.max(0, offset - (1 << 16));
	const fh = await open(path, 'r');
	try {
		const buf = Buffer.alloc(offset - from);
		await fh.read(buf, 0, buf.length, from);
		return buf.subarray(buf.lastIndexOf(10) + 1).toString('utf8').replace(/^\uFEFF/, '').length + 1;
	} finally {
		await fh.close();
	}
}

/**
 * How a layout's records are read: CSV rows through the header, typed by column; NDJSON lines; JSON records (whose
 * text may span lines: kept as one line for output). Each record keeps its text for output (`keepRawText`).
 */
function reader(layout: RecordLayout, header: readonly string[], report: ReportDefinition): (text: string, lineNumber: number, offset: number) => GraphRecord | SkipReason {
	return (text, lineNumber, offset) => {
		if (layout === 'csv') {
			let row: string[];
			try {
				row = parseCsv(text, text.includes('\n'))[0] ?? [];
			} catch (error) {
				if (error instanceof CsvQuoteError) return 'unclosed-quote';
				throw error;
			}
			return normalize(fromCsvRow(header, row, report), report) ?? 'no-time';
		}
		const own = text.replace(/^\uFEFF/, '');
		let value: unknown;
		try {
			value = JSON.parse(own);
		} catch {
			// A line of NDJSON stands alone; a JSON document (an array, a page) is one text that is not valid.
			if (layout !== 'ndjson') throw new RecordSyntaxError(own, lineNumber, offset);
			return 'not-object';
		}
		if (!value || typeof value !== 'object' || Array.isArray(value)) return 'not-object';
		const parsed = value as Record<string, unknown>;
		const record = normalize(parsed, report);
		if (!record) return 'no-time';
		keepRawText(record, own);
		return record;
	};
}

function tryParse(line: string): Record<string, unknown> | undefined {
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
	let head: string;
	try {
		head = await readHead(path, 2_000_000);
	} catch (error) {
		throw cannotRead(path, error);
	}
	const shape = layoutOf(head);
	if (!shape.layout) throw notRecords(path, shape);
	if (shape.layout === 'csv') return reportOf(shape.header);
	let first: Record<string, unknown> | undefined;
	if (shape.layout === 'json') {
		let broken: RecordSyntaxError | undefined;
		try {
			await scanJsonRecords(path, (bytes, offset, _ordinal, line) => {
				const text = bytes.toString('utf8');
				first = tryParse(text);
				if (!first) broken = new RecordSyntaxError(text, line, offset);
				return false;
			});
		} catch (error) {
			if (error instanceof JsonLayoutError) throw new FileFormatError(`${path} is ${error.message}`);
			throw error;
		}
		if (broken) throw await broken.located(path);
	} else {
		first = shape.candidates.map(c => tryParse(c.text)).find(r => r !== undefined);
	}
	if (!first) return undefined;
	const error = first['error'];
	if (error && typeof error === 'object' && typeof (error as Record<string, unknown>)['code'] === 'string' && Object.keys(first).length <= 2) {
		const {code, message} = error as Record<string, unknown>;
		const words = sanitizeLine(`${String(code)} ${typeof message === 'string' ? message : ''}`.trim()).slice(0, 300);
		throw new FileFormatError(`${path}: this file holds a Graph error: ${words}`);
	}
	return reportOf(Object.keys(first));
}

/** The report of a record's property names or a CSV's column names (ours: Graph's names; the admin center's: its own). */
function reportOf(names: readonly string[]): ReportId | undefined {
	const keys = names.map(k => k.toLowerCase().replace(/[^a-z]/g, ''));
	if (keys.some(k => ['createddatetime', 'signindatetime', 'signinerrorcode', 'requestid'].includes(k))) return 'signins';
	if (keys.some(k => ['provisioningsteps', 'jobid', 'provisioningaction', 'cycleid', 'changeid'].includes(k))) return 'provisioning';
	if (keys.some(k => ['activitydisplayname', 'activitydatetime', 'activitydate', 'activity', 'category'].includes(k))) return 'audits';
	return undefined;
}

/** A file that cannot be read, in plain words. */
function cannotRead(path: string, error: unknown): FileFormatError {
	const code = (error as NodeJS.ErrnoException).code;
	const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : code === 'EACCES' || code === 'EPERM' ? 'permission denied' : code ?? (error as Error).message;
	return new FileFormatError(`cannot read ${path}: ${why}`);
}

async function readHead(path: string, bytes: number): Promise<string> {
	const fh = await open(path, 'r');
	try {
		const buf = Buffer.alloc(bytes);
		const {bytesRead} = await fh.read(buf, 0, bytes, 0);
		return buf.subarray(0, bytesRead).toString('utf8');
	} finally {
		await fh.close();
	}
}

function fromCsvRow(header: readonly string[], row: readonly string[], report: ReportDefinition): Record<string, unknown> {
	const out: Record<string, unknown> = {};
	header.forEach((name, i) => {
		const cell = row[i] ?? '';
		if (cell === '') return;
		// Our own export: dotted paths (status.errorCode), formula-like text disarmed; a portal download: display names,
		// mapped by the report's own table (reports/*.columns.ts).
		const ours = name.includes('.') || /^[a-z][A-Za-z0-9_]*$/.test(name);
		const key = ours ? name : report.backends.adminCenterCsv[adminCenterKey(name)];
		if (!key || key.split('.').some(part => UNSAFE_KEYS.has(part))) return;
		const text = ours ? fromCsvFormula(cell) : cell;
		setPath(out, key, key === '@time' ? text : csvCellValue(report.id, key, text));
	});
	const loc = header.findIndex(h => h.toLowerCase() === 'location');
	if (loc >= 0 && row[loc]) out['location'] = splitLocation(row[loc]!);
	return out;
}

/** Column names that would reach an object's prototype rather than a property. */
const UNSAFE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

function splitLocation(cell: string): Record<string, string> {
	const [city = '', state = '', countryOrRegion = ''] = cell.split(',').map(s => s.trim());
	return {city, state, countryOrRegion};
}

function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
	const parts = path.split('.');
	let cur = target;
	for (const p of parts.slice(0, -1)) {
		if (typeof cur[p] !== 'object' || cur[p] === null) cur[p] = {};
		cur = cur[p] as Record<string, unknown>;
	}
	cur[parts[parts.length - 1]!] = value;
}

/**
 * Maps legacy and portal shapes onto Graph's, so the report's fields and columns apply; undefined for a record
 * without a time. A time already in Graph's form is left as it is, every digit (`…41.6195833Z`); another form of it
 * (an offset, a space for `T`) is written in Graph's, with the same digits.
 */
function normalize(input: Record<string, unknown>, report: ReportDefinition): GraphRecord | undefined {
	const r: Record<string, unknown> = {...input};
	const tf = report.timeField;
	if (r['@time'] !== undefined) {
		r[tf] ??= r['@time'];
		delete r['@time'];
	}
	if (r['signinDateTime'] !== undefined && r['createdDateTime'] === undefined) r['createdDateTime'] = r['signinDateTime'];
	if (r['activityDate'] !== undefined && r['activityDateTime'] === undefined) r['activityDateTime'] = r['activityDate'];
	const time = graphTimeText(r[tf]);
	if (time === undefined) return undefined;
	r[tf] = time;
	if (r['loginStatus'] !== undefined && r['status'] === undefined) {
		const failed = Number(r['loginStatus']) === 1;
		r['status'] = {errorCode: failed ? Number(r['signinErrorCode'] ?? 1) || 1 : 0, failureReason: r['failureReason'] ?? null};
	}
	// Older provisioning records and exports carry only the deprecated `action`: filters and columns read it too.
	if (report.id === 'provisioning' && (r['provisioningAction'] === undefined || r['provisioningAction'] === null) && r['action'] !== undefined) {
		r['provisioningAction'] = provisioningActionOf(r);
	}
	if (typeof r['id'] !== 'string' || r['id'] === '') r['id'] = typeof r['id'] === 'number' ? String(r['id']) : `${time}#${jsonText(input).length}`;
	return r as GraphRecord;
}
