/**
 * What the real service documents for each report (shared/graph-api.md §3–§6): collections, time property,
 * `$filter` fields and operators per API version, page sizes. The emulator's own table, independent of the client.
 */
import type {CmpOp, FieldRule, FieldTable, FnName, LambdaRule} from './filter.js';

export type ApiVersion = 'v1.0' | 'beta';
export type ReportName = 'signIns' | 'directoryAudits' | 'provisioning';

const f = (
	path: string,
	type: FieldRule['type'],
	ops: ReadonlyArray<CmpOp | FnName>,
	extra: Partial<FieldRule> = {},
): FieldRule => ({path, type, ops, ...extra});

const RISK_LEVEL = ['low', 'medium', 'high', 'hidden', 'none', 'unknownFutureValue'];
const RISK_STATE = [
	'none',
	'confirmedSafe',
	'remediated',
	'dismissed',
	'atRisk',
	'confirmedCompromised',
	'unknownFutureValue',
];
const RISK_DETAIL = [
	'none',
	'adminGeneratedTemporaryPassword',
	'userPerformedSecuredPasswordChange',
	'userPerformedSecuredPasswordReset',
	'adminConfirmedSigninSafe',
	'aiConfirmedSigninSafe',
	'userPassedMFADrivenByRiskBasedPolicy',
	'adminDismissedAllRiskForUser',
	'adminConfirmedSigninCompromised',
	'hidden',
	'adminConfirmedUserCompromised',
	'unknownFutureValue',
	'm365DAdminDismissedDetection',
	'adminConfirmedServicePrincipalCompromised',
	'adminDismissedAllRiskForServicePrincipal',
	'userChangedPasswordOnPremises',
	'adminDismissedRiskForSignIn',
	'adminConfirmedAccountSafe',
	'microsoftRevokedSessions',
];
/** riskEventType, v1.0 (§13). */
const RISK_EVENT_TYPES = [
	'unlikelyTravel',
	'anonymizedIPAddress',
	'maliciousIPAddress',
	'unfamiliarFeatures',
	'malwareInfectedIPAddress',
	'suspiciousIPAddress',
	'leakedCredentials',
	'investigationsThreatIntelligence',
	'generic',
	'adminConfirmedUserCompromised',
	'mcasImpossibleTravel',
	'mcasSuspiciousInboxManipulationRules',
	'investigationsThreatIntelligenceSigninLinked',
	'maliciousIPAddressValidCredentialsBlockedIP',
	'unknownFutureValue',
];
/** Collections that the tables list with plain operators: any element satisfies the clause (filter.ts). */
const collection = {collection: true};
const CA_STATUS = ['success', 'failure', 'notApplied', 'unknownFutureValue'];
export const SIGN_IN_EVENT_TYPES = [
	'interactiveUser',
	'nonInteractiveUser',
	'servicePrincipal',
	'managedIdentity',
	'unknownFutureValue',
];
const PROVISIONING_ACTIONS = ['other', 'create', 'delete', 'disable', 'update', 'stagedDelete', 'unknownFutureValue'];
const PROVISIONING_RESULTS = ['success', 'failure', 'skipped', 'warning', 'unknownFutureValue'];

/** signIn v1.0 (§4.1), but for riskEventTypes (SIGN_IN_V1). */
const SIGN_IN_COMMON: readonly FieldRule[] = [
	f('id', 'string', ['eq']),
	f('createdDateTime', 'datetime', ['eq', 'le', 'ge']),
	f('appDisplayName', 'string', ['eq', 'startswith']),
	f('appId', 'string', ['eq']),
	f('clientAppUsed', 'string', ['eq']),
	f('conditionalAccessStatus', 'enum', ['eq'], {members: CA_STATUS}),
	f('correlationId', 'string', ['eq']),
	f('deviceDetail/browser', 'string', ['eq', 'startswith']),
	f('deviceDetail/operatingSystem', 'string', ['eq', 'startswith']),
	f('ipAddress', 'string', ['eq', 'startswith']),
	f('location/city', 'string', ['eq', 'startswith']),
	f('location/state', 'string', ['eq', 'startswith']),
	f('location/countryOrRegion', 'string', ['eq', 'startswith']),
	f('resourceDisplayName', 'string', ['eq']),
	f('resourceId', 'string', ['eq']),
	f('riskDetail', 'enum', ['eq'], {members: RISK_DETAIL}),
	f('riskLevelAggregated', 'enum', ['eq'], {members: RISK_LEVEL}),
	f('riskLevelDuringSignIn', 'enum', ['eq'], {members: RISK_LEVEL}),
	f('riskState', 'enum', ['eq'], {members: RISK_STATE}),
	f('riskEventTypes_v2', 'string', ['eq', 'startswith'], collection),
	f('status/errorCode', 'int', ['eq']),
	f('userDisplayName', 'string', ['eq', 'startswith']),
	f('userId', 'string', ['eq']),
	f('userPrincipalName', 'string', ['eq', 'startswith']),
];

const SIGN_IN_V1: readonly FieldRule[] = [
	...SIGN_IN_COMMON,
	f('riskEventTypes', 'enum', ['eq'], {members: RISK_EVENT_TYPES, ...collection}),
];

/** signIn beta: v1.0 plus the beta-only fields (§4.1, SDKB), less riskEventTypes, which beta Prod dropped (§14.1). */
const SIGN_IN_BETA: readonly FieldRule[] = [
	...SIGN_IN_COMMON,
	f('appOwnerTenantId', 'string', ['eq']),
	f('authenticationRequirement', 'string', ['eq', 'startswith']),
	f('conditionalAccessAudiences', 'string', ['eq'], collection),
	f('originalRequestId', 'string', ['eq']),
	f('resourceOwnerTenantId', 'string', ['eq']),
	f('servicePrincipalId', 'string', ['eq', 'startswith']),
	f('servicePrincipalName', 'string', ['eq', 'startswith']),
	f('tokenIssuerName', 'string', ['eq']),
	f('userAgent', 'string', ['eq', 'startswith']),
];

const SIGN_IN_LAMBDAS: readonly LambdaRule[] = [
	{path: 'signInEventTypes', fields: [f('', 'enum', ['eq', 'ne'], {members: SIGN_IN_EVENT_TYPES})]},
];

/** directoryAudit v1.0 and beta (§4.2). */
const AUDIT: readonly FieldRule[] = [
	f('activityDisplayName', 'string', ['eq', 'startswith']),
	f('activityDateTime', 'datetime', ['eq', 'ge', 'le']),
	f('loggedByService', 'string', ['eq']),
	f('initiatedBy/user/id', 'string', ['eq']),
	f('initiatedBy/user/displayName', 'string', ['eq']),
	f('initiatedBy/user/userPrincipalName', 'string', ['eq', 'startswith']),
	f('initiatedBy/app/appId', 'string', ['eq']),
	f('initiatedBy/app/displayName', 'string', ['eq']),
	f('correlationId', 'string', ['eq']),
];

const AUDIT_LAMBDAS: readonly LambdaRule[] = [
	{path: 'targetResources', fields: [f('id', 'string', ['eq']), f('displayName', 'string', ['eq', 'startswith'])]},
];

/** provisioningObjectSummary (§4.3): values are case-sensitive except status. */
const cs = {caseSensitive: true};
const PROVISIONING_V1: readonly FieldRule[] = [
	f('id', 'string', ['eq', 'contains'], cs),
	f('activityDateTime', 'datetime', ['eq', 'gt', 'lt']),
	f('tenantId', 'string', ['eq', 'contains'], cs),
	f('jobId', 'string', ['eq', 'contains'], cs),
	f('changeId', 'string', ['eq', 'contains'], cs),
	f('cycleId', 'string', ['eq', 'contains'], cs),
	f('provisioningAction', 'enum', ['eq', 'contains'], {members: PROVISIONING_ACTIONS}),
	f('durationInMilliseconds', 'int', ['eq', 'gt', 'lt']),
	f('provisioningStatusInfo/status', 'enum', ['eq', 'contains'], {members: PROVISIONING_RESULTS}),
	f('sourceSystem/displayName', 'string', ['eq', 'contains'], cs),
	f('targetSystem/displayName', 'string', ['eq', 'contains'], cs),
	f('sourceIdentity/identityType', 'string', ['eq', 'contains'], cs),
	f('targetIdentity/identityType', 'string', ['eq', 'contains'], cs),
	f('sourceIdentity/id', 'string', ['eq', 'contains'], cs),
	f('targetIdentity/id', 'string', ['eq', 'contains'], cs),
	f('sourceIdentity/displayName', 'string', ['eq', 'contains'], cs),
	f('targetIdentity/displayName', 'string', ['eq', 'contains'], cs),
	f('servicePrincipal/id', 'string', ['eq'], cs),
	f('servicePrincipal/displayName', 'string', ['eq'], cs),
	f('initiatedBy/displayName', 'string', ['eq', 'contains'], cs),
];

const PROVISIONING_BETA: readonly FieldRule[] = [
	...PROVISIONING_V1,
	f('action', 'string', ['eq', 'contains'], cs),
	f('statusInfo/status', 'enum', ['eq', 'contains'], {members: PROVISIONING_RESULTS}),
	f('servicePrincipal/name', 'string', ['eq'], cs),
];

export interface ReportSpec {
	readonly name: ReportName;
	/** As it appears in `@odata.context`. */
	readonly contextName: string;
	readonly timeField: 'createdDateTime' | 'activityDateTime';
	readonly defaultTop: number;
	readonly maxTop: number;
	/** Provisioning: "You must pass the top filter in the query to generate the token". */
	readonly nextLinkNeedsTop: boolean;
	/** Licence needed: audits are readable on Free tenants, the other two need P1/P2 (§2.3). */
	readonly needsPremium: boolean;
	readonly tables: Readonly<Record<ApiVersion, FieldTable>>;
}

export const REPORTS: Readonly<Record<ReportName, ReportSpec>> = {
	signIns: {
		name: 'signIns',
		contextName: 'auditLogs/signIns',
		timeField: 'createdDateTime',
		defaultTop: 1000,
		maxTop: 1000,
		nextLinkNeedsTop: false,
		needsPremium: true,
		tables: {'v1.0': {fields: SIGN_IN_V1, lambdas: []}, beta: {fields: SIGN_IN_BETA, lambdas: SIGN_IN_LAMBDAS}},
	},
	directoryAudits: {
		name: 'directoryAudits',
		contextName: 'auditLogs/directoryAudits',
		timeField: 'activityDateTime',
		defaultTop: 1000,
		maxTop: 1000,
		nextLinkNeedsTop: false,
		needsPremium: false,
		tables: {'v1.0': {fields: AUDIT, lambdas: AUDIT_LAMBDAS}, beta: {fields: AUDIT, lambdas: AUDIT_LAMBDAS}},
	},
	provisioning: {
		name: 'provisioning',
		contextName: 'auditLogs/provisioning',
		timeField: 'activityDateTime',
		defaultTop: 1000,
		maxTop: 1000,
		nextLinkNeedsTop: true,
		needsPremium: true,
		tables: {'v1.0': {fields: PROVISIONING_V1, lambdas: []}, beta: {fields: PROVISIONING_BETA, lambdas: []}},
	},
};

/** The collection segment of a URL (case-insensitive, as the docs spell it both ways). */
export function reportFromSegment(segment: string): ReportSpec | undefined {
	const s = segment.toLowerCase();
	return Object.values(REPORTS).find(r => r.name.toLowerCase() === s);
}
