/** For memory tests in a process of their own (--expose-gc): the RSS of malloc's main heap after a full GC. */
import {readFileSync} from 'node:fs';

/** The RSS of the `[heap]` mapping in /proc/self/smaps (malloc's main heap on Linux), after two full GCs. */
export function mallocHeapRss(): number {
	const gc = (globalThis as {gc?: () => void}).gc!;
	gc();
	gc();
	let inHeap = false;
	for (const line of readFileSync('/proc/self/smaps', 'utf8').split('\n')) {
		if (/^[0-9a-f]+-[0-9a-f]+ /.test(line)) inHeap = line.endsWith('[heap]');
		else if (inHeap && line.startsWith('Rss:')) return Number(line.split(/\s+/)[1]) * 1024;
	}
	return 0;
}
