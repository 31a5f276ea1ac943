/**
 * A `{"records": [...]}` archive file cut short (a copy stopped mid-way, an Event Hubs dump still being written):
 * its whole records are read and the cut one is named, as a JSON Lines file's last line is. Before, the file was
 * refused whole as "holds no sign-in, audit or provisioning logs". The oracle is where each record's text ends in
 * the document the test wrote: a record is whole when the cut comes at or after its end.
 */
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import fc from 'fast-check';
import {afterAll, describe, expect, it} from 'vitest';
import {salvageRecords} from '../../source/sources/archive-file.js';
import {runCli} from './run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'entra-logs-archive-cut-'));
afterAll(() => rmSync(dir, {recursive: true, force: true}));

/** A document of records and where each record's text ends in it. */
function documentOf(records: readonly object[]): {text: string; ends: number[]} {
	let text = '{"records": [\n';
	const ends: number[] = [];
	records.forEach((r, i) => {
		text += (i > 0 ? ',\n' : '') + JSON.stringify(r);
		ends.push(text.length);
	});
	return {text: `${text}\n]}\n`, ends};
}

const envelope = (i: number, extra: unknown): object => ({
	time: `2026-11-30T10:${String(i % 60).padStart(2, '0')}:00.1234567Z`,
	category: 'SignInLogs',
	properties: {id: `id-${i}`, extra, note: 'a "quoted" } ] { [ \\ value'},
});

describe('a records document cut short', () => {
	it('keeps exactly the records whose text ends before the cut, wherever the cut falls', () => {
		fc.assert(
			fc.property(fc.array(fc.jsonValue(), {minLength: 1, maxLength: 6}), fc.nat(), (extras, at) => {
				const {text, ends} = documentOf(extras.map((x, i) => envelope(i, x)));
				const cut = at % text.length;
				const salvaged = salvageRecords(text.slice(0, cut));
				const whole = ends.filter(end => end <= cut).length;
				if (cut < '{"records": ['.length) expect(salvaged).toBeUndefined();
				else
					expect(salvaged?.records.map(r => (r as {properties: {id: string}}).properties.id)).toEqual(
						extras.slice(0, whole).map((_, i) => `id-${i}`),
					);
			}),
			{numRuns: 300},
		);
	});

	it('open shows the whole records and says which one was cut', async () => {
		const {text, ends} = documentOf([0, 1, 2].map(i => envelope(i, i)));
		const path = join(dir, 'PT1H.json');
		writeFileSync(path, text.slice(0, ends[1]! + 20));
		const run = await runCli(['open', path, '--output', 'ndjson'], join(dir, 'config'));
		expect(run.code).toBe(0);
		const ids = run.stdout
			.trim()
			.split('\n')
			.map(line => (JSON.parse(line) as {id: string}).id);
		expect(ids.sort()).toEqual(['id-0', 'id-1']);
		expect(run.stderr).toContain('record 3, the last, is cut short');
		expect(run.stderr).not.toContain('holds no sign-in');
	});

	it('a document cut after its last record loses nothing and says it ended early', async () => {
		const {text, ends} = documentOf([0, 1].map(i => envelope(i, i)));
		const path = join(dir, 'early.json');
		writeFileSync(path, text.slice(0, ends[1]! + 2));
		const run = await runCli(['open', path, '--output', 'ndjson'], join(dir, 'config'));
		expect(run.code).toBe(0);
		expect(run.stdout.trim().split('\n')).toHaveLength(2);
		expect(run.stderr).toContain(
			'ends before its records document closes (still being written?); its 2 records were read',
		);
		expect(run.stderr).not.toContain('left out');
	});

	it('a document that is not JSON before the cut is refused in one line', async () => {
		const path = join(dir, 'bad.json');
		writeFileSync(path, '{"records": [{"time": nope}, {"time":');
		const run = await runCli(['open', path, '--output', 'ndjson'], join(dir, 'config'));
		expect(run.code).toBe(2);
		expect(run.stderr.trim().split('\n')).toHaveLength(1);
	});
});
