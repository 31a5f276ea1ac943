/**
 * CSV: RFC 4180 quoting, stable columns per report (nested objects flattened to dotted paths, arrays and deeper
 * objects JSON-encoded in their cell), and a parser for reading CSV back (ours and the admin center's).
 */
import type {ReportId} from '../reports/report.js';

const SIGN_IN_COLUMNS = [
	'id', 'createdDateTime', 'userDisplayName', 'userPrincipalName', 'userId', 'userType', 'appDisplayName', 'appId', 'resourceDisplayName', 'resourceId',
	'ipAddress', 'location.city', 'location.state', 'location.countryOrRegion', 'status.errorCode', 'status.failureReason', 'status.additionalDetails',
	'clientAppUsed', 'userAgent', 'correlationId', 'conditionalAccessStatus', 'isInteractive', 'signInEventTypes', 'authenticationRequirement',
	'deviceDetail.deviceId', 'deviceDetail.displayName', 'deviceDetail.operatingSystem', 'deviceDetail.browser', 'deviceDetail.isCompliant',
	'deviceDetail.isManaged', 'deviceDetail.trustType', 'riskLevelDuringSignIn', 'riskLevelAggregated', 'riskState', 'riskDetail',
	'servicePrincipalId', 'servicePrincipalName', 'managedServiceIdentity.msiType', 'clientCredentialType', 'tokenIssuerType',
	'crossTenantAccessType', 'homeTenantId', 'resourceTenantId', 'authenticationDetails', 'appliedConditionalAccessPolicies',
];
const AUDIT_COLUMNS = [
	'id', 'activityDateTime', 'loggedByService', 'category', 'activityDisplayName', 'operationType', 'result', 'resultReason', 'correlationId',
	'initiatedBy.user.userPrincipalName', 'initiatedBy.user.id', 'initiatedBy.user.ipAddress', 'initiatedBy.app.displayName', 'initiatedBy.app.appId',
	'initiatedBy.app.servicePrincipalId', 'targetResources', 'additionalDetails',
];
const PROVISIONING_COLUMNS = [
	'id', 'activityDateTime', 'jobId', 'cycleId', 'changeId', 'provisioningAction', 'provisioningStatusInfo.status',
	'provisioningStatusInfo.errorInformation.errorCode', 'provisioningStatusInfo.errorInformation.reason', 'durationInMilliseconds',
	'sourceSystem.displayName', 'sourceIdentity.id', 'sourceIdentity.displayName', 'sourceIdentity.identityType', 'targetSystem.displayName',
	'targetIdentity.id', 'targetIdentity.displayName', 'targetIdentity.identityType', 'servicePrincipal.id', 'servicePrincipal.displayName',
	'initiatedBy.displayName', 'tenantId', 'provisioningSteps', 'modifiedProperties',
];

export const CSV_COLUMNS: Readonly<Record<ReportId, readonly string[]>> = {
	signins: SIGN_IN_COLUMNS, audits: AUDIT_COLUMNS, provisioning: PROVISIONING_COLUMNS,
};

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
	let text = typeof value === 'object' ? JSON.stringify(value) : String(value);
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
	return csvLine(columns.map(c => c.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown> | null | undefined)?.[k], record)));
}

/** Parses RFC 4180 CSV (quoted fields, doubled quotes, CRLF or LF). */
export function parseCsv(text: string): string[][] {
	const src = text.replace(/^\uFEFF/, '');
	const rows: string[][] = [];
	const cell = /(?:"((?:[^"]|"")*)"|([^,\r\n"]*))(,|\r\n|\n|\r|$)/y;
	let row: string[] = [];
	let pos = 0;
	while (pos < src.length) {
		cell.lastIndex = pos;
		const m = cell.exec(src);
		if (!m) {
			// A stray quote inside an unquoted cell: take it literally up to the next separator.
			const end = src.slice(pos).search(/[,\r\n]/);
			const stop = end === -1 ? src.length : pos + end;
			row.push(src.slice(pos, stop));
			pos = stop;
			if (src[pos] === ',') pos++;
			else {
				rows.push(row);
				row = [];
				pos += src.startsWith('\r\n', pos) ? 2 : 1;
			}
			continue;
		}
		row.push(m[1] !== undefined ? m[1].replace(/""/g, '"') : m[2]!);
		pos = cell.lastIndex;
		if (m[3] !== ',') {
			rows.push(row);
			row = [];
			if (m[3] === '') break;
		}
	}
	if (row.length > 0) rows.push(row);
	return rows;
}
