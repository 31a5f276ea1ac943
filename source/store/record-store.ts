/**
 * What the UI reads: the records fetched for the current query, as sanitized rows for the list and full records for
 * the detail. It owns every fetch: one page at a time on demand, the next one prefetched while the current is read;
 * a new query aborts the old one (a generation number makes stale pages impossible).
 * Full records past a memory bound go to a temp file (spill.ts); rows stay compact and in memory (rows.ts).
 */
import type {Query} from '../query/query.js';
import type {ReportDefinition, Tone} from '../reports/report.js';
import {SpillableRecords} from './spill.js';
import {Rows} from './rows.js';
import type {RecordSource, SourcePage} from '../sources/source.js';
import {sanitizeLine} from '../terminal/sanitize.js';
import {GraphError} from '../graph/errors.js';

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
	/** The last error needs a person to sign in again (the session ended): the UI offers the device code. */
	readonly needsLogin?: boolean;
	/** Fetches that failed so far in this list (each failure is news, even with the same message). */
	readonly failures: number;
	/** What the source left out or wants known (a file's last line cut short), sanitized. */
	readonly note?: string;
	readonly generation: number;
}

/** Records kept in memory before older ones spill to disk. */
export const DEFAULT_MEMORY_LIMIT = 20_000;

const empty = (limit: number, columns = 0): StoreSnapshot => ({records: new SpillableRecords(limit), rows: new Rows(columns), loading: false, more: false, pages: 0, retries: 0, failures: 0, generation: 0});

export class RecordStore {
	private snapshot: StoreSnapshot;
	private readonly listeners = new Set<() => void>();
	private controller?: AbortController;
	private iterator?: AsyncIterator<SourcePage>;
	private prefetch?: Promise<IteratorResult<SourcePage>>;
	private source?: RecordSource;
	/** Where the page after the last one shown is (its `next`): a failed fetch starts again from here. */
	private cursor?: string;
	/** The iterator threw (retries exhausted, a network gone): it is finished, and the next loadNext opens another. */
	private broken = false;

	constructor(
		private readonly open: (query: Query) => {source: RecordSource; report: ReportDefinition},
		private readonly memoryLimit = DEFAULT_MEMORY_LIMIT,
	) {
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
		this.controller?.abort(new Error('query changed'));
		const controller = new AbortController();
		this.controller = controller;
		let opened;
		try {
			opened = this.open(query);
		} catch (error) {
			this.release(this.snapshot);
			this.set({...empty(this.memoryLimit), query, generation: this.snapshot.generation + 1, error: (error as Error).message});
			return;
		}
		this.source = opened.source;
		this.cursor = undefined;
		this.broken = false;
		this.iterator = opened.source.pages(controller.signal)[Symbol.asyncIterator]();
		this.prefetch = undefined;
		this.release(this.snapshot);
		this.set({...empty(this.memoryLimit, opened.report.columns.length), query, report: opened.report, loading: true, more: true, generation: this.snapshot.generation + 1});
		void this.loadNext();
	}

	refresh(): void {
		if (this.snapshot.query) this.setQuery(this.snapshot.query);
	}

	/** Appends the next page (the prefetched one when it is there), then prefetches the one after. */
	async loadNext(): Promise<void> {
		if (this.broken && this.source && this.controller && !this.snapshot.loading) {
			// After a failure: from the page that failed, so that nothing is skipped or shown twice.
			this.iterator = this.source.pages(this.controller.signal, this.cursor)[Symbol.asyncIterator]();
			this.broken = false;
		}
		const iterator = this.iterator;
		const generation = this.snapshot.generation;
		if (!iterator || !this.snapshot.more || (this.snapshot.loading && this.snapshot.pages > 0)) return;
		this.set({loading: true});
		try {
			const result = await (this.prefetch ?? iterator.next());
			this.prefetch = undefined;
			if (generation !== this.snapshot.generation) return;
			if (result.done) {
				this.set({loading: false, more: false});
				return;
			}
			const report = this.snapshot.report!;
			const rows = result.value.records.map(r => report.columns.map(c => sanitizeLine(c.value(r))));
			const tones = result.value.records.map(r => report.columns.map(c => c.tone?.(r) ?? 'default'));
			const more = result.value.next !== undefined;
			this.cursor = result.value.next;
			// Appended in place (no copy of what is loaded); the new snapshot below makes readers render again.
			this.snapshot.records.push(result.value.records);
			this.snapshot.rows.push(rows, tones);
			this.set({
				pages: this.snapshot.pages + 1,
				loading: false,
				more,
				error: undefined,
				needsLogin: undefined,
			});
			if (more) {
				this.prefetch = iterator.next();
				this.prefetch.catch(() => undefined);
			}
		} catch (error) {
			if (generation !== this.snapshot.generation) return;
			this.prefetch = undefined;
			this.broken = true;
			const message = error instanceof GraphError ? error.oneLine() : (error as Error).message;
			this.set({loading: false, error: sanitizeLine(message), needsLogin: (error as Error).name === 'LoginRequiredError', failures: this.snapshot.failures + 1});
		}
	}

	private readonly saved: Array<{
		snapshot: StoreSnapshot; iterator?: AsyncIterator<SourcePage>; prefetch?: Promise<IteratorResult<SourcePage>>; controller?: AbortController;
		source?: RecordSource; cursor?: string; broken: boolean;
	}> = [];

	/** A pivot: keeps the current list as it is (rows, position in the source) and starts another query. */
	pushQuery(query: Query): void {
		this.saved.push({snapshot: this.snapshot, iterator: this.iterator, prefetch: this.prefetch, controller: this.controller, source: this.source, cursor: this.cursor, broken: this.broken});
		this.controller = undefined;
		this.setQuery(query);
	}

	/** Back from a pivot to the exact list it came from. False when there is nothing to go back to. */
	popQuery(): boolean {
		const prev = this.saved.pop();
		if (!prev) return false;
		this.controller?.abort(new Error('back'));
		this.snapshot.records.close();
		this.iterator = prev.iterator;
		this.prefetch = prev.prefetch;
		this.controller = prev.controller;
		this.source = prev.source;
		this.cursor = prev.cursor;
		this.broken = prev.broken;
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
			s.controller?.abort(new Error('closed'));
			s.snapshot.records.close();
		}
		this.controller?.abort(new Error('closed'));
	}
}
