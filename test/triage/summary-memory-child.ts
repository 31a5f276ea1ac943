/**
 * Run by columns.test.ts in a process of its own with --expose-gc: the summary of N sign-ins (the emulator's
 * generated ones, scaled as its bench table is: every record its own id), added one at a time as the loaded list's
 * feed adds them. Prints one JSON line.
 * - `child N`: its chunks in memory (the default); the memory the summary keeps (JS heap and array buffers after a
 *   full GC) a record, and how much malloc's main heap grew.
 * - `child N spill`: its chunks deflated into a spill file, as the TUI keeps them; how much the process's RSS grew a
 *   record (after a full GC, from the first 50,000 on, when every distinct value is interned), with the detections
 *   run at the end (their whole columns live only while they run).
 */
import {mallocHeapRss} from '../helpers/malloc-heap.js';
import {scaledTable} from '../../source/emulator/graph/records.js';
import {generateTenant} from '../../source/emulator/tenant/tenant.js';
import {chunkFile, SpillableRecords} from '../../source/store/spill.js';
import {keepBigBuffersOutsideMalloc} from '../../source/graph/page-buffer.js';
import {Summarizer} from '../../source/triage/summary.js';

const total = Number(process.argv[2]);
const spilled = process.argv[3] === 'spill';
const table = scaledTable(generateTenant({seed: 'memory', signIns: 3000, hostileRecords: 0}).signIns, total);
const gc = (globalThis as {gc?: () => void}).gc!;
const kept = (): number => {
	gc();
	gc();
	const m = process.memoryUsage();
	// external counts every ArrayBuffer, resizable ones too (arrayBuffers leaves those out).
	return m.heapUsed + m.external;
};

if (spilled) {
	// As the TUI's store does: its big reads (a chunk read back) outside malloc.
	keepBigBuffersOutsideMalloc();
	const spill = new SpillableRecords(256);
	const summarizer = new Summarizer('signins', {store: chunkFile(spill)});
	const warm = 50_000;
	const rss = (): number => {
		for (let k = 0; k < 4; k++) gc();
		return process.memoryUsage().rss;
	};
	for (let i = 0; i < warm; i++) summarizer.addOne(table.at(i));
	summarizer.result();
	const before = rss();
	for (let i = warm; i < total; i++) summarizer.addOne(table.at(i));
	const counted = summarizer.result().total;
	const rssPerRecord = (rss() - before) / (total - warm);
	spill.close();
	process.stdout.write(`${JSON.stringify({counted, rssPerRecord})}\n`);
} else {
	/** The RSS of malloc's main heap ([heap] in /proc/self/smaps), after a full GC. */
	const heapBefore = mallocHeapRss();
	let summarizer: Summarizer | undefined = new Summarizer('signins');
	for (let i = 0; i < total; i++) summarizer.addOne(table.at(i));
	const counted = summarizer.result().total;
	const withIt = kept();
	const heapGrowth = mallocHeapRss() - heapBefore;
	summarizer = undefined;
	// What the summary keeps: the memory with it less the memory once it is gone.
	const perRecord = (withIt - kept()) / total;
	process.stdout.write(`${JSON.stringify({counted, perRecord, heapGrowth})}\n`);
}
