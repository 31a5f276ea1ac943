/**
 * The composition root: the only file that touches argv, the environment, exit codes and the raw streams.
 * Flags become a command and a Query; the TUI loads (with Ink and React) only when a TUI is wanted.
 */
import process from 'node:process';
import {existsSync, readFileSync, statSync} from 'node:fs';
import {rm} from 'node:fs/promises';
import {dirname, resolve} from 'node:path';
import {configDir, parseCli, queryFromFlags, type Parsed} from './source/cli/args.js';
import {UsageError, checkReadableFile} from './source/cli/checks.js';
import {HELP} from './source/cli/help.js';
import type {Services} from './source/cli/services.js';
import {emptyQuery, resolveQuery, type Query} from './source/query/query.js';
import {QueryError} from './source/query/time.js';
import type {ExportProgress} from './source/export/export.js';
import type {RecordSource} from './source/sources/source.js';
import {sanitizeLine} from './source/terminal/sanitize.js';
import {sweepLeftovers} from './source/process/cleanup.js';

// MSAL, node-fetch, the emulator and Ink load only on the paths that use them: --help and bad flags stay fast.
const lazy = {
	services: () => import('./source/cli/services.js'),
	auth: () => import('./source/auth/auth.js'),
	openSource: () => import('./source/sources/open-source.js'),
	fileSource: () => import('./source/sources/file-source.js'),
	exporter: () => import('./source/export/export.js'),
};

type Out = NodeJS.WriteStream;

async function main(argv: readonly string[], env: NodeJS.ProcessEnv, stdout: Out, stderr: Out): Promise<number> {
	const parsed = parseCli(argv, env);
	const {command} = parsed;
	if (command.kind === 'help') {
		stdout.write(HELP);
		return 0;
	}
	if (command.kind === 'version') {
		stdout.write(`${version()}\n`);
		return 0;
	}
	// Temp folders of earlier runs killed outright (their token caches, spilled records) go now.
	sweepLeftovers();
	if (command.kind === 'emulator') return runEmulatorCommand(parsed, stdout);

	// Validate the query before any network or sign-in work: bad input fails fast, in one line.
	if (command.kind === 'report') resolveQuery(command.query);
	if (parsed.out && (command.kind === 'report' || command.kind === 'open')) checkOutPath(parsed.out);

	// An offline file needs no network, no sign-in and no MSAL: it starts without them.
	if (command.kind === 'open') return openFile(command.file, parsed, env, stdout, stderr);

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
				stdout.write(n > 0 ? `Signed out (${n} account${n === 1 ? '' : 's'} removed from the token cache)\n` : 'No cached account\n');
				return 0;
			}
			case 'whoami': {
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
				if (parsed.output || !stdout.isTTY) {
					const {openSource} = await lazy.openSource();
					const origin = {kind: 'graph', client: services.client, graphBase: services.graphBase} as const;
					const source = openSource(command.query, origin, {pageSize: parsed.pageSize ?? 1000});
					await ensureSignedIn(services, parsed, stderr);
					return await exportTo(parsed, command.query, source, stdout, stderr, services);
				}
				return await tui(services, command.query, parsed.pageSize);
			}
			case 'tui':
				if (!stdout.isTTY) throw new UsageError('no terminal on stdout: name a report to stream it, e.g. entra-logs signins --since 24h > out.ndjson');
				return await tui(services, undefined, parsed.pageSize);
		}
	} finally {
		await services.close();
	}
}

async function openFile(file: string, parsed: Parsed, env: NodeJS.ProcessEnv, stdout: Out, stderr: Out): Promise<number> {
	const {FileFormatError, sniffReport} = await lazy.fileSource();
	const report = await sniffReport(file);
	if (!report) throw new FileFormatError(`cannot tell which report ${file} holds (no sign-in, audit or provisioning records found)`);
	const query = queryFromFlags(report, parsed.values);
	if (parsed.output || !stdout.isTTY) {
		const {openSource} = await lazy.openSource();
		const source = openSource(query, {kind: 'file', path: file, onNote: note => void stderr.write(`entra-logs: note: ${sanitizeLine(note)}\n`)});
		// A file that is not valid JSON fails here, as bad input (exit 2), before an --out file is created.
		await source.ready();
		return exportTo(parsed, query, source, stdout, stderr);
	}
	const {runTui} = await loadTui();
	return runTui({query, offline: {file}, configDir: configDir(env), emptyQuery, pageSize: parsed.pageSize});
}

/** Without a terminal a person cannot sign in interactively, except in the demo, whose emulator approves by itself. */
async function ensureSignedIn(services: Services, parsed: Parsed, stderr: Out): Promise<void> {
	const {LoginRequiredError} = await lazy.auth();
	try {
		await services.auth.getToken();
	} catch (error) {
		if (!(error instanceof LoginRequiredError) || !parsed.demo) throw error;
		await services.auth.login(info => stderr.write(`${sanitizeLine(info.message)}\n`));
	}
}

async function exportTo(parsed: Parsed, query: Query, source: RecordSource, stdout: Out, stderr: Out, services?: Services): Promise<number> {
	const {ExportError, checkpointPath, exportKey, exportTarget, runExport} = await lazy.exporter();
	const format = parsed.output ?? 'ndjson';
	// Starting over on top of an interrupted export of the same query would throw away what it already has.
	if (parsed.out && !parsed.resume && exportTarget(parsed.out, exportKey(query, source), format) === 'resume') {
		throw new UsageError(`${parsed.out} holds an interrupted export of this query: add --resume to finish it, or remove the file to start again`);
	}
	const controller = new AbortController();
	const onSignal = (): void => controller.abort(new Error('interrupted'));
	process.once('SIGINT', onSignal);
	process.once('SIGTERM', onSignal);
	let retries = 0;
	services?.onRetry(info => {
		retries++;
		stderr.write(`${stderr.isTTY ? '\r\x1b[K' : ''}retrying (${info.reason}) in ${(info.delayMs / 1000).toFixed(1)} s\n`);
	});
	let last: ExportProgress | undefined;
	const report = (p: ExportProgress): string => {
		const seconds = Math.max(0.001, (Date.now() - p.startedAt) / 1000);
		return `records ${p.records.toLocaleString('en-US')} · pages ${p.pages} · ${Math.round(p.records / seconds).toLocaleString('en-US')} rec/s · retries ${retries}`;
	};
	try {
		const result = await runExport({
			source, report: query.report, format, out: parsed.out, stdout, resume: parsed.resume, max: parsed.max,
			queryKey: exportKey(query, source),
			signal: controller.signal,
			onProgress: p => {
				last = p;
				if (stderr.isTTY) stderr.write(`\r\x1b[K${report(p)}`);
				else if (p.done || p.pages % 10 === 0) stderr.write(`${report(p)}\n`);
			},
		});
		if (stderr.isTTY) stderr.write('\n');
		stderr.write(`done: ${result.records.toLocaleString('en-US')} records${parsed.out ? ` written to ${parsed.out}` : ''}\n`);
		return 0;
	} catch (error) {
		if (controller.signal.aborted) {
			stderr.write(`\ninterrupted after ${(last?.records ?? 0).toLocaleString('en-US')} records${parsed.out ? `; finish with the same command and --resume` : ''}\n`);
			return 130;
		}
		// --resume with nothing to resume, another query's file, a finished export: the command line is wrong.
		if (error instanceof ExportError) throw new UsageError(error.message);
		if (parsed.out) {
			// One line. Only an export that holds something is worth finishing; one that wrote nothing starts again.
			const records = last?.records ?? 0;
			const what = writeFailure(error, parsed.out) ?? messageOf(error);
			if (records === 0 && !parsed.resume) {
				await rm(checkpointPath(parsed.out), {force: true}).catch(() => undefined);
				stderr.write(`${stderr.isTTY ? '\n' : ''}entra-logs: ${what}\n`);
			} else {
				stderr.write(`${stderr.isTTY ? '\n' : ''}entra-logs: ${what}; ${records.toLocaleString('en-US')} records are in ${parsed.out}: finish with the same command and --resume\n`);
			}
			return 1;
		}
		throw error;
	} finally {
		process.off('SIGINT', onSignal);
		process.off('SIGTERM', onSignal);
	}
}

/** A file an export cannot even start (no such folder, a folder in its place) is a usage error, said before sign-in. */
function checkOutPath(out: string, flag = '--out'): void {
	const folder = dirname(resolve(out));
	let isFolder: boolean;
	try {
		isFolder = statSync(folder).isDirectory();
	} catch {
		isFolder = false;
	}
	if (!isFolder) throw new UsageError(`${flag} ${out}: there is no folder ${folder}`);
	if (existsSync(out) && statSync(out).isDirectory()) throw new UsageError(`${flag} ${out} is a folder: name a file in it`);
}

/** An error writing the export file, in words: "cannot write out.ndjson: no space left on the device". */
function writeFailure(error: unknown, out: string): string | undefined {
	const code = (error as NodeJS.ErrnoException | undefined)?.code;
	const words: Readonly<Record<string, string>> = {
		ENOSPC: 'no space left on the device', EDQUOT: 'the disk quota is used up', EACCES: 'permission denied', EPERM: 'permission denied',
		EROFS: 'the file system is read-only', EFBIG: 'the file is too large for its file system', EIO: 'input/output error',
		ENOENT: 'its folder is gone', EISDIR: 'it is a folder', ELOOP: 'it is a symbolic link (entra-logs does not write through one)',
		ENOTDIR: 'a part of its path is not a folder',
	};
	return code && words[code] ? `cannot write ${out}: ${words[code]}` : undefined;
}

async function tui(services: Services, query: Query | undefined, pageSize: number | undefined): Promise<number> {
	const {runTui} = await loadTui();
	return runTui({services, query, configDir: services.configDir, emptyQuery, pageSize});
}

/**
 * The TUI's module, loaded only when a TUI is wanted. A TUI on a terminal is wanted even where CI is set (a shell that
 * exports it, a CI job's debug pty): Ink reads CI when it loads and would then draw nothing until the program ends.
 * Removed rather than set to false: chalk turns colour off whenever CI is there at all; NO_COLOR still holds.
 */
async function loadTui(): Promise<typeof import('./source/ui/run.js')> {
	delete process.env['CI'];
	delete process.env['CONTINUOUS_INTEGRATION'];
	return import('./source/ui/run.js');
}

async function runEmulatorCommand(parsed: Parsed, stdout: Out): Promise<number> {
	const {runEmulator} = await import('./source/emulator/main.js');
	const v = parsed.values;
	const n = (k: string): number | undefined => (typeof v[k] === 'string' ? Number(v[k]) : undefined);
	for (const k of ['port', 'sign-ins', 'scale', 'days', 'auto-approve', 'poll-interval', 'latency', 'throttle-every', 'unavailable-every', 'drop-every', 'truncate-every', 'expire-token-every']) {
		if (typeof v[k] === 'string' && !/^\d+$/.test(v[k] as string)) throw new UsageError(`--${k} must be a whole number`);
	}
	const port = n('port');
	if (port !== undefined && (port < 1 || port > 65535)) throw new UsageError('--port must be 1-65535 (leave it out for any free port)');
	const retryAfter = v['retry-after'];
	if (typeof retryAfter === 'string' && !/^\d+(\.\d+)?$/.test(retryAfter)) throw new UsageError(`--retry-after must be a number of seconds such as 2.128, not "${retryAfter}"`);
	if (typeof v['data'] === 'string') checkReadableFile(v['data'], '--data', 'a JSON file');
	if (typeof v['ca-out'] === 'string') checkOutPath(v['ca-out'], '--ca-out');
	const license = v['license'];
	if (license !== undefined && license !== 'free' && license !== 'p1' && license !== 'p2') throw new UsageError('--license must be free, p1 or p2');
	const stop = await runEmulator({
		port, seed: v['seed'] as string | undefined, signIns: n('sign-ins'), scaleSignIns: n('scale'), days: n('days'), data: v['data'] as string | undefined,
		license: license as 'free' | 'p1' | 'p2' | undefined, autoApproveMs: n('auto-approve'), pollInterval: n('poll-interval'),
		caOut: v['ca-out'] as string | undefined, clientSecret: parsed.clientSecret, clientId: parsed.clientId,
		faults: {
			latencyMs: n('latency') ?? 0, throttleEvery: n('throttle-every') ?? 0, retryAfter: (v['retry-after'] as string | undefined) ?? '1',
			unavailableEvery: n('unavailable-every') ?? 0, dropEvery: n('drop-every') ?? 0, truncateEvery: n('truncate-every') ?? 0,
			expireTokenEvery: n('expire-token-every') ?? 0,
		},
	}, stdout);
	await new Promise<void>(resolve => {
		process.once('SIGINT', () => resolve());
		process.once('SIGTERM', () => resolve());
	});
	await stop();
	return 0;
}

function version(): string {
	try {
		return (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {version: string}).version;
	} catch {
		return 'unknown';
	}
}

/** An error in one line, safe for the terminal: messages echo what was typed, and Graph's and the network's words. */
function messageOf(error: unknown): string {
	const oneLine = (error as {oneLine?: () => string} | undefined)?.oneLine;
	if (typeof oneLine === 'function') return sanitizeLine(oneLine.call(error));
	if (error instanceof Error) return sanitizeLine(error.message.split('\n')[0]!);
	return sanitizeLine(String(error));
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
