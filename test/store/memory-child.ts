/**
 * Run by store-memory.test.ts in a process of its own with --expose-gc: the record store paging through N sign-ins
 * (the emulator's generated ones, scaled as its bench table is), each page parsed from its JSON text as Graph's
 * would be, and every page there at once (no I/O between them: one job). Prints the JS heap after a full GC before
 * the first page and after the last, as one JSON line.
 */
import {scaledTable} from '../../source/emulator/graph/records.js';
import {generateTenant} from '../../source/emulator/tenant/tenant.js';
import {emptyQuery, resolveQuery} from '../../source/query/query.js';
import type {GraphRecord} from '../../source/reports/report.js';
import type {RecordSource, SourcePage} from '../../source/sources/source.js';
import {RecordStore} from '../../source/store/record-store.js';
import {getHeapSpaceStatistics} from 'node:v8';

const total = Number(process.argv[2]);
const PAGE = 1000;
const source: RecordSource = {
	origin: '0',
	async *pages(_signal?: AbortSignal, from = '0'): AsyncIterable<SourcePage> {
		for (let i = Number(from); i < total; i += PAGE) {
			const records = Array.from({length: Math.min(PAGE, total - i)}, (_, k) => table.at(i + k)!);
			const page = JSON.parse(JSON.stringify(records)) as GraphRecord[];
			const next = i + PAGE < total ? String(i + PAGE) : undefined;
			yield {records: page, fetched: page.length, from: String(i), next};
		}
	},
};
const gc = (globalThis as {gc?: () => void}).gc!;
const youngSize = (): number => getHeapSpaceStatistics().find(s => s.space_name === 'new_space')!.space_size;
const youngBefore = youngSize();
const store = new RecordStore(q => ({source, report: resolveQuery(q).report}));
// The records are made after the store, as a TUI's come: the store sets what V8's young generation may grow to.
const table = scaledTable(generateTenant({seed: 'memory', signIns: 5000, hostileRecords: 0}).signIns, total);
gc();
const before = process.memoryUsage().heapUsed;
store.setQuery({
	...emptyQuery('signins'),
	eventTypes: ['interactive', 'non-interactive', 'service-principal', 'managed-identity'],
});
for (;;) {
	const snap = store.getSnapshot();
	if (snap.error) throw new Error(snap.error);
	if (!snap.loading && !snap.more) break;
	if (snap.loading) await new Promise(r => setTimeout(r, 1));
	else await store.loadNext();
}
gc();
const after = process.memoryUsage().heapUsed;
const rows = store.getSnapshot().rows.length;
// V8's young generation, committed (and resident) whatever it holds: its size after the pages' burst of objects.
const young = youngSize();
store.close();
process.stdout.write(`${JSON.stringify({rows, before, after, youngBefore, young})}\n`);
