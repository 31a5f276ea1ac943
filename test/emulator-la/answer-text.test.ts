/**
 * The query API's answer is written from each row's JSON (written once, as the size limit counts it): the text must
 * be exactly JSON.stringify of the answer, with statistics, render and a PartialError (the size limit and the knob).
 */
import {describe, expect, it} from 'vitest';
import {arrayTable} from '../../source/emulator/graph/records.js';
import {execute} from '../../source/emulator/log-analytics/service-execute.js';
import {defaultSettings} from '../../source/emulator/log-analytics/service-limits.js';
import {Workspace} from '../../source/emulator/log-analytics/tables.js';
import {testTenant} from '../helpers/emulator.js';

const tenant = testTenant();
const ws = new Workspace(
	{
		signIns: arrayTable(tenant.signIns),
		directoryAudits: arrayTable(tenant.directoryAudits),
		provisioning: arrayTable(tenant.provisioning),
	},
	{tenantId: tenant.tenantId, workspaceId: 'ws'},
);

describe('the answer as text', () => {
	it.each([
		['plain', {}, ''],
		['statistics and render', {}, 'include-statistics=true, include-render=true'],
		['cut by the size limit', {maxBytes: 20_000}, 'include-statistics=true'],
		['partial (the knob)', {partialEvery: 1}, ''],
		['no rows', {}, ''],
	] as const)('%s: JSON.stringify of the body', (name, settings, prefer) => {
		const query =
			name === 'no rows'
				? 'SigninLogs | where Id == "none" | take 5'
				: 'union (SigninLogs), (AuditLogs) | order by TimeGenerated desc, Id desc | take 50';
		const reply = execute(ws, {...defaultSettings(), ...settings}, query, undefined, prefer, 1);
		expect(reply.status).toBe(200);
		expect(reply.text).toBe(JSON.stringify(reply.body));
	});
});
