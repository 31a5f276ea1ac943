/**
 * A file's layout is read once on `open`'s way to its first frame: sniffReport (which report) and the file's source
 * (its pages) both ask shapeOf, and the second gets the first's answer while the file is unchanged. Oracles: the
 * bytes this process reads (/proc/self/io), and layoutOf of the head a fresh read would take.
 */
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import fc from 'fast-check';
import {afterAll, describe, expect, it} from 'vitest';
import {layoutOf, shapeOf, sniffReport} from '../../source/sources/file-format.js';

const dir = mkdtempSync(join(tmpdir(), 'entra-logs-file-shape-'));
afterAll(() => rmSync(dir, {recursive: true, force: true}));

/** Bytes this process has read through read(2) and the like so far. */
const bytesRead = (): number => Number(/^rchar: (\d+)$/m.exec(readFileSync('/proc/self/io', 'utf8'))![1]);

describe("a file's layout", () => {
	it.runIf(process.platform === 'linux')(
		'is read once for the report and the pages: the second look at an unchanged file reads none of its records',
		async () => {
			const record = (i: number): string =>
				JSON.stringify({id: `r${i}`, createdDateTime: '2026-01-01T00:00:00Z', pad: 'x'.repeat(6000)});
			const path = join(dir, 'signins.ndjson');
			writeFileSync(path, `${Array.from({length: 100}, (_, i) => record(i)).join('\n')}\n`);
			let before = bytesRead();
			expect(await sniffReport(path)).toBe('signins');
			// The first look reads the head (256 KiB: 40 of these records).
			expect(bytesRead() - before).toBeGreaterThan(200_000);
			before = bytesRead();
			const shape = await shapeOf(path, 1 << 20);
			expect(bytesRead() - before).toBeLessThan(16_000);
			expect(shape.layout).toBe('ndjson');
			// Changed since (a record more at its head): read again.
			writeFileSync(path, `${record(-1)}\n${readFileSync(path, 'utf8')}`);
			before = bytesRead();
			expect((await shapeOf(path, 1 << 20)).candidates[0]!.text).toBe(record(-1));
			expect(bytesRead() - before).toBeGreaterThan(200_000);
		},
	);

	it('asked again with another limit, or after the file changed, is what a fresh read of that head says', async () => {
		const line = fc
			.tuple(fc.integer({min: 0, max: 40_000}), fc.boolean())
			.map(
				([n, wide]) =>
					`${JSON.stringify({createdDateTime: '2026-01-01T00:00:00Z', pad: `${wide ? 'é€' : ''}${'x'.repeat(n)}`})}`,
			);
		const file = fc
			.tuple(fc.constantFrom('', '[', 'a,b'), fc.array(line, {maxLength: 45}), fc.boolean())
			.map(([first, lines, end]) => `${[first, ...lines].join('\n')}${end ? '\n' : ''}`);
		const limit = fc.constantFrom(100_000, 1 << 18, 1 << 20, 2_000_000);
		let n = 0;
		await fc.assert(
			fc.asyncProperty(
				file,
				fc.array(fc.tuple(limit, fc.option(file, {freq: 3})), {minLength: 2, maxLength: 4}),
				async (text, looks) => {
					const path = join(dir, `layout-${n++}`);
					writeFileSync(path, text);
					for (const [max, changed] of looks) {
						if (changed !== null) writeFileSync(path, (text = changed));
						expect(await shapeOf(path, max)).toEqual(layoutOf(Buffer.from(text).subarray(0, max).toString('utf8')));
					}
					rmSync(path);
				},
			),
			{numRuns: 60},
		);
	});
});
