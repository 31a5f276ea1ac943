/**
 * A write into the temp folder (TMPDIR) that failed, in words a person can act on: the store's spill, the copy of a
 * record too big for the clipboard, a pipe or .gz read into a private copy. Node's own words (`ENOSPC: no space left
 * on device, write`) say neither where nor what to do.
 */
import {tmpdir} from 'node:os';

/** What each error of the temp folder's own (full, a quota, a size limit, gone) means, and what to do. */
const PROBLEMS: Readonly<Record<string, (where: string) => string>> = {
	ENOSPC: where => `no space left in ${where}: free some, or set TMPDIR to a folder with room`,
	EDQUOT: where => `disk quota exceeded in ${where}: free some, or set TMPDIR to a folder with room`,
	EFBIG: where => `a file in ${where} reached the size limit of files (ulimit -f): raise it`,
	ENOENT: where => `${where} does not exist (any more): make it, or set TMPDIR to a folder that does`,
};

const codeOf = (error: unknown): string | undefined => (error as NodeJS.ErrnoException | undefined)?.code;

/** The problem, where (the temp folder's path first: a status line may cut the end), and what to do. */
export function tempWriteProblem(error: unknown): string {
	const where = `the temp folder ${tmpdir()}`;
	const problem = PROBLEMS[codeOf(error) ?? ''];
	if (problem) return problem(where);
	const text = error instanceof Error ? error.message : String(error);
	return `cannot write in ${where}: ${text}`;
}

/** Whether an error is the temp folder's (full, a quota, a size limit, gone) rather than the data's. */
export function isTempWriteError(error: unknown): boolean {
	return Object.hasOwn(PROBLEMS, codeOf(error) ?? '');
}
