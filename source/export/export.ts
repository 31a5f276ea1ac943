/**
 * Streaming export: each page is written (and flushed to disk) before the next is fetched; a checkpoint beside the
 * output names the next page and the byte length written so far, so that `--resume` after Ctrl-C, a kill or a
 * failure truncates any half-written page and goes on, with no record lost or doubled.
 */
import {constants, existsSync, readFileSync} from 'node:fs';
import {dirname, resolve} from 'node:path';
import {lstat, open, readFile, rm, type FileHandle} from 'node:fs/promises';
import type {Writable} from 'node:stream';
import {openExportFile, writePrivateFile} from '../fs/private.js';
import type {ReportId} from '../reports/report.js';
import {recordJson, type RecordSource, type SourcePage} from '../sources/source.js';
import {GraphSource, type RawSourcePage} from '../sources/graph-source.js';
import {WorkspaceSource, type StreamedSourcePage} from '../sources/workspace-source.js';
import {describeQuery, type Query} from '../query/query.js';
import {CSV_COLUMNS, csvLine, csvRow} from './csv.js';
import {textBytes} from '../fs/byte-text.js';
import {outPathProblem} from '../fs/out-path.js';

export type ExportFormat = 'ndjson' | 'json' | 'csv';

export interface ExportProgress {
	readonly records: number;
	readonly pages: number;
	readonly startedAt: number;
	readonly done: boolean;
	readonly resumed: boolean;
}

export interface ExportOptions {
	readonly source: RecordSource;
	readonly report: ReportId;
	readonly format: ExportFormat;
	/**
	 * A file path; without one, records go to `stdout` (and there is no checkpoint). A pipe or a device (a FIFO,
	 * /dev/null) is written in order, with no checkpoint: it cannot be cut back to resume.
	 */
	readonly out?: string;
	/** The files or folders the records are read from: `out` must not be one of them, nor be inside such a folder. */
	readonly readFrom?: readonly string[];
	readonly stdout?: Writable;
	readonly resume?: boolean;
	/** Stop after this many records. */
	readonly max?: number;
	/** What identifies the query in the checkpoint (a resumed export must be the same query). */
	readonly queryKey: string;
	readonly signal?: AbortSignal;
	readonly onProgress?: (p: ExportProgress) => void;
}

/**
 * What a resumed export must match: the query as the user wrote it (relative times stay relative: the checkpoint's
 * nextLink keeps the original window) and where it reads from (host and collection, not the resolved URL, whose
 * times move with the clock). The CLI and the TUI use this one key, so either can resume the other's export.
 */
export function exportKey(query: Query, source: RecordSource): string {
	// A file's is its path: resuming onto an export of another file would append that file's records to this one's.
	const where = source.input
		? `${source.origin} ${resolve(source.input)}`
		: /^https?:/.test(source.origin)
			? (u => `${u.origin}${u.pathname}`)(new URL(source.origin))
			: source.origin;
	// Filters in a stable order: the CLI's flags and the TUI's form list them differently.
	const filters = Object.fromEntries(Object.entries(query.filters).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
	return `${describeQuery({...query, filters})} | ${where}`;
}

interface Checkpoint {
	readonly version: 1;
	readonly queryKey: string;
	readonly format: ExportFormat;
	readonly next: string | null;
	readonly bytes: number;
	readonly records: number;
	readonly pages: number;
	/** The last bytes (up to TAIL_BYTES, base64) before `bytes`: a resume checks the file still holds them. */
	readonly tail?: string;
}

/** An export that must not start (the command line's mistake: exit 2); nothing was written. */
export class ExportError extends Error {}

const TAIL_BYTES = 64;

export function checkpointPath(out: string): string {
	return `${out}.checkpoint.json`;
}

/**
 * What exporting this query to `out` would do: write a new file, finish an interrupted export of the same query and
 * format (its checkpoint is beside it), or replace a file that is there (the TUI asks first).
 */
export function exportTarget(out: string, queryKey: string, format: ExportFormat): 'new' | 'resume' | 'replace' {
	if (!existsSync(out)) return 'new';
	try {
		const cp = JSON.parse(readFileSync(checkpointPath(out), 'utf8')) as Checkpoint;
		if (cp.version === 1 && cp.queryKey === queryKey && cp.format === format && cp.next !== null) return 'resume';
	} catch {
		// no checkpoint, or not ours: an ordinary file
	}
	return 'replace';
}

/** Runs an export to its end, or throws with the checkpoint in place. Returns the totals. */
export async function runExport(options: ExportOptions): Promise<{records: number; pages: number}> {
	const {format, report} = options;
	const columns = CSV_COLUMNS[report];
	const encode = (r: Readonly<Record<string, unknown>>, index: number): string => {
		switch (format) {
			// A record read from a file is written as the text it came in (recordJson): byte for byte.
			case 'ndjson':
				return `${recordJson(r)}\n`;
			case 'json':
				return `${index === 0 ? '' : ',\n'}${recordJson(r)}`;
			case 'csv':
				return csvRow(r, columns);
		}
	};
	const header = format === 'json' ? '[\n' : format === 'csv' ? csvLine(columns) : '';
	const footer = format === 'json' ? '\n]\n' : '';

	let records = 0;
	let pages = 0;
	let bytes = 0;
	let from: string | undefined;
	let resumed = false;
	const startedAt = Date.now();
	let file: FileHandle | undefined;
	/** The last bytes written (TAIL_BYTES at most), for the checkpoint. */
	let tail: Buffer = Buffer.alloc(0);

	/** A file that cannot be cut back and written again at an offset (a FIFO, a device): written in order. */
	let inOrder = false;
	if (options.out) {
		const out = options.out;
		// The file the records come from is never the one replaced (checked again here, whoever the caller is).
		const problem = outPathProblem(out, '', options.readFrom);
		if (problem) throw new ExportError(problem);
		const cpFile = checkpointPath(out);
		const cp = options.resume ? await readCheckpoint(cpFile) : undefined;
		if (options.resume && !cp) throw new ExportError(`nothing to resume: ${cpFile} does not exist`);
		try {
			if (cp) {
				if (cp.queryKey !== options.queryKey || cp.format !== format) {
					throw new ExportError(
						`${out} was started with another query, source file or format; run it without --resume to start again`,
					);
				}
				if (cp.next === null) throw new ExportError(`${out} is already complete`);
				// Never through a symbolic link: one planted in a shared folder would have us overwrite its target.
				// The file an earlier export created (0600 then): written in place, its mode left as it is.
				const there = await lstat(out).catch(() => undefined);
				if (!there)
					throw new ExportError(`${out} is gone (its checkpoint is there): run it without --resume to export again`);
				if (!there.isFile()) throw new ExportError(`${out} is not a regular file: an export to it cannot be resumed`);
				file = await open(out, constants.O_RDWR | constants.O_NOFOLLOW);
				// What is there must be what the checkpoint counts; it is cut back to it only then, else left as it is.
				const mismatch = await checkpointMismatch(file, cp);
				if (mismatch)
					throw new ExportError(
						`${out} ${mismatch}, so records are missing from it; it is left as it is: export again to another file (or remove it and ${cpFile} first)`,
					);
				await file.truncate(cp.bytes);
				({records, pages, bytes} = cp);
				tail = Buffer.from(cp.tail ?? '', 'base64');
				from = cp.next;
				resumed = true;
			} else {
				// Records hold personal data: a new file of its owner's only (0600); never through a link.
				file = await openExportFile(out);
				inOrder = !(await file.stat()).isFile();
			}
		} catch (error) {
			await file?.close();
			file = undefined;
			throw badPath(error, out);
		}
	}

	/** Text, or bytes in parts (a page's records and what goes between them, written with one writev). */
	const write = async (text: string | readonly Buffer[]): Promise<void> => {
		const parts = typeof text === 'string' ? [textBytes(text)] : text;
		const length = parts.reduce((sum, b) => sum + b.length, 0);
		if (length === 0) return;
		if (file) {
			await file.writev(parts, inOrder ? undefined : bytes);
			tail = lastBytes(tail, parts);
		} else if (options.stdout) {
			const stream = options.stdout;
			if (!stream.write(Buffer.concat(parts, length)))
				await new Promise<void>(resolve => stream.once('drain', () => resolve()));
		}
		bytes += length;
	};
	/** Where the last whole page ended, not yet in the checkpoint. */
	let unsaved: {next: string; bytes: number; records: number; pages: number; tail: Buffer} | undefined;
	let savedAt = performance.now();
	const save = async (next: string | null, at = {bytes, records, pages, tail}): Promise<void> => {
		unsaved = undefined;
		savedAt = performance.now();
		if (!file || !options.out || inOrder) return;
		await syncData(file);
		const cp: Checkpoint = {
			version: 1,
			queryKey: options.queryKey,
			format,
			next,
			...at,
			tail: at.tail.toString('base64'),
		};
		// Beside the output, in a folder that may be shared (/tmp): a private file, and the folder left as it is.
		await writePrivateFile(checkpointPath(options.out), JSON.stringify(cp));
	};
	const progress = (done: boolean): void => options.onProgress?.({records, pages, startedAt, done, resumed});

	try {
		if (!resumed) {
			await write(header);
			// The first checkpoint is made beside the file: a folder where no file can be made (/proc) is a bad --out.
			await save(options.source.origin).catch((error: unknown) => {
				throw badPath(error, checkpointPath(options.out!));
			});
		}
		let more = false;
		for await (const page of pagesOf(options.source, format, options.signal, from)) {
			// A page read ahead may be at hand when a stop comes: the stop is kept, and what is written ends on a page.
			options.signal?.throwIfAborted();
			const last = options.max ?? Infinity;
			if (isRaw(page)) {
				const take = page.records.slice(0, Math.max(0, last - records));
				await write(encodeRaw(take, format, records));
				records += take.length;
			} else {
				// Written a megabyte at a time: a page's text kept whole to its end (64 MB for 4,000 workspace records)
				// outlived V8's young generation, which copied it before it was written (a quarter of the page's CPU).
				// A workspace's records are made one at a time as they are taken here (streamedPages).
				let chunk = '';
				for (const r of page.records) {
					if (records >= last) break;
					chunk += encode(r, records++);
					if (chunk.length >= 1 << 20) {
						await write(chunk);
						chunk = '';
					}
				}
				await write(chunk);
			}
			pages++;
			more = page.next !== undefined && records < (options.max ?? Infinity);
			// The checkpoint (after the data is synced to disk) at most every CHECKPOINT_MS: a sync per page cost as
			// much CPU as reading it. A stop or failure saves where the last whole page ended (below); after a kill,
			// the resume goes on from the checkpoint before, truncating what came after it.
			if (more) {
				unsaved = {next: page.next!, bytes, records, pages, tail};
				if (performance.now() - savedAt >= CHECKPOINT_MS) await save(page.next!);
			}
			progress(false);
			if (!more) break;
		}
		await write(footer);
		if (file && options.out) {
			await syncData(file);
			await file.close();
			file = undefined;
			if (!inOrder) await rm(checkpointPath(options.out), {force: true});
		}
		progress(true);
		return {records, pages};
	} catch (error) {
		if (unsaved) {
			const {next, ...at} = unsaved;
			await save(next, at).catch(() => undefined);
		}
		throw error;
	} finally {
		await file?.close();
	}
}

/** How often an export's checkpoint is written (each time after an fdatasync of what it counts). */
const CHECKPOINT_MS = 1000;

/**
 * A source's pages: as Graph's bytes when it offers them and the format writes records whole (NDJSON, JSON), so each
 * record is written as it came, never parsed and written again; else as records.
 */
function pagesOf(
	source: RecordSource,
	format: ExportFormat,
	signal: AbortSignal | undefined,
	from: string | undefined,
): AsyncIterable<SourcePage | RawSourcePage | StreamedSourcePage> {
	if (source instanceof WorkspaceSource) return source.streamedPages(signal, from);
	return format !== 'csv' && source instanceof GraphSource ? source.rawPages(signal, from) : source.pages(signal, from);
}

const isRaw = (page: SourcePage | RawSourcePage | StreamedSourcePage): page is RawSourcePage =>
	Array.isArray(page.records) && page.records.length > 0 && Buffer.isBuffer(page.records[0]);

const NEWLINE = Buffer.from('\n');
const COMMA = Buffer.from(',\n');

/** Records' bytes as NDJSON lines or JSON array items (`index`: how many were written before), in parts. */
function encodeRaw(records: readonly Buffer[], format: ExportFormat, index: number): Buffer[] {
	const parts: Buffer[] = [];
	for (const bytes of records) {
		// Graph writes a record on one line; one that was not (a pretty-printed page) has its line breaks and their
		// indentation taken out, as recordJson does for a file's record: JSON strings cannot hold a raw line break.
		const line =
			bytes.includes(10) || bytes.includes(13)
				? Buffer.from(bytes.toString('utf8').replace(/\r?\n[ \t]*/g, ''), 'utf8')
				: bytes;
		if (format === 'json' && index++ > 0) parts.push(COMMA);
		parts.push(line);
		if (format === 'ndjson') parts.push(NEWLINE);
	}
	return parts;
}

/** The last TAIL_BYTES of `tail` followed by `parts`. */
function lastBytes(tail: Buffer, parts: readonly Buffer[]): Buffer {
	const kept: Buffer[] = [];
	let length = 0;
	for (let i = parts.length - 1; i >= 0 && length < TAIL_BYTES; i--) {
		kept.unshift(parts[i]!);
		length += parts[i]!.length;
	}
	if (length < TAIL_BYTES) kept.unshift(tail);
	const all = Buffer.concat(kept);
	return Buffer.from(all.subarray(Math.max(0, all.length - TAIL_BYTES)));
}

/** Up to `length` bytes of `file` at `position`. */
async function readAt(file: FileHandle, position: number, length: number): Promise<Buffer> {
	const buffer = Buffer.alloc(length);
	let got = 0;
	while (got < length) {
		const {bytesRead} = await file.read(buffer, got, length - got, position + got);
		if (bytesRead === 0) break;
		got += bytesRead;
	}
	return buffer.subarray(0, got);
}

/** How a file to resume differs from what its checkpoint counts ("is shorter than …"), or undefined. */
async function checkpointMismatch(file: FileHandle, cp: Checkpoint): Promise<string | undefined> {
	const {size} = await file.stat();
	if (size < cp.bytes)
		return `is shorter than its checkpoint says (${size.toLocaleString('en-US')} of ${cp.bytes.toLocaleString('en-US')} bytes)`;
	if (cp.tail === undefined) return undefined;
	const tail = Buffer.from(cp.tail, 'base64');
	const there = await readAt(file, cp.bytes - tail.length, tail.length);
	return there.equals(tail)
		? undefined
		: `does not hold what its checkpoint says (its bytes before byte ${cp.bytes} differ)`;
}

/** Errors that say the path cannot be written at all (a bad --out, exit 2), not that writing failed on the way. */
const PATH_CODES = new Set(['EACCES', 'EPERM', 'EROFS', 'ENOENT', 'EISDIR', 'ELOOP', 'ENOTDIR', 'ENXIO', 'ETXTBSY']);

/** An error opening `path` as an ExportError in words when the path is the problem; else the error as it is. */
function badPath(error: unknown, path: string): unknown {
	if (error instanceof ExportError) return error;
	const what = writeFailure(error, path);
	return what && PATH_CODES.has((error as NodeJS.ErrnoException).code ?? '') ? new ExportError(what) : error;
}

/** An error writing the export file, in words: "cannot write out.ndjson: no space left on the device". */
export function writeFailure(error: unknown, out: string): string | undefined {
	const code = (error as NodeJS.ErrnoException | undefined)?.code;
	const words: Readonly<Record<string, string>> = {
		ENOSPC: 'no space left on the device',
		EDQUOT: 'the disk quota is used up',
		EACCES: 'permission denied',
		EPERM: 'permission denied',
		EROFS: 'the file system is read-only',
		EFBIG: 'the file is too large for its file system',
		EIO: 'input/output error',
		// Its folder was there when the export began (checked first): gone since, or one where no file can be made (/proc).
		ENOENT: `no file can be made in ${dirname(resolve(out))}`,
		EISDIR: 'it is a folder',
		ELOOP: 'it is a symbolic link (entra-logs does not write through one)',
		ENOTDIR: 'a part of its path is not a folder',
		ENXIO: 'it is a pipe or socket with no reader',
		ESPIPE: 'it is a pipe, which cannot be written at an offset',
		EINVAL: 'it does not take writes',
		ETXTBSY: 'it is a running program',
	};
	return code && words[code] ? `cannot write ${out}: ${words[code]}` : undefined;
}

async function readCheckpoint(path: string): Promise<Checkpoint | undefined> {
	try {
		const cp = JSON.parse(await readFile(path, 'utf8')) as Checkpoint;
		return cp.version === 1 ? cp : undefined;
	} catch {
		return undefined;
	}
}

/** fdatasync, except on what cannot be synced (a device such as /dev/full, a pipe: EINVAL): its writes say how they went. */
async function syncData(file: FileHandle): Promise<void> {
	await file.datasync().catch((error: NodeJS.ErrnoException) => {
		if (error.code !== 'EINVAL') throw error;
	});
}
