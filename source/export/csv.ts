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

export function csvCell(value: unknown): string {
	if (value === null || value === undefined) return '';
	const text = typeof value === 'object' ? JSON.stringify(value) : String(value);
	return /[",\r\n]/.test(text) || /^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvLine(cells: readonly unknown[]): string {
	return `${cells.map(csvCell).join(',')}\r\n`;
}

export function csvRow(record: Readonly<Record<string, unknown>>, columns: readonly string[]): string {
	return csvLine(columns.map(c => c.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown> | null | undefined)?.[k], record)));
}

/** Parses RFC 4180 CSV (quoted fields, doubled quotes, CRLF or LF). */
export function parseCsv(text: string): string[][] {
	const rows: string[][] = [];
	let row: string[] = [];
	let cell = '';
	let quoted = false;
	const src = text.replace(/^\uFEFF/, '');
	for (let i = 0; i < src.length; i++) {
		const ch = src[i]!;
		if (quoted) {
			if (ch === '"') {
				if (src[i + 1] === '"') {
					cell += '"';
					i++;
				} else quoted = false;
			} else cell += ch;
		} else if (ch === '"' && cell === '') quoted = true;
		else if (ch === ',') {
			row.push(cell);
			cell = '';
		} else if (ch === '\n' || ch === '\r') {
			if (ch === '\r' && src[i + 1] === '\n') i++;
			row.push(cell);
			rows.push(row);
			row = [];
			cell = '';
		} else cell += ch;
	}
	if (cell !== '' || row.length > 0) {
		row.push(cell);
		rows.push(row);
	}
	return rows;
}
