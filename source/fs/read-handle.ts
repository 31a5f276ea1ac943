/**
 * A file opened for reading, with the part of node:fs/promises' FileHandle that reading a file's records uses (read at
 * a position, stat, close), over node:fs's callbacks: the same requests to libuv's thread pool, without loading
 * node:fs/promises, which brings eight more of Node's modules (its FileHandle's streams, readline, fs watchers;
 * ~1.1 ms of CPU) onto `open`'s way to its first frame. Unlike a FileHandle, one not closed stays open until the
 * process ends: callers close it in a `finally`.
 */
import {close, fstat, open, read, stat, type Stats} from 'node:fs';

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

/** fs/promises' `stat`, without loading it. */
export function statPath(path: string): Promise<Stats> {
	return new Promise((resolve, reject) => stat(path, (error, s) => (error ? reject(error) : resolve(s))));
}
