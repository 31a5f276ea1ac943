/** The directory audit detail: the activity, who initiated it, its targets and what changed; and its pivots. */
import {arr, at, items, obj, scalar, utcTime, type DetailSection, type Pivot} from './report.js';
import {flatten, objectId, rest, text, withOtherProperties, type NamedSection} from './properties.detail.js';

/** A target's name: its UPN, display name or id. */
export function targetName(t: Readonly<Record<string, unknown>>): string {
	return text(t['userPrincipalName']) || text(t['displayName']) || text(t['id']);
}

/** An identity in one line: its name, `<UPN>` and `(id)`, whichever it has. */
function identityLine(t: Readonly<Record<string, unknown>>): string {
	const upn = text(t['userPrincipalName']);
	return [text(t['displayName']), upn && `<${upn}>`, text(t['id']) && `(${text(t['id'])})`].filter(Boolean).join(' ');
}

const IDENTITY = ['displayName', 'userPrincipalName', 'id'];

/** A changed property: old -> new. */
const change = (p: Readonly<Record<string, unknown>>): string =>
	`${text(p['oldValue']) || '(none)'} -> ${text(p['newValue']) || '(none)'}`;

const SECTIONS: readonly NamedSection[] = [
	{
		title: 'Activity',
		paths: [
			'activityDateTime',
			'id',
			'correlationId',
			'loggedByService',
			'category',
			'activityDisplayName',
			'operationType',
			'result',
			'resultReason',
			'userAgent',
		],
		lines: r => [
			['Date (UTC)', utcTime(r['activityDateTime'])],
			['Id', text(r.id)],
			['Correlation id', text(r['correlationId'])],
			['Service', text(r['loggedByService'])],
			['Category', text(r['category'])],
			['Activity', text(r['activityDisplayName'])],
			['Operation type', text(r['operationType'])],
			['Result', text(r['result'])],
			['Result reason', text(r['resultReason'])],
			['User agent', text(r['userAgent'])],
		],
	},
	{
		title: 'Initiated by',
		paths: ['initiatedBy', 'performedBy'],
		lines: r => {
			const by = r['initiatedBy'];
			const performed = flatten(r['performedBy'], 'Performed by');
			// Neither a user nor an app: what the property holds.
			if (by === null || typeof by !== 'object' || Array.isArray(by)) return [['Initiated by', text(by)], ...performed];
			const user = obj(at(r, 'initiatedBy/user'));
			const app = obj(at(r, 'initiatedBy/app'));
			return [
				['User', identityLine(user)],
				['IP address', text(user['ipAddress'])],
				['User type', text(user['userType'])],
				[
					'Home tenant',
					[text(user['homeTenantName']), text(user['homeTenantId']) && `(${text(user['homeTenantId'])})`]
						.filter(Boolean)
						.join(' '),
				],
				...rest(user, [...IDENTITY, 'ipAddress', 'userType', 'homeTenantName', 'homeTenantId'], 'User '),
				['App', text(app['displayName'])],
				['App id', text(app['appId'])],
				[
					'Service principal',
					[text(app['servicePrincipalName']), text(app['servicePrincipalId']) && `(${text(app['servicePrincipalId'])})`]
						.filter(Boolean)
						.join(' '),
				],
				...rest(app, ['displayName', 'appId', 'servicePrincipalName', 'servicePrincipalId'], 'App '),
				// user or app holding something other than an object, and any other property of initiatedBy.
				...rest(
					by as Record<string, unknown>,
					[
						...(at(r, 'initiatedBy/user') === user ? ['user'] : []),
						...(at(r, 'initiatedBy/app') === app ? ['app'] : []),
					],
					'',
				),
				...performed,
			];
		},
	},
	{
		title: 'Targets',
		paths: ['targetResources'],
		lines: r =>
			items(r['targetResources'], t => [
				[text(t['type']) || '(no type)', identityLine(t)],
				['  Group type', text(t['groupType'])],
				...items(t['modifiedProperties'], p => [
					[`  ${text(p['displayName'])}`, change(p)],
					...rest(p, ['displayName', 'oldValue', 'newValue'], '    '),
				]),
				...rest(t, [...IDENTITY, 'type', 'groupType', 'modifiedProperties'], '  '),
			]),
	},
	{
		title: 'Additional details',
		paths: ['additionalDetails'],
		lines: r =>
			items(r['additionalDetails'], kv => [[text(kv['key']), text(kv['value'])], ...rest(kv, ['key', 'value'], '  ')]),
	},
];

export const auditDetails: readonly DetailSection[] = withOtherProperties(SECTIONS);

export const auditPivots: readonly Pivot[] = [
	{
		key: 'u',
		label: 'same initiator',
		meaning: 'audits by the same user or app: who did it',
		field: 'initiated-by',
		value: r => scalar(at(r, 'initiatedBy/user/userPrincipalName')) ?? scalar(at(r, 'initiatedBy/app/displayName')),
	},
	{
		key: 'a',
		label: 'same activity',
		meaning: 'audits of the same activity',
		field: 'activity',
		value: r => scalar(r['activityDisplayName']),
	},
	{
		key: 'i',
		label: 'same target',
		meaning: 'audits about the same object: what it was done to',
		field: 'target',
		value: r => scalar(obj(arr(r['targetResources'])[0])['id']),
	},
	{
		key: 'c',
		label: 'same correlation id',
		meaning: 'the audits of one operation',
		field: 'correlation',
		value: r => scalar(r['correlationId']),
	},
	{
		key: 'A',
		label: 'audits about the initiator',
		meaning: "what was done to the initiator's own account",
		field: 'target',
		value: r => objectId(at(r, 'initiatedBy/user/id')),
	},
	{
		key: 'm',
		label: "the group's membership changes",
		meaning: 'members added and removed, and other changes to the group',
		field: 'target',
		value: r => objectId(obj(arr(r['targetResources']).find(t => obj(t)['type'] === 'Group'))['id']),
	},
	{
		key: 'S',
		label: "the initiator's sign-ins",
		meaning: 'the sign-ins of the user who did it',
		report: 'signins',
		field: 'user',
		value: r => scalar(at(r, 'initiatedBy/user/userPrincipalName')) ?? objectId(at(r, 'initiatedBy/user/id')),
	},
];
