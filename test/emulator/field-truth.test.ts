/**
 * The emulator against what Microsoft documents and real tenants send (issue 8, section 10): collection filters,
 * 7-digit times ordered by instant, system query options, the shapes of the docs' examples, throttling headers.
 * Oracles are written here, independently of the emulator's code: an instant parser at 100 ns, the docs' examples.
 */
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {startTestEmulator, testTenant, type TestEmulator} from '../helpers/emulator.js';
import {generateTenant, type GraphRecord} from '../../source/emulator/tenant/tenant.js';
import {ticks} from './ticks.js';

const interactive = (r: GraphRecord): boolean => (r['signInEventTypes'] as string[]).includes('interactiveUser');

let emu: TestEmulator;
let token: string;

beforeAll(async () => {
	emu = await startTestEmulator();
	token = await emu.token();
});
afterAll(() => emu.close());

const get = (path: string) => emu.get(path, token);
const q = (filter: string): string => encodeURIComponent(filter);

async function allIds(first: string, em: TestEmulator = emu, bearer = token): Promise<string[]> {
	const ids: string[] = [];
	let url: string | undefined = first;
	while (url) {
		const {status, body}: {status: number; body: Record<string, unknown>} = await em.get(url, bearer);
		expect(status, JSON.stringify(body)).toBe(200);
		ids.push(...(body['value'] as GraphRecord[]).map(r => r.id));
		url = body['@odata.nextLink'] as string | undefined;
	}
	return ids;
}

describe('a file of hand-made sign-ins: collections and times at the edges', () => {
	// Times one tick apart, a trimmed fraction (OData writes up to 7 digits and drops trailing zeros), whole seconds,
	// and one with an offset, equal to another instant in UTC (ties go by id, descending).
	const times = [
		'2026-11-19T12:00:01Z',
		'2026-11-19T12:00:01.0000001Z',
		'2026-11-19T12:00:00.9999999Z',
		'2026-11-19T12:00:01.5Z',
		'2026-11-19T12:00:01.05Z',
		'2026-11-19T13:00:01+01:00',
		'2026-11-19T12:00:02Z',
		'2026-11-19T11:59:59.9999999Z',
	];
	const A = '00000002-0000-0ff1-ce00-000000000000';
	const B = '00000003-0000-0000-c000-000000000000';
	const events: string[][] = [
		['unlikelyTravel', 'unfamiliarFeatures'],
		['unfamiliarFeatures'],
		[],
		['unlikelyTravel'],
		[],
		[],
		[],
		[],
	];
	const audiences: string[][] = [[A, B], [B], [], [A], [A], [A], [A], [A]];
	let dir: string;
	let file: TestEmulator;
	let records: GraphRecord[];

	beforeAll(async () => {
		records = testTenant()
			.signIns.filter(interactive)
			.slice(0, times.length)
			.map((r, i) => ({
				...structuredClone(r),
				id: `0000000${i}-aaaa-4aaa-8aaa-00000000000${i}`,
				createdDateTime: times[i],
				riskEventTypes_v2: events[i],
				riskEventTypes: events[i],
				conditionalAccessAudiences: audiences[i],
			}));
		dir = mkdtempSync(join(tmpdir(), 'emu-edges-'));
		// Written out of order on purpose: the emulator orders what it loads.
		writeFileSync(
			join(dir, 'edges.ndjson'),
			[...records]
				.reverse()
				.map(r => JSON.stringify(r))
				.join('\n') + '\n',
		);
		file = await startTestEmulator({dataFile: join(dir, 'edges.ndjson')});
	});
	afterAll(async () => {
		await file.close();
		rmSync(dir, {recursive: true, force: true});
	});

	const ids = async (path: string): Promise<string[]> => allIds(path, file, await file.token());
	/** Newest first by instant, ties by id descending: the order the docs promise ("descending order based on createdDateTime"). */
	const newestFirst = (list: GraphRecord[]): string[] =>
		[...list]
			.sort((a, b) => {
				const d = ticks(b['createdDateTime'] as string) - ticks(a['createdDateTime'] as string);
				return d !== 0n ? (d > 0n ? 1 : -1) : a.id < b.id ? 1 : -1;
			})
			.map(r => r.id);

	it('pages (one record a page) newest first by instant, not by string; $orderby asc is the exact reverse', async () => {
		const expected = newestFirst(records);
		expect(await ids('/v1.0/auditLogs/signIns?$top=1&$select=id,createdDateTime')).toEqual(expected);
		expect(await ids('/v1.0/auditLogs/signIns?$top=1&$orderby=createdDateTime asc')).toEqual([...expected].reverse());
	});

	it('the same page asked twice gives the same $skiptoken', async () => {
		const bearer = await file.token();
		const a = await file.get('/v1.0/auditLogs/signIns?$top=3', bearer);
		const b = await file.get('/v1.0/auditLogs/signIns?$top=3', bearer);
		expect(a.body['@odata.nextLink']).toBeDefined();
		expect(a.body['@odata.nextLink']).toBe(b.body['@odata.nextLink']);
	});

	it.each([
		['le', '2026-11-19T12:00:01Z'],
		['ge', '2026-11-19T12:00:01.0000001Z'],
		['eq', '2026-11-19T12:00:01.05Z'],
		['le', '2026-11-19T12:00:00.9999999Z'],
		['ge', '2026-11-19T12:00:01.5Z'],
	] as const)('createdDateTime %s %s compares instants at 100 ns', async (op, literal) => {
		const t = ticks(literal);
		const keep = (r: GraphRecord): boolean => {
			const x = ticks(r['createdDateTime'] as string);
			return op === 'le' ? x <= t : op === 'ge' ? x >= t : x === t;
		};
		const got = await ids(`/v1.0/auditLogs/signIns?$filter=${q(`createdDateTime ${op} ${literal}`)}`);
		expect(got).toEqual(newestFirst(records.filter(keep)));
		expect(got.length).toBeGreaterThan(0);
	});

	it.each([
		[
			'v1.0',
			`riskEventTypes_v2 eq 'unlikelyTravel'`,
			(_r: GraphRecord, i: number) => events[i]!.includes('unlikelyTravel'),
		],
		[
			'v1.0',
			`riskEventTypes_v2 eq 'unfamiliarFeatures'`,
			(_r: GraphRecord, i: number) => events[i]!.includes('unfamiliarFeatures'),
		],
		[
			'v1.0',
			`startswith(riskEventTypes_v2,'unfam')`,
			(_r: GraphRecord, i: number) => events[i]!.some(e => e.startsWith('unfam')),
		],
		[
			'v1.0',
			`riskEventTypes eq 'unfamiliarFeatures'`,
			(_r: GraphRecord, i: number) => events[i]!.includes('unfamiliarFeatures'),
		],
		['beta', `conditionalAccessAudiences eq '${B}'`, (_r: GraphRecord, i: number) => audiences[i]!.includes(B)],
	] as const)('%s %s: a collection matches when any element does', async (version, filter, pred) => {
		const got = await ids(`/${version}/auditLogs/signIns?$filter=${q(filter)}`);
		expect(got.length).toBeGreaterThan(1);
		expect(got).toEqual(newestFirst(records.filter((r, i) => pred(r, i))));
	});

	it.each([`riskEventTypes_v2 eq ''`, `riskEventTypes eq 'generic'`])(
		'%s matches no record (an empty collection has no element to match)',
		async filter => {
			expect(await ids(`/v1.0/auditLogs/signIns?$filter=${q(filter)}`)).toEqual([]);
		},
	);

	it('beta has no riskEventTypes (beta Prod dropped it): neither in records nor in $filter', async () => {
		const bearer = await file.token();
		const {body} = await file.get('/beta/auditLogs/signIns?$top=1', bearer);
		expect((body['value'] as GraphRecord[])[0]).not.toHaveProperty('riskEventTypes');
		const refused = await file.get(
			`/beta/auditLogs/signIns?$filter=${q(`riskEventTypes eq 'unlikelyTravel'`)}`,
			bearer,
		);
		expect(refused.status).toBe(400);
	});
});

describe('generated times, as real tenants write them', () => {
	const FRACTION = /T\d{2}:\d{2}:\d{2}(?:\.(\d{1,7}))?Z$/;

	it.each([
		['/v1.0/auditLogs/signIns?$top=500', 'createdDateTime'],
		['/beta/auditLogs/signIns?$top=500', 'createdDateTime'],
		['/v1.0/auditLogs/directoryAudits?$top=500', 'activityDateTime'],
		['/beta/auditLogs/directoryAudits?$top=500', 'activityDateTime'],
	] as const)(
		'%s: fractions of a second to 7 digits (the docs: …T19:15:41.6195833Z), trailing zeros trimmed',
		async (path, field) => {
			const {body} = await get(path);
			const values = (body['value'] as GraphRecord[]).map(r => r[field] as string);
			const fractions = values.map(v => FRACTION.exec(v)).map(m => m?.[1]);
			expect(values.every(v => FRACTION.test(v))).toBe(true);
			// 7 digits unless the last ones are zero (about one in ten drops one).
			expect(fractions.filter(f => f?.length === 7).length / values.length).toBeGreaterThan(0.8);
			for (const f of fractions) if (f !== undefined) expect(f.endsWith('0')).toBe(false);
			// Below the millisecond too the digits differ from record to record (a burst's records are not all …5156Z).
			const subMs = fractions.filter(f => f?.length === 7).map(f => f!.slice(3));
			expect(new Set(subMs).size / subMs.length).toBeGreaterThan(0.9);
			// Newest first, by instant.
			const t = values.map(ticks);
			for (let i = 1; i < t.length; i++) expect(t[i]! <= t[i - 1]!).toBe(true);
		},
	);

	it('provisioning keeps whole seconds, as every provisioning example in the docs', async () => {
		const {body} = await get('/v1.0/auditLogs/provisioning?$top=200');
		for (const r of body['value'] as GraphRecord[]) expect(r['activityDateTime']).toMatch(/T\d{2}:\d{2}:\d{2}Z$/);
	});

	it("nested step times stay as beta shows them (whole seconds), and no step is before its sign-in's second", () => {
		for (const r of testTenant().signIns.slice(0, 2000)) {
			for (const step of r['authenticationDetails'] as Array<{authenticationStepDateTime: string}>) {
				expect(step.authenticationStepDateTime).toMatch(/T\d{2}:\d{2}:\d{2}Z$/);
				expect(ticks(step.authenticationStepDateTime) / 10_000_000n).toBeGreaterThanOrEqual(
					ticks(r['createdDateTime'] as string) / 10_000_000n,
				);
			}
		}
	});
});

describe('system query options', () => {
	it('are case-insensitive: $Filter and $TOP are applied, not ignored', async () => {
		const {status, body} = await get(`/v1.0/auditLogs/signIns?$Filter=${q('status/errorCode eq 50126')}&$TOP=5`);
		expect(status).toBe(200);
		const value = body['value'] as GraphRecord[];
		expect(value).toHaveLength(5);
		for (const r of value) expect(r['status']).toMatchObject({errorCode: 50126});
		// The nextLink keeps the options as they were spelled, and the next page goes on from there.
		const next = new URL(body['@odata.nextLink'] as string);
		expect(next.searchParams.get('$TOP')).toBe('5');
		const page2 = await get(next.toString());
		const expected = testTenant()
			.signIns.filter(r => interactive(r) && (r['status'] as {errorCode: number}).errorCode === 50126)
			.map(r => r.id);
		expect([...value, ...(page2.body['value'] as GraphRecord[])].map(r => r.id)).toEqual(expected.slice(0, 10));
	});

	it('on beta the $ is optional: filter=, top=, orderby=, select=', async () => {
		const filter = `signInEventTypes/any(t: t eq 'nonInteractiveUser') and userPrincipalName eq 'bob@contoso.com'`;
		const {status, body} = await get(
			`/beta/auditLogs/signIns?filter=${q(filter)}&top=3&orderby=${q('createdDateTime asc')}&select=id,userPrincipalName`,
		);
		expect(status).toBe(200);
		const value = body['value'] as GraphRecord[];
		const expected = testTenant()
			.signIns.filter(
				r =>
					(r['signInEventTypes'] as string[])[0] === 'nonInteractiveUser' &&
					r['userPrincipalName'] === 'bob@contoso.com',
			)
			.map(r => r.id)
			.reverse();
		expect(value.map(r => r.id)).toEqual(expected.slice(0, 3));
		for (const r of value) expect(Object.keys(r).sort()).toEqual(['id', 'userPrincipalName']);
		expect(new URL(body['@odata.nextLink'] as string).searchParams.get('top')).toBe('3');
	});

	it('an option given twice is refused, as OData does', async () => {
		const {status, body} = await get(`/beta/auditLogs/signIns?$top=3&top=4`);
		expect(status).toBe(400);
		expect((body['error'] as {code: string; message: string}).message).toMatch(
			/Query option 'Top' was specified more than once/,
		);
	});

	it.each([
		[
			'/v1.0/auditLogs/signIns?$select=id,noSuchThing',
			"Could not find a property named 'noSuchThing' on type 'microsoft.graph.signIn'.",
		],
		[
			'/v1.0/auditLogs/signIns?$select=signInEventTypes',
			"Could not find a property named 'signInEventTypes' on type 'microsoft.graph.signIn'.",
		],
		[
			'/beta/auditLogs/signIns?$select=riskEventTypes',
			"Could not find a property named 'riskEventTypes' on type 'microsoft.graph.signIn'.",
		],
		[
			'/v1.0/auditLogs/directoryAudits?$select=performedBy',
			"Could not find a property named 'performedBy' on type 'microsoft.graph.directoryAudit'.",
		],
		[
			'/v1.0/auditLogs/provisioning?$select=statusInfo',
			"Could not find a property named 'statusInfo' on type 'microsoft.graph.provisioningObjectSummary'.",
		],
		[
			'/v1.0/auditLogs/signIns?$expand=status',
			"Query option 'Expand' is not allowed. To allow it, set the 'AllowedQueryOptions' property on EnableQueryAttribute or QueryValidationSettings.",
		],
		[
			'/beta/auditLogs/directoryAudits?expand=*',
			"Query option 'Expand' is not allowed. To allow it, set the 'AllowedQueryOptions' property on EnableQueryAttribute or QueryValidationSettings.",
		],
	])('%s → 400 %s', async (path, message) => {
		const {status, body} = await get(path);
		expect(status).toBe(400);
		const error = body['error'] as {code: string; message: string; innerError: Record<string, string>};
		expect(error.code).toBe('BadRequest');
		expect(error.message).toBe(message);
		expect(error.innerError['request-id']).toMatch(/^[0-9a-f-]{36}$/);
	});

	it('$select takes any documented property of the version, in any case', async () => {
		const {status, body} = await get('/beta/auditLogs/directoryAudits?$top=2&$select=ID,performedBy,activityDateTime');
		expect(status).toBe(200);
		for (const r of body['value'] as GraphRecord[]) expect(Object.keys(r).sort()).toEqual(['activityDateTime', 'id']);
	});
});

describe('shapes the docs show', () => {
	it('v1.0 sign-ins carry riskEventTypes (the docs\' example: "riskEventTypes": []), beside riskEventTypes_v2', async () => {
		const {body} = await get('/v1.0/auditLogs/signIns?$top=200');
		for (const r of body['value'] as GraphRecord[]) {
			expect(Array.isArray(r['riskEventTypes'])).toBe(true);
			expect(r['riskEventTypes']).toEqual(r['riskEventTypes_v2']);
		}
	});

	it('risk fields agree with each other; some sign-ins carry two risk events', () => {
		const signIns = testTenant().signIns;
		const risky = signIns.filter(r => (r['riskEventTypes_v2'] as string[]).length > 0);
		expect(risky.length).toBeGreaterThan(20);
		expect(risky.some(r => (r['riskEventTypes_v2'] as string[]).length >= 2)).toBe(true);
		for (const r of signIns) {
			const events = r['riskEventTypes_v2'] as string[];
			const during = r['riskLevelDuringSignIn'] as string;
			const state = r['riskState'] as string;
			const detail = r['riskDetail'] as string;
			const why = JSON.stringify({events, during, state, detail, aggregated: r['riskLevelAggregated']});
			expect(events.length > 0, why).toBe(during !== 'none');
			expect(during !== 'none', why).toBe(state !== 'none');
			expect(r['riskEventTypes'], why).toEqual(events);
			expect(['none', 'low', 'medium', 'high']).toContain(during);
			expect(r['riskLevelAggregated'], why).toBe(during);
			// "none" means no action was taken: at risk, or no risk. Remediated and dismissed say by whom.
			if (state === 'none' || state === 'atRisk') expect(detail, why).toBe('none');
			if (state === 'remediated') expect(detail, why).toBe('userPassedMFADrivenByRiskBasedPolicy');
			if (state === 'dismissed') expect(detail, why).toBe('adminDismissedAllRiskForUser');
			expect(['none', 'atRisk', 'remediated', 'dismissed'], why).toContain(state);
		}
	});

	it('a P1 tenant gets hidden for riskDetail and the risk levels ("only available for P2 customers; all other customers are returned hidden")', async () => {
		const risky = (r: GraphRecord): boolean => (r['riskEventTypes_v2'] as string[]).length > 0;
		try {
			await emu.control('license', {license: 'p1'});
			const {body} = await get('/v1.0/auditLogs/signIns?$top=1000');
			for (const r of body['value'] as GraphRecord[]) {
				expect(r['riskDetail']).toBe('hidden');
				expect(r['riskLevelDuringSignIn']).toBe('hidden');
				expect(r['riskLevelAggregated']).toBe('hidden');
			}
			// The server's own filter sees what the tenant sees.
			const hidden = await get(`/v1.0/auditLogs/signIns?$top=5&$filter=${q(`riskLevelDuringSignIn eq 'medium'`)}`);
			expect(hidden.body['value']).toEqual([]);
		} finally {
			await emu.control('license', {license: 'p2'});
		}
		const {body} = await get('/v1.0/auditLogs/signIns?$top=1000');
		const value = body['value'] as GraphRecord[];
		expect(value.some(risky)).toBe(true);
		for (const r of value) expect(r['riskLevelDuringSignIn']).not.toBe('hidden');
	});

	it("a guest's homeTenantId is their own tenant, a member's the resource tenant", () => {
		const t = testTenant();
		const guests = new Set(t.users.filter(u => u.userType === 'guest').map(u => u.id));
		const users = t.signIns.filter(r => r['userType'] === 'member' || r['userType'] === 'guest');
		const ofGuests = users.filter(r => guests.has(r['userId'] as string));
		expect(ofGuests.length).toBeGreaterThan(10);
		for (const r of users) {
			expect(r['resourceTenantId']).toBe(t.tenantId);
			if (guests.has(r['userId'] as string)) {
				expect(r['homeTenantId']).toMatch(/^[0-9a-f-]{36}$/);
				expect(r['homeTenantId']).not.toBe(t.tenantId);
				expect(r['homeTenantName']).not.toBe(t.displayName);
			} else if (r['userId'] !== '00000000-0000-0000-0000-000000000000') {
				expect(r['homeTenantId']).toBe(t.tenantId);
			}
		}
		expect(new Set(ofGuests.map(r => r['homeTenantId'])).size).toBe(1);
	});

	it('beta audits: initiatedBy.user carries displayName and userType (the docs: "Test Admin", "Member"); v1.0 carries displayName', async () => {
		const t = testTenant();
		const byId = new Map(t.users.map(u => [u.id, u]));
		for (const version of ['beta', 'v1.0'] as const) {
			const {body} = await get(`/${version}/auditLogs/directoryAudits?$top=300`);
			const byUsers = (body['value'] as GraphRecord[]).filter(r => (r['initiatedBy'] as {user: unknown}).user);
			expect(byUsers.length).toBeGreaterThan(20);
			for (const r of byUsers) {
				const user = (r['initiatedBy'] as {user: Record<string, unknown>}).user;
				const known = byId.get(user['id'] as string)!;
				expect(user['displayName']).toBe(known.displayName);
				if (version === 'beta') expect(user['userType']).toBe(known.userType === 'guest' ? 'Guest' : 'Member');
				else expect(Object.keys(user).sort()).toEqual(['displayName', 'id', 'ipAddress', 'userPrincipalName']);
			}
		}
	});

	it('beta provisioning: a success has a plain statusInfo ({"status": "success"}), a failure the statusDetails', async () => {
		const {body} = await get('/beta/auditLogs/provisioning?$top=1000');
		const value = body['value'] as GraphRecord[];
		const success = value.find(r => (r['provisioningStatusInfo'] as {status: string}).status === 'success')!;
		expect(success['statusInfo']).toEqual({status: 'success'});
		const failure = value.find(r => (r['provisioningStatusInfo'] as {status: string}).status === 'failure')!;
		expect(failure['statusInfo']).toMatchObject({'@odata.type': '#microsoft.graph.statusDetails', status: 'failure'});
	});
});

describe('throttling and outages, with the headers of every Graph answer', () => {
	async function raw(
		path: string,
		headers: Record<string, string> = {},
	): Promise<{status: number; headers: Record<string, string>; body: Record<string, unknown>}> {
		const res = await emu.network.fetch(`${emu.origin}${path}`, {
			headers: {authorization: `Bearer ${token}`, ...headers},
		});
		const out: Record<string, string> = {};
		res.headers.forEach((v, k) => {
			out[k] = v;
		});
		return {status: res.status, headers: out, body: JSON.parse(await res.text()) as Record<string, unknown>};
	}

	it.each([
		[{throttleEvery: 1, retryAfter: '2.128'}, 429, 'TooManyRequests'],
		[{unavailableEvery: 1, retryAfter: '3'}, 503, 'serviceNotAvailable'],
	] as const)(
		'%j → %i: request-id equals client-request-id when none was sent; the usual headers',
		async (faults, status, code) => {
			try {
				const normal = await raw('/v1.0/auditLogs/signIns?$top=1');
				emu.setFaults(faults);
				const r = await raw('/v1.0/auditLogs/signIns?$top=1');
				expect(r.status).toBe(status);
				const inner = r.body['error'] as {code: string; innerError: Record<string, string>};
				expect(inner.code).toBe(code);
				expect(r.headers['request-id']).toMatch(/^[0-9a-f-]{36}$/);
				expect(r.headers['client-request-id']).toBe(r.headers['request-id']);
				expect(inner.innerError['request-id']).toBe(r.headers['request-id']);
				expect(inner.innerError['client-request-id']).toBe(r.headers['request-id']);
				expect(r.headers['retry-after']).toBe(faults.retryAfter);
				for (const h of ['content-type', 'x-ms-ags-diagnostic', 'strict-transport-security'])
					expect(r.headers[h], h).toBe(normal.headers[h]);
				// A client-request-id sent is echoed, and the request-id is the service's own.
				const sent = 'a5c4d3b2-1f0e-4d9c-8b7a-6f5e4d3c2b1a';
				const echoed = await raw('/v1.0/auditLogs/signIns?$top=1', {'client-request-id': sent});
				expect(echoed.headers['client-request-id']).toBe(sent);
				expect(echoed.headers['request-id']).not.toBe(sent);
			} finally {
				emu.setFaults({});
			}
		},
	);

	it('the token is checked before throttling: a bad token gets 401, not 429', async () => {
		try {
			emu.setFaults({throttleEvery: 1, retryAfter: '1'});
			const res = await emu.network.fetch(`${emu.origin}/v1.0/auditLogs/signIns?$top=1`, {
				headers: {authorization: 'Bearer not-a-token'},
			});
			expect(res.status).toBe(401);
			expect((JSON.parse(await res.text()) as {error: {code: string}}).error.code).toBe('InvalidAuthenticationToken');
			const none = await emu.network.fetch(`${emu.origin}/v1.0/auditLogs/signIns?$top=1`);
			expect(none.status).toBe(401);
			await none.text();
		} finally {
			emu.setFaults({});
		}
	});
});

describe('docs/emulator.md', () => {
	it('names the demo cast as each seed generates it (who is a guest at fabrikam.com)', () => {
		const doc = readFileSync(new URL('../../docs/emulator.md', import.meta.url), 'utf8');
		const rows = [...doc.matchAll(/^\| `([^`]+)` [^|]*\| ((?:[a-z]+@[a-z]+\.com(?: \(guest\))?(?:, )?)+) \|$/gm)];
		expect(rows.length).toBeGreaterThanOrEqual(2);
		for (const [, seed, cast] of rows) {
			const users = generateTenant({seed: seed === '1' ? 1 : seed!, signIns: 0, days: 0}).users.slice(0, 6);
			expect(cast!.split(', '), `seed ${seed}`).toEqual(
				users.map(u => `${u.userPrincipalName}${u.userType === 'guest' ? ' (guest)' : ''}`),
			);
		}
	});
});
