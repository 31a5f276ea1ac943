/**
 * How a stored Graph record becomes a Log Analytics row: each table's columns read from the record's properties
 * (a column's source), typed as the table's schema says.
 */
import type {GraphRecord} from '../tenant/tenant.js';
import {parseDateTime, safeJson, type ColumnType, type Value} from './values.js';
import type {TableName, Column, ProjectionContext} from './tables.js';

export const CATEGORY: Readonly<Record<TableName, string>> = {
	SigninLogs: 'SignInLogs',
	AADNonInteractiveUserSignInLogs: 'NonInteractiveUserSignInLogs',
	AADServicePrincipalSignInLogs: 'ServicePrincipalSignInLogs',
	AADManagedIdentitySignInLogs: 'ManagedIdentitySignInLogs',
	AuditLogs: 'Audit',
	AADProvisioningLogs: 'ProvisioningLogs',
};

export type Getter = (r: GraphRecord, ctx: ProjectionContext, table: TableName) => unknown;

export const get = (r: unknown, path: string): unknown => {
	let cur = r;
	for (const seg of path.split('.')) {
		if (cur === null || typeof cur !== 'object') return undefined;
		cur = (cur as Record<string, unknown>)[seg];
	}
	return cur;
};
export const AADIAM = 'Microsoft.aadiam';

/** Columns whose Graph source is not simply the camelCase of their name. */
export const SIGN_IN_SOURCES: Readonly<Record<string, Getter>> = {
	AADTenantId: (_r, ctx) => ctx.tenantId,
	TenantId: (_r, ctx) => ctx.workspaceId,
	ConditionalAccessPolicies: r => r['appliedConditionalAccessPolicies'],
	AppliedConditionalAccessPolicies: r => r['appliedConditionalAccessPolicies'],
	Category: (_r, _c, t) => CATEGORY[t],
	DurationMs: () => 0,
	Identity: r => r['userDisplayName'] ?? r['servicePrincipalName'] ?? '',
	IPAddress: r => r['ipAddress'],
	IPAddressFromResourceProvider: r => r['ipAddressFromResourceProvider'],
	IsRisky: r => r['riskState'] === 'atRisk',
	Level: () => '4',
	Location: r => get(r, 'location.countryOrRegion'),
	LocationDetails: r => r['location'],
	OperationName: () => 'Sign-in activity',
	OperationVersion: () => '1.0',
	ProcessingTimeInMs: r => r['processingTimeInMilliseconds'],
	Resource: () => AADIAM,
	ResourceGroup: () => AADIAM,
	ResourceProvider: () => AADIAM,
	ResourceId: (_r, ctx) => `/tenants/${ctx.tenantId}/providers/${AADIAM}`,
	ResourceIdentity: r => r['resourceId'],
	ResultDescription: r => get(r, 'status.failureReason'),
	ResultSignature: () => 'None',
	ResultType: r => get(r, 'status.errorCode'),
	RiskEventTypes: r => r['riskEventTypes'] ?? [],
	RiskEventTypes_V2: r => r['riskEventTypes_v2'],
	RiskLevel: () => '',
	Status: r => r['status'],
	TimeGenerated: r => r['createdDateTime'],
};

export const AUDIT_SOURCES: Readonly<Record<string, Getter>> = {
	AADOperationType: r => r['operationType'],
	AADTenantId: (_r, ctx) => ctx.tenantId,
	DurationMs: () => 0,
	Identity: r =>
		get(r, 'initiatedBy.user.displayName') ??
		get(r, 'initiatedBy.user.userPrincipalName') ??
		get(r, 'initiatedBy.app.displayName'),
	Level: () => 'Informational',
	Location: () => '',
	OperationName: r => r['activityDisplayName'],
	OperationVersion: () => '1.0',
	Resource: () => AADIAM,
	ResourceGroup: () => AADIAM,
	ResourceProvider: () => AADIAM,
	ResourceId: (_r, ctx) => `/tenants/${ctx.tenantId}/providers/${AADIAM}`,
	ResultDescription: r => r['resultReason'],
	ResultSignature: () => 'None',
	ResultType: r => r['result'],
	TimeGenerated: r => r['activityDateTime'],
};

export const capital = (v: unknown) => (typeof v === 'string' && v ? v[0]!.toUpperCase() + v.slice(1) : v);

export const PROVISIONING_SOURCES: Readonly<Record<string, Getter>> = {
	AADTenantId: (r, ctx) => r['tenantId'] ?? ctx.tenantId,
	TenantId: (_r, ctx) => ctx.workspaceId,
	Category: () => 'ProvisioningLogs',
	CorrelationId: r => r['changeId'],
	DurationMs: r => r['durationInMilliseconds'],
	OperationName: () => 'Provisioning activity',
	OperationVersion: () => '1.0',
	ResultDescription: r => get(r, 'provisioningStatusInfo.errorInformation.reason'),
	ResultSignature: () => 'None',
	ResultType: r => capital(get(r, 'provisioningStatusInfo.status')),
	// Where Graph's sourceSystem lands is not documented; the emulator keeps it here, as JSON (unconfirmed).
	SourceSystem: r => r['sourceSystem'],
	TimeGenerated: r => r['activityDateTime'],
};

export const SOURCES: Readonly<Record<TableName, Readonly<Record<string, Getter>>>> = {
	SigninLogs: SIGN_IN_SOURCES,
	AADNonInteractiveUserSignInLogs: SIGN_IN_SOURCES,
	AADServicePrincipalSignInLogs: SIGN_IN_SOURCES,
	AADManagedIdentitySignInLogs: SIGN_IN_SOURCES,
	AuditLogs: AUDIT_SOURCES,
	AADProvisioningLogs: PROVISIONING_SOURCES,
};

/** A cell of a table's row, typed by its column: JSON text in string columns, times parsed, '' for null strings. */
export function projectCell(table: TableName, column: Column, record: GraphRecord, ctx: ProjectionContext): Value {
	if (column.name === 'Type') return table;
	if (column.name === 'SourceSystem' && table !== 'AADProvisioningLogs') return 'Azure AD';
	if (column.name === '_IsBillable') return 'True';
	if (column.name === '_BilledSize') return safeJson(record).length;
	const source = SOURCES[table][column.name];
	const raw = source ? source(record, ctx, table) : record[column.name.charAt(0).toLowerCase() + column.name.slice(1)];
	return typed(raw, column.type);
}

export function typed(raw: unknown, type: ColumnType): Value {
	switch (type) {
		case 'string':
			if (raw === null || raw === undefined) return '';
			if (typeof raw === 'string') return raw;
			if (typeof raw === 'number' || typeof raw === 'boolean') return String(raw);
			return safeJson(raw);
		case 'dynamic':
			return raw === undefined ? null : (raw as Value);
		case 'datetime':
			return typeof raw === 'string' ? (parseDateTime(raw) ?? null) : null;
		case 'bool':
			return typeof raw === 'boolean' ? raw : null;
		case 'long':
		case 'int':
		case 'real':
			return typeof raw === 'number' && Number.isFinite(raw)
				? raw
				: typeof raw === 'string' && raw.trim() !== '' && Number.isFinite(Number(raw))
					? Number(raw)
					: null;
		default:
			return raw === undefined || raw === null ? null : safeJson(raw);
	}
}
