/**
 * A list over a time range reads that range only (the records are newest first): with the demo tenant's records
 * still arriving from its worker (tenant/arriving.ts), a query over the last days is answered from the days there,
 * not after the whole tenant (before, `signins --demo --user alice --since 7d` waited for all of it: 9 s and 550 MB
 * with the day's cache, 19 s and 1 GB without). The oracle: the same request against the whole tenant, in one table
 * that has every record, and the records filtered here by their own times and users.
 */
import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {GraphService} from '../../source/emulator/graph/graph.js';
import {IdentityPlatform} from '../../source/emulator/identity/identity.js';
import {ArrivingTenant, NotYet} from '../../source/emulator/tenant/arriving.js';
import {generateTenant, timeOf, type GraphRecord, type Tenant} from '../../source/emulator/tenant/tenant.js';
import {TEST_NOW} from '../helpers/emulator.js';

const tenant = generateTenant({seed: 'bounds', now: TEST_NOW, signIns: 4000, days: 30, users: 40});
const CLIENT = {
	clientId: '6f2b1c1e-3c55-4e27-9d6a-1f1d3b0c9a11',
	displayName: 'bounds',
	secrets: ['s3cret'],
	certificates: [],
	roles: ['AuditLog.Read.All'],
};

/** A Graph whose records are `tables` (the whole tenant's arrays unless told), and a token for it. */
function graphOver(
	tables?: ArrivingTenant['tables'],
): (path: string) => {status: number; body: Record<string, unknown>} {
	const identity = new IdentityPlatform(
		{tenantId: tenant.tenantId, domain: tenant.domain, users: tenant.users, confidentialClients: [CLIENT]},
		() => 'https://127.0.0.1:1',
	);
	const reply = identity.token(
		tenant.tenantId,
		new URLSearchParams({
			grant_type: 'client_credentials',
			client_id: CLIENT.clientId,
			client_secret: CLIENT.secrets[0]!,
			scope: 'https://graph.microsoft.com/.default',
		}),
	);
	const token = (reply.body as {access_token: string}).access_token;
	const graph = new GraphService(tenant, identity, {license: 'p2', minDateDays: null}, tables);
	return path => {
		const r = graph.handle({
			method: 'GET',
			url: new URL(`https://127.0.0.1:1${path}`),
			headers: {authorization: `Bearer ${token}`},
			origin: 'https://127.0.0.1:1',
		});
		return {status: r.status, body: r.body as Record<string, unknown>};
	};
}

/** The newest `share` of each report arrived, the rest not yet (as the worker sends them). */
function arriving(share: number): ArrivingTenant {
	const lists: Pick<Tenant, 'signIns' | 'directoryAudits' | 'provisioning'> = {
		signIns: [],
		directoryAudits: [],
		provisioning: [],
	};
	const a = new ArrivingTenant(lists);
	a.setCounts({
		signIns: tenant.signIns.length,
		directoryAudits: tenant.directoryAudits.length,
		provisioning: tenant.provisioning.length,
	});
	for (const table of ['signIns', 'directoryAudits', 'provisioning'] as const)
		a.add(table, tenant[table].slice(0, Math.ceil(tenant[table].length * share)));
	return a;
}

/** Every page of `path`'s list. */
function pages(get: ReturnType<typeof graphOver>, path: string): GraphRecord[] {
	const out: GraphRecord[] = [];
	let next: string | undefined = path;
	while (next) {
		const {status, body} = get(next);
		expect(status, JSON.stringify(body)).toBe(200);
		out.push(...(body['value'] as GraphRecord[]));
		const link = body['@odata.nextLink'] as string | undefined;
		next = link ? link.slice(new URL(link).origin.length) : undefined;
	}
	return out;
}

const q = (filter: string, top = 50): string =>
	`/v1.0/auditLogs/signIns?$top=${top}&$filter=${encodeURIComponent(filter)}`;

describe('a list over a time range, the tenant still arriving', () => {
	const newest = Date.parse(timeOf(tenant.signIns[0]!));
	const since = new Date(newest - 3 * 86_400_000).toISOString();
	const until = new Date(newest - 1 * 86_400_000).toISOString();
	const interactive = (r: GraphRecord): boolean => (r['signInEventTypes'] as string[]).includes('interactiveUser');
	const inRange = (r: GraphRecord, from: string, to?: string): boolean =>
		Date.parse(timeOf(r)) >= Date.parse(from) && (to === undefined || Date.parse(timeOf(r)) <= Date.parse(to));
	// A user with sign-ins in the last three days, and the share of the tenant those days are.
	const user = String(tenant.signIns.find(r => interactive(r) && inRange(r, since))!['userPrincipalName']);
	const share = (tenant.signIns.findIndex(r => !inRange(r, since)) + 1) / tenant.signIns.length;

	it('the last 3 days of one user, every page: answered from the days there, the same as from the whole tenant', () => {
		expect(share).toBeLessThan(0.3);
		const filter = `createdDateTime ge ${since} and userPrincipalName eq '${user}'`;
		const expected = tenant.signIns.filter(r => interactive(r) && inRange(r, since) && r['userPrincipalName'] === user);
		expect(expected.length).toBeGreaterThan(0);
		const whole = pages(graphOver(), q(filter, 2));
		expect(whole.map(r => r.id)).toEqual(expected.map(r => r.id));
		// Before, reading on past the range for a page that never fills: "the demo tenant's signIns are still arriving".
		expect(pages(graphOver(arriving(share + 0.02).tables), q(filter, 2)).map(r => r.id)).toEqual(whole.map(r => r.id));
	});

	it('a range that ends before now starts where it starts; a range older than what arrived still waits', () => {
		const filter = `createdDateTime ge ${since} and createdDateTime le ${until}`;
		const expected = tenant.signIns.filter(r => interactive(r) && inRange(r, since, until));
		const part = graphOver(arriving(share + 0.02).tables);
		expect(pages(part, q(filter, 100)).map(r => r.id)).toEqual(expected.map(r => r.id));
		expect(pages(graphOver(), q(filter, 100)).map(r => r.id)).toEqual(expected.map(r => r.id));
		// Older than the records there: the answer needs records not yet arrived, and says so (the server waits).
		const old = new Date(newest - 20 * 86_400_000).toISOString();
		expect(() => part(q(`createdDateTime le ${old}`))).toThrow(NotYet);
	});

	/** A time to 100 ns as text that sorts as the instants do (the tenant trims trailing zeros: .12Z is .1200000Z). */
	const exact = (t: string): string => {
		const m = /^(.*?)(?:\.(\d+))?Z$/.exec(t)!;
		return `${m[1]}.${(m[2] ?? '').padEnd(7, '0')}Z`;
	};

	it("any range (ends at records' own times, to the 100 ns), either order, any page size: what the filter says", () => {
		const cases = [
			{collection: 'signIns', records: tenant.signIns.filter(interactive), low: ['ge', 'eq'], high: ['le']},
			{collection: 'provisioning', records: tenant.provisioning, low: ['gt', 'eq'], high: ['lt']},
		] as const;
		const whole = graphOver();
		fc.assert(
			fc.property(
				fc.constantFrom(...cases),
				fc.nat(),
				fc.nat(),
				fc.nat(),
				fc.nat(),
				fc.boolean(),
				fc.integer({min: 1, max: 40}),
				(c, a, b, lowOp, highOp, ascending, top) => {
					const times = c.records.map(r => timeOf(r));
					const [from, to] = [times[a % times.length]!, times[b % times.length]!].sort((x, y) =>
						exact(x) < exact(y) ? -1 : 1,
					);
					const low = c.low[lowOp % c.low.length]!;
					const clauses = [`activityDateTime ${low} ${from}`];
					if (low !== 'eq') clauses.push(`activityDateTime ${c.high[highOp % c.high.length]} ${to}`);
					const field = c.collection === 'signIns' ? 'createdDateTime' : 'activityDateTime';
					const filter = clauses.map(x => x.replace('activityDateTime', field)).join(' and ');
					const holds = (r: GraphRecord): boolean => {
						const t = exact(timeOf(r));
						const ok = (op: string, v: string): boolean =>
							({eq: t === v, ge: t >= v, gt: t > v, le: t <= v, lt: t < v})[op]!;
						return clauses.every(x => {
							const [, op, v] = x.split(' ');
							return ok(op!, exact(v!));
						});
					};
					const expected = c.records.filter(holds).map(r => r.id);
					if (ascending) expected.reverse();
					const path = `/beta/auditLogs/${c.collection}?$top=${top}&$filter=${encodeURIComponent(filter)}${ascending ? `&$orderby=${field}%20asc` : ''}`;
					expect(pages(whole, path).map(r => r.id)).toEqual(expected);
				},
			),
			{numRuns: 150},
		);
	});
});
