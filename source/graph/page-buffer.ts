/**
 * Buffers for whole page bodies (megabytes each) and other big reads, kept out of malloc. A Buffer's memory comes from
 * malloc, and glibc serves a request of more than 128 kB with a mapping of its own, returned on free, but then raises
 * that threshold to the size freed (up to 32 MB): from the first page freed on, every page of a few MB came from
 * malloc's main heap, which keeps what it has taken. Paging 50,000 sign-ins from Graph, that heap was 52 MB after GC
 * (26 MB with the threshold held by MALLOC_MMAP_THRESHOLD_, which a process cannot set for itself once started). A
 * resizable ArrayBuffer is reserved and mapped in by V8 itself as it grows, outside malloc, and unmapped when
 * collected; it grows in place, so a body of unknown length is never copied either.
 */
import {reserve, type ResizableArrayBuffer} from '../process/big-arrays.js';

/**
 * The largest body kept outside malloc (its address space reserved, mapped in as written); a larger one goes on in a
 * plain Buffer. 32 MB: Graph's pages are a few MB, a workspace's answer of 4,000 rows about 21 MB; each reservation
 * counts against a ulimit -v (256 MB each starved later allocations at a limit the code before met).
 */
export const MAX_PAGE_BUFFER = 1 << 25;

/**
 * Whether big buffers are kept outside malloc: in the TUI's process only (its store turns it on), which lives for
 * hours. A typed array over a resizable buffer is slower to read and write in Node 20's V8 (its scans and copies
 * take a generic path): an export, which ends with its last page, read its pages 1.5 times slower with them (CPU
 * 1.41-1.51x a bare https + JSON.parse loop's, 0.88-0.90x with plain Buffers; bench/export-worker.ts).
 */
let outsideMalloc = false;

/** From now on page bodies and other big reads are kept outside malloc (the TUI's process; idempotent). */
export function keepBigBuffersOutsideMalloc(): void {
	outsideMalloc = true;
}

/** A growing buffer for one page body. */
export class PageBuffer {
	/** Over a resizable buffer (outside malloc) until a body outgrows it, then a plain Buffer. */
	private view: Buffer;
	filled = 0;

	constructor(size: number) {
		const memory = outsideMalloc ? reserve(Math.min(size, MAX_PAGE_BUFFER), MAX_PAGE_BUFFER) : undefined;
		// Not the TUI's process, or no address space to reserve (a ulimit -v): a plain Buffer.
		this.view = memory ? Buffer.from(memory) : Buffer.allocUnsafeSlow(size);
	}

	/** Appends `chunk`, growing the buffer (doubling) when it is full. */
	append(chunk: Buffer): void {
		const need = this.filled + chunk.length;
		if (need > this.view.length) {
			const size = Math.max(need, Math.min(this.view.length * 2, MAX_PAGE_BUFFER));
			const memory = this.view.buffer as ResizableArrayBuffer;
			if (memory.resizable && size <= memory.maxByteLength!) {
				memory.resize!(size);
				this.view = Buffer.from(memory);
			} else {
				const bigger = Buffer.allocUnsafeSlow(size);
				this.view.copy(bigger, 0, 0, this.filled);
				this.view = bigger;
			}
		}
		chunk.copy(this.view, this.filled);
		this.filled = need;
	}

	/** What was appended (a view: no copy). */
	get bytes(): Buffer {
		return this.view.subarray(0, this.filled);
	}
}

/** Below this, malloc serves a Buffer from its heap at any threshold: big buffers start here. */
const BIG = 1 << 16;

/**
 * A zero-filled Buffer of `size` bytes, outside malloc when it is big (a read of a page of a file's records, an index's
 * read buffer): one such block freed was enough to send every later one to malloc's main heap (see above).
 */
export function bigBuffer(size: number): Buffer {
	const memory = size >= BIG && outsideMalloc ? reserve(size, size) : undefined;
	return memory ? Buffer.from(memory) : Buffer.alloc(size);
}
