/**
 * The TUI: a route stack over screens, one module per route. The App keeps the stack, the header and the status bar,
 * and wires the screens to the store, the ports and each other (shell.ts); keys go to the screen on top first
 * (key-router.tsx), and what it does not consume to the global bindings: quit, help, back.
 */
import React, {useSyncExternalStore} from 'react';
import {Box, Text, useApp} from 'ink';
import {describeQuery} from '../query/query.js';
import {reportById} from '../reports/index.js';
import {sanitizeLine} from '../terminal/sanitize.js';
import {headerLines} from './header.js';
import {Focused, useKeyRouter} from './key-router.js';
import {hints, keyName, resolveKey} from './keymap.js';
import {navigate, type AppProps, type Nav, type NavAction, type Route, type Shell} from './shell.js';
import {useBackgroundJob} from './use-background-job.js';
import {useSummaryFeed} from './use-summary.js';
import {useBrowse} from './use-browse.js';
import {useKeyState} from './use-key-state.js';
import {useScreenStatus} from './use-screen-status.js';
import {isPaste, useKeys} from './use-keys.js';
import {useListCursor} from './use-list-cursor.js';
import {ExportScreen} from './screens/export-prompt.js';
import {FilterScreen} from './screens/filter-editor.js';
import {HelpScreen} from './screens/help.js';
import {ColumnChooser} from './screens/column-chooser.js';
import {SummaryScreen} from './screens/summary.js';
import {LoginScreen} from './screens/login.js';
import {Picker} from './screens/picker.js';
import {RecordDetail} from './screens/record-detail.js';
import {RecordList} from './screens/record-list.js';
import {TimelineScreen} from './screens/timeline.js';
import {CopyAsScreen} from './screens/copy-as.js';

export {navigate, type AppProps, type ExportTarget, type Route, type RequestPreview} from './shell.js';

/** Each route's screen. */
const SCREENS: {readonly [N in Route['name']]: (shell: Shell, route: Extract<Route, {name: N}>) => React.ReactElement} =
	{
		login: (shell, route) => (
			<LoginScreen
				port={shell.props.login}
				onSignedIn={shell.browse.signedIn}
				onCancel={() => (route.again ? shell.dispatch({type: 'pop'}) : shell.exit())}
				width={shell.width}
				height={shell.height}
				again={route.again}
			/>
		),
		picker: shell => <Picker {...shell} />,
		list: shell => <RecordList {...shell} />,
		detail: shell => <RecordDetail {...shell} />,
		filters: shell => <FilterScreen {...shell} />,
		export: shell => <ExportScreen {...shell} />,
		help: shell => <HelpScreen {...shell} />,
		columns: shell => <ColumnChooser {...shell} />,
		summary: shell => <SummaryScreen {...shell} />,
		timeline: (shell, route) => <TimelineScreen {...shell} route={route} />,
		copyAs: shell => <CopyAsScreen {...shell} />,
	};

function screenOf(shell: Shell, route: Route): React.ReactElement {
	const render = SCREENS[route.name] as (shell: Shell, route: Route) => React.ReactElement;
	return render(shell, route);
}

const BRAND = 'entra-logs';

export function App(props: AppProps): React.ReactElement {
	const {store} = props;
	const {exit} = useApp();
	const snap = useSyncExternalStore(store.subscribe, store.getSnapshot);
	// An offline file needs no sign-in: its list is the first screen (run.tsx has set its query on the store).
	const [nav, setNav, latestNav] = useKeyState<Nav>({
		stack: [props.offline && props.initialQuery ? {name: 'list'} : {name: 'login'}],
	});
	// A screen's message goes with the screen (use-screen-status.ts); the background job's stays.
	const status = useScreenStatus();
	const setStatus = status.set;
	const top = (): Route => latestNav.current.stack.at(-1)!;
	const dispatch = (action: NavAction): void => {
		const before = top();
		setNav(n => navigate(n, action));
		if (top() !== before) status.moved();
	};
	const cursor = useListCursor(0);
	const job = useBackgroundJob(status.setJob);
	useSummaryFeed(store);
	const browse = useBrowse({props, snap, cursor, dispatch, setStatus, top});
	const route = nav.stack.at(-1)!;

	// What the screen on top does not consume: quit (asking first while a job runs), help, back.
	const keys = useKeyRouter(top, (input, key) => {
		// A paste (use-keys.ts) only a text field takes: elsewhere it would have run as keys.
		if (isPaste(key))
			return setStatus(
				`paste ignored: only a text field takes one (${keyName('search', 'list')} search, ${keyName('filters', 'list')} filters)`,
			);
		const command = resolveKey('global', input, key);
		if (command === 'quit') return job.quit(exit);
		if (command === 'help' && top().name !== 'help') dispatch({type: 'push', route: {name: 'help'}});
		if (command === 'back') dispatch({type: 'pop'});
	});
	useKeys((input, key) => {
		const command = resolveKey('global', input, key);
		// Wherever the user is (a text field too): the terminal goes back to the shell until fg.
		if (command === 'suspend') return props.suspend?.();
		status.key();
		// Any key but q: a q after it asks again before cancelling a running job.
		if (command !== 'quit') job.disarm();
		keys.route(input, key);
	});

	// The query in one line (report, event types, filters, time range): what the list shows, at a glance; two
	// lines when the filters need them.
	const query = route.name !== 'picker' ? snap.query : undefined;
	const title = query ? reportById(query.report).title : undefined;
	const header = headerLines(
		{
			source: sanitizeLine(props.header),
			account: browse.account ? sanitizeLine(browse.account) : props.offline ? 'offline' : undefined,
			report: query && title ? {title, short: query.report} : undefined,
			// describeQuery starts with the report's title: the rest is the filters.
			filters: query ? sanitizeLine(describeQuery(query).slice(title!.length + 3)) : undefined,
		},
		props.width - BRAND.length - 1,
		props.width,
	);
	const height = Math.max(3, props.height - 2 - header.length);
	const shell: Shell = {
		props,
		store,
		snap,
		stack: nav.stack,
		dispatch,
		setStatus,
		cursor,
		browse,
		job,
		exit,
		width: props.width,
		height,
	};
	const back = browse.backTo;
	const hint =
		route.name === 'list'
			? `${back ? `${keyName('back')} back to ${sanitizeLine(back)} · ` : ''}${hints('list', ['help', 'detail', 'nextPage', 'filters', 'copy', 'quit'])}`
			: hints('global', ['help', 'back', 'quit']);
	return (
		<Box flexDirection="column" width={props.width}>
			<Text wrap="truncate">
				<Text bold color="cyan">
					{BRAND}
				</Text>
				<Text dimColor> {header[0]}</Text>
			</Text>
			{header.length > 1 && (
				<Text wrap="truncate" dimColor>
					{header[1]}
				</Text>
			)}
			<Box height={height} flexDirection="column">
				<Focused owner={route} slot={keys.slot} shown={keys.shown}>
					{screenOf(shell, route)}
				</Focused>
			</Box>
			<Text wrap="truncate" dimColor>
				{status.line || hint}
			</Text>
		</Box>
	);
}
