/**
 * No record crashes anything (issue 8 §2), as a property: real records of every report with any of their properties
 * (at any depth) replaced by fc.anything(), by 10,000 levels of nesting or by huge values, written to an NDJSON file
 * in a temp dir and opened as `entra-logs open FILE` opens it. Every record is driven list → detail (to the end of
 * its raw JSON) → copy → back, then a pivot and back, a search, and an export; the TUI must stay up, every frame must
 * be the app's own (no error screen, no stack trace), and the export must hold every record.
 * Then the same kind of file through the built CLI: `open FILE --output ndjson|csv|json` exits 0, and NDJSON comes
 * back byte for byte.
 */
import {spawn} from 'node:child_process';
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {parse as csvParse} from 'csv-parse/sync';
import fc from 'fast-check';
import {afterAll, describe, expect, it} from 'vitest';
import {KEYS, REPORT_IDS, openLines, realRecords, waitFor} from './harness.js';
import {hostileRecord, propertyOptions} from './hostile.js';
import type {ReportId} from '../../source/reports/report.js';

/** What a crash would leave on screen: Ink's error overview, a stack frame, an exception's name. */
const CRASHED =
	/RangeError|TypeError|ReferenceError|SyntaxError|Maximum call stack|Invalid string length|\bat .+\.(?:ts|tsx|js):\d+/;

const lastLine = (f: string): string => f.trimEnd().split('\n').at(-1) ?? '';

/** Runs per report: each opens a file of 2 to 4 records in the TUI and visits all of them (a second or two each). */
const UI_RUNS = 3;

describe('hostile records through the TUI: list, detail, copy, pivot, search, export', () => {
	it.each(REPORT_IDS)(
		'%s',
		async report => {
			const anchor = JSON.stringify(realRecords(report)[11]);
			await fc.assert(
				fc.asyncProperty(
					fc.array(hostileRecord(report), {minLength: 1, maxLength: 3}),
					fc.nat(2),
					fc.nat(3),
					async (hostile, formatTabs, pivotRow) => {
						// The plain record comes last: the list is newest first, and hostile times may be anything.
						const t = await openLines(report, [...hostile, anchor]);
						try {
							const list = await waitFor(t.frame, f => /\d+\/\d+ loaded .*(all loaded|error)/.test(f), 'the list');
							expect(list).toContain('Date (UTC)');
							expect(lastLine(list.split('\n').slice(0, -1).join('\n'))).not.toContain('error');
							const rows = Number(/\d+\/(\d+) loaded/.exec(list)![1]);
							// Records whose time is not one are skipped and said so; the rest are all listed.
							expect(rows).toBeGreaterThanOrEqual(1);
							expect(rows).toBeLessThanOrEqual(hostile.length + 1);
							for (let i = 0; i < rows; i++) {
								await t.press(KEYS.enter, f => f.includes(`record ${i + 1}/${rows}`), `the detail of record ${i + 1}`);
								// The raw JSON's last line: the record's closing brace, or where it was cut.
								expect(await t.bottom()).toMatch(/^\}$|raw JSON cut at/m);
								await t.copy();
								await t.press(KEYS.esc, f => f.includes('loaded ·'), 'the list again');
								if (i === Math.min(pivotRow, rows - 1)) {
									// A pivot on the record (same user, identity or initiator), then back to the same row.
									const before = t.frame();
									await t.press('u', f => f !== before, 'the pivot');
									if (!/nothing to pivot on/.test(lastLine(t.frame())))
										await t.press(
											KEYS.esc,
											f => /all loaded|more available/.test(f) && f.includes(`${i + 1}/${rows} loaded`),
											'back from the pivot',
										);
								}
								if (i < rows - 1) await t.press(KEYS.down, f => f.includes(`${i + 2}/${rows} loaded`), 'the next row');
							}
							// A search over the loaded rows.
							await t.press('/');
							await t.press('e', f => /^\/e$/m.test(f), 'the search field');
							await t.press(KEYS.enter, f => /\/e: (row|not in)/.test(lastLine(f)), 'the search result');
							// An export of the file, in one of the formats.
							await t.press('e', f => f.includes('Export '), 'the export prompt');
							for (let k = 0; k < formatTabs; k++) await t.press(KEYS.tab);
							const done = await t.press(
								KEYS.enter,
								f => /exported [\d,]+ records|export failed/.test(f),
								'the export',
							);
							expect(lastLine(done)).toContain(`exported ${rows} records`);
							expect(t.alive()).toBe(true);
							for (const f of t.app.frames) expect(f).not.toMatch(CRASHED);
						} finally {
							t.close();
						}
					},
				),
				propertyOptions(UI_RUNS),
			);
		},
		120_000,
	);
});

const CLI = join(process.cwd(), 'dist', 'cli.js');
const dir = mkdtempSync(join(tmpdir(), 'entra-logs-robust-cli-'));
afterAll(() => rmSync(dir, {recursive: true, force: true}));

function cli(args: readonly string[]): Promise<{code: number | null; stdout: Buffer; stderr: string}> {
	return new Promise(resolve => {
		const child = spawn(process.execPath, [CLI, ...args], {
			stdio: ['ignore', 'pipe', 'pipe'],
			env: {...process.env, ENTRA_LOGS_CONFIG_DIR: join(dir, 'config')},
		});
		const out: Buffer[] = [];
		let stderr = '';
		child.stdout.on('data', (d: Buffer) => out.push(d));
		child.stderr.on('data', (d: Buffer) => {
			stderr += d.toString();
		});
		child.on('close', code => resolve({code, stdout: Buffer.concat(out), stderr}));
	});
}

describe('hostile records through `open FILE --output`', () => {
	it.each(REPORT_IDS)(
		'%s: ndjson byte for byte, csv and json complete, exit 0',
		async (report: ReportId) => {
			let run = 0;
			await fc.assert(
				fc.asyncProperty(
					fc.array(hostileRecord(report, {keepTime: true}), {minLength: 4, maxLength: 10}),
					async lines => {
						const file = join(dir, `${report}-${run++}.ndjson`);
						const input = `${lines.join('\n')}\n`;
						writeFileSync(file, input);
						const ndjson = await cli(['open', file, '--output', 'ndjson']);
						expect(ndjson.stderr).not.toMatch(CRASHED);
						expect(ndjson.code, ndjson.stderr).toBe(0);
						// Newest first, as Graph pages: the same lines, each exactly as it came in.
						const out = ndjson.stdout.toString('utf8');
						expect(out.endsWith('\n')).toBe(true);
						expect(out.slice(0, -1).split('\n').sort()).toEqual(input.slice(0, -1).split('\n').sort());
						expect(Buffer.byteLength(out)).toBe(Buffer.byteLength(input));

						const json = await cli(['open', file, '--output', 'json']);
						expect(json.stderr).not.toMatch(CRASHED);
						expect(json.code, json.stderr).toBe(0);
						const parsed = JSON.parse(json.stdout.toString('utf8')) as unknown[];
						expect(parsed.length).toBe(lines.length);

						const csv = await cli(['open', file, '--output', 'csv']);
						expect(csv.stderr).not.toMatch(CRASHED);
						expect(csv.code, csv.stderr).toBe(0);
						// csv-parse as the independent reader: a header and a row per record.
						expect((csvParse(csv.stdout, {relaxColumnCount: false}) as string[][]).length).toBe(lines.length + 1);
						rmSync(file);
					},
				),
				propertyOptions(2),
			);
		},
		120_000,
	);
});
