/**
 * `open` reads a file more than once (its head to tell the report, an index, the records the detail shows), so it
 * needs a file it can seek in. A pipe (`open <(zcat logs.ndjson.gz)`, `open /dev/stdin`, a named FIFO) is read once,
 * to its end, into a private temp file (0600 in a 0700 folder, removed when the process ends however it ends), and
 * that copy is opened: the records are the pipe's bytes, unchanged. The header names the pipe (typed-path.ts).
 */
import {createReadStream, createWriteStream, statSync} from 'node:fs';
import {basename, join} from 'node:path';
import {pipeline} from 'node:stream/promises';
import {PRIVATE_FILE} from './private.js';
import {privateTempDir} from '../process/cleanup.js';
import {sanitizeLine} from '../terminal/sanitize.js';
import {nameCopy} from './typed-path.js';

/** `path` itself when it can be sought in (a file, a folder, or what cannot be read: its reader says why); else a copy. */
export async function seekablePath(path: string): Promise<string> {
	let kind: 'pipe' | 'other';
	try {
		const st = statSync(path);
		kind = st.isFIFO() || st.isCharacterDevice() || st.isSocket() ? 'pipe' : 'other';
	} catch {
		kind = 'other';
	}
	if (kind === 'other') return path;
	// Named as the pipe was, so that what the name says (a .csv, a .json) still holds; /dev/fd/63 says nothing.
	const name = /\.(?:ndjson|jsonl|json|csv)$/i.test(basename(path)) ? basename(path) : 'records';
	const copy = join(privateTempDir('pipe'), name);
	// Standard input that is a socket (a parent process's pipe) cannot be opened by name (ENXIO): read it as stdin.
	const stdin = ['/dev/stdin', '/dev/fd/0', '/proc/self/fd/0'].includes(path);
	await pipeline(
		stdin ? process.stdin : createReadStream(path),
		createWriteStream(copy, {flags: 'wx', mode: PRIVATE_FILE}),
	);
	// The header names what the user typed (the pipe, or stdin), not the private copy's path.
	nameCopy(copy, stdin ? 'stdin' : sanitizeLine(path));
	return copy;
}
