/**
 * Run by record-index.test.ts in a process of its own with --expose-gc: indexes a file of N short sign-ins (newest
 * first or oldest first) and prints how much the process grew by, per record, after a full GC, as one JSON line: its
 * resident memory (the index's resizable buffers are mapped by V8 outside the JS heap, and memoryUsage's
 * arrayBuffers does not count them). Run with a young generation of 1 MB, so that its growth is not the index's.
 */
import {closeSync, mkdtempSync, openSync, rmSync, writeFileSync, writeSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {indexRecords} from '../../source/sources/record-index.js';

const count = Number(process.argv[2]);
const oldest = process.argv[3] === 'oldest';
const dir = mkdtempSync(join(tmpdir(), 'entra-logs-index-memory-'));
const file = join(dir, 'records.ndjson');
const fd = openSync(file, 'w', 0o600);
const base = Date.parse('2026-11-19T12:00:00Z');
for (let i = 0; i < count; i += 10_000) {
	const lines: string[] = [];
	for (let k = i; k < Math.min(count, i + 10_000); k++) {
		const t = new Date(oldest ? base + k * 1000 : base - k * 1000).toISOString();
		lines.push(`{"id":"r${k}","createdDateTime":"${t}"}\n`);
	}
	writeSync(fd, lines.join(''));
}
closeSync(fd);

const gc = (globalThis as {gc?: () => void}).gc!;
/** Resident memory after a full GC, and another once array buffers freed by it have been released. */
const used = async (): Promise<number> => {
	gc();
	await new Promise(resolve => setTimeout(resolve, 100));
	gc();
	return process.memoryUsage().rss;
};
// What any index costs once (its code compiled, its read buffer): a small file indexed first.
const small = join(dir, 'small.ndjson');
writeFileSync(small, `{"id":"r","createdDateTime":"2026-11-19T12:00:00Z"}\n`.repeat(1000));
await indexRecords(small, 'ndjson', 'createdDateTime', () => 'no-time');
const before = await used();
const index = await indexRecords(file, 'ndjson', 'createdDateTime', () => 'no-time');
const after = await used();
rmSync(dir, {recursive: true, force: true});
process.stdout.write(
	`${JSON.stringify({count: index.count ?? index.offsets.length, perRecord: (after - before) / count})}\n`,
);
