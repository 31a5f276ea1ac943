/**
 * Provisioning events in the list: every column a responder may want, and those shown by default (as before the
 * catalogue). The column chooser (C) picks and orders them; the choice is saved per report.
 */
import {arr, at, obj, shortTime, text, type Column, type GraphRecord, type Tone} from './report.js';
import {col, path} from './common.list.js';
import {provisioningActionOf, status} from './provisioning.detail.js';

/** The identity provisioned: the source's name, else the target's. */
export const identity = (r: GraphRecord): string =>
	text(at(r, 'sourceIdentity/displayName')) || text(at(r, 'targetIdentity/displayName'));

const statusTone = (r: GraphRecord): Tone =>
	status(r) === 'success'
		? 'success'
		: status(r) === 'failure'
			? 'failure'
			: status(r) === 'skipped'
				? 'muted'
				: 'warning';

/** The error's field, from provisioningStatusInfo, else the deprecated statusInfo. */
const error =
	(field: string) =>
	(r: GraphRecord): string =>
		text(at(r, `provisioningStatusInfo/errorInformation/${field}`)) || text(at(r, `statusInfo/${field}`));

/** Every provisioning column, in the chooser's order for those not chosen. */
export const PROVISIONING_CATALOGUE: readonly Column[] = [
	col('time', 'Date (UTC)', 19, r => shortTime(r['activityDateTime'])),
	col('identity', 'Identity', 14, identity, {grow: 2}),
	col('action', 'Action', 8, provisioningActionOf),
	col('status', 'Status', 8, status, {tone: statusTone}),
	col('source', 'Source', 10, path('sourceSystem/displayName'), {grow: 1}),
	col('target', 'Target', 10, path('targetSystem/displayName'), {grow: 1}),
	col('error', 'Error', 10, path('provisioningStatusInfo/errorInformation/errorCode'), {grow: 2}),
	col('errorReason', 'Error reason', 20, error('reason'), {grow: 3}),
	col('errorCategory', 'Error category', 14, error('errorCategory')),
	col('recommendedAction', 'Recommended action', 20, error('recommendedAction'), {grow: 2}),
	col('sourceIdentity', 'Source identity', 14, path('sourceIdentity/displayName'), {grow: 1}),
	col('sourceId', 'Source id', 36, path('sourceIdentity/id')),
	col('sourceType', 'Source type', 10, path('sourceIdentity/identityType')),
	col('targetIdentity', 'Target identity', 14, path('targetIdentity/displayName'), {grow: 1}),
	col('targetId', 'Target id', 36, path('targetIdentity/id')),
	col('targetType', 'Target type', 10, path('targetIdentity/identityType')),
	col('servicePrincipal', 'Service principal', 16, path('servicePrincipal/displayName'), {grow: 1}),
	col('initiatedBy', 'Initiated by', 14, path('initiatedBy/displayName')),
	col('modified', 'Modified properties', 20, r =>
		arr(r['modifiedProperties'])
			.slice(0, 50)
			.map(p => text(obj(p)['displayName'], 200))
			.filter(Boolean)
			.join(', '),
	),
	col('steps', 'Steps', 20, r =>
		arr(r['provisioningSteps'])
			.slice(0, 20)
			.map(s => `${text(obj(s)['name'], 80)}: ${text(obj(s)['status'], 40)}`)
			.join(', '),
	),
	col('duration', 'Duration (ms)', 9, path('durationInMilliseconds')),
	col('jobId', 'Job id', 24, path('jobId')),
	col('cycleId', 'Cycle id', 36, path('cycleId')),
	col('changeId', 'Change id', 36, path('changeId')),
	col('id', 'Id', 36, r => text(r.id)),
	col('tenantId', 'Tenant id', 36, path('tenantId')),
];

/** Shown by default, in the order a narrow terminal keeps them (left out from the right): the status before the action. */
export const PROVISIONING_DEFAULTS = ['time', 'identity', 'status', 'action', 'source', 'target', 'error'];
