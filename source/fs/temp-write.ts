/**
 * A write into the temp folder (TMPDIR) that failed, in words a person can act on: the store's spill, the copy of a
 * record too big for the clipboard, a pipe or .gz read into a private copy. Node's own words (`ENOSPC: no space left
 * on device, write`) say neither where nor what to do.
 */
import {tmpdir} from 'node:os';

/** The problem and what to do, ending with where the temp folder is. */
export function tempWriteProblem(error: unknown): string {
	const code = (error as NodeJS.ErrnoException | undefined)?.code;
	const where = `(TMPDIR: ${tmpdir()})`;
	const elsewhere = 'or start entra-logs with TMPDIR set to a folder with room';
	if (code === 'ENOSPC' || code === 'EDQUOT') {
		const what = code === 'ENOSPC' ? 'no space left' : 'disk quota exceeded';
		return `${what} in the temp folder: free some there, ${elsewhere} ${where}`;
	}
	if (code === 'EFBIG') return `a temp file reached the size limit of files (ulimit -f): raise it ${where}`;
	if (code === 'ENOENT') return `the temp folder does not exist (any more): make it, ${elsewhere} ${where}`;
	const text = error instanceof Error ? error.message : String(error);
	return `cannot write in the temp folder ${where}: ${text}`;
}

/** Whether an error is the temp folder's (full, a quota, a size limit, gone) rather than the data's. */
export function isTempWriteError(error: unknown): boolean {
	const code = (error as NodeJS.ErrnoException | undefined)?.code;
	return code === 'ENOSPC' || code === 'EDQUOT' || code === 'EFBIG' || code === 'ENOENT';
}
