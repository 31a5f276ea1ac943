/** The built CLI's account commands against the emulator, and the network module through a real CONNECT proxy. */
import {spawn} from 'node:child_process';
import {existsSync, statSync} from 'node:fs';
import {mkdtemp, writeFile} from 'node:fs/promises';
import {createServer, type Server} from 'node:http';
import {connect} from 'node:net';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {startTestEmulator, type TestEmulator} from '../helpers/emulator.js';
import {CLI, runCli, type CliRun} from '../helpers/cli-run.js';
import {createNetwork} from '../../source/net/network.js';

let emu: TestEmulator;
let dir: string;
let caFile: string;

beforeAll(async () => {
	emu = await startTestEmulator({pollInterval: 0});
	dir = await mkdtemp(join(tmpdir(), 'entra-logs-cli-'));
	caFile = join(dir, 'ca.pem');
	await writeFile(caFile, emu.caCert);
});
afterAll(() => emu.close());

function run(
	args: string[],
	tenant = emu.tenantId,
	env: Record<string, string> = {},
	config = join(dir, 'config'),
): Promise<CliRun> {
	return runCli(emu, {args, caFile, config}, tenant, env);
}

describe('account commands', () => {
	it('open: a missing file or a directory says so in one line', async () => {
		const missing = await run(['open', join(dir, 'nope.ndjson')]);
		expect(missing.code).toBe(2);
		expect(missing.stderr.trim()).toBe(`entra-logs: cannot read ${join(dir, 'nope.ndjson')}: no such file`);
		// A folder is read as a diagnostic-settings archive: one that holds none says so.
		const directory = await run(['open', dir]);
		expect(directory.code).toBe(2);
		expect(directory.stderr.trim()).toMatch(
			new RegExp(`^entra-logs: ${dir} holds no sign-in, audit or provisioning logs`),
		);
		expect(directory.stderr.trim().split('\n')).toHaveLength(1);
	});

	it('app-only with a client secret: records out, and neither the secret nor a token in the output or any file but the 0600 cache', async () => {
		const clientId = '7c1d2e3f-4a5b-4c6d-8e9f-0a1b2c3d4e5f';
		const secret = 'Xq8~s3cr3t.Value_that-must~never.show';
		await emu.control('clients', {clientId, secrets: [secret]});
		const config = await mkdtemp(join(tmpdir(), 'entra-logs-app-'));
		const ok = await run(
			['signins', '--output', 'ndjson', '--max', '5'],
			emu.tenantId,
			{AZURE_CLIENT_ID: clientId, AZURE_CLIENT_SECRET: secret},
			config,
		);
		expect(ok.code).toBe(0);
		expect(ok.stdout.trim().split('\n')).toHaveLength(5);
		// No --output, and stdout is a pipe, not a terminal: NDJSON instead of the TUI.
		const piped = await run(
			['signins', '--max', '3'],
			emu.tenantId,
			{AZURE_CLIENT_ID: clientId, AZURE_CLIENT_SECRET: secret},
			config,
		);
		expect(piped.code).toBe(0);
		expect(
			piped.stdout
				.trim()
				.split('\n')
				.map(l => (JSON.parse(l) as {id: string}).id),
		).toHaveLength(3);
		const wrong = await run(
			['signins', '--output', 'ndjson', '--max', '5'],
			emu.tenantId,
			{AZURE_CLIENT_ID: clientId, AZURE_CLIENT_SECRET: `${secret}x`},
			await mkdtemp(join(tmpdir(), 'entra-logs-app-')),
		);
		expect(wrong.code).toBe(1);
		expect(wrong.stderr).toContain('AADSTS7000215');
		for (const out of [ok.stdout, ok.stderr, wrong.stdout, wrong.stderr]) {
			expect(out).not.toContain(secret.slice(0, 12));
			expect(out).not.toMatch(/eyJ[\w-]{10,}\./);
		}
		// What stays on disk: the token cache only, private; the secret nowhere.
		const {readdir, readFile: read, stat} = await import('node:fs/promises');
		for (const name of await readdir(config)) {
			const file = join(config, name);
			expect(await read(file, 'utf8')).not.toContain(secret.slice(0, 12));
			if (/eyJ/.test(await read(file, 'utf8'))) expect((await stat(file)).mode & 0o777).toBe(0o600);
		}
	});

	it('output piped to a reader that stops early (| head): a quiet exit, no stack trace', async () => {
		const file = join(dir, 'many.ndjson');
		await writeFile(file, emu.tenant.signIns.map(r => JSON.stringify(r)).join('\n'));
		const result = await new Promise<{code: number | null; stderr: string; got: number}>(resolve => {
			const child = spawn(process.execPath, [CLI, 'open', file, '--output', 'ndjson'], {
				stdio: ['ignore', 'pipe', 'pipe'],
			});
			let stderr = '';
			let got = 0;
			child.stderr.on('data', (d: Buffer) => {
				stderr += d.toString();
			});
			// As `head -1` does: read a little, then close the pipe.
			child.stdout.once('data', (d: Buffer) => {
				got = d.length;
				child.stdout.destroy();
			});
			child.on('close', code => resolve({code, stderr, got}));
		});
		expect(result.got).toBeGreaterThan(0);
		expect(result.code).toBe(0);
		expect(result.stderr).not.toMatch(/EPIPE|\n\s+at /);
	});

	it("a tenant that does not exist: the identity platform's reason in one line, exit 1", async () => {
		const r = await run(['login'], 'contoso-typo.example');
		expect(r.code).toBe(1);
		expect(r.stderr.trim().split('\n')).toHaveLength(1);
		expect(r.stderr).toContain("AADSTS90002: Tenant 'contoso-typo.example' not found.");
		expect(r.stderr).toContain('see --tenant and --cloud');
	});

	it('whoami before login fails in one line; login, whoami, logout, whoami again', async () => {
		const before = await run(['whoami']);
		expect(before.code).toBe(1);
		expect(before.stderr.trim()).toBe('entra-logs: not signed in: run entra-logs login');

		const login = await run(['login']);
		expect(login.code, login.stderr).toBe(0);
		expect(login.stdout).toContain('Signed in as alice@contoso.com');
		const port = new URL(emu.origin).port;
		const cache = join(dir, 'config', `msal-cache-127.0.0.1-${port}.json`);
		expect(statSync(cache).mode & 0o777).toBe(0o600);
		expect(statSync(join(dir, 'config')).mode & 0o777).toBe(0o700);

		const who = await run(['whoami']);
		expect(who.code).toBe(0);
		expect(who.stdout).toContain('alice@contoso.com');
		expect(who.stdout).not.toMatch(/eyJ/); // no token in output

		const out = await run(['signins', '--user', 'alice@contoso.com', '--max', '3']);
		expect(out.code, out.stderr).toBe(0);
		const lines = out.stdout
			.trim()
			.split('\n')
			.map(l => JSON.parse(l) as {userPrincipalName: string});
		expect(lines).toHaveLength(3);
		for (const l of lines) expect(l.userPrincipalName).toBe('alice@contoso.com');

		const logout = await run(['logout']);
		expect(logout.code).toBe(0);
		expect(logout.stdout).toContain('1 account removed');
		expect(existsSync(cache)).toBe(false);
		expect((await run(['whoami'])).code).toBe(1);
	}, 180_000);
});

describe('network', () => {
	let proxy: Server;
	const tunnels: string[] = [];
	beforeAll(async () => {
		proxy = createServer();
		proxy.on('connect', (req, socket, head) => {
			tunnels.push(req.url ?? '');
			const [host, port] = (req.url ?? '').split(':');
			const upstream = connect(Number(port), host, () => {
				socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
				upstream.write(head);
				upstream.pipe(socket);
				socket.pipe(upstream);
			});
			upstream.on('error', () => socket.destroy());
			socket.on('error', () => upstream.destroy());
		});
		await new Promise<void>(r => proxy.listen(0, '127.0.0.1', r));
	});
	afterAll(() => new Promise<void>(r => proxy.close(() => r())));

	it('HTTPS_PROXY tunnels requests; NO_PROXY bypasses it', async () => {
		const address = proxy.address() as {port: number};
		const via = createNetwork({ca: [emu.caCert], env: {HTTPS_PROXY: `http://127.0.0.1:${address.port}`}});
		const res = await via.fetch(`${emu.origin}/_emu/state`);
		expect(res.status).toBe(200);
		await res.text();
		expect(tunnels).toContain(`127.0.0.1:${new URL(emu.origin).port}`);
		via.close();

		const count = tunnels.length;
		const bypass = createNetwork({
			ca: [emu.caCert],
			env: {HTTPS_PROXY: `http://127.0.0.1:${address.port}`, NO_PROXY: 'localhost,127.0.0.1'},
		});
		expect(bypass.proxyFor(emu.origin)).toBeUndefined();
		const res2 = await bypass.fetch(`${emu.origin}/_emu/state`);
		expect(res2.status).toBe(200);
		await res2.text();
		expect(tunnels.length).toBe(count);
		bypass.close();
	});

	it('a server that does not answer in time: the request fails after the timeout, in one line', async () => {
		const token = await emu.token();
		await emu.control('faults', {latencyMs: 3000});
		const quick = createNetwork({ca: [emu.caCert], timeoutMs: 300});
		try {
			await expect(
				quick.fetch(`${emu.origin}/v1.0/auditLogs/signIns`, {headers: {authorization: `Bearer ${token}`}}),
			).rejects.toThrow(/^timed out after 300 ms$/);
		} finally {
			quick.close();
			await emu.control('faults', {});
		}
	});

	it('an untrusted certificate fails with a network error, not a hang', async () => {
		const plain = createNetwork({env: {}});
		await expect(plain.fetch(`${emu.origin}/_emu/state`)).rejects.toThrow(/certificate/i);
		plain.close();
	});
});
