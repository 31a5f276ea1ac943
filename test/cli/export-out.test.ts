/**
 * Where an export goes, through the built CLI on real temp files (found by an independent check): `--out` naming
 * the file being read emptied it (exit 0); `--resume` on a file shorter than its checkpoint padded it with NULs and
 * appended; `--out x.csv` wrote NDJSON; `--out ''` wrote to stdout; `/proc/version` "its folder is gone"; permission
 * denied exited 1; a FIFO failed with ESPIPE. The oracle is the files' bytes before and after, and the exit code.
 */
import {spawn, spawnSync} from 'node:child_process';
import {
	chmodSync,
	existsSync,
	linkSync,
	mkdirSync,
	readFileSync,
	readdirSync,
	rmSync,
	statSync,
	symlinkSync,
	truncateSync,
	writeFileSync,
} from 'node:fs';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';
import {CLI} from '../helpers/terminal.js';
import {sandbox, signIns} from '../safety/sandbox.js';

function cli(args: string[], options: {cwd?: string; uid?: number; gid?: number} = {}) {
	const r = spawnSync(process.execPath, [CLI, ...args], {encoding: 'utf8', ...options});
	return {code: r.status, stdout: r.stdout, stderr: r.stderr};
}

/** One line on stderr, exit 2, no stack trace. */
function refused(r: {code: number | null; stderr: string}, words: RegExp): void {
	expect(r.code, r.stderr).toBe(2);
	expect(r.stderr.trim().split('\n'), r.stderr).toHaveLength(1);
	expect(r.stderr).toMatch(words);
	expect(r.stderr).not.toMatch(/\n\s+at /);
}

describe('--out naming the file being read', () => {
	it('is refused, whatever the name leads to it (the path, a symbolic link, a hard link), and the file keeps its bytes', () => {
		const {root} = sandbox();
		const input = signIns(join(root, 'in.ndjson'), 300);
		const bytes = readFileSync(input);
		symlinkSync(input, join(root, 'link.ndjson'));
		linkSync(input, join(root, 'hard.ndjson'));
		for (const [read, out, extra] of [
			['in.ndjson', 'in.ndjson', ['--output', 'ndjson']],
			['in.ndjson', 'in.ndjson', []],
			['link.ndjson', 'in.ndjson', []],
			['in.ndjson', 'link.ndjson', []],
			['in.ndjson', 'hard.ndjson', []],
			['in.ndjson', 'in.ndjson', ['--resume']],
		] as const) {
			const r = cli(['open', read, ...extra, '--out', out], {cwd: root});
			refused(r, new RegExp(`--out ${out} is the file being read: name another file`));
			expect(readFileSync(input).equals(bytes), `${read} --out ${out}`).toBe(true);
		}
		// A name of its own still works, and holds the same bytes.
		expect(cli(['open', 'link.ndjson', '--out', 'copy.ndjson'], {cwd: root}).code).toBe(0);
		expect(readFileSync(join(root, 'copy.ndjson')).equals(bytes)).toBe(true);
	});

	it('a file in an archive folder being read, or a new file inside it, is refused; the archive is left as it was', () => {
		const {root} = sandbox();
		const hour = join(root, 'arch', 'insights-logs-signinlogs', 'y=2026', 'm=11', 'd=20', 'h=10', 'm=00');
		mkdirSync(hour, {recursive: true});
		const pt1h = join(hour, 'PT1H.json');
		const lines = Array.from({length: 20}, (_, i) =>
			JSON.stringify({
				time: `2026-11-20T10:${String(i).padStart(2, '0')}:00Z`,
				category: 'SignInLogs',
				properties: {id: `s${i}`, createdDateTime: `2026-11-20T10:${String(i).padStart(2, '0')}:00Z`},
			}),
		);
		writeFileSync(pt1h, `${lines.join('\n')}\n`);
		const bytes = readFileSync(pt1h);
		refused(
			cli(['open', 'arch', '--output', 'json', '--out', pt1h], {cwd: root}),
			/is inside arch, the folder being read: name a file outside it/,
		);
		refused(cli(['open', 'arch', '--out', 'arch/new.ndjson'], {cwd: root}), /is inside arch, the folder being read/);
		expect(readFileSync(pt1h).equals(bytes)).toBe(true);
		expect(readdirSync(join(root, 'arch'))).toEqual(['insights-logs-signinlogs']);
		// Beside the archive is fine: its 20 records.
		expect(cli(['open', 'arch', '--out', 'out.ndjson'], {cwd: root}).code).toBe(0);
		expect(readFileSync(join(root, 'out.ndjson'), 'utf8').trim().split('\n')).toHaveLength(20);
	});
});

describe('--resume on a file that does not hold what its checkpoint says', () => {
	it('shorter, or other bytes before where the checkpoint ends: refused in one line, the file untouched; as it was, it finishes', async () => {
		const {root} = sandbox();
		const input = signIns(join(root, 'in.ndjson'), 150_000);
		const out = join(root, 'out.ndjson');
		const args = ['open', input, '--output', 'ndjson', '--out', out];
		// A real interruption: Ctrl-C (SIGINT) once the export has written its first pages.
		const code = await new Promise<number | null>(resolve => {
			const child = spawn(process.execPath, [CLI, ...args], {stdio: ['ignore', 'ignore', 'pipe']});
			let said = '';
			child.stderr.on('data', (d: Buffer) => {
				said += d.toString();
				// Once: a second Ctrl-C ends it at once.
				if (/records [1-9]/.test(said) && !child.killed) child.kill('SIGINT');
			});
			child.on('exit', resolve);
		});
		expect(code).toBe(130);
		const kept = readFileSync(out);
		const checkpoint = readFileSync(`${out}.checkpoint.json`);
		expect(kept.length).toBeGreaterThan(2000);

		// The file lost its last 1,000 bytes (a partial copy, a restore).
		truncateSync(out, kept.length - 1000);
		const short = readFileSync(out);
		refused(cli([...args, '--resume']), /is shorter than its checkpoint says .*left as it is/);
		expect(readFileSync(out).equals(short)).toBe(true);
		expect(readFileSync(`${out}.checkpoint.json`).equals(checkpoint)).toBe(true);

		// As long as the checkpoint says, but not the bytes it ended on.
		const changed = Buffer.from(kept);
		changed.write('XX', kept.length - 10);
		writeFileSync(out, changed);
		refused(cli([...args, '--resume']), /does not hold what its checkpoint says/);
		expect(readFileSync(out).equals(changed)).toBe(true);

		// Gone: said so, nothing made.
		rmSync(out);
		refused(cli([...args, '--resume']), /is gone .*without --resume/);
		expect(existsSync(out)).toBe(false);

		// Another file's export onto it: refused, as another query's is (before, its records were appended to this one's).
		writeFileSync(out, kept);
		const other = signIns(join(root, 'other.ndjson'), 150_001);
		refused(
			cli(['open', other, '--output', 'ndjson', '--out', out, '--resume']),
			/another query, source file or format/,
		);
		expect(readFileSync(out).equals(kept)).toBe(true);

		// As the interruption left it (and with a half-written page after it, as after SIGKILL): finished, every byte.
		writeFileSync(out, Buffer.concat([kept, Buffer.from('{"id":"half a rec')]));
		const r = cli([...args, '--resume']);
		expect(r.code, r.stderr).toBe(0);
		expect(readFileSync(out).equals(readFileSync(input))).toBe(true);
	}, 60_000);
});

describe("the export's format and its file's name", () => {
	it('without --output the extension says it (.csv, .json, .jsonl, else NDJSON); a name that says another format than --output is refused', () => {
		const {root} = sandbox();
		const input = signIns(join(root, 'in.ndjson'), 30);
		const ndjson = readFileSync(input, 'utf8');
		const run = (...a: string[]) => cli(['open', 'in.ndjson', ...a], {cwd: root});
		expect(run('--out', 'x.csv').code).toBe(0);
		const csv = readFileSync(join(root, 'x.csv'), 'utf8');
		expect(csv.split('\r\n')[0]).toMatch(/^id,createdDateTime,/);
		expect(csv.split('\r\n').filter(Boolean)).toHaveLength(31);
		expect(run('--out', 'X.JSON').code).toBe(0);
		expect((JSON.parse(readFileSync(join(root, 'X.JSON'), 'utf8')) as unknown[]).length).toBe(30);
		expect(run('--out', 'x.jsonl').code).toBe(0);
		expect(readFileSync(join(root, 'x.jsonl'), 'utf8')).toBe(ndjson);
		expect(run('--out', 'x.txt').code).toBe(0);
		expect(readFileSync(join(root, 'x.txt'), 'utf8')).toBe(ndjson);
		expect(run('--output', 'csv', '--out', 'y.csv').code).toBe(0);
		refused(run('--output', 'ndjson', '--out', 'z.csv'), /--out z.csv names a CSV file but --output is ndjson/);
		refused(run('--output', 'csv', '--out', 'z.json'), /names a JSON file but --output is csv/);
		expect(existsSync(join(root, 'z.csv')) || existsSync(join(root, 'z.json'))).toBe(false);
	});
});

describe('--out paths that cannot be written', () => {
	it('an empty name, a file in /proc, a folder without write permission: one line each, exit 2; stdout gets nothing', () => {
		const {root} = sandbox();
		const input = signIns(join(root, 'in.ndjson'), 30);
		const empty = cli(['open', input, '--out', '']);
		refused(empty, /--out needs a file name/);
		expect(empty.stdout).toBe('');
		const proc = cli(['open', input, '--output', 'ndjson', '--out', '/proc/version']);
		refused(proc, /cannot write \/proc\/version|permission denied/);
		expect(proc.stderr).not.toMatch(/folder is gone/);
		// Not writable by the one running it (root is let through mode bits: then as nobody).
		chmodSync(root, 0o755);
		chmodSync(input, 0o644);
		const locked = join(root, 'locked');
		mkdirSync(locked, {mode: 0o555});
		chmodSync(locked, 0o555);
		const asNobody = process.getuid?.() === 0 ? {uid: 65534, gid: 65534} : {};
		refused(
			cli(['open', input, '--output', 'ndjson', '--out', join(locked, 'x.ndjson')], asNobody),
			/--out .*x\.ndjson: permission denied/,
		);
		// A report's export: said before any sign-in (here before the demo tenant would start).
		refused(
			cli(['signins', '--demo', '--output', 'ndjson', '--out', join(locked, 'x.ndjson')], asNobody),
			/--out .*x\.ndjson: permission denied/,
		);
		expect(readdirSync(locked)).toEqual([]);
	});

	it('a named FIFO is written in order, every byte to its reader, with no checkpoint beside it', async () => {
		const {root} = sandbox();
		const input = signIns(join(root, 'in.ndjson'), 3000);
		const fifo = join(root, 'fifo');
		expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
		const reader = spawn('cat', [fifo], {stdio: ['ignore', 'pipe', 'ignore']});
		const got: Buffer[] = [];
		reader.stdout.on('data', (d: Buffer) => got.push(d));
		const read = new Promise(resolve => reader.on('exit', resolve));
		// The CLI runs alongside this process, which reads the FIFO's reader as it goes.
		const r = await new Promise<{code: number | null; stderr: string}>(resolve => {
			const child = spawn(process.execPath, [CLI, 'open', input, '--output', 'ndjson', '--out', fifo], {
				stdio: ['ignore', 'ignore', 'pipe'],
			});
			let stderr = '';
			child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
			child.on('exit', code => resolve({code, stderr}));
		});
		await read;
		expect(r.code, r.stderr).toBe(0);
		expect(Buffer.concat(got).equals(readFileSync(input))).toBe(true);
		expect(statSync(fifo).isFIFO()).toBe(true);
		expect(readdirSync(root).sort()).toEqual(['fifo', 'in.ndjson', 'tmp']);
	});
});
