/**
 * Every report of the built CLI read from a workspace (`--workspace ID`) against the emulator, with Graph as the
 * oracle: the same command without --workspace reads the same tenant through Graph, and both must give the same
 * records (same ids, same Graph-shaped properties the tables hold). Times are cut to the minute so that many records
 * share a timestamp, and pages of 7 split those groups. Then the errors, each in one line with what is missing, the
 * throttling and partial results under the emulator's knobs.
 */
import {mkdtemp, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {startTestEmulator, type TestEmulator} from '../helpers/emulator.js';
import {runCli, type CliRun} from '../helpers/cli-run.js';
import {generateTenant, sortNewestFirst, type Tenant} from '../../source/emulator/tenant/tenant.js';
import type {GraphRecord} from '../../source/reports/report.js';
import {workspaceIdFor} from '../../source/emulator/log-analytics/index.js';
import {laService} from './la-client.js';

let emu: TestEmulator;
let dir: string;
let caFile: string;
let workspace: string;
let tenant: Tenant;

/** Twenty days ago at 30 seconds past a minute: records sit on whole minutes, so no run's clock moves one across it. */
const SINCE = new Date(Math.floor((Date.now() - 20 * 86_400_000) / 60_000) * 60_000 + 30_000).toISOString();

const minute = (iso: unknown) => (typeof iso === 'string' ? `${iso.slice(0, 16)}:00Z` : iso);

beforeAll(async () => {
	// Generated up to now, so that Graph's retention and --since see the same records as the workspace.
	const base = generateTenant({seed: 'ws-cli', now: new Date(), signIns: 3000});
	// Sorted again after the cut: Graph's emulator pages by (time, id) over its records in that order.
	const cut = (list: GraphRecord[], field: string): GraphRecord[] => {
		const out = list.map(r => ({...r, [field]: minute(r[field])}));
		sortNewestFirst(out);
		return out;
	};
	tenant = {
		...base,
		signIns: cut(base.signIns, 'createdDateTime'),
		directoryAudits: cut(base.directoryAudits, 'activityDateTime'),
		provisioning: cut(base.provisioning, 'activityDateTime'),
	};
	emu = await startTestEmulator({tenant, pollInterval: 0});
	workspace = workspaceIdFor(emu.tenantId);
	dir = await mkdtemp(join(tmpdir(), 'entra-logs-ws-cli-'));
	caFile = join(dir, 'ca.pem');
	await writeFile(caFile, emu.caCert);
	// Pages of 7 go past 200 requests per 30 s; the limit has its own test below.
	laService(emu).settings.rateLimit = 1_000_000;
	for (const args of [['login'], ['login', '--workspace', workspace]]) {
		const r = await run(args);
		expect(r.code, r.stderr).toBe(0);
	}
}, 120_000);
afterAll(() => emu?.close());

function run(args: string[], env: Record<string, string> = {}): Promise<CliRun> {
	return runCli(emu, {args, caFile, config: join(dir, 'config')}, emu.tenantId, env);
}

type Rec = Record<string, unknown> & {id: string};
const lines = (text: string): Rec[] =>
	text
		.split('\n')
		.filter(Boolean)
		.map(l => JSON.parse(l) as Rec);

/** The same command through Graph and through the workspace (pages of 7): both records, by id. */
async function both(args: string[], take = 7): Promise<{graph: Rec[]; ws: Rec[]; stderr: string}> {
	const [g, w] = await Promise.all([
		run([...args, '--output', 'ndjson']),
		run([...args, '--workspace', workspace, '--page-size', String(take), '--output', 'ndjson']),
	]);
	expect(g.code, g.stderr).toBe(0);
	expect(w.code, w.stderr).toBe(0);
	return {graph: lines(g.stdout), ws: lines(w.stdout), stderr: w.stderr};
}

function sameRecords(graph: Rec[], ws: Rec[]): void {
	const ids = ws.map(r => r.id);
	// Exactly once each, and the same set as Graph's.
	expect(new Set(ids).size).toBe(ids.length);
	const gids = new Set(graph.map(r => r.id));
	const wids = new Set(ids);
	const differ = [...ws.filter(r => !gids.has(r.id)), ...graph.filter(r => !wids.has(r.id))].map(r =>
		JSON.stringify([
			gids.has(r.id) ? 'graph only' : 'workspace only',
			r.id,
			r['createdDateTime'] ?? r['activityDateTime'],
		]),
	);
	expect(differ).toEqual([]);
	// Newest first, ties by id: no page boundary reorders a group of equal timestamps.
	expect(ws.length).toBeGreaterThan(7 * 3);
}

describe('every report from a workspace, against Graph on the same tenant', () => {
	it('sign-ins, interactive, with a filter; each record keeps its row under @logAnalytics.row', async () => {
		const {graph, ws} = await both(['signins', '--since', SINCE, '--status', 'failure']);
		sameRecords(graph, ws);
		const byId = new Map(graph.map(r => [r.id, r]));
		for (const r of ws) {
			const g = byId.get(r.id)!;
			expect(r['userPrincipalName']).toBe(g['userPrincipalName']);
			expect(r['status']).toMatchObject({errorCode: (g['status'] as {errorCode: number}).errorCode});
			expect(typeof (r['@logAnalytics.row'] as Record<string, unknown>)['ResultType']).toBe('string');
		}
	}, 120_000);

	it('non-interactive sign-ins: the JSON held in string columns comes back as objects, ResultType as a number', async () => {
		const {graph, ws} = await both(['signins', '--type', 'non-interactive', '--since', SINCE]);
		sameRecords(graph, ws);
		const byId = new Map(graph.map(r => [r.id, r]));
		for (const r of ws.slice(0, 200)) {
			const g = byId.get(r.id)!;
			const row = r['@logAnalytics.row'] as Record<string, unknown>;
			// In this table DeviceDetail, LocationDetails and Status are strings holding JSON (log-analytics.md §2.2).
			expect(typeof row['DeviceDetail']).toBe('string');
			expect(r['deviceDetail']).toEqual(g['deviceDetail']);
			expect(r['location']).toEqual(g['location']);
			expect(r['status']).toEqual(g['status']);
		}
	}, 120_000);

	// Found by an independent check: the bounds were cut to the millisecond (`datetime(…59.999Z)`), so a record's own
	// time typed back, or a bound a tick past a minute, selected the wrong records.
	it('--since and --until to the 100 ns tick: one tick inside two minutes leaves out both minutes, as Graph does', async () => {
		// Records sit on whole minutes (interactive ones here, newest first).
		const minutes = [
			...new Set(
				tenant.signIns
					.filter(r => (r['signInEventTypes'] as string[])[0] === 'interactiveUser')
					.map(r => String(r['createdDateTime'])),
			),
		];
		const [newer, older] = [minutes[20]!, minutes[120]!];
		const since = older.replace(/:00Z$/, ':00.0000001Z');
		const until = new Date(Date.parse(newer) - 1000).toISOString().replace(/\.000Z$/, '.9999999Z');
		const {graph, ws} = await both(['signins', '--since', since, '--until', until]);
		sameRecords(graph, ws);
		// As instants: a workspace row's TimeGenerated comes back with 7 digits (`…:00.0000000Z`).
		const at = new Set(ws.map(r => Date.parse(String(r['createdDateTime']))));
		expect(at.has(Date.parse(older))).toBe(false);
		expect(at.has(Date.parse(newer))).toBe(false);
		expect(at.has(Date.parse(minutes[21]!))).toBe(true);
		expect(at.has(Date.parse(minutes[119]!))).toBe(true);
	}, 120_000);

	it('audits and provisioning', async () => {
		for (const report of ['audits', 'provisioning']) {
			// Pages of 100: each query scans the whole table in the emulator, and these reports have more records.
			const {graph, ws} = await both([report, '--since', SINCE], 100);
			sameRecords(graph, ws);
		}
	}, 300_000);
});

describe('errors in one line, with what is missing', () => {
	it('bad input before any request: exit 2', async () => {
		const cases: Array<[string[], RegExp]> = [
			[['signins', '--workspace', 'my-workspace'], /--workspace must be a workspace ID, a GUID/],
			[['signins', '--kql', 'ResultType == "0"'], /--kql applies to a workspace: add --workspace ID/],
			[['signins', '--workspace', 'demo', '--kql', 'true | take 1'], /--kql: "\|" \(another operator\) at character 6/],
			[['signins', '--workspace', 'demo', '--filter', "userId eq 'x'"], /--filter is OData/],
			[
				['signins', '--workspace', 'demo', '--kql', `${'('.repeat(1000)}true${')'.repeat(1000)}`],
				/--kql: brackets nested more than 200 deep at character 201/,
			],
		];
		for (const [args, message] of cases) {
			const r = await run(args);
			expect(r.code, r.stderr).toBe(2);
			expect(r.stderr.trim().split('\n')).toHaveLength(1);
			expect(r.stderr).toMatch(message);
		}
	}, 60_000);

	it('a syntax error names its position; an unknown workspace says what the ID is; both exit 1', async () => {
		const syntax = await run([
			'signins',
			'--workspace',
			workspace,
			'--kql',
			'ResultType === "0"',
			'--output',
			'ndjson',
		]);
		expect(syntax.code).toBe(1);
		expect(syntax.stderr).toMatch(
			/Log Analytics 400 BadArgumentError: .*\(line \d+, position \d+, near ".*(?:ResultType )?=== "0".*"\) \(the KQL was refused/,
		);
		// Over a union of the sign-in tables, a column that is dynamic in one and a string in another is split in two.
		const union = await run([
			'signins',
			'--type',
			'interactive,non-interactive',
			'--workspace',
			workspace,
			'--kql',
			'LocationDetails.city == "Paris"',
			'--output',
			'ndjson',
		]);
		expect(union.code).toBe(1);
		expect(union.stderr).toMatch(/Failed to resolve .*LocationDetails_string and LocationDetails_dynamic/);
		const missing = await run(['audits', '--workspace', '00000000-0000-0000-0000-000000000001', '--output', 'ndjson']);
		expect(missing.code).toBe(1);
		expect(missing.stderr).toMatch(/Log Analytics 404 ResourceNotFoundError: .*not its name/);
	}, 60_000);

	it('the preflight (whoami --workspace) names what is missing: Data.Read, then the Reader role', async () => {
		const ok = await run(['whoami', '--workspace', workspace]);
		expect(ok.code, ok.stderr).toBe(0);
		expect(ok.stdout).toContain(`can query workspace ${workspace}`);
		const service = laService(emu);
		const isReader = service.settings.isReader;
		try {
			service.settings.isReader = () => false;
			const noRole = await run(['whoami', '--workspace', workspace]);
			expect(noRole.code).toBe(1);
			expect(noRole.stderr).toMatch(/403 InsufficientAccessError.*missing: a Reader role on the workspace/);
		} finally {
			service.settings.isReader = isReader;
		}
		// Data.Read withheld by the identity platform: new tokens lack it (a fresh sign-in, so none is cached).
		emu.identity.logAnalyticsDataRead = false;
		try {
			const config = await mkdtemp(join(tmpdir(), 'entra-logs-ws-noread-'));
			const env = {ENTRA_LOGS_CONFIG_DIR: config};
			expect((await run(['login', '--workspace', workspace], env)).code).toBe(0);
			// Signed in for the workspace only: a Graph query says there is no Graph sign-in, not that the session ended.
			const graph = await run(['signins', '--output', 'ndjson'], env);
			expect(graph.code).not.toBe(0);
			expect(graph.stderr).toMatch(
				/this sign-in has no token for https:\/\/graph\.microsoft\.com: sign in for it with entra-logs login/,
			);
			const noRead = await run(['whoami', '--workspace', workspace], env);
			expect(noRead.code).toBe(1);
			expect(noRead.stderr).toMatch(/the token has no Data\.Read/);
			const query = await run(['audits', '--workspace', workspace, '--output', 'ndjson'], env);
			expect(query.stderr).toMatch(/403 InsufficientAccessError.*missing: the permission Data\.Read/);
		} finally {
			emu.identity.logAnalyticsDataRead = true;
		}
	}, 120_000);

	it('429s (the request rate) and partial results: retried after Retry-After, shown on stderr, each record once', async () => {
		const service = laService(emu);
		const {graph} = await both(['provisioning', '--since', SINCE], 100);
		service.settings.rateLimit = 6;
		service.settings.rateWindowMs = 2000;
		service.settings.partialEvery = 3;
		try {
			const r = await run([
				'provisioning',
				'--since',
				SINCE,
				'--workspace',
				workspace,
				'--page-size',
				'50',
				'--output',
				'ndjson',
			]);
			expect(r.code, r.stderr).toBe(0);
			expect(r.stderr).toMatch(/retrying \(HTTP 429\) in [12]\.0 s/);
			expect(r.stderr).toMatch(/entra-logs: note: partial results: There were some errors/);
			sameRecords(graph, lines(r.stdout));
		} finally {
			service.settings.rateLimit = 1_000_000;
			service.settings.rateWindowMs = 30_000;
			service.settings.partialEvery = 0;
		}
	}, 300_000);
});
