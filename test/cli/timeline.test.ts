/**
 * `entra-logs timeline` and `--print`, the built CLI against the emulator over HTTPS. The oracle for a timeline is the
 * emulator's own tenant: the records that name the user, counted here from the generated data, not by the client.
 */
import {existsSync} from 'node:fs';
import {mkdtemp, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {startTestEmulator, type TestEmulator} from '../helpers/emulator.js';
import {runCli} from '../sources/run-cli.js';
import {compareInstants, parseInstant} from '../../source/query/time.js';
import {fetchTimeline, timelineLegs, type TimelineSubject} from '../../source/sources/timeline-source.js';
import type {RecordSource, SourcePage} from '../../source/sources/source.js';
import {toGraphUrl} from '../../source/query/query.js';
import {openSource} from '../../source/sources/open-source.js';
import {signedInClient} from '../helpers/client.js';
import {parseFilter} from '../../source/emulator/graph/filter-parser.js';

/** Whether a request's $filter is one Graph's grammar (the emulator's parser) reads. */
function answerable(url: string): boolean {
	const filter = /\$filter=([^&]*)/.exec(url)?.[1];
	if (filter === undefined) return true;
	parseFilter(filter);
	return true;
}

const CLI = join(process.cwd(), 'dist', 'cli.js');
let dir: string;

type Result = Awaited<ReturnType<typeof runCli>>;

const cli = (args: readonly string[]): Promise<Result> => runCli(args, join(dir, 'config'));

/** One line on stderr, ours, with no stack trace. */
function oneLine(r: Result): string {
	const lines = r.stderr.trimEnd().split('\n');
	expect(lines, r.stderr).toHaveLength(1);
	expect(lines[0]).toMatch(/^entra-logs: /);
	expect(r.stderr).not.toMatch(/\n\s+at |Error:/);
	return lines[0]!.slice('entra-logs: '.length);
}

beforeAll(async () => {
	dir = await mkdtemp(join(tmpdir(), 'entra-logs-timeline-'));
	expect(existsSync(CLI), 'run npm run build first').toBe(true);
});
afterAll(() => rm(dir, {recursive: true, force: true}));

describe('usage', () => {
	it.each([
		[['timeline'], 'timeline needs --user'],
		[['timeline', '--user', 'bob'], '--user must be a user principal name'],
		[['timeline', '--user', 'bob@contoso.com', '--app', 'Teams'], 'not --app'],
		[['timeline', '--user', 'bob@contoso.com', '--output', 'csv'], '--output ndjson'],
		[['timeline', '--user', 'bob@contoso.com', '--since', 'soon'], 'soon'],
		[['signins', '--print', 'bash'], '--print must be url, powershell, kql'],
		[['open', 'x.ndjson', '--print', 'url'], '--print needs a report query'],
	])('%j: one line, exit 2, before any sign-in', async (args, message) => {
		const r = await cli(args);
		expect(r.code, r.stderr).toBe(2);
		expect(oneLine(r)).toContain(message);
	});
});

describe('--print: the query as text, without signing in or any network', () => {
	// An address where nothing listens: a sign-in or a request would fail.
	const offline = ['--emulator', 'https://127.0.0.1:9', '--tenant', 'contoso.onmicrosoft.com'];
	it('url, powershell and kql', async () => {
		const url = await cli(['signins', '--user', "o'brien@contoso.com", '--print', 'url', ...offline]);
		expect(url.code, url.stderr).toBe(0);
		expect(url.stdout).toBe(
			"https://127.0.0.1:9/v1.0/auditLogs/signIns?$top=1000&$filter=userPrincipalName%20eq%20'o''brien%40contoso.com'\n",
		);
		const ps = await cli(['audits', '--activity', 'Add $x', '--print', 'powershell']);
		expect(ps.code, ps.stderr).toBe(0);
		expect(ps.stdout).toBe('Get-MgAuditLogDirectoryAudit -Filter "startswith(activityDisplayName,\'Add `$x\')" -All\n');
		const beta = await cli(['signins', '--type', 'managed-identity', '--print', 'powershell']);
		expect(beta.stdout).toBe(
			`Get-MgBetaAuditLogSignIn -Filter "signInEventTypes/any(t: t eq 'managedIdentity')" -All\n`,
		);
		const kql = await cli(['signins', '--user', 'alice@contoso.com', '--print', 'kql']);
		expect(kql.code, kql.stderr).toBe(0);
		expect(kql.stdout).toMatch(/^SigninLogs\n\| where UserPrincipalName =~ "alice@contoso.com"/);
		expect(kql.stdout).toMatch(/\| order by TimeGenerated desc, Id desc\n$/);
	});
});

describe('against the emulator', () => {
	let emu: TestEmulator;
	let caFile: string;
	const clientId = '7c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f';
	const secret = 'timeline-test~secret.value';

	beforeAll(async () => {
		emu = await startTestEmulator();
		caFile = join(dir, 'ca.pem');
		await writeFile(caFile, emu.caCert);
		await emu.control('clients', {clientId, secrets: [secret]});
	});
	afterAll(() => emu.close());

	const run = (args: readonly string[]): Promise<Result> =>
		cli([
			...args,
			...['--emulator', emu.origin, '--ca-file', caFile, '--tenant', emu.tenantId],
			...['--client-id', clientId, '--client-secret', secret],
		]);
	const lines = (r: Result): Array<{report: string; record: Record<string, unknown>}> =>
		r.stdout
			.trim()
			.split('\n')
			.filter(Boolean)
			.map(l => JSON.parse(l) as {report: string; record: Record<string, unknown>});

	/** The records of the tenant that name the user, by report: the oracle. */
	const expected = (id: string): Record<string, Set<string>> => {
		const user = (o: unknown): Record<string, unknown> => (o ?? {}) as Record<string, unknown>;
		return {
			signins: new Set(emu.tenant.signIns.filter(s => s['userId'] === id).map(s => s.id)),
			audits: new Set(
				emu.tenant.directoryAudits
					.filter(
						a =>
							user(user(a['initiatedBy'])['user'])['id'] === id ||
							(a['targetResources'] as Array<{id?: string}>).some(t => t.id === id),
					)
					.map(a => a.id),
			),
			provisioning: new Set(
				emu.tenant.provisioning
					.filter(p => user(p['sourceIdentity'])['id'] === id || user(p['targetIdentity'])['id'] === id)
					.map(p => p.id),
			),
		};
	};

	it('--output ndjson: every record of the user from the three reports, once each, newest first', async () => {
		const alice = emu.tenant.users.find(u => u.userPrincipalName === 'alice@contoso.com')!;
		const r = await run(['timeline', '--user', 'alice@contoso.com', '--since', '3650d', '--output', 'ndjson']);
		expect(r.code, r.stderr).toBe(0);
		const got = lines(r);
		const want = expected(alice.id);
		for (const report of ['signins', 'audits', 'provisioning']) {
			const ids = got.filter(l => l.report === report).map(l => l.record['id'] as string);
			expect(want[report]!.size, report).toBeGreaterThan(0);
			expect(new Set(ids), report).toEqual(want[report]);
			expect(ids.length, `${report}: each once`).toBe(want[report]!.size);
		}
		// Her sign-ins of every event type she has: interactive and non-interactive (beta, named in the filter).
		const types = new Set(
			got.filter(l => l.report === 'signins').flatMap(l => l.record['signInEventTypes'] as string[]),
		);
		expect(types).toEqual(new Set(['interactiveUser', 'nonInteractiveUser']));
		const times = got.map(l =>
			parseInstant(l.record[l.report === 'signins' ? 'createdDateTime' : 'activityDateTime'])!,
		);
		for (let i = 1; i < times.length; i++) expect(compareInstants(times[i - 1]!, times[i]!)).toBeGreaterThanOrEqual(0);
		expect(r.stderr).toMatch(
			/timeline of alice@contoso.com: \d+ records \(sign-ins \d+ · audits by \d+ · audits about \d+ · provisioning \d+\)/,
		);
	});

	it('--since and --until bound every report', async () => {
		const r = await run([
			'timeline',
			'--user',
			'alice@contoso.com',
			'--since',
			'2026-11-10T00:00:00Z',
			'--until',
			'2026-11-15T00:00:00Z',
			'--output',
			'ndjson',
		]);
		expect(r.code, r.stderr).toBe(0);
		const got = lines(r);
		expect(new Set(got.map(l => l.report)).size).toBeGreaterThanOrEqual(2);
		for (const l of got) {
			const t = String(l.record[l.report === 'signins' ? 'createdDateTime' : 'activityDateTime']);
			expect(t >= '2026-11-10T00:00:00' && t <= '2026-11-15T00:00:00', t).toBe(true);
		}
	});

	it('a 403 on sign-ins and provisioning (a Free tenant) does not hide the audits, and says so', async () => {
		const alice = emu.tenant.users.find(u => u.userPrincipalName === 'alice@contoso.com')!;
		await emu.control('license', {license: 'free'});
		try {
			const r = await run(['timeline', '--user', alice.id, '--since', '3650d', '--output', 'ndjson']);
			expect(r.code, r.stderr).toBe(1);
			const got = lines(r);
			expect(new Set(got.map(l => l.report))).toEqual(new Set(['audits']));
			expect(new Set(got.map(l => l.record['id']))).toEqual(expected(alice.id)['audits']);
			expect(r.stderr).toMatch(/could not read sign-ins: .*Authentication_RequestFromNonPremiumTenantOrB2CTenant/);
			expect(r.stderr).toMatch(/could not read provisioning: .*Authentication_RequestFromNonPremiumTenantOrB2CTenant/);
		} finally {
			await emu.control('license', {license: 'p2'});
		}
	});

	it('--print url: the four requests the timeline sends, each one the emulator answers; powershell under comments', async () => {
		const alice = emu.tenant.users.find(u => u.userPrincipalName === 'alice@contoso.com')!;
		const r = await run(['timeline', '--user', alice.id, '--since', '3650d', '--print', 'url']);
		expect(r.code, r.stderr).toBe(0);
		const urls = r.stdout.trim().split('\n');
		expect(urls).toHaveLength(4);
		const token = await emu.token();
		const got = new Set<string>();
		for (const url of urls) {
			expect(url.startsWith(`${emu.origin}/`)).toBe(true);
			const answer = await emu.get(url, token);
			expect(answer.status, url).toBe(200);
			for (const rec of answer.body['value'] as Array<{id: string}>) got.add(rec.id);
		}
		// Together they hold the user's records (the oracle), each page of 1,000 here being the whole of it.
		const want = expected(alice.id);
		for (const ids of Object.values(want)) for (const id of ids) expect(got.has(id)).toBe(true);
		const ps = await run(['timeline', '--user', 'alice@contoso.com', '--print', 'powershell']);
		expect(ps.stdout.split('\n').filter(l => l.startsWith('# '))).toEqual([
			'# sign-ins',
			'# audits by',
			"# audits about the user and provisioning: give --user the user's object id to print them",
		]);
		expect(ps.stdout).toContain("Get-MgBetaAuditLogSignIn -Filter \"userPrincipalName eq 'alice@contoso.com' and ");
	});

	it("each planted attack on one user marks its records on that user's timeline with its kind", async () => {
		const {client} = await signedInClient(emu);
		const origin = {kind: 'graph', client, graphBase: emu.origin} as const;
		const perUser = (emu.tenant.planted ?? []).filter(p => p.kind !== 'password-spray');
		expect(perUser.map(p => p.kind).sort()).toEqual(
			['brute-force', 'device-code', 'impossible-travel', 'legacy-auth', 'mfa-fatigue', 'new-country', 'risky'].sort(),
		);
		for (const incident of perUser) {
			const state = await fetchTimeline({upn: incident.subject}, {}, q => openSource(q, origin, {pageSize: 1000}));
			expect(state.problems, incident.kind).toEqual([]);
			const marked = new Set(state.entries.filter(e => e.detections.includes(incident.kind)).map(e => e.record.id));
			for (const id of incident.ids) expect(marked.has(id), `${incident.kind}: ${id}`).toBe(true);
			// Rows of the other reports are never marked.
			expect(state.entries.filter(e => e.report !== 'signins' && e.detections.length > 0)).toEqual([]);
		}
		// The command line's text marks the rows too.
		const brute = perUser.find(p => p.kind === 'brute-force')!;
		const text = await run(['timeline', '--user', brute.subject]);
		expect(text.code, text.stderr).toBe(0);
		const rows = text.stdout.split('\n').filter(l => /\[[^\]]*brute-force[^\]]*\]$/.test(l));
		expect(rows.length).toBeGreaterThanOrEqual(brute.ids.length);
		for (const row of rows) expect(row).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d {2}sign-in {6}/);
	});

	it("a user value reaches Graph quoted: o'brien is sent as o''brien", async () => {
		const r = await run(['timeline', '--user', "o'brien@contoso.com", '--output', 'ndjson']);
		// Nobody of that name: no records and no id to ask the rest with (said), but every request was a valid filter.
		expect(r.code, r.stderr).toBe(1);
		expect(r.stderr).toContain('no sign-in or audit of theirs names their object id');
		// The requests as sent (the emulator logs paths only): each query's URL, asked of the emulator, whose own parser
		// must accept it; the quote is doubled inside the OData string.
		const token = await emu.token();
		const legs = timelineLegs({upn: "o'brien@contoso.com", id: '0b4d1f2e-7a3c-4e59-9c61-3f2a8b7d5e10'}, {});
		expect(legs).toHaveLength(4);
		for (const leg of legs) {
			const url = toGraphUrl(leg.query, {graphBase: emu.origin});
			const answer = await emu.get(url, token);
			expect(answer.status, `${leg.name}: ${JSON.stringify(answer.body)}`).toBe(200);
		}
		const filters = legs.slice(0, 2).map(l => decodeURIComponent(toGraphUrl(l.query, {graphBase: emu.origin})));
		// With an id, the id is what is asked: the UPN path is checked apart.
		const byUpn = timelineLegs({upn: "o'brien@contoso.com"}, {}).map(l =>
			decodeURIComponent(toGraphUrl(l.query, {graphBase: emu.origin})),
		);
		expect(byUpn[0]).toContain("userPrincipalName eq 'o''brien@contoso.com'");
		expect(byUpn[1]).toContain("initiatedBy/user/userPrincipalName eq 'o''brien@contoso.com'");
		for (const f of [...filters, ...byUpn]) expect(answerable(f)).toBe(true);
	});
});

describe('fetchTimeline', () => {
	it('opens every query before any answers (concurrent), and one that fails leaves the others', async () => {
		const subject: TimelineSubject = {id: '0b4d1f2e-7a3c-4e59-9c61-3f2a8b7d5e10', upn: 'x@contoso.com'};
		const legs = timelineLegs(subject, {});
		let started = 0;
		let release: () => void = () => undefined;
		const all = new Promise<void>(r => (release = r));
		const open = (q: {report: string; filters: object}): RecordSource => ({
			origin: q.report,
			async *pages(): AsyncIterable<SourcePage> {
				// Each answers only once all have asked: one at a time would never finish.
				if (++started === legs.length) release();
				await all;
				if (q.report === 'provisioning') throw new Error('HTTP 403 no licence');
				yield {
					records: [
						{
							id: `${q.report}-${JSON.stringify(q.filters)}`,
							activityDateTime: '2026-11-01T00:00:00Z',
							createdDateTime: '2026-11-02T00:00:00Z',
						},
					],
					fetched: 1,
					from: '',
				};
			},
		});
		const state = await fetchTimeline(subject, {}, open);
		expect(started).toBe(4);
		expect(state.entries.map(e => e.report)).toEqual(['signins', 'audits', 'audits']);
		expect(state.problems).toEqual(['provisioning: HTTP 403 no licence']);
		expect(state.done).toBe(true);
	});
});
