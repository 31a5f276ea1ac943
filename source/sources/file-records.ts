/**
 * A file's records read into Graph's shape: CSV rows through their header (ours: Graph's dotted paths; the admin
 * center's: the report's own columns, reports/*.columns.ts), NDJSON lines and JSON records; legacy and portal shapes
 * mapped onto Graph's (normalize). Each record keeps the text it came in, for output.
 */
import {graphTimeText} from '../query/time.js';
import {obj, type GraphRecord, type ReportDefinition} from '../reports/report.js';
import {provisioningActionOf} from '../reports/provisioning.js';
import {adminCenterKey} from '../reports/admin-center.js';
import {UNMAPPED_KEY, adminCenterPlan, unmappedNote, userActor, type ColumnPlan} from './admin-center-columns.js';
import {CsvQuoteError, DERIVED_CSV_COLUMNS, csvCellValue, fromCsvFormula, parseCsv} from '../export/csv.js';
import {keepRawText} from './source.js';
import type {RecordLayout} from './record-index.js';
import type {SkipReason} from './skipped.js';
import {RecordSyntaxError} from './file-format.js';

/**
 * How a layout's records are read: CSV rows through the header, typed by column; NDJSON lines; JSON records (whose
 * text may span lines: kept as one line for output). Each record keeps its text for output (`keepRawText`).
 */
export function reader(
	layout: RecordLayout,
	header: readonly string[],
	report: ReportDefinition,
): (text: string, lineNumber: number, offset: number) => GraphRecord | SkipReason {
	const plan = layout === 'csv' ? csvPlan(header, report) : [];
	const actorType = layout === 'csv' ? header.findIndex(h => adminCenterKey(h) === 'actortype') : -1;
	const read = (text: string, lineNumber: number, offset: number): GraphRecord | SkipReason => {
		if (layout === 'csv') {
			let row: string[];
			try {
				row = parseCsv(text, text.includes('\n'))[0] ?? [];
			} catch (error) {
				if (error instanceof CsvQuoteError) return 'unclosed-quote';
				throw error;
			}
			return normalize(fromCsvRow(header, plan, actorType, row, report), report) ?? 'no-time';
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
	return Object.assign(read, {columnsNote: unmappedNote(plan)});
}

/** What a reader's file says of its columns (a CSV download's kept as written under `@adminCenter.columns`), or undefined. */
export function columnsNoteOf(read: object, path: string): string | undefined {
	const note = (read as {readonly columnsNote?: string}).columnsNote;
	return note ? `${path}: ${note}` : undefined;
}

/** Our own export's columns are Graph's dotted paths (status.errorCode); a portal download's, display names. */
const isOurs = (name: string): boolean => name.includes('.') || /^[a-z][A-Za-z0-9_]*$/.test(name);

/** Each column's plan: ours by its own path, a portal download's by admin-center-columns.ts. */
function csvPlan(header: readonly string[], report: ReportDefinition): ColumnPlan[] {
	const portal = adminCenterPlan(header, report);
	return header.map((name, i) => (isOurs(name) ? {kind: 'path', path: name} : portal[i]!));
}

function fromCsvRow(
	header: readonly string[],
	plan: readonly ColumnPlan[],
	actorType: number,
	row: readonly string[],
	report: ReportDefinition,
): Record<string, unknown> {
	const out: Record<string, unknown> = {};
	const user = actorType >= 0 && userActor(row[actorType]);
	let unmapped: Record<string, string> | undefined;
	header.forEach((name, i) => {
		const cell = row[i] ?? '';
		const p = plan[i]!;
		if (cell === '' || p.kind === 'skip') return;
		const key = p.kind === 'path' ? p.path : p.kind === 'actor' ? (user ? p.user : p.app) : undefined;
		if (key === undefined) {
			// No place in Graph's shape (or an app actor's IP address): kept as written, by the header's name.
			if (!UNSAFE_KEYS.has(name)) (unmapped ??= {})[name] = cell;
			return;
		}
		const ours = isOurs(name);
		// A column we derive (outcome) is not Graph's: the record keeps only what Graph sent.
		if ((ours && DERIVED_CSV_COLUMNS.has(key)) || key.split('.').some(part => UNSAFE_KEYS.has(part))) return;
		const text = ours ? fromCsvFormula(cell) : cell;
		setPath(out, key, key === '@time' ? text : csvCellValue(report.id, key, text), !ours);
	});
	compactArrays(out);
	if (unmapped) out[UNMAPPED_KEY] = unmapped;
	const loc = header.findIndex(h => h.toLowerCase() === 'location');
	if (loc >= 0 && row[loc]) out['location'] = splitLocation(row[loc]!);
	// The portal's Status column says "Success" where the error code cell may be empty: Graph's success is code 0.
	// ("Failure" or "Interrupted" with no code stays without one: the code cannot be guessed.)
	const status = report.id === 'signins' ? header.findIndex(h => adminCenterKey(h) === 'status') : -1;
	const current = obj(out['status']);
	if (status >= 0 && row[status]?.trim().toLowerCase() === 'success' && current?.['errorCode'] === undefined)
		out['status'] = {...current, errorCode: 0};
	return out;
}

/** The arrays a portal audit row's numbered columns fill, without holes (Target2 cells and no Target1 ones). */
function compactArrays(out: Record<string, unknown>): void {
	const dense = (v: unknown): unknown => (Array.isArray(v) ? v.filter(x => x !== undefined) : v);
	for (const key of ['targetResources', 'additionalDetails']) if (key in out) out[key] = dense(out[key]);
	const targets = out['targetResources'];
	if (Array.isArray(targets))
		for (const t of targets as Array<Record<string, unknown>>)
			if (t && typeof t === 'object' && 'modifiedProperties' in t)
				t['modifiedProperties'] = dense(t['modifiedProperties']);
}

/** Column names that would reach an object's prototype rather than a property. */
const UNSAFE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

function splitLocation(cell: string): Record<string, string> {
	const [city = '', state = '', countryOrRegion = ''] = cell.split(',').map(s => s.trim());
	return {city, state, countryOrRegion};
}

/** Sets a dotted path; with `arrays`, a number (a portal column's, below 100) is an array's index. */
function setPath(target: Record<string, unknown>, path: string, value: unknown, arrays = false): void {
	const parts = path.split('.');
	let cur = target;
	parts.slice(0, -1).forEach((p, i) => {
		if (typeof cur[p] !== 'object' || cur[p] === null) cur[p] = arrays && /^\d{1,2}$/.test(parts[i + 1]!) ? [] : {};
		cur = cur[p] as Record<string, unknown>;
	});
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
	if (r['signinDateTime'] !== undefined && r['createdDateTime'] === undefined)
		r['createdDateTime'] = r['signinDateTime'];
	if (r['activityDate'] !== undefined && r['activityDateTime'] === undefined) r['activityDateTime'] = r['activityDate'];
	const time = graphTimeText(r[tf]);
	if (time === undefined) return undefined;
	r[tf] = time;
	if (r['loginStatus'] !== undefined && r['status'] === undefined) {
		const failed = Number(r['loginStatus']) === 1;
		r['status'] = {
			errorCode: failed ? Number(r['signinErrorCode'] ?? 1) || 1 : 0,
			failureReason: r['failureReason'] ?? null,
		};
	}
	// Older provisioning records and exports carry only the deprecated `action`: filters and columns read it too.
	if (
		report.id === 'provisioning' &&
		(r['provisioningAction'] === undefined || r['provisioningAction'] === null) &&
		r['action'] !== undefined
	) {
		r['provisioningAction'] = provisioningActionOf(r);
	}
	// The id stays as written (`null`, a number, none): none is made up, since the detail and CSV show it as the record's.
	return r as GraphRecord;
}
