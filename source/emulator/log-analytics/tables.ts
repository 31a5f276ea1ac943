/**
 * The six Entra tables of a workspace (shared/log-analytics.md §2), projected from the emulator's Graph records: the
 * documented column sets and types, with the documented quirks (JSON in string columns outside SigninLogs and
 * AuditLogs, `ResultType` a string, `TimeGenerated`, the Graph names that differ). Written from the facts file, not
 * from the client's mapping, so that each checks the other.
 */
import {createHash} from 'node:crypto';
import type {RecordTable} from '../graph/records.js';
import type {GraphRecord} from '../tenant/tenant.js';
import {DateTime, type ColumnType} from './values.js';

export type TableName =
	| 'SigninLogs'
	| 'AADNonInteractiveUserSignInLogs'
	| 'AADServicePrincipalSignInLogs'
	| 'AADManagedIdentitySignInLogs'
	| 'AuditLogs'
	| 'AADProvisioningLogs';

export interface Column {
	readonly name: string;
	readonly type: ColumnType;
}

const S = 'string';
const cols = (spec: string): Column[] =>
	spec
		.trim()
		.split(/\s*\|\s*/)
		.map(part => {
			const [name, t] = part.split(/\s+/);
			const type: ColumnType =
				t === 'dyn'
					? 'dynamic'
					: t === 'dt'
						? 'datetime'
						: t === 'b'
							? 'bool'
							: t === 'l'
								? 'long'
								: t === 'r'
									? 'real'
									: S;
			return {name: name!, type};
		});

/** §2.1, verbatim from the table reference. */
const SIGNIN =
	cols(`AADTenantId s | AlternateSignInName s | AppDisplayName s | AppId s | AppliedConditionalAccessPolicies s |
AppliedEventListeners dyn | AuthenticationContextClassReferences s | AuthenticationDetails s |
AuthenticationMethodsUsed s | AuthenticationProcessingDetails s | AuthenticationProtocol s |
AuthenticationRequirement s | AuthenticationRequirementPolicies s | AutonomousSystemNumber s | Category s |
ClientAppUsed s | ConditionalAccessPolicies dyn | ConditionalAccessStatus s | CorrelationId s |
CreatedDateTime dt | CrossTenantAccessType s | DeviceDetail dyn | DurationMs l | FlaggedForReview b |
HomeTenantId s | Id s | Identity s | IPAddress s | IPAddressFromResourceProvider s | IsInteractive b |
IsRisky b | Level s | Location s | LocationDetails dyn | MfaDetail dyn | NetworkLocationDetails s |
OperationName s | OperationVersion s | OriginalRequestId s | ProcessingTimeInMilliseconds s | Resource s |
ResourceDisplayName s | ResourceGroup s | ResourceId s | ResourceIdentity s | ResourceProvider s |
ResourceServicePrincipalId s | ResourceTenantId s | ResultDescription s | ResultSignature s | ResultType s |
RiskDetail s | RiskEventTypes s | RiskEventTypes_V2 s | RiskLevel s | RiskLevelAggregated s |
RiskLevelDuringSignIn s | RiskState s | ServicePrincipalId s | ServicePrincipalName s |
SessionLifetimePolicies s | SignInIdentifier s | SignInIdentifierType s | Status dyn | TimeGenerated dt |
TokenIssuerName s | TokenIssuerType s | UniqueTokenIdentifier s | UserAgent s | UserDisplayName s | UserId s |
UserPrincipalName s | UserType s`);

/** §2.2: SigninLogs but five dynamic columns are strings, other names, extra and missing columns. */
const STRING_HERE = ['ConditionalAccessPolicies', 'DeviceDetail', 'LocationDetails', 'MfaDetail', 'Status'];
const ABSENT_HERE = [
	'AADTenantId',
	'AppliedConditionalAccessPolicies',
	'FlaggedForReview',
	'IPAddressFromResourceProvider',
	'Resource',
	'ResourceId',
	'ResourceProvider',
	'RiskLevel',
	'ServicePrincipalName',
	'SignInIdentifier',
];
const NON_INTERACTIVE: Column[] = [
	...SIGNIN.filter(c => !ABSENT_HERE.includes(c.name)).map(c =>
		STRING_HERE.includes(c.name)
			? ({name: c.name, type: S} as Column)
			: c.name === 'ProcessingTimeInMilliseconds'
				? ({name: 'ProcessingTimeInMs', type: S} as Column)
				: c,
	),
	{name: 'SignInEventTypes', type: S},
	{name: 'TenantId', type: S},
];

/** §2.3: the service principal and managed identity tables have identical columns, none dynamic. */
const APP_SIGNIN =
	cols(`AppId s | AuthenticationContextClassReferences s | AuthenticationProcessingDetails s | Category s |
ConditionalAccessPolicies s | ConditionalAccessStatus s | CorrelationId s | DurationMs l |
FederatedCredentialId s | Id s | Identity s | IPAddress s | Level s | Location s | LocationDetails s |
OperationName s | OperationVersion s | ResourceDisplayName s | ResourceGroup s | ResourceIdentity s |
ResourceServicePrincipalId s | ResultDescription s | ResultSignature s | ResultType s |
ServicePrincipalCredentialKeyId s | ServicePrincipalCredentialThumbprint s | ServicePrincipalId s |
ServicePrincipalName s | TenantId s | TimeGenerated dt | UniqueTokenIdentifier s`);

/** §2.4. */
const AUDIT =
	cols(`AADOperationType s | AADTenantId s | ActivityDateTime dt | ActivityDisplayName s | AdditionalDetails dyn |
Category s | CorrelationId s | DurationMs l | Id s | Identity s | InitiatedBy dyn | Level s | Location s |
LoggedByService s | OperationName s | OperationVersion s | Resource s | ResourceGroup s | ResourceId s |
ResourceProvider s | Result s | ResultDescription s | ResultReason s | ResultSignature s | ResultType s |
TargetResources dyn | TimeGenerated dt`);

/** §2.5: every detail column is a string holding JSON. */
const PROVISIONING = cols(`AADTenantId s | Category s | ChangeId s | CorrelationId s | CycleId s | DurationMs l | Id s |
InitiatedBy s | JobId s | ModifiedProperties s | OperationName s | OperationVersion s |
ProvisioningAction s | ProvisioningStatusInfo s | ProvisioningSteps s | ResultDescription s |
ResultSignature s | ResultType s | ServicePrincipal s | SourceIdentity s |
SourceSystem s | TargetIdentity s | TargetSystem s | TenantId s | TimeGenerated dt`);

/** Every table also has these (§2), but for SourceSystem where the table lists its own. */
const STANDARD = cols('Type s | SourceSystem s | _BilledSize r | _IsBillable s');
const withStandard = (list: Column[]): Column[] => [
	...list,
	...STANDARD.filter(s => !list.some(c => c.name === s.name)),
];

export const SCHEMAS: Readonly<Record<TableName, readonly Column[]>> = {
	SigninLogs: withStandard(SIGNIN),
	AADNonInteractiveUserSignInLogs: withStandard(NON_INTERACTIVE),
	AADServicePrincipalSignInLogs: withStandard(APP_SIGNIN),
	AADManagedIdentitySignInLogs: withStandard(APP_SIGNIN),
	AuditLogs: withStandard(AUDIT),
	AADProvisioningLogs: withStandard(PROVISIONING),
};

export const TABLE_NAMES = Object.keys(SCHEMAS) as TableName[];

/** The workspace id the emulator serves for a tenant: a GUID derived from it, the same every run. */
export function workspaceIdFor(tenantId: string): string {
	const h = createHash('sha256').update(`log-analytics-workspace:${tenantId}`).digest('hex');
	return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export interface ProjectionContext {
	readonly tenantId: string;
	readonly workspaceId: string;
}

/** Which sign-in table a Graph sign-in belongs to, by its event type. */
export function signInTable(record: GraphRecord): TableName {
	const types = record['signInEventTypes'];
	const first = Array.isArray(types) ? types.find(t => typeof t === 'string') : undefined;
	switch (first) {
		case 'nonInteractiveUser':
			return 'AADNonInteractiveUserSignInLogs';
		case 'servicePrincipal':
			return 'AADServicePrincipalSignInLogs';
		case 'managedIdentity':
			return 'AADManagedIdentitySignInLogs';
		case 'interactiveUser':
			return 'SigninLogs';
		default:
			return record['isInteractive'] === false ? 'AADNonInteractiveUserSignInLogs' : 'SigninLogs';
	}
}

export interface RecordSources {
	readonly signIns: RecordTable;
	readonly directoryAudits: RecordTable;
	readonly provisioning: RecordTable;
}

/** A table's records by position; `period`: it is made of copies of its first `period` rows (a scaled table). */
export interface TableView {
	readonly length: number;
	readonly period?: number;
	at(i: number): GraphRecord | undefined;
}

/**
 * The records of each table, by position in the emulator's record tables: sign-ins split by event type (an index
 * built once per size of the list, since the demo's list grows while it is generated), audits and provisioning whole.
 * A scaled sign-in table (`scaledFrom`: copies of that many generated sign-ins, each older than the one before, as
 * `scaledTable` derives them) is split by its first copy only: each table holds the same positions in every copy.
 */
export class Workspace {
	private split?: {length: number; period: number; lists: Map<TableName, number[]>};

	constructor(
		readonly sources: RecordSources,
		readonly ctx: ProjectionContext,
		private readonly scaledFrom?: number,
	) {}

	records(table: TableName): TableView {
		if (table === 'AuditLogs') return this.sources.directoryAudits;
		if (table === 'AADProvisioningLogs') return this.sources.provisioning;
		const source = this.sources.signIns;
		const total = source.length;
		if (!this.split || this.split.length !== total) {
			const period = this.scaledFrom !== undefined && this.scaledFrom > 0 ? Math.min(this.scaledFrom, total) : total;
			const lists = new Map<TableName, number[]>();
			for (let i = 0; i < period; i++) {
				const r = source.at(i);
				if (!r) continue;
				const t = signInTable(r);
				let list = lists.get(t);
				if (!list) lists.set(t, (list = []));
				list.push(i);
			}
			this.split = {length: total, period, lists};
		}
		const {period} = this.split;
		const list = this.split.lists.get(table) ?? [];
		if (period === total || list.length === 0)
			return {length: list.length, at: i => (i >= 0 && i < list.length ? source.at(list[i]!) : undefined)};
		// Whole copies, then the rows of the last (partial) copy that are inside the table.
		const copies = Math.floor(total / period);
		let tail = 0;
		while (tail < list.length && list[tail]! + copies * period < total) tail++;
		const n = list.length;
		return {
			length: copies * n + tail,
			period: n,
			at: i => (i >= 0 && i < copies * n + tail ? source.at(list[i % n]! + Math.floor(i / n) * period) : undefined),
		};
	}
}

export {DateTime};
