/**
 * Where the TUI reads its keys: stdin when it is a terminal, else the controlling terminal (/dev/tty), as `less` and
 * `fzf` do, so that `zcat x.gz | entra-logs open /dev/stdin` and `entra-logs open f < /dev/null` browse the file.
 * Without any terminal to read keys from, the TUI cannot run: one line (exit 2) before anything is drawn.
 *
 * `open FILE` on a terminal holds the keys typed before Ink reads them (holdKeys): the terminal is raw from the start
 * (nothing typed is echoed over the screen, the pipe's progress line or the first frame), each key is read as it
 * comes and kept, in order, for Ink (releaseKeys hands them back to the stream), and those that cannot wait are
 * acted on at once: ctrl-c ends the run (before the list shows, as the terminal's own ctrl-c did: SIGINT), ctrl-z
 * stops it (as the terminal's did), and once the first frame is on screen (quitOnKeys) ctrl-c, or `q` as the first
 * key typed, quit as the list would, without waiting for Ink to load.
 */
import {openSync} from 'node:fs';
import {ReadStream} from 'node:tty';
import {UsageError} from '../cli/checks.js';
import {onTerminalRestore} from '../process/cleanup.js';
import {PASTE_END, PASTE_START} from './paste-marks.js';

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

const CTRL_C = 0x03;
const CTRL_Z = 0x1a;
const Q = 0x71;
const ESC = 0x1b;
/** What a terminal in bracketed-paste mode (on with the first frame) sends around a paste: text, never keys. */
const PASTE_MARKS = [Buffer.from(PASTE_START), Buffer.from(PASTE_END)] as const;

/** What standard input is called by name: `open /dev/stdin` typed at a terminal reads its lines as the data. */
const STDIN_PATHS = ['/dev/stdin', '/dev/fd/0', '/proc/self/fd/0'];

/** Keys read and kept for Ink, and what ends the run meanwhile. */
interface Held {
	readonly chunks: Buffer[];
	readonly onReadable: () => void;
	readonly release: () => void;
	/** Set once the first frame is on screen: ctrl-c, or `q` first, call it. */
	quit?: () => void;
	/** Whether a key other than ctrl-z was typed before (`q` then is no longer the list's first key). */
	typed: boolean;
	/** Inside a bracketed paste (its ctrl-c is text, as the TUI takes it), and how much of the next mark is read. */
	paste: boolean;
	mark: number;
}

const holding = new WeakMap<NodeJS.ReadStream, Held>();

/**
 * From now until releaseKeys: `keys` (a terminal) is raw and read, each key kept for Ink; ctrl-c sends this process
 * SIGINT (its temp files go, the terminal is given back, exit 130, as before), ctrl-z stops it (the terminal's line
 * mode back meanwhile). Not when `file` is standard input and that is the terminal: its lines are the data.
 */
export function holdKeys(keys: NodeJS.ReadStream, file: string): void {
	if (!keys.isTTY || typeof keys.setRawMode !== 'function' || holding.has(keys)) return;
	if (keys === process.stdin && STDIN_PATHS.includes(file)) return;
	keys.setRawMode(true);
	// Nothing held keeps the process alive (an error before the list ends it): Ink refs the stream when it reads.
	(keys as unknown as {unref?: () => void}).unref?.();
	const restore = onTerminalRestore(() => keys.setRawMode(false));
	const held: Held = {
		chunks: [],
		typed: false,
		paste: false,
		mark: 0,
		onReadable: () => {
			let chunk: Buffer | null;
			while ((chunk = keys.read() as Buffer | null) !== null) take(keys, held, chunk);
		},
		release: restore,
	};
	holding.set(keys, held);
	keys.on('readable', held.onReadable);
}

/** A chunk of keys read: kept for Ink, or acted on now. */
function take(keys: NodeJS.ReadStream, held: Held, chunk: Buffer): void {
	for (let i = 0; i < chunk.length; i++) {
		const byte = chunk[i]!;
		const mark = PASTE_MARKS[held.paste ? 1 : 0];
		held.mark = byte === mark[held.mark] ? held.mark + 1 : byte === ESC ? 1 : 0;
		if (held.mark === mark.length) [held.paste, held.mark] = [!held.paste, 0];
		if (held.paste || held.mark > 0) {
			held.typed = true;
			continue;
		}
		if (byte === CTRL_C) return void (held.quit ? held.quit() : process.kill(process.pid, 'SIGINT'));
		if (byte === CTRL_Z && !held.quit) {
			// Before the list is on screen: stopped as the terminal's ctrl-z stopped it; the key is not Ink's.
			held.chunks.push(chunk.subarray(0, i));
			suspend(keys);
			return take(keys, held, chunk.subarray(i + 1));
		}
		if (byte === Q && !held.typed && held.quit) return held.quit();
		held.typed = true;
	}
	held.chunks.push(chunk);
}

/** The shell's line mode back and this process stopped (SIGTSTP's default), raw again once continued. */
function suspend(keys: NodeJS.ReadStream): void {
	if (process.platform === 'win32') return;
	keys.setRawMode(false);
	process.kill(process.pid, 'SIGTSTP');
	keys.setRawMode(true);
}

/**
 * The first frame is on screen: ctrl-c, or `q` as the first key typed (a key before it may have opened a prompt that
 * `q` types into), call `quit` now (at once if one is held already); every other key still waits for Ink.
 */
export function quitOnKeys(keys: NodeJS.ReadStream, quit: () => void): void {
	const held = holding.get(keys);
	if (!held) return;
	held.quit = quit;
	const kept = Buffer.concat(held.chunks.splice(0));
	Object.assign(held, {typed: false, paste: false, mark: 0});
	take(keys, held, kept);
}

/**
 * Ink reads the keys from here: those held go back to the front of the stream, in order, where Ink's reader finds
 * them when it subscribes; the terminal stays raw (the TUI's own leave turns it off).
 */
export function releaseKeys(keys: NodeJS.ReadStream): void {
	const held = holding.get(keys);
	if (!held) return;
	holding.delete(keys);
	keys.off('readable', held.onReadable);
	held.release();
	const kept = Buffer.concat(held.chunks);
	if (kept.length > 0) keys.unshift(kept);
}
