/**
 * A .gz (or a pipe) is read into a private copy in TMPDIR before `open` reads it; when TMPDIR cannot take it, the one
 * line says what was being done, how much went in, what failed and what to do, not Node's `EFBIG: file too large,
 * write` (checker3 F6: a 2 MB .gz of 2 GB said only `ENOSPC: no space left on device, write`). Real failures: a file
 * size limit (`ulimit -f` in the child's shell: write(2) fails with EFBIG past it), and a TMPDIR that does not exist.
 */
import {spawn} from 'node:child_process';
import {mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {gzipSync} from 'node:zlib';
import {afterAll, describe, expect, it} from 'vitest';
import {CLI} from '../helpers/cli-run.js';

const dir = mkdtempSync(join(tmpdir(), 'entra-logs-temp-copy-'));
afterAll(() => rmSync(dir, {recursive: true, force: true}));

const gz = join(dir, 'signins.ndjson.gz');
writeFileSync(
	gz,
	gzipSync(
		Array.from({length: 3000}, (_, i) =>
			JSON.stringify({
				id: `r${i}`,
				createdDateTime: new Date(Date.UTC(2026, 10, 30, 12) - i * 1000).toISOString(),
				userPrincipalName: `u${i}@contoso.com`,
			}),
		).join('\n') + '\n',
	),
);

/** `open signins.ndjson.gz --output ndjson` from bash, after `shell` (a ulimit), with TMPDIR at `temp`. */
function open(temp: string, shell = ''): Promise<{code: number | null; stdout: string; stderr: string}> {
	return new Promise(resolve => {
		const child = spawn(
			'bash',
			['-c', `${shell}exec "$0" "$@"`, process.execPath, CLI, 'open', gz, '--output', 'ndjson'],
			{
				stdio: ['ignore', 'pipe', 'pipe'],
				env: {...process.env, TMPDIR: temp, ENTRA_LOGS_CONFIG_DIR: join(dir, 'config'), ENTRA_LOGS_CODE_CACHE: '0'},
			},
		);
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
		child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
		child.on('close', code => resolve({code, stdout, stderr}));
	});
}

describe('a .gz that TMPDIR cannot take', () => {
	it.runIf(process.platform === 'linux')(
		'past a file size limit: one line, what was unpacked where, how much, and what to do; nothing left behind',
		async () => {
			const temp = join(dir, 'limited');
			mkdirSync(temp);
			// 64 KiB: the unpacked copy (some 270 kB) does not fit.
			const run = await open(temp, 'ulimit -f 64; ');
			expect(run.code).toBe(1);
			expect(run.stdout).toBe('');
			expect(run.stderr).toBe(
				`entra-logs: cannot unpack ${gz} into a temp file to open it (${/\((0\.\d) MB written\)/.exec(run.stderr)?.[1]} MB ` +
					`written): a file in the temp folder ${temp} reached the size limit of files (ulimit -f): raise it; ` +
					`or unpack it where there is room (zcat ${gz} > DIR/signins.ndjson) and open that\n`,
			);
			expect(run.stderr).toMatch(/\(0\.[1-9] MB written\)/);
			expect(readdirSync(temp)).toEqual([]);
		},
		60_000,
	);

	it('in a TMPDIR that does not exist: one line that says so', async () => {
		const run = await open(join(dir, 'missing'));
		expect(run.code).toBe(1);
		expect(run.stderr).toContain(`(0 MB written): the temp folder ${join(dir, 'missing')} does not exist (any more)`);
		expect(run.stderr.trim().split('\n')).toHaveLength(1);
	}, 60_000);
});
