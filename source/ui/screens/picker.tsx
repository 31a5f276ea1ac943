/** The report picker: the reports (sign-ins by event type), then recent queries to reopen with one key. */
import React from 'react';
import {Box, Text} from 'ink';
import type {Query} from '../../query/query.js';
import {describeQuery} from '../../query/query.js';
import {REPORTS} from '../../reports/index.js';
import type {ReportId} from '../../reports/report.js';
import {sanitizeLine} from '../../terminal/sanitize.js';
import {useBindings} from '../key-router.js';
import {keyName} from '../keymap.js';
import type {Shell} from '../shell.js';
import {useListCursor} from '../use-list-cursor.js';

export const PICKS: ReadonlyArray<{readonly label: string; readonly query: (empty: (r: ReportId) => Query) => Query}> =
	[
		{label: 'Sign-ins: interactive', query: e => e('signins')},
		{label: 'Sign-ins: non-interactive', query: e => ({...e('signins'), eventTypes: ['non-interactive']})},
		{label: 'Sign-ins: service principal', query: e => ({...e('signins'), eventTypes: ['service-principal']})},
		{label: 'Sign-ins: managed identity', query: e => ({...e('signins'), eventTypes: ['managed-identity']})},
		...REPORTS.filter(r => r.id !== 'signins').map(r => ({
			label: r.title,
			query: (e: (r: ReportId) => Query) => e(r.id),
		})),
	];

/** The pick that shows a query's report (and event types), if one does. */
export function pickOf(query: Query | undefined, empty: (r: ReportId) => Query, picks = PICKS): number {
	const key = (q: Query): string => JSON.stringify([q.report, q.eventTypes ?? []]);
	return query ? picks.findIndex(p => key(p.query(empty)) === key(query)) : -1;
}

export function Picker({props, snap, stack, browse, setStatus}: Shell): React.ReactElement {
	// Offline, the reports the source holds: an archive's, or a file's one (the report it opened on); else all of them.
	const held = props.reports ?? (props.offline && props.initialQuery ? [props.initialQuery.report] : undefined);
	const picks = PICKS.filter(p => !held || held.includes(p.query(props.emptyQuery).report));
	// Opened over a list, on the report it shows.
	const cursor = useListCursor(Math.max(0, pickOf(snap.query, props.emptyQuery, picks)));
	// Recent queries of a report the source holds (a file of sign-ins reopens a sign-ins query, as a filter of it).
	const recent = (props.recent?.list() ?? []).filter(q => !held || held.includes(q.report));
	const open = (query: Query | undefined): void => {
		if (query) browse.open(query);
	};
	useBindings('picker', {
		up: () => cursor.move('up', picks.length - 1, 1),
		down: () => cursor.move('down', picks.length - 1, 1),
		open: () => open(picks[cursor.latest.current]!.query(props.emptyQuery)),
		// The digit typed: which recent query.
		recent: input => open(recent[Number(input) - 1]),
		back: () => {
			// The picker opens over the list, and esc closes it again; at the start there is nothing to go back to.
			if (stack.length > 1) return false;
			setStatus(`pick a report (${keyName('open')}), or ${keyName('quit')} to quit`);
		},
	});
	const back = keyName('back');
	return (
		<Box flexDirection="column">
			<Text bold>
				Pick a report
				{stack.length > 1 ? (
					<Text dimColor bold={false}>
						{` (${back}: back to the list)`}
					</Text>
				) : null}
			</Text>
			<Text dimColor wrap="truncate">
				{`from ${sanitizeLine(props.header)}`}
			</Text>
			{picks.map((p, i) => (
				<Text key={p.label} color={i === cursor.index ? 'cyan' : undefined}>
					{i === cursor.index ? '› ' : '  '}
					{p.label}
				</Text>
			))}
			{recent.length > 0 && <Text> </Text>}
			{recent.length > 0 && <Text bold>Recent</Text>}
			{recent.map((q, i) => (
				<Text key={i} wrap="truncate">
					<Text color="cyan">{`  ${i + 1} `}</Text>
					{sanitizeLine(describeQuery(q))}
				</Text>
			))}
		</Box>
	);
}
