/** Directory audits across the usual categories, with initiators, targets and modified properties. */
import {CA_POLICIES, DEPARTMENTS, GUEST_HOME} from './catalog.js';
import type {GraphRecord, User} from './tenant.js';
import {DAY, pickTime, type Ctx} from './context.js';
import {graphTime} from '../instant.js';
import {type AuditKind, AUDIT_KINDS, GROUPS, ROLES} from './audit-kinds.js';

export function makeAudits(ctx: Ctx): GraphRecord[] {
	const {rng, start, now, users, sps} = ctx;
	const count = Math.round(((now - start) / DAY) * 300);
	const out: GraphRecord[] = [];
	const admins = users.filter(u => u.isAdmin);
	const syncApp = {
		appId: 'cb1056e2-e479-49de-ae31-7812af012ed8',
		displayName: 'Microsoft Azure AD Connect',
		servicePrincipalId: rng.guid(),
		servicePrincipalName: 'Microsoft Azure AD Connect',
	};
	for (let i = 0; i < count; i++) {
		const kind = rng.weighted(AUDIT_KINDS.map(k => [k, k.weight] as const));
		const selfService =
			kind.service === 'Authentication Methods' ||
			kind.service === 'Self-service Password Management' ||
			kind.activity === 'Redeem external user invite';
		const actor = selfService ? rng.pick(users) : rng.pick(admins);
		const byApp = kind.byApp ? true : !selfService && rng.chance(0.25);
		const app = rng.chance(0.5)
			? syncApp
			: (() => {
					const sp = rng.pick(sps.filter(s => s.kind === 'application'));
					return {
						appId: sp.appId,
						displayName: sp.displayName,
						servicePrincipalId: sp.id,
						servicePrincipalName: sp.displayName,
					};
				})();
		const time = pickTime(ctx, byApp ? undefined : actor);
		const result = rng.weighted([
			['success', 96],
			['failure', 3.5],
			['timeout', 0.5],
		] as const);
		const subject = rng.pick(users);
		const targets = auditTargets(ctx, kind, subject);
		const hex = rng.hex(32);
		out.push({
			id: `Directory_${rng.guid()}_${rng.hex(5).toUpperCase()}_${rng.int(10_000_000, 99_999_999)}`,
			category: kind.category,
			correlationId: rng.guid(),
			result,
			resultReason:
				result === 'success'
					? ''
					: result === 'timeout'
						? 'Operation timed out'
						: rng.pick([
								'Insufficient privileges to complete the operation.',
								'Another object with the same value for property proxyAddresses already exists.',
								"Invalid value specified for property 'mailNickname'.",
							]),
			activityDisplayName: kind.activity,
			activityDateTime: graphTime(time),
			loggedByService: kind.service,
			operationType: kind.operationType,
			userAgent: byApp ? null : actor.device.userAgent,
			initiatedBy: byApp
				? {user: null, app}
				: {
						app: null,
						user: {
							id: actor.id,
							displayName: actor.displayName,
							userPrincipalName: actor.userPrincipalName,
							ipAddress: rng.pick(actor.ips),
							// As the docs' beta example writes them: "userType": "Member", "homeTenantId": null for the tenant's own.
							userType: actor.userType === 'guest' ? 'Guest' : 'Member',
							homeTenantId: actor.userType === 'guest' ? GUEST_HOME.tenantId : null,
							homeTenantName: actor.userType === 'guest' ? GUEST_HOME.displayName : null,
						},
					},
			targetResources: targets,
			additionalDetails: [
				...(byApp ? [] : [{key: 'User-Agent', value: actor.device.userAgent}]),
				...(kind.target === 'User'
					? [{key: 'UserType', value: subject.userType === 'guest' ? 'Guest' : 'Member'}]
					: []),
			],
		});
		void hex;
	}
	return out;
}

function auditTargets(ctx: Ctx, kind: AuditKind, subject: User): Array<Record<string, unknown>> {
	const {rng, sps} = ctx;
	const target = (
		type: string,
		id: string,
		displayName: string | null,
		upn: string | null,
		props: Array<Record<string, unknown>>,
	) => ({
		id,
		displayName,
		type,
		userPrincipalName: upn,
		groupType: type === 'Group' ? 'azureAD' : null,
		modifiedProperties: props,
	});
	const prop = (displayName: string, oldValue: unknown, newValue: unknown) => ({
		displayName,
		oldValue: oldValue === null ? null : JSON.stringify(oldValue),
		newValue: newValue === null ? null : JSON.stringify(newValue),
	});
	switch (kind.target) {
		case 'User': {
			const props =
				kind.activity === 'Update user'
					? // The department it had before: another one (an update that changes nothing is not logged as one).
						[
							prop('Department', [rng.pick(DEPARTMENTS.filter(d => d !== subject.department))], [subject.department]),
							prop('Included Updated Properties', null, 'Department'),
						]
					: kind.activity === 'Change user license'
						? [
								prop(
									'AssignedLicense',
									[],
									[
										'[SkuName=ENTERPRISEPACK, AccountId=' +
											ctx.tenantId +
											', SkuId=6fd2c87f-b296-42f0-b197-1e91e994b900, DisabledPlans=[]]',
									],
								),
								prop('Included Updated Properties', null, 'AssignedLicense'),
							]
						: kind.activity === 'Disable account'
							? [prop('AccountEnabled', [true], [false])]
							: [];
			return [target('User', subject.id, null, subject.userPrincipalName, props)];
		}
		case 'Group': {
			const group = rng.pick(GROUPS);
			const groupId = rng.guid();
			if (kind.operationType === 'Assign' || kind.operationType === 'Unassign') {
				return [
					target('User', subject.id, null, subject.userPrincipalName, [
						prop('Group.ObjectID', null, groupId),
						prop('Group.DisplayName', null, group),
					]),
					target('Group', groupId, group, null, []),
				];
			}
			return [target('Group', groupId, group, null, [prop('DisplayName', null, [group])])];
		}
		case 'App':
		case 'ServicePrincipal': {
			const sp = rng.pick(sps);
			return [
				target(
					kind.target === 'App' ? 'Application' : 'ServicePrincipal',
					sp.id,
					sp.displayName,
					null,
					kind.activity.includes('Certificates')
						? [
								prop(
									'KeyDescription',
									[],
									[`[KeyIdentifier=${rng.guid()},KeyType=Password,KeyUsage=Verify,DisplayName=ci-secret]`],
								),
							]
						: [],
				),
			];
		}
		case 'Role': {
			const role = rng.pick(ROLES);
			return [
				target('Role', rng.guid(), role, null, [
					prop('Role.DisplayName', null, role),
					prop('Role.TemplateId', null, rng.guid()),
				]),
				target('User', subject.id, null, subject.userPrincipalName, []),
			];
		}
		case 'Policy': {
			const policy = rng.pick(CA_POLICIES);
			// A policy moves to its state from the step before (report-only before on, off before report-only).
			const before =
				policy.state === 'enabledForReportingButNotEnforced' ? 'disabled' : 'enabledForReportingButNotEnforced';
			return [
				target('Policy', policy.id, policy.displayName, null, [
					prop('ConditionalAccessPolicy', {state: before}, {state: policy.state}),
				]),
			];
		}
		case 'Device':
			return [
				target('Device', rng.guid(), subject.device.displayName || `DEV-${rng.hex(5).toUpperCase()}`, null, [
					prop('DeviceOSType', null, [subject.device.operatingSystem]),
				]),
			];
		case 'Directory':
			return [
				target('Directory', ctx.tenantId, ctx.displayName, null, [
					prop('TechnicalNotificationMails', ['it@' + ctx.domain], ['secops@' + ctx.domain]),
				]),
			];
		default:
			return [target('Other', rng.guid(), `AU ${rng.pick(DEPARTMENTS)}`, null, [])];
	}
}
