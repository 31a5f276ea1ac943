/**
 * A key written to `open FILE` the moment its first frame shows (drawn before Ink loads: source/ui/first-frame.ts),
 * to the process's end: two builds (or more) by turns in a real pty at 120x35, medians. Each build has a cache folder
 * of its own (its code cache), warmed by one run first. Also how many runs Ink drew in (its synchronized update,
 * CSI ? 2026 h, after the frame): a run that quits on the early frame never loads Ink.
 *   npx tsx bench/early-quit-ab.ts [--runs N] [--key q|ctrl-c] FILE OLD/dist/cli.js NEW/dist/cli.js
 * Prints one JSON line.
 */
import {mkdtempSync, rmSync} from 'node:fs';
import {loadavg, tmpdir} from 'node:os';
import {join, resolve} from 'node:path';
import ptyModule from '@lydell/node-pty';

const pty = (ptyModule as unknown as {default?: typeof ptyModule}).default ?? ptyModule;
const args = process.argv.slice(2);
const option = (name: string): string | undefined => {
	const at = args.indexOf(name);
	return at >= 0 ? args.splice(at, 2)[1] : undefined;
};
const runs = Number(option('--runs') ?? 11);
const keyName = option('--key') ?? 'q';
const key = keyName === 'ctrl-c' ? '\u0003' : keyName;
const [file, ...clis] = args.map(a => resolve(a));
if (!file || clis.length < 1)
	throw new Error('usage: early-quit-ab.ts [--runs N] [--key q|ctrl-c] FILE OLD/cli.js NEW/cli.js');
const FRAME = '\u001b[?1049h';
const ROWS = /[^0-9]1\/[1-9]\d* loaded/;
const INK = '\u001b[?2026h';
const dirs = clis.map(() => mkdtempSync(join(tmpdir(), 'entra-logs-bench-early-quit-')));
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** Milliseconds from the key to the process's end, whether Ink drew after the frame, and the exit code. */
function run(cli: string, dir: string): Promise<{ms: number; ink: boolean; code: number}> {
	return new Promise((done, fail) => {
		const p = pty.spawn(process.execPath, [cli, 'open', file!], {
			cols: 120,
			rows: 35,
			env: {...process.env, CI: '', ENTRA_LOGS_CONFIG_DIR: join(dir, 'config'), XDG_CACHE_HOME: join(dir, 'cache')},
		});
		let out = '';
		let sent: number | undefined;
		let frameAt = -1;
		p.onData(d => {
			out += d;
			if (sent !== undefined) return;
			frameAt = out.indexOf(FRAME);
			if (frameAt >= 0 && ROWS.test(out.slice(frameAt))) {
				p.write(key);
				sent = performance.now();
			}
		});
		p.onExit(({exitCode}) => {
			if (sent === undefined) return fail(new Error(`${cli}: no first frame with rows`));
			done({ms: performance.now() - sent, ink: out.includes(INK, frameAt), code: exitCode});
		});
	});
}

for (const [i, cli] of clis.entries()) await run(cli, dirs[i]!);
const times = clis.map((): number[] => []);
const inks = clis.map(() => 0);
const codes = clis.map(() => new Set<number>());
for (let r = 0; r < runs; r++)
	for (const [i, cli] of clis.entries()) {
		const {ms, ink, code} = await run(cli, dirs[i]!);
		times[i]!.push(ms);
		if (ink) inks[i]!++;
		codes[i]!.add(code);
	}
for (const d of dirs) rmSync(d, {recursive: true, force: true});
console.log(
	JSON.stringify({
		load: loadavg()[0]!.toFixed(1),
		key: keyName,
		runs,
		builds: clis.map((cli, i) => ({
			cli,
			exitMs: Number(median(times[i]!).toFixed(1)),
			min: Number(Math.min(...times[i]!).toFixed(1)),
			max: Number(Math.max(...times[i]!).toFixed(1)),
			inkDrew: inks[i],
			exit: [...codes[i]!],
		})),
	}),
);
