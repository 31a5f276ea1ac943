/**
 * `open FILE` to its first rows, two builds (or more) by turns in a real pty at 120x35, each run just after a bare
 * `node -e 0` start: medians of the time to the rows and of each run's ratio to the bare start before it (a machine
 * whose load changes moves both alike). Each build has a cache folder of its own (its code cache), warmed by one run
 * first, as a user's first start after an install warms it.
 *   npx tsx bench/open-ab.ts [--runs N] FILE OLD/dist/cli.js NEW/dist/cli.js
 * (a file: `npx tsx bench/startup-pty.ts` writes them, or any NDJSON of sign-ins). Prints one JSON line.
 * On Linux also the CPU time of each build's main thread when its rows show (/proc's schedstat), and of a bare node's
 * main thread at its end (a run of its own): figures a loaded machine moves less than wall-clock times.
 */
import {existsSync, mkdtempSync, readFileSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join, resolve} from 'node:path';
import ptyModule from '@lydell/node-pty';

const pty = (ptyModule as unknown as {default?: typeof ptyModule}).default ?? ptyModule;
const args = process.argv.slice(2);
const runsAt = args.indexOf('--runs');
const runs = runsAt >= 0 ? Number(args[runsAt + 1]) : 15;
const [file, ...clis] = args.filter((a, i) => !a.startsWith('--') && i !== runsAt + 1).map(a => resolve(a));
if (!file || clis.length < 1) throw new Error('usage: open-ab.ts [--runs N] FILE OLD/cli.js NEW/cli.js');
const ROWS = /[^0-9]1\/[1-9]\d* loaded/;
const dirs = clis.map(() => mkdtempSync(join(tmpdir(), 'entra-logs-bench-open-ab-')));
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const linux = existsSync('/proc/self/schedstat');
/** Milliseconds a process's main thread has been on a CPU (undefined where /proc does not say). */
const cpuOf = (pid: number): number | undefined => {
	try {
		return Number(readFileSync(`/proc/${pid}/schedstat`, 'utf8').split(' ')[0]) / 1e6;
	} catch {
		return undefined;
	}
};
const cpus = clis.map((): number[] => []);
const bareCpu: number[] = [];

/**
 * Milliseconds from spawning node with `argv` until `until` is in its output (then q, or at its exit); its main
 * thread's CPU then into `cpu`.
 */
function run(argv: string[], dir: string, until?: RegExp, cpu?: number[]): Promise<number> {
	const started = performance.now();
	return new Promise(done => {
		const p = pty.spawn(process.execPath, argv, {
			cols: 120,
			rows: 35,
			env: {...process.env, CI: '', ENTRA_LOGS_CONFIG_DIR: join(dir, 'config'), XDG_CACHE_HOME: join(dir, 'cache')},
		});
		let out = '';
		let at: number | undefined;
		p.onData(d => {
			out += d;
			if (at === undefined && until?.test(out)) {
				at = performance.now() - started;
				const used = cpu && cpuOf(p.pid);
				if (used !== undefined) cpu!.push(used);
				p.write('q');
			}
		});
		p.onExit(() => done(at ?? performance.now() - started));
	});
}

/** Bare node's main-thread CPU, printed by itself as it ends (a run of its own, not the timed reference). */
function bareNodeCpu(): Promise<number> {
	const code =
		"process.stdout.write('@' + require('node:fs').readFileSync('/proc/self/schedstat', 'utf8').split(' ')[0] + '@')";
	return new Promise(done => {
		const p = pty.spawn(process.execPath, ['-e', code], {cols: 120, rows: 35, env: {...process.env, CI: ''}});
		let out = '';
		p.onData(d => (out += d));
		p.onExit(() => done(Number(/@(\d+)@/.exec(out)?.[1] ?? Number.NaN) / 1e6));
	});
}

for (const [i, cli] of clis.entries()) await run([cli, 'open', file], dirs[i]!, ROWS);
const times = clis.map((): number[] => []);
const ratios = clis.map((): number[] => []);
const bare: number[] = [];
for (let r = 0; r < runs; r++)
	for (const [i, cli] of clis.entries()) {
		const b = await run(['-e', '0'], dirs[i]!);
		const t = await run([cli, 'open', file], dirs[i]!, ROWS, cpus[i]);
		if (linux && i === 0) bareCpu.push(await bareNodeCpu());
		bare.push(b);
		times[i]!.push(t);
		ratios[i]!.push(t / b);
	}
for (const d of dirs) rmSync(d, {recursive: true, force: true});
console.log(
	JSON.stringify({
		load: (await import('node:os')).loadavg()[0]!.toFixed(1),
		bare: Math.round(median(bare)),
		...(linux ? {bareCpu: Math.round(median(bareCpu))} : {}),
		builds: clis.map((cli, i) => ({
			cli,
			rows: Math.round(median(times[i]!)),
			ratio: Number(median(ratios[i]!).toFixed(2)),
			...(linux ? {cpu: Math.round(median(cpus[i]!))} : {}),
		})),
	}),
);
