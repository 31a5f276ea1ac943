/**
 * A file opened for reading, with the part of node:fs/promises' FileHandle that reading a file's records uses (read at
 * a position, stat, close), over node:fs's callbacks: the same requests to libuv's thread pool, without loading
 * node:fs/promises, which brings eight more of Node's modules (its FileHandle's streams, readline, fs watchers;
 * ~1.1 ms of CPU) onto `open`'s way to its first frame. Unlike a FileHandle, one not closed stays open until the
 * process ends: callers close it in a `finally`.
 */
import {close, closeSync, constants, fstat, fstatSync, open, openSync, read, readSync, type Stats} from 'node:fs';

export interface ReadHandle {
	read(buffer: Buffer, offset: number, length: number, position: number): Promise<{bytesRead: number}>;
	stat(): Promise<Stats>;
	close(): Promise<void>;
}

/** Opens `path` for reading (`r`); fails as fs/promises' `open` does (the same error, code and path). */
export function openForReading(path: string): Promise<ReadHandle> {
	return new Promise((resolve, reject) => {
		open(path, 'r', (error, fd) => (error ? reject(error) : resolve(handle(fd))));
	});
}

function handle(fd: number): ReadHandle {
	let closed: Promise<void> | undefined;
	return {
		read: (buffer, offset, length, position) =>
			new Promise((resolve, reject) => {
				read(fd, buffer, offset, length, position, (error, bytesRead) =>
					error ? reject(error) : resolve({bytesRead}),
				);
			}),
		stat: () => new Promise((resolve, reject) => fstat(fd, (error, s) => (error ? reject(error) : resolve(s)))),
		// Once: a second close must not close a descriptor the process has since opened under the same number.
		close: () => (closed ??= new Promise((resolve, reject) => close(fd, error => (error ? reject(error) : resolve())))),
	};
}

/**
 * `path` opened now, without a round trip through the thread pool, when it is a regular file (a read then blocks
 * only as long as the disk takes); undefined for anything else (a FIFO, a device: opened non-blocking, so a FIFO
 * with no writer does not hang the process, then closed), which openForReading then opens as before. `open`'s first
 * look at a file's head makes a few such round trips before its first frame, each a wait for a thread on a busy
 * machine. Fails as openForReading does for a path that cannot be opened.
 */
export function openRegularNow(path: string): ReadHandle | undefined {
	const fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
	let s: Stats;
	try {
		s = fstatSync(fd);
	} catch (error) {
		closeSync(fd);
		throw error;
	}
	if (!s.isFile()) {
		closeSync(fd);
		return undefined;
	}
	let closed = false;
	const now = <T>(fn: () => T): Promise<T> => {
		try {
			return Promise.resolve(fn());
		} catch (error) {
			return Promise.reject(error as Error);
		}
	};
	return {
		read: (buffer, offset, length, position) =>
			now(() => {
				// A regular file reads what it has; readSync may return less than asked near its end, as read does.
				let bytesRead = 0;
				while (bytesRead < length) {
					const n = readSync(fd, buffer, offset + bytesRead, length - bytesRead, position + bytesRead);
					if (n === 0) break;
					bytesRead += n;
				}
				return {bytesRead};
			}),
		stat: () => now(() => fstatSync(fd)),
		close: () =>
			now(() => {
				if (closed) return;
				closed = true;
				closeSync(fd);
			}),
	};
}
