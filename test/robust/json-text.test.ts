/**
 * JSON of any depth: json-text.ts writes what JSON.stringify writes (the oracle, wherever it manages), without
 * recursion, so 10,000 levels come out whole; and every report reads any value in any property of a real record
 * through its accessors without needing the last-resort guard.
 */
import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {jsonBrief, jsonLines, jsonText, readableJson} from '../../source/reports/json-text.js';
import {REPORTS} from '../../source/reports/index.js';
import {defineReport, type GraphRecord} from '../../source/reports/report.js';
import {deepJson} from './harness.js';
import {pathsOf, sampleRecords} from './hostile.js';

describe('json-text', () => {
	it('writes what JSON.stringify writes, compact and indented, line by line', () => {
		fc.assert(
			fc.property(
				fc.anything({withNullPrototype: true, withSparseArray: true, withBoxedValues: true}),
				fc.constantFrom(0, 2, 4),
				(value, indent) => {
					const expected = JSON.stringify(value, null, indent) ?? '';
					expect([...jsonLines(value, indent)].join(indent > 0 ? '\n' : '')).toBe(expected);
					expect(jsonText(value, indent)).toBe(expected);
				},
			),
			{numRuns: 500},
		);
	});

	it('10,000 levels of nesting: JSON.stringify throws, jsonText writes the text it was parsed from', () => {
		for (const text of [deepJson(10_000), `${'['.repeat(10_000)}${']'.repeat(10_000)}`]) {
			const value = JSON.parse(text) as unknown;
			expect(() => JSON.stringify(value)).toThrow(RangeError);
			expect(jsonText(value)).toBe(text);
			// To read: compact, since indenting 10,000 levels would run to hundreds of megabytes.
			expect(readableJson(value)).toBe(text);
			expect(jsonBrief(value, 50)).toBe(`${text.slice(0, 50)}…`);
		}
		// Shallow enough to indent: the same text as JSON.stringify's would be.
		const value = JSON.parse(deepJson(500)) as unknown;
		expect(readableJson(value)).toBe(JSON.stringify(value, null, 2));
	});

	it('stops early: the first lines of a huge value cost no more than themselves', () => {
		const huge = Array.from({length: 2_000_000}, (_, i) => ({i}));
		const started = performance.now();
		const first: string[] = [];
		for (const line of jsonLines(huge, 2)) if (first.push(line) === 10) break;
		expect(first.slice(0, 3)).toEqual(['[', '  {', '    "i": 0']);
		expect(jsonBrief(huge, 20)).toBe('[{"i":0},{"i":1},{"i…');
		expect(performance.now() - started).toBeLessThan(1000);
	});
});

/** The values that used to crash a report, and a few more of every JSON type (parsed once: they are only read). */
const NASTY: ReadonlyArray<readonly [string, unknown]> = [
	'{}',
	'[null]',
	'[]',
	'""',
	'"x"',
	'-1',
	'true',
	'null',
	'[{}]',
	'[1,"a",{}]',
	deepJson(10_000),
	`${'['.repeat(10_000)}${']'.repeat(10_000)}`,
].map(json => [json.slice(0, 30), JSON.parse(json) as unknown] as const);

/** A copy of a record (by its JSON) with `path` (a/b/0/c) set to `value`. */
function withValue(json: string, path: string, value: unknown): GraphRecord {
	const copy = JSON.parse(json) as Record<string, unknown>;
	const parts = path.split('/');
	let cur = copy;
	for (const p of parts.slice(0, -1)) cur = cur[p] as Record<string, unknown>;
	cur[parts.at(-1)!] = value;
	return copy as GraphRecord;
}

describe('every report reads any value in any property of a real record', () => {
	it('the last resort: a section, cell, tone or pivot that throws shows "(unreadable…)" and the rest still shows', () => {
		const boom = (): never => {
			throw new TypeError('r.x.map is not a function');
		};
		const [signIns] = REPORTS;
		const report = defineReport({
			...signIns!,
			columns: [{key: 'bad', label: 'Bad', width: 5, value: boom, tone: boom}, ...signIns!.columns],
			details: [{title: 'Bad', lines: boom}, ...signIns!.details],
			pivots: [{key: 'u', label: 'bad', field: 'user', value: boom}],
			summary: boom,
		});
		const r = sampleRecords('signins')[0]!;
		expect(report.columns[0]!.value(r)).toBe('(unreadable)');
		expect(report.columns[0]!.tone!(r)).toBe('muted');
		expect(report.columns[1]!.value(r)).toMatch(/^\d{4}-\d\d-\d\d /);
		expect(report.details[0]!.lines(r)).toEqual([['(unreadable)', 'r.x.map is not a function: see the raw JSON']]);
		expect(report.details[1]!.lines(r).length).toBeGreaterThan(5);
		expect(report.pivots[0]!.value(r)).toBeUndefined();
		expect(report.summary(r)).toBe('(unreadable)');
	});

	it.each(REPORTS.map(r => [r.id, r] as const))(
		'%s: cells, tones, sections, pivots and summary, with no "(unreadable" fallback',
		(_id, report) => {
			let checked = 0;
			// Two different records of the report, every path in them (to two items of each list), every value above.
			for (const record of sampleRecords(report.id).slice(0, 2)) {
				const json = JSON.stringify(record);
				for (const path of pathsOf(record)) {
					for (const [name, value] of NASTY) {
						const r = withValue(json, path, value);
						const texts = [
							...report.columns.map(c => c.value(r)),
							...report.columns.map(c => c.tone?.(r) ?? 'default'),
							...report.details.flatMap(s => s.lines(r).flat()),
							...report.pivots.map(p => p.value(r) ?? ''),
							report.summary(r),
						];
						for (const t of texts) expect(typeof t).toBe('string');
						const unreadable = texts.find(t => t.startsWith('(unreadable'));
						expect(unreadable, `${path} = ${name}`).toBeUndefined();
						checked++;
					}
				}
			}
			expect(checked).toBeGreaterThan(1000);
		},
		120_000,
	);
});
