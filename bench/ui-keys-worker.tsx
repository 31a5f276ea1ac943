/**
 * Keys in a real terminal: the built CLI opening 100,000 sign-ins in a pty of 120x35, all loaded, then `j` pressed
 * 60 times: the bytes each key sends to the terminal and the time from the key to its frame (the status line with the
 * new position), medians; beside them the bytes of a whole frame (the first screen), the reference.
 */
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {writeSignIns} from './ui-sign-ins.js';

const ptyModule = await import('@lydell/node-pty');
const pty = (ptyModule as unknown as {default?: typeof ptyModule}).default ?? ptyModule;
const dir = mkdtempSync(join(tmpdir(), 'entra-logs-keys-'));
const file = join(dir, 'all.ndjson');
const total = 100_000;
writeSignIns(file, total);

const p = pty.spawn(process.execPath, [join(process.cwd(), 'dist', 'cli.js'), 'open', file], {
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
const until = async (test: () => boolean, what: string, ms = 120_000): Promise<void> => {
	const end = performance.now() + ms;
	while (!test()) {
		if (performance.now() > end) throw new Error(`timed out waiting for ${what}`);
		await new Promise(r => setTimeout(r, 1));
	}
};
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
const sizes: number[] = [];
const times: number[] = [];
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
}
p.write('q');
await new Promise<void>(resolve => p.onExit(() => resolve()));
rmSync(dir, {recursive: true, force: true});
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
process.stdout.write(
	`${JSON.stringify([
		[
			'key j in a pty at 120x35, 100,000 rows loaded: bytes written (median of 60; a whole frame)',
			`${median(sizes)} bytes (whole frame ${firstFrame}; target <= 600)`,
		],
		[
			'key j in a pty at 120x35, 100,000 rows loaded: key to frame (median of 60)',
			`${median(times).toFixed(1)} ms (target <= 10 ms)`,
		],
	])}\n`,
);
