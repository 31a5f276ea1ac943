/**
 * Directory audits in the other backends, beside the definition (directory-audits.ts): the admin center's CSV
 * download columns and the Log Analytics table. Records stay Graph-shaped everywhere.
 */
import {ADMIN_CENTER_COMMON} from './admin-center.js';
import type {ReportTables} from './log-analytics.js';

/** The admin center's audit CSV columns (matched without case, spaces and punctuation) → Graph paths, `.`-separated. */
export const AUDIT_CSV: Readonly<Record<string, string>> = {
	...ADMIN_CENTER_COMMON,
	useragent: 'userAgent',
	service: 'loggedByService',
	category: 'category',
	activity: 'activityDisplayName',
	result: 'result',
	resultreason: 'resultReason',
	actoruserprincipalname: 'initiatedBy.user.userPrincipalName',
	actorobjectid: 'initiatedBy.user.id',
	actordisplayname: 'initiatedBy.app.displayName',
};

export const AUDIT_TABLES: ReportTables = {
	tables: ['AuditLogs'],
	timeColumn: 'TimeGenerated',
	timeProperty: 'activityDateTime',
	columns: [
		{graph: 'id', column: 'Id', kind: 'string'},
		{graph: 'activityDateTime', column: 'ActivityDateTime', kind: 'datetime'},
		{graph: 'activityDisplayName', column: 'ActivityDisplayName', kind: 'string'},
		{graph: 'category', column: 'Category', kind: 'string'},
		{graph: 'correlationId', column: 'CorrelationId', kind: 'string'},
		{graph: 'initiatedBy', column: 'InitiatedBy', kind: 'json', dynamicIn: ['AuditLogs']},
		{graph: 'targetResources', column: 'TargetResources', kind: 'json', dynamicIn: ['AuditLogs']},
		{graph: 'additionalDetails', column: 'AdditionalDetails', kind: 'json', dynamicIn: ['AuditLogs']},
		{graph: 'loggedByService', column: 'LoggedByService', kind: 'string'},
		{graph: 'operationType', column: 'AADOperationType', kind: 'string'},
		{graph: 'result', column: 'Result', kind: 'string'},
		{graph: 'resultReason', column: 'ResultReason', kind: 'string'},
	],
};
