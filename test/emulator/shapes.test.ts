/** Response shapes against the schema lists of shared/graph-api.md §13 (v1.0) and §14 (beta). */
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {startTestEmulator, type TestEmulator} from '../helpers/emulator.js';

const V1_SIGN_IN = [
	'appDisplayName',
	'appId',
	'appliedConditionalAccessPolicies',
	'authenticationAppDeviceDetails',
	'clientAppUsed',
	'conditionalAccessStatus',
	'correlationId',
	'createdDateTime',
	'deviceDetail',
	'homeTenantId',
	'id',
	'ipAddress',
	'isInteractive',
	'location',
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
	'status',
	'userAgent',
	'userDisplayName',
	'userId',
	'userPrincipalName',
];
const V1_AUDIT = [
	'activityDateTime',
	'activityDisplayName',
	'additionalDetails',
	'category',
	'correlationId',
	'id',
	'initiatedBy',
	'loggedByService',
	'operationType',
	'result',
	'resultReason',
	'targetResources',
];
const V1_PROVISIONING = [
	'activityDateTime',
	'changeId',
	'cycleId',
	'durationInMilliseconds',
	'id',
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
];
const BETA_SIGN_IN_EXTRA = [
	'signInEventTypes',
	'authenticationDetails',
	'userType',
	'processingTimeInMilliseconds',
	'authenticationRequirement',
	'managedServiceIdentity',
	'servicePrincipalCredentialKeyId',
	'clientCredentialType',
	'networkLocationDetails',
	'tokenIssuerType',
];

let emu: TestEmulator;
let token: string;
beforeAll(async () => {
	emu = await startTestEmulator();
	token = await emu.token();
});
afterAll(() => emu.close());

async function first(path: string): Promise<Record<string, unknown>> {
	const res = await emu.network.fetch(`${emu.origin}${path}`, {headers: {authorization: `Bearer ${token}`}});
	expect(res.headers.get('content-type')).toContain('application/json');
	expect(res.headers.get('request-id')).toMatch(/^[0-9a-f-]{36}$/);
	const body = JSON.parse(await res.text()) as {value: Array<Record<string, unknown>>};
	return body.value[0]!;
}

describe('record shapes', () => {
	it('v1.0 sign-ins carry only v1.0 properties, with v1.0 nested types', async () => {
		const r = await first('/v1.0/auditLogs/signIns?$top=1');
		expect(Object.keys(r).every(k => V1_SIGN_IN.includes(k))).toBe(true);
		expect(r).toHaveProperty('status.errorCode');
		expect(typeof (r['status'] as {errorCode: unknown}).errorCode).toBe('number');
		expect(Object.keys(r['deviceDetail'] as object)).not.toContain('browserId');
		const ca = (r['appliedConditionalAccessPolicies'] as Array<Record<string, unknown>>)[0]!;
		expect(Object.keys(ca).sort()).toEqual([
			'displayName',
			'enforcedGrantControls',
			'enforcedSessionControls',
			'id',
			'result',
		]);
		expect(r).toHaveProperty('location.geoCoordinates.latitude');
	});

	it('beta sign-ins add the beta properties', async () => {
		const r = await first('/beta/auditLogs/signIns?$top=1');
		for (const k of BETA_SIGN_IN_EXTRA) expect(r, k).toHaveProperty(k);
		expect(r['signInEventTypes']).toEqual(['interactiveUser']);
		expect(Object.keys(r['deviceDetail'] as object)).toContain('browserId');
	});

	it('v1.0 audits and provisioning carry only v1.0 properties; beta adds userAgent and statusInfo', async () => {
		const a = await first('/v1.0/auditLogs/directoryAudits?$top=1');
		expect(Object.keys(a).every(k => V1_AUDIT.includes(k))).toBe(true);
		expect(a).toHaveProperty('initiatedBy');
		const p = await first('/v1.0/auditLogs/provisioning?$top=1');
		expect(Object.keys(p).sort()).toEqual([...V1_PROVISIONING].sort());
		expect(await first('/beta/auditLogs/directoryAudits?$top=1')).toHaveProperty('userAgent');
		expect(await first('/beta/auditLogs/provisioning?$top=1')).toHaveProperty('statusInfo');
	});

	it('modifiedProperties values are JSON-encoded strings, as Graph sends them', () => {
		const withProps = emu.tenant.directoryAudits.find(
			r =>
				(r['targetResources'] as Array<{modifiedProperties: Array<{newValue: string | null}>}>)[0]!.modifiedProperties
					.length > 0,
		)!;
		const value = (withProps['targetResources'] as Array<{modifiedProperties: Array<{newValue: string | null}>}>)[0]!
			.modifiedProperties[0]!.newValue;
		expect(typeof value).toBe('string');
	});
});
