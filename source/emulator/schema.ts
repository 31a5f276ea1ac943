/**
 * Records are stored in the beta shape. A v1.0 response carries only the properties that the v1.0 schema declares
 * (shared/graph-api.md §13, from schemas/v1.0-Prod.csdl), nested complex types included.
 */
import type {ApiVersion, ReportName} from './reports.js';

interface Shape {
	readonly [key: string]: true | Shape;
}

const keys = (...names: string[]): Record<string, true> => Object.fromEntries(names.map(n => [n, true]));

const V1_SIGN_IN: Shape = {
	...keys('id', 'appDisplayName', 'appId', 'clientAppUsed', 'conditionalAccessStatus', 'correlationId', 'createdDateTime',
		'homeTenantId', 'ipAddress', 'isInteractive', 'resourceDisplayName', 'resourceId', 'resourceTenantId', 'riskDetail',
		'riskEventTypes', 'riskEventTypes_v2', 'riskLevelAggregated', 'riskLevelDuringSignIn', 'riskState', 'servicePrincipalId',
		'servicePrincipalName', 'userAgent', 'userDisplayName', 'userId', 'userPrincipalName', 'authenticationAppDeviceDetails'),
	appliedConditionalAccessPolicies: keys('displayName', 'enforcedGrantControls', 'enforcedSessionControls', 'id', 'result'),
	deviceDetail: keys('browser', 'deviceId', 'displayName', 'isCompliant', 'isManaged', 'operatingSystem', 'trustType'),
	location: keys('city', 'countryOrRegion', 'geoCoordinates', 'state'),
	status: keys('additionalDetails', 'errorCode', 'failureReason'),
};

const V1_AUDIT: Shape = {
	...keys('id', 'activityDateTime', 'activityDisplayName', 'additionalDetails', 'category', 'correlationId', 'loggedByService',
		'operationType', 'result', 'resultReason', 'targetResources'),
	initiatedBy: keys('app', 'user'),
};

const V1_PROVISIONING: Shape = keys('id', 'activityDateTime', 'changeId', 'cycleId', 'durationInMilliseconds', 'initiatedBy', 'jobId',
	'modifiedProperties', 'provisioningAction', 'provisioningStatusInfo', 'provisioningSteps', 'servicePrincipal', 'sourceIdentity',
	'sourceSystem', 'targetIdentity', 'targetSystem', 'tenantId');

const V1: Readonly<Record<ReportName, Shape>> = {signIns: V1_SIGN_IN, directoryAudits: V1_AUDIT, provisioning: V1_PROVISIONING};

function project(value: unknown, shape: Shape | true): unknown {
	if (shape === true || value === null || typeof value !== 'object') return value;
	if (Array.isArray(value)) return value.map(v => project(v, shape));
	const out: Record<string, unknown> = {};
	for (const [k, sub] of Object.entries(shape)) {
		if (k in (value as Record<string, unknown>)) out[k] = project((value as Record<string, unknown>)[k], sub);
	}
	return out;
}

/** Shapes a stored record for the response: API version, `$select`, and the CA-data permission rule (§2.1). */
export function shapeRecord(
	record: Record<string, unknown>,
	report: ReportName,
	version: ApiVersion,
	options: {readonly select?: readonly string[]; readonly canReadConditionalAccess: boolean},
): Record<string, unknown> {
	let out = version === 'v1.0' ? (project(record, V1[report]) as Record<string, unknown>) : {...record};
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
