/**
 * The TUI's record store and where its lists come from (Graph, a workspace, a file or an archive), without React:
 * `open FILE` makes it before Ink has loaded, to draw the first frame (first-frame.ts), and the TUI goes on with it.
 */
import {resolveQuery, type Query} from '../query/query.js';
import {openSource, type Origin} from '../sources/open-source.js';
import type {RecordSource} from '../sources/source.js';
import {RecordStore} from '../store/record-store.js';

/** Page size in the TUI: small pages arrive fast; export uses Graph's maximum. */
export const UI_PAGE_SIZE = 100;

export interface ListStore {
	readonly store: RecordStore;
	readonly origin: Origin;
	/** A query's pages, `size` records each; `listed`: for the store's list (a file's rows then show as it is indexed). */
	readonly sourceFor: (q: Query, size: number, listed?: boolean) => RecordSource;
	/** Records in hand shown as a list (a timeline's records of one report): their query opens them, not the origin. */
	readonly pinned: WeakMap<Query, RecordSource>;
}

/** `origin` is given the store's note, for what a source wants told (the status bar shows it). */
export function listStore(
	origin: (note: (message: string) => void) => Origin,
	pageSize: number,
	youngGeneration: 'now' | 'after-first-page' = 'now',
): ListStore {
	const from = origin(message => store.note(message));
	// The list's rows show as a file is indexed (a file found not newest first goes on in its order, so no row moves;
	// `r` lists it sorted); exports, summaries and timelines read it in its final order.
	const sourceFor = (q: Query, size: number, listed = false): RecordSource =>
		openSource(q, listed && from.kind === 'file' ? {...from, streaming: true} : from, {pageSize: size});
	const pinned = new WeakMap<Query, RecordSource>();
	const store: RecordStore = new RecordStore(
		q => ({source: pinned.get(q) ?? sourceFor(q, pageSize, true), report: resolveQuery(q).report}),
		undefined,
		youngGeneration,
	);
	return {store, origin: from, sourceFor, pinned};
}

/**
 * Records in a file's first page on a terminal of fewer rows: its list's height at most sizes, so that a terminal
 * resized a little taller still shows a full list, and the count said is the same for most terminals.
 */
const SCREEN_PAGE = 50;

/**
 * The store for an offline file or archive, its list's query started (its first page is read from now on).
 * `screenRows`, the terminal's: a file's first page is then a screen of records (SCREEN_PAGE, or the terminal's
 * height if taller), what the first frame shows: parsing `open`'s first 100 records was a fifth of its CPU to that
 * frame. The pages after it hold 1,000.
 */
export function offlineListStore(file: string, query: Query, pageSize = UI_PAGE_SIZE, screenRows?: number): ListStore {
	// A first page of the TUI's size grows V8's young generation once at most: kept small after it (record-store.ts).
	const young = pageSize <= UI_PAGE_SIZE ? 'after-first-page' : 'now';
	const firstPage = screenRows ? Math.max(SCREEN_PAGE, screenRows) : undefined;
	const list = listStore(note => ({kind: 'file', path: file, onNote: note, firstPage}), pageSize, young);
	list.store.setQuery(query);
	return list;
}
