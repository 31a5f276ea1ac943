/** A page body read into a PageBuffer (source/graph/page-buffer.ts) is the bytes that came, in any chunks. */
import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {bigBuffer, keepBigBuffersOutsideMalloc, PageBuffer} from '../../source/graph/page-buffer.js';

describe('PageBuffer', () => {
	it('holds exactly the chunks appended, whatever the first size said (a content-length, or none: 1 MB)', () => {
		// In plain Buffers (an export's process), then outside malloc (the TUI's, once its store turns it on).
		for (const outside of [false, true]) {
			if (outside) keepBigBuffersOutsideMalloc();
			fc.assert(
				fc.property(
					fc.array(fc.uint8Array({maxLength: 70_000}), {maxLength: 12}),
					fc.oneof(fc.constant(0), fc.integer({min: 1, max: 200_000})),
					(chunks, first) => {
						const buf = new PageBuffer(first);
						for (const c of chunks) buf.append(Buffer.from(c));
						expect(buf.bytes.equals(Buffer.concat(chunks.map(c => Buffer.from(c))))).toBe(true);
					},
				),
				{numRuns: 200},
			);
		}
	});

	it('bigBuffer is zero-filled and of the size asked, small or big', () => {
		for (const outside of [false, true]) {
			if (outside) keepBigBuffersOutsideMalloc();
			for (const size of [0, 1, 65_535, 65_536, 1 << 20]) {
				const b = bigBuffer(size);
				expect(b.length).toBe(size);
				expect(b.every(x => x === 0)).toBe(true);
			}
		}
	});
});
