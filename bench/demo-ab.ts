/**
 * `--demo`'s start, two builds (or more) by turns in a real pty at 120x35: its device code on screen, its report
 * picker, then (enter on sign-ins) its first rows; medians, and each mark's median ratio of a build's run to the first
 * build's run just before it (a machine whose load changes moves both alike). Each build has a cache folder of its
 * own, warmed first by a run that waits for the day's tenant to be saved; `--no-cache` starts every run without one.
 *   npx tsx bench/demo-ab.ts [--runs N] [--no-cache] OLD/dist/cli.js NEW/dist/cli.js
 * (a build of one's own: ENTRA_LOGS_BUILD_DIR=node_modules/.mine node scripts/build.mjs; inside node_modules so that
 * its imports resolve). Prints one JSON line.
 */
import {existsSync, mkdtempSync, readdirSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join, resolve} from 'node:path';
import ptyModule from '@lydell/node-pty';

const pty = (ptyModule as unknown as {default?: typeof ptyModule}).default ?? ptyModule;
const args = process.argv.slice(2);
const runsAt = args.indexOf('--runs');
const runs = runsAt >= 0 ? Number(args[runsAt + 1]) : 7;
const noCache = args.includes('--no-cache');
const clis = args.filter((a, i) => !a.startsWith('--') && i !== runsAt + 1).map(a => resolve(a));
if (clis.length < 2) throw new Error('usage: demo-ab.ts [--runs N] [--no-cache] OLD/cli.js NEW/cli.js');
const MARKS = [/enter the code/, /Pick a report/, /[^0-9]1\/[1-9]\d* loaded/];
const dirs = clis.map(() => mkdtempSync(join(tmpdir(), 'entra-logs-bench-demo-ab-')));
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

function env(dir: string, cache: string): Record<string, string> {
	return {...process.env, CI: '', ENTRA_LOGS_CONFIG_DIR: join(dir, 'config'), XDG_CACHE_HOME: cache} as Record<
		string,
		string
	>;
}

/** Milliseconds from spawning until each mark is on screen (enter at the picker, q at the end). */
function run(cli: string, dir: string, cache: string): Promise<number[]> {
	const started = performance.now();
	return new Promise(done => {
		const p = pty.spawn(process.execPath, [cli, '--demo'], {cols: 120, rows: 35, env: env(dir, cache)});
		const at: number[] = [];
		let out = '';
		const timer = setTimeout(() => p.kill(), 300_000);
		p.onData(d => {
			out += d;
			while (at.length < MARKS.length && MARKS[at.length]!.test(out)) {
				at.push(performance.now() - started);
				if (at.length === 2) p.write('\r');
				if (at.length === MARKS.length) p.write('q');
			}
		});
		p.onExit(() => {
			clearTimeout(timer);
			done(at);
		});
	});
}

/** A run that waits for the day's tenant to be in the cache folder, then quits. */
function warm(cli: string, dir: string): Promise<void> {
	return new Promise(done => {
		const p = pty.spawn(process.execPath, [cli, '--demo'], {cols: 120, rows: 35, env: env(dir, join(dir, 'cache'))});
		const folder = join(dir, 'cache', 'entra-logs');
		const started = Date.now();
		const poll = setInterval(() => {
			const saved = existsSync(folder) && readdirSync(folder).some(f => /^demo-tenant-.*\.gz$/.test(f));
			if (saved || Date.now() - started > 300_000) p.write('q');
		}, 250);
		p.onExit(() => {
			clearInterval(poll);
			done();
		});
	});
}

if (!noCache) for (let i = 0; i < clis.length; i++) await warm(clis[i]!, dirs[i]!);
const marks: number[][][] = clis.map(() => []);
for (let k = 0; k < runs; k++)
	for (let i = 0; i < clis.length; i++) {
		const cache = noCache ? join(dirs[i]!, `cache-${k}`) : join(dirs[i]!, 'cache');
		marks[i]!.push(await run(clis[i]!, dirs[i]!, cache));
	}
for (const dir of dirs) rmSync(dir, {recursive: true, force: true});
const names = ['device code', 'picker', 'first rows'];
process.stdout.write(
	`${JSON.stringify({
		runs,
		cache: !noCache,
		builds: clis.map((cli, i) => ({
			cli,
			medianMs: Object.fromEntries(names.map((n, m) => [n, Math.round(median(marks[i]!.map(r => r[m] ?? Infinity)))])),
			ratioToFirst: Object.fromEntries(
				names.map((n, m) => [
					n,
					Number(median(marks[i]!.map((r, k) => (r[m] ?? Infinity) / (marks[0]![k]![m] ?? Infinity))).toFixed(2)),
				]),
			),
		})),
	})}\n`,
);
