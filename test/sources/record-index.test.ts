/**
 * `open FILE`'s record index (issue 10): a file whose head reads oldest first is read from its end, so that its newest
 * records are known first, and the index's places are typed arrays. The oracle of the final order is the index as it
 * was before (record-index-oracle.ts: read from the start, a stable sort, newest first and equal times in file
 * order): for random files of any order, equal times, CSV rows over several lines, last lines without a line end or
 * cut short, and lines left out, the records by rank, their line numbers, what was left out and any error are the
 * same. What a reader may show before the end (the settled positions) never moves and begins the final order.
 */
import {spawnSync} from 'node:child_process';
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {dirname, join} from 'node:path';
import {fileURLToPath} from 'node:url';
import fc from 'fast-check';
import {afterAll, describe, expect, it} from 'vitest';
import {indexRecords, rank, type PartialIndex} from '../../source/sources/record-index.js';
import {indexRecords as indexBefore} from './record-index-oracle.js';
import {shapeOf} from '../../source/sources/file-format.js';
import {reader} from '../../source/sources/file-records.js';
import {reportById} from '../../source/reports/index.js';
import {parseInstant} from '../../source/query/time.js';
import {emptyQuery, resolveQuery} from '../../source/query/query.js';
import {FileSource} from '../../source/sources/file-source.js';

const dir = mkdtempSync(join(tmpdir(), 'entra-logs-record-index-'));
afterAll(() => rmSync(dir, {recursive: true, force: true}));

const report = reportById('signins');
const TF = report.timeField;

/** Times with ties: the same second, the same millisecond with other nanoseconds. */
const TIMES = [
	'2026-11-19T12:00:00Z',
	'2026-11-19T12:00:00.5Z',
	'2026-11-19T12:00:00.5000001Z',
	'2026-11-19T12:00:01Z',
	'2026-11-19T12:00:01+00:00',
	'2026-11-19T12:00:02Z',
	'2026-11-19T12:00:03Z',
];
/** The instant each time is (two are the same instant written two ways). */
const rankOfTime = (t: number): number => {
	const i = parseInstant(TIMES[t])!;
	return i.ms * 1e6 + i.ns;
};

type Kind = 'record' | 'legacy' | 'no-time' | 'garbage' | 'array' | 'blank';
const item = fc.record({
	kind: fc.constantFrom<Kind>('record', 'record', 'record', 'record', 'legacy', 'no-time', 'garbage', 'array', 'blank'),
	time: fc.nat(TIMES.length - 1),
	pad: fc.oneof(fc.constant(0), fc.nat(300)),
	spans: fc.boolean(),
	space: fc.boolean(),
});
type Item = typeof item extends fc.Arbitrary<infer T> ? T : never;

const file = fc.record({
	layout: fc.constantFrom('ndjson', 'ndjson', 'json-lines', 'csv'),
	items: fc.array(item, {maxLength: 60}),
	order: fc.constantFrom('oldest', 'oldest', 'newest', 'any', 'swap'),
	swap: fc.tuple(fc.nat(), fc.nat()),
	eol: fc.constantFrom('\n', '\r\n'),
	tail: fc.constantFrom('end', 'none', 'cut', 'blank'),
	cut: fc.nat(),
	close: fc.boolean(),
	chunk: fc.constantFrom(64, 257, 4096, 1 << 20),
});

/** A file's text: the records in the order asked, each kind written as the layout writes it. */
function text(f: typeof file extends fc.Arbitrary<infer T> ? T : never): string {
	const items = [...f.items];
	const byTime = (a: Item, b: Item): number => rankOfTime(a.time) - rankOfTime(b.time);
	if (f.order === 'oldest' || f.order === 'swap') items.sort(byTime);
	if (f.order === 'newest') items.sort((a, b) => -byTime(a, b));
	if (f.order === 'swap' && items.length > 1) {
		const [i, j] = [f.swap[0] % items.length, f.swap[1] % items.length];
		[items[i], items[j]] = [items[j]!, items[i]!];
	}
	const lines = items.map((it, k) => {
		const time = TIMES[it.time]!;
		const pad = 'x'.repeat(it.pad);
		const lead = it.space ? '  ' : '';
		if (f.layout === 'csv') {
			if (it.kind === 'blank') return '';
			if (it.kind === 'no-time') return `r${k},,${pad}`;
			if (it.kind === 'garbage') return `r${k},${time},"never closed ${pad}`;
			return `r${k},${time},${it.spans ? `"two${f.eol}lines ${pad}"` : pad}`;
		}
		switch (it.kind) {
			case 'record':
				return `${lead}{"id":"r${k}","${TF}":"${time}","pad":"${pad}"}`;
			case 'legacy':
				return `${lead}{"id":"r${k}","signinDateTime":"${time}"}`;
			case 'no-time':
				return `{"id":"r${k}"}`;
			case 'garbage':
				return f.layout === 'ndjson' || it.spans ? `{"${TF}":"${time}", not json` : `not json ${k}`;
			case 'array':
				return '[1,2]';
			case 'blank':
				return it.space ? '   ' : '';
		}
	});
	let body: string[];
	if (f.layout === 'json-lines') {
		const records = lines.filter(l => l.trim() !== '');
		body = [
			'[',
			...records.map((l, k) => (k < records.length - 1 || !f.close ? `${l},` : l)),
			...(f.close ? [']'] : []),
		];
		// A comma missing or one too many now and then: the layout's error, said where the file first breaks it.
		if (f.swap[0] % 7 === 0 && records.length > 1)
			body[1 + (f.swap[1] % records.length)] = records[f.swap[1] % records.length]!;
	} else body = f.layout === 'csv' ? ['id,createdDateTime,note', ...lines] : lines;
	let out = body.join(f.eol);
	if (f.tail === 'end') out += f.eol;
	if (f.tail === 'blank') out += `${f.eol}  ${f.eol}`;
	if (f.tail === 'cut' && out.length > 0) out = out.slice(0, out.length - (f.cut % Math.min(40, out.length)));
	return out;
}

/** An index's records by rank (offset, length, line), what was left out, or the error it ends with. */
async function outcome(
	index: () => Promise<{
		count?: number;
		offsets: ArrayLike<number>;
		lengths: ArrayLike<number>;
		lineNumbers: ArrayLike<number>;
		order?: ArrayLike<number>;
		unterminated?: number;
		skippedTail?: number;
		skipped: {describe(unit: 'line'): string | undefined};
	}>,
): Promise<unknown> {
	try {
		const i = await index();
		const count = i.count ?? i.offsets.length;
		return {
			records: Array.from({length: count}, (_, k) => {
				const p = i.order ? i.order[k]! : k;
				return [i.offsets[p], i.lengths[p], i.lineNumbers[p]];
			}),
			unterminated: i.unterminated === undefined ? undefined : i.offsets[i.unterminated],
			skippedTail: i.skippedTail,
			skipped: i.skipped.describe('line'),
		};
	} catch (error) {
		const e = error as Error & {lineNumber?: number};
		return {error: `${e.constructor.name}: ${e.message} ${e.lineNumber ?? ''}`};
	}
}

let n = 0;
async function written(content: string): Promise<{
	path: string;
	layout: 'ndjson' | 'json-lines' | 'csv' | 'json';
	classify: (
		text: string,
		line: number,
		offset: number,
	) => ReturnType<typeof parseInstant> | 'not-object' | 'no-time' | 'unclosed-quote' | 'too-long';
}> {
	const path = join(dir, `f${n++}`);
	writeFileSync(path, content);
	const shape = await shapeOf(path, 1 << 20);
	const read = reader(shape.layout ?? 'ndjson', shape.header, report);
	return {
		path,
		layout: shape.layout ?? 'ndjson',
		classify: (t, line, offset) => {
			const r = read(t, line, offset);
			return typeof r === 'string' ? r : parseInstant(r[TF])!;
		},
	};
}

describe("the record index's final order", () => {
	it('is the order the index gave before, for random files of any order and layout; settled positions never move and begin it (fast-check)', async () => {
		await fc.assert(
			fc.asyncProperty(file, async f => {
				const {path, layout, classify} = await written(text(f));
				const before = await outcome(() => indexBefore(path, layout, TF, classify as never));
				const seen: Array<{offsets: number[]}> = [];
				let final: Awaited<ReturnType<typeof indexRecords>> | undefined;
				const now = await outcome(async () => {
					final = await indexRecords(
						path,
						layout,
						TF,
						classify as never,
						(p: PartialIndex) => {
							if (p.sorted) seen.push({offsets: Array.from(p.offsets.subarray(0, p.settled))});
						},
						undefined,
						f.chunk,
					);
					return final;
				});
				expect(now).toEqual(before);
				rmSync(path);
				if (!final) return;
				for (const {offsets} of seen) {
					// Where a reader found them: the same records at the same positions, whatever came after.
					expect(Array.from(final.offsets.subarray(0, offsets.length))).toEqual(offsets);
					// And in the final order's first places, when the file was in order all through.
					if (!final.order) expect(offsets.map((_, k) => final!.offsets[rank(final!, k)])).toEqual(offsets);
				}
			}),
			{numRuns: 400},
		);
	}, 120_000);

	it('a file written oldest first has its newest records settled, first, before its start is read', async () => {
		// 3,000 records, oldest first, in chunks of 4 KiB: what a reader may show before the end starts with the newest.
		const lines = Array.from(
			{length: 3000},
			(_, k) => `{"id":"r${k}","${TF}":"${new Date(Date.parse('2026-11-19T12:00:00Z') + k * 1000).toISOString()}"}`,
		);
		const {path, layout, classify} = await written(`${lines.join('\n')}\n`);
		let early: {settled: number; first: number} | undefined;
		const index = await indexRecords(
			path,
			layout,
			TF,
			classify as never,
			p => {
				if (!early && p.sorted && p.settled >= 100) early = {settled: p.settled, first: p.offsets[0]!};
			},
			undefined,
			4096,
		);
		expect(early).toBeDefined();
		expect(early!.settled).toBeLessThan(3000);
		// The file's last record, the newest, is the first found and the first of the final order.
		const last = Buffer.byteLength(lines.slice(0, -1).join('\n')) + 1;
		expect(early!.first).toBe(last);
		expect(index.offsets[rank(index, 0)]).toBe(last);
		expect(index.order).toBeUndefined();
		expect(index.lineNumbers[rank(index, 0)]).toBe(3000);
	});
});

describe('open FILE while a file read from its end is indexed', () => {
	const ALL_TYPES = ['interactive', 'non-interactive', 'service-principal', 'managed-identity'];
	const query = resolveQuery({...emptyQuery('signins'), eventTypes: ALL_TYPES as never});
	/** Lines of a file: records with equal times, records whose time is in their bytes but that are not JSON, blank lines. */
	const lines = fc
		.array(
			fc.record({time: fc.nat(40), kind: fc.constantFrom('record', 'record', 'record', 'record', 'broken', 'blank')}),
			{minLength: 150, maxLength: 400},
		)
		.chain(items =>
			fc.record({
				items: fc.constant(items),
				order: fc.constantFrom('oldest', 'oldest', 'swap', 'newest'),
				swap: fc.tuple(fc.nat(items.length - 1), fc.nat(items.length - 1)),
				tail: fc.constantFrom('\n', '', '{"createdDateTime":"2026-11-19T13:00:00Z","id":"cut'),
				broken: fc.boolean(),
			}),
		);

	it('gives every record once, in the sorted order unless it said otherwise, the first page before the count when in order, and the same note of what was left out (fast-check)', async () => {
		await fc.assert(
			fc.asyncProperty(lines, async ({items, order, swap, tail, broken}) => {
				const sorted = [...items].sort((a, b) => (order === 'newest' ? b.time - a.time : a.time - b.time));
				if (order === 'swap') [sorted[swap[0]], sorted[swap[1]]] = [sorted[swap[1]]!, sorted[swap[0]]!];
				const text = sorted.map((it, k) => {
					const time = new Date(Date.parse('2026-11-19T12:00:00Z') + it.time * 1000).toISOString();
					if (it.kind === 'blank') return '';
					if (it.kind === 'broken' && broken) return `{"createdDateTime":"${time}","id":"b${k}", broken`;
					return `{"id":"r${k}","createdDateTime":"${time}"}`;
				});
				const path = join(dir, `stream-${n++}.ndjson`);
				writeFileSync(path, `${text.join('\n')}\n${tail}`);
				const notes: string[] = [];
				const streamed: string[] = [];
				let countBeforeFirstPage: boolean | undefined;
				for await (const page of new FileSource(path, query, note => notes.push(note), true).pages()) {
					countBeforeFirstPage ??= notes.some(note => /^[\d,]+ records/.test(note));
					streamed.push(...page.records.map(r => String(r['id'])));
				}
				const full: string[] = [];
				const fullNotes: string[] = [];
				for await (const page of new FileSource(path, query, note => fullNotes.push(note)).pages())
					full.push(...page.records.map(r => String(r['id'])));
				rmSync(path);
				expect([...streamed].sort()).toEqual([...full].sort());
				if (!notes.some(note => note.includes('(r sorts it)'))) expect(streamed).toEqual(full);
				// What was left out, said the same way once the file is read (line numbers and all).
				const left = notes
					.at(-1)
					?.replace(/^[\d,]+ records( · )?/, '')
					.replace(/^not [^·]*\(r sorts it\)( · )?/, '');
				expect(left || undefined).toBe(fullNotes.at(-1));
				// In order, every record readable (a page of 100 needs no more of the file than its own records): the first page
				// came before the file was indexed whole.
				if ((order === 'oldest' || order === 'newest') && !(broken && items.some(it => it.kind === 'broken')))
					expect(countBeforeFirstPage).toBe(false);
			}),
			{numRuns: 100},
		);
	}, 120_000);
});

const CHILD = join(dirname(fileURLToPath(import.meta.url)), 'record-index-memory-child.ts');

describe("the record index's memory", () => {
	it('grows the process by under 32 bytes a record for 500,000 records, newest first or oldest first (resident, after GC)', () => {
		// The index's places: 16 bytes a record (an offset, a length, a line number) and the arrays' room to grow. As arrays
		// of numbers, 38-45 bytes a record in the same child.
		for (const order of ['newest', 'oldest']) {
			const run = spawnSync(
				process.execPath,
				['--max-semi-space-size=1', '--expose-gc', '--import', 'tsx', CHILD, '500000', order],
				{encoding: 'utf8', timeout: 120_000},
			);
			expect(run.stderr).toBe('');
			const {perRecord, count} = JSON.parse(run.stdout) as {perRecord: number; count: number};
			expect(count).toBe(500_000);
			expect(perRecord).toBeLessThan(32);
		}
	}, 240_000);
});
