/**
 * One user's timeline (`t` on a record): their sign-ins, audits and provisioning in one list, newest first, each row
 * with its source and detections. The fetch lives outside the screen (sources/timeline-source.ts, through the App's
 * port) and outlives it while a record's detail is on top: enter opens the record with its report's sections, the
 * store holding the timeline's records of that report, so ←/→, y and the pivots work from it; esc comes back here,
 * and a pivot leaves the timeline for the pivot's list (esc from there walks back as from any pivot).
 */
import React, {useLayoutEffect, useRef, useSyncExternalStore} from 'react';
import {Box, Text} from 'ink';
import {evaluate} from '../../query/filter.js';
import {resolveQuery, type Query} from '../../query/query.js';
import type {GraphRecord} from '../../reports/report.js';
import {
	SOURCE_LABEL,
	entryCells,
	subjectText,
	timelineLegs,
	type TimelineFetch,
	type TimelineRange,
	type TimelineState,
	type TimelineSubject,
} from '../../sources/timeline-source.js';
import {readableJson} from '../../reports/json-text.js';
import {clipLine, sanitizeLine, shownTyped} from '../../terminal/sanitize.js';
import {fit} from '../../terminal/width.js';
import {runBindings, useScreenKeys, type Bindings} from '../key-router.js';
import {hints, keyName} from '../keymap.js';
import type {Shell} from '../shell.js';
import {useKeyState} from '../use-key-state.js';
import {cursorBindings, keepInView, useListCursor} from '../use-list-cursor.js';
import {useTextField} from '../use-text-field.js';
import {Spinner} from '../spinner.js';
import {visibleControls} from '../../terminal/tty-output.js';

/** How the TUI fetches a timeline and shows records in hand (run.tsx builds it over the store's own source). */
export interface TimelinePort {
	open(subject: TimelineSubject, range: TimelineRange): TimelineFetch;
	/** Shows `records` as the store's list of `query` (pushed: the list before it comes back with popQuery). */
	show(query: Query, records: readonly GraphRecord[]): void;
}

export type TimelineRoute = {
	readonly name: 'timeline';
	readonly subject: TimelineSubject;
	readonly range: TimelineRange;
};

/** A timeline route's fetch and where it was: kept while its screen is away (a detail on top). */
interface Session {
	readonly fetch: TimelineFetch;
	/** The store's depth when the timeline opened: a record's list is pushed on it, a pivot on that. */
	readonly base: number;
	/** The list's selected row, given back when the timeline's record list goes. */
	readonly listRow: number;
	selected: number;
}

const sessions = new WeakMap<object, Session>();

const TONE: Readonly<Record<string, string>> = {signins: 'cyan', audits: 'magenta', provisioning: 'yellow'};

/** One row's text (the search looks in it): time, source, detections, what happened; sanitized. */
export function rowText(entry: TimelineState['entries'][number]): string {
	const c = entryCells(entry);
	return sanitizeLine(`${c.time} ${c.source} ${c.detections} ${c.what}`);
}

function statusLine(state: TimelineState, selected: number): string {
	const counts = Object.entries(state.counts)
		.map(([leg, n]) => `${leg} ${n}`)
		.join(' · ');
	const capped = state.capped.length > 0 ? ` · cut at the cap: ${state.capped.join(', ')}` : '';
	const where = `${state.entries.length === 0 ? 0 : selected + 1}/${state.entries.length}`;
	return `${where} · ${counts}${capped} · ${state.done ? 'all loaded' : 'loading...'}`;
}

export function TimelineScreen(shell: Shell & {readonly route: TimelineRoute}): React.ReactElement {
	const {route, props, store, cursor, dispatch, setStatus, width, height, stack} = shell;
	let session = sessions.get(route);
	if (!session) {
		session = {
			fetch: props.timeline!.open(route.subject, route.range),
			base: store.depth,
			listRow: cursor.latest.current,
			selected: 0,
		};
		sessions.set(route, session);
	}
	const s = session;
	const state = useSyncExternalStore(s.fetch.subscribe, s.fetch.getSnapshot);
	const selected = useListCursor(s.selected);
	s.selected = selected.index;
	const search = useTextField('');
	const [searching, setSearching, latestSearching] = useKeyState(false);
	const lastSearch = useRef('');

	// Back from a record: its list goes and the list under the timeline is as it was. After a pivot from the
	// record the pivot's list is what to show: the timeline makes way for it, and so does the detail it was opened
	// from (t in a detail), as a pivot from a detail shows its list.
	useLayoutEffect(() => {
		if (store.depth === s.base + 1) {
			store.popQuery();
			cursor.set(s.listRow);
		} else if (store.depth > s.base + 1) {
			s.fetch.abort();
			dispatch({type: 'pop'});
			if (stack.at(-2)?.name === 'detail') dispatch({type: 'pop'});
		}
		// eslint-disable-next-line react-hooks/exhaustive-deps -- once, each time the timeline is on top again
	}, []);

	const header = 2 + Math.min(3, state.problems.length);
	const visible = Math.max(1, height - header - 1);
	const entries = (): TimelineState['entries'] => s.fetch.getSnapshot().entries;

	const open = (): void => {
		const all = entries();
		const entry = all[selected.latest.current];
		if (!entry) return;
		// The query of its report as the fetch made it (the workspace it read, when it read one): pivots from the record
		// stay on that source. Audits have two (by the user, about the user): the one the record answers, so that the
		// list's header names what its records are (an audit about the user names its own initiator, not the user).
		const legs = timelineLegs(route.subject, s.fetch.range).filter(l => l.query.report === entry.report);
		const leg = (legs.length > 1 && legs.find(l => answers(l.query, entry.record))) || legs[0]!;
		// The record among the timeline's records of that query, as its list: ←/→ step through them.
		const records = all
			.filter(e => e.report === entry.report && (legs.length === 1 || e === entry || answers(leg.query, e.record)))
			.map(e => e.record);
		props.timeline!.show({...leg.query}, records);
		cursor.set(records.indexOf(entry.record));
		dispatch({type: 'push', route: {name: 'detail'}});
	};
	const find = (): void => {
		const needle = (shownTyped(search.latest.current) || lastSearch.current).toLowerCase();
		setSearching(false);
		if (!needle) return;
		lastSearch.current = needle;
		const all = entries();
		for (let k = 1; k <= all.length; k++) {
			const i = (selected.latest.current + k) % all.length;
			if (rowText(all[i]!).toLowerCase().includes(needle)) {
				selected.set(i);
				return setStatus(`/${needle}: row ${i + 1}`);
			}
		}
		setStatus(`/${needle}: not in the ${all.length} rows`);
	};
	const keys: Bindings = {
		...cursorBindings(selected, () => Math.max(0, entries().length - 1), visible),
		detail: open,
		// y: the selected record's JSON; Y: its row as a line of text (the queries: timeline --print url|powershell|kql).
		copy: () => {
			const entry = entries()[selected.latest.current];
			if (entry) setStatus(props.copy(visibleControls(readableJson(entry.record))));
		},
		copyAs: () => {
			const entry = entries()[selected.latest.current];
			if (entry) setStatus(props.copy(rowText(entry)));
		},
		search: () => {
			search.set('');
			setSearching(true);
		},
		back: () => {
			s.fetch.abort();
			setStatus('');
			return false;
		},
	};
	const searchKeys: Bindings = {find, back: () => setSearching(false)};
	useScreenKeys((input, key) =>
		latestSearching.current
			? runBindings('search', searchKeys, input, key) || search.edit(input, key) || true
			: runBindings('timeline', keys, input, key),
	);

	const at = selected.index;
	const start = keepInView(at, state.entries.length, visible);
	const shown = state.entries.slice(start, start + visible);
	const what = Math.max(10, width - 2 - 19 - 1 - 12 - 1 - 18 - 1);
	return (
		<Box flexDirection="column">
			<Text bold wrap="truncate">
				{`Timeline of ${sanitizeLine(subjectText(route.subject))}`}
				<Text dimColor bold={false}>
					{` · sign-ins, audits by and about them, provisioning · ${hints('timeline', ['detail', 'search', 'back'])}`}
				</Text>
			</Text>
			{state.problems.slice(0, 3).map((p, i) => (
				<Text key={`p${i}`} color="red" wrap="truncate">
					{clipLine(`could not read ${sanitizeLine(p)}`)}
				</Text>
			))}
			<Text bold wrap="truncate">
				{`  ${fit('Date (UTC)', 19)} ${fit('Source', 12)} ${fit('Detections', 18)} What`}
			</Text>
			{shown.length === 0 &&
				(state.done ? <Text dimColor>No records of this user.</Text> : <Spinner label="Loading the timeline..." />)}
			{shown.map((entry, i) => {
				const c = entryCells(entry);
				const isSel = start + i === at;
				return (
					<Text key={start + i} wrap="truncate">
						<Text bold={isSel}>{isSel ? '› ' : '  '}</Text>
						<Text inverse={isSel}>
							{fit(sanitizeLine(c.time), 19)}{' '}
							<Text color={TONE[entry.report]}>{fit(SOURCE_LABEL[entry.report], 12)}</Text>{' '}
							<Text color={c.detections ? 'red' : undefined}>{fit(sanitizeLine(c.detections), 18)}</Text>{' '}
							{fit(sanitizeLine(c.what), what)}
						</Text>
					</Text>
				);
			})}
			<Box flexGrow={1} />
			<Text wrap="truncate" dimColor>
				{searching ? `/${search.value}` : `${statusLine(state, at)} · ${keyName('detail')} opens the record`}
			</Text>
		</Box>
	);
}

/** Whether a record is one a query asks for (its clauses evaluated here, as a file's are); false if they cannot be. */
function answers(query: Query, record: GraphRecord): boolean {
	try {
		const {server, local} = resolveQuery(query);
		return (!server || evaluate(server, record)) && (!local || evaluate(local, record));
	} catch {
		return false;
	}
}
