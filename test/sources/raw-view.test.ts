/**
 * The detail's raw JSON and y show a record read from a file as it was written: numbers past 2^53 and decimals such as
 * 1.10 were rewritten by JSON.parse (…567890 → …567000, 1.10 → 1.1). The layout is JSON.stringify(…, null, 2)'s,
 * checked against JSON.stringify itself for any JSON whose numbers survive a parse. The detail's "Other properties"
 * shows such numbers as written too.
 */
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import fc from 'fast-check';
import {afterAll, describe, expect, it} from 'vitest';
import {FileSource} from '../../source/sources/file-source.js';
import {emptyQuery, resolveQuery} from '../../source/query/query.js';
import {jsonLines, keepRawText, readableJson} from '../../source/reports/json-text.js';
import type {GraphRecord} from '../../source/reports/report.js';
import {detailLines} from '../../source/ui/screens/record-detail.js';
import {fixedStore} from '../helpers/screen.js';

const dir = mkdtempSync(join(tmpdir(), 'entra-logs-raw-view-'));
afterAll(() => rmSync(dir, {recursive: true, force: true}));

async function firstRecord(text: string): Promise<object> {
	const file = join(dir, `r-${Math.random().toString(36).slice(2)}.ndjson`);
	writeFileSync(file, text);
	for await (const page of new FileSource(file, resolveQuery(emptyQuery('signins'))).pages()) {
		if (page.records.length > 0) return page.records[0]!;
	}
	throw new Error('no record');
}

describe('a record from a file, shown and copied as it was written', () => {
	it('keeps 2^64, 1.10, 1E3 and -0.0 as written, in the detail lines and in y', async () => {
		const line =
			'{"id":"a","createdDateTime":"2026-11-30T19:15:41.6195833Z","big":12345678901234567890,"flt":1.10,"exp":1E3,"neg":-0.0,"s":"a \\"q\\" , : { ["}\n';
		const record = await firstRecord(line);
		const copied = readableJson(record);
		for (const literal of ['12345678901234567890', '1.10', '1E3', '-0.0', '"a \\"q\\" , : { ["', '41.6195833Z'])
			expect(copied).toContain(literal);
		expect([...jsonLines(record, 2, 80)].join('\n')).toBe(copied);
		expect(copied).toBe(
			[
				'{',
				'  "id": "a",',
				'  "createdDateTime": "2026-11-30T19:15:41.6195833Z",',
				'  "big": 12345678901234567890,',
				'  "flt": 1.10,',
				'  "exp": 1E3,',
				'  "neg": -0.0,',
				'  "s": "a \\"q\\" , : { ["',
				'}',
			].join('\n'),
		);
	});

	it('lays out any JSON object as JSON.stringify(value, null, 2) does, from compact or pretty text', () => {
		fc.assert(
			fc.property(fc.dictionary(fc.string(), fc.jsonValue()), fc.integer({min: 0, max: 4}), (value, spaces) => {
				const text = JSON.stringify(value, null, spaces);
				const record = JSON.parse(text) as object;
				keepRawText(record, text);
				const expected = JSON.stringify(JSON.parse(text), null, 2);
				expect(readableJson(record)).toBe(expected);
				expect([...jsonLines(record, 2)].join('\n')).toBe(expected);
			}),
			{numRuns: 300},
		);
	});

	it("the detail's Other properties show a file's numbers as written: 2^64, 1.10, 1E3, in nested objects and lists", async () => {
		const line =
			'{"id":"b","createdDateTime":"2026-11-30T19:15:41.6195833Z","big":12345678901234567890,"x":{"n":1E3,"list":[1,2.50]},"s":"1.10","flt":1.10}\n';
		const record = (await firstRecord(line)) as GraphRecord;
		const store = await fixedStore('signins', [record]);
		const lines = detailLines(store.getSnapshot(), 0).map(l => l.text);
		store.close();
		const other = lines.slice(lines.indexOf('Other properties') + 1, lines.indexOf('Raw JSON'));
		expect(other.map(l => l.trim().split(/ {2,}/))).toEqual([
			['big', '12345678901234567890'],
			['x.n', '1E3'],
			['x.list', '1, 2.50'],
			['s', '1.10'],
			['flt', '1.10'],
		]);
	});
});
