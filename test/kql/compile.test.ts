/**
 * One Query compiles to KQL: tables, union across sign-in event types, timespan plus TimeGenerated, columns per
 * report, keyset paging; and the raw --kql checker. Expected texts are written by hand from shared/log-analytics.md
 * (table names, column names and types), not produced by the compiler.
 */
import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {compileKql, kqlPage, kqlText} from '../../source/query/kql.js';
import {checkKqlWhere} from '../../source/query/kql-raw.js';
import {QueryError} from '../../source/query/time.js';
import type {Query} from '../../source/query/query.js';
import {KqlSyntaxError, parseQuery} from '../../source/emulator/log-analytics/parser.js';
import {printQuery} from '../../source/query/print.js';
import {timelinePrint} from '../../source/cli/timeline-command.js';

const NOW = new Date('2026-11-20T12:00:00Z');
const q = (over: Partial<Query> & Pick<Query, 'report'>): Query => ({filters: {}, order: 'newest', ...over});

describe('tables, time and columns', () => {
	it('interactive sign-ins of a user since 24h: SigninLogs, the timespan and a where on TimeGenerated', () => {
		const c = compileKql(q({report: 'signins', filters: {user: 'Alice@Contoso.com'}, since: '24h'}), {now: NOW});
		expect(c.tables).toEqual(['SigninLogs']);
		expect(c.timespan).toBe('2026-11-19T12:00:00.000Z/2026-11-21T12:00:01.000Z');
		expect(kqlText(c)).toBe(
			[
				'SigninLogs',
				'| where TimeGenerated >= datetime(2026-11-19T12:00:00.000Z)',
				'| where UserPrincipalName =~ "alice@contoso.com"',
				'| order by TimeGenerated desc, Id desc',
			].join('\n'),
		);
	});

	it('several event types: a union of their tables, each with its own column forms (dynamic vs JSON text)', () => {
		const c = compileKql(
			q({
				report: 'signins',
				filters: {city: 'Redmond', error: '50126'},
				eventTypes: ['interactive', 'non-interactive', 'service-principal', 'managed-identity'],
			}),
			{now: NOW},
		);
		expect(c.tables).toEqual([
			'SigninLogs',
			'AADNonInteractiveUserSignInLogs',
			'AADServicePrincipalSignInLogs',
			'AADManagedIdentitySignInLogs',
		]);
		expect(c.body).toBe(
			[
				'union',
				'    (SigninLogs',
				'    | where tostring(LocationDetails.city) startswith "Redmond"',
				'    | where ResultType == "50126"),',
				'    (AADNonInteractiveUserSignInLogs',
				'    | where tostring(todynamic(LocationDetails).city) startswith "Redmond"',
				'    | where ResultType == "50126"),',
				'    (AADServicePrincipalSignInLogs',
				'    | where tostring(todynamic(LocationDetails).city) startswith "Redmond"',
				'    | where ResultType == "50126"),',
				'    (AADManagedIdentitySignInLogs',
				'    | where tostring(todynamic(LocationDetails).city) startswith "Redmond"',
				'    | where ResultType == "50126")',
			].join('\n'),
		);
	});

	it('a table without the column drops out (UserPrincipalName is not in the app tables), unless the query is refused first', () => {
		// Issue 8 makes resolveQuery refuse a field that the chosen event types do not carry; before it, the leg drops.
		let c;
		try {
			c = compileKql(
				q({report: 'signins', filters: {user: 'alice@contoso.com'}, eventTypes: ['interactive', 'service-principal']}),
				{now: NOW},
			);
		} catch (error) {
			expect(error).toBeInstanceOf(QueryError);
			expect(String(error)).toMatch(/--type/);
			return;
		}
		expect(c.tables).toEqual(['SigninLogs']);
		expect(c.body).not.toMatch(/AADServicePrincipalSignInLogs/);
	});

	it('a field only app sign-ins carry selects the app tables without --type (as resolveQuery says)', () => {
		const c = compileKql(q({report: 'signins', filters: {'service-principal': 'svc-'}}), {now: NOW});
		expect(c.tables).toEqual(['AADServicePrincipalSignInLogs', 'AADManagedIdentitySignInLogs']);
		expect(c.body).toContain('(AADServicePrincipalSignInLogs\n    | where ServicePrincipalName startswith "svc-")');
	});

	it('apps of app sign-ins are their service principal; status failure is a code neither 0 nor an interrupt', () => {
		const c = compileKql(
			q({report: 'signins', filters: {app: 'Contoso Payroll', status: 'failure'}, eventTypes: ['service-principal']}),
			{now: NOW},
		);
		expect(c.body).toBe(
			'AADServicePrincipalSignInLogs\n| where ServicePrincipalName startswith "Contoso Payroll"\n| where toreal(ResultType) >= 1 and ' +
				['50072', '50074', '50125', '50140', '50058', '50076', '50079', '50097']
					.map(c => `ResultType != "${c}"`)
					.join(' and '),
		);
	});

	it('audits: AuditLogs, dynamic InitiatedBy, the category checked in the workspace too, targets as a superset checked here', () => {
		const c = compileKql(
			q({
				report: 'audits',
				filters: {'initiated-by': 'bob@contoso.com', category: 'UserManagement', target: 'Sales'},
				since: '2026-11-01',
				until: '2026-11-02T00:00:00Z',
			}),
			{now: NOW},
		);
		expect(c.tables).toEqual(['AuditLogs']);
		expect(c.body).toContain('| where TimeGenerated <= datetime(2026-11-02T00:00:00.000Z)');
		expect(c.body).toContain('| where tostring(InitiatedBy.user.userPrincipalName) =~ "bob@contoso.com"');
		expect(c.body).toContain('| where Category =~ "UserManagement"');
		expect(c.body).toContain('| where tostring(TargetResources) contains "Sales"');
		// Elements of an array: KQL narrows, the exact check is the Graph clause, kept for each record.
		expect(c.local).toMatchObject({kind: 'any', path: 'targetResources'});
	});

	it('provisioning: every detail column is JSON text, read through todynamic; case-sensitive fields use _cs', () => {
		const c = compileKql(
			q({report: 'provisioning', filters: {status: 'failure', identity: 'Ann', system: 'Slack'}, order: 'oldest'}),
			{now: NOW},
		);
		expect(kqlPage(c, {take: 5})).toBe(
			[
				'AADProvisioningLogs',
				'| where tostring(todynamic(ProvisioningStatusInfo).status) =~ "failure"',
				'| where tostring(todynamic(SourceIdentity).displayName) contains_cs "Ann" or tostring(todynamic(TargetIdentity).displayName) contains_cs "Ann"',
				'| where tostring(todynamic(TargetSystem).displayName) == "Slack"',
				'| order by TimeGenerated asc, Id asc',
				'| take 5',
			].join('\n'),
		);
	});

	it('an OData --filter is refused for a workspace, with what to use instead', () => {
		expect(() => compileKql(q({report: 'signins', rawFilter: "appId eq 'x'"}), {now: NOW})).toThrow(/--kql/);
	});

	it("every compiled query parses with the emulator's independent parser", () => {
		const queries: Query[] = [
			q({
				report: 'signins',
				filters: {
					user: 'alice',
					app: 'Teams',
					ip: '10.1.',
					country: 'US',
					ca: 'failure',
					risk: 'high',
					'client-app': 'Browser',
					resource: 'Microsoft Graph',
				},
				since: '7d',
				eventTypes: ['interactive', 'non-interactive'],
			}),
			q({
				report: 'signins',
				filters: {'service-principal': 'svc', correlation: '0b4d1f2e-7a3c-4e59-9c61-3f2a8b7d5e10'},
				eventTypes: ['service-principal', 'managed-identity'],
			}),
			q({
				report: 'audits',
				filters: {
					activity: 'Add member',
					service: 'Core Directory',
					result: 'failure',
					target: '0b4d1f2e-7a3c-4e59-9c61-3f2a8b7d5e10',
				},
			}),
			q({report: 'provisioning', filters: {action: 'create', job: 'slack', cycle: 'abc', change: 'def'}, until: '1d'}),
		];
		for (const query of queries) {
			const c = compileKql(query, {now: NOW, rawKql: 'isnotempty(Id)'});
			const parsed = parseQuery(kqlPage(c, {take: 10, after: {time: '2026-11-20T08:14:03.1234567Z', id: 'x'}}));
			expect(parsed.ops.map(o => o.kind).slice(-4)).toEqual(['where', 'where', 'order', 'take']);
		}
	});
});

describe('paging', () => {
	it('newest first: the keyset past the last row keeps rows of the same timestamp with a smaller Id', () => {
		const c = compileKql(q({report: 'audits'}), {now: NOW});
		expect(kqlPage(c, {take: 100, after: {time: '2026-11-20T08:14:03.1234567Z', id: 'Directory_x'}})).toBe(
			[
				'AuditLogs',
				'| where TimeGenerated < datetime(2026-11-20T08:14:03.1234567Z) or (TimeGenerated == datetime(2026-11-20T08:14:03.1234567Z) and strcmp(Id, "Directory_x") < 0)',
				'| order by TimeGenerated desc, Id desc',
				'| take 100',
			].join('\n'),
		);
	});

	it('refuses a page size that is not a positive whole number', () => {
		const c = compileKql(q({report: 'audits'}), {now: NOW});
		for (const take of [0, -1, 1.5, Number.NaN]) expect(() => kqlPage(c, {take})).toThrow(QueryError);
	});
});

describe('--kql: a raw where-condition cannot leave its place', () => {
	it('accepts conditions with brackets, pipes and semicolons inside literals of every form', () => {
		for (const ok of [
			'ResultType == "50126"',
			'UserPrincipalName has "a|b" and AppDisplayName !contains \'x;y\'',
			'tostring(LocationDetails["city"]) in ("a)", \'b(\')',
			"UserAgent == @\"C:\\\" or UserAgent == @'it''s'",
			'ResultDescription == ```multi | line; ) text```',
			'Identity == h"secret)"',
			'ResultType in (dynamic(["0", "50125"]))',
		])
			expect(checkKqlWhere(`  ${ok} `)).toBe(ok);
	});

	it('refuses what would escape the where or swallow what follows, each in one line', () => {
		const cases: Array<[string, RegExp]> = [
			['ResultType == "0" | take 5', /"\|"/],
			['ResultType == "0") or (true', /unbalanced/],
			['ResultType == "0"; SigninLogs', /";"/],
			['ResultType == "0" // the rest', /comment/],
			['(ResultType == "0"', /unclosed/],
			['UserAgent == "a\\" | take 1', /never ends/],
			['UserAgent == @"a\\" | take 1', /"\|"/],
			['x == ```open', /never ends/],
			['   ', /empty/],
		];
		for (const [text, message] of cases) {
			expect(() => checkKqlWhere(text), text).toThrow(QueryError);
			expect(() => checkKqlWhere(text), text).toThrow(message);
		}
	});

	it('property: whatever it accepts, the emulator parses as that one where and nothing more (or not at all)', () => {
		const piece = fc.constantFrom(
			'a',
			'x',
			' ',
			'==',
			'"',
			"'",
			'\\',
			'@',
			'h',
			'(',
			')',
			'[',
			']',
			'{',
			'}',
			'|',
			';',
			'//',
			'/',
			'`',
			'```',
			'~~~',
			'\n',
			'and',
			'or',
			'1',
			'take',
			'where',
			',',
		);
		fc.assert(
			fc.property(
				fc.array(piece, {maxLength: 24}).map(a => a.join('')),
				raw => {
					let checked: string;
					try {
						checked = checkKqlWhere(raw);
					} catch (error) {
						expect(error).toBeInstanceOf(QueryError);
						return;
					}
					let parsed;
					try {
						parsed = parseQuery(kqlPage(compileKql(q({report: 'audits'}), {now: NOW, rawKql: checked}), {take: 3}));
					} catch (error) {
						// Not valid KQL: the service refuses it with a syntax error; it ran nothing else.
						expect(error).toBeInstanceOf(KqlSyntaxError);
						return;
					}
					expect(parsed.source).toMatchObject({kind: 'table', name: 'AuditLogs'});
					expect(parsed.ops.map(o => o.kind)).toEqual(['where', 'order', 'take']);
				},
			),
			{numRuns: 5000},
		);
	});
});

describe('printed KQL (--print kql, copy as KQL)', () => {
	it('keeps the --kql condition after the rest, as the workspace runs it', () => {
		const text = printQuery(
			'kql',
			q({report: 'signins', workspace: 'demo', rawKql: ' ResultType == "50126" ', since: '2026-11-01T00:00:00Z'}),
			{graphBase: 'https://graph.microsoft.com'},
		);
		expect(text).toBe(
			[
				'SigninLogs',
				'| where TimeGenerated >= datetime(2026-11-01T00:00:00.000Z)',
				'| where (ResultType == "50126")',
				'| order by TimeGenerated desc, Id desc',
			].join('\n'),
		);
	});

	it("timeline --print kql: provisioning by the identity's id on either side, as AADProvisioningLogs holds it (JSON text)", async () => {
		const id = '0b4d1f2e-7a3c-4e59-9c61-3f2a8b7d5e10';
		const text = await timelinePrint(
			'kql',
			{id},
			{since: '2026-11-01T00:00:00Z'},
			{graphBase: 'https://graph.microsoft.com'},
		);
		expect(text).toContain(
			[
				'// provisioning',
				'AADProvisioningLogs',
				'| where TimeGenerated >= datetime(2026-11-01T00:00:00.000Z)',
				`| where (tostring(todynamic(SourceIdentity).id) =~ "${id}" or tostring(todynamic(TargetIdentity).id) =~ "${id}")`,
				'| order by TimeGenerated desc, Id desc',
			].join('\n'),
		);
		expect(text).not.toContain('cannot');
		// The emulator's own parser reads every query printed.
		for (const query of text.split(/^\/\/ .*\n/m).filter(Boolean)) expect(() => parseQuery(query)).not.toThrow();
	});
});

describe('timeline --print with --workspace', () => {
	it('url: Graph’s four requests as without it (provisioning’s raw OData included), not a refusal', async () => {
		const id = '0b4d1f2e-7a3c-4e59-9c61-3f2a8b7d5e10';
		const options = {graphBase: 'https://graph.microsoft.com'};
		const withWs = await timelinePrint('url', {id}, {since: '2026-11-01T00:00:00Z', workspace: 'demo'}, options);
		expect(withWs).toBe(await timelinePrint('url', {id}, {since: '2026-11-01T00:00:00Z'}, options));
		expect(withWs).toContain(`sourceIdentity%2Fid%20eq%20'${id}'`);
		expect(withWs).not.toContain('cannot');
	});
});

describe('a --kql condition has no Graph form', () => {
	it('url and powershell refuse it in one line rather than print a query that asks for more', () => {
		const query = q({report: 'signins', workspace: 'demo', rawKql: 'ResultType == "50126"'});
		for (const kind of ['url', 'powershell'] as const)
			expect(() => printQuery(kind, query, {graphBase: 'https://graph.microsoft.com'})).toThrow(
				/has a KQL condition \(--kql\), which Graph cannot take/,
			);
		expect(printQuery('kql', query, {graphBase: 'https://graph.microsoft.com'})).toContain(
			'| where (ResultType == "50126")',
		);
	});
});
