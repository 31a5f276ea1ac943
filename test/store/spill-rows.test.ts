/**
 * The store's compact parts against what they stand for: records kept as text (in memory, then spilled) come back as
 * the very text they came as, for any index, whatever a record holds; rows kept by column come back as the cells
 * and tones they were given; and the list's rows are the report's columns computed from the full records read back.
 */
import fc from 'fast-check';
import {existsSync, statSync} from 'node:fs';
import {describe, expect, it} from 'vitest';
import {generateTenant} from '../../source/emulator/tenant/tenant.js';
import {emptyQuery, resolveQuery} from '../../source/query/query.js';
import {jsonText, keepRawText, rawTextOf} from '../../source/reports/json-text.js';
import type {GraphRecord, Tone} from '../../source/reports/report.js';
import {RecordStore} from '../../source/store/record-store.js';
import {Rows} from '../../source/store/rows.js';
import {SpillableRecords, SPILL_BLOCK} from '../../source/store/spill.js';
import {clipLine} from '../../source/terminal/sanitize.js';
import {fixedSource} from '../helpers/screen.js';

/** The text a record must come back as: the one it was read from, else JSON's (JSON.stringify where it can). */
function expectedText(record: GraphRecord): string {
	const raw = rawTextOf(record);
	if (raw !== undefined) return raw;
	try {
		return JSON.stringify(record);
	} catch {
		return jsonText(record); // deeper than JSON.stringify goes (test/robust/json-text.test.ts holds them equal)
	}
}

/** How a hostile record arrives: parsed from Graph (no text kept), or from a file (its own text, in any layout). */
const FORMS = ['graph', 'file', 'pretty', 'lone surrogate'] as const;

/** Any JSON a property may hold: fc.anything(), 10,000 levels, numbers JSON.parse would round, escapes. */
const hostileJson = fc.oneof(
	{weight: 8, arbitrary: fc.anything().map(v => JSON.stringify(v) ?? 'null')},
	{
		weight: 2,
		arbitrary: fc.constantFrom(
			`${'{"a":['.repeat(10_000)}"x"${']}'.repeat(10_000)}`,
			`${'['.repeat(10_000)}${']'.repeat(10_000)}`,
			'18446744073709551616',
			'1.50',
			'-0',
			'1e308',
			'"Ren\\u00e9e \\ud83d\\ude00 \\ud800"',
			'"\\u001b]52;c;eA==\\u0007\\u001b[2J"',
		),
	},
);

/** A real record with some of its properties replaced by hostile JSON, as the form it arrives in. */
function hostileRecord(base: GraphRecord, edits: ReadonlyArray<readonly [number, string]>, form: string): GraphRecord {
	const keys = Object.keys(base);
	const copy: Record<string, unknown> = {...base};
	const marked = new Map<string, string>();
	for (const [at, json] of edits) {
		const marker = `__hostile_${marked.size}__`;
		copy[keys[at % keys.length]!] = marker;
		marked.set(marker, json);
	}
	let text = JSON.stringify(copy);
	for (const [marker, json] of marked) text = text.replace(`"${marker}"`, () => json);
	// A file's record over several lines, or holding a lone surrogate (valid to JSON.parse, not to UTF-8).
	if (form === 'pretty') text = `\n  ${text.replace(/^\{/, '{\n    ')}\r\n`;
	if (form === 'lone surrogate') text = `{"s":"\ud800 \udfff","t":"\u2028",${text.slice(1)}`;
	const record = JSON.parse(text) as GraphRecord;
	if (form !== 'graph') keepRawText(record, text);
	return record;
}

const signIns = generateTenant({seed: 'spill', signIns: 60, hostileRecords: 0}).signIns.slice(0, 30);
const arbitraryRecord = fc
	.tuple(
		fc.constantFrom(...signIns),
		fc.array(fc.tuple(fc.nat(), hostileJson), {maxLength: 2}),
		fc.constantFrom(...FORMS),
	)
	.map(([base, edits, form]) => hostileRecord(base, edits, form));

describe('records kept as text', () => {
	it('give back the text each came as, for any index, in memory or spilled, and the file goes at close', () => {
		fc.assert(
			fc.property(
				// Enough records that most go to the file, whatever the bound.
				fc.array(arbitraryRecord, {minLength: 70, maxLength: 130, size: 'max'}),
				fc.nat({max: 30}),
				fc.array(fc.integer({min: 1, max: 50}), {minLength: 1, maxLength: 8}),
				fc.array(fc.nat(), {maxLength: 30}),
				(records, limit, pageSizes, probes) => {
					const expected = records.map(expectedText);
					const kept = new SpillableRecords(limit);
					try {
						for (let at = 0, p = 0; at < records.length; p++) {
							const size = pageSizes[p % pageSizes.length]!;
							kept.push(records.slice(at, at + size));
							at += size;
						}
						expect(kept.length).toBe(records.length);
						expect(kept.spilled % SPILL_BLOCK).toBe(0);
						expect(kept.spilled).toBeGreaterThanOrEqual(records.length - limit - 50 - SPILL_BLOCK);
						expect(kept.spilled).toBeGreaterThan(0);
						// Random reads (the detail jumping about), then every one in order, then the iterator.
						for (const probe of probes) {
							const i = probe % records.length;
							expect(expectedText(kept.at(i)!)).toBe(expected[i]);
						}
						for (let i = 0; i < records.length; i++) {
							expect(kept.text(i)).toBe(rawTextOf(records[i]!) ?? jsonText(records[i]!));
							expect(expectedText(kept.at(i)!)).toBe(expected[i]);
						}
						let i = 0;
						for (const r of kept) expect(expectedText(r)).toBe(expected[i++]);
						expect(i).toBe(records.length);
						expect(kept.at(records.length)).toBeUndefined();
						expect(kept.at(-1)).toBeUndefined();
						expect(kept.at(0.5)).toBeUndefined();
					} finally {
						const file = kept.spillFile;
						kept.close();
						if (file) expect(existsSync(file)).toBe(false);
					}
				},
			),
			{numRuns: 30},
		);
	}, 300_000);

	it('a record read back twice is the same object (the detail renders it again and again)', () => {
		const kept = new SpillableRecords(0);
		const records = Array.from({length: 200}, (_, i) => ({id: `r${i}`, n: i}));
		kept.push(records);
		try {
			expect(kept.spilled).toBe(192);
			for (const i of [0, 5, 100, 191, 199]) expect(kept.at(i)).toBe(kept.at(i));
			expect(kept.at(3)).toEqual(records[3]);
		} finally {
			kept.close();
		}
	});
});

describe('rows kept by column', () => {
	const tones: readonly Tone[] = ['default', 'success', 'failure', 'warning', 'muted'];
	// Cells that repeat (users, statuses), that never do (times), long ones, and any text at all.
	const cell = fc.oneof(
		fc.constantFrom('alice@contoso.com', 'bob@contoso.com', 'Success', 'Failure', '', 'Ren\u00e9e \u{1f600}'),
		fc.string({unit: 'binary', maxLength: 40}),
		fc.string({minLength: 250, maxLength: 400}),
		fc.nat().map(n => `2026-11-30 12:${String(n % 60).padStart(2, '0')}:${n}`),
	);

	it('give back the cells and tones they were given, for any row', () => {
		fc.assert(
			fc.property(
				fc
					.integer({min: 1, max: 6})
					.chain(columns =>
						fc.tuple(
							fc.constant(columns),
							fc.array(
								fc.tuple(
									fc.array(cell, {minLength: columns, maxLength: columns}),
									fc.array(fc.constantFrom(...tones), {minLength: columns, maxLength: columns}),
								),
								{maxLength: 300},
							),
							fc.array(fc.integer({min: 1, max: 120}), {minLength: 1, maxLength: 5}),
						),
					),
				([columns, given, pages]) => {
					const rows = new Rows(columns);
					for (let at = 0, p = 0; at < given.length; p++) {
						const page = given.slice(at, at + pages[p % pages.length]!);
						rows.push(
							page.map(([c]) => c),
							page.map(([, t]) => t),
						);
						at += page.length;
					}
					expect(rows.length).toBe(given.length);
					for (let i = given.length - 1; i >= 0; i--) {
						expect(rows.cells(i)).toEqual(given[i]![0]);
						for (let c = 0; c < columns; c++) expect(rows.tone(i, c)).toBe(given[i]![1][c]);
					}
					expect(rows.cells(given.length)).toEqual([]);
				},
			),
			{numRuns: 200},
		);
	});

	it.each([
		['kept in memory', false],
		["put in the store's file", true],
	])(
		'a column whose values stop repeating (past 4,096 distinct) keeps every value, long ones too, pages staged ahead or not; full chunks %s read back in any order',
		(_, inFile) => {
			const n = 20_000;
			const cellsOf = (i: number): string[] => [
				new Date(Date.UTC(2026, 10, 30) - i * 997).toISOString(),
				i % 613 === 5 ? `lone \ud800 ${i} \udfff` : `user${i % 300}@contoso.com`,
				i % 1000 === 7 ? `${'x'.repeat(70_000)}${i}` : i % 501 === 3 ? `\ud83d ${i}` : `ip ${i % 70_000}`,
				String(i),
			];
			const store = inFile ? new SpillableRecords(256) : undefined;
			const rows = new Rows(4, store);
			for (let at = 0; at < n; at += 100) {
				const page = Array.from({length: 100}, (_, k) => cellsOf(at + k));
				const pageTones = page.map((_, k): Tone[] => [tones[(at + k) % 5]!, 'default', 'muted', tones[(at + k) % 3]!]);
				// Every other page staged first (as a prefetched page is, while the user reads): unseen until its push.
				if (at % 200 === 100) {
					rows.stage(page, pageTones);
					expect(rows.length).toBe(at);
					expect(rows.cells(at)).toEqual([]);
					expect(rows.find(cellsOf(at + 50)[0]!, 0)).toBe(-1);
				}
				rows.push(page, pageTones);
			}
			for (let i = 0; i < n; i += 1 + (i % 7)) {
				expect(rows.cells(i)).toEqual(cellsOf(i));
				expect(rows.tone(i, 0)).toBe(tones[i % 5]);
				expect(rows.tone(i, 3)).toBe(tones[i % 3]);
			}
			expect(rows.find('user299@', 0)).toBe(299);
			// Rows of every chunk, in an order that leaves no chunk decoded when it is read again.
			for (let k = 0; k < 600; k++) {
				const i = (k * 7919 + (k % 3) * 4096) % n;
				expect(rows.cells(i)).toEqual(cellsOf(i));
				expect(rows.tone(i, 0)).toBe(tones[i % 5]);
			}
			expect(rows.find(`lone \ud800 ${613 * 30 + 5} `, 0)).toBe(613 * 30 + 5);
			if (store) {
				const file = store.partsFile!;
				expect(statSync(file).size).toBeGreaterThan(0);
				expect(statSync(file).mode & 0o777).toBe(0o600);
				store.close();
				expect(existsSync(file)).toBe(false);
				// A last frame of a list that was replaced reads blanks, not an error; the rows not yet full still read.
				expect(rows.cells(0)).toEqual(['', '', '', '']);
				expect(rows.cells(n - 1)).toEqual(cellsOf(n - 1));
			}
		},
	);
});

describe('the list of a store', () => {
	it("rows are the report's columns of the full records read back (spilled), for every row", async () => {
		const tenant = generateTenant({seed: 'rows-vs-records', signIns: 3000, hostileRecords: 40});
		const store = new RecordStore(
			q => ({source: fixedSource(tenant.signIns, 250), report: resolveQuery(q).report}),
			100,
		);
		try {
			store.setQuery({
				...emptyQuery('signins'),
				eventTypes: ['interactive', 'non-interactive', 'service-principal', 'managed-identity'],
			});
			for (let i = 0; i < 1000 && (store.getSnapshot().loading || store.getSnapshot().more); i++) {
				if (store.getSnapshot().loading) await new Promise(r => setTimeout(r, 5));
				else await store.loadNext();
			}
			const snap = store.getSnapshot();
			expect(snap.rows.length).toBe(tenant.signIns.length);
			expect(snap.records.spilled).toBeGreaterThan(2800);
			const columns = snap.report!.columns;
			for (let i = 0; i < snap.rows.length; i++) {
				const record = snap.records.at(i)!;
				expect(expectedText(record)).toBe(JSON.stringify(tenant.signIns[i]));
				expect(snap.rows.cells(i)).toEqual(columns.map(c => clipLine(c.value(record))));
				columns.forEach((c, k) => expect(snap.rows.tone(i, k)).toBe(c.tone?.(record) ?? 'default'));
			}
		} finally {
			store.close();
		}
	}, 120_000);
});
