/**
 * The summary's per-record columns kept in chunks (source/triage/columns.ts): sealed chunks encoded, in memory or in
 * a real spill file, decoded for the detections. The summary and its detections are those of the plain
 * columns (a chunk bigger than the records: nothing ever encoded, what the summary kept before), and, where the records
 * themselves can say, of the records: each detection's ids are its records' ids, the histogram and first and last
 * time are histogramOf's over the records' own times. Their memory is measured in a process of its own (--expose-gc).
 */
import {spawnSync} from 'node:child_process';
import {dirname, join} from 'node:path';
import {fileURLToPath} from 'node:url';
import fc from 'fast-check';
import {afterAll, describe, expect, it} from 'vitest';
import {IntColumn, MemoryChunks, SignInChunks, type ChunkStore} from '../../source/triage/columns.js';
import {INT_COLUMNS} from '../../source/triage/summary-model.js';
import {histogramOf} from '../../source/triage/histogram.js';
import {Summarizer, type Summary} from '../../source/triage/summary.js';
import {timeOf} from '../../source/triage/values.js';
import {chunkFile, SpillableRecords} from '../../source/store/spill.js';
import {cleanWeek, PLANTED, type Rec} from './planted.js';

const CHILD = join(dirname(fileURLToPath(import.meta.url)), 'summary-memory-child.ts');
const hex = fc.constantFrom(...'0123456789abcdefABCDEF-g');

const week = [...cleanWeek(), ...Object.values(PLANTED).flatMap(make => make())].sort((a, b) =>
	(b['createdDateTime'] as string).localeCompare(a['createdDateTime'] as string),
);
const spills: SpillableRecords[] = [];
afterAll(() => {
	for (const s of spills) s.close();
});

/** Chunks kept in memory, or in a real spill file (closed after the tests). */
function storeOf(spilled: boolean): ChunkStore {
	if (!spilled) return new MemoryChunks();
	const spill = new SpillableRecords(256);
	spills.push(spill);
	return chunkFile(spill);
}

/** What a record's id reads as in a detection ('' for none, a number as text). */
const idOf = (r: unknown): string => {
	const id = (r as {id?: unknown} | null)?.id;
	return typeof id === 'string' ? id : typeof id === 'number' ? String(id) : '';
};

/** Some of the week's records changed: ids, times, places, addresses and codes of any shape. */
const mutation = fc.record({
	at: fc.nat(),
	id: fc.option(
		fc.oneof(
			fc.uuid(),
			fc.uuid().map(s => s.toUpperCase()),
			fc.array(hex, {minLength: 36, maxLength: 36}).map(a => a.join('')),
			fc.string({unit: 'binary'}),
			fc.integer(),
		),
	),
	time: fc.option(
		fc.oneof(
			fc
				.date({min: new Date('0100-01-01T00:00:00Z'), max: new Date('9999-12-31T23:59:59Z'), noInvalidDate: true})
				.map(d => d.toISOString()),
			fc.integer({min: 0, max: 9_999_999}).map(ms => new Date(Date.parse('2026-11-05T00:00:00Z') + ms).toISOString()),
			fc.constantFrom('2026-11-05T10:00:00.1234567Z', '2026-11-05T10:00:00+02:00', 'not a time', ''),
		),
	),
	geo: fc.option(
		fc.record({latitude: fc.oneof(fc.double(), fc.constant('x')), longitude: fc.oneof(fc.double(), fc.constant(null))}),
	),
	ip: fc.option(fc.integer({min: 0, max: 70_000}).map(n => `10.${n >> 16}.${(n >> 8) & 255}.${n & 255}`)),
	code: fc.option(fc.oneof(fc.integer(), fc.constantFrom(50126, 50053, 0, 50074, 500121))),
});

type Mutation = typeof mutation extends fc.Arbitrary<infer T> ? T : never;

function mutated(changes: readonly Mutation[]): unknown[] {
	const records: unknown[] = week.map(r => ({...r}));
	for (const c of changes) {
		const r = records[c.at % records.length] as Rec;
		if (c.id !== null) (r as Record<string, unknown>)['id'] = c.id;
		if (c.time !== null) r['createdDateTime'] = c.time;
		if (c.geo !== null) r['location'] = {...(r['location'] as object), geoCoordinates: c.geo};
		if (c.ip !== null) r['ipAddress'] = c.ip;
		if (c.code !== null) r['status'] = {...(r['status'] as object), errorCode: c.code};
	}
	return records;
}

function summaryOf(records: readonly unknown[], chunk: number, store?: ChunkStore): Summary {
	const s = new Summarizer('signins', {chunk, store});
	for (const r of records) s.addOne(r);
	return s.result();
}

describe('the summary over chunked columns', () => {
	it('equals the summary over plain columns, for any chunk size, in memory or in a spill file', () => {
		fc.assert(
			fc.property(
				fc.array(mutation, {maxLength: 40}),
				fc.integer({min: 1, max: 900}),
				fc.boolean(),
				(changes, chunk, spilled) => {
					const records = mutated(changes);
					const plain = summaryOf(records, records.length + 1);
					expect(summaryOf(records, chunk, storeOf(spilled))).toEqual(plain);
					// The records themselves: each detection's ids are its records', and the times are theirs.
					for (const d of plain.detections) expect(d.ids).toEqual(d.indices.map(i => idOf(records[i])));
					const times = Float64Array.from(records, r => timeOf((r as Rec)['createdDateTime']));
					expect(plain.histogram).toEqual(histogramOf(times, times.length));
					const dated = [...times].filter(t => !Number.isNaN(t));
					expect([plain.from, plain.to]).toEqual(
						dated.length > 0
							? [new Date(Math.min(...dated)).toISOString(), new Date(Math.max(...dated)).toISOString()]
							: ['', ''],
					);
				},
			),
			{numRuns: 25},
		);
	}, 120_000);

	it('the planted week: every detection found, the same with chunks of 1, 7 and 4,096', () => {
		const plain = summaryOf(week, week.length + 1);
		expect(plain.detections.length).toBeGreaterThanOrEqual(9);
		for (const chunk of [1, 7, 4096]) expect(summaryOf(week, chunk)).toEqual(plain);
	});

	it('a chunk whose bytes are gone (its list closed) reads as records no detection takes, without throwing', () => {
		const spill = new SpillableRecords(256);
		const s = new Summarizer('signins', {chunk: 100, store: chunkFile(spill)});
		s.add(week);
		spill.close();
		const after = s.result();
		expect(after.total).toBe(week.length);
		for (const d of after.detections) expect(d.indices.every(i => i >= Math.floor(week.length / 100) * 100)).toBe(true);
	});

	it('every column reads back as the plain arrays hold it, and the ids as given: any values, chunk sizes and stores', () => {
		const int = fc.oneof(fc.integer({min: -1, max: 100}), fc.integer({min: -40_000, max: 70_000}), fc.integer());
		const row = fc.record({
			// Mostly whole ms close together (stored as steps), else anything (stored as it is).
			time: fc.oneof(
				{arbitrary: fc.integer({min: 1_700_000_000_000, max: 1_700_000_100_000}), weight: 30},
				fc.integer({min: 1_700_000_000_000, max: 1_800_000_000_000}),
				fc.double(),
				fc.constant(Number.NaN),
				fc.constant(2 ** 53),
			),
			outcome: fc.integer({min: 0, max: 3}),
			lat: fc.double(),
			lon: fc.double(),
			ints: fc.array(int, {minLength: INT_COLUMNS.length, maxLength: INT_COLUMNS.length}),
			id: fc.oneof(
				fc.uuid(),
				fc.uuid().map(u => u.toUpperCase()),
				fc.string({unit: 'binary'}),
			),
		});
		fc.assert(
			fc.property(
				fc.array(row, {maxLength: 400}),
				fc.integer({min: 1, max: 150}),
				fc.boolean(),
				(rows, size, spilled) => {
					const chunks = new SignInChunks(storeOf(spilled), size);
					for (const r of rows) {
						const k = chunks.next();
						chunks.id(k, r.id);
						chunks.time[k] = r.time;
						chunks.outcome[k] = r.outcome;
						chunks.lat[k] = r.lat;
						chunks.lon[k] = r.lon;
						INT_COLUMNS.forEach((c, j) => chunks.ints[c].set(k, r.ints[j]!));
					}
					const d = chunks.decode();
					expect(Array.from(d.time)).toEqual(rows.map(r => r.time));
					expect(Array.from(d.outcome)).toEqual(rows.map(r => r.outcome));
					expect(Array.from(d.lat)).toEqual(rows.map(r => r.lat));
					expect(Array.from(d.lon)).toEqual(rows.map(r => r.lon));
					INT_COLUMNS.forEach((c, j) =>
						expect(Array.from(d.ints[c])).toEqual(Array.from(Int32Array.from(rows, r => r.ints[j]!))),
					);
					const some = rows.map((_, i) => i).filter(i => i % 3 !== 1);
					expect(chunks.idsOf(some)).toEqual(some.map(i => rows[i]!.id));
				},
			),
			{numRuns: 200},
		);
	});

	it('integers read back as an Int32Array holds them, however wide they get', () => {
		const value = fc.oneof(
			fc.integer({min: -1, max: 200}),
			fc.integer({min: -40_000, max: 70_000}),
			fc.integer(),
			fc.double(),
		);
		fc.assert(
			fc.property(fc.array(value, {maxLength: 300}), values => {
				const column = new IntColumn(values.length);
				const plain = new Int32Array(values.length);
				values.forEach((v, i) => {
					column.set(i, v);
					plain[i] = v;
				});
				expect(Array.from(column.data.subarray(0, values.length))).toEqual(Array.from(plain));
			}),
			{numRuns: 300},
		);
	});

	it("the summary of 200,000 sign-ins keeps under 100 bytes a record in memory, and its columns stay outside malloc's heap", () => {
		const run = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', CHILD, '200000'], {
			encoding: 'utf8',
			timeout: 170_000,
		});
		expect(run.stderr).toBe('');
		const {counted, perRecord, heapGrowth} = JSON.parse(run.stdout.trim()) as {
			counted: number;
			perRecord: number;
			heapGrowth: number;
		};
		expect(counted).toBe(200_000);
		// 171-191 bytes with a string an id and an Int32Array a value; about 55 in memory chunks.
		expect(perRecord).toBeLessThan(100);
		// Outside malloc's main heap: about 2 MB grew; 28 MB when the columns were grown by copying in malloc's memory.
		expect(heapGrowth / 1e6).toBeLessThan(8);
	}, 180_000);

	it("the TUI's summary of 400,000 sign-ins, its chunks in a spill file, grows the process by under 15 bytes a record", () => {
		const run = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', CHILD, '400000', 'spill'], {
			encoding: 'utf8',
			timeout: 170_000,
		});
		expect(run.stderr).toBe('');
		const {counted, rssPerRecord} = JSON.parse(run.stdout.trim()) as {counted: number; rssPerRecord: number};
		expect(counted).toBe(400_000);
		// About 70 bytes a sign-in with the columns in memory (resizable buffers grown in place, which V8's external
		// memory does not count as they grow: the process's RSS does); next to nothing with them in the file.
		expect(rssPerRecord).toBeLessThan(15);
	}, 180_000);
});
