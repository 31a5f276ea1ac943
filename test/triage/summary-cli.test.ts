/**
 * `--summary` on the built CLI against the emulator (HTTPS, real sign-in): the JSON object's fields, checked against
 * the tenant's own records, the text, `open FILE --summary`, and its usage errors (one line, exit 2).
 */
import {spawn} from 'node:child_process';
import {mkdtemp, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import type {GraphRecord} from '../../source/emulator/tenant/tenant.js';
import {startTestEmulator, testTenant, type TestEmulator} from '../helpers/emulator.js';

const CLI = join(process.cwd(), 'dist', 'cli.js');
let emu: TestEmulator;
let dir: string;
let caFile: string;

beforeAll(async () => {
	emu = await startTestEmulator({pollInterval: 0});
	dir = await mkdtemp(join(tmpdir(), 'entra-logs-summary-'));
	caFile = join(dir, 'ca.pem');
	await writeFile(caFile, emu.caCert);
	// Signed in once (device code approved here); the report commands then use the cached token.
	expect((await run(['login'])).code).toBe(0);
}, 120_000);
afterAll(() => emu.close());

function run(args: string[], online = true): Promise<{code: number | null; stdout: string; stderr: string}> {
	return new Promise(resolve => {
		const extra = online ? ['--emulator', emu.origin, '--ca-file', caFile, '--tenant', emu.tenantId] : [];
		const child = spawn(process.execPath, [CLI, ...args, ...extra], {
			env: {...process.env, ENTRA_LOGS_CONFIG_DIR: join(dir, 'config')},
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
		child.stderr.on('data', (d: Buffer) => {
			stderr += d.toString();
			const code = /enter the code (\w+)/.exec(stderr)?.[1];
			if (code && !stderr.includes('#approved')) {
				stderr += '#approved';
				void emu.control('approve', {user_code: code});
			}
		});
		child.on('exit', code => resolve({code, stdout, stderr}));
	});
}

const interactive = (): GraphRecord[] =>
	testTenant().signIns.filter(r => (r['signInEventTypes'] as string[])[0] === 'interactiveUser');

describe('--summary', () => {
	it('--output json: one object with total, outcomes, groups, histogram and the planted detections', async () => {
		// Beta: v1.0 has no authenticationProtocol, so device-code sign-ins show only there.
		const {code, stdout, stderr} = await run(['signins', '--beta', '--summary', '--output', 'json']);
		expect(code, stderr).toBe(0);
		expect(stdout.trim().split('\n')).toHaveLength(1);
		const s = JSON.parse(stdout) as {
			total: number;
			outcomes: Record<string, number>;
			groups: Record<string, Array<{value: string; count: number}>>;
			histogram: {buckets: Array<{count: number}>};
			detections: Array<{kind: string; subject: string; ids: string[]; why: string}>;
		};
		const records = interactive();
		expect(s.total).toBe(records.length);
		expect(Object.keys(s.outcomes)).toEqual(['success', 'interrupted', 'failure', 'unknown']);
		expect(s.outcomes['success']).toBe(
			records.filter(r => (r['status'] as {errorCode: number}).errorCode === 0).length,
		);
		const users = new Map<string, number>();
		for (const r of records) {
			const upn = r['userPrincipalName'] as string;
			users.set(upn, (users.get(upn) ?? 0) + 1);
		}
		expect(new Map(s.groups['user']!.map(e => [e.value, e.count]))).toEqual(users);
		expect(s.histogram.buckets.reduce((n, b) => n + b.count, 0)).toBe(records.length);
		// Every planted attack is an interactive sign-in: all eight are in the (interactive) list.
		const found = s.detections.map(d => `${d.kind} ${d.subject} ${[...d.ids].sort().join(',')}`).sort();
		const planted = testTenant()
			.planted!.map(p => `${p.kind} ${p.subject} ${[...p.ids].sort().join(',')}`)
			.sort();
		expect(found).toEqual(planted);
		for (const d of s.detections) expect(d.why.length).toBeGreaterThan(20);
	}, 120_000);

	it('as text: outcomes, detections with their why, groups and the histogram in block characters', async () => {
		const {code, stdout} = await run(['signins', '--summary']);
		expect(code).toBe(0);
		expect(stdout).toMatch(/^Sign-ins: [\d,]+ records, /);
		expect(stdout).toMatch(/Outcome: success [\d,]+ \([\d.]+%\) · interrupted/);
		// v1.0: every pattern but device code, which needs beta's authenticationProtocol (a note says so).
		expect(stdout).toContain('Detections (7)');
		expect(stdout).toContain('device-code sign-ins cannot be seen');
		for (const kind of ['password-spray', 'brute-force', 'mfa-fatigue', 'impossible-travel', 'risky'])
			expect(stdout).toContain(`  ${kind}`);
		expect(stdout).toContain('Over time (by day)');
		expect(stdout).toMatch(/[▁▂▃▄▅▆▇█]/);
		// Nothing from a record reaches the terminal unsanitized (the tenant carries escape sequences).
		expect(stdout).not.toMatch(/[\u001b\u0007\u009b]/);
	}, 120_000);

	it('open FILE --summary: the same summary offline', async () => {
		const file = join(dir, 'signins.ndjson');
		const records = interactive();
		await writeFile(file, records.map(r => JSON.stringify(r)).join('\n'));
		const {code, stdout, stderr} = await run(['open', file, '--summary', '--output', 'json'], false);
		expect(code, stderr).toBe(0);
		expect((JSON.parse(stdout) as {total: number}).total).toBe(records.length);
	}, 120_000);

	it('usage: another --output, --out, or no report: one line and exit 2', async () => {
		for (const [args, words] of [
			[['signins', '--summary', '--output', 'csv'], '--summary prints text, or one JSON object with --output json'],
			[['signins', '--summary', '--out', join(dir, 'x.json')], '--summary prints to stdout'],
			[['--summary'], '--summary needs a report or a file'],
		] as const) {
			const {code, stdout, stderr} = await run([...args]);
			expect(code, stderr).toBe(2);
			expect(stdout).toBe('');
			expect(stderr.trim().split('\n'), stderr).toHaveLength(1);
			expect(stderr).toContain(words);
		}
	}, 120_000);
});
