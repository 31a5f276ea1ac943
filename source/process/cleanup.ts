/**
 * What a run leaves behind goes with it: temp folders (the demo's token cache, the store's spill file) are removed
 * and the terminal is given back (alternate screen left, cursor shown) on a normal exit, a crash, and SIGINT,
 * SIGTERM or SIGHUP (an SSH disconnect). A run killed outright (SIGKILL) cannot clean up: its temp folders carry its
 * pid in their name, and the next start removes those whose process is gone.
 */
import {lstatSync, mkdtempSync, readdirSync, rmSync} from 'node:fs';
import {constants, tmpdir} from 'node:os';
import {join} from 'node:path';

/** The kinds of temp folder a run makes; each is named `entra-logs-<kind>-<pid>-XXXXXX` (mkdtemp: 0700). */
export type TempKind = 'demo' | 'store' | 'emulator' | 'pipe';
const LEFTOVER = /^entra-logs-(?:demo|store|emulator|pipe)-(\d+)-[A-Za-z0-9]{6}$/;
/**
 * A record too big for the terminal's clipboard, saved for the user to take (clipboard.ts): kept after the run (its path
 * is on screen to be read then), and removed by a start a day later, so that records do not pile up in temp.
 */
const COPY = /^entra-logs-copy-[A-Za-z0-9]{6}$/;
const COPY_KEPT_MS = 24 * 3600_000;

const tempDirs = new Set<string>();
const restorers = new Set<() => void>();
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
let installed = false;

/** A new private temp folder, removed when the process ends however it ends. */
export function privateTempDir(kind: TempKind): string {
	install();
	const dir = mkdtempSync(join(tmpdir(), `entra-logs-${kind}-${process.pid}-`));
	tempDirs.add(dir);
	return dir;
}

/** Removes a temp folder from privateTempDir now (it is then no longer removed at exit). */
export function removeTempDir(dir: string): void {
	rmSync(dir, {recursive: true, force: true});
	tempDirs.delete(dir);
}

/**
 * Registers what gives the terminal back (leave the alternate screen, show the cursor), run if the process ends
 * while the TUI holds the terminal. Returns the function that unregisters it, once the TUI has left by itself.
 */
export function onTerminalRestore(restore: () => void): () => void {
	install();
	restorers.add(restore);
	return () => {
		restorers.delete(restore);
	};
}

/** Gives the terminal back and removes the temp folders; each step at most once, none can throw. */
function cleanUp(): void {
	for (const restore of [...restorers]) {
		restorers.delete(restore);
		try {
			restore();
		} catch {
			// the terminal may be gone (SIGHUP): nothing to give back
		}
	}
	for (const dir of [...tempDirs]) {
		try {
			removeTempDir(dir);
		} catch {
			// removed by someone else, or not removable: nothing more to do at exit
		}
	}
}

/**
 * A signal's other listeners: an export that stops at a page boundary and keeps its checkpoint (cli.tsx) handles
 * SIGINT and SIGTERM itself, and the process exits (and cleans up) when it is done. signal-exit's listeners (Ink
 * loads it) do not count: they act only when nothing else listens, which is how it counts them too.
 */
function othersListen(signal: NodeJS.Signals, self: (...args: unknown[]) => void): boolean {
	const signalExit =
		(process as unknown as {__signal_exit_emitter__?: {count?: number}}).__signal_exit_emitter__?.count ?? 0;
	return process.listeners(signal).filter(l => l !== self).length > signalExit;
}

function install(): void {
	if (installed) return;
	installed = true;
	// A normal end, process.exit, and an uncaught exception all emit 'exit'.
	process.on('exit', cleanUp);
	for (const signal of SIGNALS) {
		const onSignal = (): void => {
			if (othersListen(signal, onSignal)) return;
			cleanUp();
			process.exit(128 + constants.signals[signal]);
		};
		process.on(signal, onSignal);
	}
}

function alive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		// EPERM: the process exists, under another user.
		return (error as NodeJS.ErrnoException).code === 'EPERM';
	}
}

/**
 * Removes the temp folders of runs that ended without cleaning up (killed with SIGKILL, a power cut): folders of
 * ours by name, owned by this user, not links, whose pid is no longer running; and records saved by a copy a day
 * ago or more (COPY). Returns what it removed.
 */
export function sweepLeftovers(dir = tmpdir()): string[] {
	const removed: string[] = [];
	let names: string[];
	try {
		names = readdirSync(dir);
	} catch {
		return removed;
	}
	const uid = process.getuid?.();
	for (const name of names) {
		const copy = COPY.test(name);
		const pid = Number(LEFTOVER.exec(name)?.[1] ?? NaN);
		if (!copy && (!Number.isSafeInteger(pid) || pid <= 0 || pid === process.pid || alive(pid))) continue;
		const path = join(dir, name);
		try {
			const stat = lstatSync(path);
			if (!stat.isDirectory() || (uid !== undefined && stat.uid !== uid)) continue;
			if (copy && Date.now() - stat.mtimeMs < COPY_KEPT_MS) continue;
			rmSync(path, {recursive: true, force: true});
			removed.push(path);
		} catch {
			// gone already, or not ours to remove
		}
	}
	return removed;
}
