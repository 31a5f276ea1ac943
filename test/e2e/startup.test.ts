/**
 * The path to the first frame, in a real pty with the built CLI: `open FILE` shows its first rows while the file is
 * indexed (the status bar says how far, then how many), in the order a full read gives, and loads nothing the frame
 * does not need (conf, Node's HTTP client: recorded by a module hook in the child, not by timing).
 */
import {existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {pathToFileURL} from 'node:url';
import {describe, expect, it} from 'vitest';
import {Terminal, until} from '../helpers/terminal.js';
import {startEmulator} from '../../source/emulator/server.js';
import {generateTenant} from '../../source/emulator/tenant/tenant.js';
import {createNetwork} from '../../source/net/network.js';
import {runCli} from '../sources/run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'entra-logs-startup-'));

/** `count` short sign-ins a line each, newest first, a second apart. */
function newestFirst(name: string, count: number): string {
	const base = Date.parse('2026-11-19T12:00:00Z');
	const lines: string[] = [];
	for (let i = 0; i < count; i++) {
		const time = new Date(base - i * 1000).toISOString().replace('.000Z', '.1234567Z');
		lines.push(`{"id":"r${i}","createdDateTime":"${time}","userPrincipalName":"user${i}@contoso.com"}`);
	}
	const path = join(dir, name);
	writeFileSync(path, `${lines.join('\n')}\n`);
	return path;
}

/**
 * A module hook for the child (NODE_OPTIONS=--import): every specifier it resolves, the built-in modules Node had
 * loaded when the alternate screen was entered (the first frame: `frame builtin X`), and at exit those it loaded,
 * written to `log`.
 */
function loadRecorder(log: string): string {
	const hook = `import {appendFileSync} from 'node:fs';
export async function resolve(specifier, context, next) {
	appendFileSync(${JSON.stringify(log)}, 'import ' + specifier + '\\n');
	return next(specifier, context);
}`;
	const preload = join(dir, 'record-loads.mjs');
	writeFileSync(
		preload,
		`import {register} from 'node:module';
import {appendFileSync} from 'node:fs';
register(${JSON.stringify(`data:text/javascript,${encodeURIComponent(hook)}`)});
const write = process.stdout.write.bind(process.stdout);
process.stdout.write = (data, ...rest) => {
	if (String(data).includes('\\u001b[?1049h'))
		appendFileSync(${JSON.stringify(log)}, process.moduleLoadList.map(m => 'frame builtin ' + m + '\\n').join(''));
	return write(data, ...rest);
};
process.on('exit', () => appendFileSync(${JSON.stringify(log)}, process.moduleLoadList.map(m => 'builtin ' + m).join('\\n')));
`,
	);
	return pathToFileURL(preload).href;
}

/** `open path` in a pty of 120x35 with `env` added: its first rows, then q, and it exits 0. */
async function openToFirstRows(path: string, env: Record<string, string>): Promise<void> {
	const t = new Terminal(['open', path], {ENTRA_LOGS_CONFIG_DIR: join(dir, 'config'), ...env}, dir, 120, 35);
	try {
		await t.waitFor(/^1\/[1-9]\d* loaded/m, 60_000);
		await t.key('q');
		expect(await t.exited(30_000)).toBe(0);
	} finally {
		t.kill();
	}
}

describe('start-up in a pseudo-terminal', () => {
	it('open FILE: the first rows show while the file is indexed ("indexing… N records so far"), then the count; the rows are a full read\'s first', async () => {
		const path = newestFirst('big.ndjson', 400_000);
		const t = new Terminal(['open', path], {ENTRA_LOGS_CONFIG_DIR: join(dir, 'config')}, dir, 120, 35);
		try {
			await t.waitFor(/^1\/[1-9]\d* loaded/m, 60_000);
			await t.waitFor('400,000 records', 120_000);
			// Said while the rows were on screen: the first frames with rows carried it. The first page is a screen of
			// records (50 on a terminal of 35 rows): what the first frame shows.
			expect(t.all).toMatch(/1\/50 loaded[^\n]*indexing… [\d,]+ records so far/);
			// The rows on screen are the first of the file as the CLI reads it whole (newest first).
			const full = await runCli(['open', path, '--output', 'ndjson'], dir);
			const first = full.stdout
				.split('\n', 3)
				.map(l => (JSON.parse(l) as {userPrincipalName: string}).userPrincipalName);
			const screen = t.screen;
			const rows = first.map(upn => screen.split('\n').findIndex(l => l.includes(upn)));
			expect(rows[0]).toBeGreaterThan(0);
			expect(rows).toEqual([rows[0], rows[0]! + 1, rows[0]! + 2]);
			await t.key('q');
			expect(await t.exited()).toBe(0);
		} finally {
			t.kill();
		}
	}, 240_000);

	it("open FILE loads neither conf nor Node's HTTP client (Yoga's fetch probe) on the way to its rows, nor crypto, zlib, fs/promises or v8 before them, and few files of its own", async () => {
		const path = newestFirst('small.ndjson', 2000);
		const log = join(dir, 'loads.log');
		writeFileSync(log, '');
		await openToFirstRows(path, {NODE_OPTIONS: `--import ${loadRecorder(log)}`});
		const loads = readFileSync(log, 'utf8').split('\n');
		// The recorder worked: the TUI's own module and Node's built-ins are in the log.
		expect(loads.some(l => /^import \.\/chunks\/run-\w+\.js$/.test(l))).toBe(true);
		expect(loads.some(l => l.startsWith('builtin NativeModule tty'))).toBe(true);
		expect(loads).not.toContain('import conf');
		// Few files of its own before the rows (the TUI's module loads after them): each costs Node a module to resolve,
		// read and link, and esbuild had split the way into 48 (scripts/build.mjs merges them).
		const beforeTui = loads.slice(
			0,
			loads.findIndex(l => /^import \.\/chunks\/run-\w+\.js$/.test(l)),
		);
		expect(new Set(beforeTui.filter(l => /^import \.{1,2}\//.test(l))).size).toBeLessThanOrEqual(10);
		expect(
			loads.filter(l => /^builtin NativeModule (http|https|_http_client|tls|internal\/deps\/undici\/undici)$/.test(l)),
		).toEqual([]);
		// Nor Node's crypto, zlib, fs/promises or v8 before its first frame (each took a millisecond or more of it; the
		// store's spill and private files load the first two when they first write, the file's reads go through
		// read-handle.ts, the store's V8 flag waits for the first page's frame).
		const frame = loads.filter(l => l.startsWith('frame builtin '));
		expect(frame).toContain('frame builtin NativeModule tty');
		expect(frame.filter(l => /^frame builtin NativeModule (crypto|zlib|fs\/promises|v8)$/.test(l))).toEqual([]);
	}, 120_000);
	it("open FILE draws its first frame before Node's ES module loader starts (it costs as much as the frame's own files: it starts with the TUI)", async () => {
		const path = newestFirst('no-esm.ndjson', 2000);
		const log = join(dir, 'no-esm.log');
		writeFileSync(log, '');
		// A CommonJS preload (an ES one would start the loader itself): Node's built-ins at the first frame, and at exit.
		const preload = join(dir, 'record-frame.cjs');
		writeFileSync(
			preload,
			`const {appendFileSync} = require('node:fs');
const write = process.stdout.write.bind(process.stdout);
let framed = false;
process.stdout.write = (data, ...rest) => {
	if (!framed && String(data).includes('\\u001b[?1049h')) {
		framed = true;
		appendFileSync(${JSON.stringify(log)}, process.moduleLoadList.map(m => 'frame ' + m + '\\n').join(''));
	}
	return write(data, ...rest);
};
process.on('exit', () => appendFileSync(${JSON.stringify(log)}, process.moduleLoadList.map(m => 'exit ' + m + '\\n').join('')));
`,
		);
		await openToFirstRows(path, {NODE_OPTIONS: `--require ${preload}`});
		const loads = readFileSync(log, 'utf8').split('\n');
		// The recorder saw the frame, and the loader loading modules later (the TUI's are ES modules): its jobs and its
		// translators (from source text to a module) are Node's own modules, loaded when it first loads one.
		const loader = /^(frame|exit) NativeModule internal\/modules\/esm\/(module_job|translators)$/;
		expect(loads).toContain('frame NativeModule tty');
		expect(loads.filter(l => loader.test(l)).sort()).toEqual([
			'exit NativeModule internal/modules/esm/module_job',
			'exit NativeModule internal/modules/esm/translators',
		]);
	}, 120_000);
});

describe('the code cache the CLI starts from', () => {
	it("open FILE writes it (0600) once its first frame is out (and sweeps a killed run's temp folder), starts from it next time, and a garbage one changes nothing", async () => {
		const path = newestFirst('cached.ndjson', 500);
		const home = join(dir, 'cache-home');
		const files = (): string[] =>
			readdirSync(join(home, 'entra-logs'))
				.filter(f => /^code-(cli|first-frame)-[0-9a-f]+\.bin$/.test(f))
				.map(f => join(home, 'entra-logs', f));
		// A temp folder a killed run left (its pid is no process's): swept after the first frame now, not before it.
		const tmp = mkdtempSync(join(dir, 'tmp-'));
		const leftover = join(tmp, 'entra-logs-store-999999999-abcdef');
		mkdirSync(leftover);
		const start = (): Promise<void> => openToFirstRows(path, {XDG_CACHE_HOME: home, TMPDIR: tmp});
		await start();
		expect(existsSync(leftover)).toBe(false);
		expect(files()).toHaveLength(2);
		for (const f of files()) expect(statSync(f).mode & 0o777).toBe(0o600);
		expect(statSync(join(home, 'entra-logs')).mode & 0o777).toBe(0o700);
		// Used as it is by the next start (a cache made again is a new file: renamed into place).
		const made = files().map(f => statSync(f).ino);
		await start();
		expect(files().map(f => statSync(f).ino)).toEqual(made);
		// Garbage where the cache was: the start is the same, and the cache is made again.
		for (const f of files()) writeFileSync(f, Buffer.alloc(5000, 7));
		await start();
		for (const f of files()) expect(readFileSync(f).equals(Buffer.alloc(5000, 7))).toBe(false);
		// A good cache damaged on disk (its second half zeroed: a bad sector, a write lost): V8 does not check its data,
		// and every start died in it, --help too (a segfault; a V8 fatal error for a flipped byte; found by an
		// independent check).
		// A start may still die on each such file once (checking the bytes cost 2-8 ms a start); the next one marks it
		// as what a start died on, and starts from the text and makes the cache again.
		for (const f of files()) {
			const bytes = readFileSync(f);
			bytes.fill(0, bytes.length >> 1);
			writeFileSync(f, bytes);
		}
		const flipped = files().map(f => readFileSync(f));
		let died = 0;
		for (;;) {
			const t = new Terminal(['open', path], {ENTRA_LOGS_CONFIG_DIR: join(dir, 'config'), XDG_CACHE_HOME: home}, dir);
			try {
				await until(() => /^1\/[1-9]\d* loaded/m.test(t.screen) || t.exitCode !== undefined, 'rows or an end', 60_000);
				if (t.exitCode === undefined) break;
				died++;
			} finally {
				t.kill();
			}
			expect(died).toBeLessThanOrEqual(flipped.length);
		}
		// A file a start died on is made again; from then on, every start reaches its rows.
		if (died > 0) files().forEach((f, i) => expect(readFileSync(f).equals(flipped[i]!)).toBe(false));
		await start();
		await start();
	}, 240_000);
});

describe("the demo's start", () => {
	it("the demo tenant is made off the thread that signs in: a device code is issued and redeemed before its records are all there; then they are generateTenant's", async () => {
		const now = new Date('2026-11-19T12:00:00Z');
		const emu = await startEmulator({seed: 'startup', now, background: true, autoApproveMs: 0, pollInterval: 0});
		const network = createNetwork({ca: [emu.caCert]});
		try {
			const post = async (path: string, form: Record<string, string>): Promise<Record<string, unknown>> =>
				JSON.parse(
					await (
						await network.fetch(`${emu.authority}/oauth2/v2.0/${path}`, {
							method: 'POST',
							headers: {'content-type': 'application/x-www-form-urlencoded'},
							body: new URLSearchParams(form).toString(),
						})
					).text(),
				) as Record<string, unknown>;
			const client = '14d82eec-204b-4c2f-b7e8-296a70dab67e';
			const code = await post('devicecode', {
				client_id: client,
				scope: 'https://graph.microsoft.com/AuditLog.Read.All',
			});
			let token: Record<string, unknown> = {};
			while (typeof token['access_token'] !== 'string') {
				token = await post('token', {
					client_id: client,
					grant_type: 'urn:ietf:params:oauth:grant-type:device_code',
					device_code: String(code['device_code']),
				});
				if (token['error'] && token['error'] !== 'authorization_pending') throw new Error(String(token['error']));
			}
			// Signed in while the 50,000 sign-ins are still being made (a sign-in takes milliseconds, they take seconds).
			expect(emu.tenant.signIns.length).toBeLessThan(50_000);
			// Records asked for wait for those they read (the newest), and they are the generator's, in its order.
			const res = await network.fetch(`${emu.origin}/v1.0/auditLogs/signIns?$top=3&$select=id`, {
				headers: {authorization: `Bearer ${String(token['access_token'])}`},
			});
			expect(res.status).toBe(200);
			const same = generateTenant({seed: 'startup', now});
			const interactive = same.signIns.filter(r => (r['signInEventTypes'] as string[])[0] === 'interactiveUser');
			expect(((await res.json()) as {value: Array<{id: string}>}).value.map(r => r.id)).toEqual(
				interactive.slice(0, 3).map(r => r.id),
			);
			await emu.ready;
			expect(emu.tenant.signIns.length).toBe(50_000);
			expect(JSON.stringify(emu.tenant.signIns)).toBe(JSON.stringify(same.signIns));
			expect(JSON.stringify(emu.tenant.directoryAudits)).toBe(JSON.stringify(same.directoryAudits));
		} finally {
			network.close();
			await emu.close();
		}
	}, 300_000);
});
