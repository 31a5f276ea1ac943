/**
 * Why a file cannot be written at all (no such folder, a folder in its place, the file the records are read from),
 * said before anything starts: the command line's --out and --ca-out (exit 2) and the TUI's export prompt (inline, as
 * the name is typed). And the format an export's file name asks for (its extension).
 */
import {accessSync, constants, realpathSync, statSync, type Stats} from 'node:fs';
import {homedir} from 'node:os';
import {dirname, resolve} from 'node:path';
import type {ExportFormat} from '../export/export.js';

/**
 * The problem with writing `out`, in words that name it as `as` (a flag, or nothing), or undefined. `readFrom`: the
 * files or folders the records come from, which an export must never replace (nor write into a folder being read).
 */
export function outPathProblem(out: string, as = '', readFrom: readonly string[] = []): string | undefined {
	if (out === '') return `${as || 'the export'} needs a file name`;
	const named = as ? `${as} ${out}` : out;
	const folder = dirname(resolve(out));
	if (!statOf(folder)?.isDirectory()) return `${named}: there is no folder ${folder}`;
	const there = statOf(out);
	if (there?.isDirectory()) return `${named} is a folder: name a file in it`;
	// A new file needs the folder; one that is there is replaced (the folder) or written in place (the file).
	if (!writable(folder) && !(there && writable(out))) return `${named}: permission denied`;
	const checkpoint = readFrom.length > 0 ? statOf(`${out}.checkpoint.json`) : undefined;
	for (const input of readFrom) {
		const read = statOf(input);
		if (!read) continue;
		// The same file by any name: a symbolic link, a hard link, another path to it.
		if (there && sameFile(there, read)) return `${named} is the file being read: name another file`;
		if (checkpoint && sameFile(checkpoint, read))
			return `${named}: its checkpoint ${out}.checkpoint.json is the file being read: name another file`;
		if (read.isDirectory() && inside(folder, read))
			return `${named} is inside ${input}, the folder being read: name a file outside it`;
	}
	return undefined;
}

/** The name typed in the TUI as the shell would take it: a leading `~/` (or `~` alone) is the home folder. */
export function expandHome(path: string): string {
	return path === '~' || path.startsWith('~/') ? `${homedir()}${path.slice(1)}` : path;
}

/** The format a file name's extension names: .ndjson or .jsonl, .json, .csv (any case); none for another. */
export function formatOfName(name: string): ExportFormat | undefined {
	const ext = /\.([a-z]+)$/i.exec(name)?.[1]?.toLowerCase();
	return ext === 'ndjson' || ext === 'jsonl' ? 'ndjson' : ext === 'json' ? 'json' : ext === 'csv' ? 'csv' : undefined;
}

/**
 * The format of a command line's export: --output's; without it, the one --out's extension names (`--out x.csv` is
 * CSV), NDJSON for another name. A name whose extension names another format than --output is a problem, as is an
 * empty name. Nothing when there is neither (the TUI, or NDJSON to stdout).
 */
export function exportFormat(
	output: ExportFormat | undefined,
	out: string | undefined,
): ExportFormat | {readonly problem: string} | undefined {
	if (out === undefined) return output;
	if (out === '') return {problem: '--out needs a file name (without --out, records go to stdout)'};
	const named = formatOfName(out);
	if (output && named && named !== output)
		return {
			problem: `--out ${out} names ${named === 'ndjson' ? 'an' : 'a'} ${named.toUpperCase()} file but --output is ${output}: change the name or --output`,
		};
	return output ?? named ?? 'ndjson';
}

function statOf(path: string): Stats | undefined {
	try {
		return statSync(path);
	} catch {
		return undefined;
	}
}

function writable(path: string): boolean {
	try {
		accessSync(path, constants.W_OK);
		return true;
	} catch {
		return false;
	}
}

const sameFile = (a: Stats, b: Stats): boolean => a.dev === b.dev && a.ino === b.ino;

/** Whether `folder` (which is there) is `dir` or a folder under it, whatever links lead to either. */
function inside(folder: string, dir: Stats): boolean {
	let at: string;
	try {
		at = realpathSync(folder);
	} catch {
		return false;
	}
	for (;;) {
		const s = statOf(at);
		if (s && sameFile(s, dir)) return true;
		const up = dirname(at);
		if (up === at) return false;
		at = up;
	}
}
