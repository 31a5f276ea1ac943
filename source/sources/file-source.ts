/**
 * Offline records, a page at a time: our NDJSON/JSON/CSV exports, Graph page files (`{"value": [...]}`, several
 * pages concatenated too), legacy Azure AD Graph records, and the admin center's JSON and CSV downloads (what a file
 * is: file-format.ts; its records in Graph's shape: file-records.ts). The Query's clauses are evaluated locally with
 * the server's meaning. A record is output as the text it came in (`recordJson`); what is
 * left out (a line that is not an object, a record without a time, a CSV quote never closed) is counted and told.
 * A reader that can take pages in the file's order before the whole file is indexed (the TUI: `Streaming`) gets
 * them as their records are found, while the file is newest first so far; it is told if the file turns out not to be.
 */
import {stat} from 'node:fs/promises';
import {resolve} from 'node:path';
import {evaluate, hasRaw} from '../query/filter.js';
import type {ResolvedQuery} from '../query/query.js';
import {QueryError, parseInstant} from '../query/time.js';
import type {GraphRecord} from '../reports/report.js';
import type {RecordSource, SourcePage} from './source.js';
import {indexRecords, readLines, type LineIndex, type PartialIndex} from './record-index.js';
import {JsonLayoutError} from './json-scan.js';
import {Skipped, type SkipReason} from './skipped.js';
import {FileFormatError, RecordSyntaxError, cannotRead, layoutOf, notRecords, readHead} from './file-format.js';
import {reader} from './file-records.js';

// Where a file's format is told and its records read: re-exported for the CLI, which asks before it pages.
export {FileFormatError, sniffReport} from './file-format.js';

const PAGE = 1000;
/** The first page is small: a screen's worth is what the first frame needs (a record may be 7 KB of JSON to parse). */
const FIRST_PAGE = 100;
/**
 * Pages that hold no match are read on into one, so that sparse matches arrive without `n`: to the first match
 * (the list fetches more by itself only once it has rows), then for up to this long.
 */
const MERGE_MS = 1000;
/** Progress is said at most this often (each note is a frame). */
const PROGRESS_MS = 200;

/** A reader that can show pages while the file is being indexed (the TUI). */
export interface Streaming {
	/**
	 * The file turned out not to be newest first after pages were given in its order: read it again (its index is
	 * kept, and the pages then come sorted).
	 */
	readonly reordered: () => void;
}

export class FileSource implements RecordSource {
	readonly origin: string;
	private loaded?: Promise<Loaded>;
	/** Records left out while reading pages (indexing counts the others). */
	private readonly late = new Skipped();
	private cut?: number;
	private said?: string;
	/** Indexing as last said (streaming only). */
	private progress?: string;
	private following = false;

	constructor(
		private readonly path: string,
		private readonly resolved: ResolvedQuery,
		/** Told what was left out (lines skipped, a last line cut short): the CLI prints it, the TUI shows it in the status bar. */
		private readonly onNote?: (message: string) => void,
		/** Pages before the file is indexed whole, and "indexing… N records so far" in the notes. */
		private readonly streaming?: Streaming,
	) {
		this.origin = '0';
		if (hasRaw(resolved.server))
			throw new QueryError('a raw --filter cannot be applied to a file; use the field options instead');
	}

	/** Reads the file's layout and indexes it, so that a file that cannot be read fails before anything is written. */
	async ready(): Promise<void> {
		await (
			await (this.loaded ??= this.loadOnce())
		).indexing.done;
	}

	async *pages(signal?: AbortSignal, from?: string): AsyncIterable<SourcePage> {
		const loaded = await (this.loaded ??= this.loadOnce());
		const {indexing} = loaded;
		// Newest first as indexed; oldest first reads the same order from its end, so it needs the whole index.
		const oldest = this.resolved.order === 'oldest';
		const early = this.streaming !== undefined && !oldest;
		if (this.streaming) this.follow(loaded, signal);
		if (!early) await indexing.done;
		const match = (r: GraphRecord): boolean =>
			(!this.resolved.server || evaluate(this.resolved.server, r)) &&
			(!this.resolved.local || evaluate(this.resolved.local, r));
		let shownEarly = false;
		/** Positions `i` to `i + size` in the query's order, once they are known; `end` when the file has no more. */
		const window = async (i: number, size: number): Promise<{positions: number[]; end: boolean}> => {
			for (;;) {
				const index = indexing.index;
				const partial = indexing.partial;
				if (shownEarly && partial && !partial.sorted) {
					// Not newest first after all: what was given in the file's order is not the final order.
					this.streaming?.reordered();
					// Pages from here would not follow on from those given: this reading ends (the reader reads again).
					signal?.throwIfAborted();
					throw new Error(`${this.path} is not newest first: its records are shown again, sorted`);
				}
				if (index) {
					const total = index.order.length;
					const positions = oldest
						? index.order.slice(Math.max(0, total - i - size), Math.max(0, total - i)).reverse()
						: index.order.slice(i, i + size);
					return {positions, end: i + size >= total};
				}
				if (partial && partial.sorted && partial.offsets.length >= i + size) {
					// Newest first so far: these are the final order's positions already, as found.
					shownEarly = true;
					return {positions: Array.from({length: size}, (_, k) => i + k), end: false};
				}
				// Not newest first: the order is known once the whole file is.
				if (partial && !partial.sorted) await indexing.done;
				else await indexing.changed();
				signal?.throwIfAborted();
			}
		};
		let i = from ? Number(from) : 0;
		/** Records given so far: until the first, pages that match nothing are read on without a time limit. */
		let given = 0;
		for (let n = 0; ; n++) {
			const began = Date.now();
			const records: GraphRecord[] = [];
			let fetched = 0;
			let at = i;
			let end = false;
			// Windows that hold no match are read on into the same page, for a while.
			do {
				signal?.throwIfAborted();
				const w = await window(at, n === 0 && at === i && !from ? FIRST_PAGE : PAGE);
				end = w.end;
				const slice = await this.read(loaded, w.positions);
				fetched += slice.length;
				for (const r of slice) if (match(r)) records.push(r);
				at += w.positions.length;
			} while (records.length === 0 && !end && (given === 0 || Date.now() - began < MERGE_MS));
			this.tell(loaded);
			if (at === i && end) return;
			given += records.length;
			yield {records, fetched, next: end ? undefined : String(at), from: String(i)};
			if (end) return;
			i = at;
		}
	}

	/** The records at `positions` of the index, in that order; what cannot be read is counted and left out. */
	private async read(loaded: Loaded, positions: readonly number[]): Promise<GraphRecord[]> {
		const index = loaded.indexing.index ?? loaded.indexing.partial!;
		const lines = await readLines(this.path, index, positions);
		const unterminated = loaded.indexing.index?.unterminated;
		const slice: GraphRecord[] = [];
		for (const [k, line] of lines.entries()) {
			const position = positions[k]!;
			const lineNumber = index.lineNumbers[position]!;
			let record: GraphRecord | SkipReason;
			try {
				record = loaded.read(line, lineNumber, index.offsets[position]!);
			} catch (error) {
				if (!(error instanceof RecordSyntaxError)) throw error;
				if (position !== unterminated) throw await error.located(this.path);
				record = 'not-object';
			}
			if (typeof record !== 'string') slice.push(record);
			// A last line with no line end, as an interrupted write leaves it, is said apart.
			else if (position === unterminated && record !== 'no-time') this.cut = lineNumber;
			else this.late.add(record, lineNumber);
		}
		return slice;
	}

	/** While the file is indexed: "indexing… N records so far" in the notes, then how many it holds. */
	private follow(loaded: Loaded, signal?: AbortSignal): void {
		const {indexing} = loaded;
		if (this.following || indexing.index) return;
		this.following = true;
		let last = 0;
		void (async () => {
			while (!indexing.index && !signal?.aborted) {
				await indexing.changed();
				const count = indexing.partial?.offsets.length ?? 0;
				if (indexing.index || signal?.aborted || Date.now() - last < PROGRESS_MS) continue;
				last = Date.now();
				this.progress = `indexing… ${count.toLocaleString('en-US')} records so far`;
				this.tell(loaded);
			}
			if (signal?.aborted || !indexing.index) return;
			this.progress = `${indexing.index.order.length.toLocaleString('en-US')} records`;
			this.tell(loaded);
		})().catch(() => undefined);
	}

	/** One note for all that was left out, given again only when it changes. */
	private tell(loaded: Loaded): void {
		const index = loaded.indexing.index;
		if (index?.skippedTail !== undefined) this.cut = index.skippedTail;
		const parts: string[] = [];
		const skipped = (index?.skipped ?? new Skipped()).plus(this.late).describe(loaded.unit);
		if (skipped) parts.push(skipped);
		if (this.cut !== undefined)
			parts.push(`${loaded.unit} ${this.cut}, the last, is cut short (an interrupted write?) and was left out`);
		const left = parts.length === 0 ? '' : skipped ? `${this.path}: ${parts.join('; ')}` : `${this.path} ${parts[0]}`;
		const message = [this.progress, left].filter(Boolean).join(' · ');
		if (!message) return;
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
			const forget = (): void => {
				if (lastLoaded?.key === key) lastLoaded = undefined;
			};
			loaded.then(l => l.indexing.done.catch(forget), forget);
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
		const indexing = new Indexing();
		const path = this.path;
		indexing.run(
			(async (): Promise<LineIndex> => {
				try {
					return await indexRecords(
						path,
						shape.layout!,
						tf,
						(text, n, offset) => {
							const r = read(text, n, offset);
							return typeof r === 'string' ? r : parseInstant(r[tf])!;
						},
						partial => indexing.update(partial),
					);
				} catch (error) {
					if (error instanceof JsonLayoutError) throw new FileFormatError(`${path} is ${error.message}`);
					if (error instanceof RecordSyntaxError) throw await error.located(path);
					throw error;
				}
			})(),
		);
		return {indexing, read, unit: shape.layout === 'json' ? 'record' : 'line'};
	}
}

/** A file's index as it is built: what is found so far, then the whole index (or why it failed). */
class Indexing {
	partial?: PartialIndex;
	index?: LineIndex;
	done!: Promise<LineIndex>;
	private waiting: Array<() => void> = [];

	run(indexed: Promise<LineIndex>): void {
		this.done = indexed.then(index => {
			this.index = index;
			return index;
		});
		// Whoever waits for a change hears of the end too, whichever way it went.
		this.done.then(
			() => this.wake(),
			() => this.wake(),
		);
	}

	update(partial: PartialIndex): void {
		this.partial = partial;
		this.wake();
	}

	/** Resolves at the next chunk indexed, or rejects when indexing fails. */
	changed(): Promise<void> {
		return Promise.race([new Promise<void>(resolve => this.waiting.push(resolve)), this.done.then(() => undefined)]);
	}

	private wake(): void {
		const waiting = this.waiting;
		this.waiting = [];
		for (const w of waiting) w();
	}
}

/** The one file kept loaded between queries (see `loadOnce`). */
let lastLoaded: {readonly key: string; readonly loaded: Promise<Loaded>} | undefined;

interface Loaded {
	readonly indexing: Indexing;
	/**
	 * A record from its text (its line number and file offset for messages), or why it is left out. Throws
	 * RecordSyntaxError for a record of a JSON document that does not parse.
	 */
	readonly read: (text: string, lineNumber: number, offset: number) => GraphRecord | SkipReason;
	readonly unit: 'line' | 'record';
}
