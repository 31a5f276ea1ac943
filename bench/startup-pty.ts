/**
 * Start-up against bare `node -e 0` in the same run, in a real pty at 120x35 (bench/run.ts; `--records N` sizes the
 * big file, `--quick` leaves it out): `open` to its first rows at 2,000 and 50,000 records (the same file size
 * apart: a first page should not depend on it), a big file's first rows and `--user U`'s first match against
 * `jq … | head -1` on the same file, and `--demo` to its device code, its report picker and (enter) the first rows
 * of sign-ins, with no demo tenant cached yet and then with the day's cache (`--demo-only`: those rows alone, beside
 * bare node). For `open`, a j typed as soon as the rows show, until it is drawn: the TUI (Ink) answers keys from
 * then on. Prints one JSON line: rows for the table. Medians; each figure with its ratio to bare node's start measured here. `--open-only` leaves
 * out the demo's rows (`npx tsx bench/startup-pty.ts --open-only --records 300000`); ENTRA_LOGS_TEST_CLI runs a build
 * of one's own (ENTRA_LOGS_BUILD_DIR) rather than dist/.
 */
import {spawn} from 'node:child_process';
import {closeSync, existsSync, mkdtempSync, openSync, readdirSync, rmSync, statSync, writeSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import ptyModule from '@lydell/node-pty';
import {generateTenant} from '../source/emulator/tenant/tenant.js';

const pty = (ptyModule as unknown as {default?: typeof ptyModule}).default ?? ptyModule;
const cli = process.env['ENTRA_LOGS_TEST_CLI'] ?? join(process.cwd(), 'dist', 'cli.js');
const dir = mkdtempSync(join(tmpdir(), 'entra-logs-bench-startup-'));
const quick = process.argv.includes('--quick');
const openOnly = process.argv.includes('--open-only');
const demoOnly = process.argv.includes('--demo-only');
const recordsArg = process.argv.indexOf('--records');
const big = recordsArg > 0 ? Number(process.argv[recordsArg + 1]) : 1_000_000;
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const rows: Array<[string, string]> = [];

/** Milliseconds from spawning `args` in a pty until each of `marks` is in its output (then `q`, or a kill). */
function inPty(
	args: string[],
	marks: readonly RegExp[],
	answer?: (mark: number) => string | undefined,
): Promise<number[]> {
	const started = performance.now();
	return new Promise(resolve => {
		const p = pty.spawn(process.execPath, args, {
			cols: 120,
			rows: 35,
			env: {
				...process.env,
				CI: '',
				ENTRA_LOGS_CONFIG_DIR: join(dir, 'config'),
				XDG_CACHE_HOME: join(dir, 'cache'),
			} as Record<string, string>,
		});
		const at: number[] = [];
		let out = '';
		const timer = setTimeout(() => p.kill(), 600_000);
		p.onData(d => {
			out += d;
			while (at.length < marks.length && marks[at.length]!.test(out)) {
				at.push(performance.now() - started);
				const key = answer?.(at.length - 1);
				if (key) p.write(key);
				if (at.length === marks.length) p.write('q');
			}
		});
		p.onExit(() => {
			clearTimeout(timer);
			resolve(at);
		});
	});
}

/** Bare node's start in the same pty, to its output. */
const bareRun = (): Promise<number[]> => inPty(['-e', 'process.stdout.write("up\\n")'], [/up/]);

/**
 * `run` and bare node by turns, `n` times each: the medians of `run`'s marks, and of each first mark's ratio to the
 * bare start just before it (a machine whose load changes during the run moves both alike).
 */
async function pairedWithBare(n: number, run: () => Promise<number[]>): Promise<{marks: number[]; ratio: number}> {
	const runs: number[][] = [];
	const ratios: number[] = [];
	for (let i = 0; i < n; i++) {
		const [b] = await bareRun();
		const r = await run();
		runs.push(r);
		ratios.push((r[0] ?? Infinity) / b!);
	}
	return {marks: runs[0]!.map((_, k) => median(runs.map(r => r[k] ?? Infinity))), ratio: median(ratios)};
}

async function medianOf(n: number, run: () => Promise<number[]>): Promise<number[]> {
	const runs: number[][] = [];
	for (let i = 0; i < n; i++) runs.push(await run());
	return runs[0]!.map((_, k) => median(runs.map(r => r[k] ?? Infinity)));
}

const FIRST_ROWS = /[^0-9]1\/[1-9]\d* loaded/;
const SECOND_ROW = /[^0-9]2\/[1-9]\d* loaded/;
const ms = (x: number): string => `${Math.round(x).toLocaleString('en-US')} ms`;

// Bare node in the same pty, to exit: the reference every start-up figure is divided by.
const [bare] = await medianOf(7, bareRun);
const vsNode = (x: number): string => `${ms(x)} (${(x / bare!).toFixed(1)}x bare node)`;
rows.push(['start-up reference: bare `node -e` in a pty (median of 7)', ms(bare!)]);
const [version] = await medianOf(7, () => inPty([cli, '--version'], [/\d+\.\d+\.\d+|unknown/]));
rows.push(['start-up: entra-logs --version in a pty (median of 7)', vsNode(version!)]);

// Files: the demo generator's sign-ins, newest first; the bigger ones are copies of the 50,000, a day older each.
const lines = demoOnly
	? []
	: generateTenant({seed: 'bench-start', signIns: 50_000, hostileRecords: 0}).signIns.map(r => JSON.stringify(r));
function write(name: string, count: number): string {
	const path = join(dir, name);
	const fd = openSync(path, 'w');
	const DAY = 86_400_000;
	for (let copy = 0; copy * lines.length < count; copy++) {
		const n = Math.min(lines.length, count - copy * lines.length);
		let chunk = '';
		for (let i = 0; i < n; i++) {
			const line = lines[i]!;
			chunk += `${
				copy === 0
					? line
					: line.replace(/"createdDateTime":"([^"]+)"/, (_, t: string) => {
							const shifted = new Date(Date.parse(t) - copy * 31 * DAY).toISOString();
							return `"createdDateTime":"${shifted.slice(0, 19)}${t.slice(19)}"`;
						})
			}\n`;
			if (chunk.length > 1 << 24) {
				writeSync(fd, chunk);
				chunk = '';
			}
		}
		writeSync(fd, chunk);
	}
	closeSync(fd);
	return path;
}
const sizes: Array<[number, number]> = demoOnly
	? []
	: [[2000, 7], [50_000, 5], ...(quick ? [] : ([[big, 3]] as Array<[number, number]>))];
for (const [count, repeats] of sizes) {
	const path = write(`open-${count}.ndjson`, count);
	const mb = (statSync(path).size / 1e6).toFixed(0);
	// The first start after an install (or a new Node) compiles our code and writes its V8 code cache after its first
	// frame (source/process/script-cache.ts); the starts measured are those after it, as every start is then.
	if (count === sizes[0]![0]) await inPty([cli, 'open', path], [FIRST_ROWS]);
	// Then j, typed as soon as the rows show: its move on screen says the TUI (Ink) answers keys. Each run follows a
	// bare node start: the ratio is of each pair's.
	const {marks, ratio} = await pairedWithBare(repeats, () =>
		inPty([cli, 'open', path], [FIRST_ROWS, SECOND_ROW], mark => (mark === 0 ? 'j' : undefined)),
	);
	const [first, key] = marks;
	rows.push([
		`open ${count.toLocaleString('en-US')} records (${mb} MB) → first rows; j typed then is drawn (median of ${repeats}, each after a bare node start)`,
		`${ms(first!)} (${ratio.toFixed(2)}x bare node); ${ms(key!)}`,
	]);
	if (count === sizes.at(-1)![0]) {
		// A user whose first sign-in is a tenth of the way in or later (else the latest first sign-in of any user):
		// entra-logs' first match against jq's on the same file, both reading past the others' records to it (jq
		// unbuffered: into a pipe it holds its output in a buffer, and its first match then shows when it ends).
		const firstAt = new Map<string, number>();
		lines.forEach((line, i) => {
			const upn = (JSON.parse(line) as {userPrincipalName?: unknown}).userPrincipalName;
			if (typeof upn === 'string' && !firstAt.has(upn)) firstAt.set(upn, i);
		});
		const byFirst = [...firstAt].sort((a, b) => a[1] - b[1]);
		const [upn, at] = byFirst.find(([, i]) => i >= lines.length / 10) ?? byFirst.at(-1)!;
		const [match] = await medianOf(repeats, () => inPty([cli, 'open', path, '--user', upn], [FIRST_ROWS]));
		const jq = await medianOf(repeats, () =>
			firstLine('sh', ['-c', `jq --unbuffered -c 'select(.userPrincipalName == "${upn}")' '${path}' | head -1`]),
		);
		rows.push([
			`open ${count.toLocaleString('en-US')} records --user U (first sign-in at record ${(at + 1).toLocaleString('en-US')}) → first match, vs jq … | head -1 (median of ${repeats})`,
			`${ms(match!)} vs ${ms(jq[0]!)} (${(match! / jq[0]!).toFixed(2)}x jq)`,
		]);
	}
	rmSync(path, {force: true});
}

/** Milliseconds until a command's first line of output. */
function firstLine(cmd: string, args: string[]): Promise<number[]> {
	const started = performance.now();
	return new Promise(resolve => {
		const child = spawn(cmd, args, {stdio: ['ignore', 'pipe', 'ignore']});
		let at: number | undefined;
		child.stdout.on('data', (d: Buffer) => {
			if (at === undefined && d.includes(10)) at = performance.now() - started;
		});
		child.on('exit', () => resolve([at ?? Infinity]));
	});
}

// The demo: its device code on screen, its report picker, then (enter on sign-ins) its first rows. The first run
// finds no demo tenant cached (it generates the day's, and its worker caches it after the last record); the others
// read that cache.
if (!openOnly) {
	const demo = (): Promise<number[]> =>
		inPty([cli, '--demo'], [/enter the code/, /Pick a report/, FIRST_ROWS], mark => (mark === 1 ? '\r' : undefined));
	const row = (xs: number[]): string =>
		`${vsNode(xs[0]!)}, ${ms(xs[1]!)} (${(xs[1]! / bare!).toFixed(1)}x), ${ms(xs[2]!)}`;
	rows.push(['--demo → device code, report picker, first rows; no cache yet (one run)', row(await demo())]);
	// The cold run's worker writes the cache after its last record, in the background (a quit before ends it): a
	// run that waits for it, then quits.
	const folder = join(dir, 'cache', 'entra-logs');
	const cached = (): boolean => existsSync(folder) && readdirSync(folder).some(f => /^demo-tenant-.*\.gz$/.test(f));
	await new Promise<void>(resolve => {
		const p = pty.spawn(process.execPath, [cli, '--demo'], {
			cols: 120,
			rows: 35,
			env: {...process.env, CI: '', ENTRA_LOGS_CONFIG_DIR: join(dir, 'config'), XDG_CACHE_HOME: join(dir, 'cache')},
		});
		const started = Date.now();
		const poll = setInterval(() => {
			if (cached() || Date.now() - started > 600_000) p.write('q');
		}, 250);
		p.onExit(() => {
			clearInterval(poll);
			resolve();
		});
	});
	rows.push([
		"--demo → device code, report picker, first rows; the day's cache (median of 5)",
		row(await medianOf(5, demo)),
	]);
}

rmSync(dir, {recursive: true, force: true});
process.stdout.write(`${JSON.stringify(rows)}\n`);
