/**
 * The fetched records behind the list. The newest `limit` stay in memory; older ones are written to a temp file
 * (one JSON line each, offsets kept) and read back on demand, so memory stays bounded however far a user pages.
 * The file is removed on close and at process exit.
 */
import {appendFileSync, closeSync, mkdtempSync, openSync, readSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import type {GraphRecord} from '../reports/report.js';

const open = new Set<string>();
process.once('exit', () => {
	for (const dir of open) rmSync(dir, {recursive: true, force: true});
});

export class SpillableRecords implements Iterable<GraphRecord> {
	private readonly memory = new Map<number, GraphRecord>();
	private readonly offsets: number[] = [];
	private readonly lengths: number[] = [];
	private count = 0;
	private oldestInMemory = 0;
	private dir?: string;
	private file?: string;
	private fd?: number;
	private fileSize = 0;

	constructor(private readonly limit: number) {}

	get length(): number {
		return this.count;
	}

	/** How many records live in the spill file now. */
	get spilled(): number {
		return this.oldestInMemory;
	}

	/** The temp file, while there is one. */
	get spillFile(): string | undefined {
		return this.file;
	}

	push(records: readonly GraphRecord[]): void {
		for (const r of records) this.memory.set(this.count++, r);
		if (this.memory.size > this.limit) this.spill(this.memory.size - this.limit);
	}

	at(index: number): GraphRecord | undefined {
		if (index < 0 || index >= this.count) return undefined;
		const inMemory = this.memory.get(index);
		if (inMemory) return inMemory;
		const buf = Buffer.alloc(this.lengths[index]!);
		readSync(this.fd!, buf, 0, buf.length, this.offsets[index]!);
		return JSON.parse(buf.toString('utf8')) as GraphRecord;
	}

	*[Symbol.iterator](): Iterator<GraphRecord> {
		for (let i = 0; i < this.count; i++) yield this.at(i)!;
	}

	private spill(n: number): void {
		if (!this.file) {
			this.dir = mkdtempSync(join(tmpdir(), 'entra-logs-store-'));
			this.file = join(this.dir, 'records.ndjson');
			open.add(this.dir);
			appendFileSync(this.file, '', {mode: 0o600});
			this.fd = openSync(this.file, 'r');
		}
		const parts: string[] = [];
		for (let i = 0; i < n; i++) {
			const index = this.oldestInMemory++;
			const text = `${JSON.stringify(this.memory.get(index))}\n`;
			this.memory.delete(index);
			this.offsets[index] = this.fileSize;
			this.lengths[index] = Buffer.byteLength(text) - 1;
			this.fileSize += Buffer.byteLength(text);
			parts.push(text);
		}
		appendFileSync(this.file, parts.join(''));
	}

	close(): void {
		if (this.fd !== undefined) closeSync(this.fd);
		if (this.dir) {
			rmSync(this.dir, {recursive: true, force: true});
			open.delete(this.dir);
		}
		this.fd = undefined;
		this.file = undefined;
		this.dir = undefined;
	}
}
