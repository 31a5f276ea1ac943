/** The provisioning detail: the event, its steps and the properties it changed; and its pivots. */
import {at, items, scalar, text, type DetailSection, type GraphRecord, type Pivot} from './report.js';

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

export const provisioningDetails: readonly DetailSection[] = [
	{
		title: 'Summary',
		lines: r => [
			['Date (UTC)', text(r['activityDateTime'])],
			['Id', text(r.id)],
			['Job id', text(r['jobId'])],
			['Cycle id', text(r['cycleId'])],
			['Change id', text(r['changeId'])],
			['Action', provisioningActionOf(r)],
			['Status', status(r)],
			['Duration (ms)', text(r['durationInMilliseconds'])],
			[
				'Source',
				`${text(at(r, 'sourceSystem/displayName'))}: ${text(at(r, 'sourceIdentity/displayName'))} (${text(at(r, 'sourceIdentity/id'))})`,
			],
			[
				'Target',
				`${text(at(r, 'targetSystem/displayName'))}: ${text(at(r, 'targetIdentity/displayName'))} (${text(at(r, 'targetIdentity/id'))})`,
			],
			['Error code', text(at(r, 'provisioningStatusInfo/errorInformation/errorCode'))],
			['Reason', text(at(r, 'provisioningStatusInfo/errorInformation/reason'))],
			['Recommended action', text(at(r, 'provisioningStatusInfo/errorInformation/recommendedAction'))],
		],
	},
	{
		title: 'Steps',
		lines: r =>
			items(r['provisioningSteps'], s => [
				[`${text(s['provisioningStepType'])} (${text(s['status'])})`, text(s['description'])],
			]),
	},
	{
		title: 'Modified properties',
		lines: r =>
			items(r['modifiedProperties'], p => [
				[text(p['displayName']), `${text(p['oldValue']) || '(none)'} -> ${text(p['newValue']) || '(none)'}`],
			]),
	},
];

export const provisioningPivots: readonly Pivot[] = [
	{
		key: 'u',
		label: 'same identity',
		field: 'identity',
		value: r => scalar(at(r, 'sourceIdentity/displayName')) ?? scalar(at(r, 'targetIdentity/displayName')),
	},
	{key: 'a', label: 'same job', field: 'job', value: r => scalar(r['jobId'])},
	{key: 'i', label: 'same target system', field: 'system', value: r => scalar(at(r, 'targetSystem/displayName'))},
	{key: 'c', label: 'same cycle', field: 'cycle', value: r => scalar(r['cycleId'])},
];
