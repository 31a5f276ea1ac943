/**
 * The client's compiled KQL run by the emulator's workspace over HTTPS, page by page, against an oracle that never
 * touches KQL: the tenant's Graph records filtered with Graph's meaning (the filter AST's own evaluator), at full time
 * precision, newest first by (time, id). Times are cut to the minute in this tenant so that many records share a
 * timestamp, and pages of 7 split those groups: nothing may be lost or repeated. The rows come back as Graph-shaped
 * records that the report definitions show as they show Graph's.
 */
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {compileKql, kqlPage, type CompiledKql} from '../../source/query/kql.js';
import {ROW_KEY, readQueryResponse} from '../../source/query/kql-response.js';
import {evaluate, type Expr} from '../../source/query/filter.js';
import {resolveQuery, type Query} from '../../source/query/query.js';
import {EVENT_TYPES} from '../../source/reports/sign-ins.fields.js';
import {reportById} from '../../source/reports/index.js';
import type {GraphRecord} from '../../source/reports/report.js';
import {startTestEmulator, testTenant, TEST_NOW, type TestEmulator} from '../helpers/emulator.js';
import {laCaller, laService, type LaCaller} from '../emulator-la/la-client.js';
import {timelineLegs} from '../../source/sources/timeline-source.js';

let emu: TestEmulator;
let la: LaCaller;

/** A time at 100 ns, as a sortable bigint (Graph writes up to 7 fractional digits). */
function ticks(iso: string): bigint {
	const m = /^(.*T\d{2}:\d{2}:\d{2})(?:\.(\d+))?(Z|[+-]\d{2}:\d{2})$/.exec(iso);
	if (!m) return -1n;
	return BigInt(Date.parse(`${m[1]}${m[3]}`)) * 10_000n + BigInt(((m[2] ?? '') + '0000000').slice(0, 7));
}

const minute = (iso: unknown) => (typeof iso === 'string' ? `${iso.slice(0, 16)}:00Z` : iso);

beforeAll(async () => {
	const base = testTenant();
	// Ties on purpose: every record's time cut to its minute.
	const tenant = {
		...base,
		signIns: base.signIns.map(r => ({...r, createdDateTime: minute(r['createdDateTime'])})),
		directoryAudits: base.directoryAudits.map(r => ({...r, activityDateTime: minute(r['activityDateTime'])})),
		provisioning: base.provisioning.map(r => ({...r, activityDateTime: minute(r['activityDateTime'])})),
	};
	emu = await startTestEmulator({tenant});
	la = laCaller(emu);
	// This file checks meaning, not the request rate (api.test.ts does): pages of 7 go well past 200 per 30 s.
	laService(emu).settings.rateLimit = 1_000_000;
});
afterAll(async () => {
	await emu.close();
});

/** Every page of a compiled query, read back into records. */
async function readAll(compiled: CompiledKql, take: number): Promise<{records: GraphRecord[]; pages: number}> {
	const records: GraphRecord[] = [];
	let after;
	let pages = 0;
	for (;;) {
		const r = await la.post(kqlPage(compiled, {take, after}), {timespan: compiled.timespan});
		expect(r.status, JSON.stringify(r.body).slice(0, 300)).toBe(200);
		const read = readQueryResponse(compiled.report, r.body);
		pages++;
		expect(read.skipped).toEqual({});
		expect(read.partial).toBeUndefined();
		records.push(...read.records.filter(rec => !compiled.local || evaluate(compiled.local, rec)));
		if (read.rows < take) return {records, pages};
		after = read.cursor;
		expect(pages).toBeLessThan(5000);
	}
}

/** The oracle: Graph records of the query's event types, in its time window (exact), passing every field clause. */
function expected(query: Query): GraphRecord[] {
	const resolved = resolveQuery(query, TEST_NOW);
	const report = resolved.report;
	const list = (
		report.id === 'signins'
			? emu.tenant.signIns
			: report.id === 'audits'
				? emu.tenant.directoryAudits
				: emu.tenant.provisioning
	) as GraphRecord[];
	const types = (query.eventTypes && query.eventTypes.length > 0 ? query.eventTypes : ['interactive' as const]).map(
		t => EVENT_TYPES[t],
	);
	const clauses: Expr[] = [];
	for (const [key, value] of Object.entries(query.filters)) {
		const built = report.fields.find(f => f.key === key)!.build(value);
		for (const e of [built.server, built.local]) if (e) clauses.push(e);
	}
	const since = resolved.since ? BigInt(resolved.since.getTime()) * 10_000n : undefined;
	const until = resolved.until ? BigInt(resolved.until.getTime()) * 10_000n : undefined;
	const time = (r: GraphRecord) => ticks(String(r[report.timeField]));
	const out = list.filter(
		r =>
			(report.id !== 'signins' || types.includes((r['signInEventTypes'] as string[])[0] as never)) &&
			(since === undefined || time(r) >= since) &&
			(until === undefined || time(r) <= until) &&
			clauses.every(c => evaluate(c, r)),
	);
	const sign = query.order === 'oldest' ? -1 : 1;
	return out.sort((a, b) => {
		const d = time(b) - time(a);
		if (d !== 0n) return (d > 0n ? 1 : -1) * sign;
		return (a.id < b.id ? 1 : a.id > b.id ? -1 : 0) * sign;
	});
}

const QUERIES: Array<[string, Query, number?]> = [
	['interactive sign-ins, all', {report: 'signins', filters: {}, order: 'newest'}, 97],
	[
		'non-interactive failures of the last week',
		{report: 'signins', filters: {status: 'failure'}, since: '7d', eventTypes: ['non-interactive'], order: 'newest'},
	],
	[
		'a user across user tables, since a day, until now',
		{
			report: 'signins',
			filters: {user: 'alice@contoso.com'},
			since: '2026-11-01T00:00:00Z',
			until: '2026-11-20T00:00:00Z',
			eventTypes: ['interactive', 'non-interactive'],
			order: 'newest',
		},
	],
	[
		'all four types by app prefix and error',
		{
			report: 'signins',
			filters: {app: 'Microsoft', error: '50126'},
			eventTypes: ['interactive', 'non-interactive', 'service-principal', 'managed-identity'],
			order: 'newest',
		},
	],
	[
		'a city prefix, CA failure, oldest first',
		{
			report: 'signins',
			filters: {city: 'Red', ca: 'failure'},
			eventTypes: ['interactive', 'non-interactive'],
			order: 'oldest',
		},
	],
	[
		'app sign-ins by country',
		{
			report: 'signins',
			filters: {country: 'US'},
			eventTypes: ['service-principal', 'managed-identity'],
			order: 'newest',
		},
		50,
	],
	['audits, all', {report: 'audits', filters: {}, order: 'newest'}, 500],
	[
		'audits by category (checked locally on Graph) and activity prefix',
		{report: 'audits', filters: {category: 'GroupManagement', activity: 'Add'}, order: 'newest'},
		25,
	],
	['audits by a target (an element of an array)', {report: 'audits', filters: {target: 'Sales'}, order: 'newest'}, 25],
	[
		'audits by initiating user, successes, oldest first',
		{report: 'audits', filters: {'initiated-by': 'alice@contoso.com', result: 'success'}, order: 'oldest'},
		25,
	],
	[
		'provisioning failures since 10 days',
		{report: 'provisioning', filters: {status: 'failure'}, since: '10d', order: 'newest'},
	],
	[
		'provisioning by identity (case-sensitive) and target system',
		{report: 'provisioning', filters: {identity: 'a', system: 'Slack'}, order: 'newest'},
		200,
	],
];

describe("compiled KQL over HTTPS equals Graph's meaning, page by page", {timeout: 180_000}, () => {
	for (const [title, query, take = 7] of QUERIES) {
		it(title, async () => {
			const compiled = compileKql(query, {now: TEST_NOW});
			const want = expected(query);
			const {records, pages} = await readAll(compiled, take);
			expect(records.map(r => r.id)).toEqual(want.map(r => r.id));
			if (want.length >= 2 * take) expect(pages).toBeGreaterThan(1);
		});
	}

	it("the timeline's provisioning of an identity: its id on either side, in SourceIdentity or TargetIdentity", async () => {
		// The identity named most often, on both sides: read by hand from the tenant's Graph records.
		const sideId = (r: GraphRecord, side: string): string | undefined => {
			const v = (r[`${side}Identity`] as {id?: unknown} | null | undefined)?.id;
			return typeof v === 'string' ? v : undefined;
		};
		const counts = new Map<string, {source: number; target: number}>();
		for (const r of emu.tenant.provisioning)
			for (const side of ['source', 'target'] as const) {
				const id = sideId(r, side);
				if (!id) continue;
				const c = counts.get(id) ?? {source: 0, target: 0};
				c[side]++;
				counts.set(id, c);
			}
		const [id] =
			[...counts]
				.filter(([, c]) => c.source > 0 && c.target > 0)
				.sort((a, b) => b[1].source + b[1].target - (a[1].source + a[1].target))[0] ?? [...counts][0]!;
		const leg = timelineLegs({id}, {workspace: 'demo'}).find(l => l.name === 'provisioning')!;
		expect(leg.query.rawKql).toBe(
			`tostring(todynamic(SourceIdentity).id) =~ "${id}" or tostring(todynamic(TargetIdentity).id) =~ "${id}"`,
		);
		const compiled = compileKql(leg.query, {now: TEST_NOW, rawKql: leg.query.rawKql});
		const {records} = await readAll(compiled, 7);
		const want = emu.tenant.provisioning.filter(r => sideId(r, 'source') === id || sideId(r, 'target') === id);
		expect(want.length).toBeGreaterThan(7);
		expect(records.map(r => r.id).sort()).toEqual(want.map(r => r.id).sort());
		// A hostile id cannot leave its literal: the same condition over HTTPS finds nothing, and is no syntax error.
		const hostile = timelineLegs({id: 'x" or true or "'}, {workspace: 'demo'}).find(l => l.name === 'provisioning')!;
		const none = await readAll(compileKql(hostile.query, {now: TEST_NOW, rawKql: hostile.query.rawKql}), 7);
		expect(none.records).toEqual([]);
	});

	it('the test tenant has equal timestamps across page boundaries (what the keyset must get right)', async () => {
		// The user with the most non-interactive sign-ins (bursts of a few seconds: ties within a minute).
		const counts = new Map<string, number>();
		for (const r of testTenant().signIns)
			if ((r['signInEventTypes'] as string[])[0] === 'nonInteractiveUser')
				counts.set(r['userPrincipalName'] as string, (counts.get(r['userPrincipalName'] as string) ?? 0) + 1);
		const busiest = [...counts].sort((a, b) => b[1] - a[1])[0]![0];
		const query: Query = {
			report: 'signins',
			filters: {user: busiest},
			order: 'newest',
			eventTypes: ['non-interactive'],
		};
		const {records} = await readAll(compileKql(query, {now: TEST_NOW}), 3);
		let splits = 0;
		for (let i = 3; i < records.length; i += 3)
			if (records[i]!['createdDateTime'] === records[i - 1]!['createdDateTime']) splits++;
		expect(splits).toBeGreaterThan(3);
		expect(records.map(r => r.id)).toEqual(expected(query).map(r => r.id));
	});
});

describe('rows come back as the records Graph serves', {timeout: 120_000}, () => {
	// What a workspace does not carry (shared/log-analytics.md §2.8: no LA column), and the full-precision date.
	const NOT_IN_LA = new Set([
		'Date (UTC)',
		'Credential',
		'Managed identity type',
		'Associated resource',
		'Azure resource id',
		'Federated token issuer',
		// Graph properties with no column in the tables (§2.8: incomingTokenType, isTenantRestricted, appOwnerTenantId…).
		'App owner tenant id',
		'Resource owner tenant id',
		'Session id',
		'Incoming token type',
		'Original transfer method',
		'Tenant restricted',
		'Through Global Secure Access',
		'Token protection (sign-in)',
		'Sign-in session',
		'Conditional Access audiences',
		// AuditLogs has no UserAgent column (§2.4): an audit's userAgent is Graph's only.
		'User agent',
		// Provisioning's older Graph properties with no AADProvisioningLogs column (§2.5).
		'action',
	]);
	// The app sign-in tables have no user, device, autonomous system or authentication-step columns (§2.3).
	const NOT_IN_APP_TABLES = new Set([
		'User id',
		'Autonomous system',
		'Compliant',
		'Managed',
		'Authentication details',
		'Authentication requirement',
		// Nor these (§2.3's column list; no Status column: its additionalDetails).
		'Additional details',
		'Resource tenant id',
		'Original request id',
		'Processing time (ms)',
		'Flagged for review',
		'Authentication protocol',
		'Token issuer type',
		'Cross-tenant access type',
		'Risk level during sign-in',
		'Risk level (aggregated)',
		'Risk state',
		'Risk detail',
	]);
	// The non-interactive table has no SignInIdentifier or FlaggedForReview (§2.2), and no table has the home
	// tenant's name (only HomeTenantId).
	const NOT_IN_NON_INTERACTIVE = new Set(['Sign-in identifier', 'Flagged for review']);
	const skipped = (rec: GraphRecord, label: string) =>
		NOT_IN_LA.has(label) ||
		// The row a record came from is its own (Other properties lists it), never Graph's.
		label.startsWith(`${ROW_KEY}.`) ||
		label.startsWith('statusInfo.') ||
		label === 'Home tenant' ||
		((rec['signInEventTypes'] as string[] | undefined)?.[0] === 'nonInteractiveUser' &&
			NOT_IN_NON_INTERACTIVE.has(label)) ||
		(['servicePrincipal', 'managedIdentity'].includes((rec['signInEventTypes'] as string[] | undefined)?.[0] ?? '') &&
			NOT_IN_APP_TABLES.has(label));

	for (const [report, types] of [
		['signins', ['interactive', 'non-interactive', 'service-principal', 'managed-identity']],
		['audits', []],
		['provisioning', []],
	] as const) {
		it(`${report}: list columns, summary and detail lines match the Graph record`, async () => {
			const compiled = compileKql({report, filters: {}, order: 'newest', eventTypes: [...types]}, {now: TEST_NOW});
			const r = await la.post(kqlPage(compiled, {take: 400}));
			const {records} = readQueryResponse(report, r.body);
			expect(records.length).toBe(400);
			const def = reportById(report);
			const byId = new Map(
				(report === 'signins'
					? emu.tenant.signIns
					: report === 'audits'
						? emu.tenant.directoryAudits
						: emu.tenant.provisioning
				).map(x => [x.id, x as GraphRecord]),
			);
			const mismatches: string[] = [];
			for (const rec of records) {
				const graph = byId.get(rec.id)!;
				expect(rec[ROW_KEY]).toBeTypeOf('object');
				for (const c of def.columns)
					if (c.value(rec) !== c.value(graph))
						mismatches.push(`${rec.id} column ${c.key}: ${c.value(rec)} != ${c.value(graph)}`);
				if (def.summary(rec) !== def.summary(graph)) mismatches.push(`${rec.id} summary`);
				for (const section of def.details) {
					if (skipped(rec, section.title)) continue;
					const mine = section.lines(rec).filter(([label]) => !skipped(rec, label));
					const theirs = section.lines(graph).filter(([label]) => !skipped(rec, label));
					const differ = mine.filter((line, i) => JSON.stringify(line) !== JSON.stringify(theirs[i]));
					if (differ.length > 0 || mine.length !== theirs.length)
						mismatches.push(
							`${rec.id} ${section.title}: ${JSON.stringify(differ)} != ${JSON.stringify(theirs.filter((line, i) => JSON.stringify(line) !== JSON.stringify(mine[i])))}`,
						);
				}
			}
			expect(mismatches.slice(0, 8)).toEqual([]);
		});
	}
});
