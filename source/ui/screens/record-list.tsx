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

const TONE: Readonly<Record<Tone, string | undefined>> = {default: undefined, success: 'green', failure: 'red', warning: 'yellow', muted: 'gray'};

/** Widths that fit: minimums first, columns dropped from the right when even those do not fit, the rest shared. */
export function fitColumns(columns: readonly Column[], width: number): number[] {
	const widths: number[] = [];
	let used = 0;
	for (const c of columns) {
		if (used + c.width + 1 > width) break;
		widths.push(c.width);
		used += c.width + 1;
	}
	const grow = columns.slice(0, widths.length).reduce((s, c) => s + (c.grow ?? 0), 0);
	const left = width - used;
	if (grow > 0) {
		columns.slice(0, widths.length).forEach((c, i) => {
			const extra = Math.floor(((c.grow ?? 0) / grow) * left);
			widths[i]! += extra;
		});
	}
	return widths;
}

function cell(text: string, width: number): string {
	return text.length > width ? `${text.slice(0, Math.max(0, width - 1))}…` : text.padEnd(width);
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
}

export function RecordList({snap, selected, onSelect, width, height, onNextPage, onSearchStatus, onSearching}: RecordListProps): React.ReactElement {
	const [search, setSearchState, searchRef] = useKeyState<string | undefined>(undefined);
	const lastSearch = React.useRef('');
	const setSearch = (value: string | undefined): void => {
		setSearchState(value);
		onSearching(value !== undefined);
	};
	const columns = snap.report?.columns ?? [];
	const widths = useMemo(() => fitColumns(columns, width), [columns, width]);
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
			<Text bold wrap="truncate">{columns.slice(0, widths.length).map((c, i) => cell(c.label, widths[i]!)).join(' ')}</Text>
			{rows.length === 0 && (snap.loading ? <Spinner label="Loading..." /> : <Text dimColor>{snap.error ? '' : 'No records match.'}</Text>)}
			{rows.map((row, i) => {
				const index = start + i;
				const isSel = index === selected;
				return (
					<Text key={index} inverse={isSel} wrap="truncate">
						{widths.map((w, ci) => {
							const tone = snap.rows.tone(index, ci);
							return <Text key={ci} color={TONE[tone]}>{cell(row[ci] ?? '', w)}{ci < widths.length - 1 ? ' ' : ''}</Text>;
						})}
					</Text>
				);
			})}
			<Box flexGrow={1} />
			<Text wrap="truncate" color={snap.error ? 'red' : undefined} dimColor={!snap.error}>
				{search !== undefined ? `/${search}` : `${snap.rows.length === 0 ? 0 : selected + 1}/${snap.rows.length} loaded · ${snap.pages} page${snap.pages === 1 ? '' : 's'} · ${state}${snap.retries ? ` · ${snap.retries} retries` : ''}${snap.note ? ` · note: ${snap.note}` : ''}`}
			</Text>
		</Box>
	);
}
