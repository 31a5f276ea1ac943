/**
 * The fetched records behind the list. The newest `limit` stay in memory; older ones are written to a private temp
 * file in compressed blocks of 32 records (raw deflate, level 1: about a tenth of their JSON, at some 200 MB/s) and
 * read back on demand, so neither memory nor the disk fills however far a user pages (1,000,000 sign-ins are about
 * 6 GB of JSON). One block stays decoded, so stepping through neighbouring records reads the file once.
 * The file (0600, in a 0700 temp folder) is removed on close and whenever the process ends (source/process/cleanup.ts).
 */
import {appendFileSync, closeSync, openSync, readSync} from 'node:fs';
import {join} from 'node:path';
import {deflateRawSync, inflateRawSync} from 'node:zlib';
import type {GraphRecord} from '../reports/report.js';
import {keepRawText, recordJson} from '../sources/source.js';
import {privateTempDir, removeTempDir} from '../process/cleanup.js';
import {createPrivateFileSync} from '../fs/private.js';

/** Records per compressed block. */
export const SPILL_BLOCK = 32;

export class SpillableRecords implements Iterable<GraphRecord> {
	private readonly memory = new Map<number, GraphRecord>();
	/** File offset and compressed length of each block; block b holds records b*SPILL_BLOCK ... */
	private readonly blockOffsets: number[] = [];
	private readonly blockLengths: number[] = [];
	private decoded?: {readonly block: number; readonly lines: readonly string[]};
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

	/** How many records live in the spill file now (whole blocks). */
	get spilled(): number {
		return this.oldestInMemory;
	}

	/** The temp file, while there is one. */
	get spillFile(): string | undefined {
		return this.file;
	}

	push(records: readonly GraphRecord[]): void {
		for (const r of records) this.memory.set(this.count++, r);
		const excess = this.memory.size - this.limit;
		if (excess >= SPILL_BLOCK) this.spill(excess - (excess % SPILL_BLOCK));
	}

	at(index: number): GraphRecord | undefined {
		if (index < 0 || index >= this.count) return undefined;
		const inMemory = this.memory.get(index);
		if (inMemory) return inMemory;
		const block = Math.floor(index / SPILL_BLOCK);
		if (this.decoded?.block !== block) {
			const buf = Buffer.alloc(this.blockLengths[block]!);
			readSync(this.fd!, buf, 0, buf.length, this.blockOffsets[block]!);
			this.decoded = {block, lines: inflateRawSync(buf).toString('utf8').split('\n')};
		}
		// The record keeps the text it was spilled as: a file's own bytes (recordJson), so the detail and y stay exact.
		const line = this.decoded.lines[index % SPILL_BLOCK]!;
		const record = JSON.parse(line) as GraphRecord;
		keepRawText(record, line);
		return record;
	}

	*[Symbol.iterator](): Iterator<GraphRecord> {
		for (let i = 0; i < this.count; i++) yield this.at(i)!;
	}

	/** Moves the oldest `n` in-memory records (a multiple of SPILL_BLOCK) to the file. */
	private spill(n: number): void {
		if (!this.file) {
			this.dir = privateTempDir('store');
			this.file = join(this.dir, 'records.ndjson.deflate');
			createPrivateFileSync(this.file, '');
			this.fd = openSync(this.file, 'r');
		}
		const parts: Buffer[] = [];
		for (let done = 0; done < n; done += SPILL_BLOCK) {
			const lines: string[] = [];
			for (let i = 0; i < SPILL_BLOCK; i++) {
				const index = this.oldestInMemory++;
				lines.push(recordJson(this.memory.get(index)!));
				this.memory.delete(index);
			}
			const compressed = deflateRawSync(Buffer.from(lines.join('\n'), 'utf8'), {level: 1});
			this.blockOffsets.push(this.fileSize);
			this.blockLengths.push(compressed.length);
			this.fileSize += compressed.length;
			parts.push(compressed);
		}
		appendFileSync(this.file, Buffer.concat(parts));
	}

	close(): void {
		if (this.fd !== undefined) closeSync(this.fd);
		if (this.dir) removeTempDir(this.dir);
		this.fd = undefined;
		this.file = undefined;
		this.dir = undefined;
		this.decoded = undefined;
	}
}
