/** The record list: a virtualized table (only visible rows render), columns fitted to the width, and / search. */
import React, {useEffect, useMemo, useRef} from 'react';
import {Box, Text} from 'ink';
import chalk from 'chalk';
import type {Prepared, RecordStore, StoreSnapshot} from '../../store/record-store.js';
import type {Column, Tone} from '../../reports/report.js';
import {Spinner} from '../spinner.js';
import {listColumns} from '../../reports/catalogue.list.js';
import {eventTypesOf, listKeyOf} from './column-chooser.js';
import {fit} from '../../terminal/width.js';
import {checkedHere} from '../checked-here.js';
import {runBindings, useScreenKeys, type Bindings} from '../key-router.js';
import {keyName} from '../keymap.js';
import type {Shell} from '../shell.js';
import {recordBindings} from '../use-browse.js';
import {useKeyState} from '../use-key-state.js';
import {cursorBindings, keepInView} from '../use-list-cursor.js';
import {useTextField} from '../use-text-field.js';

const TONE: Readonly<Record<Tone, string | undefined>> = {
	default: undefined,
	success: 'green',
	failure: 'red',
	warning: 'yellow',
	muted: 'gray',
};

/** The cursor's mark, before every row: the selected row stays visible without colour or inverse video (NO_COLOR, CI, a dumb terminal). */
const GUTTER = 2;

/** The columns left out, by name: `hidden: Location, CA`. */
export const hiddenNames = (hidden: readonly Column[]): string => `hidden: ${hidden.map(c => c.label).join(', ')}`;

/** How the header says that columns are left out: their names where they fit in `room`, else how many (`+2 hidden`). */
export function hiddenLabel(hidden: readonly Column[], room: number): string {
	if (hidden.length === 0) return '';
	const names = hiddenNames(hidden);
	return names.length <= room ? names : `+${hidden.length} hidden`;
}

/**
 * Widths that fit beside the cursor's mark: minimums first, columns dropped from the right when even those do not
 * fit (the header's `label` then names them, or says how many when the names do not fit; the status line names
 * them), the rest shared.
 */
export function fitColumns(
	columns: readonly Column[],
	width: number,
): {widths: number[]; hidden: Column[]; label: string} {
	const widths: number[] = [];
	let used = GUTTER;
	for (const c of columns) {
		if (used + c.width + 1 > width) break;
		widths.push(c.width);
		used += c.width + 1;
	}
	const hidden = columns.slice(widths.length);
	// The label keeps the room it needs, when there is room for it.
	const label = hiddenLabel(hidden, width - used - 1);
	const left = width - used - (label && width - used >= label.length + 1 ? label.length + 1 : 0);
	const grow = columns.slice(0, widths.length).reduce((s, c) => s + (c.grow ?? 0), 0);
	if (grow > 0) {
		columns.slice(0, widths.length).forEach((c, i) => {
			widths[i]! += Math.floor(((c.grow ?? 0) / grow) * left);
		});
	}
	return {widths, hidden, label};
}

/** How many fetched records the filters checked here set aside, and which filters those are. */
function setAsideText(snap: StoreSnapshot, offline: boolean | undefined): string {
	if (snap.setAside === 0) return '';
	const n = (x: number): string => x.toLocaleString('en-US');
	const which =
		offline || !snap.query
			? 'by the filters'
			: `here (${
					checkedHere(snap.query)
						.map(l => l.label)
						.join(', ') || 'time range'
				})`;
	return ` · ${n(snap.setAside)} of ${n(snap.setAside + snap.rows.length)} ${offline ? 'read' : 'fetched'} set aside ${which}`;
}

/** The status line under the rows: where the cursor is, what is loaded, and what is missing. */
export function listStatus(
	snap: StoreSnapshot,
	selected: number,
	offline: boolean | undefined,
	hidden: readonly Column[],
): string {
	const n = keyName('nextPage');
	const state = snap.error
		? `error (${n} tries again): ${snap.error}`
		: snap.loading
			? 'loading...'
			: snap.more
				? `more available (${n})`
				: 'all loaded';
	const position = `${snap.rows.length === 0 ? 0 : selected + 1}/${snap.rows.length} loaded`;
	const pages = `${snap.pages} page${snap.pages === 1 ? '' : 's'}`;
	const retries = snap.retries ? ` · ${snap.retries} retries` : '';
	const note = snap.note ? ` · note: ${snap.note}` : '';
	// Right after the state, so that a narrow terminal still shows which columns are hidden.
	const narrow = hidden.length > 0 ? ` · ${hiddenNames(hidden)} (${keyName('columns')})` : '';
	return `${position} · ${pages} · ${state}${narrow}${setAsideText(snap, offline)}${retries}${note}`;
}

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

/** A row's cells fitted to the widths, each in its tone's colour (as Ink's <Text color> would colour it: chalk). */
function styled(cells: readonly string[], tones: readonly Tone[], widths: readonly number[]): string {
	let body = '';
	for (let ci = 0; ci < widths.length; ci++) {
		const text = `${fit(cells[ci] ?? '', widths[ci]!)}${ci < widths.length - 1 ? ' ' : ''}`;
		const color = TONE[tones[ci] ?? 'default'];
		body += color ? chalk[color as 'green'](text) : text;
	}
	return body;
}

/** What a row shows (its cells and tones within the widths): two rows with the same key are drawn the same. */
const rowKey = (cells: readonly string[], tones: readonly Tone[], widths: readonly number[]): string =>
	`${cells.slice(0, widths.length).join('\u0000')}\u0001${tones.slice(0, widths.length).join()}`;

/**
 * The rows of the page read ahead (the store's, fetched and prepared while the user reads), drawn while idle: the key
 * that shows the page finds its rows made. Found by what they show (rowKey), so a page that is not the one shown
 * next, or columns chosen since, cannot put a wrong row on screen: it only finds nothing.
 */
let ahead: {page?: Prepared; widths?: readonly number[]; bodies: Map<string, string>} = {bodies: new Map()};

function drawAhead(page: Prepared, columns: readonly Column[], widths: readonly number[], count: number): void {
	if (page.columns !== columns || (ahead.page === page && ahead.widths === widths)) return;
	ahead = {page, widths, bodies: new Map()};
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
		void store.arrival().then(() => {
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
	const body = rowBody(rows, index, widths);
	const gutter = ' '.repeat(GUTTER - 1);
	return (
		<Text wrap="truncate">{selected ? `${chalk.bold(`›${gutter}`)}${chalk.inverse(body)}` : ` ${gutter}${body}`}</Text>
	);
});

export function RecordList(shell: Shell): React.ReactElement {
	const {snap, store, cursor, props, width, height, setStatus, dispatch, browse, job} = shell;
	const selected = cursor.index;
	const search = useTextField('');
	const [searching, setSearching, latestSearching] = useKeyState(false);
	const lastSearch = useRef('');
	const columns = useMemo(() => snap.report?.columns ?? [], [snap.report]);
	// The columns chosen for this list (or its defaults: apps' sign-ins have their own), once its report is known.
	const wanted = useMemo(
		() =>
			snap.query && snap.report
				? listColumns(snap.report.id, eventTypesOf(snap.query), props.columns?.get(listKeyOf(snap.query)))
				: undefined,
		[snap.query, snap.report, props.columns],
	);
	useEffect(() => {
		if (wanted && wanted.map(c => c.key).join() !== columns.map(c => c.key).join()) store.setColumns(wanted);
	}, [wanted, columns, store]);
	const {widths, hidden, label} = useMemo(() => fitColumns(columns, width), [columns, width]);
	const visible = Math.max(1, height - 2);
	// A screen of the next page's rows: what n (or a scroll onto it) shows first.
	useRowsAhead(store, snap.rows.length, columns, widths, visible);

	// Fetch the next page when the cursor reaches the end of what is loaded (not again after a failure: n retries).
	useEffect(() => {
		if (selected >= snap.rows.length - 1 && snap.more && !snap.loading && !snap.error && snap.rows.length > 0)
			void store.loadNext();
	}, [selected, snap.rows.length, snap.more, snap.loading, snap.error, store]);

	const find = (): void => {
		// An empty search repeats the last one: / enter steps to the next match.
		const needle = search.latest.current || lastSearch.current;
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
		nextPage: () => void store.loadNext(),
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
	// While the search field is open it owns the keyboard: letters are text, enter finds, esc closes it.
	useScreenKeys((input, key) =>
		latestSearching.current
			? runBindings('search', searchKeys, input, key) || search.edit(input, key) || true
			: runBindings('list', listKeys, input, key),
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
