/**
 * `open` of a pipe: `open <(zcat logs.ndjson.gz)`, `open /dev/stdin`, a named FIFO. Before, a raw "cannot read
 * /dev/fd/63: ESPIPE", and a FIFO hung with no output (found by an independent check). The pipe is read once into a
 * private temp file, opened as any file, and removed at exit. A gzip file or pipe is decompressed the same way
 * (before: "is neither JSON, NDJSON nor CSV", or "cannot tell which report"). The built CLI; the oracle is the bytes
 * written, compressed by the system's gzip.
 */
import {spawn, spawnSync} from 'node:child_process';
import {mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {generateTenant} from '../../source/emulator/tenant/tenant.js';
import {CLI} from '../helpers/cli-run.js';

const dir = mkdtempSync(join(tmpdir(), 'entra-logs-pipe-test-'));
afterAll(() => rmSync(dir, {recursive: true, force: true}));

/** The CLI with `args`, `input` written to its stdin: exit code, stdout and stderr. */
function run(args: string[], input?: string): Promise<{code: number | null; stdout: string; stderr: string}> {
	return new Promise(resolve => {
		const child = spawn(process.execPath, [CLI, ...args], {
			stdio: ['pipe', 'pipe', 'pipe'],
			env: {...process.env, ENTRA_LOGS_CONFIG_DIR: join(dir, 'config')},
		});
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
		child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
		child.on('close', code => resolve({code, stdout, stderr}));
		child.stdin.end(input);
	});
}

/** `text` compressed by the system's gzip, into a file in the test's folder. */
function gzipped(name: string, text: string): string {
	const plain = join(dir, name.replace(/\.gz$/, ''));
	writeFileSync(plain, text);
	expect(spawnSync('gzip', ['-kf', plain]).status).toBe(0);
	return `${plain}.gz`;
}

describe('open of a pipe', () => {
	const records = generateTenant({seed: 'pipe', signIns: 300, days: 2, users: 20}).signIns;
	const text = records.map(r => `${JSON.stringify(r)}\n`).join('');

	it('/dev/stdin fed by a pipe: every record, byte for byte; no temp file left', async () => {
		const r = await run(['open', '/dev/stdin', '--output', 'ndjson'], text);
		expect(r.code, r.stderr).toBe(0);
		expect(r.stdout).toBe(text);
		expect(
			readdirSync(tmpdir()).filter(f => f.startsWith('entra-logs-pipe-') && !f.startsWith('entra-logs-pipe-test-')),
		).toEqual([]);
	}, 60_000);

	it('a shell pipe into /dev/stdin: every record, byte for byte', () => {
		const file = join(dir, 'in.ndjson');
		writeFileSync(file, text);
		const r = spawnSync(
			'sh',
			['-c', `cat '${file}' | '${process.execPath}' '${CLI}' open /dev/stdin --output ndjson`],
			{
				encoding: 'utf8',
				maxBuffer: 1 << 28,
				env: {...process.env, ENTRA_LOGS_CONFIG_DIR: join(dir, 'config')},
			},
		);
		expect(r.status, r.stderr).toBe(0);
		expect(r.stdout).toBe(text);
	}, 60_000);

	it('a message about a pipe names it as given (stdin, the FIFO), not the private copy', async () => {
		const empty = await run(['open', '/dev/stdin', '--output', 'ndjson'], '');
		expect(empty.code).toBe(2);
		expect(empty.stderr).toBe('entra-logs: stdin is empty\n');
		const fifo = join(dir, 'other.fifo');
		expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
		const writer = spawn('sh', ['-c', `printf '{"a":1}\\n' > '${fifo}'`]);
		const other = await run(['open', fifo, '--output', 'ndjson']);
		writer.kill();
		expect(other.code).toBe(2);
		expect(other.stderr).toBe(
			`entra-logs: cannot tell which report ${fifo} holds (no sign-in, audit or provisioning records found)\n`,
		);
	}, 60_000);

	it('a named FIFO whose writer opens it and closes it without writing: empty, as cat reads it (exit 2)', async () => {
		const fifo = join(dir, 'none.fifo');
		expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
		// A producer that fails at once (`zcat missing.gz > fifo`): it opens the FIFO and closes it.
		const writer = spawn('sh', ['-c', `: > '${fifo}'`]);
		const r = await run(['open', fifo, '--output', 'ndjson']);
		writer.kill();
		expect(r.code).toBe(2);
		expect(r.stderr).toBe(`entra-logs: ${fifo} is empty\n`);
	}, 60_000);

	it('a named FIFO, as a CSV: the records read as from a file', async () => {
		const fifo = join(dir, 'signins.fifo');
		expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
		const fromFile = join(dir, 'signins.ndjson');
		writeFileSync(fromFile, text);
		const writer = spawn('sh', ['-c', `cat '${fromFile}' > '${fifo}'`]);
		const [piped, file] = [
			await run(['open', fifo, '--output', 'csv']),
			await run(['open', fromFile, '--output', 'csv']),
		];
		writer.kill();
		expect(piped.code, piped.stderr).toBe(0);
		expect(piped.stdout).toBe(file.stdout);
		expect(piped.stdout.split('\n').length).toBeGreaterThan(records.length);
	}, 60_000);

	it('a .gz file and gzip data on stdin: every record, byte for byte; CSV as from the plain file; no temp file left', async () => {
		const gz = gzipped('signins.ndjson.gz', text);
		const fromFile = await run(['open', gz, '--output', 'ndjson']);
		expect(fromFile.code, fromFile.stderr).toBe(0);
		expect(fromFile.stdout).toBe(text);
		const piped = spawnSync('sh', ['-c', `cat '${gz}' | '${process.execPath}' '${CLI}' open /dev/stdin --output csv`], {
			encoding: 'utf8',
			maxBuffer: 1 << 28,
			env: {...process.env, ENTRA_LOGS_CONFIG_DIR: join(dir, 'config')},
		});
		const plain = await run(['open', gz.replace(/\.gz$/, ''), '--output', 'csv']);
		expect(piped.status, piped.stderr).toBe(0);
		expect(piped.stdout).toBe(plain.stdout);
		expect(
			readdirSync(tmpdir()).filter(f => f.startsWith('entra-logs-pipe-') && !f.startsWith('entra-logs-pipe-test-')),
		).toEqual([]);
	}, 60_000);

	it('gzip data cut short or damaged: one line naming the file, exit 2', async () => {
		const gz = gzipped('cut.ndjson.gz', text);
		const bytes = readFileSync(gz);
		const cut = join(dir, 'cut-short.ndjson.gz');
		writeFileSync(cut, bytes.subarray(0, Math.floor(bytes.length / 2)));
		const short = await run(['open', cut, '--output', 'ndjson']);
		expect(short.code).toBe(2);
		expect(short.stderr).toBe(
			`entra-logs: ${cut} is not whole gzip data (it ends too soon): zcat gives back what it can read of it\n`,
		);
		const damaged = join(dir, 'damaged.gz');
		// Its CRC-32 (the trailer's first 4 bytes) no longer that of the data.
		const wrong = Buffer.from(bytes);
		for (let i = wrong.length - 8; i < wrong.length - 4; i++) wrong[i]! ^= 0xff;
		writeFileSync(damaged, wrong);
		const bad = await run(['open', damaged, '--output', 'ndjson']);
		expect(bad.code).toBe(2);
		expect(bad.stderr).toBe(
			`entra-logs: ${damaged} is not whole gzip data (it is damaged): zcat gives back what it can read of it\n`,
		);
	}, 60_000);
});
