/**
 * Run by columns.test.ts in a process of its own with --expose-gc: the summary of N sign-ins (the emulator's
 * generated ones, scaled as its bench table is: every record its own id), added one at a time as the loaded list's
 * feed adds them. Prints the memory the summary keeps (JS heap and array buffers after a full GC) as one JSON line.
 */
import {readFileSync} from 'node:fs';
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
const mallocHeap = (): number => {
	gc();
	let inHeap = false;
	for (const line of readFileSync('/proc/self/smaps', 'utf8').split('\n')) {
		if (/^[0-9a-f]+-[0-9a-f]+ /.test(line)) inHeap = line.endsWith('[heap]');
		else if (inHeap && line.startsWith('Rss:')) return Number(line.split(/\s+/)[1]) * 1024;
	}
	return 0;
};
const heapBefore = mallocHeap();
let summarizer: Summarizer | undefined = new Summarizer('signins');
for (let i = 0; i < total; i++) summarizer.addOne(table.at(i));
const counted = summarizer.result().total;
const withIt = kept();
const rssWithIt = process.memoryUsage().rss;
const heapGrowth = mallocHeap() - heapBefore;
summarizer = undefined;
// What the summary keeps: the memory with it less the memory once it is gone.
const perRecord = (withIt - kept()) / total;
// The columns' resizable buffers grow in place, which V8's count of external memory does not follow: the RSS they
// give back when they go says what they held.
const rssPerRecord = (rssWithIt - process.memoryUsage().rss) / total;
process.stdout.write(`${JSON.stringify({counted, perRecord, rssPerRecord, heapGrowth})}\n`);
