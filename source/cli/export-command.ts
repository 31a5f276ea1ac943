/**
 * The export a report command or `open` runs when its output is not the TUI: progress on stderr, a checkpoint to
 * resume from, and one line for what went wrong.
 */
import {listenForInterrupt} from '../process/interrupt.js';
import {rm} from 'node:fs/promises';
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
	const {ExportError, checkpointPath, exportKey, exportTarget, runExport} = await import('../export/export.js');
	const format = parsed.output ?? 'ndjson';
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
				`\ninterrupted after ${(last?.records ?? 0).toLocaleString('en-US')} records${parsed.out ? `; finish with the same command and --resume` : ''}\n`,
			);
			return interrupt.code();
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

/** An error writing the export file, in words: "cannot write out.ndjson: no space left on the device". */
export function writeFailure(error: unknown, out: string): string | undefined {
	const code = (error as NodeJS.ErrnoException | undefined)?.code;
	const words: Readonly<Record<string, string>> = {
		ENOSPC: 'no space left on the device',
		EDQUOT: 'the disk quota is used up',
		EACCES: 'permission denied',
		EPERM: 'permission denied',
		EROFS: 'the file system is read-only',
		EFBIG: 'the file is too large for its file system',
		EIO: 'input/output error',
		ENOENT: 'its folder is gone',
		EISDIR: 'it is a folder',
		ELOOP: 'it is a symbolic link (entra-logs does not write through one)',
		ENOTDIR: 'a part of its path is not a folder',
	};
	return code && words[code] ? `cannot write ${out}: ${words[code]}` : undefined;
}
