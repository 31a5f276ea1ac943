/**
 * CSV: RFC 4180 quoting, stable columns per report (nested objects flattened to dotted paths, arrays and deeper
 * objects JSON-encoded in their cell), and a parser for reading CSV back (ours and the admin center's).
 */
import type {ReportId} from '../reports/report.js';
import {jsonText} from '../reports/json-text.js';
import {signInOutcome} from '../triage/outcome.js';

/**
 * Columns computed from the record rather than read from it, appended after the Graph properties. `outcome` (sign-ins):
 * success, interrupted, failure or unknown, as source/triage/outcome.ts decides from `status.errorCode` (the admin
 * center's three outcomes; unknown when the code cannot be read). Reading a CSV back leaves them out: the record
 * keeps only what Graph sent.
 */
export const DERIVED_CSV_COLUMNS: ReadonlyMap<string, (record: Readonly<Record<string, unknown>>) => string> = new Map([
	['outcome', signInOutcome],
]);

const SIGN_IN_COLUMNS = [
	'id',
	'createdDateTime',
	'userDisplayName',
	'userPrincipalName',
	'userId',
	'userType',
	'appDisplayName',
	'appId',
	'resourceDisplayName',
	'resourceId',
	'ipAddress',
	'location.city',
	'location.state',
	'location.countryOrRegion',
	'status.errorCode',
	'status.failureReason',
	'status.additionalDetails',
	'clientAppUsed',
	'userAgent',
	'correlationId',
	'conditionalAccessStatus',
	'isInteractive',
	'signInEventTypes',
	'authenticationRequirement',
	'deviceDetail.deviceId',
	'deviceDetail.displayName',
	'deviceDetail.operatingSystem',
	'deviceDetail.browser',
	'deviceDetail.isCompliant',
	'deviceDetail.isManaged',
	'deviceDetail.trustType',
	'riskLevelDuringSignIn',
	'riskLevelAggregated',
	'riskState',
	'riskDetail',
	'servicePrincipalId',
	'servicePrincipalName',
	'managedServiceIdentity.msiType',
	'clientCredentialType',
	'tokenIssuerType',
	'crossTenantAccessType',
	'homeTenantId',
	'resourceTenantId',
	'authenticationDetails',
	'appliedConditionalAccessPolicies',
	// Derived (DERIVED_CSV_COLUMNS), always last: the columns before it stay where they were.
	'outcome',
];
const AUDIT_COLUMNS = [
	'id',
	'activityDateTime',
	'loggedByService',
	'category',
	'activityDisplayName',
	'operationType',
	'result',
	'resultReason',
	'correlationId',
	'initiatedBy.user.userPrincipalName',
	'initiatedBy.user.id',
	'initiatedBy.user.ipAddress',
	'initiatedBy.app.displayName',
	'initiatedBy.app.appId',
	'initiatedBy.app.servicePrincipalId',
	'targetResources',
	'additionalDetails',
];
const PROVISIONING_COLUMNS = [
	'id',
	'activityDateTime',
	'jobId',
	'cycleId',
	'changeId',
	'provisioningAction',
	'provisioningStatusInfo.status',
	'provisioningStatusInfo.errorInformation.errorCode',
	'provisioningStatusInfo.errorInformation.reason',
	'durationInMilliseconds',
	'sourceSystem.displayName',
	'sourceIdentity.id',
	'sourceIdentity.displayName',
	'sourceIdentity.identityType',
	'targetSystem.displayName',
	'targetIdentity.id',
	'targetIdentity.displayName',
	'targetIdentity.identityType',
	'servicePrincipal.id',
	'servicePrincipal.displayName',
	'initiatedBy.displayName',
	'tenantId',
	'provisioningSteps',
	'modifiedProperties',
];

export const CSV_COLUMNS: Readonly<Record<ReportId, readonly string[]>> = {
	signins: SIGN_IN_COLUMNS,
	audits: AUDIT_COLUMNS,
	provisioning: PROVISIONING_COLUMNS,
};

/**
 * The Graph type of every column that is not text (shared/graph-api.md §13; the admin center's columns too, by the
 * Graph property they map to). A cell read back is typed by its column, never by its look: "00123", "-5", "true"
 * and "[1,2]" in a text column stay text.
 */
const CELL_TYPES: Readonly<Record<ReportId, Readonly<Record<string, 'number' | 'boolean' | 'json'>>>> = {
	signins: {
		'status.errorCode': 'number',
		isInteractive: 'boolean',
		signInEventTypes: 'json',
		'deviceDetail.isCompliant': 'boolean',
		'deviceDetail.isManaged': 'boolean',
		authenticationDetails: 'json',
		appliedConditionalAccessPolicies: 'json',
		riskEventTypes: 'json',
		riskEventTypes_v2: 'json',
		autonomousSystemNumber: 'number',
		flaggedForReview: 'boolean',
		processingTimeInMilliseconds: 'number',
		isTenantRestricted: 'boolean',
		isThroughGlobalSecureAccess: 'boolean',
	},
	audits: {targetResources: 'json', additionalDetails: 'json'},
	provisioning: {durationInMilliseconds: 'number', provisioningSteps: 'json', modifiedProperties: 'json'},
};

/** A CSV cell as the value its column holds (`column`: the Graph path, dotted). A cell that does not fit stays text. */
export function csvCellValue(report: ReportId, column: string, cell: string): unknown {
	switch (CELL_TYPES[report][column]) {
		case undefined:
			return cell;
		case 'number':
			return /^-?\d+(\.\d+)?([eE][+-]?\d+)?$/.test(cell) && Number.isFinite(Number(cell)) ? Number(cell) : cell;
		case 'boolean':
			return /^(true|false)$/i.test(cell) ? cell.toLowerCase() === 'true' : cell;
		case 'json':
			try {
				return JSON.parse(cell) as unknown;
			} catch {
				return cell;
			}
	}
}

/**
 * A text a spreadsheet would run as a formula (=, +, -, @, tab or CR first, after any apostrophes), unless it is a
 * plain number. Record data is hostile, and a colleague opens the export in Excel: such a cell gets one leading
 * apostrophe (OWASP's advice), which `fromCsvFormula` takes off when entra-logs reads the file back.
 */
const FORMULA = /^'*[=+\-@\t\r]/;
const NUMBER = /^[+-]?\d+(\.\d+)?([eE][+-]?\d+)?$/;
const looksLikeFormula = (text: string): boolean => FORMULA.test(text) && !NUMBER.test(text);

export function csvCell(value: unknown): string {
	if (value === null || value === undefined) return '';
	let text = typeof value === 'object' ? jsonText(value) : String(value);
	if (typeof value === 'string' && looksLikeFormula(text)) text = `'${text}`;
	return /[",\r\n]/.test(text) || /^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The cell's text as it was before `csvCell` disarmed it. */
export function fromCsvFormula(cell: string): string {
	return cell.startsWith("'") && looksLikeFormula(cell.slice(1)) ? cell.slice(1) : cell;
}

export function csvLine(cells: readonly unknown[]): string {
	return `${cells.map(csvCell).join(',')}\r\n`;
}

export function csvRow(record: Readonly<Record<string, unknown>>, columns: readonly string[]): string {
	return csvLine(
		columns.map(
			c =>
				DERIVED_CSV_COLUMNS.get(c)?.(record) ??
				c.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown> | null | undefined)?.[k], record),
		),
	);
}

/** A quoted cell that is never closed: it would take every row after it. */
export class CsvQuoteError extends Error {
	constructor(readonly row: number) {
		super(`a quote opened in row ${row + 1} is never closed`);
	}
}

/**
 * Parses RFC 4180 CSV: quoted cells (line breaks and doubled quotes inside), CRLF or LF, a byte order mark. A quote
 * inside an unquoted cell is taken as it is (`ab"c`), as spreadsheets do; a quoted cell never closed throws
 * CsvQuoteError rather than swallow the rows after it (and so does text after a closing quote, when `strict`).
 */
export function parseCsv(text: string, strict = false): string[][] {
	const src = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
	const n = src.length;
	const rows: string[][] = [];
	if (n === 0) return rows;
	const separator = /[,\r\n]/g;
	const nextSeparator = (from: number): number => {
		separator.lastIndex = from;
		return separator.exec(src)?.index ?? n;
	};
	let row: string[] = [];
	let i = 0;
	for (;;) {
		let cell = '';
		if (src[i] === '"') {
			let j = i + 1;
			for (;;) {
				const q = src.indexOf('"', j);
				if (q < 0) throw new CsvQuoteError(rows.length);
				cell += src.slice(j, q);
				if (src[q + 1] !== '"') {
					j = q + 1;
					break;
				}
				cell += '"';
				j = q + 2;
			}
			// Text between the closing quote and the separator (not RFC 4180) is kept, not lost; `strict` refuses it,
			// for a row over several lines, where it means this quote closed one opened by mistake rows before.
			i = nextSeparator(j);
			if (strict && i > j) throw new CsvQuoteError(rows.length);
			cell += src.slice(j, i);
		} else {
			const end = nextSeparator(i);
			cell = src.slice(i, end);
			i = end;
		}
		row.push(cell);
		if (i >= n) break;
		if (src[i] === ',') {
			i++;
			continue;
		}
		i += src.startsWith('\r\n', i) ? 2 : 1;
		rows.push(row);
		row = [];
		if (i >= n) return rows;
	}
	rows.push(row);
	return rows;
}
