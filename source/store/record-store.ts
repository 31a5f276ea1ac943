/**
 * What the UI reads: the records fetched for the current query, as sanitized rows for the list and full records for
 * the detail. It owns every fetch: one page at a time on demand, the next one prefetched while the current is read;
 * a new query aborts the old one (a generation number makes stale pages impossible).
 * Full records past a memory bound go to a temp file (spill.ts); rows stay compact and in memory (rows.ts).
 */
import type {Query} from '../query/query.js';
import type {Column, GraphRecord, ReportDefinition, Tone} from '../reports/report.js';
import {SpillableRecords, textOf} from './spill.js';
import {Rows} from './rows.js';
import {keepYoungGenerationSmall} from './young-generation.js';
import {keepBigBuffersOutsideMalloc} from '../graph/page-buffer.js';
import type {RecordSource, SourcePage} from '../sources/source.js';
import {clipLine, sanitizeLine} from '../terminal/sanitize.js';
import {errorKind, errorLine, needsSignIn, type ErrorKind} from '../sources/source-error.js';

export interface StoreSnapshot {
	readonly query?: Query;
	readonly report?: ReportDefinition;
	/** Full records: `records.at(i)`; older ones are read back from the spill file. */
	readonly records: SpillableRecords;
	/** Sanitized cells and their tones (the UI maps tones to colours), one row per record, in column order. */
	readonly rows: Rows;
	readonly loading: boolean;
	readonly more: boolean;
	readonly pages: number;
	readonly retries: number;
	readonly error?: string;
	/** What a person can do about the error: ask again (transient), change the query, or get access (source-error.ts). */
	readonly errorKind?: ErrorKind;
	/** The last error needs a person to sign in again (the session ended): the UI offers the device code. */
	readonly needsLogin?: boolean;
	/** Fetches that failed so far in this list (each failure is news, even with the same message). */
	readonly failures: number;
	/** Records fetched for this list that the clauses checked on this side (not by Graph) set aside. */
	readonly setAside: number;
	/** What the source left out or wants known (a file's last line cut short), sanitized. */
	readonly note?: string;
	readonly generation: number;
}

/**
 * Records kept in memory as text before older ones spill to disk, compressed: a few screens' worth (a sign-in is about
 * 7 KB of JSON, and several times that as objects: 20,000 of them once held 300-600 MB). The detail reads the rest
 * back a block at a time; only the records asked for last stay parsed (spill.ts).
 */
export const DEFAULT_MEMORY_LIMIT = 256;

const empty = (limit: number, columns = 0): StoreSnapshot => {
	const records = new SpillableRecords(limit);
	return {
		records,
		// The rows' full chunks go to a file beside the records' (and with them at close).
		rows: new Rows(columns, records),
		loading: false,
		more: false,
		pages: 0,
		retries: 0,
		failures: 0,
		setAside: 0,
		generation: 0,
	};
};

/**
 * Where a list is in its source: the pages' iterator, the page prefetched from it, where the next page is (a failed
 * fetch starts again from there) and what cancels it all. A pivot keeps it with the list, to go on from on return.
 */
interface Fetch {
	readonly source: RecordSource;
	readonly controller: AbortController;
	iterator: AsyncIterator<SourcePage>;
	prefetch?: Promise<IteratorResult<SourcePage>>;
	/** The prefetched page once it is in: shown at once, in the same turn as the key that asks for it. */
	ready?: IteratorResult<SourcePage>;
	/** Its rows and texts, made when it came in, so that the key's turn only appends them. */
	prepared?: Prepared;
	/** A loadNext is waiting for the page being prefetched (it will show it as soon as it is in). */
	waiting?: boolean;
	/** The `next` of the last page shown. */
	cursor?: string;
	/** The iterator threw (retries exhausted, a network gone): it is finished; the next loadNext opens another. */
	broken: boolean;
	/**
	 * A loadNext is at work. Another one then waits its turn (`queued`): two at once each asked the iterator for a
	 * page (an `n` while the first page of a refresh or a new filter still came), and each then started a prefetch
	 * over the other's, whose pages were dropped: three quick `n`s lost three pages in mid-list (found by an
	 * independent check).
	 */
	busy?: boolean;
	/** Pages asked for (`n`) while a load worked: loaded one after another, unless a load fails or the list changes. */
	queued?: number;
}

/** Pages `n` can ask for ahead while one loads (a held key repeats some 30 times a second). */
const MAX_QUEUED = 10;

/** A page made ready to append: its rows for `columns`, and its records' texts. */
export interface Prepared {
	readonly records: readonly GraphRecord[];
	readonly columns: readonly Column[];
	readonly rows: string[][];
	readonly tones: Tone[][];
	readonly texts: readonly string[];
}

function prepare(records: readonly GraphRecord[], columns: readonly Column[]): Prepared {
	return {
		records,
		columns,
		// Report columns never throw (defineReport guards them), whatever a record holds; a cell keeps a screen line.
		rows: records.map(r => columns.map(c => clipLine(c.value(r)))),
		tones: records.map(r => columns.map(c => c.tone?.(r) ?? 'default')),
		texts: records.map(textOf),
	};
}

export class RecordStore {
	private snapshot: StoreSnapshot;
	private readonly listeners = new Set<() => void>();
	private fetch?: Fetch;

	constructor(
		private readonly open: (query: Query) => {source: RecordSource; report: ReportDefinition},
		private readonly memoryLimit = DEFAULT_MEMORY_LIMIT,
		/**
		 * When V8's young generation stops growing: pages of parsed records would grow it to 32 MB, resident from then on
		 * (young-generation.ts). `now` for Graph's pages (a first page of 1,000 records would grow it to 32 MB);
		 * `after-first-page` for a small first page (a file's 100 records: it may grow once, to 2 MB a semi-space), set
		 * once that page's frame is drawn: node:v8 and two scavenges fewer before `open`'s first frame.
		 */
		youngGeneration: 'now' | 'after-first-page' = 'now',
	) {
		if (youngGeneration === 'now') keepYoungGenerationSmall();
		// And pages' megabytes would stay in malloc's main heap once freed (page-buffer.ts).
		keepBigBuffersOutsideMalloc();
		this.snapshot = empty(memoryLimit);
	}

	subscribe = (listener: () => void): (() => void) => {
		this.listeners.add(listener);
		return () => this.listeners.delete(listener);
	};

	getSnapshot = (): StoreSnapshot => this.snapshot;

	private set(next: Partial<StoreSnapshot>): void {
		this.snapshot = {...this.snapshot, ...next};
		for (const l of this.listeners) l();
	}

	noteRetry(): void {
		this.set({retries: this.snapshot.retries + 1});
	}

	/** A source's note for the current list (the status bar shows it). */
	note(message: string): void {
		this.set({note: sanitizeLine(message)});
	}

	/** Starts a query: cancels what was in flight, fetches the first page. */
	setQuery(query: Query): void {
		this.fetch?.controller.abort(new Error('query changed'));
		this.fetch = undefined;
		let opened;
		try {
			opened = this.open(query);
		} catch (error) {
			this.release(this.snapshot);
			this.set({
				...empty(this.memoryLimit),
				query,
				generation: this.snapshot.generation + 1,
				error: sanitizeLine((error as Error).message),
				// No source could be made of the query: n has nothing to ask again.
				errorKind: 'query',
			});
			return;
		}
		const controller = new AbortController();
		this.fetch = {
			source: opened.source,
			controller,
			iterator: opened.source.pages(controller.signal)[Symbol.asyncIterator](),
			broken: false,
		};
		this.release(this.snapshot);
		this.set({
			...empty(this.memoryLimit, opened.report.columns.length),
			query,
			report: opened.report,
			loading: true,
			more: true,
			generation: this.snapshot.generation + 1,
		});
		void this.loadNext();
	}

	refresh(): void {
		if (this.snapshot.query) this.setQuery(this.snapshot.query);
	}

	/** Other columns for the list (the column chooser): its rows again from the records it holds; nothing is fetched. */
	setColumns(columns: readonly Column[]): void {
		const report = this.snapshot.report;
		if (!report) return;
		const rows = new Rows(columns.length, this.snapshot.records);
		for (const r of this.snapshot.records)
			rows.push([columns.map(c => clipLine(c.value(r)))], [columns.map(c => c.tone?.(r) ?? 'default')]);
		// The page read ahead too, so that the key that shows it only appends it.
		const ahead = this.fetch?.prepared;
		if (this.fetch && ahead) this.fetch.prepared = prepare(ahead.records, columns);
		this.set({report: {...report, columns}, rows});
	}

	/** Appends the next page (the prefetched one when it is there), then prefetches the one after. */
	async loadNext(): Promise<void> {
		const fetch = this.fetch;
		if (!fetch || !this.snapshot.more) return;
		if (fetch.busy) {
			// Each n counts, in order, as a key typed ahead does: the page after the one on its way, and so on.
			fetch.queued = Math.min((fetch.queued ?? 0) + 1, MAX_QUEUED);
			return;
		}
		fetch.busy = true;
		try {
			await this.loadNextOf(fetch);
		} finally {
			fetch.busy = false;
		}
		if (fetch.queued && fetch === this.fetch && !this.snapshot.error) {
			fetch.queued--;
			await this.loadNext();
		} else fetch.queued = 0;
	}

	private async loadNextOf(fetch: Fetch): Promise<void> {
		const generation = this.snapshot.generation;
		if (fetch.broken) {
			// After a failure: from the page that failed, so that nothing is skipped or shown twice.
			fetch.iterator = fetch.source.pages(fetch.controller.signal, fetch.cursor)[Symbol.asyncIterator]();
			fetch.broken = false;
		}
		try {
			let result = fetch.ready;
			if (!result) {
				this.set({loading: true});
				fetch.waiting = true;
				try {
					result = await (fetch.prefetch ?? fetch.iterator.next());
				} finally {
					fetch.waiting = false;
				}
			}
			const prepared = fetch.prepared;
			fetch.prefetch = undefined;
			fetch.ready = undefined;
			fetch.prepared = undefined;
			if (generation !== this.snapshot.generation) {
				// The list changed meanwhile (a pivot, back): this page is dropped, so its list, if shown again,
				// fetches it again from the cursor rather than skip it.
				fetch.broken = true;
				return;
			}
			if (result.done) {
				this.set({loading: false, more: false});
				return;
			}
			const columns = this.snapshot.report!.columns;
			const page =
				prepared?.records === result.value.records && prepared.columns === columns
					? prepared
					: prepare(result.value.records, columns);
			const more = result.value.next !== undefined;
			// Appended in place (no copy of what is loaded); the new snapshot below makes readers render again. A push
			// that fails (the temp folder full) is undone whole (spill.ts): the page is asked for again from its start.
			this.snapshot.records.push(page.records, page.texts);
			this.snapshot.rows.push(page.rows, page.tones);
			fetch.cursor = result.value.next;
			this.set({
				pages: this.snapshot.pages + 1,
				setAside: this.snapshot.setAside + Math.max(0, result.value.fetched - result.value.records.length),
				loading: false,
				more,
				error: undefined,
				needsLogin: undefined,
			});
			// After this turn: the first page's frame is drawn first (idempotent when set already).
			if (this.snapshot.pages === 1) setImmediate(keepYoungGenerationSmall);
			if (more) {
				// Asked for once this turn is over (the key's frame drawn first), fetched and parsed while the page is
				// read; its failure is news only when it is asked for.
				let ask = (): void => undefined;
				const prefetch = new Promise<IteratorResult<SourcePage>>((resolve, reject) => {
					ask = () => void fetch.iterator.next().then(resolve, reject);
				});
				setImmediate(ask);
				fetch.prefetch = prefetch;
				const columns = this.snapshot.report!.columns;
				prefetch.then(
					r => {
						if (fetch.prefetch !== prefetch) return;
						fetch.ready = r;
						// Made now, while the user reads, rather than in the turn of the key that shows it (or then,
						// should it fail here: the key's turn says why).
						try {
							// Its list's columns now (the list may have chosen its own since); what showing it will spill,
							// compressed and written now too, and its rows added uncounted (the list's, if a pivot left it).
							// Not the rows of a page a key waits for: that key shows it next, or drops it (a pivot meanwhile).
							const list = fetch === this.fetch ? this.snapshot : this.saved.find(s => s.fetch === fetch)?.snapshot;
							if (!r.done) {
								const page = prepare(r.value.records, list?.report?.columns ?? columns);
								fetch.prepared = page;
								list?.records.writeAhead(page.texts);
								if (list && !fetch.waiting && page.columns === list.report?.columns)
									list.rows.stage(page.rows, page.tones);
							}
						} catch {
							fetch.prepared = undefined;
						}
					},
					() => undefined,
				);
			}
		} catch (error) {
			fetch.prefetch = undefined;
			fetch.ready = undefined;
			fetch.broken = true;
			if (generation !== this.snapshot.generation) return;
			this.set({
				loading: false,
				error: sanitizeLine(errorLine(error)),
				errorKind: errorKind(error),
				needsLogin: needsSignIn(error),
				failures: this.snapshot.failures + 1,
			});
		}
	}

	/** The next page is fetched and waiting: `loadNext` shows it without a wait. */
	get prefetched(): boolean {
		return this.fetch?.ready !== undefined;
	}

	/** That page made ready (records, texts, rows), for readers that prepare ahead of the key (the summary, the list). */
	get upcoming(): Prepared | undefined {
		return this.fetch?.prepared;
	}

	/**
	 * Calls `then` once the page being prefetched is in and made ready (at once when none is being fetched): before a
	 * key already waiting for that page shows it, when that key came after this call.
	 */
	onArrival(then: () => void): void {
		const prefetch = this.fetch?.prefetch;
		if (prefetch) prefetch.then(then, then);
		else then();
	}

	private readonly saved: Array<{readonly snapshot: StoreSnapshot; readonly fetch?: Fetch}> = [];

	/** A pivot: keeps the current list as it is (rows, position in the source) and starts another query. */
	pushQuery(query: Query): void {
		this.saved.push({snapshot: this.snapshot, fetch: this.fetch});
		this.fetch = undefined;
		this.setQuery(query);
	}

	/** Back from a pivot to the exact list it came from. False when there is nothing to go back to. */
	popQuery(): boolean {
		const prev = this.saved.pop();
		if (!prev) return false;
		this.fetch?.controller.abort(new Error('back'));
		this.snapshot.records.close();
		this.fetch = prev.fetch;
		this.set({...prev.snapshot, generation: this.snapshot.generation + 1, loading: false});
		return true;
	}

	get depth(): number {
		return this.saved.length;
	}

	/** Drops a list's spill file, unless a pivot keeps that list to come back to. */
	private release(snapshot: StoreSnapshot): void {
		if (!this.saved.some(s => s.snapshot.records === snapshot.records)) snapshot.records.close();
	}

	close(): void {
		this.snapshot.records.close();
		for (const s of this.saved) {
			s.fetch?.controller.abort(new Error('closed'));
			s.snapshot.records.close();
		}
		this.fetch?.controller.abort(new Error('closed'));
	}
}
