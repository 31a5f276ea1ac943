/**
 * The V8 code cache the built CLI starts from (source/process/script-cache.ts), in a real temp folder as the user's
 * cache: written private after the first run, used by the next (never rewritten then), and a cache that is garbage,
 * of another build or turned off never breaks a start.
 */
import {spawnSync} from 'node:child_process';
import {
	existsSync,
	mkdirSync,
	mkdtempSync,
	readFileSync,
	rmSync,
	statSync,
	symlinkSync,
	utimesSync,
	writeFileSync,
} from 'node:fs';
import {tmpdir} from 'node:os';
import {dirname, join} from 'node:path';
import {fileURLToPath, pathToFileURL} from 'node:url';
import {afterAll, afterEach, describe, expect, it} from 'vitest';
import {runCachedScript, runCachedScriptOnce, saveCodeCaches} from '../../source/process/script-cache.js';

const dir = mkdtempSync(join(tmpdir(), 'entra-logs-script-cache-'));
afterAll(() => rmSync(dir, {recursive: true, force: true}));
const saved = {...process.env};
afterEach(() => {
	for (const k of ['XDG_CACHE_HOME', 'ENTRA_LOGS_CODE_CACHE']) {
		if (saved[k] === undefined) delete process.env[k];
		else process.env[k] = saved[k];
	}
});

let n = 0;
/** A script as the build writes them, with a function run only when called (compiled lazily). */
function script(): {file: URL; url: string} {
	const path = join(dir, `s${n++}.script.js`);
	writeFileSync(
		path,
		`(function (exports, require, module, load, url) {"use strict";
exports.add = (a, b) => a + b;
exports.sum = xs => xs.reduce((a, b) => a + b, 0);
exports.fs = typeof require('node:fs').readFileSync;
exports.dep = require('./dep.js').x;
exports.url = url;
exports.load = load;
})`,
	);
	return {file: pathToFileURL(path), url: pathToFileURL(join(dir, 'module.js')).href};
}

function run(s: {file: URL; url: string}, hash = 'h1'): Record<string, unknown> {
	const exported = runCachedScript({
		name: 'test',
		hash,
		file: s.file,
		modules: {'./dep.js': {x: 'from the module'}},
		load: async specifier => specifier,
		url: s.url,
	});
	// What a start runs before its cache is made: those functions come from the cache next time.
	expect((exported['sum'] as (xs: number[]) => number)([1, 2, 3])).toBe(6);
	return exported;
}

describe('the code cache of a cached script', () => {
	it('is written 0600 in a 0700 folder after the first run, then used as it is (not written again)', async () => {
		const home = join(dir, 'home1');
		process.env['XDG_CACHE_HOME'] = home;
		const s = script();
		const exported = run(s);
		expect((exported['add'] as (a: number, b: number) => number)(2, 3)).toBe(5);
		expect(exported['fs']).toBe('function');
		expect(exported['dep']).toBe('from the module');
		expect(exported['url']).toBe(s.url);
		expect(await (exported['load'] as (s: string) => Promise<unknown>)('./x.js')).toBe('./x.js');
		const cache = join(home, 'entra-logs', 'code-test-h1.bin');
		expect(() => statSync(cache)).toThrow();
		saveCodeCaches();
		expect(statSync(cache).mode & 0o777).toBe(0o600);
		expect(statSync(join(home, 'entra-logs')).mode & 0o777).toBe(0o700);
		const first = statSync(cache);
		// The next start uses it: nothing is pending, so nothing is written (a rename would give a new inode).
		expect((run(s)['add'] as (a: number, b: number) => number)(1, 1)).toBe(2);
		saveCodeCaches();
		expect(statSync(cache).ino).toBe(first.ino);
		expect(readFileSync(cache).toString('utf8', 4, 6)).toBe('h1');
	});

	it('garbage, or a cache of another build: the script runs from its text and the cache is made again', () => {
		const home = join(dir, 'home2');
		process.env['XDG_CACHE_HOME'] = home;
		const s = script();
		const cache = join(home, 'entra-logs', 'code-test-h1.bin');
		mkdirSync(join(home, 'entra-logs'), {recursive: true, mode: 0o755});
		const key = Buffer.from(`h1 ${process.version} ${process.arch}`);
		const head = Buffer.alloc(4);
		head.writeUInt32LE(key.length);
		for (const bad of [
			Buffer.concat([head, key, Buffer.from('not V8 data at all')]),
			Buffer.from([1, 2]),
			Buffer.alloc(4096, 0xff),
		]) {
			writeFileSync(cache, bad);
			run(s);
			saveCodeCaches();
			expect(readFileSync(cache).equals(bad)).toBe(false);
		}
		// Another build's script: a cache of its own beside this one's, which stays (a build in use).
		const other = join(home, 'entra-logs', 'code-test-h2.bin');
		const kept = readFileSync(cache);
		run(s, 'h2');
		saveCodeCaches();
		expect(readFileSync(other).toString('utf8', 4, 6)).toBe('h2');
		const made = statSync(other).ino;
		run(s, 'h2');
		saveCodeCaches();
		expect(statSync(other).ino).toBe(made);
		expect(readFileSync(cache).equals(kept)).toBe(true);
		// A key of another Node in this build's file: not used, made again.
		const key2 = Buffer.from(`h1 v0.0.0 ${process.arch}`);
		head.writeUInt32LE(key2.length);
		writeFileSync(cache, Buffer.concat([head, key2, kept.subarray(4 + key.length)]));
		run(s);
		saveCodeCaches();
		expect(readFileSync(cache).toString('utf8', 4, 4 + key.length)).toBe(key.toString());
		// A folder that was there keeps its mode.
		expect(statSync(join(home, 'entra-logs')).mode & 0o777).toBe(0o755);
	});

	it("made after our code changed a V8 flag (as the TUI does), it is still used by the next start: V8 compares the start's flags", () => {
		const home = join(dir, 'home4');
		const s = script();
		const child = join(dirname(fileURLToPath(import.meta.url)), 'script-cache-child.ts');
		const start = (): string => {
			const r = spawnSync(process.execPath, ['--import', 'tsx', child, fileURLToPath(s.file), 'flag'], {
				env: {...process.env, XDG_CACHE_HOME: home},
				encoding: 'utf8',
				timeout: 60_000,
			});
			expect(r.stderr).toBe('');
			return r.stdout.trim();
		};
		expect(start()).toBe('made');
		expect(start()).toBe('used');
	}, 120_000);

	it('a cache folder that cannot be made or written: the script runs, and making the cache throws nothing', () => {
		// A file where the folder would be (as a folder the user may not write in: the write and its clean-up fail).
		const home = join(dir, 'home5');
		writeFileSync(home, 'not a folder');
		process.env['XDG_CACHE_HOME'] = home;
		expect((run(script())['add'] as (a: number, b: number) => number)(2, 2)).toBe(4);
		expect(() => saveCodeCaches()).not.toThrow();
	});

	it('a FIFO or a device where the cache should be: the script runs at once from its text (a read would wait forever)', () => {
		const home = join(dir, 'home-fifo');
		process.env['XDG_CACHE_HOME'] = home;
		mkdirSync(join(home, 'entra-logs'), {recursive: true});
		const s = script();
		const fifo = join(home, 'entra-logs', 'code-test-h1.bin');
		expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
		expect((run(s)['add'] as (a: number, b: number) => number)(2, 2)).toBe(4);
		rmSync(fifo);
		symlinkSync('/dev/zero', fifo);
		expect((run(s)['add'] as (a: number, b: number) => number)(2, 3)).toBe(5);
		saveCodeCaches();
	});

	it("a temp file a run killed mid-write left beside a good cache is swept by a later run's save", () => {
		const home = join(dir, 'home-temp');
		process.env['XDG_CACHE_HOME'] = home;
		const s = script();
		run(s);
		saveCodeCaches();
		const temp = join(home, 'entra-logs', 'code-test-h1.bin.4242.tmp');
		writeFileSync(temp, 'half a cache');
		const old = new Date(Date.now() - 120_000);
		utimesSync(temp, old, old);
		// The cache is good: nothing is written, and the temp file goes.
		run(s);
		saveCodeCaches();
		expect(existsSync(temp)).toBe(false);
		expect(existsSync(join(home, 'entra-logs', 'code-test-h1.bin'))).toBe(true);
	});

	it("run once per file in a process: a module that runs it after another did (the first frame's, run by cli.js) gets the same exports, and its script does not run again", () => {
		process.env['XDG_CACHE_HOME'] = join(dir, 'home-once');
		const path = join(dir, `s${n++}.script.js`);
		writeFileSync(
			path,
			`(function (exports, require, module, load, url) {"use strict";
globalThis.entraLogsRuns = (globalThis.entraLogsRuns ?? 0) + 1;
exports.from = require('./dep.js').x;
exports.made = {};
})`,
		);
		const options = (from: string): Parameters<typeof runCachedScript>[0] => ({
			name: 'once',
			hash: 'h1',
			file: pathToFileURL(path),
			modules: {'./dep.js': {x: from}},
			load: async specifier => specifier,
			url: pathToFileURL(join(dir, 'module.js')).href,
		});
		const once = (from: string): Record<string, unknown> => runCachedScriptOnce(options(from));
		const g = globalThis as {entraLogsRuns?: number};
		delete g.entraLogsRuns;
		const first = once('cli.js');
		const second = once('its own module');
		expect(g.entraLogsRuns).toBe(1);
		expect(second).toBe(first);
		expect(second['made']).toBe(first['made']);
		expect(second['from']).toBe('cli.js');
		// runCachedScript itself runs it each time (a script of another file is another script).
		expect(runCachedScript(options('again'))['from']).toBe('again');
		expect(g.entraLogsRuns).toBe(2);
		delete g.entraLogsRuns;
		saveCodeCaches();
	});

	it('ENTRA_LOGS_CODE_CACHE=0: no cache read or written', () => {
		const home = join(dir, 'home3');
		process.env['XDG_CACHE_HOME'] = home;
		process.env['ENTRA_LOGS_CODE_CACHE'] = '0';
		run(script());
		saveCodeCaches();
		expect(() => statSync(join(home, 'entra-logs'))).toThrow();
	});
});
