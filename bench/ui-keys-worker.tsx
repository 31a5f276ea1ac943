/**
 * Keys in a real terminal: the built CLI opening 100,000 sign-ins in a pty of 120x35, all loaded, then `j` pressed
 * 60 times: the bytes each key sends to the terminal and the time from the key to its frame (the status line with the
 * new position), medians; beside them the bytes of a whole frame (the first screen), the reference; the process's CPU
 * at rest for 3 s before the keys and over the keys; then `s`, the summary of the loaded rows. The built CLI is
 * dist/cli.js, or ENTRA_LOGS_TEST_CLI.
 */
import {mkdtempSync, readFileSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {writeSignIns} from './ui-sign-ins.js';
import {profileFlags, until} from './ui-pty.js';

const ptyModule = await import('@lydell/node-pty');
const pty = (ptyModule as unknown as {default?: typeof ptyModule}).default ?? ptyModule;
const dir = mkdtempSync(join(tmpdir(), 'entra-logs-keys-'));
const file = join(dir, 'all.ndjson');
const total = 100_000;
writeSignIns(file, total);

// `--cpu-prof DIR`: the TUI's CPU profile of the run, written to DIR at exit; `--dump`: one key's bytes on stderr.
const profile = profileFlags(process.argv);
const cli = process.env['ENTRA_LOGS_TEST_CLI'] ?? join(process.cwd(), 'dist', 'cli.js');
const p = pty.spawn(process.execPath, [...profile, cli, 'open', file], {
	cols: 120,
	rows: 35,
	env: {...process.env, CI: '', ENTRA_LOGS_CONFIG_DIR: dir, TERM: 'xterm-256color'} as Record<string, string>,
});
let out = '';
let bytes = 0;
p.onData(d => {
	out += d;
	bytes += Buffer.byteLength(d);
	if (out.length > 1e6) out = out.slice(-1e5);
});
const shows = (text: string): boolean => out.includes(text);
/** The number of rows loaded, as the status line says it last. */
const loadedNow = (): number => Number([...out.matchAll(/\d+\/(\d+) loaded/g)].at(-1)?.[1] ?? 0);
await until(() => loadedNow() > 0, 'the first page');
const firstFrame = bytes;
// Load every page: G goes to the end of what is loaded, which fetches the next page.
for (let loaded = loadedNow(); loaded < total;) {
	const before = loaded;
	out = '';
	p.write('G');
	await until(() => (loaded = loadedNow()) > before, `more than ${before} rows`);
	await new Promise(r => setTimeout(r, 20));
}
out = '';
p.write('g');
await until(() => shows(`1/${total} loaded`), 'the top');
await new Promise(r => setTimeout(r, 200));
// The reference, in the same pty conditions and interleaved with the keys: bare node echoing a key back (the floor
// of key-to-screen on this machine at this moment, the pty and the scheduler included).
const echo = pty.spawn(
	process.execPath,
	[
		'-e',
		"process.stdin.setRawMode(true); process.stdin.on('data', d => d[0] === 113 ? process.exit(0) : process.stdout.write('<' + d + '>'))",
	],
	{cols: 120, rows: 35, env: {...process.env, CI: ''} as Record<string, string>},
);
let echoed = '';
echo.onData(d => {
	echoed += d;
});
await new Promise(r => setTimeout(r, 500));
/** CPU time (user + system) of a process so far, in ms, from /proc (clock ticks of 10 ms). */
const cpu = (pid: number): number => {
	const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
	return (Number(fields[11]) + Number(fields[12])) * 10;
};
// At rest: every page loaded and shown, no key. What the idle work left (the summary's feed) shows here, and should
// not come out of the keys' CPU below.
const REST_S = 3;
const restBefore = cpu(p.pid);
await new Promise(r => setTimeout(r, REST_S * 1000));
const restPerS = (cpu(p.pid) - restBefore) / REST_S;
const sizes: number[] = [];
const times: number[] = [];
const echoes: number[] = [];
const cpuBefore = cpu(p.pid);
/** The keys' span on the monotonic clock V8's profiles use (microseconds), for reading a `--cpu-prof` profile. */
const span = [process.hrtime.bigint() / 1000n];
for (let i = 2; i <= 61; i++) {
	out = '';
	const before = bytes;
	const t = performance.now();
	p.write('j');
	await until(() => shows(`${i}/${total} loaded`), `row ${i}`);
	times.push(performance.now() - t);
	// Whatever else the key makes Ink write arrives with the frame; give it a moment.
	await new Promise(r => setTimeout(r, 15));
	sizes.push(bytes - before);
	const e = performance.now();
	echo.write('j');
	await until(() => echoed.includes(`<j>`), 'the echo');
	echoes.push(performance.now() - e);
	echoed = '';
	if (i >= 38 && i <= 41 && process.argv.includes('--dump')) process.stderr.write(`${JSON.stringify(out)}\n`);
}
span.push(process.hrtime.bigint() / 1000n);
const cpuPerKey = (cpu(p.pid) - cpuBefore) / 60;
// `s`: the summary of the 100,000 loaded rows, read into it while idle as the pages came: the key computes the result.
out = '';
const s = performance.now();
p.write('s');
await until(() => shows('Summary of the 100,000 loaded records'), 'the summary');
const summaryMs = performance.now() - s;
echo.write('q');
if (profile.length > 0) process.stderr.write(`keys from ${span[0]} to ${span[1]} (µs)\n`);
p.write('q');
await new Promise<void>(resolve => p.onExit(() => resolve()));
rmSync(dir, {recursive: true, force: true});
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
process.stdout.write(
	`${JSON.stringify([
		[
			'key j in a pty at 120x35, 100,000 rows loaded: bytes written (median of 60; a whole frame)',
			`${median(sizes)} bytes (whole frame ${firstFrame}: ${(median(sizes) / firstFrame).toFixed(2)}x; target <= 600)`,
		],
		[
			'key j in a pty at 120x35, 100,000 rows loaded: key to frame (median of 60), CPU per key; bare node echo',
			`${median(times).toFixed(1)} ms, CPU ${cpuPerKey.toFixed(1)} ms per key (at rest before: ${restPerS.toFixed(0)} ms a second); echo ${median(echoes).toFixed(1)} ms (${(median(times) / median(echoes)).toFixed(1)}x; target <= 10 ms)`,
		],
		[
			'key s in a pty at 120x35, 100,000 rows loaded: key to the summary on screen (one run)',
			`${summaryMs.toFixed(0)} ms (target <= 200 ms)`,
		],
	])}\n`,
);
