/**
 * Run by store-memory.test.ts in a process of its own with --expose-gc: Graph pages of a few MB read as the client
 * reads a response body (readRawPage: 16 kB chunks, the body's length known), each page's records parsed and the page
 * dropped, as the TUI's Graph pages are. Prints the RSS of malloc's main heap ([heap] in /proc/self/smaps) after a
 * full GC, before the first page and after the last, as one JSON line.
 */
import {mallocHeapRss} from '../helpers/malloc-heap.js';
import {Readable} from 'node:stream';
import {readRawPage, type Answer} from '../../source/graph/client.js';
import {keepBigBuffersOutsideMalloc} from '../../source/graph/page-buffer.js';

// As in the TUI's process, whose store turns it on (an export's process keeps plain Buffers).
keepBigBuffersOutsideMalloc();

const pages = Number(process.argv[2]);
const heapRss = mallocHeapRss;
const record = (k: number): string =>
	JSON.stringify({id: `${k}`, createdDateTime: '2026-11-20T08:14:03Z', detail: 'x'.repeat(3000 + (k % 997))});
const before = heapRss();
let kept = 0;
for (let p = 0; p < pages; p++) {
	// Pages of slightly different sizes, as Graph's are.
	const records = Array.from({length: 1000 + ((p * 37) % 200)}, (_, k) => record(p * 1000 + k));
	const body = `{"@odata.nextLink":"https://x/${p}","value":[${records.join(',')}]}`;
	// Each chunk a small Buffer of its own, as a socket's are (ASCII: a character a byte).
	const chunks = Array.from({length: Math.ceil(body.length / 16384)}, (_, i) =>
		Buffer.from(body.slice(i * 16384, (i + 1) * 16384), 'latin1'),
	);
	const answer = {status: 200, ok: true, length: body.length, body: Readable.from(chunks)} as unknown as Answer;
	const page = await readRawPage(answer);
	kept += page.records.map(b => JSON.parse(b.toString('utf8')) as {id: string}).length;
}
const after = heapRss();
process.stdout.write(`${JSON.stringify({kept, before, after})}\n`);
