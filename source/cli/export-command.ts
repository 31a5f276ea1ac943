/**
 * The export a report command or `open` runs when its output is not the TUI: progress on stderr, a checkpoint to
 * resume from, and one line for what went wrong.
 */
import {listenForInterrupt} from '../process/interrupt.js';
import {statSync} from 'node:fs';
import {rm} from 'node:fs/promises';
import {outPathProblem} from '../fs/out-path.js';
import type {Parsed} from './args.js';
import {UsageError} from './checks.js';
import type {Services} from './services.js';
import type {Query} from '../query/query.js';
import type {ExportProgress} from '../export/export.js';
import type {RecordSource} from '../sources/source.js';
import {messageOf} from './message.js';
import {terminalSafe} from '../terminal/tty-output.js';

/** An output stream of the process (stdout, stderr). */
export type Out = NodeJS.WriteStream;

export async function exportTo(
	parsed: Parsed,
	query: Query,
	source: RecordSource,
	stdout: Out,
	stderr: Out,
	services?: Services,
): Promise<number> {
	const {ExportError, checkpointPath, exportKey, exportTarget, runExport, writeFailure} =
		await import('../export/export.js');
	const format = parsed.output ?? 'ndjson';
	// `open FILE --out FILE`: the file being read is never the one replaced (nor a file inside a folder being read).
	const readFrom = parsed.command.kind === 'open' ? [parsed.command.file] : [];
	const problem = parsed.out === undefined ? undefined : outPathProblem(parsed.out, '--out', readFrom);
	if (problem) throw new UsageError(problem);
	// A pipe or a device (a FIFO, /dev/null) is written in order and has no checkpoint to resume from.
	const resumable = parsed.out !== undefined && !inOrder(parsed.out);
	// Starting over on top of an interrupted export of the same query would throw away what it already has.
	if (parsed.out && !parsed.resume && exportTarget(parsed.out, exportKey(query, source), format) === 'resume') {
		throw new UsageError(
			`${parsed.out} holds an interrupted export of this query: add --resume to finish it, or remove the file to start again`,
		);
	}
	const interrupt = listenForInterrupt();
	let retries = 0;
	services?.onRetry(info => {
		retries++;
		stderr.write(
			`${stderr.isTTY ? '\r\x1b[K' : ''}retrying (${info.reason}) in ${(info.delayMs / 1000).toFixed(1)} s\n`,
		);
	});
	let last: ExportProgress | undefined;
	const report = (p: ExportProgress): string => {
		const seconds = Math.max(0.001, (Date.now() - p.startedAt) / 1000);
		return `records ${p.records.toLocaleString('en-US')} · pages ${p.pages} · ${Math.round(p.records / seconds).toLocaleString('en-US')} rec/s · retries ${retries}`;
	};
	// Records shown in a terminal: its controls made visible (into a file or a pipe, the bytes as they came).
	const screen = !parsed.out && stdout.isTTY ? terminalSafe(stdout) : undefined;
	try {
		const result = await runExport({
			source,
			report: query.report,
			format,
			out: parsed.out,
			readFrom,
			stdout: screen ?? stdout,
			resume: parsed.resume,
			max: parsed.max,
			queryKey: exportKey(query, source),
			signal: interrupt.signal,
			onProgress: p => {
				last = p;
				if (stderr.isTTY) stderr.write(`\r\x1b[K${report(p)}`);
				else if (p.done || p.pages % 10 === 0) stderr.write(`${report(p)}\n`);
			},
		});
		if (stderr.isTTY) stderr.write('\n');
		stderr.write(
			`done: ${result.records.toLocaleString('en-US')} records${parsed.out ? ` written to ${parsed.out}` : ''}\n`,
		);
		return 0;
	} catch (error) {
		if (interrupt.signal.aborted) {
			stderr.write(
				`\ninterrupted after ${(last?.records ?? 0).toLocaleString('en-US')} records${resumable ? `; finish with the same command and --resume` : ''}\n`,
			);
			return interrupt.code();
		}
		// --resume with nothing to resume, another query's file, a finished export: the command line is wrong.
		if (error instanceof ExportError) throw new UsageError(error.message);
		if (parsed.out) {
			// One line. Only an export that holds something is worth finishing; one that wrote nothing starts again.
			const records = last?.records ?? 0;
			const what = writeFailure(error, parsed.out) ?? messageOf(error);
			if (!resumable || (records === 0 && !parsed.resume)) {
				if (resumable) await rm(checkpointPath(parsed.out), {force: true}).catch(() => undefined);
				stderr.write(`${stderr.isTTY ? '\n' : ''}entra-logs: ${what}\n`);
			} else {
				stderr.write(
					`${stderr.isTTY ? '\n' : ''}entra-logs: ${what}; ${records.toLocaleString('en-US')} records are in ${parsed.out}: finish with the same command and --resume\n`,
				);
			}
			return 1;
		}
		throw error;
	} finally {
		interrupt.dispose();
		if (screen) await new Promise<void>(resolve => screen.end(() => resolve()));
	}
}

/** Whether `out` is there and not a regular file (a FIFO, a device): what an export writes in order, uncut. */
function inOrder(out: string): boolean {
	try {
		return !statSync(out).isFile();
	} catch {
		return false;
	}
}
