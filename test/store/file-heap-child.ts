/**
 * Run by store-memory.test.ts in a process of its own with --expose-gc: pages of a file's records (about 1,100
 * records, 4-5 MB, each) read by readLines as `open` reads a page, each record parsed and the page dropped. Prints the
 * RSS of malloc's main heap ([heap] in /proc/self/smaps) after a full GC, before the first page and after the last,
 * as one JSON line. The file is written a line at a time (no big block of malloc's in the child's own work).
 */
import {mallocHeapRss} from '../helpers/malloc-heap.js';
import {closeSync, mkdtempSync, openSync, rmSync, writeSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {readLines} from '../../source/sources/record-index.js';
import {keepBigBuffersOutsideMalloc} from '../../source/graph/page-buffer.js';

// As in the TUI's process, whose store turns it on (an export's process keeps plain Buffers).
keepBigBuffersOutsideMalloc();

const pages = Number(process.argv[2]);
const heapRss = mallocHeapRss;
const dir = mkdtempSync(join(tmpdir(), 'entra-logs-file-heap-'));
const file = join(dir, 'records.ndjson');
const offsets: number[] = [];
const lengths: number[] = [];
const bounds: number[] = [0];
const fd = openSync(file, 'w', 0o600);
let at = 0;
for (let p = 0; p < pages; p++) {
	for (let k = 0; k < 1000 + ((p * 37) % 200); k++) {
		const line = JSON.stringify({
			id: `${p}-${k}`,
			createdDateTime: '2026-11-20T08:14:03Z',
			d: 'x'.repeat(3000 + (k % 997)),
		});
		writeSync(fd, `${line}\n`);
		offsets.push(at);
		lengths.push(line.length);
		at += line.length + 1;
	}
	bounds.push(offsets.length);
}
closeSync(fd);
const before = heapRss();
let kept = 0;
for (let p = 0; p < pages; p++) {
	const positions = Array.from({length: bounds[p + 1]! - bounds[p]!}, (_, k) => bounds[p]! + k);
	const lines = await readLines(file, {offsets, lengths}, positions);
	kept += lines.map(l => JSON.parse(l!) as {id: string}).length;
}
const after = heapRss();
rmSync(dir, {recursive: true, force: true});
process.stdout.write(`${JSON.stringify({kept, before, after})}\n`);
