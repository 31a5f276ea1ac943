/** Paging: @odata.nextLink from a fresh query returns every matching record exactly once, in order. */
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {startTestEmulator, TEST_NOW, type TestEmulator} from '../helpers/emulator.js';
import {generateTenant, type GraphRecord} from '../../source/emulator/tenant/tenant.js';
import {newestFirst, ticks} from './ticks.js';

let emu: TestEmulator;
let token: string;

beforeAll(async () => {
	emu = await startTestEmulator();
	token = await emu.token();
});
afterAll(() => emu.close());

const get = (pathOrUrl: string) => emu.get(pathOrUrl, token);

async function all(first: string): Promise<{ids: string[]; pages: number; links: string[]}> {
	const ids: string[] = [];
	const links: string[] = [];
	let url: string | undefined = first;
	let pages = 0;
	while (url) {
		const {status, body} = await get(url);
		expect(status).toBe(200);
		pages++;
		ids.push(...(body['value'] as GraphRecord[]).map(r => r.id));
		url = body['@odata.nextLink'] as string | undefined;
		if (url) links.push(url);
	}
	return {ids, pages, links};
}

const interactive = (r: GraphRecord): boolean => (r['signInEventTypes'] as string[]).includes('interactiveUser');

describe('paging', () => {
	it.each([
		['v1.0', 'signIns', () => emu.tenant.signIns.filter(interactive)],
		['beta', 'directoryAudits', () => emu.tenant.directoryAudits],
		['v1.0', 'provisioning', () => emu.tenant.provisioning],
	] as const)('%s %s: every record once, newest first', async (version, collection, records) => {
		const {ids, pages, links} = await all(`/${version}/auditLogs/${collection}?$top=137&$select=id`);
		const expected = records().map(r => r.id);
		expect(ids).toEqual(expected);
		expect(new Set(ids).size).toBe(ids.length);
		expect(pages).toBe(Math.ceil(expected.length / 137));
		for (const link of links) {
			const u = new URL(link);
			expect(u.origin).toBe(emu.origin);
			expect(u.searchParams.get('$top')).toBe('137');
			expect(u.searchParams.get('$select')).toBe('id');
			expect(u.searchParams.get('$skiptoken')).toMatch(/^[0-9a-f]+$/);
		}
	});

	it('times are non-increasing across pages, with a filter kept in every nextLink', async () => {
		const filter = `signInEventTypes/any(t: t eq 'nonInteractiveUser') and createdDateTime ge 2026-11-10T00:00:00Z`;
		const {ids, links} = await all(`/beta/auditLogs/signIns?$top=250&$filter=${encodeURIComponent(filter)}`);
		const byId = new Map(emu.tenant.signIns.map(r => [r.id, r]));
		const times = ids.map(id => byId.get(id)!['createdDateTime'] as string);
		expect(newestFirst(times)).toBe(true);
		expect(links.length).toBeGreaterThan(2);
		for (const link of links) expect(new URL(link).searchParams.get('$filter')).toBe(filter);
		expect(ids).toEqual(
			emu.tenant.signIns
				.filter(
					r =>
						(r['signInEventTypes'] as string[])[0] === 'nonInteractiveUser' &&
						ticks(r['createdDateTime'] as string) >= ticks('2026-11-10T00:00:00Z'),
				)
				.map(r => r.id),
		);
	});

	it('$orderby createdDateTime asc pages oldest first', async () => {
		const {ids} = await all(`/v1.0/auditLogs/signIns?$top=300&$select=id&$orderby=createdDateTime asc`);
		expect(ids).toEqual(
			emu.tenant.signIns
				.filter(interactive)
				.map(r => r.id)
				.reverse(),
		);
	});

	it('default page size is 1,000 for sign-ins', async () => {
		const {body} = await get(
			'/beta/auditLogs/signIns?$filter=' + encodeURIComponent(`signInEventTypes/any(t: t eq 'nonInteractiveUser')`),
		);
		expect((body['value'] as unknown[]).length).toBe(1000);
		expect(body['@odata.nextLink']).toBeDefined();
		expect(body['@odata.context']).toBe(`${emu.origin}/beta/$metadata#auditLogs/signIns`);
	});

	it('provisioning without $top gives no nextLink ("you must pass the top filter ... to generate the token")', async () => {
		const {body} = await get('/v1.0/auditLogs/provisioning');
		expect((body['value'] as unknown[]).length).toBe(1000);
		expect(body['@odata.nextLink']).toBeUndefined();
	});

	it('an empty result is a page with no value and no nextLink', async () => {
		const {status, body} = await get(
			`/v1.0/auditLogs/signIns?$filter=${encodeURIComponent("userPrincipalName eq 'nobody@contoso.com'")}`,
		);
		expect(status).toBe(200);
		expect(body['value']).toEqual([]);
		expect(body['@odata.nextLink']).toBeUndefined();
	});

	it.each(['0', '1001', 'ten', '-5'])('$top=%s is refused', async top => {
		const {status, body} = await get(`/v1.0/auditLogs/signIns?$top=${top}`);
		expect(status).toBe(400);
		expect((body['error'] as {code: string}).code).toBe('BadRequest');
	});

	it('a forged $skiptoken is refused', async () => {
		const {status} = await get('/v1.0/auditLogs/signIns?$skiptoken=not-a-token');
		expect(status).toBe(400);
	});

	it('get by id returns the record with an $entity context, and 404 for an unknown id', async () => {
		const r = emu.tenant.directoryAudits[3]!;
		const {status, body} = await get(`/v1.0/auditLogs/directoryAudits/${encodeURIComponent(r.id)}`);
		expect(status).toBe(200);
		expect(body['id']).toBe(r.id);
		expect(body['@odata.context']).toBe(`${emu.origin}/v1.0/$metadata#auditLogs/directoryAudits/$entity`);
		const missing = await get('/v1.0/auditLogs/signIns/00000000-0000-0000-0000-000000000000');
		expect(missing.status).toBe(404);
	});
});

describe('a scaled table (--scale): many more records than are held', () => {
	it('pages 25,000 sign-ins derived from 2,000: each once, newest first, ids unique, each found by id', async () => {
		const base = generateTenant({seed: 'scaled', now: TEST_NOW, signIns: 2000, hostileRecords: 0});
		const scaled = await startTestEmulator({tenant: base, scaleSignIns: 25_000});
		try {
			const bearer = await scaled.token();
			const eventTypes = `signInEventTypes/any(t: t eq 'interactiveUser' or t eq 'nonInteractiveUser' or t eq 'servicePrincipal' or t eq 'managedIdentity')`;
			const seen: GraphRecord[] = [];
			let url: string | undefined = `/beta/auditLogs/signIns?$top=999&$filter=${encodeURIComponent(eventTypes)}`;
			while (url) {
				const {status, body}: {status: number; body: Record<string, unknown>} = await scaled.get(url, bearer);
				expect(status).toBe(200);
				seen.push(...(body['value'] as GraphRecord[]));
				url = body['@odata.nextLink'] as string | undefined;
			}
			expect(seen.length).toBe(25_000);
			expect(new Set(seen.map(r => r.id)).size).toBe(25_000);
			// Newest first by instant, ties by id descending.
			for (let i = 1; i < seen.length; i++) {
				const [a, b] = [seen[i - 1]!, seen[i]!];
				const [ta, tb] = [ticks(a['createdDateTime'] as string), ticks(b['createdDateTime'] as string)];
				expect(tb < ta || (tb === ta && b.id < a.id), `${a.id} then ${b.id}`).toBe(true);
			}
			// The last copy is partial: 25,000 = 12 copies of 2,000 and 1,000 more.
			expect(new Set(seen.map(r => r.id.slice(0, 8))).size).toBe(13);
			for (const r of [seen[0]!, seen[12_345]!, seen.at(-1)!]) {
				const {status, body} = await scaled.get(`/beta/auditLogs/signIns/${r.id}`, bearer);
				expect(status).toBe(200);
				expect(body['createdDateTime']).toBe(r['createdDateTime']);
			}
			expect((await scaled.get(`/beta/auditLogs/signIns/0000000d${seen[0]!.id.slice(8)}`, bearer)).status).toBe(404);
			// A filter sees derived values: the correlation id of a record in copy 7 finds its copy only.
			const r = seen[14_100]!;
			const {body} = await scaled.get(
				`/beta/auditLogs/signIns?$filter=${encodeURIComponent(`correlationId eq '${r['correlationId'] as string}' and ${eventTypes}`)}`,
				bearer,
			);
			const found = body['value'] as GraphRecord[];
			expect(found.map(x => x.id)).toContain(r.id);
			for (const x of found) expect(x.id.slice(0, 8)).toBe(r.id.slice(0, 8));
		} finally {
			await scaled.close();
		}
	});
});
