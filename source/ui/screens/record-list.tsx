/** The record list: a virtualized table (only visible rows render), columns fitted to the width. */
import React, {useMemo} from 'react';
import {Box, Text} from 'ink';
import {useKeys} from '../use-keys.js';
import type {StoreSnapshot} from '../../store/record-store.js';
import type {Column, Tone} from '../../reports/report.js';
import {resolveKey} from '../keymap.js';
import {useKeyState} from '../use-key-state.js';
import {Spinner} from '../spinner.js';
import {sanitizeLine} from '../../terminal/sanitize.js';
import {fit} from '../../terminal/width.js';
import {checkedHere} from '../checked-here.js';

const TONE: Readonly<Record<Tone, string | undefined>> = {default: undefined, success: 'green', failure: 'red', warning: 'yellow', muted: 'gray'};

/** The cursor's mark, before every row: the selected row stays visible without colour or inverse video (NO_COLOR, CI, a dumb terminal). */
const GUTTER = 2;

/** How the header says that columns are left out: `+2 hidden`. */
export const hiddenLabel = (n: number): string => `+${n} hidden`;

/**
 * Widths that fit beside the cursor's mark: minimums first, columns dropped from the right when even those do not
 * fit (the header then says how many, when there is room for it; the status line names them), the rest shared.
 */
export function fitColumns(columns: readonly Column[], width: number): {widths: number[]; hidden: Column[]} {
	const widths: number[] = [];
	let used = GUTTER;
	for (const c of columns) {
		if (used + c.width + 1 > width) break;
		widths.push(c.width);
		used += c.width + 1;
	}
	const hidden = columns.slice(widths.length);
	const label = hidden.length > 0 ? hiddenLabel(hidden.length).length + 1 : 0;
	const left = width - used - (width - used >= label ? label : 0);
	const grow = columns.slice(0, widths.length).reduce((s, c) => s + (c.grow ?? 0), 0);
	if (grow > 0) {
		columns.slice(0, widths.length).forEach((c, i) => {
			widths[i]! += Math.floor(((c.grow ?? 0) / grow) * left);
		});
	}
	return {widths, hidden};
}

export interface RecordListProps {
	readonly snap: StoreSnapshot;
	readonly selected: number;
	readonly onSelect: (update: (i: number) => number) => void;
	readonly width: number;
	readonly height: number;
	readonly onNextPage: () => void;
	readonly onSearchStatus: (s: string) => void;
	/** Whether the search field owns the keyboard (single-letter commands are suspended meanwhile; the App swallows the key that ends it). */
	readonly onSearching: (active: boolean) => void;
	/** A file: every filter is checked here (not only those Graph lacks). */
	readonly offline?: boolean;
}

/** How many fetched records the filters checked here set aside, and which filters those are. */
function setAsideText(snap: StoreSnapshot, offline: boolean | undefined): string {
	if (snap.setAside === 0) return '';
	const n = (x: number): string => x.toLocaleString('en-US');
	const which = offline || !snap.query ? 'by the filters' : `here (${checkedHere(snap.query).map(l => l.label).join(', ') || 'time range'})`;
	return ` · ${n(snap.setAside)} of ${n(snap.setAside + snap.rows.length)} ${offline ? 'read' : 'fetched'} set aside ${which}`;
}

export function RecordList({snap, selected, onSelect, width, height, onNextPage, onSearchStatus, onSearching, offline}: RecordListProps): React.ReactElement {
	const [search, setSearchState, searchRef] = useKeyState<string | undefined>(undefined);
	const lastSearch = React.useRef('');
	const setSearch = (value: string | undefined): void => {
		setSearchState(value);
		onSearching(value !== undefined);
	};
	const columns = useMemo(() => snap.report?.columns ?? [], [snap.report]);
	const {widths, hidden} = useMemo(() => fitColumns(columns, width), [columns, width]);
	const visible = Math.max(1, height - 2);
	const last = Math.max(0, snap.rows.length - 1);

	useKeys((input, key) => {
		const current = searchRef.current;
		if (current !== undefined) {
			if (key.escape) return setSearch(undefined);
			if (key.return) {
				// An empty search repeats the last one: / enter steps to the next match.
				const needle = current || lastSearch.current;
				if (!needle) return setSearch(undefined);
				lastSearch.current = needle;
				const wrap = snap.rows.find(needle, selected);
				onSearchStatus(wrap >= 0 ? `/${needle}: row ${wrap + 1}` : `/${needle}: not in the ${snap.rows.length} loaded rows`);
				if (wrap >= 0) onSelect(() => wrap);
				return setSearch(undefined);
			}
			if (key.backspace || key.delete) return setSearch(current.slice(0, -1));
			if (!key.ctrl && !key.meta && input) setSearch(`${current}${sanitizeLine(input)}`);
			return;
		}
		const c = resolveKey('list', input, key);
		if (c === 'up') onSelect(s => Math.max(0, s - 1));
		else if (c === 'down') onSelect(s => Math.min(last, s + 1));
		else if (c === 'pageUp') onSelect(s => Math.max(0, s - visible));
		else if (c === 'pageDown') onSelect(s => Math.min(last, s + visible));
		else if (c === 'top') onSelect(() => 0);
		else if (c === 'bottom') onSelect(() => last);
		else if (c === 'nextPage') onNextPage();
		else if (c === 'search') setSearch('');
	}, {isActive: true});

	const start = Math.min(Math.max(0, selected - Math.floor(visible / 2)), Math.max(0, snap.rows.length - visible));
	const rows = Array.from({length: Math.max(0, Math.min(visible, snap.rows.length - start))}, (_, i) => snap.rows.cells(start + i));
	const state = snap.error ? `error (n tries again): ${snap.error}` : snap.loading ? 'loading...' : snap.more ? 'more available (n)' : 'all loaded';
	return (
		<Box flexDirection="column">
			<Text wrap="truncate">
				<Text bold>{' '.repeat(GUTTER)}{columns.slice(0, widths.length).map((c, i) => fit(c.label, widths[i]!)).join(' ')}</Text>
				{hidden.length > 0 && <Text dimColor> {hiddenLabel(hidden.length)}</Text>}
			</Text>
			{rows.length === 0 && (snap.loading ? <Spinner label="Loading..." /> : <Text dimColor>{snap.error ? '' : 'No records match.'}</Text>)}
			{rows.map((row, i) => {
				const index = start + i;
				const isSel = index === selected;
				return (
					<Text key={index} wrap="truncate">
						<Text bold={isSel}>{isSel ? '›' : ' '}{' '.repeat(GUTTER - 1)}</Text>
						<Text inverse={isSel}>
							{widths.map((w, ci) => {
								const tone = snap.rows.tone(index, ci);
								return <Text key={ci} color={TONE[tone]}>{fit(row[ci] ?? '', w)}{ci < widths.length - 1 ? ' ' : ''}</Text>;
							})}
						</Text>
					</Text>
				);
			})}
			<Box flexGrow={1} />
			<Text wrap="truncate" color={snap.error ? 'red' : undefined} dimColor={!snap.error}>
				{search !== undefined ? `/${search}` : `${snap.rows.length === 0 ? 0 : selected + 1}/${snap.rows.length} loaded · ${snap.pages} page${snap.pages === 1 ? '' : 's'} · ${state}${setAsideText(snap, offline)}${snap.retries ? ` · ${snap.retries} retries` : ''}${snap.note ? ` · note: ${snap.note}` : ''}${hidden.length > 0 ? ` · too narrow for ${hidden.map(c => c.label).join(', ')} (enter shows every field)` : ''}`}
			</Text>
		</Box>
	);
}
