/**
 * The store's memory stays flat in a real process (its JS heap after a full GC, --expose-gc): 20,000 sign-ins paged
 * through in one go (pages that come without I/O, as records in hand or a fast file's do) leave a few megabytes of
 * rows and texts, not the records (about 7 KB of JSON each: 140 MB), and V8's young generation does not grow.
 */
import {spawnSync} from 'node:child_process';
import {dirname, join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {describe, expect, it} from 'vitest';

const CHILD = join(dirname(fileURLToPath(import.meta.url)), 'memory-child.ts');
const PAGES_CHILD = join(dirname(fileURLToPath(import.meta.url)), 'page-heap-child.ts');
const FILE_CHILD = join(dirname(fileURLToPath(import.meta.url)), 'file-heap-child.ts');

describe('the store in a process of its own', () => {
	it('20,000 sign-ins paged through in one job leave under 16 MB of JS heap after GC and a small young generation', () => {
		const run = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', CHILD, '20000'], {
			encoding: 'utf8',
			timeout: 170_000,
		});
		expect(run.stderr).toBe('');
		const {rows, before, after, youngBefore, young} = JSON.parse(run.stdout.trim()) as {
			youngBefore: number;
			rows: number;
			before: number;
			after: number;
			young: number;
		};
		expect(rows).toBe(20_000);
		expect((after - before) / 1e6).toBeLessThan(16);
		// V8's young generation stays the size it had when the store was made (a few MB), not the 32 MB it grows to
		// under pages of records and keeps, resident, for the rest of the process (source/store/young-generation.ts).
		expect(young).toBe(youngBefore);
	}, 180_000);

	it("Graph's page bodies (4-5 MB each, 30 of them) leave malloc's main heap as it was, give or take the sockets' chunks", () => {
		const run = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', PAGES_CHILD, '30'], {
			encoding: 'utf8',
			timeout: 170_000,
		});
		expect(run.stderr).toBe('');
		const {kept, before, after} = JSON.parse(run.stdout.trim()) as {kept: number; before: number; after: number};
		expect(kept).toBe(32_895);
		// About 23 MB of freed 16 kB chunks; each body in a Buffer of malloc's added 27 MB more (glibc then serving
		// every body from its main heap, which kept them): source/graph/page-buffer.ts.
		expect((after - before) / 1e6).toBeLessThan(32);
	}, 180_000);

	it("a file's pages of records (4-5 MB each, 30 of them) read as open reads them leave malloc's main heap as it was", () => {
		const run = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', FILE_CHILD, '30'], {
			encoding: 'utf8',
			timeout: 170_000,
		});
		expect(run.stderr).toBe('');
		const {kept, before, after} = JSON.parse(run.stdout.trim()) as {kept: number; before: number; after: number};
		expect(kept).toBe(32_895);
		// About 1 MB; each page in a Buffer of malloc's kept 8 MB (source/graph/page-buffer.ts, bigBuffer).
		expect((after - before) / 1e6).toBeLessThan(4);
	}, 180_000);
});
