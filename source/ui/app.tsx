/** The TUI: a route stack over small screens. Screens read the store and never fetch. */
import React, {useEffect, useState, useSyncExternalStore} from 'react';
import {Box, Text, useApp} from 'ink';
import {useKeys} from './use-keys.js';
import type {Query} from '../query/query.js';
import type {RecordStore} from '../store/record-store.js';
import {REPORTS, reportById} from '../reports/index.js';
import {headerLines} from './header.js';
import {resolveKey, type Scope} from './keymap.js';
import {RecordList} from './screens/record-list.js';
import {RecordDetail} from './screens/record-detail.js';
import {HelpScreen} from './screens/help.js';
import {FilterEditor} from './screens/filter-editor.js';
import {LoginScreen, type LoginPort} from './screens/login.js';
import {sanitizeLine} from '../terminal/sanitize.js';
import {readableJson} from '../reports/json-text.js';
import type {ReportId} from '../reports/report.js';
import {describeQuery, resolveQuery} from '../query/query.js';
import type {RecentQueries} from './recent.js';
import type {ExportFormat, ExportProgress} from '../export/export.js';
import {ExportPrompt, defaultExportPath} from './screens/export-prompt.js';
import {useKeyState} from './use-key-state.js';

export type Route =
	/** `again`: the session ended while browsing; signing in returns to the list where it was. */
	| {readonly name: 'login'; readonly again?: boolean}
	| {readonly name: 'picker'}
	| {readonly name: 'list'}
	| {readonly name: 'detail'}
	| {readonly name: 'filters'}
	| {readonly name: 'export'}
	| {readonly name: 'help'};

type Nav = {readonly stack: readonly Route[]};
type NavAction =
	| {readonly type: 'push'; readonly route: Route}
	| {readonly type: 'pop'}
	| {readonly type: 'replace'; readonly route: Route}
	/** A new start: this route alone (a report chosen from the picker). */
	| {readonly type: 'reset'; readonly route: Route};

export function navigate(state: Nav, action: NavAction): Nav {
	switch (action.type) {
		case 'push': return {stack: [...state.stack, action.route]};
		case 'pop': return state.stack.length > 1 ? {stack: state.stack.slice(0, -1)} : state;
		case 'replace': return {stack: [...state.stack.slice(0, -1), action.route]};
		case 'reset': return {stack: [action.route]};
	}
}

export interface ExportTarget {
	readonly format: ExportFormat;
	readonly path: string;
}

export interface AppProps {
	readonly store: RecordStore;
	readonly login: LoginPort;
	readonly initialQuery?: Query;
	readonly emptyQuery: (report: ReportId) => Query;
	/** The exact Graph request for a query (shown live in the filter editor), or an error line. */
	readonly describeRequest: (query: Query) => string;
	readonly copy: (text: string) => string;
	/** Exports a query to a file; resolves to the line to show when done. Aborted, it stops with its checkpoint kept. */
	readonly exportQuery: (query: Query, target: ExportTarget, onProgress: (p: ExportProgress) => void, signal?: AbortSignal) => Promise<string>;
	/** What an export to a file would do: a new file, finishing an interrupted export of this query, or replacing a file. */
	readonly exportTarget: (query: Query, target: ExportTarget) => 'new' | 'resume' | 'replace';
	readonly header: string;
	/** Browsing a file: nothing is fetched, so v1.0 or beta makes no difference. */
	readonly offline?: boolean;
	/** Recent queries to reopen from the picker (kept with conf). */
	readonly recent?: RecentQueries;
	readonly width: number;
	readonly height: number;
}

export function App(props: AppProps): React.ReactElement {
	const {store} = props;
	const {exit} = useApp();
	const snap = useSyncExternalStore(store.subscribe, store.getSnapshot);
	const [account, setAccount] = useState<string | undefined>();
	const [nav, setNav, latestNav] = useKeyState<Nav>({stack: [{name: 'login'}]});
	const dispatch = (action: NavAction): void => setNav(n => navigate(n, action));
	const [selected, setSelected, latestSelected] = useKeyState(0);
	const [pickerIndex, setPickerIndex, latestPicker] = useKeyState(0);
	const [status, setStatus] = useState('');
	const searching = React.useRef(false);
	const route = nav.stack[nav.stack.length - 1]!;
	/** Where each pivot came from (the row, and the query in words): esc goes back there, and the hints say so. */
	const history = React.useRef<Array<{readonly selected: number; readonly query: string}>>([]);
	/** The export that runs, if one does: what stops it, and its end (settled either way). */
	const exporting = React.useRef<{readonly controller: AbortController; readonly done: Promise<void>} | undefined>(undefined);
	const quitArmed = React.useRef(false);
	const swallow = React.useRef(false);
	/** A record to select again once the list reloads (after b). */
	const reselect = React.useRef<string | undefined>(undefined);

	/**
	 * The key that leaves a text field (enter, esc) also reaches this App's handler, after the route or the search
	 * state already says "list": swallow it there (until this key is handled everywhere), or enter would open a
	 * record and esc go back. One mechanism for the list's search and the filter and export screens.
	 */
	const releaseKeyboard = (): void => {
		swallow.current = true;
		queueMicrotask(() => { swallow.current = false; });
	};
	const leaveTextField = (then: () => void): void => {
		releaseKeyboard();
		dispatch({type: 'pop'});
		then();
	};

	/** Runs an export beside the browsing: progress and the outcome in the status bar. One at a time. */
	const startExport = (query: Query, format: ExportFormat, path: string): void => {
		setStatus(`exporting to ${sanitizeLine(path)}...`);
		const controller = new AbortController();
		// Progress goes to the status bar, except over the question that q asked.
		const onProgress = (p: ExportProgress): void => {
			if (!quitArmed.current) setStatus(`exporting to ${sanitizeLine(path)}: ${p.records.toLocaleString('en-US')} records, ${p.pages} page${p.pages === 1 ? '' : 's'}${p.resumed ? ' (resumed)' : ''}`);
		};
		const done = props.exportQuery(query, {format, path}, onProgress, controller.signal)
			// The file and its checkpoint stay: the same file and format again finishes it, nothing lost or doubled.
			.then(setStatus, (e: Error) => setStatus(`export failed: ${sanitizeLine(e.message)}; e with the same file and format finishes it`))
			.finally(() => {
				exporting.current = undefined;
				quitArmed.current = false;
			});
		exporting.current = {controller, done};
	};

	// Leaving the TUI any way (q, ctrl-c) stops a running export, which keeps its checkpoint: nothing runs on unseen.
	useEffect(() => () => exporting.current?.controller.abort(new Error('entra-logs closed')), []);

	const signedIn = (name: string): void => {
		setAccount(name);
		if (route.name === 'login' && route.again) {
			dispatch({type: 'pop'});
			setStatus(`signed in again as ${sanitizeLine(name)}`);
			void store.loadNext();
			return;
		}
		if (props.initialQuery) {
			store.setQuery(props.initialQuery);
			dispatch({type: 'replace', route: {name: 'list'}});
		} else dispatch({type: 'reset', route: {name: 'picker'}});
	};

	const pivot = (key: string): void => {
		const {snap, selected, route} = latest.current;
		const record = snap.records.at(selected);
		const report = snap.report;
		if (!record || !report || !snap.query) return;
		const p = report.pivots.find(x => x.key === key);
		const value = p?.value(record);
		if (!p || !value) {
			setStatus(`nothing to pivot on (${p?.label ?? key})`);
			return;
		}
		history.current.push({selected, query: describeQuery(snap.query)});
		store.pushQuery({...snap.query, filters: {[p.field]: value}});
		setSelected(0);
		setStatus(`${p.label}: ${sanitizeLine(value)} · esc back to ${sanitizeLine(describeQuery(snap.query))}`);
		if (route.name === 'detail') dispatch({type: 'pop'});
	};

	// Ink re-subscribes input handlers in an effect, after the frame, and hands every key of one chunk to the same
	// handler: read the latest state (written at once by the setters, see use-key-state.ts), never a render's copy.
	const latest = {
		get current() {
			const {stack} = latestNav.current;
			return {route: stack[stack.length - 1]!, snap: store.getSnapshot(), selected: latestSelected.current, pickerIndex: latestPicker.current};
		},
	};

	useKeys((input, key) => {
		const {route, snap, selected, pickerIndex} = latest.current;
		// Text fields own the keyboard: their screens handle every key (and the one that leaves them).
		if (swallow.current) return;
		if (route.name === 'login' || route.name === 'filters' || route.name === 'export' || (route.name === 'list' && searching.current)) return;
		const scope: Scope = route.name;
		const command = resolveKey(scope, input, key);
		if (!command) return;
		if (command === 'quit') {
			// q while an export runs asks once more: stopping leaves the file and its checkpoint, to finish with --resume.
			const running = exporting.current;
			if (running && !quitArmed.current) {
				quitArmed.current = true;
				return setStatus('an export is running: q again cancels it; run the same export with --resume to finish it');
			}
			if (running) {
				// Cancelled, it writes its checkpoint and stops; quit once it has (a second at most).
				setStatus('cancelling the export (its checkpoint stays)...');
				running.controller.abort(new Error('cancelled'));
				const timer = setTimeout(exit, 1000);
				void running.done.finally(() => {
					clearTimeout(timer);
					exit();
				});
				return;
			}
			return exit();
		}
		quitArmed.current = false;
		if (command === 'help' && route.name !== 'help') return dispatch({type: 'push', route: {name: 'help'}});
		if (command === 'back') {
			if (route.name === 'list' && store.popQuery()) {
				setSelected(history.current.pop()?.selected ?? 0);
				setStatus('');
				return;
			}
			// The picker opens over the list, and esc closes it again.
			if (route.name === 'list') return dispatch({type: 'push', route: {name: 'picker'}});
			if (route.name === 'picker' && latestNav.current.stack.length === 1) return setStatus('pick a report (enter), or q to quit');
			return dispatch({type: 'pop'});
		}
		if (route.name === 'picker') {
			if (command === 'up') setPickerIndex(i => Math.max(0, i - 1));
			if (command === 'down') setPickerIndex(i => Math.min(PICKS.length - 1, i + 1));
			const recent = props.recent?.list() ?? [];
			const chosen = command === 'open' ? PICKS[pickerIndex]!.query(props.emptyQuery) : command === 'recent' ? recent[Number(input) - 1] : undefined;
			if (chosen) {
				props.recent?.add(chosen);
				// Another report starts a history of its own: esc no longer leads back into the lists before it.
				while (store.popQuery()) history.current.pop();
				store.setQuery(chosen);
				setSelected(0);
				setStatus('');
				dispatch({type: 'reset', route: {name: 'list'}});
			}
			return;
		}
		if (command === 'switchReport' && props.offline) return setStatus('a file holds one report: open another file for another one');
		if (command === 'switchReport') return dispatch({type: 'push', route: {name: 'picker'}});
		if (command === 'pivotUser') return pivot('u');
		if (command === 'pivotApp') return pivot('a');
		if (command === 'pivotIp') return pivot('i');
		if (command === 'pivotCorrelation') return pivot('c');
		if (command === 'beta' && props.offline) return setStatus('a file holds the fields it was saved with: beta applies to Graph queries');
		if (command === 'beta' && snap.query) {
			const next = {...snap.query, beta: !snap.query.beta};
			if (resolveQuery(next).version === resolveQuery(snap.query).version) {
				return setStatus('this query needs Graph beta (event types other than interactive, or a beta-only field)');
			}
			// The same query again from the other endpoint; the record under the cursor stays selected once it is loaded.
			reselect.current = snap.records.at(selected)?.id;
			store.setQuery(next);
			setSelected(0);
			return setStatus(next.beta ? 'Graph beta: authentication steps and more fields (b for v1.0)' : 'Graph v1.0 (b for beta)');
		}
		if (command === 'copy') {
			const record = snap.records.at(selected);
			// At any depth (a hostile record nests 10,000 levels): pretty-printed, or compact when that would be huge.
			if (record) setStatus(props.copy(readableJson(record)));
			return;
		}
		if (route.name === 'list') {
			if (command === 'open' && snap.records.at(selected)) dispatch({type: 'push', route: {name: 'detail'}});
			if (command === 'filters') dispatch({type: 'push', route: {name: 'filters'}});
			if (command === 'refresh') {
				store.refresh();
				setSelected(0);
			}
			if (command === 'export' && snap.query) {
				if (exporting.current) setStatus('an export is running: wait for it to finish');
				else dispatch({type: 'push', route: {name: 'export'}});
			}
		}
	});

	// The session ended (refresh token revoked or expired): sign in again over the list, which stays as it is.
	useEffect(() => {
		if (snap.needsLogin && route.name !== 'login') dispatch({type: 'push', route: {name: 'login', again: true}});
	}, [snap.needsLogin, snap.failures]);

	// After a switch to or from beta: back on the record that was selected, when the first page has it.
	useEffect(() => {
		const id = reselect.current;
		if (id === undefined || snap.loading) return;
		reselect.current = undefined;
		for (let i = 0; i < snap.records.length; i++) {
			if (snap.records.at(i)?.id === id) return setSelected(i);
		}
		if (route.name === 'detail') dispatch({type: 'pop'});
	}, [snap.loading, snap.records.length]);

	// Fetch the next page when the cursor reaches the end of what is loaded (not again after a failure: n retries).
	useEffect(() => {
		if (selected >= snap.rows.length - 1 && snap.more && !snap.loading && !snap.error && snap.rows.length > 0 && route.name === 'list') void store.loadNext();
	}, [selected, snap.rows.length, snap.more, snap.loading, snap.error, route.name, store]);

	// The query in one line (report, event types, filters, time range): what the list shows, at a glance; two
	// lines when the filters need them.
	const query = route.name !== 'picker' ? snap.query : undefined;
	const title = query ? reportById(query.report).title : undefined;
	const header = headerLines({
		source: sanitizeLine(props.header),
		account: account ? sanitizeLine(account) : undefined,
		report: query && title ? {title, short: query.report} : undefined,
		// describeQuery starts with the report's title: the rest is the filters.
		filters: query ? sanitizeLine(describeQuery(query).slice(title!.length + 3)) : undefined,
	}, props.width - BRAND.length - 1, props.width);
	const bodyHeight = Math.max(3, props.height - 2 - header.length);
	let body: React.ReactElement;
	switch (route.name) {
		case 'login':
			body = <LoginScreen port={props.login} onSignedIn={signedIn} onCancel={() => (route.again ? dispatch({type: 'pop'}) : exit())} width={props.width} height={bodyHeight} again={route.again} />;
			break;
		case 'picker':
			body = (
				<Box flexDirection="column">
					<Text bold>Pick a report{nav.stack.length > 1 ? <Text dimColor bold={false}> (esc: back to the list)</Text> : null}</Text>
					{PICKS.map((p, i) => (
						<Text key={p.label} color={i === pickerIndex ? 'cyan' : undefined}>{i === pickerIndex ? '› ' : '  '}{p.label}</Text>
					))}
					{(props.recent?.list() ?? []).length > 0 && <Text> </Text>}
					{(props.recent?.list() ?? []).length > 0 && <Text bold>Recent</Text>}
					{(props.recent?.list() ?? []).map((q, i) => (
						<Text key={i} wrap="truncate"><Text color="cyan">  {i + 1} </Text>{sanitizeLine(describeQuery(q))}</Text>
					))}
				</Box>
			);
			break;
		case 'list':
			body = <RecordList snap={snap} offline={props.offline} selected={selected} onSelect={setSelected} width={props.width} height={bodyHeight} onNextPage={() => void store.loadNext()} onSearchStatus={setStatus} onSearching={active => { searching.current = active; if (!active) releaseKeyboard(); }} />;
			break;
		case 'detail':
			body = <RecordDetail snap={snap} index={selected} onIndex={setSelected} width={props.width} height={bodyHeight} />;
			break;
		case 'filters':
			body = snap.query
				? <FilterEditor query={snap.query} describeRequest={props.describeRequest} width={props.width} height={bodyHeight} offline={props.offline} onApply={q => leaveTextField(() => { props.recent?.add(q); store.setQuery(q); setSelected(0); })} onCancel={() => leaveTextField(() => undefined)} />
				: <Text>No query</Text>;
			break;
		case 'export':
			body = snap.query
				? <ExportPrompt title={describeQuery(snap.query)} defaultPath={f => defaultExportPath(snap.query!.report, f, new Date())} target={(format, path) => props.exportTarget(snap.query!, {format, path})} onStart={(f, path) => leaveTextField(() => startExport(snap.query!, f, path))} onCancel={() => leaveTextField(() => undefined)} />
				: <Text>No query</Text>;
			break;
		case 'help':
			body = <HelpScreen height={bodyHeight} />;
			break;
	}

	const back = history.current.at(-1);
	const hint = route.name === 'list'
		? `${back ? `esc back to ${sanitizeLine(back.query)} · ` : ''}? help · enter detail · n next page · f filters · y copy · q quit`
		: '? help · esc back · q quit';
	return (
		<Box flexDirection="column" width={props.width}>
			<Text wrap="truncate">
				<Text bold color="cyan">{BRAND}</Text>
				<Text dimColor> {header[0]}</Text>
			</Text>
			{header.length > 1 && <Text wrap="truncate" dimColor>{header[1]}</Text>}
			<Box height={bodyHeight} flexDirection="column">{body}</Box>
			<Text wrap="truncate" dimColor>{status || hint}</Text>
		</Box>
	);
}

const BRAND = 'entra-logs';

const PICKS: ReadonlyArray<{readonly label: string; readonly query: (empty: (r: ReportId) => Query) => Query}> = [
	{label: 'Sign-ins: interactive', query: e => e('signins')},
	{label: 'Sign-ins: non-interactive', query: e => ({...e('signins'), eventTypes: ['non-interactive']})},
	{label: 'Sign-ins: service principal', query: e => ({...e('signins'), eventTypes: ['service-principal']})},
	{label: 'Sign-ins: managed identity', query: e => ({...e('signins'), eventTypes: ['managed-identity']})},
	...REPORTS.filter(r => r.id !== 'signins').map(r => ({label: r.title, query: (e: (r: ReportId) => Query) => e(r.id)})),
];
