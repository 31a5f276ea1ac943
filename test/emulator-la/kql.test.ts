/**
 * The emulator's own KQL over HTTPS, on what the client sends and what users paste from Sentinel
 * (shared/log-analytics.md §3): each answer checked against the tenant's Graph records, counted here in plain code.
 */
import {describe, expect, it} from 'vitest';
import {withLaEmulator} from './la-client.js';
import type {GraphRecord} from '../../source/emulator/tenant/tenant.js';

const env = withLaEmulator();

const ofType = (t: string) => env.emu.tenant.signIns.filter(r => (r['signInEventTypes'] as string[])[0] === t);
const code = (r: GraphRecord) => (r['status'] as {errorCode: number}).errorCode;

async function rows(query: string): Promise<Array<Record<string, unknown>>> {
	const r = await env.la.post(query);
	expect(r.status, `${query}\n${r.text.slice(0, 400)}`).toBe(200);
	return env.la.rows(r);
}

const single = async (query: string) => Object.values((await rows(query))[0]!)[0];

describe('the client subset and Sentinel forms', () => {
	it('ResultType is a string, yet compares with numbers as production rules do', async () => {
		const n = ofType('interactiveUser').filter(r => code(r) === 50126).length;
		expect(n).toBeGreaterThan(0);
		expect(await single('SigninLogs | where ResultType == 50126 | count')).toBe(n);
		expect(await single('SigninLogs | where ResultType == "50126" | count')).toBe(n);
		expect(await single('SigninLogs | where ResultType in (dynamic([50126, 50053])) | count')).toBe(
			ofType('interactiveUser').filter(r => [50126, 50053].includes(code(r))).length,
		);
		expect(await single('SigninLogs | where ResultType !in ("0") | count')).toBe(
			ofType('interactiveUser').filter(r => code(r) !== 0).length,
		);
	});

	it('summarize count() by a column', async () => {
		const got = await rows('SigninLogs | where ResultType in ("50126", "50053") | summarize count() by ResultType');
		const want = new Map<string, number>();
		for (const r of ofType('interactiveUser'))
			if ([50126, 50053].includes(code(r))) want.set(String(code(r)), (want.get(String(code(r))) ?? 0) + 1);
		expect(Object.fromEntries(got.map(r => [r['ResultType'], r['count_']]))).toEqual(Object.fromEntries(want));
	});

	it("todynamic/parse_json and tostring over the non-interactive table's JSON text; a member of a string column is null without them", async () => {
		const n = ofType('nonInteractiveUser').filter(
			r => (r['deviceDetail'] as {operatingSystem: string}).operatingSystem.toLowerCase() === 'windows10',
		).length;
		expect(n).toBeGreaterThan(0);
		expect(
			await single(
				'AADNonInteractiveUserSignInLogs | extend d = todynamic(DeviceDetail) | where tostring(d.operatingSystem) =~ "WINDOWS10" | count',
			),
		).toBe(n);
		expect(
			await single(
				'AADNonInteractiveUserSignInLogs | where tostring(parse_json(DeviceDetail)["operatingSystem"]) =~ "windows10" | count',
			),
		).toBe(n);
		expect(await single('AADNonInteractiveUserSignInLogs | where isnull(DeviceDetail.operatingSystem) | count')).toBe(
			ofType('nonInteractiveUser').length,
		);
	});

	it('has, contains, startswith, =~, in~, and spliced literals', async () => {
		const alice = env.emu.tenant.users[0]!.userPrincipalName;
		const inter = ofType('interactiveUser');
		expect(await single('SigninLogs | where UserPrincipalName in~ ("ALICE@CONTOSO.COM", "nobody") | count')).toBe(
			inter.filter(r => r['userPrincipalName'] === alice).length,
		);
		expect(await single('SigninLogs | where UserPrincipalName == "alice" "@contoso.com" | count')).toBe(
			inter.filter(r => r['userPrincipalName'] === alice).length,
		);
		expect(await single('SigninLogs | where AppDisplayName startswith "microsoft" | count')).toBe(
			inter.filter(r => String(r['appDisplayName']).toLowerCase().startsWith('microsoft')).length,
		);
		expect(await single('SigninLogs | where UserAgent contains "WINDOWS NT" | count')).toBe(
			inter.filter(r => String(r['userAgent']).toLowerCase().includes('windows nt')).length,
		);
		// has: whole terms. "Seattle" is a term of "Seattle"; "Seat" is not.
		const seattle = inter.filter(r => (r['location'] as {city: string}).city === 'Seattle').length;
		expect(await single('SigninLogs | where tostring(LocationDetails.city) has "seattle" | count')).toBe(seattle);
		expect(await single('SigninLogs | where tostring(LocationDetails.city) has "seat" | count')).toBe(0);
		// On a dynamic column, has looks into its JSON text (ExplicitMFADeny's `Status has "…"`).
		expect(
			await single(
				'SigninLogs | where Status has "MFA denied; user declined the authentication" or Status has "MFA required in Azure AD" | count',
			),
		).toBe(
			inter.filter(r =>
				/MFA denied; user declined the authentication|MFA required in Azure AD/.test(JSON.stringify(r['status'])),
			).length,
		);
	});

	it('between, datetime(), ago() and the timespan', async () => {
		const audits = env.emu.tenant.directoryAudits;
		const inDay = audits.filter(
			r =>
				String(r['activityDateTime']) >= '2026-11-10' &&
				Date.parse(String(r['activityDateTime'])) <= Date.parse('2026-11-11T00:00:00Z'),
		).length;
		expect(inDay).toBeGreaterThan(0);
		expect(
			await single('AuditLogs | where TimeGenerated between (datetime(2026-11-10) .. datetime(2026-11-11)) | count'),
		).toBe(inDay);
		expect(await single('AuditLogs | where TimeGenerated between (datetime(2026-11-10) .. 1d) | count')).toBe(inDay);
		expect(
			await single('AuditLogs | where TimeGenerated !between (datetime(2026-11-10) .. datetime(2026-11-11)) | count'),
		).toBe(audits.length - inDay);
		expect(await single('AuditLogs | where TimeGenerated > ago(36500d) | count')).toBe(audits.length);
	});

	it('union across user tables, with Type, and name_type columns where their types differ', async () => {
		const alice = env.emu.tenant.users[0]!.userPrincipalName;
		const got = await rows(
			`union SigninLogs, AADNonInteractiveUserSignInLogs | where UserPrincipalName =~ "${alice.toUpperCase()}" | summarize count() by Type`,
		);
		const count = (t: string) => ofType(t).filter(r => r['userPrincipalName'] === alice).length;
		expect(Object.fromEntries(got.map(r => [r['Type'], r['count_']]))).toEqual({
			SigninLogs: count('interactiveUser'),
			AADNonInteractiveUserSignInLogs: count('nonInteractiveUser'),
		});
		const r = await env.la.post('union isfuzzy=true SigninLogs, (AADNonInteractiveUserSignInLogs | take 1) | take 1');
		const names = (r.body['tables'] as Array<{columns: Array<{name: string; type: string}>}>)[0]!.columns;
		expect(names).toContainEqual({name: 'DeviceDetail_dynamic', type: 'dynamic'});
		expect(names).toContainEqual({name: 'DeviceDetail_string', type: 'string'});
		expect(names).toContainEqual({name: 'TimeGenerated', type: 'datetime'});
	});

	it('project, project-away, extend, order by, take/limit, top', async () => {
		const inter = ofType('interactiveUser');
		const oldest = [...inter].sort(
			(a, b) => Date.parse(String(a['createdDateTime'])) - Date.parse(String(b['createdDateTime'])),
		)[0]!;
		const first = await rows('SigninLogs | sort by TimeGenerated asc | take 1 | project Id, Upn = UserPrincipalName');
		expect(first).toEqual([{Id: oldest.id, Upn: oldest['userPrincipalName'] ?? ''}]);
		expect(await rows('SigninLogs | top 1 by TimeGenerated asc | project Id')).toEqual([{Id: oldest.id}]);
		expect(await rows('SigninLogs | limit 5 | project Id')).toHaveLength(5);
		const away = await env.la.post('AuditLogs | take 1 | project-away TargetResources, InitiatedBy');
		expect((away.body['tables'] as Array<{columns: Array<{name: string}>}>)[0]!.columns.map(c => c.name)).not.toContain(
			'TargetResources',
		);
	});

	it('a Sentinel hunting query (SignInLogsWithExpandedPolicies, without its date functions) runs and counts every sign-in', async () => {
		const got = await rows(`SigninLogs
| where TimeGenerated >= ago(36500d)
| extend OS = DeviceDetail.operatingSystem, Browser = DeviceDetail.browser
| extend ConditionalAccessPol0Name = tostring(ConditionalAccessPolicies[0].displayName), ConditionalAccessPol0Result = tostring(ConditionalAccessPolicies[0].result)
| extend StatusCode = tostring(Status.errorCode), StatusDetails = tostring(Status.additionalDetails)
| extend State = tostring(LocationDetails.state), City = tostring(LocationDetails.city)
| summarize count() by Identity, UserPrincipalName, IPAddress, ResultType, ResultDescription, StatusCode, StatusDetails,
ConditionalAccessPol0Name, ConditionalAccessPol0Result, Location, State, City`);
		expect(got.reduce((n, r) => n + Number(r['count_']), 0)).toBe(ofType('interactiveUser').length);
		for (const r of got.slice(0, 50)) expect(r['StatusCode']).toBe(r['ResultType']);
	});
});
