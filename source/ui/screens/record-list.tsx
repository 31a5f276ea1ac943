/** The record list: a virtualized table (only visible rows render), columns fitted to the width, and / search. */
import React, {useEffect, useMemo, useRef} from 'react';
import {Box, Text} from 'ink';
import type {Prepared, RecordStore, StoreSnapshot} from '../../store/record-store.js';
import type {Column, Tone} from '../../reports/report.js';
import {Spinner} from '../spinner.js';
import {showChosenColumns} from '../column-choices.js';
import {fit} from '../../terminal/width.js';
import {shownTyped} from '../../terminal/sanitize.js';
import {runBindings, useScreenKeys, type Bindings} from '../key-router.js';
import {PIVOTS, resolveKey, type Command} from '../keymap.js';
import type {Shell} from '../shell.js';
import {recordBindings} from '../use-browse.js';
import {useKeyState} from '../use-key-state.js';
import {cursorBindings, keepInView} from '../use-list-cursor.js';
import {useTextField} from '../use-text-field.js';
import {GUTTER, fitColumns, listStatus, rowLine, styled} from '../list-text.js';
import {errorState} from '../error-state.js';

// The list's lines as text are in list-text.ts: `open`'s first frame writes them before Ink loads.
export {fitColumns, hiddenLabel, hiddenNames, listStatus} from '../list-text.js';

/**
 * A row's cells as the terminal shows them (fitted to the widths, each in its tone's colour), kept per list and widths
 * for the rows drawn lately: a row's cells never change in the same Rows (they are append-only), so a row that comes
 * back (the cursor moving onto a row already on screen, a list scrolled back) is not fitted again.
 */
const bodies = new WeakMap<StoreSnapshot['rows'], {widths: readonly number[]; rows: Map<number, string>}>();
const BODIES_KEPT = 512;

function rowBody(rows: StoreSnapshot['rows'], index: number, widths: readonly number[]): string {
	let kept = bodies.get(rows);
	if (!kept || kept.widths !== widths) bodies.set(rows, (kept = {widths, rows: new Map()}));
	let body = kept.rows.get(index);
	if (body === undefined) {
		const cells = rows.cells(index);
		const tones = widths.map((_, ci) => rows.tone(index, ci));
		body =
			(ahead.widths === widths ? ahead.bodies.get(rowKey(cells, tones, widths)) : undefined) ??
			styled(cells, tones, widths);
		if (kept.rows.size >= BODIES_KEPT) kept.rows.delete(kept.rows.keys().next().value!);
		kept.rows.set(index, body);
	}
	return body;
}

/** What a row shows (its cells and tones within the widths): two rows with the same key are drawn the same. */
const rowKey = (cells: readonly string[], tones: readonly Tone[], widths: readonly number[]): string =>
	`${cells.slice(0, widths.length).join('\u0000')}\u0001${tones.slice(0, widths.length).join()}`;

/**
 * The rows of the page read ahead (the store's, fetched and prepared while the user reads), drawn while idle: the key
 * that shows the page finds its rows made. Found by what they show (rowKey), so a page that is not the one shown
 * next, or columns chosen since, cannot put a wrong row on screen: it only finds nothing. The page is known by its
 * rows alone: holding the Prepared kept its records and texts (about 18 MB for 1,000 sign-ins) after it was shown.
 */
let ahead: {rows?: Prepared['rows']; widths?: readonly number[]; bodies: Map<string, string>} = {bodies: new Map()};

function drawAhead(page: Prepared, columns: readonly Column[], widths: readonly number[], count: number): void {
	if (page.columns !== columns || (ahead.rows === page.rows && ahead.widths === widths)) return;
	ahead = {rows: page.rows, widths, bodies: new Map()};
	for (let i = 0; i < Math.min(count, page.rows.length); i++) {
		const cells = page.rows[i]!;
		const tones = page.tones[i]!;
		ahead.bodies.set(rowKey(cells, tones, widths), styled(cells, tones, widths));
	}
}

/** Once the store's next page is in, its first `count` rows are drawn ahead (again after each page shown). */
function useRowsAhead(
	store: RecordStore,
	loaded: number,
	columns: readonly Column[],
	widths: readonly number[],
	count: number,
): void {
	useEffect(() => {
		let live = true;
		store.onArrival(() => {
			const page = store.upcoming;
			if (live && page) drawAhead(page, columns, widths, count);
		});
		return () => {
			live = false;
		};
	}, [store, loaded, columns, widths, count]);
}

/**
 * One row, drawn again only when what it shows changes: a move of the cursor re-renders the two rows it leaves and
 * enters, not the screen. One styled string per row (the cursor's mark in bold, the selected row in inverse video),
 * so that Ink has one text to lay out per row rather than a node per cell.
 */
const ListRow = React.memo(function ListRow({
	rows,
	index,
	widths,
	selected,
}: {
	readonly rows: StoreSnapshot['rows'];
	readonly index: number;
	readonly widths: readonly number[];
	readonly selected: boolean;
}): React.ReactElement {
	return <Text wrap="truncate">{rowLine(rowBody(rows, index, widths), selected)}</Text>;
});

/** The list's commands that act on its rows: with none loaded yet, they wait for the first (key-router.tsx). */
const ON_ROWS: ReadonlySet<Command | undefined> = new Set<Command>([
	'up',
	'down',
	'pageUp',
	'pageDown',
	'top',
	'bottom',
	'nextPage',
	'detail',
	'copy',
	'copyAs',
	'search',
	...PIVOTS,
	'timeline',
	'summary',
]);
/** Those that move on past the last row loaded: with the next page on its way, they wait for its rows. */
const ON_NEXT_ROWS: ReadonlySet<Command | undefined> = new Set<Command>(['down', 'pageDown', 'bottom']);

export function RecordList(shell: Shell): React.ReactElement {
	const {snap, store, cursor, props, width, height, setStatus, dispatch, browse, job} = shell;
	const selected = cursor.index;
	const search = useTextField('');
	const [searching, setSearching, latestSearching] = useKeyState(false);
	const lastSearch = useRef('');
	const columns = useMemo(() => snap.report?.columns ?? [], [snap.report]);
	// The columns chosen for this list (or its defaults: apps' sign-ins have their own), once its report is known: as
	// `open`'s first frame reads them (column-choices.ts).
	useEffect(() => showChosenColumns(store, props.columns), [snap.query, snap.report, props.columns, store]);
	const {widths, hidden, label} = useMemo(() => fitColumns(columns, width), [columns, width]);
	const visible = Math.max(1, height - 2);
	// A screen of the next page's rows: what n (or a scroll onto it) shows first.
	useRowsAhead(store, snap.rows.length, columns, widths, visible);

	// Fetch the next page when the cursor reaches the end of what is loaded (not again after a failure: n retries), or,
	// for a file, while what is loaded does not fill the list (its first page is a screen of the terminal's height at
	// the start: made taller, the list fills; Graph's pages are the server's, each asked for).
	const unfilled = props.offline === true && snap.rows.length < visible;
	useEffect(() => {
		const wanted = selected >= snap.rows.length - 1 || unfilled;
		if (wanted && snap.more && !snap.loading && !snap.error && snap.rows.length > 0) void store.loadNext();
	}, [selected, unfilled, snap.rows.length, snap.more, snap.loading, snap.error, store]);

	const find = (): void => {
		// An empty search repeats the last one: / enter steps to the next match.
		const needle = shownTyped(search.latest.current) || lastSearch.current;
		setSearching(false);
		if (!needle) return;
		lastSearch.current = needle;
		const rows = store.getSnapshot().rows;
		const at = rows.find(needle, cursor.latest.current);
		setStatus(at >= 0 ? `/${needle}: row ${at + 1}` : `/${needle}: not in the ${rows.length} loaded rows`);
		if (at >= 0) cursor.set(at);
	};
	const listKeys: Bindings = {
		...recordBindings(browse, shell),
		...cursorBindings(cursor, () => Math.max(0, store.getSnapshot().rows.length - 1), visible),
		nextPage: () => {
			// After an error that asking again cannot cure (Graph refused the query, access missing), n says what can.
			const {error, errorKind} = store.getSnapshot();
			if (error && errorKind && errorKind !== 'transient') return setStatus(errorState(error, errorKind));
			void store.loadNext();
		},
		search: () => {
			search.set('');
			setSearching(true);
		},
		detail: () => {
			if (store.getSnapshot().records.at(cursor.latest.current)) dispatch({type: 'push', route: {name: 'detail'}});
		},
		filters: () => dispatch({type: 'push', route: {name: 'filters'}}),
		columns: () => {
			if (store.getSnapshot().report) dispatch({type: 'push', route: {name: 'columns'}});
		},
		summary: () => {
			if (store.getSnapshot().report) dispatch({type: 'push', route: {name: 'summary'}});
		},
		refresh: () => {
			store.refresh();
			cursor.set(0);
		},
		export: () => {
			if (!store.getSnapshot().query) return;
			if (job.running()) setStatus('an export is running: wait for it to finish');
			else dispatch({type: 'push', route: {name: 'export'}});
		},
		// esc: back from a pivot, else the picker over the list.
		back: () => browse.back() || dispatch({type: 'push', route: {name: 'picker'}}),
	};
	const searchKeys: Bindings = {find, back: () => setSearching(false)};
	// While the search field is open it owns the keyboard: letters are text, enter finds, esc closes it. Keys that act
	// on rows wait for them (key-router.tsx): while the first rows are on their way, and past the last row loaded while
	// the next page comes (j's in one read past a page's end); others (f, ?, :, e, r), esc and q act at once.
	useScreenKeys(
		(input, key) =>
			latestSearching.current
				? runBindings('search', searchKeys, input, key) || search.edit(input, key) || true
				: runBindings('list', listKeys, input, key),
		(input, key) => {
			if (latestSearching.current) return false;
			const now = store.getSnapshot();
			const command = resolveKey('list', input, key);
			if (now.rows.length === 0) return now.loading && ON_ROWS.has(command);
			const atEnd = cursor.latest.current >= now.rows.length - 1;
			return atEnd && now.more && now.error === undefined && ON_NEXT_ROWS.has(command);
		},
	);

	const start = keepInView(selected, snap.rows.length, visible);
	const shown = Math.max(0, Math.min(visible, snap.rows.length - start));
	return (
		<Box flexDirection="column">
			<Text wrap="truncate">
				<Text bold>
					{' '.repeat(GUTTER)}
					{columns
						.slice(0, widths.length)
						.map((c, i) => fit(c.label, widths[i]!))
						.join(' ')}
				</Text>
				{label && <Text dimColor> {label}</Text>}
			</Text>
			{shown === 0 &&
				(snap.loading ? <Spinner label="Loading..." /> : <Text dimColor>{snap.error ? '' : 'No records match.'}</Text>)}
			{Array.from({length: shown}, (_, i) => (
				<ListRow key={start + i} rows={snap.rows} index={start + i} widths={widths} selected={start + i === selected} />
			))}
			<Box flexGrow={1} />
			<Text wrap="truncate" color={snap.error ? 'red' : undefined} dimColor={!snap.error}>
				{searching ? `/${search.value}` : listStatus(snap, selected, props.offline, hidden)}
			</Text>
		</Box>
	);
}
