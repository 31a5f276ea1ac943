/**
 * Records are stored as a superset of both versions. A v1.0 response carries only the properties that the v1.0
 * schema declares (shared/graph-api.md §13, from schemas/v1.0-Prod.csdl), nested complex types included; a beta
 * response only the top-level properties of beta Prod (§14.1: no riskEventTypes, which beta dropped).
 */
import type {License} from './graph.js';
import type {ApiVersion, ReportName} from './reports.js';

interface Shape {
	readonly [key: string]: true | Shape;
}

const keys = (...names: string[]): Record<string, true> => Object.fromEntries(names.map(n => [n, true]));

const V1_SIGN_IN: Shape = {
	...keys(
		'id',
		'appDisplayName',
		'appId',
		'clientAppUsed',
		'conditionalAccessStatus',
		'correlationId',
		'createdDateTime',
		'homeTenantId',
		'ipAddress',
		'isInteractive',
		'resourceDisplayName',
		'resourceId',
		'resourceTenantId',
		'riskDetail',
		'riskEventTypes',
		'riskEventTypes_v2',
		'riskLevelAggregated',
		'riskLevelDuringSignIn',
		'riskState',
		'servicePrincipalId',
		'servicePrincipalName',
		'userAgent',
		'userDisplayName',
		'userId',
		'userPrincipalName',
		'authenticationAppDeviceDetails',
	),
	appliedConditionalAccessPolicies: keys(
		'displayName',
		'enforcedGrantControls',
		'enforcedSessionControls',
		'id',
		'result',
	),
	deviceDetail: keys('browser', 'deviceId', 'displayName', 'isCompliant', 'isManaged', 'operatingSystem', 'trustType'),
	location: keys('city', 'countryOrRegion', 'geoCoordinates', 'state'),
	status: keys('additionalDetails', 'errorCode', 'failureReason'),
};

const V1_AUDIT: Shape = {
	...keys(
		'id',
		'activityDateTime',
		'activityDisplayName',
		'additionalDetails',
		'category',
		'correlationId',
		'loggedByService',
		'operationType',
		'result',
		'resultReason',
		'targetResources',
	),
	// userIdentity is an open type, but v1.0 declares (and its example shows) these four.
	initiatedBy: {app: true, user: keys('id', 'displayName', 'ipAddress', 'userPrincipalName')},
};

const V1_PROVISIONING: Shape = keys(
	'id',
	'activityDateTime',
	'changeId',
	'cycleId',
	'durationInMilliseconds',
	'initiatedBy',
	'jobId',
	'modifiedProperties',
	'provisioningAction',
	'provisioningStatusInfo',
	'provisioningSteps',
	'servicePrincipal',
	'sourceIdentity',
	'sourceSystem',
	'targetIdentity',
	'targetSystem',
	'tenantId',
);

const V1: Readonly<Record<ReportName, Shape>> = {
	signIns: V1_SIGN_IN,
	directoryAudits: V1_AUDIT,
	provisioning: V1_PROVISIONING,
};

/** beta Prod's property names (§14.1). */
const BETA: Readonly<Record<ReportName, Shape>> = {
	signIns: keys(
		'id',
		'agent',
		'appDisplayName',
		'appId',
		'appliedConditionalAccessPolicies',
		'appliedEventListeners',
		'appOwnerTenantId',
		'appTokenProtectionStatus',
		'authenticationAppDeviceDetails',
		'authenticationAppPolicyEvaluationDetails',
		'authenticationContextClassReferences',
		'authenticationDetails',
		'authenticationMethodsUsed',
		'authenticationProcessingDetails',
		'authenticationProtocol',
		'authenticationRequirement',
		'authenticationRequirementPolicies',
		'autonomousSystemNumber',
		'azureResourceId',
		'clientAppUsed',
		'clientCredentialType',
		'clientSessionId',
		'conditionalAccessAudiences',
		'conditionalAccessStatus',
		'correlationId',
		'createdDateTime',
		'crossTenantAccessType',
		'deviceDetail',
		'federatedCredentialId',
		'flaggedForReview',
		'globalSecureAccessIpAddress',
		'homeTenantId',
		'homeTenantName',
		'incomingTokenType',
		'ipAddress',
		'ipAddressFromResourceProvider',
		'isInteractive',
		'isTenantRestricted',
		'isThroughGlobalSecureAccess',
		'location',
		'managedServiceIdentity',
		'mfaDetail',
		'networkLocationDetails',
		'originalRequestId',
		'originalTransferMethod',
		'privateLinkDetails',
		'processingTimeInMilliseconds',
		'resourceDisplayName',
		'resourceId',
		'resourceOwnerTenantId',
		'resourceServicePrincipalId',
		'resourceTenantId',
		'riskDetail',
		'riskEventTypes_v2',
		'riskLevelAggregated',
		'riskLevelDuringSignIn',
		'riskState',
		'servicePrincipalCredentialKeyId',
		'servicePrincipalCredentialThumbprint',
		'servicePrincipalId',
		'servicePrincipalName',
		'sessionId',
		'sessionLifetimePolicies',
		'signInEventTypes',
		'signInIdentifier',
		'signInIdentifierType',
		'signInTokenProtectionStatus',
		'status',
		'tokenIssuerName',
		'tokenIssuerType',
		'tokenProtectionStatusDetails',
		'uniqueTokenIdentifier',
		'userAgent',
		'userDisplayName',
		'userId',
		'userPrincipalName',
		'userType',
	),
	directoryAudits: keys(
		'id',
		'activityDateTime',
		'activityDisplayName',
		'additionalDetails',
		'category',
		'correlationId',
		'initiatedBy',
		'loggedByService',
		'operationType',
		'performedBy',
		'result',
		'resultReason',
		'targetResources',
		'userAgent',
	),
	provisioning: keys(
		'id',
		'action',
		'activityDateTime',
		'changeId',
		'cycleId',
		'durationInMilliseconds',
		'initiatedBy',
		'jobId',
		'modifiedProperties',
		'provisioningAction',
		'provisioningStatusInfo',
		'provisioningSteps',
		'servicePrincipal',
		'sourceIdentity',
		'sourceSystem',
		'statusInfo',
		'targetIdentity',
		'targetSystem',
		'tenantId',
	),
};

const SHAPES: Readonly<Record<ApiVersion, Readonly<Record<ReportName, Shape>>>> = {'v1.0': V1, beta: BETA};

/** The entity type a report's records are (for Graph's error messages). */
export const ENTITY_TYPE: Readonly<Record<ReportName, string>> = {
	signIns: 'microsoft.graph.signIn',
	directoryAudits: 'microsoft.graph.directoryAudit',
	provisioning: 'microsoft.graph.provisioningObjectSummary',
};

/** A `$select` name as the version spells the property (names are case-insensitive), or undefined if it has none. */
export function selectable(report: ReportName, version: ApiVersion, name: string): string | undefined {
	const lower = name.toLowerCase();
	return Object.keys(SHAPES[version][report]).find(k => k.toLowerCase() === lower);
}

/** Risk fields only P2 tenants see: "All other customers are returned hidden" (§11). */
const P2_ONLY = ['riskDetail', 'riskLevelAggregated', 'riskLevelDuringSignIn'] as const;

/** A sign-in as a tenant of this licence sees it (and filters it): below P2 the risk details read `hidden`. */
export function asLicensed(
	record: Record<string, unknown>,
	report: ReportName,
	license: License,
): Record<string, unknown> {
	if (report !== 'signIns' || license === 'p2') return record;
	const out = {...record};
	for (const k of P2_ONLY) if (k in out) out[k] = 'hidden';
	return out;
}

function project(value: unknown, shape: Shape | true): unknown {
	if (shape === true || value === null || typeof value !== 'object') return value;
	if (Array.isArray(value)) return value.map(v => project(v, shape));
	const out: Record<string, unknown> = {};
	for (const [k, sub] of Object.entries(shape)) {
		if (k in (value as Record<string, unknown>)) out[k] = project((value as Record<string, unknown>)[k], sub);
	}
	return out;
}

/** Shapes a stored record for the response: API version, licence, `$select`, and the CA-data permission rule (§2.1). */
export function shapeRecord(
	record: Record<string, unknown>,
	report: ReportName,
	version: ApiVersion,
	options: {readonly select?: readonly string[]; readonly canReadConditionalAccess: boolean; readonly license: License},
): Record<string, unknown> {
	let out = project(asLicensed(record, report, options.license), SHAPES[version][report]) as Record<string, unknown>;
	if (report === 'signIns' && !options.canReadConditionalAccess) {
		// "the appliedConditionalAccessPolicies property in the response will be omitted"
		delete out['appliedConditionalAccessPolicies'];
	}
	if (options.select && options.select.length > 0) {
		const wanted = new Set(options.select.map(s => s.toLowerCase()));
		wanted.add('id');
		out = Object.fromEntries(Object.entries(out).filter(([k]) => wanted.has(k.toLowerCase())));
	}
	return out;
}
