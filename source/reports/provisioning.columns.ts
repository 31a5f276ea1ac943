/**
 * Provisioning in the other backends, beside the definition (provisioning.ts): the admin center's CSV download
 * columns and the Log Analytics table. Records stay Graph-shaped everywhere.
 */
import {ADMIN_CENTER_COMMON} from './admin-center.js';
import type {ReportTables} from './log-analytics.js';

/** The admin center's provisioning CSV columns: only those every download has (its time, id, correlation id). */
export const PROVISIONING_CSV: Readonly<Record<string, string>> = ADMIN_CENTER_COMMON;

export const PROVISIONING_TABLES: ReportTables = {
	tables: ['AADProvisioningLogs'],
	timeColumn: 'TimeGenerated',
	timeProperty: 'activityDateTime',
	columns: [
		{graph: 'id', column: 'Id', kind: 'string'},
		{graph: 'tenantId', column: 'AADTenantId', kind: 'string'},
		{graph: 'jobId', column: 'JobId', kind: 'string'},
		{graph: 'cycleId', column: 'CycleId', kind: 'string'},
		{graph: 'changeId', column: 'ChangeId', kind: 'string'},
		{graph: 'provisioningAction', column: 'ProvisioningAction', kind: 'string'},
		{graph: 'durationInMilliseconds', column: 'DurationMs', kind: 'long'},
		{graph: 'servicePrincipal', column: 'ServicePrincipal', kind: 'json'},
		{graph: 'initiatedBy', column: 'InitiatedBy', kind: 'json'},
		{graph: 'sourceIdentity', column: 'SourceIdentity', kind: 'json'},
		{graph: 'targetIdentity', column: 'TargetIdentity', kind: 'json'},
		{graph: 'targetSystem', column: 'TargetSystem', kind: 'json'},
		// Where Graph's sourceSystem lands is not documented (§2.5): read it when SourceSystem holds a JSON object.
		{graph: 'sourceSystem', column: 'SourceSystem', kind: 'json'},
		{graph: 'provisioningStatusInfo', column: 'ProvisioningStatusInfo', kind: 'json'},
		{graph: 'provisioningSteps', column: 'ProvisioningSteps', kind: 'json'},
		{graph: 'modifiedProperties', column: 'ModifiedProperties', kind: 'json'},
	],
};
