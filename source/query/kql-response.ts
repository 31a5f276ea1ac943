/**
 * A Log Analytics query response (`tables` → `columns` → `rows`, shared/log-analytics.md §1.3) read back into
 * Graph-shaped records: each column to its property (the report's `backends.logAnalytics`), JSON held in string columns parsed, `ResultType`
 * ("50126") to `status.errorCode` (50126), and the original row kept under ROW_KEY. Rows are untrusted: any cell may
 * hold any JSON, and no row throws; a row that cannot become a record (no Id) is counted, never dropped silently.
 */
import type {ColumnMapping, ReportTables, TableName} from '../reports/log-analytics.js';
import {stringEnd} from '../graph/page-records.js';
import {TABLE_EVENT_TYPE} from '../reports/sign-ins.columns.js';
import {reportById} from '../reports/index.js';
import type {KeysetCursor} from './kql.js';
import type {GraphRecord, ReportId} from '../reports/report.js';

/** Where a record keeps the row it came from, cell for cell as the service sent it (not a Graph property). */
export const ROW_KEY = '@logAnalytics.row';

export class LaResponseError extends Error {}

export interface ReadResponse {
	readonly records: GraphRecord[];
	/** Rows in the response (records plus skipped). */
	readonly rows: number;
	/** Rows that became no record, by reason ("without an Id"). */
	readonly skipped: Readonly<Record<string, number>>;
	/** The last row's (TimeGenerated, Id): where the next page starts. */
	readonly cursor?: KeysetCursor;
	/** A 200 that carries an `error` (PartialError): one line to show, never to hide. */
	readonly partial?: string;
}

/** A row whose bytes are not JSON (a sliced answer's row is parsed only when read). */
const NOT_JSON = Symbol('not JSON');

/**
 * A query's answer as it came (one Buffer), with each row of its first table left as its bytes until it is read
 * (queryAnswerOf): a page of thousands of rows never lives as objects all at once, only the row being read does.
 * readQueryResponse, pageOutline and tableRows take it as they take a parsed body.
 */
export class QueryAnswer {
	constructor(
		/** The body parsed with each of those rows written as `[]`: its tables, columns and `error`. */
		readonly head: Record<string, unknown>,
		private readonly bytes: Buffer,
		/** Where each row's JSON array starts and ends in `bytes`, in order: the `[]`s of head's first table. */
		private readonly starts: readonly number[],
		private readonly ends: readonly number[],
	) {}

	/** How many rows are kept as bytes (0: head is the whole body, parsed). */
	get sliced(): number {
		return this.starts.length;
	}

	/** The whole body parsed (rows and all). */
	parsed(): Record<string, unknown> {
		return this.sliced === 0 ? this.head : parseObject(this.bytes.toString('utf8'));
	}

	/** The cells of the k-th row kept as bytes (NOT_JSON when they do not parse). */
	cells(k: number): unknown {
		try {
			return JSON.parse(this.bytes.toString('utf8', this.starts[k], this.ends[k])) as unknown;
		} catch {
			return NOT_JSON;
		}
	}
}

/**
 * A 200's body as a QueryAnswer. The rows of the first table are found by their brackets and strings alone, in one
 * pass over the bytes (as Graph pages' records are: graph/page-records.ts); the rest of the body, each of those rows
 * written as `[]`, goes to JSON.parse, which says whether the body is whole (an answer cut short never parses). If
 * its first table's rows then are not exactly as many `[]` as rows were sliced (keys written with escapes, a key
 * twice), the whole body is parsed instead. Throws LaResponseError for a body that is not a JSON object.
 */
export function queryAnswerOf(body: Buffer): QueryAnswer {
	const {starts, ends} = sliceRows(body);
	const parts: Buffer[] = [];
	let at = 0;
	for (let i = 0; i < starts.length; i++) {
		parts.push(body.subarray(at, starts[i]), EMPTY_ROW);
		at = ends[i]!;
	}
	parts.push(body.subarray(at));
	const head = parseObject(Buffer.concat(parts).toString('utf8'));
	const table = Array.isArray(head['tables']) ? (head['tables'][0] as unknown) : undefined;
	const rows = isObject(table) && Array.isArray(table['rows']) ? (table['rows'] as unknown[]) : [];
	let arrays = 0;
	for (const row of rows) if (Array.isArray(row) && row.length === 0) arrays++;
	if (arrays === starts.length && rows.every(row => !Array.isArray(row) || row.length === 0))
		return new QueryAnswer(head, body, starts, ends);
	return new QueryAnswer(parseObject(body.toString('utf8')), body, [], []);
}

const EMPTY_ROW = Buffer.from('[]');

function parseObject(text: string): Record<string, unknown> {
	let parsed: unknown;
	try {
		parsed = JSON.parse(text) as unknown;
	} catch {
		throw new LaResponseError(text === '' ? 'an empty answer' : 'an unparsable answer');
	}
	if (!isObject(parsed)) throw new LaResponseError('an unparsable answer');
	return parsed;
}

/**
 * Where each row of the first table starts and ends: the arrays directly inside `rows` of the first object inside
 * `tables` of the top-level object (the last such key of each, as JSON.parse keeps the last of a name twice).
 */
function sliceRows(page: Buffer): {starts: number[]; ends: number[]} {
	let starts: number[] = [];
	let ends: number[] = [];
	const n = page.length;
	let depth = 0;
	/** The last string at depth 1 was "tables" (1), at depth 3 in the first table "rows" (2): the key of what opens next. */
	let key = 0;
	let inTables = false;
	let tables = 0;
	let inFirst = false;
	let inRows = false;
	let start = -1;
	for (let i = 0; i < n; i++) {
		const c = page[i]!;
		if (c === 34) {
			const q = stringEnd(page, i);
			if (q < 0) break;
			if (depth === 1) key = isWord(page, i, q, TABLES) ? 1 : 0;
			else if (depth === 3 && inFirst) key = isWord(page, i, q, ROWS) ? 2 : 0;
			i = q;
		} else if (c === 123 || c === 91) {
			depth++;
			if (depth === 2) {
				inTables = c === 91 && key === 1;
				if (inTables) {
					tables = 0;
					starts = [];
					ends = [];
				}
			} else if (depth === 3 && inTables && c === 123) inFirst = tables++ === 0;
			else if (depth === 4 && inFirst && c === 91 && key === 2) {
				inRows = true;
				starts = [];
				ends = [];
			} else if (depth === 5 && inRows && c === 91) start = i;
		} else if (c === 125 || c === 93) {
			if (depth === 5 && start >= 0 && c === 93) {
				starts.push(start);
				ends.push(i + 1);
				start = -1;
			} else if (depth === 4) inRows = false;
			else if (depth === 3) inFirst = false;
			else if (depth === 2) inTables = false;
			if (--depth < 0) break;
		}
	}
	return {starts, ends};
}

const TABLES = Buffer.from('"tables"');
const ROWS = Buffer.from('"rows"');

/** The string from the quote at `open` to the one at `close` is exactly `word` (quotes included). */
function isWord(page: Buffer, open: number, close: number, word: Buffer): boolean {
	return close + 1 - open === word.length && page.compare(word, 0, word.length, open, close + 1) === 0;
}

const TYPE_SUFFIX = /^(.+)_(string|dynamic|bool|boolean|datetime|guid|int|long|real|decimal|timespan)$/;

/** The rows of the first table as objects keyed by column name, with `dynamic` cells parsed (as the Azure SDK does). */
export function tableRows(body: unknown): {
	rows: Array<Record<string, unknown>>;
	wire: Array<Record<string, unknown>>;
	skipped: number;
	/** The table's column names, in order (a name twice: once). */
	names: readonly string[];
} {
	const rows: Array<Record<string, unknown>> = [];
	const wire: Array<Record<string, unknown>> = [];
	const counts = newCounts();
	for (const [row, raw] of eachRow(body, false, counts)) {
		rows.push(row);
		wire.push(raw);
	}
	return {rows, wire, skipped: counts.skipped + counts.unreadable, names: counts.names};
}

/** What eachRow went through: rows visited, rows not a list of cells, rows whose bytes were not JSON; the names. */
interface RowCounts {
	rows: number;
	skipped: number;
	unreadable: number;
	names: readonly string[];
}

const newCounts = (): RowCounts => ({rows: 0, skipped: 0, unreadable: 0, names: []});

/**
 * Each row of the first table, in order, as `row` (cells by column name, `dynamic` ones parsed) and `raw` (the cells
 * as sent, a new object each time), made as they are taken; `counts` holds what was gone through. With `reuse`,
 * `row` is one object filled again for each row: for a caller that keeps only what it reads from it, so that a
 * page's rows leave no object each behind.
 */
function* eachRow(
	body: unknown,
	reuse: boolean,
	counts: RowCounts,
): Generator<[row: Record<string, unknown>, raw: Record<string, unknown>], void, undefined> {
	const head = body instanceof QueryAnswer ? body.head : body;
	const answer = body instanceof QueryAnswer && body.sliced > 0 ? body : undefined;
	if (!isObject(head) || !Array.isArray(head['tables']))
		throw new LaResponseError('the workspace answered without tables');
	const table = head['tables'][0];
	if (table === undefined) return;
	if (!isObject(table) || !Array.isArray(table['columns']) || !Array.isArray(table['rows'])) {
		throw new LaResponseError('the workspace answered with a table without columns or rows');
	}
	const columns = table['columns'].map(c =>
		isObject(c) && typeof c['name'] === 'string' ? {name: c['name'], type: String(c['type'] ?? '')} : undefined,
	);
	const names = [...new Set(columns.flatMap(c => (c ? [c.name] : [])))];
	counts.names = names;
	// The row as sent goes into a plain object directly, unless a column's name would set its prototype or is one of
	// Object.prototype's (a row is read by name). Each row's objects are copies of one template holding every name in
	// order: V8 keeps such copies in its fast form, where an object filled name by name turns into a dictionary past a
	// dozen names, slower to fill, to read and to write as JSON (what an export does most).
	const plainWire = !names.includes('__proto__');
	const plainRow = plainWire && !names.some(name => name in Object.prototype);
	const template = plainWire ? templateOf(names) : undefined;
	const newRow = (): Record<string, unknown> =>
		plainRow ? {...template} : (Object.create(null) as Record<string, unknown>);
	// Every name is set for every row (each column's cell, the last column of a name last): nothing stays from before.
	const reused = reuse ? newRow() : undefined;
	let k = 0;
	for (const element of table['rows'] as unknown[]) {
		// A sliced answer's rows are read one at a time from their bytes, each left to the GC once visited.
		const cells = answer && Array.isArray(element) ? answer.cells(k++) : element;
		if (!Array.isArray(cells)) {
			if (cells === NOT_JSON) counts.unreadable++;
			else counts.skipped++;
			continue;
		}
		const row = reused ?? newRow();
		const raw: Record<string, unknown> = template ? {...template} : (Object.create(null) as Record<string, unknown>);
		for (let i = 0; i < columns.length; i++) {
			const col = columns[i];
			if (!col) continue;
			const cell: unknown = cells[i];
			raw[col.name] = cell;
			row[col.name] = col.type === 'dynamic' && typeof cell === 'string' ? parseJson(cell, cell) : cell;
		}
		counts.rows++;
		yield [row, plainWire ? raw : {...raw}];
	}
}

/** An object with these own names in this order, each null, in V8's fast form (JSON.parse builds them so). */
function templateOf(names: readonly string[]): Record<string, unknown> {
	return JSON.parse(`{${names.map(name => `${JSON.stringify(name)}:null`).join(',')}}`) as Record<string, unknown>;
}

export function readQueryResponse(report: ReportId, body: unknown, tableHint?: TableName): ReadResponse {
	const read = readQueryRecords(report, body, tableHint);
	const records = [...read];
	return {records, rows: read.rows, skipped: read.skipped, cursor: read.cursor, partial: partialOf(body)};
}

/**
 * A response's records made one at a time as they are taken (iterate once); what readQueryResponse says of the rows
 * (rows, skipped, cursor) holds once they are all taken.
 */
export function readQueryRecords(
	report: ReportId,
	body: unknown,
	tableHint?: TableName,
): Iterable<GraphRecord> & {
	readonly rows: number;
	readonly skipped: Readonly<Record<string, number>>;
	readonly cursor?: KeysetCursor;
} {
	const counts = newCounts();
	const skipped: Record<string, number> = {};
	let cursor: KeysetCursor | undefined;
	function* records(): Generator<GraphRecord, void, undefined> {
		// A union's `Name_type` columns, found once for the table rather than once a cell.
		let twins: ReadonlyMap<string, readonly string[]> | undefined;
		for (const [row, raw] of eachRow(body, true, counts)) {
			const time = row['TimeGenerated'];
			const id = row['Id'];
			if (typeof time === 'string' && typeof id === 'string') cursor = {time, id};
			twins ??= twinColumns(counts.names);
			const record = rowToRecord(report, row, tableHint, twins) as Record<string, unknown> | undefined;
			if (record) {
				record[ROW_KEY] = raw;
				yield record as GraphRecord;
			} else skipped['without an Id'] = (skipped['without an Id'] ?? 0) + 1;
		}
	}
	return {
		[Symbol.iterator]: records,
		get rows() {
			return counts.rows + counts.skipped + counts.unreadable;
		},
		get skipped() {
			return {
				...(counts.skipped > 0 ? {'not a list of cells': counts.skipped} : {}),
				...(counts.unreadable > 0 ? {'not JSON': counts.unreadable} : {}),
				...skipped,
			};
		},
		get cursor() {
			return cursor;
		},
	};
}

/** `partial results: …` for a 200 that carries an `error` (PartialError), else undefined. */
export function partialOf(body: unknown): string | undefined {
	const head = body instanceof QueryAnswer ? body.head : body;
	const error = isObject(head) ? head['error'] : undefined;
	return error === undefined || error === null ? undefined : `partial results: ${errorText(error)}`;
}

/**
 * What a page says about paging without reading its rows into records: how many rows, where the next page starts
 * (the last row's TimeGenerated and Id, as readQueryResponse finds it) and whether it is partial. So that the next
 * page is asked for before this one's rows are read.
 */
export function pageOutline(body: unknown): {rows: number; cursor?: KeysetCursor; partial: boolean} {
	const head = body instanceof QueryAnswer ? body.head : body;
	const answer = body instanceof QueryAnswer && body.sliced > 0 ? body : undefined;
	const partial = isObject(head) && head['error'] !== undefined && head['error'] !== null;
	const table = isObject(head) && Array.isArray(head['tables']) ? head['tables'][0] : undefined;
	if (!isObject(table) || !Array.isArray(table['columns']) || !Array.isArray(table['rows'])) return {rows: 0, partial};
	const columns = table['columns'] as unknown[];
	/** A column's cell as tableRows reads it: the last column of that name, dynamic text parsed. */
	const reader = (name: string): ((cells: unknown[]) => unknown) => {
		for (let i = columns.length - 1; i >= 0; i--) {
			const c = columns[i];
			if (isObject(c) && c['name'] === name) {
				const dynamic = String(c['type'] ?? '') === 'dynamic';
				return cells => (dynamic && typeof cells[i] === 'string' ? parseJson(cells[i] as string, cells[i]) : cells[i]);
			}
		}
		return () => undefined;
	};
	const timeOf = reader('TimeGenerated');
	const idOf = reader('Id');
	const rows = table['rows'] as unknown[];
	// A sliced answer's k-th array is its k-th row's bytes: counted back from the last.
	let k = answer?.sliced ?? 0;
	for (let i = rows.length - 1; i >= 0; i--) {
		const cells = answer && Array.isArray(rows[i]) ? answer.cells(--k) : rows[i];
		if (!Array.isArray(cells)) continue;
		const time = timeOf(cells);
		const id = idOf(cells);
		if (typeof time === 'string' && typeof id === 'string') return {rows: rows.length, cursor: {time, id}, partial};
	}
	return {rows: rows.length, partial};
}

/** Each report's column mappings, parents before children (`status` before `status/errorCode`), paths split. */
const ORDERED = new Map<ReportId, ReadonlyArray<{readonly mapping: ColumnMapping; readonly path: readonly string[]}>>();

function orderedMappings(report: ReportId, map: ReportTables) {
	let ordered = ORDERED.get(report);
	if (!ordered) {
		ordered = [...map.columns]
			.sort((a, b) => depth(a.graph) - depth(b.graph))
			.map(mapping => ({mapping, path: mapping.graph.split('/')}));
		ORDERED.set(report, ordered);
	}
	return ordered;
}

/** Column names by the name they are a `Name_type` twin of, in column order. */
function twinColumns(names: Iterable<string>): ReadonlyMap<string, readonly string[]> {
	const twins = new Map<string, string[]>();
	for (const name of names) {
		const m = TYPE_SUFFIX.exec(name);
		if (!m) continue;
		const list = twins.get(m[1]!);
		if (list) list.push(name);
		else twins.set(m[1]!, [name]);
	}
	return twins;
}

/** One row (cells by column name, `dynamic` ones parsed) as a Graph-shaped record; undefined without an Id. */
export function rowToRecord(
	report: ReportId,
	row: Readonly<Record<string, unknown>>,
	tableHint?: TableName,
	/** The row's twin columns (twinColumns of its names), when the caller found them once for many rows. */
	twins: ReadonlyMap<string, readonly string[]> = twinColumns(Object.keys(row)),
): GraphRecord | undefined {
	const map = reportById(report).backends.logAnalytics;
	const id = cell(row, 'Id', twins);
	if (typeof id !== 'string' || id === '') return undefined;
	const type = cell(row, 'Type', twins);
	const table = (typeof type === 'string' && (map.tables as readonly string[]).includes(type) ? type : tableHint) as
		TableName | undefined;
	const out: Record<string, unknown> = {};
	// Parents before children: `status` (the column) before `status/errorCode` (ResultType) fills into it.
	for (const {mapping, path} of orderedMappings(report, map)) {
		if (table && mapping.tables && !mapping.tables.includes(table)) continue;
		const value = cell(row, mapping.column, twins);
		if (value === undefined) continue;
		const converted = convert(mapping, value);
		if (converted === undefined) continue;
		setPath(out, path, converted, mapping.kind === 'error-code');
	}
	out['id'] = id;
	const time = out[map.timeProperty];
	if (typeof time !== 'string' || time === '') {
		const generated = cell(row, map.timeColumn, twins);
		if (generated !== undefined) out[map.timeProperty] = generated;
	}
	if (report === 'signins') {
		if (!Array.isArray(out['signInEventTypes'])) {
			const t = table ? TABLE_EVENT_TYPE[table] : out['isInteractive'] === true ? 'interactiveUser' : undefined;
			if (t) out['signInEventTypes'] = [t];
		}
		if (out['isInteractive'] === undefined && table) out['isInteractive'] = table === 'SigninLogs';
	}
	return out as GraphRecord;
}

/** A cell by column name, or its `Name_type` twin from a union of tables whose column types differ. */
function cell(
	row: Readonly<Record<string, unknown>>,
	column: string,
	twins: ReadonlyMap<string, readonly string[]>,
): unknown {
	const direct = row[column];
	if (direct !== undefined && direct !== null && direct !== '') return direct;
	for (const name of twins.get(column) ?? []) {
		const value = row[name];
		if (value !== undefined && value !== null && value !== '') return value;
	}
	return direct;
}

function convert(mapping: ColumnMapping, value: unknown): unknown {
	switch (mapping.kind) {
		case 'json':
			if (typeof value !== 'string') return value;
			if (value.trim() === '') return null;
			return /^\s*[[{]/.test(value) ? parseJson(value, value) : value;
		case 'error-code':
		case 'number-text':
		case 'long':
			if (typeof value === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(value)) return Number(value);
			if (typeof value === 'string' && value.trim() === '') return mapping.kind === 'error-code' ? undefined : null;
			return value;
		case 'bool':
			if (typeof value === 'string' && /^(true|false)$/i.test(value)) return value.toLowerCase() === 'true';
			return value;
		case 'string':
		case 'datetime':
			return value;
	}
}

/**
 * Sets a `/` path. A parent that is not an object (a hostile `Status: "x"`) is replaced only for an authoritative
 * child (the error code); other children fill only what their parent's column did not say (absent, or "").
 */
function setPath(out: Record<string, unknown>, segs: readonly string[], value: unknown, authoritative: boolean): void {
	let cur = out;
	for (let i = 0; i < segs.length - 1; i++) {
		const seg = segs[i]!;
		const next = cur[seg];
		if (next === null || typeof next !== 'object' || Array.isArray(next)) {
			if (next !== undefined && next !== null && !authoritative) return;
			cur[seg] = {};
		} else cur[seg] = {...next}; // a copy: the parsed column may be the original row's own object
		cur = cur[seg] as Record<string, unknown>;
	}
	const last = segs[segs.length - 1]!;
	// What the parent's column says (even a null) stands: ResultDescription's "" must not replace failureReason: null.
	if (segs.length > 1 && !authoritative && cur[last] !== undefined && (cur[last] !== '' || value === '')) return;
	cur[last] = value;
}

function depth(path: string): number {
	return path.split('/').length;
}

function parseJson(text: string, fallback: unknown): unknown {
	try {
		return JSON.parse(text) as unknown;
	} catch {
		return fallback;
	}
}

function isObject(v: unknown): v is Record<string, unknown> {
	return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/**
 * "message: inner message (line 1, position 12)" from a OneAPI error object, innermost last; one line. With the KQL
 * sent, the text at that position too (`near "ResultType === "0""`): the line and position count in the whole query,
 * which holds more than the user's --kql.
 */
function errorText(error: unknown, query?: string): string {
	const parts: string[] = [];
	let where = '';
	const visit = (e: unknown, level: number): void => {
		if (!isObject(e) || level > 8) return;
		const message = typeof e['message'] === 'string' ? e['message'] : typeof e['code'] === 'string' ? e['code'] : '';
		if (message && !parts.includes(message)) parts.push(message);
		if (typeof e['line'] === 'number' && typeof e['pos'] === 'number')
			where = ` (line ${e['line']}, position ${e['pos']}${near(query, e['line'], e['pos'])})`;
		visit(e['innererror'], level + 1);
		if (Array.isArray(e['details'])) for (const d of e['details'].slice(0, 3)) visit(d, level + 1);
	};
	visit(error, 0);
	const text = (parts.join(': ') || 'no message') + where;
	return text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ').slice(0, 500);
}

/** `, near "…"`: the query's text around a (1-based) line and position, cut to a few words; '' when out of range. */
function near(query: string | undefined, line: number, pos: number): string {
	const text = query?.split('\n')[line - 1];
	if (text === undefined || !Number.isInteger(pos) || pos < 0 || pos > text.length) return '';
	const from = Math.max(0, pos - 12);
	const shown = `${from > 0 ? '…' : ''}${text.slice(from, pos + 24).trim()}${pos + 24 < text.length ? '…' : ''}`;
	return `, near "${shown}"`;
}

/** One line for a failed query (status and OneAPI body), with what to do about it. */
export function laErrorLine(status: number, body: unknown, query?: string): string {
	const error = isObject(body) ? body['error'] : undefined;
	const code = isObject(error) && typeof error['code'] === 'string' ? error['code'] : '';
	const text = error === undefined ? `HTTP ${status}` : errorText(error, query);
	const column = /Failed to resolve column or scalar expression named '([A-Za-z_]\w{0,60})'/.exec(text)?.[1];
	const hint =
		status === 400
			? column && query?.startsWith('union')
				? `the KQL was refused; check --kql: across the sign-in tables a column that is a string in one and dynamic in another is split in two, ${column}_string and ${column}_dynamic`
				: 'the KQL was refused; check --kql'
			: status === 401
				? 'sign in again: entra-logs login --workspace ID'
				: status === 403
					? code === 'InsufficientAccessError'
						? missingAccess(error)
						: 'the token is not one for the Log Analytics API (https://api.loganalytics.io); check --cloud'
					: status === 404
						? 'check --workspace: it is the workspace ID (a GUID on its Overview page), not its name'
						: status === 429
							? 'Log Analytics allows 200 requests per 30 s and 5 queries at once per user; retry later'
							: status === 504
								? 'the query ran past its time limit; narrow it with --since'
								: 'retry later';
	return `Log Analytics ${status}${code ? ` ${code}` : ''}: ${text} (${hint})`;
}

/**
 * What a 403 InsufficientAccessError says is missing: an inner `UnauthorizedClient` is the app's permission (the
 * Log Analytics API's Data.Read); without it the token is fine and the account lacks a role on the workspace.
 */
function missingAccess(error: unknown): string {
	const inner = isObject(error) ? error['innererror'] : undefined;
	const code = isObject(inner) ? inner['code'] : undefined;
	if (code === 'UnauthorizedClient')
		return 'missing: the permission Data.Read of the Log Analytics API (API permissions of the app, with admin consent; or --client-id of an app that has it)';
	return 'missing: a Reader role on the workspace (Log Analytics Reader or Reader; a new assignment takes up to 60 min)';
}
