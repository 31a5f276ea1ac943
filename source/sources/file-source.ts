/**
 * Offline records, a page at a time: our NDJSON/JSON/CSV exports, Graph page files (`{"value": [...]}`, several
 * pages concatenated too), legacy Azure AD Graph records, and the admin center's JSON and CSV downloads (what a file
 * is: file-format.ts; its records in Graph's shape: file-records.ts). The Query's clauses are evaluated locally with
 * the server's meaning. A record is output as the text it came in (`recordJson`); what is
 * left out (a line that is not an object, a record without a time, a CSV quote never closed) is counted and told.
 * A reader that can take pages before the whole file is indexed (the TUI: `streaming`) gets them as their records
 * are found, while the file is in order so far (newest first, or oldest first read from its end: record-index.ts); if
 * it turns out not to be, that reading goes on in the order read (nothing given moves) and the note says so: the next
 * reading is sorted.
 */
import {statSync} from 'node:fs';
import {resolve} from 'node:path';
import {evaluate, hasRaw} from '../query/filter.js';
import type {ResolvedQuery} from '../query/query.js';
import {QueryError, parseInstant} from '../query/time.js';
import type {GraphRecord} from '../reports/report.js';
import type {RecordSource, SourcePage} from './source.js';
import {
	indexRecords,
	rank,
	readLines,
	type LineIndex,
	type PartialIndex,
	type RecordLayout,
	type Spans,
} from './record-index.js';
import {JsonLayoutError} from './json-scan.js';
import {Skipped, type SkipReason} from './skipped.js';
import {FileFormatError, RecordSyntaxError, cannotRead, notRecords, shapeOf, type Shape} from './file-format.js';
import {columnsNoteOf, reader} from './file-records.js';
import {rawPrefilter, type RawCheck} from './raw-prefilter.js';

// Where a file's format is told and its records read: re-exported for the CLI, which asks before it pages.
export {FileFormatError, sniffReport} from './file-format.js';

const PAGE = 1000;
/**
 * The first page is small: a screen's worth is what the first frame needs (a record may be 7 KB of JSON to parse, and
 * parsing `open`'s first page was a fifth of its CPU to the first frame). The TUI gives its terminal's height.
 */
const FIRST_PAGE = 100;
/**
 * Pages that hold no match are read on into one, so that sparse matches arrive without `n`: to the first match
 * (the list fetches more by itself only once it has rows), then for up to this long.
 */
const MERGE_MS = 1000;
/** Records a window that follows one without a match may take in beyond a page, up to WINDOW_BYTES of the file. */
const SPARSE_MORE = 64 * PAGE;
const WINDOW_BYTES = 8 << 20;

/**
 * How many of the `more` positions after `i + size` a window may take: known already (below `known`), in the order
 * kept (`inOrder`) and within WINDOW_BYTES of the window's start, so that they are one read (the positions follow
 * each other in the file, forwards or, for a file read from its end, backwards).
 */
function widen(
	index: Spans,
	i: number,
	size: number,
	more: number,
	known: number,
	inOrder: (position: number) => boolean,
): number {
	if (more === 0 || i >= known) return 0;
	const start = index.offsets[i]!;
	const end = start + index.lengths[i]!;
	let k = 0;
	for (let p = i + size + k; k < more && p < known && inOrder(p); p = i + size + ++k)
		if (Math.max(end, index.offsets[p]! + index.lengths[p]!) - Math.min(start, index.offsets[p]!) > WINDOW_BYTES) break;
	return k;
}

/** The positions of the records ranked `from` to `to` (exclusive), newest first. */
function ranks(index: LineIndex, from: number, to: number): number[] {
	return Array.from({length: Math.max(0, to - from)}, (_, k) => rank(index, from + k));
}

/** Progress is said at most this often (each note is a frame). */
const PROGRESS_MS = 200;

/**
 * "12,000", by hand: the first toLocaleString loads ICU's number formats, tens of milliseconds that `open`'s first
 * frame, which shows this note, would wait for.
 */
const thousands = (n: number): string => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');

export class FileSource implements RecordSource {
	readonly origin: string;
	readonly input: string;
	private loaded?: Promise<Loaded>;
	/** Records left out while reading pages (indexing counts the others). */
	private readonly late = new Skipped();
	private cut?: number;
	private said?: string;
	/** Indexing as last said (streaming only). */
	private progress?: string;
	/** Said when a reading goes on in the file's order (the file is not newest first). */
	private order?: string;
	/** Rows were given from the file's order before it was indexed whole (a streaming reading's first pages). */
	private givenEarly = false;
	/** Lines counted in `late`: a page that ends mid-window reads the rest again for the next. */
	private readonly lateLines = new Set<number>();
	/** Records left out while reading pages whose line is not known yet (a file read from its end), by position. */
	private unplaced: Array<{readonly position: number; readonly reason: SkipReason; readonly cut: boolean}> = [];
	private following = false;
	/** What a record's bytes must hold to match, looked for before it is parsed (raw-prefilter.ts). */
	private readonly prefilter?: RawCheck;

	constructor(
		private readonly path: string,
		private readonly resolved: ResolvedQuery,
		/** Told what was left out (lines skipped, a last line cut short): the CLI prints it, the TUI shows it in the status bar. */
		private readonly onNote?: (message: string) => void,
		/** Pages before the file is indexed whole (a reader that shows them: the TUI's list), and "indexing… N records so far" in the notes. */
		private readonly streaming = false,
		/** Records in the first page (the TUI: its terminal's height); the pages after it hold a thousand. */
		private readonly firstPage = FIRST_PAGE,
	) {
		this.origin = '0';
		this.input = path;
		if (hasRaw(resolved.server))
			throw new QueryError('a raw --filter cannot be applied to a file; use the field options instead');
		this.prefilter = rawPrefilter([resolved.server, resolved.local]);
	}

	/** Reads the file's layout and indexes it, so that a file that cannot be read fails before anything is written. */
	async ready(): Promise<void> {
		const {indexing} = await (this.loaded ??= this.loadOnce());
		indexing.go();
		await indexing.done;
	}

	/**
	 * Starts reading the file's head while the caller does something else (the CLI loads the TUI meanwhile): the
	 * layout, and the index as far as a first screen needs. The rest is indexed once a reader asks for it. The file is
	 * kept loaded for the next source of the same file and report (see `loadOnce`); a failure is the next reader's.
	 */
	warm(): void {
		(this.loaded ??= this.loadOnce()).catch(() => undefined);
	}

	async *pages(signal?: AbortSignal, from?: string): AsyncIterable<SourcePage> {
		const loaded = await (this.loaded ??= this.loadOnce());
		const {indexing} = loaded;
		// Newest first as indexed; oldest first reads the same order from its end, so it needs the whole index.
		const oldest = this.resolved.order === 'oldest';
		const early = this.streaming && !oldest;
		if (this.streaming) this.follow(loaded, signal);
		/**
		 * This reading goes on in the file's order (`f<at>` places): the file turned out not to be newest first after
		 * pages were given in its order, and what the reader shows stays as it is (the next reading is sorted).
		 */
		let fileOrder = from?.startsWith('f') === true;
		if (!early && !fileOrder) {
			indexing.go();
			await indexing.done;
		}
		const match = (r: GraphRecord): boolean =>
			(!this.resolved.server || evaluate(this.resolved.server, r)) &&
			(!this.resolved.local || evaluate(this.resolved.local, r));
		let shownEarly = fileOrder;
		/**
		 * Positions `i` to `i + size` in the query's order, once they are known; `end` when the file has no more. With
		 * `more`, up to that many after them too while they are known already and lie on in the file (one read).
		 */
		const window = async (i: number, size: number, more = 0): Promise<{positions: number[]; end: boolean}> => {
			for (;;) {
				const index = indexing.index;
				const partial = indexing.partial;
				if (shownEarly && !fileOrder && (index ? index.order !== undefined : partial && !partial.sorted)) {
					// Not in order after all: the reading goes on in the order read, so that no row given moves.
					fileOrder = true;
					// Its own words first: the path is in the header, and a status line of 120 columns cut the advice off.
					this.misordered(loaded);
				}
				if (fileOrder) {
					const known = index ?? partial;
					const count = known?.count ?? 0;
					if (index || count >= i + size) {
						const n = Math.min(count, i + size + widen(known!, i, size, more, count, () => true)) - i;
						return {positions: Array.from({length: Math.max(0, n)}, (_, k) => i + k), end: !!index && i + n >= count};
					}
				} else if (index) {
					const total = index.count;
					if (oldest) {
						const positions = ranks(index, Math.max(0, total - i - size), Math.max(0, total - i)).reverse();
						return {positions, end: i + size >= total};
					}
					const n = size + widen(index, i, size, more, total, p => rank(index, p) === p);
					return {positions: ranks(index, i, Math.min(total, i + n)), end: i + n >= total};
				} else if (partial && partial.sorted && partial.settled >= i + size) {
					// In order so far: these are the final order's positions already, as found.
					shownEarly = true;
					this.givenEarly = true;
					const n = size + widen(partial, i, size, more, partial.settled, () => true);
					return {positions: Array.from({length: n}, (_, k) => i + k), end: false};
				}
				// More of the file is needed than the head (indexed first, alone: then it waits for this): it goes on.
				if (i + size > indexing.head || more > 0 || (partial && !partial.sorted)) indexing.go();
				// Not newest first: the order is known once the whole file is.
				if (partial && !partial.sorted && !fileOrder) await indexing.done;
				else await indexing.changed();
				signal?.throwIfAborted();
			}
		};
		let i = from ? Number(from.replace(/^f/, '')) : 0;
		/** Records given so far: until the first, pages that match nothing are read on without a time limit. */
		let given = 0;
		for (let n = 0; ; n++) {
			const began = Date.now();
			// The first page comes with its first match, whatever the time (the first rows at once); each page after it
			// holds up to a page of matches, as Graph's do: a filter that matches few records in many fills it from as
			// many windows as it takes, for up to MERGE_MS (read ahead while the user reads: `n` finds it ready).
			const size = n === 0 && !from ? this.firstPage : PAGE;
			const records: GraphRecord[] = [];
			let fetched = 0;
			let at = i;
			let end = false;
			let matched = true;
			do {
				signal?.throwIfAborted();
				// After a window without a match, the next takes in what is indexed beyond it too (a user's first
				// sign-in deep in a file is reached in big reads, as fast as the file is indexed).
				const w = await window(at, size, matched ? 0 : SPARSE_MORE);
				const {slice, where, passedAt} = await this.read(loaded, w.positions);
				let taken = w.positions.length;
				let counted = passedAt.length + slice.length;
				const before = records.length;
				for (let k = 0; k < slice.length; k++) {
					if (!match(slice[k]!)) continue;
					records.push(slice[k]!);
					if (records.length < size) continue;
					// The page is full: it ends after this record, and the next starts after it.
					taken = where[k]! + 1;
					counted = k + 1 + passedAt.filter(j => j < where[k]!).length;
					break;
				}
				end = w.end && taken === w.positions.length;
				fetched += counted;
				matched = records.length > before;
				at += taken;
			} while (records.length < size && !end && (given === 0 ? records.length === 0 : Date.now() - began < MERGE_MS));
			this.tell(loaded);
			if (at === i && end) return;
			given += records.length;
			// The first page is out: the rest of the file is indexed now (pages after it, and the count, need it). A reader
			// that shows pages as they come gets its first page on screen first: what it does with it takes microtasks.
			if (n === 0 && early) setImmediate(() => indexing.go());
			else indexing.go();
			const place = (k: number): string => (fileOrder ? `f${k}` : String(k));
			yield {records, fetched, next: end ? undefined : place(at), from: place(i)};
			if (end) return;
			i = at;
		}
	}

	/**
	 * The records at `positions` of the index, in that order; what cannot be read is counted and left out. Records
	 * whose bytes cannot hold the query's strings are passed over unparsed (`passed`: they cannot match).
	 */
	private async read(
		loaded: Loaded,
		positions: readonly number[],
	): Promise<{slice: GraphRecord[]; where: number[]; passedAt: number[]}> {
		const index = loaded.indexing.index ?? loaded.indexing.partial!;
		const unterminated = index.unterminated;
		// As known when asked (the index may be whole by then); a file read from its end has them once its start is reached.
		const lineOf = (position: number): number | undefined =>
			loaded.indexing.index?.lineNumbers[position] ?? loaded.indexing.partial?.lineNumber(position);
		const check = loaded.layout === 'csv' ? undefined : this.prefilter;
		// A last line without its line end is always parsed: if it is cut short, that is said as a full read says it.
		const keep = check && ((buf: Buffer, s: number, e: number, p: number) => p === unterminated || check(buf, s, e));
		const lines = await readLines(this.path, index, positions, keep);
		const slice: GraphRecord[] = [];
		/** Each record's place in `positions`, and the places of those passed over unparsed. */
		const where: number[] = [];
		const passedAt: number[] = [];
		for (const [k, line] of lines.entries()) {
			if (line === undefined) {
				passedAt.push(k);
				continue;
			}
			const position = positions[k]!;
			const lineNumber = lineOf(position);
			let record: GraphRecord | SkipReason;
			try {
				record = loaded.read(line, lineNumber ?? 0, index.offsets[position]!);
			} catch (error) {
				if (!(error instanceof RecordSyntaxError)) throw error;
				if (position !== unterminated) {
					if (lineNumber !== undefined) throw await error.located(this.path);
					const {lineNumbers} = await loaded.indexing.done;
					throw await new RecordSyntaxError(error.text, lineNumbers[position]!, error.offset).located(this.path);
				}
				record = 'not-object';
			}
			if (typeof record !== 'string') {
				slice.push(record);
				where.push(k);
			}
			// A last line with no line end, as an interrupted write leaves it, is said apart.
			else this.unplaced.push({position, reason: record, cut: position === unterminated && record !== 'no-time'});
		}
		this.place(loaded);
		return {slice, where, passedAt};
	}

	/** Counts what reading left out once its line is known (a file read from its end: once indexed whole). */
	private place(loaded: Loaded): void {
		const {index, partial} = loaded.indexing;
		this.unplaced = this.unplaced.filter(({position, reason, cut}) => {
			const lineNumber = index ? index.lineNumbers[position] : partial?.lineNumber(position);
			if (lineNumber === undefined) return true;
			if (cut) this.cut = lineNumber;
			else if (!this.lateLines.has(lineNumber)) {
				this.lateLines.add(lineNumber);
				this.late.add(reason, lineNumber);
			}
			return false;
		});
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
				const count = indexing.partial?.count ?? 0;
				if (this.givenEarly && !this.order && indexing.partial && !indexing.partial.sorted) this.misordered(loaded);
				if (indexing.index || signal?.aborted || Date.now() - last < PROGRESS_MS) continue;
				last = Date.now();
				this.progress = `indexing… ${thousands(count)} records so far`;
				this.tell(loaded);
			}
			if (signal?.aborted || !indexing.index) return;
			this.progress = `${thousands(indexing.index.count)} records`;
			// Found out of order once rows were shown in the order read: said now, not when the next page is asked for
			// (found by an independent check: a file that reads oldest first at its head and at its end, with newer
			// records between, showed older ones on top, and said so only ten pages later).
			if (this.givenEarly && !this.order && indexing.index.order !== undefined) this.misordered(loaded);
			else this.tell(loaded);
		})().catch(() => undefined);
	}

	/** Says that the file is not in time order after rows were shown in the order read (r lists it sorted). */
	private misordered(loaded: Loaded): void {
		const known = loaded.indexing.index ?? loaded.indexing.partial;
		this.order = known?.fromEnd
			? 'not in time order: shown from its end (r sorts it)'
			: 'not newest first: shown in file order (r sorts it)';
		this.tell(loaded);
	}

	/** One note for all that was left out, given again only when it changes. */
	private tell(loaded: Loaded): void {
		const index = loaded.indexing.index;
		this.place(loaded);
		if (index?.skippedTail !== undefined) this.cut = index.skippedTail;
		const parts: string[] = [];
		const skipped = (index?.skipped ?? new Skipped()).plus(this.late).describe(loaded.unit);
		if (skipped) parts.push(skipped);
		if (this.cut !== undefined)
			parts.push(`${loaded.unit} ${this.cut}, the last, is cut short (an interrupted write?) and was left out`);
		const left = parts.length === 0 ? '' : skipped ? `${this.path}: ${parts.join('; ')}` : `${this.path} ${parts[0]}`;
		const columns = columnsNoteOf(loaded.read, this.path);
		const message = [this.progress, this.order, left, columns].filter(Boolean).join(' · ');
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
			// At once (a stat opens nothing: a FIFO cannot block it), not through the thread pool.
			const s = statSync(this.path);
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
		let shape: Shape;
		try {
			shape = await shapeOf(this.path, 1 << 20);
		} catch (error) {
			throw cannotRead(this.path, error);
		}
		if (!shape.layout) throw notRecords(this.path, shape);
		const read = reader(shape.layout, shape.header, report);
		const tf = report.timeField;
		const indexing = new Indexing(this.firstPage);
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
						indexed => indexing.held(indexed),
					);
				} catch (error) {
					if (error instanceof JsonLayoutError) throw new FileFormatError(`${path} is ${error.message}`);
					if (error instanceof RecordSyntaxError) throw await error.located(path);
					throw error;
				}
			})(),
		);
		return {indexing, read, layout: shape.layout, unit: shape.layout === 'json' ? 'record' : 'line'};
	}
}

/**
 * The file being indexed stops being read (the TUI has quit: its process is to end now, not once the rest of a large
 * file is read; found by an independent check: `q` on a 6 GB file gave the shell back 10-100 s later). A later query
 * indexes the file again.
 */
export function stopIndexing(): void {
	const last = lastLoaded;
	lastLoaded = undefined;
	void last?.loaded.then(
		l => l.indexing.stop(),
		() => undefined,
	);
}

/** What a stopped index waits for: nothing settles it, and nothing of it keeps the process alive. */
const NEVER = new Promise<void>(() => undefined);

/**
 * A file's index as it is built: what is found so far, then the whole index (or why it failed). Past a first screen's
 * worth of records it waits for `go` (a reader that needs more), so that a file opened while the TUI loads takes no
 * CPU from the first frame beyond its head.
 */
class Indexing {
	/**
	 * Records indexed before it waits for a reader that needs more (`go`): the first page's, which is all the first
	 * frame shows (indexing more before it took a third of its time).
	 */
	constructor(readonly head: number) {}

	partial?: PartialIndex;
	index?: LineIndex;
	done!: Promise<LineIndex>;
	private waiting: Array<() => void> = [];
	private going = false;
	private gate?: {readonly promise: Promise<void>; readonly open: () => void};

	private stopped = false;

	/** Indexing reads no more of the file (it holds where it is, for good). */
	stop(): void {
		this.stopped = true;
	}

	/** Lets indexing go on past the head (idempotent). */
	go(): void {
		this.going = true;
		this.gate?.open();
		this.gate = undefined;
	}

	/** Asked by the indexer after each record, with how many it holds: what to wait for before reading on, if anything. */
	held(indexed: number): Promise<void> | undefined {
		if (this.stopped) return NEVER;
		if (this.going || indexed < this.head) return undefined;
		if (!this.gate) {
			let open!: () => void;
			const promise = new Promise<void>(resolve => (open = resolve));
			this.gate = {promise, open};
		}
		return this.gate.promise;
	}

	run(indexed: Promise<LineIndex>): void {
		this.done = indexed.then(index => {
			this.index = index;
			// Every reader asks for the whole index first: the partial one (arrays of the same length) can go.
			this.partial = undefined;
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
	readonly layout: RecordLayout;
	readonly unit: 'line' | 'record';
}
