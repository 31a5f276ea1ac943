/**
 * One screen rendered from a fixed store snapshot: a store over a fixed list of records (pages of a chosen size,
 * nothing fetched), and the shell the App would hand the screen (the same hooks: cursor, browsing, background job,
 * key routing), with what the screen asks of the App (navigation, status lines, keys it lets through) recorded.
 */
import React, {useState, useSyncExternalStore} from 'react';
import {Box, Text} from 'ink';
import {render} from 'ink-testing-library';
import {emptyQuery, resolveQuery} from '../../source/query/query.js';
import type {GraphRecord, ReportId} from '../../source/reports/report.js';
import type {RecordSource, SourcePage} from '../../source/sources/source.js';
import {RecordStore} from '../../source/store/record-store.js';
import {copyText} from '../../source/terminal/clipboard.js';
import {Focused, useKeyRouter} from '../../source/ui/key-router.js';
import {resolveKey} from '../../source/ui/keymap.js';
import type {AppProps, NavAction, Route, Shell} from '../../source/ui/shell.js';
import {useBackgroundJob} from '../../source/ui/use-background-job.js';
import {useBrowse} from '../../source/ui/use-browse.js';
import {useKeys} from '../../source/ui/use-keys.js';
import {useListCursor} from '../../source/ui/use-list-cursor.js';
import {waitFor} from './tui.js';

/** Records in pages of `pageSize`, from memory: `next` is the index of the next page's first record. */
export function fixedSource(records: readonly GraphRecord[], pageSize = records.length): RecordSource {
	return {
		origin: '0',
		async *pages(_signal?: AbortSignal, from = '0'): AsyncIterable<SourcePage> {
			if (records.length === 0) yield {records: [], fetched: 0, from};
			for (let i = Number(from); i < records.length; i += pageSize) {
				const page = records.slice(i, i + pageSize);
				const next = i + pageSize < records.length ? String(i + pageSize) : undefined;
				yield {records: page, fetched: page.length, from: String(i), next};
			}
		},
	};
}

/** A store showing a report's first page of `records`, loaded. */
export async function fixedStore(
	report: ReportId,
	records: readonly GraphRecord[],
	pageSize = records.length,
): Promise<RecordStore> {
	const store = new RecordStore(q => ({source: fixedSource(records, pageSize), report: resolveQuery(q).report}));
	store.setQuery(emptyQuery(report));
	await waitFor(
		() => String(store.getSnapshot().pages),
		p => Number(p) >= 1 && !store.getSnapshot().loading,
		'the first page',
	);
	return store;
}

export interface ScreenLog {
	/** What the screen asked the App to do with the route stack. */
	readonly dispatched: NavAction[];
	readonly statuses: string[];
	/** Keys the screen did not consume (the global command they mean, or the key itself). */
	readonly global: string[];
	/** What went to the clipboard (OSC 52 writes). */
	readonly written: string[];
}

export function renderScreen(
	Screen: (shell: Shell) => React.ReactElement,
	{
		store,
		stack = [{name: 'list'}],
		width = 100,
		height = 10,
		ports = {},
	}: {
		readonly store: RecordStore;
		readonly stack?: readonly Route[];
		readonly width?: number;
		readonly height?: number;
		readonly ports?: Partial<AppProps>;
	},
) {
	const log: ScreenLog = {dispatched: [], statuses: [], global: [], written: []};
	const props: AppProps = {
		store,
		login: {silent: async () => 'test', deviceCode: async () => 'test'},
		emptyQuery,
		describeRequest: q => ({ok: true, request: `(fixed) ${q.report}`}),
		copy: text => copyText(text, d => log.written.push(d), {}).message,
		exportQuery: async () => 'exported',
		exportTarget: () => 'new',
		header: 'fixed',
		width,
		height,
		...ports,
	};
	const top = (): Route => stack.at(-1)!;
	function Harness(): React.ReactElement {
		const snap = useSyncExternalStore(store.subscribe, store.getSnapshot);
		const cursor = useListCursor(0);
		const [status, setStatusState] = useState('');
		const setStatus = (line: string): void => {
			log.statuses.push(line);
			setStatusState(line);
		};
		const dispatch = (action: NavAction): void => {
			log.dispatched.push(action);
		};
		const job = useBackgroundJob(setStatus);
		const browse = useBrowse({props, snap, cursor, dispatch, setStatus, top});
		const keys = useKeyRouter(top, (input, key) => {
			log.global.push(resolveKey('global', input, key) ?? input);
		});
		useKeys((input, key) => keys.route(input, key));
		const exit = (): void => undefined;
		const shell: Shell = {props, store, snap, stack, dispatch, setStatus, cursor, browse, job, exit, width, height};
		return (
			<Box flexDirection="column" width={width}>
				<Box height={height} flexDirection="column">
					<Focused owner={top()} slot={keys.slot} shown={keys.shown}>
						<Screen {...shell} />
					</Focused>
				</Box>
				<Text wrap="truncate">{status}</Text>
			</Box>
		);
	}
	const app = render(<Harness />);
	const frame = (): string => (app.lastFrame() ?? '').replace(/\u001b\[[0-9;]*m/g, '');
	const press = async (key: string, until?: (f: string) => boolean, what = JSON.stringify(key)): Promise<string> => {
		app.stdin.write(key);
		return waitFor(frame, until ?? (() => true), what);
	};
	return {app, frame, press, log, close: () => app.unmount()};
}
