/**
 * The emulator's Log Analytics query API over HTTPS, against the documented shapes (shared/log-analytics.md §1-2):
 * request forms, the response's tables/columns/rows and types, the error bodies, the limits and the fault knobs.
 * Column types below are copied from the table reference on purpose (not imported from the emulator).
 */
import {describe, expect, it} from 'vitest';
import {laService, withLaEmulator} from './la-client.js';

const env = withLaEmulator();

const columnsOf = (body: Record<string, unknown>) =>
	(body['tables'] as Array<{columns: Array<{name: string; type: string}>}>)[0]!.columns;
const typeOf = (body: Record<string, unknown>, name: string) => columnsOf(body).find(c => c.name === name)?.type;

describe('request and response shapes', () => {
	it('POST answers tables → columns → rows, the first table PrimaryResult, dynamic cells as JSON text, datetimes as UTC strings', async () => {
		const r = await env.la.post('SigninLogs | take 3');
		expect(r.status).toBe(200);
		expect(r.headers.get('content-type')).toMatch(/^application\/json/);
		const tables = r.body['tables'] as Array<{name: string; columns: unknown[]; rows: unknown[][]}>;
		expect(tables).toHaveLength(1);
		expect(tables[0]!.name).toBe('PrimaryResult');
		expect(tables[0]!.rows).toHaveLength(3);
		for (const row of env.la.rows(r)) {
			expect(typeof row['Status']).toBe('string');
			const status = JSON.parse(row['Status'] as string) as {errorCode: number};
			expect(typeof status.errorCode).toBe('number');
			expect(row['ResultType']).toBe(String(status.errorCode));
			expect(row['TimeGenerated']).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{7}Z$/);
			expect(row['Type']).toBe('SigninLogs');
			expect(typeof row['DurationMs']).toBe('number');
			expect(typeof row['IsInteractive']).toBe('boolean');
		}
	});

	it('each table has its documented column types: dynamic in SigninLogs, strings holding JSON in the non-interactive table', async () => {
		const documented: Record<string, Record<string, string>> = {
			SigninLogs: {
				Status: 'dynamic',
				DeviceDetail: 'dynamic',
				LocationDetails: 'dynamic',
				ConditionalAccessPolicies: 'dynamic',
				MfaDetail: 'dynamic',
				ResultType: 'string',
				AuthenticationDetails: 'string',
				CreatedDateTime: 'datetime',
				TimeGenerated: 'datetime',
				DurationMs: 'long',
				IsInteractive: 'bool',
				FlaggedForReview: 'bool',
				ProcessingTimeInMilliseconds: 'string',
				AutonomousSystemNumber: 'string',
			},
			AADNonInteractiveUserSignInLogs: {
				Status: 'string',
				DeviceDetail: 'string',
				LocationDetails: 'string',
				ConditionalAccessPolicies: 'string',
				MfaDetail: 'string',
				ProcessingTimeInMs: 'string',
				SignInEventTypes: 'string',
				TenantId: 'string',
				ResultType: 'string',
			},
			AADServicePrincipalSignInLogs: {
				LocationDetails: 'string',
				ConditionalAccessPolicies: 'string',
				ServicePrincipalName: 'string',
				TimeGenerated: 'datetime',
				DurationMs: 'long',
			},
			AADManagedIdentitySignInLogs: {LocationDetails: 'string', FederatedCredentialId: 'string', ResultType: 'string'},
			AuditLogs: {
				InitiatedBy: 'dynamic',
				TargetResources: 'dynamic',
				AdditionalDetails: 'dynamic',
				ActivityDateTime: 'datetime',
				Result: 'string',
				AADOperationType: 'string',
			},
			AADProvisioningLogs: {
				InitiatedBy: 'string',
				ProvisioningSteps: 'string',
				ModifiedProperties: 'string',
				ProvisioningStatusInfo: 'string',
				DurationMs: 'long',
				ResultType: 'string',
			},
		};
		for (const [table, types] of Object.entries(documented)) {
			const r = await env.la.post(`${table} | take 1`);
			expect(r.status, table).toBe(200);
			for (const [column, type] of Object.entries(types))
				expect(typeOf(r.body, column), `${table}.${column}`).toBe(type);
		}
		// Absent from the non-interactive table (§2.2).
		const ni = await env.la.post('AADNonInteractiveUserSignInLogs | take 1');
		for (const absent of ['AADTenantId', 'FlaggedForReview', 'ServicePrincipalName', 'ProcessingTimeInMilliseconds'])
			expect(typeOf(ni.body, absent), absent).toBeUndefined();
		// The service principal table has exactly its documented columns plus the standard ones.
		const sp = await env.la.post('AADServicePrincipalSignInLogs | take 1');
		expect(
			columnsOf(sp.body)
				.map(c => c.name)
				.sort(),
		).toEqual(
			[
				'AppId',
				'AuthenticationContextClassReferences',
				'AuthenticationProcessingDetails',
				'Category',
				'ConditionalAccessPolicies',
				'ConditionalAccessStatus',
				'CorrelationId',
				'DurationMs',
				'FederatedCredentialId',
				'Id',
				'Identity',
				'IPAddress',
				'Level',
				'Location',
				'LocationDetails',
				'OperationName',
				'OperationVersion',
				'ResourceDisplayName',
				'ResourceGroup',
				'ResourceIdentity',
				'ResourceServicePrincipalId',
				'ResultDescription',
				'ResultSignature',
				'ResultType',
				'ServicePrincipalCredentialKeyId',
				'ServicePrincipalCredentialThumbprint',
				'ServicePrincipalId',
				'ServicePrincipalName',
				'TenantId',
				'TimeGenerated',
				'UniqueTokenIdentifier',
				'Type',
				'SourceSystem',
				'_BilledSize',
				'_IsBillable',
			].sort(),
		);
	});

	it('the tables hold the tenant: each sign-in in the table of its event type, every audit and provisioning event', async () => {
		const count = async (table: string) => env.la.rows(await env.la.post(`${table} | count`))[0]!['Count'];
		const byType = (t: string) =>
			env.emu.tenant.signIns.filter(r => (r['signInEventTypes'] as string[])[0] === t).length;
		expect(await count('SigninLogs')).toBe(byType('interactiveUser'));
		expect(await count('AADNonInteractiveUserSignInLogs')).toBe(byType('nonInteractiveUser'));
		expect(await count('AADServicePrincipalSignInLogs')).toBe(byType('servicePrincipal'));
		expect(await count('AADManagedIdentitySignInLogs')).toBe(byType('managedIdentity'));
		expect(await count('AuditLogs')).toBe(env.emu.tenant.directoryAudits.length);
		expect(await count('AADProvisioningLogs')).toBe(env.emu.tenant.provisioning.length);
	});

	it('GET takes ?query= and ?timespan=', async () => {
		const newest = env.emu.tenant.signIns.find(r => (r['signInEventTypes'] as string[])[0] === 'interactiveUser')!;
		const start = new Date(Date.parse(newest['createdDateTime'] as string) - 3_600_000).toISOString();
		const r = await env.la.get('SigninLogs | summarize n = count()', {
			timespan: `${start}/${newest['createdDateTime'] as string}`,
		});
		expect(r.status).toBe(200);
		const expected = env.emu.tenant.signIns.filter(
			s =>
				(s['signInEventTypes'] as string[])[0] === 'interactiveUser' &&
				Date.parse(s['createdDateTime'] as string) >= Date.parse(start) &&
				Date.parse(s['createdDateTime'] as string) <= Date.parse(newest['createdDateTime'] as string),
		).length;
		expect(expected).toBeGreaterThan(0);
		expect(env.la.rows(r)[0]!['n']).toBe(expected);
	});

	it('a POST without a JSON body or its content type gets an empty 200 (documented)', async () => {
		const r = await env.la.post('SigninLogs | take 1', {contentType: 'text/plain'});
		expect(r.status).toBe(200);
		expect(r.text).toBe('');
	});

	it('Prefer: include-statistics adds statistics; unknown preferences are ignored', async () => {
		const r = await env.la.post('AuditLogs | take 1', {
			prefer: 'wait=30,include-statistics=true,ai.include-error-payload=true',
		});
		expect(r.status).toBe(200);
		expect(r.body['statistics']).toBeTypeOf('object');
	});
});

describe('errors, as documented', () => {
	const syntax = async (query: string) => {
		const r = await env.la.post(query);
		expect(r.status).toBe(400);
		const error = r.body['error'] as {
			code: string;
			message: string;
			innererror: {code: string; innererror: {line: number; pos: number; message: string}};
		};
		expect(error.code).toBe('BadArgumentError');
		expect(error.message).toBe('The request had some invalid properties');
		expect(error.innererror.code).toBe('SyntaxError');
		return error.innererror.innererror;
	};

	it('400 syntax error, with the line and position', async () => {
		expect(await syntax('SigninLogs\n| wher ResultType == "0"')).toMatchObject({line: 2, pos: 2});
		expect(await syntax('SigninLogs | where UserPrincipalName == "unterminated')).toMatchObject({line: 1, pos: 40});
		expect(await syntax('SigninLogs | where (ResultType == "0"')).toMatchObject({line: 1});
	});

	it('400 syntax error, not a 500 from a blown stack, for a condition nested thousands deep', async () => {
		for (const q of [
			`SigninLogs | where ${'('.repeat(3000)}true${')'.repeat(3000)}`,
			`SigninLogs | extend x = ${'-'.repeat(5000)}1`,
		])
			expect((await syntax(q)).message).toMatch(/nest more than \d+ deep/);
		// Within reason it runs.
		const r = await env.la.post(`SigninLogs | where ${'('.repeat(100)}true${')'.repeat(100)} | take 1`);
		expect(r.status).toBe(200);
	});

	it('400 syntax error for what the emulator does not run (join, mv-expand, let)', async () => {
		expect((await syntax('SigninLogs | join (AuditLogs) on CorrelationId')).message).toMatch(/join/);
		expect((await syntax('AuditLogs | mv-expand TargetResources')).message).toMatch(/mv-expand/);
		await syntax('let x = 1d; SigninLogs');
	});

	it('400 semantic error for an unknown column, table or function', async () => {
		for (const q of [
			'SigninLogs | where NoSuchColumn == 1',
			'NoSuchTable | take 1',
			'SigninLogs | where frobnicate(Id)',
			'AADNonInteractiveUserSignInLogs | project FlaggedForReview',
		]) {
			const r = await env.la.post(q);
			expect(r.status, q).toBe(400);
			expect((r.body['error'] as {code: string; innererror: {code: string}}).innererror.code, q).toBe('SemanticError');
		}
	});

	it('401 without an Authorization header', async () => {
		const r = await env.la.post('SigninLogs | take 1', {token: null});
		expect(r.status).toBe(401);
		expect(r.body).toEqual({
			error: {code: 'AuthenticationFailed', message: "Authentication failed. The 'Authorization' header is missing."},
		});
	});

	it('403 for a malformed token, and for a token of another audience (a Graph token)', async () => {
		const bad = await env.la.post('SigninLogs | take 1', {token: 'not.a.token'});
		expect(bad.status).toBe(403);
		expect(bad.body).toEqual({error: {code: 'InvalidAuthenticationToken', message: 'The access token is invalid.'}});
		const graphToken = await env.emu.token();
		const wrong = await env.la.post('SigninLogs | take 1', {token: graphToken});
		expect(wrong.status).toBe(403);
		expect((wrong.body['error'] as {code: string}).code).toBe('InvalidAuthenticationTokenAudience');
	});

	it('403 InsufficientAccessError without Data.Read, and without a Reader role on the workspace (documented body)', async () => {
		const noScope = await env.la.post('SigninLogs | take 1', {token: env.la.token({scp: 'User.Read'})});
		expect(noScope.status).toBe(403);
		expect((noScope.body['error'] as {code: string; innererror?: unknown}).code).toBe('InsufficientAccessError');
		expect((noScope.body['error'] as {innererror?: unknown}).innererror).toBeDefined();
		const noRole = await env.la.post('SigninLogs | take 1', {token: env.la.token({wids: []})});
		expect(noRole.status).toBe(403);
		expect(noRole.body).toEqual({
			error: {
				message: 'The provided credentials have insufficient access to perform the requested operation',
				code: 'InsufficientAccessError',
			},
		});
		const app = await env.la.post('SigninLogs | take 1', {
			token: env.la.token({idtyp: 'app', scp: undefined, roles: ['Data.Read'], wids: undefined}),
		});
		expect(app.status).toBe(200);
	});

	it('404 for a workspace that does not exist, and for a path or verb that does not', async () => {
		const missing = await env.la.post('SigninLogs | take 1', {workspace: '00000000-0000-0000-0000-000000000001'});
		expect(missing.status).toBe(404);
		expect((missing.body['error'] as {code: string}).code).toBe('ResourceNotFoundError');
		const byName = await env.la.post('SigninLogs | take 1', {workspace: 'my-workspace-name'});
		expect(byName.status).toBe(404);
		expect(byName.body).toEqual({error: {message: 'The requested path does not exist', code: 'PathNotFoundError'}});
		const res = await env.emu.network.fetch(`${env.emu.origin}/v1/workspaces/${env.la.workspace}/query`, {
			method: 'DELETE',
			headers: {authorization: `Bearer ${env.la.token()}`},
		});
		expect(res.status).toBe(404);
		expect(JSON.parse(await res.text())).toEqual({
			error: {message: 'The requested path does not exist', code: 'PathNotFoundError'},
		});
	});
});

describe('limits', () => {
	it('500,000 rows and the size limit: a 200 whose rows stop at the limit, with a PartialError (here with the limits lowered)', async () => {
		const service = laService(env.emu);
		const before = {...service.settings};
		try {
			service.settings.maxRows = 10;
			const rows = await env.la.post('SigninLogs');
			expect(rows.status).toBe(200);
			expect((rows.body['tables'] as Array<{rows: unknown[]}>)[0]!.rows).toHaveLength(10);
			expect((rows.body['error'] as {code: string}).code).toBe('PartialError');
			expect(JSON.stringify(rows.body['error'])).toMatch(/record count limit 10/);
			service.settings.maxRows = before.maxRows;
			service.settings.maxBytes = 20_000;
			const bytes = await env.la.post('SigninLogs');
			expect(bytes.status).toBe(200);
			expect(
				Buffer.byteLength(JSON.stringify((bytes.body['tables'] as Array<{rows: unknown[]}>)[0]!.rows)),
			).toBeLessThanOrEqual(20_000);
			expect((bytes.body['error'] as {code: string}).code).toBe('PartialError');
		} finally {
			Object.assign(service.settings, before);
		}
		expect(service.settings.maxRows).toBe(500_000);
	});

	it('200 requests per 30 s per user, then 429 with Retry-After', async () => {
		const token = env.la.token({oid: 'rate-test-user'});
		for (let i = 0; i < 200; i++) {
			const r = await env.la.post('AuditLogs | take 0', {token});
			expect(r.status, `request ${i + 1}`).toBe(200);
		}
		const over = await env.la.post('AuditLogs | take 0', {token});
		expect(over.status).toBe(429);
		expect(Number(over.headers.get('retry-after'))).toBeGreaterThan(0);
		// Another user is not held back.
		expect((await env.la.post('AuditLogs | take 0', {token: env.la.token({oid: 'another-user'})})).status).toBe(200);
	});

	it('an app counts as one caller whatever token it holds (here with the limit lowered to 3)', async () => {
		const service = laService(env.emu);
		const before = {...service.settings};
		service.settings.rateLimit = 3;
		try {
			const app = (oid: string) =>
				env.la.token({
					idtyp: 'app',
					appid: 'rate-test-app',
					oid,
					scp: undefined,
					roles: ['Data.Read'],
					wids: undefined,
				});
			for (const oid of ['a', 'b', 'c'])
				expect((await env.la.post('AuditLogs | take 0', {token: app(oid)})).status).toBe(200);
			expect((await env.la.post('AuditLogs | take 0', {token: app('d')})).status).toBe(429);
		} finally {
			Object.assign(service.settings, before);
		}
	});

	it('5 concurrent queries per user: more wait in the queue, and are refused (429) when they wait too long', async () => {
		const service = laService(env.emu);
		const before = {...service.settings};
		env.emu.setFaults({latencyMs: 400});
		try {
			const token = env.la.token({oid: 'concurrency-user'});
			service.settings.queueTimeoutMs = 60_000;
			const started = Date.now();
			const all = await Promise.all(Array.from({length: 7}, () => env.la.post('AuditLogs | take 1', {token})));
			expect(all.map(r => r.status)).toEqual([200, 200, 200, 200, 200, 200, 200]);
			// Two waited for a slot: at least two latencies in all.
			expect(Date.now() - started).toBeGreaterThanOrEqual(790);
			service.settings.queueTimeoutMs = 50;
			const refused = await Promise.all(Array.from({length: 7}, () => env.la.post('AuditLogs | take 1', {token})));
			expect(refused.filter(r => r.status === 200)).toHaveLength(5);
			expect(refused.filter(r => r.status === 429)).toHaveLength(2);
		} finally {
			env.emu.setFaults({});
			Object.assign(service.settings, before);
		}
	});

	it('Prefer: wait=N bounds the run time: past it, 504', async () => {
		env.emu.setFaults({latencyMs: 1500});
		try {
			const r = await env.la.post('AuditLogs | take 1', {prefer: 'wait=1'});
			expect(r.status).toBe(504);
		} finally {
			env.emu.setFaults({});
		}
	});
});

describe('fault knobs (the same as Graph has)', () => {
	it('throttle answers 429 with the knob Retry-After; unavailable 503; both only every Nth query', async () => {
		env.emu.setFaults({throttleEvery: 2, retryAfter: '0.2'});
		try {
			const statuses: number[] = [];
			let retryAfter: string | null = null;
			for (let i = 0; i < 6; i++) {
				const r = await env.la.post('AuditLogs | take 1', {token: env.la.token({oid: 'faults-user'})});
				statuses.push(r.status);
				if (r.status === 429) retryAfter = r.headers.get('retry-after');
			}
			expect(statuses.filter(s => s === 429)).toHaveLength(3);
			expect(statuses.filter(s => s === 200)).toHaveLength(3);
			expect(retryAfter).toBe('0.2');
			env.emu.setFaults({unavailableEvery: 1});
			expect((await env.la.post('AuditLogs | take 1')).status).toBe(503);
		} finally {
			env.emu.setFaults({});
		}
	});

	it('a PartialError knob: rows come with error.code PartialError and a 200', async () => {
		const service = laService(env.emu);
		service.settings.partialEvery = 1;
		try {
			const r = await env.la.post('AuditLogs | take 2');
			expect(r.status).toBe(200);
			expect((r.body['tables'] as Array<{rows: unknown[]}>)[0]!.rows).toHaveLength(2);
			expect((r.body['error'] as {code: string}).code).toBe('PartialError');
		} finally {
			service.settings.partialEvery = 0;
		}
	});
});
