/**
 * The summary behind the `summary` route, kept outside the screen (per store) so that a drill-down and esc back find
 * it as it was: the summary of what the list has loaded, fed a page at a time as the list grows, and the summary of
 * the whole query (F), fetched page by page as the App's background job (progress in the status bar, within the
 * Graph client's throttle, stopped by esc, capped at SUMMARY_CAP records). The whole query's records go to a spill
 * file as they come, so that a detection's records can be opened afterwards without fetching them again.
 */
import {useEffect, useSyncExternalStore} from 'react';
import type {Query} from '../query/query.js';
import type {GraphRecord} from '../reports/report.js';
import type {RecordSource} from '../sources/source.js';
import type {Prepared, RecordStore, StoreSnapshot} from '../store/record-store.js';
import {chunkFile, SpillableRecords} from '../store/spill.js';
import {sanitizeLine} from '../terminal/sanitize.js';
import {errorLine} from '../sources/source-error.js';
import {Summarizer, type Summary} from '../triage/summary.js';
import {keyName} from './keymap.js';
import type {BackgroundJob} from './use-background-job.js';

/** Values the screen shows per group. */
export const SCREEN_TOP = 10;
/** At most this many records in a summary of the whole query (the summary says so when it stops there). */
export const SUMMARY_CAP = 100_000;
/** Records of the whole query kept in memory; the rest go to the spill file. */
const IN_MEMORY = 1000;

export interface WholeQuery {
	readonly key: string;
	readonly query: Query;
	readonly summarizer: Summarizer;
	readonly records: SpillableRecords;
	readonly controller: AbortController;
	pages: number;
	state: 'running' | 'done' | 'capped' | 'stopped' | 'failed';
	message?: string;
	summary?: Summary;
}

export interface SummaryPorts {
	/** The query's pages (Graph's largest), opened outside the screen (the App's port). */
	readonly open: (query: Query) => RecordSource;
	readonly job: BackgroundJob;
}

const queryKey = (q: Query): string => JSON.stringify(q);

interface Loaded {
	readonly summarizer: Summarizer;
	summary?: Summary;
	/** Why the feed stopped short of the list's end (a record it could not read back): the summary says so. */
	stopped?: string;
}

/**
 * The list's next page, read ahead: its records as the store parsed them, and the array of texts the list is given
 * them as. Its records are taken from here only at the place where the list holds that very array (`startOf`, once
 * shown), so a page dropped or fetched again is read from the list instead: nothing is counted twice or misplaced.
 */
interface Staged {
	readonly into: StoreSnapshot['records'];
	readonly records: readonly GraphRecord[];
	readonly texts: readonly string[];
	/** Where the list shows it, once it does. */
	at?: number;
}

/** A feed's slice of work while idle: it then lets keys and frames through (a key waits at most about this long). */
export const FEED_SLICE_MS = 1;
/** Pages read ahead and not shown (yet) that are kept, and pages shown that the feed has not read yet (keptAt). */
const STAGED_KEPT = 1;

export class SummaryModel {
	private readonly loaded = new WeakMap<StoreSnapshot['records'], Loaded>();
	private whole?: WholeQuery;
	private staged: Staged[] = [];
	/** Where the screen's cursor is (kept across a drill-down), per summary shown. */
	private readonly cursors = new Map<string, number>();
	private version = 0;
	private readonly listeners = new Set<() => void>();

	subscribe = (listener: () => void): (() => void) => {
		this.listeners.add(listener);
		return () => this.listeners.delete(listener);
	};

	getSnapshot = (): number => this.version;

	private changed(): void {
		this.version++;
		for (const l of this.listeners) l();
	}

	/**
	 * Reads the records the list loaded since the last call, for at most `budget` ms (all of them by default): true
	 * when none is left. useSummaryFeed calls it in slices while idle, after a page is shown, so that neither the key
	 * that shows a page nor `s` has more than the result to compute; `s` calls it for the rest. A new list (another
	 * query, a pivot, back) starts a new summary.
	 */
	feed(snap: StoreSnapshot, budget = Number.POSITIVE_INFINITY): boolean {
		const loaded = this.loadedOf(snap);
		const {records} = snap;
		if (!loaded || loaded.stopped !== undefined || loaded.summarizer.total >= records.length) return true;
		const end = performance.now() + budget;
		let i = loaded.summarizer.total;
		try {
			const owed = this.owedTo(records, i);
			for (; i < records.length && (i < owed || i % 8 !== 0 || performance.now() < end); i++)
				loaded.summarizer.addOne(this.recordAt(records, i));
		} catch (error) {
			// Run while idle (an immediate) or in a render: nothing above it would catch it. The summary says what it lacks.
			loaded.stopped = sanitizeLine(errorLine(error));
			this.staged = [];
			loaded.summary = undefined;
			return true;
		}
		loaded.summary = undefined;
		if (this.staged.length > 0) this.staged = this.keptAt(records, i);
		return i >= records.length;
	}

	/**
	 * Where the feed at record i of `records` must read to now, whatever its budget: through the shown pages read ahead
	 * beyond STAGED_KEPT, as long as no more than a page lies between each and the one before (the list's first page,
	 * never read ahead, is parsed from its text). Reading a page's objects costs a few microseconds a record; dropping
	 * them (keptAt) costs parsing the page's text again later, some ten times that: a feed starved while pages came
	 * fast (a held key, a big file being indexed) then spent seconds of CPU after the last page, through the keys
	 * typed then (29 ms of CPU a key over 100,000 loaded rows). i itself when nothing is owed.
	 */
	private owedTo(records: StoreSnapshot['records'], i: number): number {
		const shown = this.staged
			.filter(p => p.into === records && (p.at ??= records.startOf(p.texts)) !== undefined && p.at + p.texts.length > i)
			.sort((a, b) => a.at! - b.at!);
		let to = i;
		for (const p of shown.slice(0, Math.max(0, shown.length - STAGED_KEPT))) {
			if (p.at! > to + p.texts.length) break;
			to = p.at! + p.texts.length;
		}
		return to;
	}

	/**
	 * The pages read ahead still worth their memory with the feed at record i of `records`: the shown pages the feed
	 * has not read past, nearest first, at most STAGED_KEPT of them (and the pages not shown yet, which `stage` bounds).
	 * Pages read, or of another list, go; so do shown pages beyond the bound that the feed could not read at once
	 * (owedTo: more than a page of texts before them), whose records it then parses from the list's texts when it gets
	 * there. The feed gets a millisecond at a time and may fall behind the list (a file being indexed, pages fetched
	 * and parsed): holding every page it has not read kept a page of objects (about 12 MB for 1,000 sign-ins) for each
	 * page it fell behind, without end.
	 */
	private keptAt(records: StoreSnapshot['records'], i: number): Staged[] {
		const live = this.staged.filter(
			p => p.into === records && ((p.at ??= records.startOf(p.texts)) === undefined || p.at + p.texts.length > i),
		);
		const shown = live.filter(p => p.at !== undefined).sort((a, b) => a.at! - b.at!);
		if (shown.length <= STAGED_KEPT) return live;
		const dropped = new Set(shown.slice(STAGED_KEPT));
		return live.filter(p => !dropped.has(p));
	}

	/** Record i of the list: the page read ahead's object when it is that record, else parsed from the list's text. */
	private recordAt(records: StoreSnapshot['records'], i: number): GraphRecord | undefined {
		for (const s of this.staged) {
			if (s.into !== records) continue;
			s.at ??= records.startOf(s.texts);
			const k = i - (s.at ?? Number.NaN);
			if (k >= 0 && k < s.texts.length) return s.records[k];
		}
		return records.at(i);
	}

	/** Whether the idle work is done: every record of the list read, and `next` (the store's next page) read ahead. */
	settled(snap: StoreSnapshot, next?: Prepared): boolean {
		const loaded = this.loadedOf(snap);
		const ahead = !next || this.staged.some(p => p.records === next.records);
		return (loaded?.summarizer.total ?? 0) >= snap.records.length && ahead;
	}

	/** The list's next page, fetched and parsed: its records are read from it rather than parsed again (see Staged). */
	stage(snap: StoreSnapshot, page: Prepared): void {
		if (this.staged.some(p => p.records === page.records) || !this.loadedOf(snap)) return;
		this.staged.push({into: snap.records, records: page.records, texts: page.texts});
		const waiting = this.staged.filter(p => (p.at ??= p.into.startOf(p.texts)) === undefined);
		if (waiting.length > STAGED_KEPT) this.staged = this.staged.filter(p => p !== waiting[0]);
	}

	/** The summary of what the list has loaded. */
	loadedSummary(snap: StoreSnapshot): Summary | undefined {
		this.feed(snap);
		const loaded = this.loadedOf(snap);
		if (!loaded) return undefined;
		if (!loaded.summary) {
			const summary = loaded.summarizer.result();
			const n = (x: number): string => x.toLocaleString('en-US');
			loaded.summary =
				loaded.stopped === undefined
					? summary
					: {
							...summary,
							notes: [
								...summary.notes,
								`Incomplete: ${n(loaded.summarizer.total)} of the ${n(snap.records.length)} loaded records are in it; ` +
									`reading the next failed (${loaded.stopped}).`,
							],
						};
		}
		return loaded.summary;
	}

	/** A list's summary: kept with its records, so that back from a pivot finds the list's summary as it was. */
	private loadedOf(snap: StoreSnapshot): Loaded | undefined {
		if (!snap.report) return undefined;
		let loaded = this.loaded.get(snap.records);
		if (!loaded || loaded.summarizer.report !== snap.report.id) {
			// Its columns' full chunks go to the list's file: nothing of them grows in memory with the count.
			loaded = {summarizer: new Summarizer(snap.report.id, {top: SCREEN_TOP, store: chunkFile(snap.records)})};
			this.loaded.set(snap.records, loaded);
		}
		return loaded;
	}

	cursor(key: string): number {
		return this.cursors.get(key) ?? 0;
	}

	setCursor(key: string, at: number): void {
		this.cursors.set(key, at);
		this.changed();
	}

	/** The summary of the whole query, when one was started for `query`. */
	wholeFor(query: Query | undefined): WholeQuery | undefined {
		return query && this.whole?.key === queryKey(query) ? this.whole : undefined;
	}

	/** Starts the summary of the whole query as the background job; the line to show when it cannot. */
	startWhole(query: Query, ports: SummaryPorts): string | undefined {
		if (this.whole?.state === 'running') return 'the summary of the whole query is still running';
		if (ports.job.running()) return 'another job is running (an export): wait for it to finish';
		let source: RecordSource;
		try {
			source = ports.open(query);
		} catch (error) {
			return sanitizeLine((error as Error).message);
		}
		this.whole?.records.close();
		const records = new SpillableRecords(IN_MEMORY);
		const whole: WholeQuery = {
			key: queryKey(query),
			query,
			summarizer: new Summarizer(query.report, {top: SCREEN_TOP, store: chunkFile(records)}),
			records,
			controller: new AbortController(),
			pages: 0,
			state: 'running',
		};
		this.whole = whole;
		const n = (x: number): string => x.toLocaleString('en-US');
		const started = ports.job.start<{records: number; pages: number}>({
			label: 'summarising the whole query',
			noun: 'a summary of the whole query',
			resume: `${keyName('summaryAll')} in the summary starts it again`,
			progress: p => `${n(p.records)} records, ${p.pages} page${p.pages === 1 ? '' : 's'}`,
			failed: message => `summary of the whole query failed: ${message}; ${keyName('summaryAll')} starts it again`,
			run: async (onProgress, signal) => {
				const stop = (): void => whole.controller.abort(signal.reason);
				signal.addEventListener('abort', stop);
				try {
					await this.fetch(whole, source, onProgress);
				} catch (error) {
					whole.summary = whole.summarizer.result();
					if (!whole.controller.signal.aborted) {
						whole.state = 'failed';
						whole.message = sanitizeLine((error as Error).message);
						this.changed();
						throw error;
					}
					whole.state = 'stopped';
					this.changed();
					return `summary of the whole query stopped at ${n(whole.summarizer.total)} records`;
				} finally {
					signal.removeEventListener('abort', stop);
				}
				const total = n(whole.summarizer.total);
				return whole.state === 'capped'
					? `summary of the whole query: capped at ${n(SUMMARY_CAP)} records`
					: `summary of the whole query: ${total} records`;
			},
		});
		if (!started) {
			this.whole = undefined;
			return 'another job is running: wait for it to finish';
		}
		this.changed();
		return undefined;
	}

	private async fetch(
		whole: WholeQuery,
		source: RecordSource,
		onProgress: (p: {records: number; pages: number}) => void,
	): Promise<void> {
		const {summarizer, records, controller} = whole;
		for await (const page of source.pages(controller.signal)) {
			const room = SUMMARY_CAP - summarizer.total;
			const taken = page.records.length > room ? page.records.slice(0, room) : page.records;
			// Kept first: a push that fails (the temp folder full) leaves nothing counted that a drill-down could not open.
			records.push(taken);
			summarizer.add(taken);
			whole.pages++;
			// Counts as the pages come; the detections once, at the end (they look at everything).
			whole.summary = summarizer.result({detections: false});
			onProgress({records: summarizer.total, pages: whole.pages});
			this.changed();
			if (summarizer.total >= SUMMARY_CAP) {
				whole.state = 'capped';
				break;
			}
		}
		if (whole.state === 'running') whole.state = 'done';
		whole.summary = summarizer.result();
		this.changed();
	}

	/** esc while the whole query is being fetched: stops it (what it has stays shown). True when it was running. */
	stopWhole(): boolean {
		if (this.whole?.state !== 'running') return false;
		this.whole.controller.abort(new Error('stopped'));
		return true;
	}

	/** The records at `indices` of the summary shown (the loaded list's, or the whole query's). */
	recordsAt(whole: WholeQuery | undefined, snap: StoreSnapshot, indices: readonly number[]): GraphRecord[] {
		const from = whole ? whole.records : snap.records;
		const out: GraphRecord[] = [];
		for (const i of indices) {
			const r = from.at(i);
			if (r) out.push(r);
		}
		return out;
	}

	/** Every record of the summary shown (for a line no filter can express). */
	*allRecords(whole: WholeQuery | undefined, snap: StoreSnapshot): Iterable<GraphRecord> {
		const from = whole ? whole.records : snap.records;
		for (let i = 0; i < from.length; i++) {
			const r = from.at(i);
			if (r) yield r;
		}
	}
}

const models = new WeakMap<RecordStore, SummaryModel>();

/** The summary model of a store (one per App). */
export function summaryModelOf(store: RecordStore): SummaryModel {
	let model = models.get(store);
	if (!model) {
		model = new SummaryModel();
		models.set(store, model);
	}
	return model;
}

/** The summary model of a store (one per App), re-rendering the caller when it changes. */
export function useSummaryModel(store: RecordStore): SummaryModel {
	const model = summaryModelOf(store);
	useSyncExternalStore(model.subscribe, model.getSnapshot);
	return model;
}

/**
 * The App's: each page the list loads is read into its summary (a few microseconds a record), so that `s` over
 * 100,000 loaded records computes only the result (bench/summary-worker.ts measures both). Not in the turn of the key
 * that shows the page: while idle, in slices of FEED_SLICE_MS, from the page's objects read ahead when it was
 * prefetched (so nothing is parsed twice), so that `n` costs what `j` does.
 */
export function useSummaryFeed(store: RecordStore): void {
	useEffect(() => {
		const model = summaryModelOf(store);
		let slice: ReturnType<typeof setImmediate> | undefined;
		let awaiting = false;
		let live = true;
		// Once the page after the one shown is in, it is staged for the summary, before the key that shows it.
		const ahead = (): void => {
			if (awaiting) return;
			awaiting = true;
			store.onArrival(() => {
				awaiting = false;
				const page = store.upcoming;
				if (live && page) model.stage(store.getSnapshot(), page);
			});
		};
		const work = (): void => {
			slice = undefined;
			// Armed from here rather than in the store's listener: the store asks for the next page after telling it.
			ahead();
			if (!model.feed(store.getSnapshot(), FEED_SLICE_MS)) slice = setImmediate(work);
		};
		const changed = (): void => {
			slice ??= setImmediate(work);
		};
		changed();
		const unsubscribe = store.subscribe(changed);
		return () => {
			live = false;
			unsubscribe();
			if (slice) clearImmediate(slice);
		};
	}, [store]);
}
