/**
 * Lines no export holds, through the built CLI (`open FILE --output ndjson`): millions of `[` or `{` on a line, a JSON
 * document's element or record nested millions deep, a record longer than V8's longest string. None ends the run:
 * each is skipped and named in the note (or, in a JSON document, said where it breaks), and every other record comes
 * out byte for byte. The nesting runs in a child whose heap is 40 MB: what grew a JS array a bracket (a line of 120
 * million `[` ended node with a fatal error, whatever its heap) now needs no more memory for 4 million than for one.
 * The long record is real: a sparse file, whose hole of 540 MB reads as NUL bytes without taking the disk.
 */
import {closeSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync, writeSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {runCli} from './run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'entra-logs-hostile-lines-'));
afterAll(() => rmSync(dir, {recursive: true, force: true}));

const record = (id: string, hour: number): string =>
	JSON.stringify({
		id,
		createdDateTime: `2026-11-30T${String(hour).padStart(2, '0')}:00:00Z`,
		userPrincipalName: `${id}@contoso.com`,
		status: {errorCode: 0},
	});

/** `node [flags] cli.js open FILE --output ndjson`: its exit code, stdout and stderr. */
const open = (file: string, flags: readonly string[] = []): ReturnType<typeof runCli> =>
	runCli(['open', file, '--output', 'ndjson'], join(dir, 'config'), undefined, flags);

const SMALL_HEAP = ['--max-old-space-size=40'];
const MILLIONS = 4_000_000;
/** The note's line, and nothing that looks like a stack or V8's own words. */
const oneNote = (stderr: string, note: string): void => {
	expect(stderr).toContain(note);
	expect(stderr).not.toMatch(/\n\s+at |Fatal|FATAL|heap|0x1fffffe8|Cannot create a string/);
};

describe('a line of millions of brackets', () => {
	it.each(['[', '{'])(
		'of %s, between two records, is one line that is not JSON: both records come out, under a 40 MB heap',
		async bracket => {
			const file = join(dir, `brackets-${bracket === '[' ? 'square' : 'curly'}.ndjson`);
			writeFileSync(file, `${record('a1', 12)}\n${bracket.repeat(MILLIONS)}\n${record('a3', 10)}\n`);
			const run = await open(file, SMALL_HEAP);
			expect(run.code).toBe(0);
			expect(run.stdout).toBe(`${record('a1', 12)}\n${record('a3', 10)}\n`);
			oneNote(run.stderr, '1 line skipped: 1 not a JSON object (line 2)');
		},
		60_000,
	);

	// Found by an independent check: a long line of text (not brackets) after the first record refused the whole file.
	it('a line of 2 MB of text after the first record is one line that is not JSON: the records come out', async () => {
		const file = join(dir, 'long-text.ndjson');
		writeFileSync(
			file,
			`${record('t1', 12)}\n${'this is a log line from a bad export '.repeat(60_000)}\n${record('t3', 10)}\n`,
		);
		const run = await open(file);
		expect(run.code).toBe(0);
		expect(run.stdout).toBe(`${record('t1', 12)}\n${record('t3', 10)}\n`);
		oneNote(run.stderr, '1 line skipped: 1 not a JSON object (line 2)');
	}, 60_000);

	it('of 60 million `[` is read past without being held: peak RSS within 150 MB of a run without it', async () => {
		// The child's peak RSS, written at its exit into its own config folder by a preload.
		const preload = join(dir, 'max-rss.cjs');
		writeFileSync(
			preload,
			`process.on('exit', () => require('fs').writeFileSync(require('path').join(process.env.ENTRA_LOGS_CONFIG_DIR, 'max-rss'), String(process.resourceUsage().maxRSS)));\n`,
		);
		const peak = async (name: string, text: string): Promise<number> => {
			const file = join(dir, name);
			writeFileSync(file, text);
			const config = join(dir, `${name}-config`);
			mkdirSync(config);
			const run = await runCli(['open', file, '--output', 'ndjson'], config, undefined, ['-r', preload]);
			rmSync(file);
			expect(run.code).toBe(0);
			expect(run.stdout).toBe(`${record('a1', 12)}\n${record('a3', 10)}\n`);
			return Number(readFileSync(join(config, 'max-rss'), 'utf8')) * 1024;
		};
		const without = await peak('rss-without.ndjson', `${record('a1', 12)}\n${record('a3', 10)}\n`);
		const junk = await peak('rss-junk.ndjson', `${record('a1', 12)}\n${'['.repeat(60_000_000)}\n${record('a3', 10)}\n`);
		// Before: 1.5 GB (the line parsed as 60 million nested arrays); 120 million `[`: 5.6 GB and 26 s.
		expect(junk - without).toBeLessThan(150e6);
	}, 60_000);

	it('as an element of a JSON array, nested 4 million deep, is an element that is not an object', async () => {
		const file = join(dir, 'deep-element.json');
		const deep = `${'['.repeat(MILLIONS)}${']'.repeat(MILLIONS)}`;
		writeFileSync(file, `[\n${record('a1', 12)},\n${deep},\n${record('a3', 10)}\n]\n`);
		const run = await open(file, SMALL_HEAP);
		expect(run.code).toBe(0);
		expect(run.stdout).toBe(`${record('a1', 12)}\n${record('a3', 10)}\n`);
		oneNote(run.stderr, '1 record skipped: 1 not a JSON object (line 3)');
	}, 60_000);

	it('in a record of a JSON document that is not valid, says where it breaks, as for a shallow one', async () => {
		const file = join(dir, 'deep-record.json');
		const head = '{"id":"a2","createdDateTime":"2026-11-30T11:00:00Z","x":';
		// Twice as deep: where it breaks was found with a JS array of a string a bracket (64 MB here).
		const deep = 2 * MILLIONS;
		writeFileSync(file, `[\n${record('a1', 12)},\n${head}${'['.repeat(deep)}${'}'.repeat(deep + 1)}\n]\n`);
		const run = await open(file, SMALL_HEAP);
		expect(run.code).toBe(2);
		expect(run.stderr.trim()).toBe(
			`entra-logs: ${file} is not valid JSON at line 3, column ${head.length + deep + 1} (a trailing comma before '}')`,
		);
	}, 60_000);
});

describe('a record longer than a string can be (540 MB)', () => {
	/** The file's lines, the one at `long` (0-based) a sign-in whose userAgent is 540 MB of NUL bytes (a hole). */
	const withLongLine = (name: string, lines: readonly string[], long: number): string => {
		const file = join(dir, name);
		const fd = openSync(file, 'w');
		try {
			let at = 0;
			const put = (text: string): void => {
				at += writeSync(fd, Buffer.from(text), 0, Buffer.byteLength(text), at);
			};
			lines.forEach((line, i) => {
				if (i !== long) return put(`${line}\n`);
				put('{"id":"big","createdDateTime":"2026-11-30T11:30:00Z","userAgent":"');
				at += 540_000_000;
				put('"}\n');
			});
		} finally {
			closeSync(fd);
		}
		return file;
	};

	it('in NDJSON is skipped, its line named; every other record comes out byte for byte', async () => {
		const lines = [record('a1', 12), record('a2', 11), '', record('a4', 10)];
		const file = withLongLine('long.ndjson', lines, 2);
		try {
			const run = await open(file);
			expect(run.code).toBe(0);
			expect(run.stdout).toBe(`${record('a1', 12)}\n${record('a2', 11)}\n${record('a4', 10)}\n`);
			oneNote(run.stderr, '1 line skipped: 1 over 536,870,888 bytes (line 3)');
		} finally {
			rmSync(file);
		}
	}, 60_000);

	it('in a JSON array is skipped, its line named; every other record comes out byte for byte', async () => {
		const lines = ['[', `${record('a1', 12)},`, '', ',', record('a3', 10), ']'];
		const file = withLongLine('long.json', lines, 2);
		try {
			const run = await open(file);
			expect(run.code).toBe(0);
			expect(run.stdout).toBe(`${record('a1', 12)}\n${record('a3', 10)}\n`);
			oneNote(run.stderr, '1 record skipped: 1 over 536,870,888 bytes (line 3)');
		} finally {
			rmSync(file);
		}
	}, 60_000);
});
