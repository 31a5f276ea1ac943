/**
 * What an archive's records become, through the built CLI on a real temp dir: the id as written (`null`, a number,
 * none: no made-up id reaches an export), PascalCase keys at any depth in one casing (never a key twice), and a
 * `PT1H.json` link to nothing named in the note as an unreadable file is. The CSV's id column is read back with
 * Python's csv module (an independent reader).
 */
import {spawnSync} from 'node:child_process';
import {mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {runCli} from './run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'entra-logs-archive-records-'));
const config = join(dir, 'config');
mkdirSync(config, {mode: 0o700});
afterAll(() => rmSync(dir, {recursive: true, force: true}));

function hour(root: string, h: number): string {
	const folder = join(root, 'insights-logs-signinlogs', 'tenantId=t', 'y=2026', 'm=11', 'd=01', `h=${h}`, 'm=00');
	mkdirSync(folder, {recursive: true});
	return join(folder, 'PT1H.json');
}

function envelope(minute: number, properties: Record<string, unknown>): string {
	const t = `2026-11-01T10:${String(minute).padStart(2, '0')}:00.0000000`;
	return JSON.stringify({
		time: `${t}Z`,
		category: 'SignInLogs',
		resultType: '50126',
		correlationId: `c-${minute}`,
		properties: {createdDateTime: `${t}+00:00`, userPrincipalName: `u${minute}@contoso.com`, ...properties},
	});
}

const ndjson = (text: string): Array<Record<string, unknown>> =>
	text
		.split('\n')
		.filter(Boolean)
		.map(l => JSON.parse(l) as Record<string, unknown>);

/** The `id` column of a CSV, read by Python's csv module. */
function csvIds(csv: string): string[] {
	const py = spawnSync(
		'python3',
		['-c', 'import csv,sys,json; print(json.dumps([r["id"] for r in csv.DictReader(sys.stdin)]))'],
		{input: csv, encoding: 'utf8'},
	);
	if (py.status !== 0) throw new Error(`python's csv failed: ${py.stderr}`);
	return JSON.parse(py.stdout) as string[];
}

describe('an archive record as it was written', () => {
	const root = join(dir, 'download');
	writeFileSync(
		hour(root, 10),
		[
			envelope(1, {id: null}),
			envelope(2, {}),
			envelope(3, {id: 42}),
			envelope(4, {
				id: 'pascal',
				Status: {ErrorCode: 50126, FailureReason: 'Invalid username or password.'},
				DeviceDetail: {OperatingSystem: 'Windows', browser: 'Edge'},
				AuthenticationDetails: [{AuthenticationMethod: 'Password', Succeeded: false}],
			}),
		]
			.map(l => `${l}\n`)
			.join(''),
	);
	// The next hour's file is a link to nothing (a download that lost its target).
	symlinkSync(join(dir, 'gone', 'PT1H.json'), hour(root, 11));

	it('keeps the id as written: null, a number, none; no made-up id in JSON or CSV', async () => {
		const {code, stdout, stderr} = await runCli(['open', root, '--output', 'ndjson'], config);
		expect(code, stderr).toBe(0);
		const byUser = new Map(ndjson(stdout).map(r => [r['userPrincipalName'], r]));
		expect(byUser.size).toBe(4);
		expect(Object.hasOwn(byUser.get('u1@contoso.com')!, 'id')).toBe(true);
		expect(byUser.get('u1@contoso.com')!['id']).toBeNull();
		expect(Object.hasOwn(byUser.get('u2@contoso.com')!, 'id')).toBe(false);
		expect(byUser.get('u3@contoso.com')!['id']).toBe(42);
		expect(stdout).not.toMatch(/Z#/);
		// The CSV's id column, read by Python's csv module: empty where the record has none.
		const csv = await runCli(['open', root, '--output', 'csv'], config);
		expect(csv.code, csv.stderr).toBe(0);
		expect(csvIds(csv.stdout)).toEqual(['pascal', '42', '', '']);
	});

	it('a file of Graph records: no made-up id in its CSV either', async () => {
		const file = join(dir, 'signins.ndjson');
		writeFileSync(
			file,
			'{"id":null,"createdDateTime":"2026-11-01T10:00:00Z","userPrincipalName":"a@contoso.com","status":{"errorCode":0}}\n',
		);
		const csv = await runCli(['open', file, '--output', 'csv'], config);
		expect(csv.code, csv.stderr).toBe(0);
		expect(csvIds(csv.stdout)).toEqual(['']);
	});

	it('maps PascalCase keys at any depth once: never both ErrorCode and errorCode', async () => {
		const {code, stdout, stderr} = await runCli(['open', root, '--output', 'ndjson'], config);
		expect(code, stderr).toBe(0);
		const r = ndjson(stdout).find(x => x['id'] === 'pascal')!;
		expect(r['status']).toEqual({errorCode: 50126, failureReason: 'Invalid username or password.'});
		expect(r['deviceDetail']).toEqual({operatingSystem: 'Windows', browser: 'Edge'});
		expect(r['authenticationDetails']).toEqual([{authenticationMethod: 'Password', succeeded: false}]);
		expect(Object.keys(r).filter(k => /^[A-Z]/.test(k))).toEqual([]);
		// The filters read the mapped key: the failure is found by its code.
		const failed = await runCli(['open', root, '--error', '50126', '--output', 'ndjson'], config);
		expect(ndjson(failed.stdout).map(x => x['id'])).toContain('pascal');
	});

	it('names a PT1H.json link to nothing in the note, as a file not read', async () => {
		const {code, stderr} = await runCli(['open', root, '--output', 'ndjson'], config);
		expect(code, stderr).toBe(0);
		expect(stderr).toContain(
			'1 file not read: insights-logs-signinlogs/tenantId=t/y=2026/m=11/d=01/h=11/m=00/PT1H.json (a link to nothing)',
		);
	});
});
