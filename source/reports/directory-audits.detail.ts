/** The directory audit detail: the activity, who initiated it, its targets and what changed; and its pivots. */
import {arr, at, items, obj, scalar, text, type DetailSection, type Pivot} from './report.js';

/** A target's name: its UPN, display name or id. */
export function targetName(t: Readonly<Record<string, unknown>>): string {
	return text(t['userPrincipalName']) || text(t['displayName']) || text(t['id']);
}

export const auditDetails: readonly DetailSection[] = [
	{
		title: 'Activity',
		lines: r => [
			['Date (UTC)', text(r['activityDateTime'])],
			['Id', text(r.id)],
			['Correlation id', text(r['correlationId'])],
			['Service', text(r['loggedByService'])],
			['Category', text(r['category'])],
			['Activity', text(r['activityDisplayName'])],
			['Operation type', text(r['operationType'])],
			['Result', text(r['result'])],
			['Result reason', text(r['resultReason'])],
		],
	},
	{
		title: 'Initiated by',
		lines: r => {
			const user = at(r, 'initiatedBy/user');
			const app = at(r, 'initiatedBy/app');
			const isObject = (v: unknown): boolean => v !== null && typeof v === 'object' && !Array.isArray(v);
			if (isObject(user))
				return [
					['User', text(obj(user)['userPrincipalName'])],
					['User id', text(obj(user)['id'])],
					['IP address', text(obj(user)['ipAddress'])],
				];
			if (isObject(app))
				return [
					['App', text(obj(app)['displayName'])],
					['App id', text(obj(app)['appId'])],
					['Service principal id', text(obj(app)['servicePrincipalId'])],
				];
			// Neither a user nor an app: what the property holds.
			return [['Initiated by', text(r['initiatedBy'])]];
		},
	},
	{
		title: 'Targets',
		lines: r =>
			items(r['targetResources'], t => [
				[text(t['type']), `${targetName(t)} (${text(t['id'])})`],
				...items(t['modifiedProperties'], p => [
					[`  ${text(p['displayName'])}`, `${text(p['oldValue']) || '(none)'} -> ${text(p['newValue']) || '(none)'}`],
				]),
			]),
	},
	{
		title: 'Additional details',
		lines: r => items(r['additionalDetails'], kv => [[text(kv['key']), text(kv['value'])]]),
	},
];

export const auditPivots: readonly Pivot[] = [
	{
		key: 'u',
		label: 'same initiator',
		field: 'initiated-by',
		value: r => scalar(at(r, 'initiatedBy/user/userPrincipalName')) ?? scalar(at(r, 'initiatedBy/app/displayName')),
	},
	{key: 'a', label: 'same activity', field: 'activity', value: r => scalar(r['activityDisplayName'])},
	{key: 'i', label: 'same target', field: 'target', value: r => scalar(obj(arr(r['targetResources'])[0])['id'])},
	{key: 'c', label: 'same correlation id', field: 'correlation', value: r => scalar(r['correlationId'])},
];
