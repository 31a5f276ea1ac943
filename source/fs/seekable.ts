/**
 * `open` reads a file more than once (its head to tell the report, an index, the records the detail shows), so it
 * needs a file it can seek in. A pipe (`open <(zcat logs.ndjson.gz)`, `open /dev/stdin`, a named FIFO) is read once,
 * to its end, into a private temp file (0600 in a 0700 folder, removed when the process ends however it ends), and
 * that copy is opened: the records are the pipe's bytes, unchanged. A gzip-compressed file or pipe (`logs.ndjson.gz`,
 * what `gzip` or a storage tool wrote) is decompressed into such a copy the same way: its records are the bytes gzip
 * gives back. The header names what the user typed (typed-path.ts).
 */
import {
	closeSync,
	constants,
	createReadStream,
	createWriteStream,
	open,
	openSync,
	readSync,
	statSync,
	type WriteStream,
} from 'node:fs';
import {createRequire} from 'node:module';
import {basename, join} from 'node:path';
import type {Readable} from 'node:stream';
import {pipeline} from 'node:stream/promises';
import {PRIVATE_FILE} from './private.js';
import {onTerminalRestore, privateTempDir} from '../process/cleanup.js';
import {sanitizeLine} from '../terminal/sanitize.js';
import {nameCopy} from './typed-path.js';
import {QueryError} from '../query/time.js';
import {createGunzip} from './lazy-zlib.js';
import {isTempWriteError, tempWriteProblem} from './temp-write.js';

/** What every gzip member starts with (RFC 1952: ID1 ID2). */
const GZIP_MAGIC = [0x1f, 0x8b] as const;

const isGzip = (head: Uint8Array): boolean => head[0] === GZIP_MAGIC[0] && head[1] === GZIP_MAGIC[1];

/**
 * `path` itself when it can be sought in and is not compressed (a file, a folder, or what cannot be read: its reader
 * says why); else a private copy of its bytes, decompressed where they are gzip's.
 */
export async function seekablePath(path: string): Promise<string> {
	let kind: 'pipe' | 'file' | 'other';
	let fifo = false;
	try {
		const st = statSync(path);
		kind = st.isFIFO() || st.isCharacterDevice() || st.isSocket() ? 'pipe' : st.isFile() ? 'file' : 'other';
		fifo = st.isFIFO();
	} catch {
		kind = 'other';
	}
	if (kind === 'other' || (kind === 'file' && !isGzip(fileHead(path)))) return path;
	// Standard input that is a socket (a parent process's pipe) cannot be opened by name (ENXIO): read it as stdin.
	const stdin = kind === 'pipe' && ['/dev/stdin', '/dev/fd/0', '/proc/self/fd/0'].includes(path);
	const shown = stdin ? 'stdin' : sanitizeLine(path);
	// Named as the pipe or file was, so that what the name says (a .csv, a .json) still holds; /dev/fd/63 says nothing.
	const given = basename(path).replace(/\.(?:gz|gzip)$/i, '');
	const name = /\.(?:ndjson|jsonl|json|csv)$/i.test(given) ? given : 'records';
	let gzip = kind === 'file';
	// The temp folder full (a .gz of 2 MB may hold gigabytes), gone or limited: said with what to do, not Node's words.
	const cannotCopy = (error: unknown, written: number): Error =>
		new Error(
			`cannot ${gzip ? 'unpack' : 'read'} ${shown} into a temp file to open it ` +
				`(${(written / 1e6).toLocaleString('en-US', {maximumFractionDigits: 1})} MB written): ${tempWriteProblem(error)}; ` +
				(gzip
					? `or unpack it where there is room (zcat ${shown} > DIR/${given}) and open that`
					: `or save it as a file where there is room and open that`),
		);
	let copy: string;
	try {
		copy = join(privateTempDir('pipe'), name);
	} catch (error) {
		throw cannotCopy(error, 0);
	}
	const out = createWriteStream(copy, {flags: 'wx', mode: PRIVATE_FILE});
	const state = {waiting: false};
	const stopProgress = progress(out, shown, state);
	try {
		const input = stdin ? process.stdin : fifo ? await fifoInput(path, state) : createReadStream(path);
		gzip ||= isGzip(await peek(input, GZIP_MAGIC.length));
		if (gzip) await pipeline(input, createGunzip(), out);
		else await pipeline(input, out);
	} catch (error) {
		// The user's file is not touched; the copy goes with its temp folder.
		const code = (error as NodeJS.ErrnoException).code ?? '';
		if (gzip && code.startsWith('Z_'))
			throw new QueryError(
				`${shown} is not whole gzip data (${code === 'Z_BUF_ERROR' ? 'it ends too soon' : 'it is damaged'}): ` +
					`zcat gives back what it can read of it`,
			);
		if (out.errored === error && isTempWriteError(error)) throw cannotCopy(error, out.bytesWritten);
		throw error;
	} finally {
		stopProgress();
	}
	// The header names what the user typed (the pipe, stdin, the .gz file), not the private copy's path.
	nameCopy(copy, shown);
	return copy;
}

/** How long a copy runs before it says so. */
const PROGRESS_AFTER_MS = 300;

/**
 * While a long copy runs (a big pipe, a big .gz: nothing can be shown before it ends), one line on a terminal's
 * stderr says how much is read so far, rewritten in place and cleared at the end; a copy that ends sooner says
 * nothing. Returns what stops it.
 */
function progress(out: WriteStream, shown: string, state: {readonly waiting: boolean}): () => void {
	if (!process.stderr.isTTY) return () => undefined;
	let said = false;
	// One row, cut to the terminal's width: a wrapped line would leave its first row behind when cleared.
	const say = (text: string): void => {
		said = true;
		const room = Math.max(10, (process.stderr.columns || 80) - 1);
		const line = text.length > room ? `${text.slice(0, room - 1)}…` : text;
		process.stderr.write(`\r\x1b[K${line}`);
	};
	const timer = setInterval(() => {
		if (state.waiting) return say(`entra-logs: waiting for something to write into ${shown} (ctrl-c to stop)`);
		const mb = out.bytesWritten / 1e6;
		const size = mb.toLocaleString('en-US', {
			minimumFractionDigits: mb < 10 ? 1 : 0,
			maximumFractionDigits: mb < 10 ? 1 : 0,
		});
		say(`entra-logs: reading ${shown}… ${size} MB`);
	}, PROGRESS_AFTER_MS);
	const clear = (): void => {
		clearInterval(timer);
		if (said) process.stderr.write('\r\x1b[K');
		said = false;
	};
	// Ended by ctrl-c or a signal meanwhile: the line goes too.
	const release = onTerminalRestore(clear);
	return () => {
		release();
		clear();
	};
}

/**
 * A named FIFO's bytes, as `cat` reads them: its open waits for a writer, its end is when the last writer closes it
 * (one that opens and closes without writing: an empty FIFO). The open waits on a libuv thread, which the process's
 * exit then waited for too: ctrl-c, SIGTERM and SIGHUP did not end it (found by an independent check). Leaving now
 * opens the FIFO for writing, which ends that wait (a blocked reader counts as a reader, so that open does not wait
 * itself). Once open, it is read as a pipe (node:net over its fd, no thread held by a slow writer).
 */
async function fifoInput(path: string, state: {waiting: boolean}): Promise<Readable> {
	state.waiting = true;
	const release = onTerminalRestore(() => {
		try {
			closeSync(openSync(path, constants.O_WRONLY | constants.O_NONBLOCK));
		} catch {
			// opened meanwhile, or gone: nothing waits
		}
	});
	let fd: number;
	try {
		fd = await new Promise<number>((resolve, reject) =>
			open(path, 'r', (error, opened) => (error ? reject(error) : resolve(opened))),
		);
	} finally {
		release();
		state.waiting = false;
	}
	const {Socket} = createRequire(import.meta.url)('node:net') as typeof import('node:net');
	return new Socket({fd, readable: true, writable: false});
}

/** The first two bytes of a regular file (fewer if it is shorter, none if it cannot be read: its reader says why). */
function fileHead(path: string): Uint8Array {
	const head = new Uint8Array(GZIP_MAGIC.length);
	let fd: number | undefined;
	try {
		fd = openSync(path, 'r');
		return head.subarray(0, readSync(fd, head, 0, head.length, 0));
	} catch {
		return head.subarray(0, 0);
	} finally {
		if (fd !== undefined) closeSync(fd);
	}
}

/** At least `n` bytes from the start of `stream` (fewer at its end), put back so that the stream still gives them. */
async function peek(stream: Readable, n: number): Promise<Uint8Array> {
	const chunks: Buffer[] = [];
	let have = 0;
	while (have < n) {
		const chunk = stream.read() as Buffer | null;
		if (chunk !== null) {
			chunks.push(chunk);
			have += chunk.length;
			continue;
		}
		if (stream.readableEnded || stream.destroyed) break;
		const more = await new Promise<boolean>((resolve, reject) => {
			const done = (value: boolean) => {
				stream.off('readable', onReadable).off('end', onEnd).off('error', onError);
				resolve(value);
			};
			const onReadable = () => done(true);
			const onEnd = () => done(false);
			const onError = (error: Error) => {
				stream.off('readable', onReadable).off('end', onEnd).off('error', onError);
				reject(error);
			};
			stream.on('readable', onReadable).on('end', onEnd).on('error', onError);
		});
		if (!more) break;
	}
	const head = Buffer.concat(chunks);
	if (head.length) stream.unshift(head);
	return head;
}
