/**
 * Offline records: our NDJSON/JSON/CSV exports, Graph page files (`{"value": [...]}`, several pages concatenated
 * too), legacy Azure AD Graph records, and the admin center's JSON and CSV downloads. The Query's clauses are
 * evaluated locally with the server's meaning.
 */
import {open, readFile, stat} from 'node:fs/promises';
import {resolve} from 'node:path';
import {evaluate, hasRaw} from '../query/filter.js';
import type {ResolvedQuery} from '../query/query.js';
import {QueryError} from '../query/time.js';
import type {GraphRecord, ReportDefinition} from '../reports/report.js';
import type {RecordSource, SourcePage} from './source.js';
import {fromCsvFormula, parseCsv} from '../export/csv.js';
import {indexRecords, readLines, scanJsonRecords, type LineIndex, type RecordLayout} from './record-index.js';

export class FileFormatError extends Error {}

const PAGE = 1000;

export class FileSource implements RecordSource {
	readonly origin: string;
	private loaded?: Promise<Loaded>;

	constructor(
		private readonly path: string,
		private readonly resolved: ResolvedQuery,
		/** Told about what was left out (a last line cut short): the CLI prints it, the TUI shows it in the status bar. */
		private readonly onNote?: (message: string) => void,
	) {
		this.origin = '0';
		if (hasRaw(resolved.server)) throw new QueryError('a raw --filter cannot be applied to a file; use the field options instead');
	}

	async *pages(signal?: AbortSignal, from?: string): AsyncIterable<SourcePage> {
		const loaded = await (this.loaded ??= this.loadOnce());
		const report = this.resolved.report;
		const match = (r: GraphRecord): boolean =>
			(!this.resolved.server || evaluate(this.resolved.server, r)) && (!this.resolved.local || evaluate(this.resolved.local, r));
		const total = loaded.kind === 'records' ? loaded.records.length : loaded.index.order.length;
		// Newest first as loaded; oldest first reads the same order from its end. `from` counts in the query's order.
		const oldest = this.resolved.order === 'oldest';
		const window = <T>(all: readonly T[], i: number): T[] => (oldest ? all.slice(Math.max(0, total - i - PAGE), total - i).reverse() : all.slice(i, i + PAGE));
		for (let i = from ? Number(from) : 0; i < total; i += PAGE) {
			signal?.throwIfAborted();
			let slice: GraphRecord[];
			if (loaded.kind === 'records') slice = window(loaded.records, i);
			else {
				const positions = window(loaded.index.order, i);
				const lines = await readLines(this.path, loaded.index, positions);
				slice = [];
				lines.forEach((line, k) => {
					const position = positions[k]!;
					const lineNumber = loaded.index.lineNumbers[position]!;
					try {
						slice.push(normalize(loaded.parse(line, lineNumber), report)!);
					} catch (error) {
						// Only a last line with no line end, as an interrupted write leaves it, is left out.
						if (position !== loaded.index.unterminated) throw error;
						this.cutShort(lineNumber, loaded.unit);
					}
				});
			}
			yield {records: slice.filter(match), fetched: slice.length, next: i + PAGE < total ? String(i + PAGE) : undefined, from: String(i)};
		}
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
		const loaded = await lastLoaded.loaded;
		if (loaded.kind === 'lines' && loaded.index.skippedTail !== undefined) this.cutShort(loaded.index.skippedTail, loaded.unit);
		return loaded;
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
		// Blank lines before the first record or header do not decide the layout (the index skips them too).
		const lines = head.replace(/^\uFEFF/, '').split('\n').map(l => l.trim());
		while (lines.length > 1 && lines[0] === '') lines.shift();
		// NDJSON with a record per line, a JSON array written a record per line (our JSON export), or CSV.
		const arrayLines = lines[0] === '[' && lines.length > 2;
		const firstLine = arrayLines ? lines[1]!.replace(/,$/, '') : lines[0]!;
		const first = lines.length > 1 ? tryParse(firstLine) : undefined;
		const isRecordLines = first !== undefined && !Array.isArray(first['value']) && (arrayLines || lines[1]!.startsWith('{'));
		const isCsv = !/^[[{]/.test(lines[0] ?? '') && (parseCsv(lines[0] ?? '')[0]?.length ?? 0) >= 2;
		const layout: RecordLayout | undefined = isRecordLines ? (arrayLines ? 'json-lines' : 'ndjson') : isCsv ? 'csv' : /^[[{]/.test(lines[0] ?? '') ? 'json' : undefined;
		if (!layout) return {kind: 'records', records: await loadFile(this.path, report)};
		// CSV: the header is the first line (column names hold no line breaks); each row is parsed on its own.
		const headerCells = isCsv ? parseCsv(lines[0]!)[0]! : [];
		const parse = (text: string, n: number): Record<string, unknown> =>
			layout === 'csv' ? fromCsvRow(headerCells, parseCsv(text)[0] ?? []) : parseLine(text, this.path, n, layout === 'json' ? 'record' : 'line');
		const tf = report.timeField;
		const index = await indexRecords(this.path, layout, tf, (text, n) => {
			const r = normalize(parse(text, n), report);
			const ms = typeof r?.[tf] === 'string' ? Date.parse(r[tf] as string) : Number.NaN;
			return Number.isNaN(ms) ? undefined : ms;
		});
		return {kind: 'lines', index, parse, unit: layout === 'json' ? 'record' : 'line'};
	}

	private noted = false;

	private cutShort(lineNumber: number, unit: 'line' | 'record'): void {
		if (this.noted) return;
		this.noted = true;
		this.onNote?.(`${this.path} ${unit} ${lineNumber}, the last, is cut short (an interrupted write?) and was left out`);
	}
}

/** The one file kept loaded between queries (see `loadOnce`). */
let lastLoaded: {readonly key: string; readonly loaded: Promise<Loaded>} | undefined;

type Loaded =
	| {readonly kind: 'records'; readonly records: GraphRecord[]}
	| {readonly kind: 'lines'; readonly index: LineIndex; readonly parse: (text: string, lineNumber: number) => Record<string, unknown>; readonly unit: 'line' | 'record'};

function tryParse(line: string): Record<string, unknown> | undefined {
	try {
		const v = JSON.parse(line) as unknown;
		return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
	} catch {
		return undefined;
	}
}

function parseLine(line: string, path: string, lineNumber: number, unit: 'line' | 'record' = 'line'): Record<string, unknown> {
	const r = tryParse(line.replace(/^\uFEFF/, ''));
	if (!r) throw new FileFormatError(`${path} ${unit} ${lineNumber} is not a JSON object`);
	return r;
}

/** Reads every record of a file whose layout no index applies to (a last resort, small files), newest first. */
async function loadFile(path: string, report: ReportDefinition): Promise<GraphRecord[]> {
	let raw0: Array<Record<string, unknown>>;
	try {
		raw0 = parseRecords(await readFile(path, 'utf8'), path);
	} catch (error) {
		if (error instanceof FileFormatError) throw error;
		throw cannotRead(path, error);
	}
	const raw = raw0.map(r => normalize(r, report)).filter((r): r is GraphRecord => r !== undefined);
	const tf = report.timeField;
	const sorted = raw.filter(r => typeof r[tf] === 'string');
	sorted.sort((a, b) => (a[tf] === b[tf] ? (a.id < b.id ? 1 : -1) : (a[tf] as string) < (b[tf] as string) ? 1 : -1));
	return sorted;
}

/** Which report a file holds, by looking at its first record. */
export async function sniffReport(path: string): Promise<'signins' | 'audits' | 'provisioning' | undefined> {
	let text: string;
	try {
		text = await readHead(path, 2_000_000);
	} catch (error) {
		throw cannotRead(path, error);
	}
	const firstLine = text.split('\n')[0] ?? '';
	let first = parseRecords(text, path, true)[0] ?? parseRecords(firstLine, path, true)[0];
	// JSON larger than the head (pretty-printed, or a long page line): its first record, read from the stream.
	if (!first && /^[[{]/.test(text.replace(/^\uFEFF/, '').trimStart())) {
		await scanJsonRecords(path, bytes => {
			first = tryParse(bytes.toString('utf8'));
			return false;
		});
	}
	if (!first) return undefined;
	const keys = Object.keys(first).map(k => k.toLowerCase().replace(/[^a-z]/g, ''));
	if (keys.some(k => ['createddatetime', 'signindatetime', 'signinerrorcode', 'requestid'].includes(k))) return 'signins';
	if (keys.some(k => ['provisioningsteps', 'jobid', 'provisioningaction', 'cycleid'].includes(k))) return 'provisioning';
	if (keys.some(k => ['activitydisplayname', 'activitydatetime', 'activitydate', 'activity', 'category'].includes(k))) return 'audits';
	return undefined;
}

/** A file that cannot be read, in plain words. */
function cannotRead(path: string, error: unknown): FileFormatError {
	const code = (error as NodeJS.ErrnoException).code;
	const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : code === 'EACCES' || code === 'EPERM' ? 'permission denied'
		: code === 'ERR_STRING_TOO_LONG' ? 'too large to read whole in this layout (NDJSON, CSV and JSON arrays or Graph pages are read by page)' : code ?? (error as Error).message;
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

function parseRecords(text: string, path: string, lenient = false): Array<Record<string, unknown>> {
	const trimmed = text.replace(/^\uFEFF/, '').trimStart();
	if (trimmed === '') return [];
	try {
		if (trimmed.startsWith('[')) return JSON.parse(trimmed) as Array<Record<string, unknown>>;
		if (trimmed.startsWith('{')) {
			const lines = trimmed.split('\n').filter(l => l.trim() !== '');
			// NDJSON: one object per line. A Graph page file: one object with value[] (or several, one per line).
			const docs = lines.length > 1 && lines.every(l => l.trimStart().startsWith('{')) && isJsonLine(lines[0]!)
				? lines.map(l => JSON.parse(l) as Record<string, unknown>)
				: [JSON.parse(trimmed) as Record<string, unknown>];
			return docs.flatMap(d => (Array.isArray(d['value']) ? (d['value'] as Array<Record<string, unknown>>) : [d]));
		}
	} catch (error) {
		if (lenient) return [];
		throw new FileFormatError(`${path} is not valid JSON or NDJSON: ${(error as Error).message}`);
	}
	const rows = parseCsv(text);
	if (rows.length === 0) return [];
	const header = rows[0]!;
	if (header.length < 2) {
		if (lenient) return [];
		throw new FileFormatError(`${path} is neither JSON, NDJSON nor CSV`);
	}
	return rows.slice(1).filter(r => r.some(c => c !== '')).map(r => fromCsvRow(header, r));
}

function isJsonLine(line: string): boolean {
	try {
		JSON.parse(line);
		return true;
	} catch {
		return false;
	}
}

/** Portal CSV column names (matched without case, spaces and punctuation) → Graph paths. */
const PORTAL_COLUMNS: Readonly<Record<string, string>> = {
	dateutc: '@time', date: '@time', requestid: 'id', id: 'id', useragent: 'userAgent', correlationid: 'correlationId', userid: 'userId',
	user: 'userDisplayName', username: 'userPrincipalName', application: 'appDisplayName', applicationid: 'appId', resource: 'resourceDisplayName',
	resourceid: 'resourceId', ipaddress: 'ipAddress', signinerrorcode: 'status.errorCode', failurereason: 'status.failureReason',
	clientapp: 'clientAppUsed', deviceid: 'deviceDetail.deviceId', browser: 'deviceDetail.browser', operatingsystem: 'deviceDetail.operatingSystem',
	compliant: 'deviceDetail.isCompliant', managed: 'deviceDetail.isManaged', jointype: 'deviceDetail.trustType', conditionalaccess: 'conditionalAccessStatus',
	authenticationrequirement: 'authenticationRequirement', usertype: 'userType', crosstenantaccesstype: 'crossTenantAccessType',
	service: 'loggedByService', category: 'category', activity: 'activityDisplayName', result: 'result', resultreason: 'resultReason',
	actoruserprincipalname: 'initiatedBy.user.userPrincipalName', actorobjectid: 'initiatedBy.user.id', actordisplayname: 'initiatedBy.app.displayName',
	// The rest of the portal's 55 sign-in columns (shared/graph-api.md, "Portal CSV export of sign-ins").
	hometenantid: 'homeTenantId', hometenantname: 'homeTenantName', resourcetenantid: 'resourceTenantId', signinidentifier: 'signInIdentifier',
	sessionid: 'sessionId', ipaddressseenbyresource: 'ipAddressFromResourceProvider', autonomoussystemnumber: 'autonomousSystemNumber',
	flaggedforreview: 'flaggedForReview', tokenissuertype: 'tokenIssuerType', incomingtokentype: 'incomingTokenType', tokenissuername: 'tokenIssuerName',
	managedidentitytype: 'managedServiceIdentity.msiType', associatedresourceid: 'managedServiceIdentity.associatedResourceId',
	federatedtokenid: 'managedServiceIdentity.federatedTokenId', federatedtokenissuer: 'managedServiceIdentity.federatedTokenIssuer',
	clientcredentialtype: 'clientCredentialType', authenticationprotocol: 'authenticationProtocol', uniquetokenidentifier: 'uniqueTokenIdentifier',
};

function fromCsvRow(header: readonly string[], row: readonly string[]): Record<string, unknown> {
	const out: Record<string, unknown> = {};
	header.forEach((name, i) => {
		const cell = row[i] ?? '';
		if (cell === '') return;
		// Our own export: dotted paths (status.errorCode), formula-like text disarmed; a portal download: display names.
		const ours = name.includes('.') || /^[a-z][A-Za-z0-9_]*$/.test(name);
		const key = ours ? name : PORTAL_COLUMNS[name.toLowerCase().replace(/[^a-z]/g, '')];
		if (!key) return;
		setPath(out, key, decodeCell(ours ? fromCsvFormula(cell) : cell));
	});
	const loc = header.findIndex(h => h.toLowerCase() === 'location');
	if (loc >= 0 && row[loc]) out['location'] = splitLocation(row[loc]!);
	return out;
}

function splitLocation(cell: string): Record<string, string> {
	const [city = '', state = '', countryOrRegion = ''] = cell.split(',').map(s => s.trim());
	return {city, state, countryOrRegion};
}

function decodeCell(cell: string): unknown {
	if (/^-?\d+$/.test(cell) && cell.length < 16) return Number(cell);
	if (cell === 'true' || cell === 'false') return cell === 'true';
	if ((cell.startsWith('[') && cell.endsWith(']')) || (cell.startsWith('{') && cell.endsWith('}'))) {
		try {
			return JSON.parse(cell);
		} catch {
			return cell;
		}
	}
	return cell;
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

/** Maps legacy and portal shapes onto Graph's, so the report's fields and columns apply. */
function normalize(input: Record<string, unknown>, report: ReportDefinition): GraphRecord | undefined {
	const r: Record<string, unknown> = {...input};
	const tf = report.timeField;
	if (r['@time'] !== undefined) {
		r[tf] = toIso(r['@time']);
		delete r['@time'];
	}
	if (r['signinDateTime'] !== undefined && r['createdDateTime'] === undefined) r['createdDateTime'] = toIso(r['signinDateTime']);
	if (r['activityDate'] !== undefined && r['activityDateTime'] === undefined) r['activityDateTime'] = toIso(r['activityDate']);
	if (r['loginStatus'] !== undefined && r['status'] === undefined) {
		const failed = Number(r['loginStatus']) === 1;
		r['status'] = {errorCode: failed ? Number(r['signinErrorCode'] ?? 1) || 1 : 0, failureReason: r['failureReason'] ?? null};
	}
	if (typeof r[tf] === 'string') r[tf] = toIso(r[tf]);
	if (typeof r['id'] !== 'string' || r['id'] === '') r['id'] = typeof r['id'] === 'number' ? String(r['id']) : `${String(r[tf] ?? '')}#${JSON.stringify(input).length}`;
	return r as GraphRecord;
}

function toIso(value: unknown): string {
	const ms = typeof value === 'number' ? value : Date.parse(String(value).replace(' ', 'T'));
	return Number.isNaN(ms) ? String(value) : new Date(ms).toISOString().replace(/\.000Z$/, 'Z');
}
