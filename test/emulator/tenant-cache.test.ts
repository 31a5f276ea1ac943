/**
 * The demo tenant's start (tenant/arriving.ts, tenant/tenant-cache.ts): records arrive from a worker thread newest
 * first, a first page is served before they are all there and is the whole tenant's first page, and the day's tenant
 * is kept in a private cache file (0600 in a 0700 folder created for it) that a later run of the day reads instead of
 * generating. A corrupt, cut or foreign file is not trusted past its last good line; the tenant is then made again
 * (the same records) and the file written anew. Over HTTPS, against generateTenant as the oracle.
 */
import {
	chmodSync,
	mkdirSync,
	mkdtempSync,
	readFileSync,
	readdirSync,
	rmSync,
	statSync,
	symlinkSync,
	writeFileSync,
} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {gunzipSync, gzipSync} from 'node:zlib';
import {createHash} from 'node:crypto';
import {afterAll, describe, expect, it} from 'vitest';
import {startEmulator, type Emulator, type EmulatorOptions} from '../../source/emulator/server.js';
import {generateTenant, type GraphRecord, type Tenant} from '../../source/emulator/tenant/tenant.js';
import {createNetwork} from '../../source/net/network.js';
import {CLI} from '../helpers/cli-run.js';
import {spawn} from 'node:child_process';

const root = mkdtempSync(join(tmpdir(), 'entra-logs-tenant-cache-'));
afterAll(() => rmSync(root, {recursive: true, force: true}));

const T1 = new Date('2026-11-20T09:15:00Z');
const interactive = (t: Tenant): GraphRecord[] =>
	t.signIns.filter(r => (r['signInEventTypes'] as string[])[0] === 'interactiveUser');
const json = (list: readonly GraphRecord[]): string => JSON.stringify(list);

/** A background emulator, signed in without its controls (they wait for every record), and a Graph GET. */
async function start(options: EmulatorOptions): Promise<{
	emu: Emulator;
	get(path: string): Promise<{status: number; body: {value: GraphRecord[]}}>;
	close(): Promise<void>;
	token: string;
}> {
	const emu = await startEmulator({background: true, pollInterval: 0, ...options});
	const network = createNetwork({ca: [emu.caCert]});
	const post = async (path: string, form: Record<string, string>): Promise<Record<string, unknown>> =>
		(await (
			await network.fetch(`${emu.authority}/oauth2/v2.0/${path}`, {
				method: 'POST',
				headers: {'content-type': 'application/x-www-form-urlencoded'},
				body: new URLSearchParams(form).toString(),
			})
		).json()) as Record<string, unknown>;
	const client = '14d82eec-204b-4c2f-b7e8-296a70dab67e';
	const code = await post('devicecode', {client_id: client, scope: 'https://graph.microsoft.com/AuditLog.Read.All'});
	emu.identity.approve(String(code['user_code']));
	const token = String(
		(
			await post('token', {
				client_id: client,
				grant_type: 'urn:ietf:params:oauth:grant-type:device_code',
				device_code: String(code['device_code']),
			})
		)['access_token'],
	);
	return {
		emu,
		token,
		get: async path => {
			const res = await network.fetch(`${emu.origin}${path}`, {headers: {authorization: `Bearer ${token}`}});
			return {status: res.status, body: (await res.json()) as {value: GraphRecord[]}};
		},
		close: async () => {
			network.close();
			await emu.close();
		},
	};
}

const cacheFiles = (dir: string): string[] => readdirSync(dir).filter(f => f.startsWith('demo-tenant-'));

describe("the demo tenant's cache", () => {
	const dir = join(root, 'cache', 'entra-logs');
	const whole = generateTenant({seed: 'cache', now: T1});

	it("first run: pages served as records arrive are the whole tenant's; then the day is cached, 0600 in a 0700 folder made for it, with no secret in it", async () => {
		const run = await start({seed: 'cache', now: T1, cacheDir: dir});
		try {
			const first = await run.get('/v1.0/auditLogs/signIns?$top=5');
			expect(first.status).toBe(200);
			expect(first.body.value.map(r => r.id)).toEqual(
				interactive(whole)
					.slice(0, 5)
					.map(r => r.id),
			);
			const audits = await run.get('/v1.0/auditLogs/directoryAudits?$top=3');
			expect(audits.body.value.map(r => r.id)).toEqual(whole.directoryAudits.slice(0, 3).map(r => r.id));
			await run.emu.ready;
			expect(json(run.emu.tenant.signIns)).toBe(json(whole.signIns));
			expect(json(run.emu.tenant.directoryAudits)).toBe(json(whole.directoryAudits));
			expect(json(run.emu.tenant.provisioning)).toBe(json(whole.provisioning));
			expect(await run.emu.saved).toBe(true);
			expect(statSync(join(root, 'cache')).mode & 0o777).toBe(0o700);
			expect(statSync(dir).mode & 0o777).toBe(0o700);
			const files = cacheFiles(dir);
			expect(files).toHaveLength(1);
			expect(readdirSync(dir)).toEqual(files);
			expect(statSync(join(dir, files[0]!)).mode & 0o777).toBe(0o600);
			const text = gunzipSync(readFileSync(join(dir, files[0]!))).toString('utf8');
			expect(text).toContain(whole.signIns[0]!.id);
			// What the run holds that is secret: its certificate's key, the token it issued (and its signature).
			expect(text).not.toContain('PRIVATE KEY');
			expect(text).not.toContain(run.emu.tls.key.split('\n')[1]!);
			expect(text).not.toContain(run.token.split('.')[2]!);
			expect(text).not.toMatch(/eyJ[\w-]{10,}\.eyJ/);
		} finally {
			await run.close();
		}
	}, 600_000);

	it("a later run the same day reads it: its first page comes while the rest still arrives, and it is the tenant of the first run's clock", async () => {
		const file = join(dir, cacheFiles(dir)[0]!);
		const before = statSync(file).mtimeMs;
		// Within ten minutes of the first run: served as made (later runs get it moved on: demo-cache-clock.test.ts).
		const run = await start({seed: 'cache', now: new Date(T1.getTime() + 5 * 60_000), cacheDir: dir});
		try {
			let all = false;
			void run.emu.ready.then(() => (all = true));
			const first = await run.get('/v1.0/auditLogs/signIns?$top=5');
			// Served from the newest records, before the worker had read them all.
			expect(all).toBe(false);
			expect(run.emu.tenant.signIns.length).toBeLessThan(whole.signIns.length);
			expect(first.body.value.map(r => [r.id, r['createdDateTime']])).toEqual(
				interactive(whole)
					.slice(0, 5)
					.map(r => [r.id, r['createdDateTime']]),
			);
			// An older page (the oldest first) waits for the records it reads.
			const oldest = await run.get('/v1.0/auditLogs/directoryAudits?$top=2&$orderby=activityDateTime%20asc');
			expect(oldest.body.value.map(r => r.id)).toEqual(
				whole.directoryAudits
					.slice(-2)
					.reverse()
					.map(r => r.id),
			);
			await run.emu.ready;
			expect(json(run.emu.tenant.signIns)).toBe(json(whole.signIns));
			expect(json(run.emu.tenant.provisioning)).toBe(json(whole.provisioning));
			expect(await run.emu.saved).toBe(false);
			expect(statSync(file).mtimeMs).toBe(before);
		} finally {
			await run.close();
		}
	}, 600_000);
});

describe('a cache not to be trusted', () => {
	// Small on purpose (each run below makes or reads the whole tenant): 3 days of 40 people, so about 2,800 records in
	// three reports, still several slices of the file.
	const small = {seed: 'small', signIns: 1500, days: 3, users: 40, now: T1};
	const truth = generateTenant(small);
	const dir = join(root, 'small');

	/** Runs the emulator on `cacheDir`, checks that it serves the generator's tenant, and says whether it wrote the file. */
	async function served(now = T1, cacheDir = dir): Promise<boolean> {
		const run = await start({...small, now, cacheDir});
		try {
			const oracle = now === T1 ? truth : generateTenant({...small, now});
			const first = await run.get('/beta/auditLogs/signIns?$top=7');
			expect(first.body.value.map(r => r.id)).toEqual(
				interactive(oracle)
					.slice(0, 7)
					.map(r => r.id),
			);
			await run.emu.ready;
			expect(json(run.emu.tenant.signIns)).toBe(json(oracle.signIns));
			expect(json(run.emu.tenant.directoryAudits)).toBe(json(oracle.directoryAudits));
			expect(json(run.emu.tenant.provisioning)).toBe(json(oracle.provisioning));
			return await run.emu.saved;
		} finally {
			await run.close();
		}
	}
	// A cache folder that is a link (to a folder of 0755, say), or a folder open to others: the demo runs without a
	// cache rather than write where 0700 does not hold (found by an independent check); neither folder's mode changes.
	it('a cache folder that is a link, or not private: no cache written, the tenant served all the same', async () => {
		const target = join(root, 'shared-target');
		mkdirSync(target, {mode: 0o755});
		chmodSync(target, 0o755);
		const linked = join(root, 'linked');
		symlinkSync(target, linked);
		const open = join(root, 'open');
		mkdirSync(open, {mode: 0o755});
		chmodSync(open, 0o755);
		for (const cacheDir of [linked, open]) expect(await served(T1, cacheDir)).toBe(false);
		expect(readdirSync(target)).toEqual([]);
		expect(readdirSync(open)).toEqual([]);
		expect(statSync(target).mode & 0o777).toBe(0o755);
		expect(statSync(open).mode & 0o777).toBe(0o755);
	}, 600_000);

	const file = (): string => join(dir, cacheFiles(dir)[0]!);
	const lines = (): string[] => gunzipSync(readFileSync(file())).toString('utf8').split('\n').slice(0, -1);
	const write = (ls: string[]): void => writeFileSync(file(), gzipSync(`${ls.join('\n')}\n`));

	it('written, then read', async () => {
		expect(await served()).toBe(true);
		expect(await served()).toBe(false);
	}, 300_000);

	it('a record changed in the middle of the file: the lines before it are used, the rest made again, the file rewritten', async () => {
		const ls = lines();
		const middle = Math.floor(ls.length / 2);
		ls[middle] = ls[middle]!.replace('"records":[{"id":"', '"records":[{"id":"mallory-');
		expect(ls[middle]).toContain('mallory-');
		write(ls);
		expect(await served()).toBe(true);
		expect(lines().some(l => l.includes('mallory-'))).toBe(false);
		expect(await served()).toBe(false);
	}, 300_000);

	it('cut short, not gzip at all, or empty: made again and rewritten', async () => {
		for (const damage of [
			(b: Buffer) => b.subarray(0, Math.floor(b.length / 3)),
			() => Buffer.from('{"signIns": []}\n'),
			() => Buffer.alloc(0),
		]) {
			writeFileSync(file(), damage(readFileSync(file())));
			expect(await served()).toBe(true);
			expect(await served()).toBe(false);
		}
	}, 600_000);

	it("another generator's, or one whose lines check out but say another seed: ignored and rewritten", async () => {
		const hash = (s: string): string => createHash('sha256').update(s).digest('hex');
		for (const change of [
			(h: Record<string, unknown>) => ({...h, version: 'an older generator'}),
			(h: Record<string, unknown>) => ({...h, key: String(h['key']).replace('"small"', '"other"')}),
		]) {
			const ls = lines();
			const header = change(JSON.parse(ls[0]!.slice(65)) as Record<string, unknown>);
			ls[0] = `${hash(JSON.stringify(header))} ${JSON.stringify(header)}`;
			write(ls);
			expect(await served()).toBe(true);
		}
	}, 300_000);

	it("the next day: that day's tenant, not the cached one", async () => {
		expect(await served(new Date(T1.getTime() + 86_400_000))).toBe(true);
		expect(cacheFiles(dir)).toHaveLength(1);
	}, 300_000);
});

describe('--demo from a script (no terminal)', () => {
	/** The built CLI with a cache folder of its own: its exit code, stdout and stderr. */
	const demo = (cache: string): Promise<{code: number | null; stdout: string; stderr: string}> =>
		new Promise(resolve => {
			const child = spawn(process.execPath, [CLI, 'sign-ins', '--demo', '--max', '3', '--output', 'ndjson'], {
				env: {...process.env, XDG_CACHE_HOME: cache, ENTRA_LOGS_CONFIG_DIR: join(cache, 'config')},
				stdio: ['ignore', 'pipe', 'pipe'],
			});
			let stdout = '';
			let stderr = '';
			child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
			child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
			child.on('exit', code => resolve({code, stdout, stderr}));
		});

	it("approves its own code, prints its records, and saves the day's tenant before it ends; the next run reads the same records from it", async () => {
		// The demo tenant is the UTC day's: a pair of runs across midnight compares two days' tenants, and is run again.
		const day = (): string => new Date().toISOString().slice(0, 10);
		for (let attempt = 0; ; attempt++) {
			const cache = join(root, `script-${attempt}`);
			const started = day();
			const first = await demo(cache);
			expect(first.code, first.stderr).toBe(0);
			expect(first.stderr).toMatch(/enter the code [A-Z0-9]{9}/);
			const records = first.stdout.trim().split('\n');
			expect(records).toHaveLength(3);
			const files = cacheFiles(join(cache, 'entra-logs'));
			expect(files).toHaveLength(1);
			expect(statSync(join(cache, 'entra-logs', files[0]!)).mode & 0o777).toBe(0o600);
			const written = statSync(join(cache, 'entra-logs', files[0]!)).mtimeMs;
			const second = await demo(cache);
			if (day() !== started && attempt === 0) continue;
			expect(second.code, second.stderr).toBe(0);
			expect(second.stdout).toBe(first.stdout);
			expect(statSync(join(cache, 'entra-logs', files[0]!)).mtimeMs).toBe(written);
			break;
		}
	}, 600_000);
});
