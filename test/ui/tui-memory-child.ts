/**
 * Run by tui-memory.test.ts in a process of its own with --expose-gc: the summary of the loaded list (use-summary.ts's
 * SummaryModel, as the App's feed drives it) while the list pages through N sign-ins in pages of 1,000 (a file's, or
 * Graph's largest) and the feed gets no time at all (a file being indexed, pages fetched and parsed: the main thread
 * busy). Each page is read ahead and parsed (the prefetch), staged for the summary, then shown (pushed to the list's
 * texts, a real SpillableRecords spilling to its private file). Prints, as one JSON line, the JS heap after a full GC
 * before the first page and after the last (the feed still behind), whether the summary, once the feed has
 * caught up, equals the summary of the records themselves, and how many records the summary parsed again from the
 * list's texts (JSON.parse calls within the model: each record was parsed once already, by the prefetch).
 */
import {scaledTable} from '../../source/emulator/graph/records.js';
import {generateTenant} from '../../source/emulator/tenant/tenant.js';
import type {GraphRecord} from '../../source/reports/report.js';
import type {Prepared, StoreSnapshot} from '../../source/store/record-store.js';
import {SpillableRecords} from '../../source/store/spill.js';
import {summarize} from '../../source/triage/summary.js';
import {SCREEN_TOP, SummaryModel} from '../../source/ui/use-summary.js';

const total = Number(process.argv[2]);
const PAGE = 1000;
const table = scaledTable(generateTenant({seed: 'tui-memory', signIns: 3000, hostileRecords: 0}).signIns, total);
const gc = (globalThis as {gc?: () => void}).gc!;
const list = new SpillableRecords(256);
const snap = {records: list, report: {id: 'signins'}} as unknown as StoreSnapshot;
const model = new SummaryModel();
let parsed = 0;
let counting = false;
const parse = JSON.parse;
JSON.parse = ((text: string, reviver?: Parameters<typeof parse>[1]) => {
	if (counting) parsed++;
	return parse(text, reviver) as unknown;
}) as typeof JSON.parse;
/** Runs `f`, counting the JSON.parse calls it makes. */
const counted = <T>(f: () => T): T => {
	counting = true;
	try {
		return f();
	} finally {
		counting = false;
	}
};
gc();
const before = process.memoryUsage().heapUsed;
for (let i = 0; i < total; i += PAGE) {
	const texts = Array.from({length: Math.min(PAGE, total - i)}, (_, k) => JSON.stringify(table.at(i + k)));
	// The prefetch's objects: parsed from the page's text, as the store's are.
	const records = texts.map(t => JSON.parse(t) as GraphRecord);
	model.stage(snap, {records, texts} as unknown as Prepared);
	list.push(records, texts);
	// The feed's slice while idle, with no idle time left.
	counted(() => model.feed(snap, 0));
}
gc();
const after = process.memoryUsage().heapUsed;
const summary = counted(() => model.loadedSummary(snap));
const expected = summarize(
	'signins',
	Array.from({length: total}, (_, i) => table.at(i)),
	{top: SCREEN_TOP},
);
const same = JSON.stringify(summary) === JSON.stringify(expected);
list.close();
process.stdout.write(`${JSON.stringify({rows: list.length, total: summary?.total, before, after, same, parsed})}\n`);
