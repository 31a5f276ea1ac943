/** Starts the TUI: builds the store and ports from the services, enters the alternate screen, waits for exit. */
import React, {useEffect, useState} from 'react';
import {render, useStdout, type Instance} from 'ink';
import {resolve} from 'node:path';
import type {Services} from '../cli/services.js';
import {toGraphUrl, describeQuery, type Query} from '../query/query.js';
import type {ReportId} from '../reports/report.js';
import type {RecordSource} from '../sources/source.js';
import type {RecordStore} from '../store/record-store.js';
import {TimelineFetch, recordsSource} from '../sources/timeline-source.js';
import {offlineReports} from '../sources/archive-source.js';
import {exportKey, exportTarget, runExport} from '../export/export.js';
import {copyCode, copyText} from '../terminal/clipboard.js';
import {onTerminalRestore} from '../process/cleanup.js';
import {releaseKeys} from '../terminal/key-input.js';
import {App, type AppProps} from './app.js';
import {workspaceHeader} from './header.js';
import {WORKSPACE_EXPORT_TAKE, workspaceRequest} from '../sources/workspace-source.js';
import {recentQueries} from './recent.js';
import {columnChoices} from './column-choices.js';
import type {LoginPort} from './screens/login.js';
import {UI_PAGE_SIZE, listStore, type ListStore} from './list-store.js';
import {
	FIRST_PAGE_WAIT_MS,
	MAIN_SCREEN,
	PASTE_ON,
	colourFromEnv,
	firstPage,
	refreshSize,
	type Painted,
} from './first-frame.js';
import {takeUnfinishedJobs} from './use-background-job.js';

export interface TuiOptions {
	/** Network, sign-in and Graph: absent when browsing an offline file. */
	readonly services?: Services;
	readonly query?: Query;
	/** A file or archive read offline; `reports`: those an archive holds (runTui finds them: offlineReports). */
	readonly offline?: {readonly file: string; readonly reports?: readonly ReportId[]};
	readonly configDir: string;
	/** Where keys come from: stdin, or the terminal when stdin is a file or pipe (source/terminal/key-input.ts). */
	readonly stdin?: NodeJS.ReadStream;
	readonly emptyQuery: (report: ReportId) => Query;
	/** Records per page while browsing (--page-size): smaller pages arrive sooner over a slow link. */
	readonly pageSize?: number;
	/** The offline list's store, made (and its query started) before the TUI loaded: offlineListStore. */
	readonly early?: ListStore;
	/** Its first frame, written before Ink loaded (first-frame.ts): Ink takes the screen over from it. */
	readonly painted?: Painted;
}

function Sized(props: Omit<AppProps, 'width' | 'height'>): React.ReactElement {
	const {stdout} = useStdout();
	const [size, setSize] = useState({width: stdout.columns || 80, height: stdout.rows || 24});
	useEffect(() => {
		const onResize = (): void => setSize({width: stdout.columns || 80, height: stdout.rows || 24});
		stdout.on('resize', onResize);
		return () => {
			stdout.off('resize', onResize);
		};
	}, [stdout]);
	return <App {...props} width={size.width} height={size.height} />;
}

/** How the TUI meets the outside: where it writes (OSC 52), the environment, the directory exports go to. */
export interface TuiIo {
	readonly write: (data: string) => void;
	readonly env: Readonly<Record<string, string | undefined>>;
	/** Relative export paths are taken from here. */
	readonly cwd: string;
}

export interface TuiWiring {
	readonly store: RecordStore;
	readonly props: Omit<AppProps, 'width' | 'height'>;
}

/** The store and the App's ports (sign-in, copy, export, request preview) for a run: the one wiring tests use too. */
export function wireTui(
	{services, query, offline, configDir, emptyQuery: givenEmpty, pageSize = UI_PAGE_SIZE, early, painted}: TuiOptions,
	io: TuiIo,
): TuiWiring {
	if (!services && !offline) throw new Error('the TUI needs either services or an offline file');
	let emptyQuery = givenEmpty;
	const ws = services?.workspace;
	// `open FILE` has made the store already, to draw its first frame before Ink loaded (first-frame.ts).
	const list =
		early ??
		listStore(
			note =>
				ws
					? {kind: 'workspace', client: ws.client, workspace: ws.id, onNote: note}
					: services
						? {kind: 'graph', client: services.client, graphBase: services.graphBase}
						: {kind: 'file', path: offline!.file, onNote: note},
			pageSize,
		);
	const {store, sourceFor, pinned} = list;
	// A workspace run: every query the TUI makes (the picker's, a pivot's) reads the same workspace.
	if (ws) {
		const empty = emptyQuery;
		emptyQuery = report => ({...empty(report), workspace: ws.id});
	}
	/** An export of a query to a path: the file, its source (Graph's largest pages) and its checkpoint key. */
	const exportOf = (q: Query, path: string): {file: string; source: RecordSource; queryKey: string} => {
		const source = sourceFor(q, ws ? WORKSPACE_EXPORT_TAKE : 1000);
		return {file: resolve(io.cwd, path), source, queryKey: exportKey(q, source)};
	};
	services?.onRetry(() => store.noteRetry());
	const auth = services?.auth;
	const login: LoginPort = !auth
		? {silent: async () => 'offline', deviceCode: async () => 'offline'}
		: {
				note: services?.loginNote,
				silent: async options => {
					await auth.getToken({forceRefresh: options?.fresh ?? false});
					return (await auth.account())?.username ?? 'app-only';
				},
				deviceCode: async (onCode, signal) => {
					const account = await auth.login(info => {
						// The code also goes to the clipboard, for pasting on the machine with the browser; the screen says how.
						onCode({...info, copied: copyCode(info.userCode, io.write, io.env)});
					}, signal);
					return account.username;
				},
			};
	const props: Omit<AppProps, 'width' | 'height'> = {
		store,
		login,
		recent: recentQueries(configDir),
		// Those `open`'s first frame was drawn with, if it was (first-frame.ts).
		columns: painted?.chosen ?? columnChoices(configDir),
		initialQuery: query,
		emptyQuery,
		header: !services
			? offline!.file
			: ws
				? workspaceHeader(ws.id, services.emulator !== undefined)
				: services.emulator
					? 'demo tenant (local emulator)'
					: services.graphBase,
		offline: !services,
		input: offline?.file,
		reports: services ? undefined : offline!.reports,
		openQuery: q => sourceFor(q, 1000),
		// Graph, a workspace, or an archive that holds more than one report (its timeline checks the ids offline).
		timeline:
			services || (offline!.reports?.length ?? 0) > 1
				? {
						// The timeline reads where the list does: a workspace run's queries carry its ID.
						open: (subject, range) =>
							new TimelineFetch(
								subject,
								ws ? {...range, workspace: ws.id} : services ? range : {...range, offline: true},
								q => sourceFor(q, 1000),
							),
						show: (q, records) => {
							pinned.set(q, recordsSource(records));
							store.pushQuery(q);
						},
					}
				: undefined,
		describeRequest: q => {
			try {
				return {
					ok: true,
					request: !services
						? `(offline) ${describeQuery(q)}`
						: ws
							? workspaceRequest(ws.client.url(ws.id), {...q, workspace: q.workspace ?? ws.id})
							: toGraphUrl(q, {graphBase: services.graphBase, pageSize}),
				};
			} catch (error) {
				return {ok: false, error: (error as Error).message};
			}
		},
		copy: text => copyText(text, io.write, io.env).message,
		exportQuery: async (q, {format, path}, onProgress, signal) => {
			const {file, source, queryKey} = exportOf(q, path);
			const resume = exportTarget(file, queryKey, format) === 'resume';
			const r = await runExport({source, report: q.report, format, out: file, queryKey, resume, onProgress, signal});
			return `exported ${r.records.toLocaleString('en-US')} records to ${file}${resume ? ' (finished an interrupted export)' : ''}`;
		},
		exportTarget: (q, {format, path}) => {
			try {
				const {file, queryKey} = exportOf(q, path);
				return exportTarget(file, queryKey, format);
			} catch {
				return 'new';
			}
		},
	};
	// An offline file's list is the App's first screen (no sign-in): its first page is read from now on.
	if (offline && query && !early) store.setQuery(query);
	return {store, props};
}

/** How long the end of a run waits for its settings to be saved (seconds at most, on a loaded machine). */
const SAVES_WAIT_MS = 5000;

export async function runTui(options: TuiOptions): Promise<number> {
	const write = (data: string): void => {
		process.stdout.write(data);
	};
	// An archive's reports, found before the first frame (its containers' names, or its newest file's records).
	const offline = options.offline && {
		...options.offline,
		reports: options.offline.reports ?? (await offlineReports(options.offline.file)),
	};
	const {store, props} = wireTui({...options, offline}, {write, env: process.env, cwd: process.cwd()});
	colourFromEnv(process.env);
	// A first frame written before Ink loaded (`open FILE`) is the frame on screen Ink goes on from, unless the
	// terminal was resized since (its lines are then no longer where they were written): the screen is cleared.
	const {painted} = options;
	// Keys are read raw from here on, not only once Ink's input hook subscribes (after its first frame): a key typed
	// in between was echoed by the terminal onto the screen Ink then drew over (seen under load). Ink turns it off
	// when it unmounts; leaving turns it off too, however it leaves.
	const keys = options.stdin ?? process.stdin;
	const raw = keys.isTTY && typeof keys.setRawMode === 'function';
	if (raw) keys.setRawMode(true);
	// A stop before the first frame (ctrl-z held by key-input.ts) may have missed a resize: the size is read again.
	refreshSize(process.stdout);
	const size = {columns: process.stdout.columns || 80, rows: process.stdout.rows || 24};
	const onScreen = painted?.columns === size.columns && painted.rows === size.rows ? painted.text : undefined;
	// A paste comes marked, as text, not as keys (use-keys.ts); off again wherever the screen is given back.
	write(PASTE_ON);
	if (!painted) write('\u001b[?1049h\u001b[H');
	else if (onScreen === undefined) write('\u001b[2J\u001b[H');
	let instance: Instance | undefined;
	// SIGTERM, SIGHUP (an SSH disconnect), SIGINT or a crash end the process without reaching `finally`: the same
	// steps then run from source/process/cleanup.ts.
	const leave = (): void => {
		instance?.unmount();
		store.close();
		if (raw) keys.setRawMode(false);
		write(MAIN_SCREEN);
	};
	const release = onTerminalRestore(leave);
	// ctrl-z, as less and vim do it: the shell's screen and line mode back, the process stopped (SIGTSTP's default);
	// continued (fg), the TUI's again, its frame drawn whole. A signal to itself is delivered before kill returns, so
	// what follows runs once continued, or at once where nothing would continue it (a shell without job control: the
	// kernel drops the stop).
	const suspend = (): void => {
		if (!raw || process.platform === 'win32') return;
		write(MAIN_SCREEN);
		keys.setRawMode(false);
		process.kill(process.pid, 'SIGTSTP');
		keys.setRawMode(true);
		write(`\u001b[?1049h${PASTE_ON}`);
		// The terminal may have been resized while stopped: its SIGWINCH went to the shell, the foreground job then, so
		// the size is read again (the stream's own refresh, as on SIGWINCH; it says 'resize' when the size changed).
		// Else, as after a resize: Ink clears the screen and draws the whole frame (its log-update no longer takes the
		// lines it wrote to be on screen).
		if (!refreshSize(process.stdout)) process.stdout.emit('resize');
	};
	painted?.handOver();
	// Keys typed before Ink loaded (`open FILE` held them: key-input.ts) are read by Ink first, in order.
	releaseKeys(keys);
	try {
		// One frame with the rows rather than a loading frame first (each frame is the whole screen laid out by Ink).
		// (`open FILE` has waited for it already, to draw it before Ink loaded.)
		if (options.offline && options.query && !options.early) await firstPage(store, FIRST_PAGE_WAIT_MS);
		// Only the lines that changed are written (a move in the list: two rows and the status line), with Ink's
		// log-update fixed for a frame's trailing newline (patches/, docs/ink-incremental-patch.md); up to 200 frames
		// a second, so a key is drawn when it comes rather than on Ink's 30 fps tick.
		instance = render(<Sized {...props} suspend={suspend} />, {
			stdin: options.stdin ?? process.stdin,
			exitOnCtrlC: true,
			patchConsole: false,
			incrementalRendering: true,
			maxFps: 200,
			// The frame already on screen (patches/ink+6.8.0.patch): Ink's first frame writes only the lines that differ.
			onScreen,
		});
		await instance.waitUntilExit();
	} finally {
		release();
		leave();
		// A recent query or a column choice still being saved (conf loads first) is on disk before the run ends and its
		// folder (the demo's, a temp one) is removed: a save after that made the folder again, 0755, and left it behind
		// (found by an independent check: q at the demo's first rows).
		await Promise.race([
			Promise.all([props.recent?.settled(), props.columns?.settled()]),
			new Promise(resolve => setTimeout(resolve, SAVES_WAIT_MS).unref()),
		]);
		// A job that leaving stopped (an export's checkpoint is kept): said where the screen no longer clears it.
		for (const line of await takeUnfinishedJobs()) process.stderr.write(`entra-logs: ${line}\n`);
	}
	return 0;
}
