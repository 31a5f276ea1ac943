/** Provisioning: cycles of a few jobs, each event with its five steps, failures with their error information. */
import type {GraphRecord, User} from './tenant.js';
import {MINUTE, capitalize, iso, type Ctx} from './context.js';

const PROVISIONING_JOBS = [
	{template: 'ServiceNowOutDelta', app: 'ServiceNow', system: 'ServiceNow'},
	{template: 'salesforce', app: 'Salesforce', system: 'Salesforce'},
	{template: 'slack', app: 'Slack', system: 'Slack'},
] as const;

const PROVISIONING_ERRORS = [
	{
		code: 'SystemForCrossDomainIdentityManagementBadRequest',
		category: 'nonServiceFailure',
		reason: 'The SCIM endpoint rejected the request: the userName attribute is already taken.',
		action: 'Make sure the user name is unique in the target application.',
	},
	{
		code: 'SalesforceLicenseLimitExceeded',
		category: 'nonServiceFailure',
		reason: 'The user could not be created in Salesforce because there are no licenses available.',
		action: 'Buy more licenses or deactivate unused users in Salesforce.',
	},
	{
		code: 'EntrySynchronizationError',
		category: 'failure',
		reason: 'The target system returned a transient error.',
		action: 'No action is needed; the change is retried in the next cycle.',
	},
	{
		code: 'AzureActiveDirectoryCannotUpdateObjectsOriginatedInExternalService',
		category: 'nonServiceFailure',
		reason: 'The object is mastered on premises and cannot be updated in the cloud.',
		action: 'Update the object in the on-premises directory.',
	},
] as const;

export function makeProvisioning(ctx: Ctx): GraphRecord[] {
	const {rng, start, now, users, tenantId} = ctx;
	const out: GraphRecord[] = [];
	for (const job of PROVISIONING_JOBS) {
		const jobId = `${job.template}.${rng.hex(32)}.${tenantId}`;
		const sp = {id: rng.guid(), displayName: job.app};
		for (let cycleStart = start + rng.int(0, 40) * MINUTE; cycleStart < now; cycleStart += 40 * MINUTE) {
			const cycleId = rng.guid();
			const objects = rng.weighted([
				[0, 35],
				[1, 25],
				[2, 15],
				[3, 10],
				[5, 8],
				[8, 7],
			] as const);
			let t = cycleStart;
			for (let o = 0; o < objects; o++) {
				t += rng.int(200, 20_000);
				if (t > now) break;
				out.push(provisioningRecord(ctx, {jobId, cycleId, time: t, sp, job, user: rng.pick(users)}));
			}
		}
	}
	return out;
}

function provisioningRecord(
	ctx: Ctx,
	p: {
		jobId: string;
		cycleId: string;
		time: number;
		sp: {id: string; displayName: string};
		job: (typeof PROVISIONING_JOBS)[number];
		user: User;
	},
): GraphRecord {
	const {rng, tenantId} = ctx;
	const action = rng.weighted([
		['update', 60],
		['create', 15],
		['disable', 6],
		['delete', 4],
		['other', 15],
	] as const);
	const status = rng.weighted([
		['success', 84],
		['skipped', 9],
		['failure', 5],
		['warning', 2],
	] as const);
	const error = status === 'failure' ? rng.pick(PROVISIONING_ERRORS) : null;
	const targetId = rng.hex(18);
	const step = (
		name: string,
		type: string,
		st: string,
		description: string,
		details: Record<string, unknown> = {},
	) => ({
		name,
		provisioningStepType: type,
		status: st,
		description,
		details,
	});
	const steps = [
		step(
			'EntryImport',
			'import',
			'success',
			`Received User '${p.user.userPrincipalName}' change of type (Update) from Microsoft Entra ID`,
			{ReportableIdentifier: p.user.userPrincipalName},
		),
		step(
			'EntrySynchronizationScoping',
			'scoping',
			status === 'skipped' ? 'skipped' : 'success',
			status === 'skipped'
				? `User '${p.user.userPrincipalName}' will be skipped: the user is not assigned to the application`
				: `Determine if User in scope by evaluating against each scoping filter`,
			{'Active in the source system': 'True', 'Assigned to the application': status === 'skipped' ? 'False' : 'True'},
		),
		...(status === 'skipped'
			? []
			: [
					step(
						'MatchingEntries',
						'matching',
						'success',
						`Retrieved '${p.user.userPrincipalName}' from ${p.job.system}`,
						{MatchingAttribute: 'userName'},
					),
					step(
						'EntrySynchronizationAdd',
						'processing',
						'success',
						`User '${p.user.userPrincipalName}' will be ${action === 'create' ? 'created' : 'updated'} in ${p.job.system}`,
						{},
					),
					step(
						'EntryExportUpdate',
						'export',
						status === 'failure' ? 'failure' : status === 'warning' ? 'warning' : 'success',
						status === 'failure'
							? `Failed to ${action} User '${p.user.userPrincipalName}' in ${p.job.system}`
							: `User '${p.user.userPrincipalName}' was ${action === 'create' ? 'created' : 'updated'} in ${p.job.system}`,
						{},
					),
				]),
	];
	const statusInfo = {
		status,
		errorInformation: error
			? {
					errorCode: error.code,
					errorCategory: error.category,
					reason: error.reason,
					additionalDetails: null,
					recommendedAction: error.action,
				}
			: null,
	};
	return {
		id: `${rng.hex(8)}-${rng.hex(4)}-${rng.hex(4)}-${rng.hex(4)}-${rng.hex(12)}`,
		activityDateTime: iso(p.time),
		tenantId,
		jobId: p.jobId,
		cycleId: p.cycleId,
		changeId: rng.guid(),
		action: capitalize(action),
		provisioningAction: action,
		durationInMilliseconds: rng.int(150, status === 'failure' ? 9000 : 3500),
		initiatedBy: {id: '', displayName: 'Microsoft Entra ID', initiatorType: 'system'},
		servicePrincipal: {id: p.sp.id, displayName: p.sp.displayName},
		sourceSystem: {id: rng.guid(), displayName: 'Microsoft Entra ID', details: {}},
		targetSystem: {
			id: rng.guid(),
			displayName: p.job.system,
			details: {ApplicationId: rng.guid(), ServicePrincipalId: p.sp.id, ServicePrincipalDisplayName: p.sp.displayName},
		},
		sourceIdentity: {
			id: p.user.id,
			displayName: p.user.displayName,
			identityType: 'User',
			details: {UserPrincipalName: p.user.userPrincipalName},
		},
		targetIdentity: {
			id: targetId,
			displayName: p.user.displayName,
			identityType: p.job.system === 'Salesforce' ? 'User' : 'urn:ietf:params:scim:schemas:core:2.0:User',
			details: {},
		},
		// The deprecated beta statusInfo, as in the docs' examples: plain {status} unless it failed.
		statusInfo:
			status === 'failure'
				? {
						'@odata.type': '#microsoft.graph.statusDetails',
						status,
						errorCode: error!.code,
						reason: error!.reason,
						additionalDetails: null,
						errorCategory: error!.category,
						recommendedAction: error!.action,
					}
				: {status},
		provisioningStatusInfo: statusInfo,
		provisioningSteps: steps,
		modifiedProperties:
			status === 'skipped'
				? []
				: [
						{displayName: 'displayName', oldValue: null, newValue: p.user.displayName},
						{displayName: 'userName', oldValue: null, newValue: p.user.userPrincipalName},
						{displayName: 'active', oldValue: null, newValue: action === 'disable' ? 'False' : 'True'},
						{displayName: 'department', oldValue: null, newValue: p.user.department},
					],
	};
}
