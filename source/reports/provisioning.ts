/** Provisioning: /auditLogs/provisioning. Filters are case-sensitive except status (graph-api.md §4.3). */
import {QueryError} from '../query/time.js';
import {str, type Expr} from '../query/filter.js';
import {defineReport, shortTime, type ReportDefinition} from './report.js';
import {PROVISIONING_CSV, PROVISIONING_TABLES} from './provisioning.columns.js';
import {PROVISIONING_DEFAULTS, identity} from './provisioning.list.js';
import {columnsOf} from './catalogue.list.js';
import {ACTIONS, provisioningActionOf, provisioningDetails, provisioningPivots, status} from './provisioning.detail.js';

export {provisioningActionOf};

const eq = (path: string, value: string, caseSensitive = true): Expr => ({
	kind: 'cmp',
	path,
	op: 'eq',
	value: str(value),
	caseSensitive,
});
const contains = (path: string, value: string): Expr => ({
	kind: 'fn',
	fn: 'contains',
	path,
	value,
	caseSensitive: true,
});

const STATUS = ['success', 'failure', 'skipped', 'warning'];

export const provisioning: ReportDefinition = defineReport({
	id: 'provisioning',
	title: 'Provisioning',
	collection: 'provisioning',
	timeField: 'activityDateTime',
	timeOps: {since: 'gt', until: 'lt'},
	needsTop: true,
	fields: [
		{
			key: 'status',
			label: 'Status',
			hint: STATUS.join(', '),
			choices: STATUS,
			build: v => {
				const value = v.trim().toLowerCase();
				if (!STATUS.includes(value)) throw new QueryError(`status must be one of ${STATUS.join(', ')}`);
				return {server: eq('provisioningStatusInfo/status', value, false)};
			},
		},
		{
			key: 'action',
			label: 'Action',
			hint: ACTIONS.join(', '),
			choices: ACTIONS,
			build: v => {
				const value = ACTIONS.find(a => a.toLowerCase() === v.trim().toLowerCase());
				if (!value) throw new QueryError(`action must be one of ${ACTIONS.join(', ')}`);
				return {server: eq('provisioningAction', value, false)};
			},
		},
		{
			key: 'identity',
			label: 'Identity',
			hint: 'part of the source or target name (case-sensitive)',
			build: v => ({
				server: {
					kind: 'or',
					items: [contains('sourceIdentity/displayName', v.trim()), contains('targetIdentity/displayName', v.trim())],
				},
			}),
		},
		{
			key: 'job',
			label: 'Job id',
			hint: 'part of the job id (case-sensitive)',
			build: v => ({server: contains('jobId', v.trim())}),
		},
		{key: 'cycle', label: 'Cycle id', hint: 'GUID', build: v => ({server: eq('cycleId', v.trim())})},
		{key: 'change', label: 'Change id', hint: 'GUID', build: v => ({server: eq('changeId', v.trim())})},
		{
			key: 'system',
			label: 'Target system',
			hint: 'ServiceNow, Salesforce ... (case-sensitive)',
			build: v => ({server: eq('targetSystem/displayName', v.trim())}),
		},
	],
	columns: columnsOf('provisioning', PROVISIONING_DEFAULTS),
	details: provisioningDetails,
	pivots: provisioningPivots,
	summary: r => `${shortTime(r['activityDateTime'])} ${provisioningActionOf(r)} ${identity(r)} ${status(r)}`,
	backends: {adminCenterCsv: PROVISIONING_CSV, logAnalytics: PROVISIONING_TABLES},
});
