/**
 * Copy as (`Y` in the list and the detail): the selected row as a line of text, or the current query as the exact
 * Graph URL (on a workspace: the Log Analytics query API's URL, percent-encoded), a Graph PowerShell command or KQL for
 * the Log Analytics tables (source/query/print.ts), each shown before it is chosen. The text goes through the same clipboard port as `y`.
 */
import React from 'react';
import {Box, Text} from 'ink';
import type {Query} from '../../query/query.js';
import {printQuery, type PrintKind} from '../../query/print.js';
import {clipLine, sanitizeLine} from '../../terminal/sanitize.js';
import {useBindings} from '../key-router.js';
import {hints} from '../keymap.js';
import type {AppProps, Shell} from '../shell.js';
import {cursorBindings, useListCursor} from '../use-list-cursor.js';

/** Where the query's URL points when browsing a file: the global cloud's Graph, where the same query would run. */
const GLOBAL_GRAPH = 'https://graph.microsoft.com';

type Choice = {readonly label: string} & (
	{readonly ok: true; readonly text: string} | {readonly ok: false; readonly why: string}
);

function attempt(label: string, make: () => string): Choice {
	try {
		return {label, ok: true, text: make()};
	} catch (error) {
		return {label, ok: false, why: (error as Error).message};
	}
}

/** The texts on offer for the selected row (its cells as the list shows them) and the query. */
export function copyChoices(props: AppProps, query: Query | undefined, row: readonly string[] | undefined): Choice[] {
	const printed = (kind: PrintKind) => (): string => {
		if (!query) throw new Error('no query');
		if (kind === 'url' && !props.offline) {
			// The request exactly as this TUI sends it (its page size included).
			const request = props.describeRequest(query);
			if (!request.ok) throw new Error(request.error);
			return request.request;
		}
		return printQuery(kind, query, {graphBase: GLOBAL_GRAPH});
	};
	return [
		attempt('the row as a line of text', () => {
			if (!row) throw new Error('no row selected');
			return row.filter(cell => cell !== '').join(' | ');
		}),
		// A workspace's query: the Log Analytics query API's GET form (describeRequest), not Graph's.
		attempt(
			query?.workspace ? 'the query as the Log Analytics query URL' : 'the query as the Graph URL',
			printed('url'),
		),
		attempt('the query as a Graph PowerShell command', printed('powershell')),
		attempt('the query as KQL (Log Analytics)', printed('kql')),
	];
}

export function CopyAsScreen({props, snap, cursor, dispatch, setStatus, width}: Shell): React.ReactElement {
	const row = snap.rows.length > cursor.index ? snap.rows.cells(cursor.index) : undefined;
	const choices = copyChoices(props, snap.query, row);
	const at = useListCursor(0);
	useBindings('copyAs', {
		...cursorBindings(at, () => choices.length - 1, 1),
		choose: () => {
			const c = choices[at.latest.current]!;
			if (!c.ok) return setStatus(`cannot copy ${c.label}: ${sanitizeLine(c.why)}`);
			dispatch({type: 'pop'});
			setStatus(props.copy(c.text));
		},
	});
	return (
		<Box flexDirection="column" width={width}>
			<Text bold>
				Copy as
				<Text dimColor bold={false}>{` · ${hints('copyAs', ['choose', 'back'])}`}</Text>
			</Text>
			{choices.map((c, i) => (
				<Box key={c.label} flexDirection="column">
					<Text color={i === at.index ? 'cyan' : undefined}>{`${i === at.index ? '› ' : '  '}${c.label}`}</Text>
					<Text dimColor wrap="truncate" color={c.ok ? undefined : 'red'}>
						{`    ${clipLine(sanitizeLine(c.ok ? c.text : `cannot: ${c.why}`))}`}
					</Text>
				</Box>
			))}
		</Box>
	);
}
