/**
 * Run by columns.test.ts in a process of its own with --expose-gc: the summary of N sign-ins (the emulator's
 * generated ones, scaled as its bench table is: every record its own id), added one at a time as the loaded list's
 * feed adds them. Prints the memory the summary keeps (JS heap and array buffers after a full GC) as one JSON line.
 */
import {mallocHeapRss} from '../helpers/malloc-heap.js';
import {scaledTable} from '../../source/emulator/graph/records.js';
import {generateTenant} from '../../source/emulator/tenant/tenant.js';
import {Summarizer} from '../../source/triage/summary.js';

const total = Number(process.argv[2]);
const table = scaledTable(generateTenant({seed: 'memory', signIns: 3000, hostileRecords: 0}).signIns, total);
const gc = (globalThis as {gc?: () => void}).gc!;
const kept = (): number => {
	gc();
	gc();
	const m = process.memoryUsage();
	// external counts every ArrayBuffer, resizable ones too (arrayBuffers leaves those out).
	return m.heapUsed + m.external;
};
/** The RSS of malloc's main heap ([heap] in /proc/self/smaps), after a full GC. */
const mallocHeap = mallocHeapRss;
const heapBefore = mallocHeap();
let summarizer: Summarizer | undefined = new Summarizer('signins');
for (let i = 0; i < total; i++) summarizer.addOne(table.at(i));
const counted = summarizer.result().total;
const withIt = kept();
const heapGrowth = mallocHeap() - heapBefore;
summarizer = undefined;
// What the summary keeps: the memory with it less the memory once it is gone.
const perRecord = (withIt - kept()) / total;
process.stdout.write(`${JSON.stringify({counted, perRecord, heapGrowth})}\n`);
