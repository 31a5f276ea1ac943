/**
 * Where the TUI reads its keys: stdin when it is a terminal, else the controlling terminal (/dev/tty), as `less` and
 * `fzf` do, so that `zcat x.gz | entra-logs open /dev/stdin` and `entra-logs open f < /dev/null` browse the file.
 * Without any terminal to read keys from, the TUI cannot run: one line (exit 2) before anything is drawn.
 */
import {openSync} from 'node:fs';
import {ReadStream} from 'node:tty';
import {UsageError} from '../cli/checks.js';

let opened: ReadStream | undefined;

/** The stream the TUI reads keys from (the same one on every call). */
export function keyInput(stdin: NodeJS.ReadStream = process.stdin): NodeJS.ReadStream {
	if (stdin.isTTY) return stdin;
	if (opened) return opened;
	let fd: number;
	try {
		fd = openSync('/dev/tty', 'r');
	} catch {
		throw new UsageError(
			'no terminal to read keys from (stdin is not one, nor is there a /dev/tty): add --output ndjson, json or csv to print the records',
		);
	}
	opened = new ReadStream(fd);
	// Read only while the TUI listens; the process may end with the stream open.
	opened.pause();
	opened.unref();
	return opened as unknown as NodeJS.ReadStream;
}
