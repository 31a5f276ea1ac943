/**
 * Every documented $filter field and operator of each report, asked of the running emulator over HTTPS and
 * checked against the generated records; undocumented clauses fail with Graph's 400 body.
 *
 * The table below is copied from shared/graph-api.md §4 on purpose (not imported from the emulator), so that it
 * checks the emulator's own table.
 */
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {startTestEmulator, type TestEmulator} from '../helpers/emulator.js';
import type {GraphRecord} from '../../source/emulator/tenant/tenant.js';
import {ticks} from './ticks.js';

type Op = 'eq' | 'ne' | 'ge' | 'le' | 'gt' | 'lt' | 'startswith' | 'contains';
type Kind = 'string' | 'datetime' | 'int' | 'enum';
/** The optional fourth member: a beta sign-in event type whose records carry the field (others have it null). */
type Row = readonly [path: string, kind: Kind, ops: readonly Op[], eventType?: string];

const SIGN_IN_V1: readonly Row[] = [
	['createdDateTime', 'datetime', ['eq', 'le', 'ge']],
	['appDisplayName', 'string', ['eq', 'startswith']],
	['appId', 'string', ['eq']],
	['clientAppUsed', 'string', ['eq']],
	['conditionalAccessStatus', 'enum', ['eq']],
	['correlationId', 'string', ['eq']],
	['deviceDetail/browser', 'string', ['eq', 'startswith']],
	['deviceDetail/operatingSystem', 'string', ['eq', 'startswith']],
	['ipAddress', 'string', ['eq', 'startswith']],
	['location/city', 'string', ['eq', 'startswith']],
	['location/state', 'string', ['eq', 'startswith']],
	['location/countryOrRegion', 'string', ['eq', 'startswith']],
	['resourceDisplayName', 'string', ['eq']],
	['resourceId', 'string', ['eq']],
	['riskDetail', 'enum', ['eq']],
	['riskLevelAggregated', 'enum', ['eq']],
	['riskLevelDuringSignIn', 'enum', ['eq']],
	['riskState', 'enum', ['eq']],
	['status/errorCode', 'int', ['eq']],
	['userDisplayName', 'string', ['eq', 'startswith']],
	['userId', 'string', ['eq']],
	['userPrincipalName', 'string', ['eq', 'startswith']],
	['id', 'string', ['eq']],
];

const SIGN_IN_BETA: readonly Row[] = [
	...SIGN_IN_V1,
	['appOwnerTenantId', 'string', ['eq']],
	['authenticationRequirement', 'string', ['eq', 'startswith']],
	['originalRequestId', 'string', ['eq']],
	['resourceOwnerTenantId', 'string', ['eq']],
	['servicePrincipalName', 'string', ['eq', 'startswith'], 'servicePrincipal'],
	['userAgent', 'string', ['eq', 'startswith']],
];

const AUDIT: readonly Row[] = [
	['activityDisplayName', 'string', ['eq', 'startswith']],
	['activityDateTime', 'datetime', ['eq', 'ge', 'le']],
	['loggedByService', 'string', ['eq']],
	['initiatedBy/user/id', 'string', ['eq']],
	['initiatedBy/user/displayName', 'string', ['eq']],
	['initiatedBy/user/userPrincipalName', 'string', ['eq', 'startswith']],
	['initiatedBy/app/appId', 'string', ['eq']],
	['initiatedBy/app/displayName', 'string', ['eq']],
	['correlationId', 'string', ['eq']],
];

const PROVISIONING: readonly Row[] = [
	['id', 'string', ['eq', 'contains']],
	['activityDateTime', 'datetime', ['eq', 'gt', 'lt']],
	['tenantId', 'string', ['eq', 'contains']],
	['jobId', 'string', ['eq', 'contains']],
	['changeId', 'string', ['eq', 'contains']],
	['cycleId', 'string', ['eq', 'contains']],
	['provisioningAction', 'enum', ['eq', 'contains']],
	['durationInMilliseconds', 'int', ['eq', 'gt', 'lt']],
	['provisioningStatusInfo/status', 'enum', ['eq', 'contains']],
	['sourceSystem/displayName', 'string', ['eq', 'contains']],
	['targetSystem/displayName', 'string', ['eq', 'contains']],
	['sourceIdentity/identityType', 'string', ['eq', 'contains']],
	['targetIdentity/identityType', 'string', ['eq', 'contains']],
	['sourceIdentity/id', 'string', ['eq', 'contains']],
	['targetIdentity/id', 'string', ['eq', 'contains']],
	['sourceIdentity/displayName', 'string', ['eq', 'contains']],
	['targetIdentity/displayName', 'string', ['eq', 'contains']],
	['servicePrincipal/id', 'string', ['eq']],
	['servicePrincipal/displayName', 'string', ['eq']],
	['initiatedBy/displayName', 'string', ['eq', 'contains']],
];

const at = (r: unknown, path: string): unknown =>
	path.split('/').reduce<unknown>((o, k) => (o as Record<string, unknown> | null)?.[k], r);
const quote = (s: string): string => `'${s.replace(/'/g, "''")}'`;

let emu: TestEmulator;
let token: string;

beforeAll(async () => {
	emu = await startTestEmulator();
	token = await emu.token();
});
afterAll(() => emu.close());

const get = (pathOrUrl: string) => emu.get(pathOrUrl, token);

/** All ids a filter returns, following @odata.nextLink. */
async function idsFor(version: string, collection: string, filter: string): Promise<string[]> {
	const ids: string[] = [];
	let url: string | undefined =
		`${emu.origin}/${version}/auditLogs/${collection}?$top=1000&$select=id&$filter=${encodeURIComponent(filter)}`;
	while (url) {
		const {status, body} = await get(url.slice(emu.origin.length));
		expect(status, JSON.stringify(body)).toBe(200);
		ids.push(...(body['value'] as Array<{id: string}>).map(r => r.id));
		url = body['@odata.nextLink'] as string | undefined;
	}
	return ids;
}

interface Case {
	readonly clause: string;
	readonly expected: (r: GraphRecord) => boolean;
}

/** Builds a clause for a field and operator from a value found in the data, and its expected meaning. */
function makeCase(records: readonly GraphRecord[], [path, kind]: Row, op: Op, caseSensitive: boolean): Case {
	const sample = records.find(r => {
		const v = at(r, path);
		return v !== null && v !== undefined && v !== '' && (kind !== 'string' || String(v).length >= 2);
	});
	if (!sample) throw new Error(`no record has ${path}`);
	const value = at(sample, path);
	const fold = (s: string): string => (caseSensitive ? s : s.toLowerCase());
	if (kind === 'datetime') {
		const t = ticks(String(value));
		const cmp = (r: GraphRecord): number => Number(ticks(String(at(r, path))) - t);
		const fn = {
			eq: (c: number) => c === 0,
			ge: (c: number) => c >= 0,
			le: (c: number) => c <= 0,
			gt: (c: number) => c > 0,
			lt: (c: number) => c < 0,
		}[op as 'eq'];
		return {clause: `${path} ${op} ${String(value)}`, expected: r => fn(cmp(r))};
	}
	if (kind === 'int') {
		const n = Number(value);
		const fn = {eq: (v: number) => v === n, gt: (v: number) => v > n, lt: (v: number) => v < n}[op as 'eq'];
		return {clause: `${path} ${op} ${n}`, expected: r => typeof at(r, path) === 'number' && fn(at(r, path) as number)};
	}
	const text = String(value);
	if (op === 'startswith') {
		// Mixed case on purpose: sign-in and audit values compare case-insensitively.
		const prefix = text.slice(0, 3).toUpperCase();
		return {
			clause: `startswith(${path},${quote(prefix)})`,
			expected: r => typeof at(r, path) === 'string' && fold(at(r, path) as string).startsWith(fold(prefix)),
		};
	}
	if (op === 'contains') {
		const mid = text.slice(1, Math.min(text.length, 6));
		return {
			clause: `contains(${path},${quote(mid)})`,
			expected: r => typeof at(r, path) === 'string' && fold(at(r, path) as string).includes(fold(mid)),
		};
	}
	const literal =
		kind === 'enum'
			? text
			: caseSensitive
				? text
				: text.toUpperCase() === text
					? text.toLowerCase()
					: text.toUpperCase();
	return {
		clause: `${path} eq ${quote(literal)}`,
		expected: r => at(r, path) !== null && at(r, path) !== undefined && fold(String(at(r, path))) === fold(literal),
	};
}

const interactive = (r: GraphRecord): boolean => (r['signInEventTypes'] as string[]).includes('interactiveUser');

const suites = [
	{
		collection: 'signIns',
		version: 'v1.0',
		rows: SIGN_IN_V1,
		records: () => emu.tenant.signIns.filter(interactive),
		caseSensitive: () => false,
	},
	{
		collection: 'signIns',
		version: 'beta',
		rows: SIGN_IN_BETA,
		records: () => emu.tenant.signIns.filter(interactive),
		caseSensitive: () => false,
	},
	{
		collection: 'directoryAudits',
		version: 'v1.0',
		rows: AUDIT,
		records: () => emu.tenant.directoryAudits,
		caseSensitive: () => false,
	},
	{
		collection: 'directoryAudits',
		version: 'beta',
		rows: AUDIT,
		records: () => emu.tenant.directoryAudits,
		caseSensitive: () => false,
	},
	{
		collection: 'provisioning',
		version: 'v1.0',
		rows: PROVISIONING,
		records: () => emu.tenant.provisioning,
		caseSensitive: (p: string) => !p.endsWith('status') && p !== 'provisioningAction',
	},
] as const;

for (const suite of suites) {
	describe(`${suite.version} ${suite.collection} $filter`, () => {
		for (const row of suite.rows) {
			for (const op of row[2]) {
				it(`${row[0]} ${op}`, async () => {
					const type = row[3];
					const records = type
						? emu.tenant.signIns.filter(r => (r['signInEventTypes'] as string[]).includes(type))
						: suite.records();
					const c = makeCase(records, row, op, suite.caseSensitive(row[0]));
					const expected = records.filter(c.expected).map(r => r.id);
					const clause = type ? `${c.clause} and signInEventTypes/any(t: t eq '${type}')` : c.clause;
					const got = await idsFor(suite.version, suite.collection, clause);
					expect(got).toEqual(expected);
					if (op === 'eq' || op === 'startswith' || op === 'contains') expect(got.length).toBeGreaterThan(0);
				});
			}
		}
	});
}

describe('lambdas, combinations and event types', () => {
	it('beta without a signInEventTypes clause returns interactive sign-ins only', async () => {
		const got = await idsFor('beta', 'signIns', `userPrincipalName eq 'alice@contoso.com'`);
		const expected = emu.tenant.signIns
			.filter(r => interactive(r) && r['userPrincipalName'] === 'alice@contoso.com')
			.map(r => r.id);
		expect(got).toEqual(expected);
	});

	it.each(['nonInteractiveUser', 'servicePrincipal', 'managedIdentity', 'interactiveUser'])(
		'signInEventTypes/any(t: t eq %s)',
		async type => {
			const got = await idsFor('beta', 'signIns', `signInEventTypes/any(t: t eq '${type}')`);
			const expected = emu.tenant.signIns
				.filter(r => (r['signInEventTypes'] as string[]).includes(type))
				.map(r => r.id);
			expect(got.length).toBeGreaterThan(0);
			expect(got).toEqual(expected);
		},
	);

	it('signInEventTypes ne, as in the docs example', async () => {
		const got = await idsFor('beta', 'signIns', `(signInEventTypes/any(t: t ne 'interactiveUser'))`);
		expect(got).toEqual(emu.tenant.signIns.filter(r => !interactive(r)).map(r => r.id));
	});

	it('the observed two-type combination with a time range', async () => {
		const since = '2026-11-15T00:00:00Z';
		const until = '2026-11-18T00:00:00Z';
		const got = await idsFor(
			'beta',
			'signIns',
			`createdDateTime ge ${since} and createdDateTime le ${until} and (signInEventTypes/any(t: t eq 'interactiveUser' or t eq 'nonInteractiveUser'))`,
		);
		const expected = emu.tenant.signIns
			.filter(r => {
				const t = ticks(r['createdDateTime'] as string);
				const types = r['signInEventTypes'] as string[];
				return (
					t >= ticks(since) &&
					t <= ticks(until) &&
					(types.includes('interactiveUser') || types.includes('nonInteractiveUser'))
				);
			})
			.map(r => r.id);
		expect(got.length).toBeGreaterThan(100);
		expect(got).toEqual(expected);
	});

	it('or between fields, with a quote escaped by doubling', async () => {
		const got = await idsFor(
			'v1.0',
			'signIns',
			`userPrincipalName eq 'o''brien@contoso.com' or status/errorCode eq 53003`,
		);
		expect(got).toEqual(
			emu.tenant.signIns
				.filter(r => interactive(r) && (r['status'] as {errorCode: number}).errorCode === 53003)
				.map(r => r.id),
		);
	});

	it('date-only literals are accepted', async () => {
		const got = await idsFor('v1.0', 'signIns', `createdDateTime le 2026-10-25`);
		expect(got).toEqual(
			emu.tenant.signIns
				.filter(r => interactive(r) && ticks(r['createdDateTime'] as string) <= ticks('2026-10-25T00:00:00Z'))
				.map(r => r.id),
		);
	});

	it.each([
		[
			`targetResources/any(t: t/id eq '{id}')`,
			(r: GraphRecord, s: GraphRecord) =>
				(r['targetResources'] as Array<{id: string}>).some(
					t => t.id === (s['targetResources'] as Array<{id: string}>)[0]!.id,
				),
		],
		[
			`targetResources/any(t:t/displayName eq '{name}')`,
			(r: GraphRecord, s: GraphRecord) =>
				(r['targetResources'] as Array<{displayName: string | null}>).some(
					t => t.displayName?.toLowerCase() === name(s).toLowerCase(),
				),
		],
		[
			`targetResources/any(x: startswith(x/displayName, '{prefix}'))`,
			(r: GraphRecord, s: GraphRecord) =>
				(r['targetResources'] as Array<{displayName: string | null}>).some(
					t => t.displayName?.toLowerCase().startsWith(name(s).slice(0, 4).toLowerCase()) ?? false,
				),
		],
	])('audits %s', async (template, predicate) => {
		const sample = emu.tenant.directoryAudits.find(
			r => (r['targetResources'] as Array<{displayName: string | null}>)[0]?.displayName,
		)!;
		const clause = template
			.replace('{id}', (sample['targetResources'] as Array<{id: string}>)[0]!.id)
			.replace('{name}', name(sample))
			.replace('{prefix}', name(sample).slice(0, 4));
		const got = await idsFor('v1.0', 'directoryAudits', clause);
		expect(got.length).toBeGreaterThan(0);
		expect(got).toEqual(emu.tenant.directoryAudits.filter(r => predicate(r, sample)).map(r => r.id));
	});
});

function name(r: GraphRecord): string {
	return (r['targetResources'] as Array<{displayName: string}>)[0]!.displayName;
}

describe("undocumented clauses are rejected with Graph's error body", () => {
	it.each([
		['v1.0', 'signIns', 'status/errorCode ne 0'],
		['v1.0', 'signIns', 'status/errorCode ge 1'],
		['v1.0', 'signIns', `createdDateTime ge '2026-11-01T00:00:00Z'`],
		['v1.0', 'signIns', 'createdDateTime ge 2026-11-01T00:00:00'],
		['v1.0', 'signIns', `createdDateTime gt 2026-11-01T00:00:00Z`],
		['v1.0', 'signIns', 'IsRisky eq true'],
		['v1.0', 'signIns', `contains(userPrincipalName,'alice')`],
		['v1.0', 'signIns', `userPrincipalName eq alice`],
		['v1.0', 'signIns', `signInEventTypes/any(t: t eq 'nonInteractiveUser')`],
		['beta', 'signIns', `signInEventTypes/any(t: t eq 'robot')`],
		['beta', 'signIns', `conditionalAccessStatus eq 'maybe'`],
		['v1.0', 'signIns', `not (userPrincipalName eq 'alice@contoso.com')`],
		['v1.0', 'signIns', `userPrincipalName eq 'unterminated`],
		['v1.0', 'signIns', `userPrincipalName eq 'a' and`],
		['v1.0', 'signIns', `endswith(userPrincipalName,'contoso.com')`],
		['v1.0', 'directoryAudits', `category eq 'UserManagement'`],
		['v1.0', 'directoryAudits', `result eq 'success'`],
		['v1.0', 'directoryAudits', `activityDateTime gt 2026-11-01T00:00:00Z`],
		['v1.0', 'directoryAudits', `startswith(loggedByService,'Core')`],
		['v1.0', 'provisioning', `activityDateTime ge 2026-11-01T00:00:00Z`],
		['v1.0', 'provisioning', `startswith(jobId,'slack')`],
		['v1.0', 'provisioning', `action eq 'Create'`],
	])('%s %s: %s', async (version, collection, clause) => {
		const {status, body} = await get(`/${version}/auditLogs/${collection}?$filter=${encodeURIComponent(clause)}`);
		expect(status).toBe(400);
		const error = body['error'] as {code: string; message: string; innerError: Record<string, string>};
		expect(error.code).toBe('BadRequest');
		expect(error.message).toBe('Invalid filter clause');
		expect(error.innerError['date']).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/);
		expect(error.innerError['request-id']).toMatch(/^[0-9a-f-]{36}$/);
		expect(error.innerError['client-request-id']).toMatch(/^[0-9a-f-]{36}$/);
	});
});

describe('a $filter nested past the parser recursion limit', () => {
	it.each([
		['3,000 parentheses', `${'('.repeat(3000)}userPrincipalName eq 'a'${')'.repeat(3000)}`],
		['2,000 nots', `${'not '.repeat(2000)}userPrincipalName eq 'a'`],
	])('%s: 400 Invalid filter clause, not a crash (500)', async (_name, clause) => {
		const {status, body} = await get(`/v1.0/auditLogs/signIns?$filter=${encodeURIComponent(clause)}`);
		expect(status).toBe(400);
		expect(body['error']).toMatchObject({code: 'BadRequest', message: 'Invalid filter clause'});
	});

	it('nesting within the limit is parsed as usual', async () => {
		const clause = `${'('.repeat(700)}userPrincipalName eq 'alice@contoso.com'${')'.repeat(700)}`;
		const {status, body} = await get(`/v1.0/auditLogs/signIns?$filter=${encodeURIComponent(clause)}`);
		expect(status).toBe(200);
		const users = (body['value'] as Array<{userPrincipalName: string}>).map(r => r.userPrincipalName);
		expect(users.length).toBeGreaterThan(0);
		expect(new Set(users)).toEqual(new Set(['alice@contoso.com']));
	});
});
