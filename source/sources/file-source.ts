/**
 * Offline records, a page at a time: our NDJSON/JSON/CSV exports, Graph page files (`{"value": [...]}`, several
 * pages concatenated too), legacy Azure AD Graph records, and the admin center's JSON and CSV downloads (what a file
 * is: file-format.ts; its records in Graph's shape: file-records.ts). The Query's clauses are evaluated locally with
 * the server's meaning. A record is output as the text it came in (`recordJson`); what is
 * left out (a line that is not an object, a record without a time, a CSV quote never closed) is counted and told.
 */
import {stat} from 'node:fs/promises';
import {resolve} from 'node:path';
import {evaluate, hasRaw} from '../query/filter.js';
import type {ResolvedQuery} from '../query/query.js';
import {QueryError, parseInstant} from '../query/time.js';
import type {GraphRecord} from '../reports/report.js';
import type {RecordSource, SourcePage} from './source.js';
import {indexRecords, readLines, type LineIndex} from './record-index.js';
import {JsonLayoutError} from './json-scan.js';
import {Skipped, type SkipReason} from './skipped.js';
import {FileFormatError, RecordSyntaxError, cannotRead, layoutOf, notRecords, readHead} from './file-format.js';
import {reader} from './file-records.js';

// Where a file's format is told and its records read: re-exported for the CLI, which asks before it pages.
export {FileFormatError, sniffReport} from './file-format.js';

const PAGE = 1000;

export class FileSource implements RecordSource {
	readonly origin: string;
	private loaded?: Promise<Loaded>;
	/** Records left out while reading pages (indexing counts the others). */
	private readonly late = new Skipped();
	private cut?: number;
	private said?: string;

	constructor(
		private readonly path: string,
		private readonly resolved: ResolvedQuery,
		/** Told what was left out (lines skipped, a last line cut short): the CLI prints it, the TUI shows it in the status bar. */
		private readonly onNote?: (message: string) => void,
	) {
		this.origin = '0';
		if (hasRaw(resolved.server))
			throw new QueryError('a raw --filter cannot be applied to a file; use the field options instead');
	}

	/** Reads the file's layout and indexes it, so that a file that cannot be read fails before anything is written. */
	async ready(): Promise<void> {
		await (this.loaded ??= this.loadOnce());
	}

	async *pages(signal?: AbortSignal, from?: string): AsyncIterable<SourcePage> {
		const loaded = await (this.loaded ??= this.loadOnce());
		if (loaded.index.skippedTail !== undefined) this.cut = loaded.index.skippedTail;
		this.tell(loaded);
		const match = (r: GraphRecord): boolean =>
			(!this.resolved.server || evaluate(this.resolved.server, r)) &&
			(!this.resolved.local || evaluate(this.resolved.local, r));
		const total = loaded.index.order.length;
		// Newest first as loaded; oldest first reads the same order from its end. `from` counts in the query's order.
		const oldest = this.resolved.order === 'oldest';
		const window = <T>(all: readonly T[], i: number): T[] =>
			oldest ? all.slice(Math.max(0, total - i - PAGE), total - i).reverse() : all.slice(i, i + PAGE);
		for (let i = from ? Number(from) : 0; i < total; i += PAGE) {
			signal?.throwIfAborted();
			const positions = window(loaded.index.order, i);
			const lines = await readLines(this.path, loaded.index, positions);
			const slice: GraphRecord[] = [];
			for (const [k, line] of lines.entries()) {
				const position = positions[k]!;
				const lineNumber = loaded.index.lineNumbers[position]!;
				let record: GraphRecord | SkipReason;
				try {
					record = loaded.read(line, lineNumber, loaded.index.offsets[position]!);
				} catch (error) {
					if (!(error instanceof RecordSyntaxError)) throw error;
					if (position !== loaded.index.unterminated) throw await error.located(this.path);
					record = 'not-object';
				}
				if (typeof record !== 'string') slice.push(record);
				// A last line with no line end, as an interrupted write leaves it, is said apart.
				else if (position === loaded.index.unterminated && record !== 'no-time') this.cut = lineNumber;
				else this.late.add(record, lineNumber);
			}
			this.tell(loaded);
			yield {
				records: slice.filter(match),
				fetched: slice.length,
				next: i + PAGE < total ? String(i + PAGE) : undefined,
				from: String(i),
			};
		}
	}

	/** One note for all that was left out, given again only when it changes. */
	private tell(loaded: Loaded): void {
		const parts: string[] = [];
		const skipped = loaded.index.skipped.plus(this.late).describe(loaded.unit);
		if (skipped) parts.push(skipped);
		if (this.cut !== undefined)
			parts.push(`${loaded.unit} ${this.cut}, the last, is cut short (an interrupted write?) and was left out`);
		if (parts.length === 0) return;
		const message = skipped ? `${this.path}: ${parts.join('; ')}` : `${this.path} ${parts[0]}`;
		if (message === this.said) return;
		this.said = message;
		this.onNote?.(message);
	}

	/**
	 * The file as loaded for the previous query when it has not changed since (a filter change, a pivot, an export
	 * from the TUI): indexing a large file takes seconds, reading a page of it milliseconds.
	 */
	private async loadOnce(): Promise<Loaded> {
		let key: string;
		try {
			const s = await stat(this.path);
			key = [resolve(this.path), this.resolved.report.id, s.size, s.mtimeMs, s.ino].join('\0');
		} catch (error) {
			throw cannotRead(this.path, error);
		}
		if (lastLoaded?.key !== key) {
			const loaded = this.load();
			lastLoaded = {key, loaded};
			loaded.catch(() => {
				if (lastLoaded?.key === key) lastLoaded = undefined;
			});
		}
		return lastLoaded.loaded;
	}

	/**
	 * Every layout is indexed and read back by page, whatever the file's size: NDJSON, JSON written a record per line
	 * and CSV by line; other JSON (pretty-printed arrays, Graph page files) record by record.
	 */
	private async load(): Promise<Loaded> {
		const report = this.resolved.report;
		let head: string;
		try {
			head = await readHead(this.path, 1 << 20);
		} catch (error) {
			throw cannotRead(this.path, error);
		}
		const shape = layoutOf(head);
		if (!shape.layout) throw notRecords(this.path, shape);
		const read = reader(shape.layout, shape.header, report);
		const tf = report.timeField;
		let index: LineIndex;
		try {
			index = await indexRecords(this.path, shape.layout, tf, (text, n, offset) => {
				const r = read(text, n, offset);
				return typeof r === 'string' ? r : parseInstant(r[tf])!;
			});
		} catch (error) {
			if (error instanceof JsonLayoutError) throw new FileFormatError(`${this.path} is ${error.message}`);
			if (error instanceof RecordSyntaxError) throw await error.located(this.path);
			throw error;
		}
		return {index, read, unit: shape.layout === 'json' ? 'record' : 'line'};
	}
}

/** The one file kept loaded between queries (see `loadOnce`). */
let lastLoaded: {readonly key: string; readonly loaded: Promise<Loaded>} | undefined;

interface Loaded {
	readonly index: LineIndex;
	/**
	 * A record from its text (its line number and file offset for messages), or why it is left out. Throws
	 * RecordSyntaxError for a record of a JSON document that does not parse.
	 */
	readonly read: (text: string, lineNumber: number, offset: number) => GraphRecord | SkipReason;
	readonly unit: 'line' | 'record';
}
