/** The provisioning detail: the event, its steps and the properties it changed; and its pivots. */
import {
	at,
	items,
	obj,
	scalar,
	utcTime,
	type DetailSection,
	type GraphRecord,
	type Line,
	type Pivot,
} from './report.js';
import {flatten, objectId, rest, text, withOtherProperties, type NamedSection} from './properties.detail.js';

export const ACTIONS = ['create', 'update', 'delete', 'disable', 'stagedDelete', 'other'];

export const status = (r: GraphRecord): string => text(at(r, 'provisioningStatusInfo/status'));
/**
 * What was done: `provisioningAction`, or in older records and exports the deprecated `action` ("Create",
 * "StagedDelete"), spelt as provisioningAction spells it ("create", "stagedDelete").
 */
export function provisioningActionOf(r: Readonly<Record<string, unknown>>): string {
	const current = r['provisioningAction'];
	if (current !== undefined && current !== null) return text(current);
	const old = r['action'];
	return typeof old === 'string' ? (ACTIONS.find(a => a.toLowerCase() === old.toLowerCase()) ?? old) : text(old);
}

/** A system or an identity on one line: its name and `(id)`, whichever it has. */
function identityLine(v: unknown): string {
	const o = obj(v);
	return [text(o['displayName']), text(o['id']) && `(${text(o['id'])})`].filter(Boolean).join(' ');
}

/** A system's or identity's name and id, then whatever else it carries (its type, its `details`), flattened. */
const party = (r: GraphRecord, key: string, label: string): Line[] => {
	const v = r[key];
	if (v !== null && v !== undefined && (typeof v !== 'object' || Array.isArray(v))) return [[label, text(v)]];
	return [[label, identityLine(v)], ...rest(obj(v), ['displayName', 'id'], '  ')];
};

const SECTIONS: readonly NamedSection[] = [
	{
		title: 'Summary',
		paths: [
			'activityDateTime',
			'id',
			'tenantId',
			'jobId',
			'cycleId',
			'changeId',
			'provisioningAction',
			'provisioningStatusInfo',
			'durationInMilliseconds',
			'initiatedBy',
			'servicePrincipal',
		],
		lines: r => [
			['Date (UTC)', utcTime(r['activityDateTime'])],
			['Id', text(r.id)],
			['Tenant id', text(r['tenantId'])],
			['Job id', text(r['jobId'])],
			['Cycle id', text(r['cycleId'])],
			['Change id', text(r['changeId'])],
			['Action', provisioningActionOf(r)],
			['Status', status(r)],
			['Error code', text(at(r, 'provisioningStatusInfo/errorInformation/errorCode'))],
			['Error category', text(at(r, 'provisioningStatusInfo/errorInformation/errorCategory'))],
			['Reason', text(at(r, 'provisioningStatusInfo/errorInformation/reason'))],
			['Additional details', text(at(r, 'provisioningStatusInfo/errorInformation/additionalDetails'))],
			['Recommended action', text(at(r, 'provisioningStatusInfo/errorInformation/recommendedAction'))],
			...rest(obj(at(r, 'provisioningStatusInfo/errorInformation')), ERROR, 'Error '),
			...rest(obj(r['provisioningStatusInfo']), ['status', 'errorInformation'], 'Status '),
			...(isObject(r['provisioningStatusInfo']) ? [] : flatten(r['provisioningStatusInfo'], 'Status info')),
			...(isObject(at(r, 'provisioningStatusInfo/errorInformation'))
				? []
				: flatten(at(r, 'provisioningStatusInfo/errorInformation'), 'Error information')),
			['Duration (ms)', text(r['durationInMilliseconds'])],
			...party(r, 'initiatedBy', 'Initiated by'),
			...party(r, 'servicePrincipal', 'Service principal'),
		],
	},
	{
		title: 'Source',
		paths: ['sourceSystem', 'sourceIdentity'],
		lines: r => [...party(r, 'sourceSystem', 'System'), ...party(r, 'sourceIdentity', 'Identity')],
	},
	{
		title: 'Target',
		paths: ['targetSystem', 'targetIdentity'],
		lines: r => [...party(r, 'targetSystem', 'System'), ...party(r, 'targetIdentity', 'Identity')],
	},
	{
		title: 'Steps',
		paths: ['provisioningSteps'],
		lines: r =>
			items(r['provisioningSteps'], s => [
				[`${text(s['provisioningStepType'])} (${text(s['status'])})`, text(s['description'])],
				...rest(s, ['provisioningStepType', 'status', 'description'], '  '),
			]),
	},
	{
		title: 'Modified properties',
		paths: ['modifiedProperties'],
		lines: r =>
			items(r['modifiedProperties'], p => [
				[text(p['displayName']), `${text(p['oldValue']) || '(none)'} -> ${text(p['newValue']) || '(none)'}`],
				...rest(p, ['displayName', 'oldValue', 'newValue'], '  '),
			]),
	},
];

const ERROR = ['errorCode', 'errorCategory', 'reason', 'additionalDetails', 'recommendedAction'];

const isObject = (v: unknown): boolean => v === null || v === undefined || (typeof v === 'object' && !Array.isArray(v));

export const provisioningDetails: readonly DetailSection[] = withOtherProperties(SECTIONS);

export const provisioningPivots: readonly Pivot[] = [
	{
		key: 'u',
		label: 'same identity',
		meaning: "the identity's events (by its name)",
		field: 'identity',
		value: r => scalar(at(r, 'sourceIdentity/displayName')) ?? scalar(at(r, 'targetIdentity/displayName')),
	},
	{
		key: 'a',
		label: 'same job',
		meaning: 'the events of the same job (one app)',
		field: 'job',
		value: r => scalar(r['jobId']),
	},
	{
		key: 'i',
		label: 'same target system',
		meaning: 'the events sent to the same system',
		field: 'system',
		value: r => scalar(at(r, 'targetSystem/displayName')),
	},
	{
		key: 'c',
		label: 'same cycle',
		meaning: 'the events of one provisioning cycle',
		field: 'cycle',
		value: r => scalar(r['cycleId']),
	},
	{
		key: 'A',
		label: 'audits about the identity',
		meaning: 'directory audits about the Entra user',
		report: 'audits',
		field: 'target',
		value: r => objectId(at(r, 'sourceIdentity/id')),
	},
	{
		key: 'S',
		label: "the identity's sign-ins",
		meaning: 'the sign-ins of the Entra user',
		report: 'signins',
		field: 'user',
		value: r => objectId(at(r, 'sourceIdentity/id')),
	},
];
