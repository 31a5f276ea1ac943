/**
 * `entra-logs open DIR`: a diagnostic-settings archive as a storage account's download lays it out
 * (shared/log-analytics.md §4), generated in a real temp dir: a month of hourly `PT1H.json` files (720 hours) for
 * every Entra category, each container under a different prefix (`tenantId=…`, `resourceId=/tenants/…`,
 * `resourceId=/SUBSCRIPTIONS/…`), with the documented quirks (Level/level, durationMs as a string, `+00:00` times of 6
 * and 7 digits, no tenantId, a field's type differing between records, the older `{"records": [...]}` form, a line
 * that is not JSON, a record without a time, a last line still being written, a category entra-logs does not read).
 * Counts are checked against an independent reader (archive-oracle.py, in Python), through the built CLI.
 */
import {spawnSync} from 'node:child_process';
import {chmodSync, chownSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {frames, runCli} from './run-cli.js';
import {ENVELOPE_KEY, fromEnvelope} from '../../source/reports/azure-monitor.js';
import {ArchiveSource} from '../../source/sources/archive-source.js';
import {resolveQuery} from '../../source/query/query.js';

const TENANT = '4bbb79f7-5724-4c9e-95f3-de075f6ec090';
const START = Date.UTC(2026, 10, 1);
const HOURS = 720;
const dir = mkdtempSync(join(tmpdir(), 'entra-logs-archive-'));
const root = join(dir, 'download');
const config = join(dir, 'config');

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

/** A time as the envelope writes it (7 digits, Z) and as `properties` does (`+00:00`, 6 or 7 digits). */
function times(ms: number, fraction: number, digits: 6 | 7): {envelope: string; props: string} {
	const base = new Date(ms).toISOString().slice(0, 19);
	const f7 = pad(fraction, 7);
	return {envelope: `${base}.${f7}Z`, props: `${base}.${f7.slice(0, digits)}+00:00`};
}

function hourDir(container: string, prefix: string, k: number): string {
	const d = new Date(START + k * 3_600_000);
	return join(
		root,
		container,
		prefix,
		`y=${d.getUTCFullYear()}`,
		`m=${pad(d.getUTCMonth() + 1)}`,
		`d=${pad(d.getUTCDate())}`,
		`h=${pad(d.getUTCHours())}`,
		'm=00',
	);
}

function write(container: string, prefix: string, k: number, text: string): string {
	const folder = hourDir(container, prefix, k);
	mkdirSync(folder, {recursive: true});
	const path = join(folder, 'PT1H.json');
	writeFileSync(path, text);
	return path;
}

const lines = (records: readonly object[]): string => records.map(r => `${JSON.stringify(r)}\n`).join('');

/** The prefixes between container and `y=`: none is assumed by the reader. */
const PREFIX = {
	signin: `tenantId=${TENANT}`,
	nonInteractive: `resourceId=/tenants/${TENANT}/providers/microsoft.aadiam`,
	servicePrincipal: `resourceId=/SUBSCRIPTIONS/0000/RESOURCEGROUPS/RG/PROVIDERS/MICROSOFT.AADIAM/TENANTS/${TENANT}`,
	managedIdentity: `tenantId=${TENANT}`,
	audit: `tenantId=${TENANT}`,
	provisioning: `resourceId=/TENANTS/${TENANT.toUpperCase()}/PROVIDERS/MICROSOFT.AADIAM`,
};

function signIn(category: string, k: number, i: number, extra: Record<string, unknown> = {}): Record<string, unknown> {
	const t = times(START + k * 3_600_000 + (i + 1) * 7 * 60_000, 1_234_567 + i, i % 2 === 0 ? 7 : 6);
	const failed = (k + i) % 5 === 0;
	return {
		time: t.envelope,
		resourceId: `/tenants/${TENANT}/providers/Microsoft.aadiam`,
		operationName: 'Sign-in activity',
		operationVersion: '1.0',
		category,
		// A missing tenantId on every other record, Level in either case, durationMs as a number or a string.
		...(i % 2 === 0 ? {tenantId: TENANT, Level: 4, durationMs: 0} : {level: '4', durationMs: '12'}),
		resultType: failed ? '50126' : '0',
		resultSignature: 'None',
		callerIpAddress: '1.128.3.4',
		correlationId: `c-${k}-${i}`,
		properties: {
			id: `${category}-${k}-${i}`,
			createdDateTime: t.props,
			userPrincipalName: `user${k % 7}@contoso.com`,
			userDisplayName: `User ${k % 7}`,
			appDisplayName: 'Azure Portal',
			ipAddress: '1.128.3.4',
			// The same field a number in one record, a string in another.
			status: failed
				? {errorCode: i % 2 === 0 ? 50126 : '50126', failureReason: 'Invalid username or password.'}
				: {errorCode: 0},
			...extra,
		},
	};
}

function audit(k: number): Record<string, unknown> {
	const t = times(START + k * 3_600_000 + 17 * 60_000, 4_242_424, k % 4 === 0 ? 6 : 7);
	return {
		time: t.envelope,
		resourceId: `/tenants/${TENANT}/providers/Microsoft.aadiam`,
		operationName: 'Add member to group',
		category: 'AuditLogs',
		...(k % 4 === 0 ? {} : {tenantId: TENANT}),
		level: 'Informational',
		durationMs: '-1',
		properties: {
			id: `audit-${k}`,
			activityDateTime: t.props,
			activityDisplayName: 'Add member to group',
			category: 'GroupManagement',
			loggedByService: 'Core Directory',
			operationType: 'Assign',
			// The audit schema's example writes the result as a number; later records as its name.
			result: k % 4 === 0 ? 0 : 'success',
			initiatedBy: {user: {userPrincipalName: `admin${k % 3}@contoso.com`}},
			targetResources: [{id: `g-${k}`, displayName: 'Finance', type: 'Group'}],
		},
	};
}

function provisioning(k: number): Record<string, unknown> {
	const t = times(START + k * 3_600_000 + 31 * 60_000, 7_777_777, 7);
	return {
		time: t.envelope,
		// No tenantId: it is in the resource id, in capitals here.
		resourceId: `/TENANTS/${TENANT.toUpperCase()}/PROVIDERS/MICROSOFT.AADIAM`,
		operationName: 'Provisioning activity',
		category: 'ProvisioningLogs',
		resultType: k % 24 === 0 ? 'Skipped' : 'Success',
		durationMs: String(1000 + k),
		Level: 4,
		properties: {
			id: `prov-${k}`,
			activityDateTime: t.props,
			jobId: 'job-1',
			cycleId: `cycle-${k}`,
			changeId: `change-${k}`,
			provisioningAction: 'update',
			servicePrincipal: {id: 'sp-1', displayName: 'Workday'},
			sourceIdentity: {id: `u-${k}`, displayName: `User ${k}`},
			targetIdentity: {id: `t-${k}`, displayName: `User ${k}`},
			provisioningSteps: [],
			modifiedProperties: [],
		},
	};
}

/** The newest sign-in file: its last line is still being written (an append blob read mid-hour). */
let newestSignIns = '';

function generate(): void {
	for (let k = 0; k < HOURS; k++) {
		const si = [signIn('SignInLogs', k, 0), signIn('SignInLogs', k, 1)];
		const cut = k === HOURS - 1 ? JSON.stringify(signIn('SignInLogs', k, 2)).slice(0, 90) : '';
		const path = write('insights-logs-signinlogs', PREFIX.signin, k, lines(si) + cut);
		if (cut) newestSignIns = path;
		if (k % 6 === 0) {
			const ni = [0, 1, 2].map(i =>
				signIn('NonInteractiveUserSignInLogs', k, i, {isInteractive: false, signInEventTypes: undefined}),
			);
			// A line that is not JSON and a record with no time at all, in one file.
			const noTime = signIn('NonInteractiveUserSignInLogs', k, 3);
			delete noTime['time'];
			delete (noTime['properties'] as Record<string, unknown>)['createdDateTime'];
			const text = k === 6 ? `${lines(ni.slice(0, 2))}not json at all\n${lines([noTime, ni[2]!])}` : lines(ni);
			write('insights-logs-noninteractiveusersigninlogs', PREFIX.nonInteractive, k, text);
		}
		if (k % 24 === 0) {
			// The older form, pretty-printed.
			const sp = [0, 1].map(i => signIn('ServicePrincipalSignInLogs', k, i, {servicePrincipalId: `sp-${i}`}));
			write(
				'insights-logs-serviceprincipalsigninlogs',
				PREFIX.servicePrincipal,
				k,
				JSON.stringify({records: sp}, null, 2),
			);
		}
		if (k % 48 === 0) {
			write(
				'insights-logs-managedidentitysigninlogs',
				PREFIX.managedIdentity,
				k,
				lines([signIn('ManagedIdentitySignInLogs', k, 0)]),
			);
		}
		if (k % 2 === 0) write('insights-logs-auditlogs', PREFIX.audit, k, lines([audit(k)]));
		if (k % 12 === 0) write('insights-logs-provisioninglogs', PREFIX.provisioning, k, lines([provisioning(k)]));
		if (k % 240 === 0) {
			write(
				'insights-logs-riskyusers',
				PREFIX.signin,
				k,
				lines([{time: new Date(START + k * 3_600_000).toISOString(), category: 'RiskyUsers', properties: {}}]),
			);
		}
	}
}

interface Oracle {
	signins: number;
	audits: number;
	provisioning: number;
	categories: Record<string, number>;
	unknown: number;
	noTime: Record<string, number>;
	notJson: Record<string, number>;
	cut: number;
}

function oracle(since?: string, until?: string): Oracle {
	const r = spawnSync(
		'python3',
		[join('test', 'sources', 'archive-oracle.py'), root, ...(since ? [since, until!] : [])],
		{
			encoding: 'utf8',
			maxBuffer: 1e8,
		},
	);
	if (r.status !== 0) throw new Error(`the oracle failed: ${r.stderr}`);
	return JSON.parse(r.stdout) as Oracle;
}

const records = (ndjson: string): Array<Record<string, unknown>> =>
	ndjson
		.split('\n')
		.filter(Boolean)
		.map(l => JSON.parse(l) as Record<string, unknown>);

/** A Graph time (Z, any digits) as text that sorts as the instant does. */
const sortable = (t: unknown): string => {
	const m = /^(.{19})(?:\.(\d+))?Z$/.exec(String(t));
	if (!m) throw new Error(`not a Graph time: ${String(t)}`);
	return m[1]! + (m[2] ?? '').padEnd(9, '0');
};

beforeAll(() => {
	generate();
	mkdirSync(config, {mode: 0o700});
}, 120_000);

afterAll(() => {
	spawnSync('chmod', ['-R', 'u+rwX', dir]);
	rmSync(dir, {recursive: true, force: true});
});

describe('open DIR: a month of hourly files', () => {
	it('holds 720 hours per container as generated, each under its own prefix', () => {
		const hours = (container: string): number =>
			spawnSync('find', [join(root, container), '-name', 'PT1H.json'], {encoding: 'utf8'})
				.stdout.split('\n')
				.filter(Boolean).length;
		expect(hours('insights-logs-signinlogs')).toBe(HOURS);
		expect(hours('insights-logs-auditlogs')).toBe(HOURS / 2);
		expect(readdirSync(join(root, 'insights-logs-provisioninglogs'))[0]).toBe('resourceId=');
	});

	it('sign-ins: every category, exactly the independent count, newest first, event types from the category', async () => {
		const want = oracle();
		const {code, stdout, stderr} = await runCli(['open', root, '--output', 'ndjson'], config);
		expect(code, stderr).toBe(0);
		const out = records(stdout);
		expect(out.length).toBe(want.signins);
		expect(want.signins).toBe(HOURS * 2 + (HOURS / 6) * 3 + (HOURS / 24) * 2 + HOURS / 48);
		// Newest first across hours, folders and categories; the newest hour first of all.
		const keys = out.map(r => sortable(r['createdDateTime']));
		for (let i = 1; i < keys.length; i++)
			expect(keys[i - 1]! >= keys[i]!, `${keys[i - 1]} before ${keys[i]}`).toBe(true);
		expect(out[0]!['createdDateTime']).toMatch(/^2026-11-30T23:/);
		// signInEventTypes from each record's category, counted against the oracle's categories.
		const byType = (t: string): number =>
			out.filter(r => JSON.stringify(r['signInEventTypes']) === JSON.stringify([t])).length;
		expect(byType('interactiveUser')).toBe(want.categories['signinlogs']);
		expect(byType('nonInteractiveUser')).toBe(want.categories['noninteractiveusersigninlogs']);
		expect(byType('servicePrincipal')).toBe(want.categories['serviceprincipalsigninlogs']);
		expect(byType('managedIdentity')).toBe(want.categories['managedidentitysigninlogs']);
		// --type picks records by the event type their category gave them.
		const ni = await runCli(['open', root, '--type', 'non-interactive', '--output', 'ndjson'], config);
		expect(records(ni.stdout).length, ni.stderr).toBe(want.categories['noninteractiveusersigninlogs']);
		// What was left out is said: the line that is not JSON, the record without a time, the line being written.
		expect(want.notJson['signins']).toBe(1);
		expect(want.noTime['signins']).toBe(1);
		expect(want.cut).toBe(1);
		const note =
			stderr
				.split('\n')
				.filter(l => l.startsWith('entra-logs: note:'))
				.at(-1) ?? '';
		expect(note).toContain('2 records skipped: 1 not a JSON object, 1 without a time');
		expect(note).toContain('is cut short');
		expect(note).toContain(`also holds insights-logs-auditlogs`);
		expect(note).toContain(`entra-logs open ${root} audits`);
		expect(note).toContain('insights-logs-riskyusers');
		// Quirks read: a string durationMs, Level in either case, errorCode as a string, 6-digit offsets.
		const failed = out.filter(r => (r['status'] as {errorCode: unknown}).errorCode !== 0);
		expect(failed.length).toBeGreaterThan(0);
		expect(failed.every(r => (r['status'] as {errorCode: unknown}).errorCode === 50126)).toBe(true);
		expect(out.every(r => /Z$/.test(String(r['createdDateTime'])))).toBe(true);
	});

	it('audits and provisioning: their own reports, exactly the independent count, with the quirks mapped', async () => {
		const want = oracle();
		const audits = await runCli(['open', root, 'audits', '--output', 'ndjson'], config);
		expect(audits.code, audits.stderr).toBe(0);
		const a = records(audits.stdout);
		expect(a.length).toBe(want.audits);
		expect(a.length).toBe(HOURS / 2);
		// `"result": 0` is Graph's first operationResult, success.
		expect(a.every(r => r['result'] === 'success')).toBe(true);
		expect(a[0]!['activityDateTime']).toMatch(/^2026-11-30T22:17:00\.424242/);
		// An export of an archive is Graph's records: it reads back as any export does, the same records.
		const exported = join(dir, 'audits-export.ndjson');
		writeFileSync(exported, audits.stdout);
		const again = await runCli(['open', exported, '--output', 'ndjson'], config);
		expect(again.code, again.stderr).toBe(0);
		expect(records(again.stdout).map(r => r['id'])).toEqual(a.map(r => r['id']));
		const prov = await runCli(['open', root, 'provisioning', '--output', 'ndjson'], config);
		expect(prov.code, prov.stderr).toBe(0);
		const p = records(prov.stdout);
		expect(p.length).toBe(want.provisioning);
		// No tenantId in the envelope: taken from its resourceId; durationMs "1000" a number; resultType the status.
		expect(p.every(r => String(r['tenantId']).toLowerCase() === TENANT)).toBe(true);
		expect(p.every(r => typeof r['durationInMilliseconds'] === 'number')).toBe(true);
		expect(p.filter(r => (r['provisioningStatusInfo'] as {status: string}).status === 'skipped').length).toBe(
			HOURS / 24,
		);
		// The filters apply as on Graph.
		const skipped = await runCli(['open', root, 'provisioning', '--status', 'skipped', '--output', 'ndjson'], config);
		expect(records(skipped.stdout).length, skipped.stderr).toBe(HOURS / 24);
	});

	it('--since/--until read only the folders of those hours: the others are never opened', async () => {
		const since = '2026-11-20T05:00:00Z';
		const until = '2026-11-21T17:59:59Z';
		const want = oracle('2026-11-20T05:00:00.0000000Z', '2026-11-21T17:59:59.9999999Z');
		expect(want.signins).toBeGreaterThan(0);
		// Outside the range: day folders unreadable (mode 000), and the hours of the two days outside it garbage, 000.
		const locked: string[] = [];
		for (const container of readdirSync(root)) {
			const out = spawnSync('find', [join(root, container), '-type', 'd', '-name', 'd=*'], {encoding: 'utf8'});
			for (const day of out.stdout.split('\n').filter(Boolean)) {
				const d = Number(/d=(\d+)$/.exec(day)![1]);
				if (d !== 20 && d !== 21) {
					chmodSync(day, 0);
					locked.push(day);
					continue;
				}
				for (const h of readdirSync(day)) {
					const hour = Date.UTC(2026, 10, d, Number(h.slice(2)));
					// The hour after --until is read too: its file may hold the last records of the range, appended late.
					if (hour >= Date.parse(since) && hour <= Date.parse(until) + 3_600_000) continue;
					const file = join(day, h, 'm=00', 'PT1H.json');
					writeFileSync(file, 'garbage that is not JSON\n');
					chmodSync(file, 0);
					locked.push(file);
				}
			}
		}
		expect(locked.length).toBeGreaterThan(100);
		try {
			// Root reads a file of mode 000: the CLI runs as nobody then, for whom it is unreadable.
			const {code, stdout, stderr} = await runAsUser([
				'open',
				root,
				'--since',
				since,
				'--until',
				until,
				'--output',
				'ndjson',
			]);
			expect(code, stderr).toBe(0);
			const out = records(stdout);
			expect(out.length).toBe(want.signins);
			expect(out.at(-1)!['createdDateTime']).toMatch(/^2026-11-20T05:/);
			expect(out[0]!['createdDateTime']).toMatch(/^2026-11-21T17:/);
			expect(stderr).not.toMatch(/(files?|folders?) not read|skipped|cut short|permission|EACCES/);
		} finally {
			for (const path of locked) chmodSync(path, 0o755);
		}
	});

	it('one PT1H.json file, and an Event Hubs dump ({"records": [...]} a message a line, or an array of them)', async () => {
		const {code, stdout} = await runCli(['open', newestSignIns, '--output', 'ndjson'], config);
		expect(code).toBe(0);
		expect(records(stdout).map(r => r['id'])).toEqual(['SignInLogs-719-1', 'SignInLogs-719-0']);
		const messages = [
			{records: [signIn('SignInLogs', 1, 0), audit(2)]},
			{records: [signIn('NonInteractiveUserSignInLogs', 3, 1), signIn('SignInLogs', 4, 0)]},
		];
		const dump = join(dir, 'eventhub-dump.json');
		writeFileSync(dump, lines(messages));
		const fromLines = await runCli(['open', dump, '--output', 'ndjson'], config);
		expect(records(fromLines.stdout).map(r => r['id'])).toEqual([
			'SignInLogs-4-0',
			'NonInteractiveUserSignInLogs-3-1',
			'SignInLogs-1-0',
		]);
		expect(fromLines.stderr).toContain(`also holds 1 audit record: entra-logs open ${dump} audits`);
		const array = join(dir, 'eventhub-array.json');
		writeFileSync(array, JSON.stringify(messages, null, 2));
		const fromArray = await runCli(['open', array, 'audits', '--output', 'ndjson'], config);
		expect(records(fromArray.stdout).map(r => r['id'])).toEqual(['audit-2']);
		const none = await runCli(['open', array, 'provisioning'], config);
		expect(none.code).toBe(2);
		expect(none.stderr).toContain('holds no provisioning (it holds sign-ins, audits)');
	});
});

describe('paging an archive', () => {
	it('a PT1H.json bigger than what is read whole: indexed by offset (CRLF too), pages read back, bad lines counted', async () => {
		const big = join(dir, 'big', 'insights-logs-signinlogs', 'y=2026', 'm=12', 'd=01', 'h=10', 'm=00');
		mkdirSync(big, {recursive: true});
		const all = Array.from({length: 2500}, (_, i) =>
			signIn('SignInLogs', 744 + (i % 3), i, {userAgent: 'x'.repeat(200 + (i % 50))}),
		);
		const body = all.map(r => JSON.stringify(r));
		body.splice(1234, 0, '{"broken": ');
		writeFileSync(join(big, 'PT1H.json'), `${body.join('\r\n')}\r\n`);
		const {code, stdout, stderr} = await runCli(['open', join(dir, 'big'), '--output', 'ndjson'], config);
		expect(code, stderr).toBe(0);
		const out = records(stdout);
		expect(out.length).toBe(2500);
		expect(new Set(out.map(r => r['id']))).toEqual(new Set(all.map(r => (r['properties'] as {id: string}).id)));
		expect(out.map(r => sortable(r['createdDateTime']))).toEqual(
			out.map(r => sortable(r['createdDateTime'])).sort((x, y) => (x < y ? 1 : x > y ? -1 : 0)),
		);
		expect(stderr).toContain(
			'1 record skipped: 1 not a JSON object (insights-logs-signinlogs/y=2026/m=12/d=01/h=10/m=00/PT1H.json line 1235)',
		);
	});

	it('a page is up to 1,000 records across hours, and its next goes on exactly after it (a resumed export)', async () => {
		const query = resolveQuery({report: 'signins', filters: {}, order: 'newest'});
		const pages = [];
		for await (const page of new ArchiveSource(root, query).pages()) pages.push(page);
		const all = pages.flatMap(p => p.records.map(r => r.id));
		expect(all.length).toBe(oracle().signins);
		expect(new Set(all).size).toBe(all.length);
		// A page holds a screen at least (100 records) unless it is the last: hours of two records are not a page each.
		for (const page of pages.slice(0, -1)) expect(page.records.length).toBeGreaterThanOrEqual(100);
		expect(pages[0]!.records.length).toBeLessThanOrEqual(1000);
		const middle = Math.floor(pages.length / 2);
		const before = pages.slice(0, middle + 1).reduce((n, p) => n + p.records.length, 0);
		const rest = [];
		for await (const page of new ArchiveSource(root, query).pages(undefined, pages[middle]!.next))
			rest.push(...page.records.map(r => r.id));
		expect(rest).toEqual(all.slice(before));
		// A place in an hour that has no files (any more): the next hour starts at its first record.
		const gone = [];
		for await (const page of new ArchiveSource(root, query).pages(undefined, `${Date.UTC(2026, 11, 5, 3)}:5`))
			gone.push(...page.records.map(r => r.id));
		expect(gone).toEqual(all);
	});
});

describe('the envelope to Graph', () => {
	// shared/log-analytics.md §4.3: the first line of elastic/integrations' signinlogs sample, verbatim (shortened
	// properties: the keys that matter here).
	const ELX = `{ "time": "2022-01-24T05:10:08.6816663Z", "resourceId": "/tenants/4bbb79f7-5724-4c9e-95f3-de075f6ec090/providers/Microsoft.aadiam", "operationName": "Sign-in activity", "operationVersion": "1.0", "category": "SignInLogs", "tenantId": "4bbb79f7-5724-4c9e-95f3-de075f6ec090", "resultType": "0", "resultSignature": "None", "durationMs": 0, "callerIpAddress": "1.128.3.4", "correlationId": "7532b99a-06da-4c23-91e5-0f062bc0dcb3", "identity": "elastic testing", "Level": 4, "location": "IN", "properties": {"id":"933f20c0-efdf-477f-9586-e5cc566d2e00","createdDateTime":"2022-01-24T05:10:08.6816663+00:00","userDisplayName":"elastic testing","userPrincipalName":"mpliftrelastic20210901@outlook.com","userId":"2ce85a15-8640-465d-b916-d2eac620a717","appId":"c44b4083-3bb0-49c1-b47d-974e53cbdf3c","appDisplayName":"Azure Portal","ipAddress":"1.128.3.4","status":{"errorCode":0},"clientAppUsed":"Browser","location":{"city":"Nizampet","state":"Telangana","countryOrRegion":"IN"},"isInteractive":true}}`;

	it('properties is the record, its time in Graph form with every digit, the envelope kept beside it', () => {
		const envelope = JSON.parse(ELX) as Record<string, unknown>;
		const r = fromEnvelope(envelope, 'signins', {name: 'SignInLogs', report: 'signins', eventType: 'interactiveUser'})!;
		expect(r.id).toBe('933f20c0-efdf-477f-9586-e5cc566d2e00');
		expect(r['createdDateTime']).toBe('2022-01-24T05:10:08.6816663Z');
		expect(r['signInEventTypes']).toEqual(['interactiveUser']);
		expect(r['status']).toEqual({errorCode: 0});
		const kept = r[ENVELOPE_KEY] as Record<string, unknown>;
		expect(kept['Level']).toBe(4);
		expect(kept['callerIpAddress']).toBe('1.128.3.4');
		expect(kept).not.toHaveProperty('properties');
	});

	it('a key named __proto__ or constructor in a record stays data', () => {
		const r = fromEnvelope(
			JSON.parse(
				'{"time":"2026-01-01T00:00:00Z","category":"AuditLogs","properties":{"__proto__":{"x":1},"Constructor":2}}',
			) as Record<string, unknown>,
			'audits',
		)!;
		expect(Object.getPrototypeOf(r)).toBe(Object.prototype);
		expect(Object.hasOwn(r, '__proto__')).toBe(true);
		expect(r['constructor']).toBe(2);
	});
});

describe('the TUI on an archive', () => {
	it('lists its newest hour first and shows a record with its envelope', async () => {
		const {render} = await import('ink-testing-library');
		const React = await import('react');
		const {App} = await import('../../source/ui/app.js');
		const {wireTui} = await import('../../source/ui/run.js');
		const {queryFromFlags} = await import('../../source/cli/args.js');
		const {emptyQuery} = await import('../../source/query/query.js');
		const {store, props} = wireTui(
			{offline: {file: root}, query: queryFromFlags('signins', {}), configDir: config, emptyQuery},
			{write: () => undefined, env: {}, cwd: dir},
		);
		const app = render(React.createElement(App, {...props, width: 200, height: 30}));
		const {frame, until} = frames(app);
		try {
			const list = await until(f => /loaded/.test(f) && /more available|all loaded/.test(f), 'the list');
			// The newest hour's sign-ins first: 2026-11-30 23:xx, all categories of that hour merged.
			expect(list).toMatch(/2026-11-30 23:/);
			// A page spans hours: the screen is filled from the hours before it too.
			expect(list).toMatch(/2026-11-30 20:/);
			expect(list).toContain('user');
			expect(list).toContain('note:');
			app.stdin.write('\r');
			await until(f => /record 1\//.test(f), 'the detail');
			for (let i = 0; i < 50 && !frame().includes(ENVELOPE_KEY); i++) {
				app.stdin.write('G');
				await new Promise(r => setTimeout(r, 50));
			}
			const detail = await until(f => f.includes(ENVELOPE_KEY), 'the envelope in the detail');
			expect(detail).toMatch(/@azureMonitor\.envelope\.category\s+SignInLogs/);
		} finally {
			app.unmount();
			store.close();
		}
	});
});

describe('hostile envelopes: any JSON where a record is expected', () => {
	it('no record of any shape throws while paging; what has no time is counted', async () => {
		const fc = (await import('fast-check')).default;
		const {hostileJson} = await import('../robust/hostile.js');
		await fc.assert(
			fc.asyncProperty(fc.array(fc.tuple(fc.nat(4), hostileJson), {minLength: 1, maxLength: 4}), async edits => {
				const file = join(dir, `hostile-${Math.random().toString(36).slice(2)}.json`);
				const base = signIn('SignInLogs', 5, 0);
				const text = edits
					.map(([where, json]) => {
						const line = JSON.stringify(base);
						if (where === 0) return line.replace(/"properties":\{.*\}\}$/, `"properties":${json}}`);
						if (where === 1) return line.replace('"time":', `"time":${json},"x":`);
						if (where === 2) return line.replace('"category":"SignInLogs"', `"category":${json}`);
						if (where === 3) return line.replace('"status":', `"status":${json},"y":`);
						return json.includes('\n') ? line : json;
					})
					.join('\n');
				writeFileSync(file, `${JSON.stringify(base)}\n${text}\n`);
				const notes: string[] = [];
				const source = new ArchiveSource(file, resolveQuery({report: 'signins', filters: {}, order: 'newest'}), n =>
					notes.push(n),
				);
				let read = 0;
				for await (const page of source.pages()) read += page.fetched;
				expect(read).toBeGreaterThanOrEqual(1);
				rmSync(file);
			}),
			{numRuns: 60},
		);
	});
});

describe('hostile envelopes through the TUI and the CLI', () => {
	const CATEGORY = {signins: 'SignInLogs', audits: 'AuditLogs', provisioning: 'ProvisioningLogs'} as const;
	const CRASHED =
		/RangeError|TypeError|ReferenceError|SyntaxError|Maximum call stack|Invalid string length|\bat .+\.(?:ts|tsx|js):\d+/;

	it.each(['signins', 'audits', 'provisioning'] as const)(
		'%s: list, every detail to its end, an export; open FILE --output ndjson|csv|json exits 0',
		async report => {
			const fc = (await import('fast-check')).default;
			const {hostileJson, hostileRecord, propertyOptions} = await import('../robust/hostile.js');
			const {KEYS, openLines, waitFor} = await import('../robust/harness.js');
			// A real record of the report as `properties` (some of its values hostile), or the envelope's own fields hostile.
			const envelope = fc.oneof(
				hostileRecord(report).map(
					props =>
						`{"time":"2026-11-30T10:00:00.1234567Z","category":"${CATEGORY[report]}","resultType":"0","properties":${props}}`,
				),
				fc
					.tuple(fc.constantFrom('time', 'category', 'resultType', 'durationMs', 'tenantId', 'resourceId'), hostileJson)
					.map(
						([key, json]) =>
							`{"time":"2026-11-30T09:00:00Z","category":"${CATEGORY[report]}","${key}":${json},"properties":{"id":"x"}}`,
					),
			);
			await fc.assert(
				fc.asyncProperty(fc.array(envelope, {minLength: 1, maxLength: 3}), async hostile => {
					const anchor = `{"time":"2026-11-01T00:00:00Z","category":"${CATEGORY[report]}","properties":{"id":"anchor"}}`;
					// The anchor first: its line makes the file an archive, whatever the hostile ones hold.
					const t = await openLines(report, [anchor, ...hostile]);
					try {
						const list = await waitFor(t.frame, f => /\d+\/\d+ loaded .*(all loaded|error)/.test(f), 'the list');
						const rows = Number(/\d+\/(\d+) loaded/.exec(list)![1]);
						expect(rows).toBeGreaterThanOrEqual(1);
						for (let i = 0; i < rows; i++) {
							await t.press(KEYS.enter, f => f.includes(`record ${i + 1}/${rows}`), `the detail of record ${i + 1}`);
							expect(await t.bottom()).toMatch(/^\}$|raw JSON cut at/m);
							await t.press(KEYS.esc, f => f.includes('loaded ·'), 'the list again');
							if (i < rows - 1) await t.press(KEYS.down, f => f.includes(`${i + 2}/${rows} loaded`), 'the next row');
						}
						await t.press('e', f => f.includes('Export '), 'the export prompt');
						const done = await t.press(KEYS.enter, f => /exported [\d,]+ records|export failed/.test(f), 'the export');
						expect(done).toContain(`exported ${rows} records`);
						expect(t.alive()).toBe(true);
						for (const f of t.app.frames) expect(f).not.toMatch(CRASHED);
						for (const format of ['ndjson', 'csv', 'json']) {
							const r = await runCli(['open', t.file, report, '--output', format], config);
							expect(r.stderr).not.toMatch(CRASHED);
							expect(r.code, r.stderr).toBe(0);
						}
					} finally {
						t.close();
					}
				}),
				propertyOptions(3),
			);
		},
		300_000,
	);
});

/** The built CLI as an unprivileged user when the tests run as root (for whom mode 000 means nothing). */
function runAsUser(args: readonly string[]): Promise<{code: number | null; stdout: string; stderr: string}> {
	const root0 = process.getuid?.() === 0;
	if (!root0) return runCli(args, config);
	const nobody = 65534;
	chmodSync(dir, 0o755);
	const userConfig = join(dir, 'config-nobody');
	mkdirSync(userConfig, {recursive: true, mode: 0o700});
	chownSync(userConfig, nobody, nobody);
	return runCli(args, userConfig, {uid: nobody, gid: nobody});
}

describe('the TUI on an archive of several reports: `:`, pivots and the timeline stay in it', () => {
	const small = join(dir, 'several');
	const DANA = 'd0d0d0d0-1111-4222-8333-444455556666';
	const at = (h: number, m: number): string => `2026-11-20T${pad(h)}:${pad(m)}:00.1234567Z`;
	const put = (category: string, h: number, records: readonly object[]): void => {
		const folder = join(
			small,
			`insights-logs-${category.toLowerCase()}`,
			`tenantId=${TENANT}`,
			'y=2026',
			'm=11',
			'd=20',
			`h=${pad(h)}`,
			'm=00',
		);
		mkdirSync(folder, {recursive: true});
		writeFileSync(join(folder, 'PT1H.json'), lines(records));
	};
	const envelope = (category: string, time: string, properties: object): object => ({
		time,
		category,
		tenantId: TENANT,
		properties,
	});
	const signIn = (id: string, time: string, upn: string, userId: string): object => ({
		id,
		createdDateTime: time,
		userPrincipalName: upn,
		userId,
		userDisplayName: upn.split('@')[0],
		appDisplayName: 'Azure Portal',
		ipAddress: '1.128.3.4',
		status: {errorCode: 0},
	});
	const auditOf = (id: string, time: string, initiator: string, target: object): object => ({
		id,
		activityDateTime: time,
		activityDisplayName: 'Update user',
		category: 'UserManagement',
		loggedByService: 'Core Directory',
		result: 'success',
		initiatedBy: {
			user: {id: initiator, userPrincipalName: initiator === DANA ? 'dana@contoso.com' : 'admin@contoso.com'},
		},
		targetResources: [target],
	});
	const prov = (id: string, time: string, source: [string, string], target: [string, string]): object => ({
		id,
		activityDateTime: time,
		jobId: 'job-1',
		provisioningAction: 'update',
		sourceSystem: {displayName: source[0]},
		sourceIdentity: {id: source[1], displayName: 'Dana'},
		targetSystem: {displayName: target[0]},
		targetIdentity: {id: target[1], displayName: 'Dana'},
		provisioningStatusInfo: {status: 'success'},
	});
	const EVE = 'e0e0e0e0-1111-4222-8333-444455556666';
	const ADMIN = 'a0a0a0a0-1111-4222-8333-444455556666';

	beforeAll(() => {
		// Dana: four sign-ins (one non-interactive), two audits she made, one about her, two provisioning events (Entra
		// the source of one, the target of the other); Eve and the admin around her.
		put('SignInLogs', 11, [
			envelope('SignInLogs', at(11, 50), signIn('s1', at(11, 50), 'dana@contoso.com', DANA)),
			envelope('SignInLogs', at(11, 40), signIn('s2', at(11, 40), 'eve@contoso.com', EVE)),
			envelope('SignInLogs', at(11, 30), signIn('s3', at(11, 30), 'dana@contoso.com', DANA)),
		]);
		put('SignInLogs', 10, [
			envelope('SignInLogs', at(10, 20), signIn('s4', at(10, 20), 'dana@contoso.com', DANA)),
			envelope('SignInLogs', at(10, 10), signIn('s5', at(10, 10), 'eve@contoso.com', EVE)),
		]);
		put('NonInteractiveUserSignInLogs', 10, [
			envelope('NonInteractiveUserSignInLogs', at(10, 5), signIn('n1', at(10, 5), 'dana@contoso.com', DANA)),
		]);
		put('AuditLogs', 11, [
			envelope(
				'AuditLogs',
				at(11, 45),
				auditOf('a1', at(11, 45), DANA, {id: 'g-1', type: 'Group', displayName: 'Finance'}),
			),
			envelope(
				'AuditLogs',
				at(11, 35),
				auditOf('a2', at(11, 35), ADMIN, {id: DANA, type: 'User', userPrincipalName: 'dana@contoso.com'}),
			),
			envelope(
				'AuditLogs',
				at(11, 25),
				auditOf('a3', at(11, 25), DANA, {id: EVE, type: 'User', userPrincipalName: 'eve@contoso.com'}),
			),
			envelope(
				'AuditLogs',
				at(11, 15),
				auditOf('a4', at(11, 15), ADMIN, {id: EVE, type: 'User', userPrincipalName: 'eve@contoso.com'}),
			),
		]);
		put('ProvisioningLogs', 9, [
			envelope(
				'ProvisioningLogs',
				at(9, 50),
				prov('p1', at(9, 50), ['Microsoft Entra ID', DANA], ['ServiceNow', 'sn-1']),
			),
			envelope('ProvisioningLogs', at(9, 40), prov('p2', at(9, 40), ['Workday', 'wd-7'], ['Microsoft Entra ID', DANA])),
			envelope(
				'ProvisioningLogs',
				at(9, 30),
				prov('p3', at(9, 30), ['Microsoft Entra ID', EVE], ['ServiceNow', 'sn-2']),
			),
		]);
		// An archive of sign-ins alone.
		const alone = join(dir, 'alone', 'insights-logs-signinlogs', 'y=2026', 'm=11', 'd=20', 'h=11', 'm=00');
		mkdirSync(alone, {recursive: true});
		writeFileSync(
			join(alone, 'PT1H.json'),
			lines([envelope('SignInLogs', at(11, 50), signIn('s1', at(11, 50), 'dana@contoso.com', DANA))]),
		);
	});

	async function tui(root: string) {
		const {render} = await import('ink-testing-library');
		const React = await import('react');
		const {App} = await import('../../source/ui/app.js');
		const {wireTui} = await import('../../source/ui/run.js');
		const {queryFromFlags} = await import('../../source/cli/args.js');
		const {emptyQuery} = await import('../../source/query/query.js');
		const {offlineReports} = await import('../../source/sources/archive-source.js');
		// As runTui opens it: the reports the archive holds, found first.
		const reports = await offlineReports(root);
		const {store, props} = wireTui(
			{offline: {file: root, reports}, query: queryFromFlags('signins', {}), configDir: config, emptyQuery},
			{write: () => undefined, env: {}, cwd: dir},
		);
		const app = render(React.createElement(App, {...props, width: 160, height: 30}));
		const frame = (): string => (app.lastFrame() ?? '').replace(/\u001b\[[0-9;]*m/g, '');
		const until = async (ok: (f: string) => boolean, what: string): Promise<string> => {
			const started = Date.now();
			while (!ok(frame())) {
				if (Date.now() - started > 30_000) throw new Error(`timed out waiting for ${what}:\n${frame()}`);
				await new Promise(r => setTimeout(r, 20));
			}
			await new Promise(r => setTimeout(r, 20));
			return frame();
		};
		const press = async (key: string, ok: (f: string) => boolean, what: string): Promise<string> => {
			app.stdin.write(key);
			return until(ok, what);
		};
		const close = (): void => {
			app.unmount();
			store.close();
		};
		return {reports, frame, until, press, close};
	}

	it('`:` picks among the reports the tree holds; A and t read them from the tree', async () => {
		const t = await tui(small);
		try {
			expect(t.reports).toEqual(['signins', 'audits', 'provisioning']);
			await t.until(f => f.includes('1/6 loaded') && f.includes('all loaded'), 'the sign-ins');
			const picker = await t.press(':', f => f.includes('Pick a report'), 'the picker');
			expect(picker).toContain('Directory audits');
			expect(picker).toContain('Provisioning');
			for (let i = 0; i < 4; i++) await t.press('\u001B[B', () => true, 'down');
			await t.until(f => f.includes('› Directory audits'), 'the audits pick');
			await t.press('\r', f => f.includes('Directory audits') && f.includes('1/4 loaded'), 'the audits');
			await t.press(':', f => f.includes('› Directory audits'), 'the picker on audits');
			await t.press('\u001B[B', f => f.includes('› Provisioning'), 'the provisioning pick');
			await t.press('\r', f => f.includes('1/3 loaded'), 'the provisioning events');
			await t.press(':', f => f.includes('› Provisioning'), 'the picker on provisioning');
			for (let i = 0; i < 5; i++) await t.press('\u001B[A', () => true, 'up');
			await t.press('\r', f => f.includes('1/6 loaded') && f.includes('User / principal'), 'the sign-ins again');
			// The newest sign-in is Dana's. A: the audits about her, read from the tree's AuditLogs.
			expect(t.frame()).toMatch(/› 2026-11-20 11:50:00 dana@contoso\.com/);
			await t.press(
				'A',
				f => f.includes(`audits about the user: ${DANA}`) && f.includes('1/1 loaded'),
				'the audits about her',
			);
			expect(t.frame()).toContain('admin@contoso.com');
			await t.press('\u001B', f => f.includes('1/6 loaded'), 'back to the sign-ins');
			// t: her timeline from the tree, each report counted as written above.
			const timeline = await t.press('t', f => f.includes('Timeline of') && f.includes('all loaded'), 'the timeline');
			expect(timeline).toContain('sign-ins 4 · audits by 2 · audits about 1 · provisioning 2 · all loaded');
			expect(timeline).not.toContain('could not read');
		} finally {
			t.close();
		}
	});

	it('a tree of one report: `:`, a pivot to another report and t say so', async () => {
		const t = await tui(join(dir, 'alone'));
		try {
			expect(t.reports).toEqual(['signins']);
			await t.until(f => f.includes('1/1 loaded'), 'the sign-in');
			await t.press(':', f => f.includes('a file holds one report'), 'the word on :');
			await t.press('A', f => f.includes('this archive holds no such report'), 'the word on A');
			await t.press('t', f => f.includes('the timeline reads Graph'), 'the word on t');
		} finally {
			t.close();
		}
	});
});
