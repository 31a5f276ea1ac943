/**
 * Why a file cannot be written at all (no such folder, a folder in its place), said before anything starts: the
 * command line's --out and --ca-out (exit 2) and the TUI's export prompt (inline, as the name is typed).
 */
import {statSync} from 'node:fs';
import {dirname, resolve} from 'node:path';

/** The problem with writing `out`, in words that name it as `as` (a flag, or nothing), or undefined. */
export function outPathProblem(out: string, as = ''): string | undefined {
	const named = as ? `${as} ${out}` : out;
	const folder = dirname(resolve(out));
	let isFolder: boolean;
	try {
		isFolder = statSync(folder).isDirectory();
	} catch {
		isFolder = false;
	}
	if (!isFolder) return `${named}: there is no folder ${folder}`;
	try {
		if (statSync(out).isDirectory()) return `${named} is a folder: name a file in it`;
	} catch {
		// Not there yet: it will be made.
	}
	return undefined;
}
