/**
 * Files on a shared host, checked on a real file system: what holds log data or identities is 0600, folders we create
 * are 0700, and a folder we did not create keeps its mode (an export into a 1777 or 0755 folder, as its owner or as
 * another user), links planted in shared folders are not written through.
 */
import {spawn, spawnSync} from 'node:child_process';
import {
	chmodSync,
	existsSync,
	linkSync,
	lstatSync,
	mkdirSync,
	readFileSync,
	readdirSync,
	rmSync,
	statSync,
	symlinkSync,
	writeFileSync,
} from 'node:fs';
import {randomBytes} from 'node:crypto';
import {dirname, join} from 'node:path';
import {describe, expect, it} from 'vitest';
import type {TokenCacheContext} from '@azure/msal-node';
import {CLI, until} from '../helpers/terminal.js';
import {sandbox, signIns} from './sandbox.js';
import {checkpointPath, runExport} from '../../source/export/export.js';
import {FileSource} from '../../source/sources/file-source.js';
import {emptyQuery, resolveQuery} from '../../source/query/query.js';
import {recentQueries} from '../../source/ui/recent.js';
import {fileCachePlugin} from '../../source/auth/token-cache.js';
import {copyText} from '../../source/terminal/clipboard.js';
import {createPrivateFileSync} from '../../source/fs/private.js';

const mode = (path: string): number => statSync(path).mode & 0o7777;

function exportCli(
	args: string[],
	options: {env?: Record<string, string>; uid?: number; gid?: number} = {},
): ReturnType<typeof spawnSync> {
	return spawnSync(process.execPath, [CLI, ...args], {
		env: {...process.env, ...options.env},
		uid: options.uid,
		gid: options.gid,
		encoding: 'utf8',
	});
}

describe('exports into a folder entra-logs did not create', () => {
	it.each([
		{folderMode: 0o1777, label: '1777'},
		{folderMode: 0o755, label: '0755'},
	])('a folder of mode $label keeps its mode; the export is 0600', ({folderMode}) => {
		const {root} = sandbox();
		const input = signIns(join(root, 'in.ndjson'), 2500);
		const shared = join(root, 'shared');
		mkdirSync(shared);
		chmodSync(shared, folderMode);
		const out = join(shared, 'out.ndjson');
		const r = exportCli(['open', input, '--output', 'ndjson', '--out', out]);
		expect(r.status, String(r.stderr)).toBe(0);
		expect(mode(shared)).toBe(folderMode);
		expect(mode(out)).toBe(0o600);
		expect(readFileSync(out, 'utf8')).toBe(readFileSync(input, 'utf8'));
	});

	it('a link planted where the export goes is not written through: its target stays as it was', () => {
		const {root} = sandbox();
		const input = signIns(join(root, 'in.ndjson'), 10);
		const shared = join(root, 'shared');
		mkdirSync(shared);
		chmodSync(shared, 0o1777);
		const victim = join(root, 'victim.txt');
		writeFileSync(victim, 'victim\n');
		chmodSync(victim, 0o644);
		const out = join(shared, 'evil.ndjson');
		symlinkSync(victim, out);
		for (const extra of [[], ['--resume']]) {
			const r = exportCli(['open', input, '--output', 'ndjson', '--out', out, ...extra]);
			expect(r.status).not.toBe(0);
			expect(String(r.stderr).trim().split('\n')).toHaveLength(1);
			expect(readFileSync(victim, 'utf8')).toBe('victim\n');
			expect(mode(victim)).toBe(0o644);
		}
		expect(String(exportCli(['open', input, '--output', 'ndjson', '--out', out]).stderr)).toContain('symbolic link');
	});

	it('a file that is there is replaced by a new 0600 one: the old file (here still reachable by a hard link) keeps its mode and text', () => {
		const {root} = sandbox();
		const input = signIns(join(root, 'in.ndjson'), 10);
		const out = join(root, 'out.ndjson');
		writeFileSync(out, 'an older file\n');
		chmodSync(out, 0o644);
		const other = join(root, 'other-link.ndjson');
		linkSync(out, other);
		const r = exportCli(['open', input, '--output', 'ndjson', '--out', out]);
		expect(r.status, String(r.stderr)).toBe(0);
		expect(mode(out)).toBe(0o600);
		expect(readFileSync(out, 'utf8')).toBe(readFileSync(input, 'utf8'));
		expect(mode(other)).toBe(0o644);
		expect(readFileSync(other, 'utf8')).toBe('an older file\n');
	});

	it('as a user who does not own the shared folder (1777, like /tmp): the export works and the folder keeps its mode', () => {
		// As root, the export runs as nobody in a folder root owns; as anyone else, in /tmp, which root owns.
		const root = process.getuid!() === 0;
		const {root: dir} = sandbox();
		chmodSync(dir, 0o755);
		const input = signIns(join(dir, 'in.ndjson'), 1500);
		chmodSync(input, 0o644);
		let shared = '/tmp';
		if (root) {
			shared = join(dir, 'shared');
			mkdirSync(shared);
			chmodSync(shared, 0o1777);
		}
		expect(statSync(shared).uid).not.toBe(root ? 65534 : process.getuid!());
		const before = mode(shared);
		const out = join(shared, `entra-logs-safety-${randomBytes(6).toString('hex')}.ndjson`);
		try {
			const r = exportCli(
				['open', input, '--output', 'ndjson', '--out', out],
				root ? {uid: 65534, gid: 65534, env: {HOME: dir, TMPDIR: shared}} : {},
			);
			expect(r.status, String(r.stderr)).toBe(0);
			expect(r.stderr).not.toContain('--resume');
			expect(mode(shared)).toBe(before);
			expect(mode(out)).toBe(0o600);
			expect(readFileSync(out, 'utf8')).toBe(readFileSync(input, 'utf8'));
		} finally {
			rmSync(out, {force: true});
		}
	});

	it('an interrupted export leaves a 0600 checkpoint beside it; a replaced 0644 file becomes 0600; the folder is unchanged', async () => {
		const {root} = sandbox();
		const input = signIns(join(root, 'in.ndjson'), 3000);
		const shared = join(root, 'shared');
		mkdirSync(shared);
		chmodSync(shared, 0o1777);
		const out = join(shared, 'out.ndjson');
		writeFileSync(out, 'an older file\n', {mode: 0o644});
		chmodSync(out, 0o644);
		const query = emptyQuery('signins');
		const source = new FileSource(input, resolveQuery(query), () => undefined);
		const controller = new AbortController();
		await expect(
			runExport({
				source,
				report: 'signins',
				format: 'ndjson',
				out,
				queryKey: 'safety',
				signal: controller.signal,
				onProgress: p => {
					if (p.pages === 1) controller.abort(new Error('interrupted'));
				},
			}),
		).rejects.toThrow();
		expect(mode(checkpointPath(out))).toBe(0o600);
		expect(mode(out)).toBe(0o600);
		expect(mode(shared)).toBe(0o1777);
		// Nothing else was left in the folder (no temp file of the checkpoint's atomic write).
		expect(readdirSync(shared).sort()).toEqual(['out.ndjson', 'out.ndjson.checkpoint.json']);
	});
});

describe('the config folder and what is in it', () => {
	it('recent queries when `open` runs first: the folder conf would make 0755 is 0700, recent.json 0600', async () => {
		const {root} = sandbox();
		const config = join(root, 'home', '.config', 'entra-logs');
		const recent = recentQueries(config);
		await recent.add(emptyQuery('signins'));
		expect(mode(config)).toBe(0o700);
		expect(mode(join(config, 'recent.json'))).toBe(0o600);
		expect(recent.list()).toEqual([emptyQuery('signins')]);
	});

	it('recent queries and the token cache in a folder that is already there: 0600 files, the folder as it was', async () => {
		const {root} = sandbox();
		const shared = join(root, 'shared');
		mkdirSync(shared);
		chmodSync(shared, 0o1777);
		await recentQueries(shared).add(emptyQuery('audits'));
		const cache = join(shared, 'msal-cache.json');
		const context = {
			cacheHasChanged: true,
			tokenCache: {serialize: () => '{"RefreshToken":{}}'},
		} as unknown as TokenCacheContext;
		await fileCachePlugin(cache).afterCacheAccess(context);
		expect(mode(shared)).toBe(0o1777);
		expect(mode(join(shared, 'recent.json'))).toBe(0o600);
		expect(mode(cache)).toBe(0o600);
		expect(readFileSync(cache, 'utf8')).toBe('{"RefreshToken":{}}');
	});
});

describe("the copy fallback file and the emulator's CA file", () => {
	it('a record too big for OSC 52 goes to a file of unpredictable name (mkdtemp, 0700), created 0600', () => {
		const {tmp} = sandbox();
		const saved = process.env['TMPDIR'];
		process.env['TMPDIR'] = tmp;
		try {
			const big = JSON.stringify({id: '2', blob: 'x'.repeat(120_000)});
			const files = [0, 1].map(
				() => /saved to (\S+)$/.exec(copyText(big, () => undefined, {SSH_CONNECTION: '1'}).message)![1]!,
			);
			expect(files[0]).not.toBe(files[1]);
			for (const file of files) {
				expect(dirname(dirname(file))).toBe(tmp);
				expect(dirname(file)).toMatch(/entra-logs-copy-[A-Za-z0-9]{6}$/);
				expect(mode(dirname(file))).toBe(0o700);
				expect(mode(file)).toBe(0o600);
				expect(readFileSync(file, 'utf8')).toBe(big);
			}
		} finally {
			if (saved === undefined) delete process.env['TMPDIR'];
			else process.env['TMPDIR'] = saved;
		}
	});

	it('a private file is created or not at all: never over a file that is there, never through a link', () => {
		const {root} = sandbox();
		const victim = join(root, 'victim');
		writeFileSync(victim, 'keep me');
		const link = join(root, 'link');
		symlinkSync(victim, link);
		expect(() => createPrivateFileSync(victim, 'x')).toThrow(/EEXIST/);
		expect(() => createPrivateFileSync(link, 'x')).toThrow(/EEXIST/);
		symlinkSync(join(root, 'nowhere'), join(root, 'dangling'));
		expect(() => createPrivateFileSync(join(root, 'dangling'), 'x')).toThrow(/EEXIST/);
		expect(existsSync(join(root, 'nowhere'))).toBe(false);
		expect(readFileSync(victim, 'utf8')).toBe('keep me');
	});

	it('the emulator writes its CA file 0600, replacing a link planted at its path rather than writing through it', async () => {
		const {root} = sandbox();
		const victim = join(root, 'victim');
		writeFileSync(victim, 'keep me');
		const caOut = join(root, 'ca.pem');
		symlinkSync(victim, caOut);
		const child = spawn(process.execPath, [CLI, 'emulator', '--sign-ins', '200', '--ca-out', caOut], {
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		let out = '';
		child.stdout.on('data', (d: Buffer) => {
			out += d.toString();
		});
		child.stderr.on('data', (d: Buffer) => {
			out += d.toString();
		});
		try {
			await until(() => out.includes('CA cert'), 'the emulator to start', 60_000);
			expect(lstatSync(caOut).isFile()).toBe(true);
			expect(mode(caOut)).toBe(0o600);
			expect(readFileSync(caOut, 'utf8')).toContain('BEGIN CERTIFICATE');
			expect(readFileSync(victim, 'utf8')).toBe('keep me');
		} finally {
			child.kill('SIGTERM');
		}
	});

	it('by default the CA file is in a private folder of its own (not a fixed name in the shared temp folder), gone when the emulator stops', async () => {
		const {root} = sandbox();
		const shared = join(root, 'shared-tmp');
		mkdirSync(shared);
		chmodSync(shared, 0o1777);
		const child = spawn(process.execPath, [CLI, 'emulator', '--sign-ins', '200'], {
			stdio: ['ignore', 'pipe', 'pipe'],
			env: {...process.env, TMPDIR: shared},
		});
		let out = '';
		child.stdout.on('data', (d: Buffer) => {
			out += d.toString();
		});
		child.stderr.on('data', (d: Buffer) => {
			out += d.toString();
		});
		const exited = new Promise(resolve => child.once('exit', resolve));
		let caFile = '';
		try {
			await until(() => out.includes('CA cert'), 'the emulator to start', 60_000);
			caFile = /CA cert\s+(\S+)/.exec(out)![1]!;
			expect(dirname(dirname(caFile))).toBe(shared);
			expect(mode(dirname(caFile))).toBe(0o700);
			expect(mode(caFile)).toBe(0o600);
			expect(readdirSync(shared).some(f => f.endsWith('.pem'))).toBe(false);
		} finally {
			child.kill('SIGTERM');
		}
		await exited;
		expect(existsSync(dirname(caFile))).toBe(false);
		expect(mode(shared)).toBe(0o1777);
	});
});
