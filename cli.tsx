/**
 * The composition root: the only file that touches argv, the environment, exit codes and the raw streams.
 * Flags become a command and a Query; the TUI loads (with Ink and React) only when a TUI is wanted.
 */
import process from 'node:process';
import {readFileSync} from 'node:fs';
import {configDir, parseCli, queryFromFlags, type Parsed} from './source/cli/args.js';
import {UsageError, checkOutPath} from './source/cli/checks.js';
import {messageOf} from './source/cli/message.js';
import type {Services} from './source/cli/services.js';
import {emptyQuery, resolveQuery, type Query} from './source/query/query.js';
import {QueryError} from './source/query/time.js';
import {sanitizeLine} from './source/terminal/sanitize.js';
import {holdKeys, keyInput, quitOnKeys} from './source/terminal/key-input.js';
import {sweepLeftovers} from './source/process/cleanup.js';
import {saveCodeCaches} from './source/process/script-cache.js';
import type {Out} from './source/cli/export-command.js';

// MSAL, node-fetch, the emulator and Ink load only on the paths that use them: --help and bad flags stay fast, and
// `open`'s first frame waits for no module it does not use (export, the emulator, the help text).
const lazy = {
	export: () => import('./source/cli/export-command.js'),
	services: () => import('./source/cli/services.js'),
	auth: () => import('./source/auth/auth.js'),
	openSource: () => import('./source/sources/open-source.js'),
	fileSource: () => import('./source/sources/file-source.js'),
	summary: () => import('./source/cli/summary-command.js'),
	archive: () => import('./source/sources/archive-source.js'),
};

async function main(argv: readonly string[], env: NodeJS.ProcessEnv, stdout: Out, stderr: Out): Promise<number> {
	const parsed = parseCli(argv, env);
	const {command} = parsed;
	if (command.kind === 'help') {
		stdout.write((await import('./source/cli/help.js')).HELP);
		return 0;
	}
	if (command.kind === 'version') {
		stdout.write(`${version()}\n`);
		return 0;
	}
	// Temp folders of earlier runs killed outright (their token caches, spilled records) go now; `open` on a terminal
	// sweeps them after its first frame (a folder read, up to a millisecond of its start).
	const tuiOpen = command.kind === 'open' && !parsed.output && !parsed.summary && stdout.isTTY;
	if (!tuiOpen) sweepLeftovers();
	if (command.kind === 'emulator')
		return (await import('./source/cli/emulator-command.js')).runEmulatorCommand(parsed, stdout);

	// Validate the query before any network or sign-in work: bad input fails fast, in one line.
	if (command.kind === 'report') resolveQuery(command.query);
	// A workspace's query compiles to KQL now: a field the tables lack, an OData --filter, fail here in one line.
	if (command.kind === 'report' && command.query.workspace)
		(await import('./source/query/kql.js')).compileKql(command.query);
	if (command.kind === 'timeline')
		await (await import('./source/cli/timeline-command.js')).checkTimeline(command.subject, command.range);
	// --print: the query as text for another tool, without signing in or any network.
	if (parsed.print) {
		if (command.kind !== 'report' && command.kind !== 'timeline')
			throw new UsageError('--print needs a report query: entra-logs signins --user alice@contoso.com --print url');
		const {printQuery, printLeavesOut} = await import('./source/query/print.js');
		const {CLOUDS} = await import('./source/auth/clouds.js');
		const graphBase = parsed.emulatorUrl ? new URL(parsed.emulatorUrl).origin : CLOUDS[parsed.cloud].graphHost;
		const options = {graphBase, pageSize: parsed.pageSize};
		if (command.kind === 'timeline') {
			const {timelinePrint} = await import('./source/cli/timeline-command.js');
			stdout.write(await timelinePrint(parsed.print, command.subject, command.range, options));
		} else {
			stdout.write(`${printQuery(parsed.print, command.query, options)}\n`);
			const leftOut = printLeavesOut(parsed.print, command.query);
			if (leftOut) stderr.write(`entra-logs: note: ${sanitizeLine(leftOut)}\n`);
		}
		return 0;
	}
	if (parsed.summary && command.kind !== 'report' && command.kind !== 'open')
		throw new UsageError('--summary needs a report or a file: entra-logs signins --since 24h --summary');
	if (parsed.out && (command.kind === 'report' || command.kind === 'open')) checkOutPath(parsed.out);

	// An offline file needs no network, no sign-in and no MSAL: it starts without them.
	if (command.kind === 'open') return openFile(command.file, parsed, env, stdout, stderr);

	// The demo's emulator starts first, on a thread of its own: it comes up while the TUI's and sign-in's modules load.
	if (parsed.demo) void (await import('./source/cli/demo-emulator.js')).startDemoEmulator(env).catch(() => undefined);
	// A TUI's modules load while the services start (the demo's emulator makes its certificate and tenant meanwhile).
	if (parsed.demo && stdout.isTTY && !parsed.output && !parsed.summary && ['tui', 'report'].includes(command.kind))
		void loadTui().catch(() => undefined);
	const services = await (await lazy.services()).buildServices(parsed, env);
	const {LoginRequiredError} = await lazy.auth();
	try {
		switch (command.kind) {
			case 'login': {
				const account = await services.auth.login(info => stderr.write(`${sanitizeLine(info.message)}\n`));
				stdout.write(`Signed in as ${account.username} (tenant ${account.tenantId})\n`);
				return 0;
			}
			case 'logout': {
				const n = await services.auth.logout();
				stdout.write(
					n > 0
						? `Signed out (${n} account${n === 1 ? '' : 's'} removed from the token cache)\n`
						: 'No cached account\n',
				);
				return 0;
			}
			case 'whoami': {
				// With --workspace: the preflight, which names what is missing (Data.Read, the Reader role, the workspace).
				if (services.workspace) {
					const who = await services.workspace.preflight();
					stdout.write(`${who} can query workspace ${services.workspace.id}\n`);
					return 0;
				}
				if (services.auth.mode === 'app') {
					await services.auth.getToken();
					stdout.write(`App-only: client ${parsed.clientId ?? '(default)'} in tenant ${parsed.tenant ?? ''}\n`);
					return 0;
				}
				const account = await services.auth.account();
				if (!account) throw new LoginRequiredError('not signed in: run entra-logs login');
				await services.auth.getToken();
				stdout.write(`${account.username} (${account.name ?? ''}), tenant ${account.tenantId}\n`);
				return 0;
			}
			case 'report': {
				if (parsed.output || parsed.summary || !stdout.isTTY) {
					const {openSource} = await lazy.openSource();
					const ws = services.workspace;
					const source = ws
						? openSource(
								command.query,
								{
									kind: 'workspace',
									client: ws.client,
									onNote: note => void stderr.write(`entra-logs: note: ${sanitizeLine(note)}\n`),
								},
								{
									pageSize:
										parsed.pageSize ?? (await import('./source/sources/workspace-source.js')).WORKSPACE_EXPORT_TAKE,
								},
							)
						: openSource(
								command.query,
								{kind: 'graph', client: services.client, graphBase: services.graphBase},
								{pageSize: parsed.pageSize ?? 1000},
							);
					await ensureSignedIn(services, parsed, stderr);
					if (parsed.summary)
						return await (await lazy.summary()).printSummary(parsed, command.query, source, stdout, stderr);
					return await (await lazy.export()).exportTo(parsed, command.query, source, stdout, stderr, services);
				}
				return await tui(services, command.query, parsed.pageSize);
			}
			case 'timeline': {
				await ensureSignedIn(services, parsed, stderr);
				const {runTimeline} = await import('./source/cli/timeline-command.js');
				return await runTimeline(command.subject, command.range, parsed.output === 'ndjson', services, stdout, stderr);
			}
			case 'tui':
				if (!stdout.isTTY)
					throw new UsageError(
						'no terminal on stdout: name a report to stream it, e.g. entra-logs signins --since 24h > out.ndjson',
					);
				return await tui(services, undefined, parsed.pageSize);
		}
	} finally {
		await services.close();
	}
}

async function openFile(
	file: string,
	parsed: Parsed,
	env: NodeJS.ProcessEnv,
	stdout: Out,
	stderr: Out,
): Promise<number> {
	const tuiWanted = !parsed.output && !parsed.summary && stdout.isTTY;
	// Keys come from the terminal even when stdin is the file (`zcat x.gz | entra-logs open /dev/stdin`).
	const keys = tuiWanted ? keyInput() : undefined;
	// Keys typed until Ink reads them are held for it, unechoed (ctrl-c still ends the run at once): key-input.ts.
	if (keys) holdKeys(keys, file);
	// The first frame's modules (chalk among them: it reads CI when it loads) come in one chunk with the file's source.
	if (tuiWanted) tuiEnvironment();
	const {FileFormatError, stopIndexing} = await lazy.fileSource();
	// A pipe (`open <(zcat x.gz)`, /dev/stdin): read once into a private temp file, which is what is opened.
	file = await (await import('./source/fs/seekable.js')).seekablePath(file);
	// A diagnostic-settings archive holds several reports: `open DIR audits` picks one.
	const picked = parsed.command.kind === 'open' ? parsed.command.report : undefined;
	const {openReport} = await lazy.archive();
	const report = await openReport(file, picked);
	if (!report)
		throw new FileFormatError(
			`cannot tell which report ${file} holds (no sign-in, audit or provisioning records found)`,
		);
	const query = queryFromFlags(report, parsed.values);
	if (!tuiWanted) {
		const {openSource} = await lazy.openSource();
		const source = openSource(query, {
			kind: 'file',
			path: file,
			onNote: note => void stderr.write(`entra-logs: note: ${sanitizeLine(note)}\n`),
		});
		// A file that is not valid JSON fails here, as bad input (exit 2), before an --out file is created.
		await source.ready();
		if (parsed.summary) return (await lazy.summary()).printSummary(parsed, query, source, stdout, stderr);
		return (await lazy.export()).exportTo(parsed, query, source, stdout, stderr);
	}
	// The list's first frame is drawn before Ink and React have loaded (they take longer than the file's first page),
	// from the store the TUI then goes on with: source/ui/first-frame.ts.
	const [{offlineListStore}, {FIRST_PAGE_WAIT_MS, colourFromEnv, firstPage, paintFirstFrame}] = await Promise.all([
		import('./source/ui/list-store.js'),
		import('./source/ui/first-frame.js'),
	]);
	colourFromEnv(env);
	// Its first page is a screen of records: what the first frame shows (list-store.ts).
	const early = offlineListStore(file, query, parsed.pageSize, process.stdout.rows || undefined);
	// A first page that is slow to come (a filter's first match deep in the file): the TUI loads meanwhile.
	let tuiModule: ReturnType<typeof loadTui> | undefined;
	const headStart = setTimeout(() => {
		tuiModule = loadTui();
		tuiModule.catch(() => undefined);
	}, TUI_HEAD_START_MS);
	// ENTRA_LOGS_EARLY_FRAME=0: Ink draws the first frame (with the rows), as it does the others (to compare, or for a
	// terminal that misbehaves).
	const painted =
		env['ENTRA_LOGS_EARLY_FRAME'] === '0'
			? await firstPage(early.store, FIRST_PAGE_WAIT_MS).then(() => undefined)
			: await paintFirstFrame(
					early,
					file,
					{stdout: process.stdout, stdin: keys!, configDir: configDir(env)},
					FIRST_PAGE_WAIT_MS,
				);
	clearTimeout(headStart);
	// The first frame is out: a code cache missing or refused is written now, with the functions it ran (a start
	// measured, or left, at its first rows still finds it next time).
	saveCodeCaches();
	sweepLeftovers();
	// ctrl-c, or q typed first, on that frame: the run ends now, as the TUI's quit ends it, not once Ink has loaded.
	if (painted)
		quitOnKeys(keys!, () => {
			stopIndexing();
			process.exit(0);
		});
	try {
		const {runTui} = await (tuiModule ?? loadTui());
		return await runTui({
			query,
			offline: {file},
			configDir: configDir(env),
			emptyQuery,
			pageSize: parsed.pageSize,
			early,
			painted,
			stdin: keys,
		});
	} catch (error) {
		// The message is for the main screen, not the alternate one the frame is on.
		painted?.leave();
		throw error;
	} finally {
		// Quit: the process ends now, not once the rest of a large file is indexed.
		stopIndexing();
	}
}

/**
 * How long `open` waits for its file's first page before it loads the TUI too: the first frame is drawn before Ink
 * loads when the page comes sooner (loading both at once would delay it), and a slow page does not hold Ink back.
 */
const TUI_HEAD_START_MS = 100;

/** Without a terminal a person cannot sign in interactively, except in the demo, whose emulator approves by itself. */
async function ensureSignedIn(services: Services, parsed: Parsed, stderr: Out): Promise<void> {
	const {LoginRequiredError} = await lazy.auth();
	try {
		await services.auth.getToken();
	} catch (error) {
		if (!(error instanceof LoginRequiredError) || !parsed.demo) throw error;
		await services.auth.login(info => {
			stderr.write(`${sanitizeLine(info.message)}\n`);
			// Nobody reads this code: the demo's emulator approves it now, not after the pause a person gets.
			services.emulator?.identity.approve(info.userCode);
		});
	}
}

async function tui(services: Services, query: Query | undefined, pageSize: number | undefined): Promise<number> {
	const stdin = keyInput();
	const {runTui} = await loadTui();
	return runTui({services, query, configDir: services.configDir, emptyQuery, pageSize, stdin});
}

/**
 * The TUI's module, loaded only when a TUI is wanted. A TUI on a terminal is wanted even where CI is set (a shell that
 * exports it, a CI job's debug pty): Ink reads CI when it loads and would then draw nothing until the program ends.
 * Removed rather than set to false: chalk turns colour off whenever CI is there at all; NO_COLOR still holds.
 */
async function loadTui(): Promise<typeof import('./source/ui/run.js')> {
	tuiEnvironment();
	return import('./source/ui/run.js');
}

/** Before the TUI's colour library (chalk) loads, with the first frame or the TUI. */
function tuiEnvironment(): void {
	delete process.env['CI'];
	delete process.env['CONTINUOUS_INTEGRATION'];
}

function version(): string {
	try {
		return (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {version: string}).version;
	} catch {
		return 'unknown';
	}
}

// React picks its build from NODE_ENV when it loads (lazily, with the TUI): unset means the development build,
// several times slower to render. A user's own NODE_ENV is left alone.
process.env['NODE_ENV'] ??= 'production';

// A reader that stops early (`entra-logs ... | head`) closes the pipe: stop quietly, as other command-line tools do.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
	if (error.code !== 'EPIPE') process.stderr.write(`entra-logs: cannot write the output: ${error.message}\n`);
	process.exit(error.code === 'EPIPE' ? 0 : 1);
});

main(process.argv.slice(2), process.env, process.stdout, process.stderr).then(
	code => {
		process.exitCode = code;
	},
	(error: unknown) => {
		// One line, never a stack trace (ENTRA_LOGS_DEBUG=1 shows it, for bug reports).
		process.stderr.write(`entra-logs: ${messageOf(error)}\n`);
		if (process.env['ENTRA_LOGS_DEBUG']) process.stderr.write(`${(error as Error).stack ?? ''}\n`);
		// Bad flags and bad filter values alike (QueryError: "--since soon", "--status maybe") are usage errors.
		process.exitCode = error instanceof UsageError || error instanceof QueryError ? 2 : 1;
	},
);
