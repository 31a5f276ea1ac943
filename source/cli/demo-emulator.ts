/**
 * The demo's emulator, started on its own thread as early as the CLI knows it is a demo run (cli.tsx), so that it comes
 * up while the TUI's and the sign-in's modules load; services.ts takes it from here. A small module: it loads before
 * those.
 */
import {cacheDir} from '../fs/cache-dir.js';
import type {EmulatorThread} from '../emulator/thread.js';

/**
 * The demo's emulator approves its device code by itself this long after issuing it, as a person on another device
 * would: long enough to see the code. MSAL's first poll, made at once, is answered then, with the token (a slow answer,
 * not "pending"), so the interval MSAL is told can be the identity platform's own (5 s) and the report picker follows.
 * A run without a terminal approves its code at once (cli.tsx), before that poll.
 */
const DEMO_APPROVE_MS = 300;

let early: Promise<EmulatorThread> | undefined;

/** Starts the demo's emulator now (once); takeDemoEmulator hands it over. */
export function startDemoEmulator(env: Readonly<Record<string, string | undefined>>): Promise<EmulatorThread> {
	early ??= import('../emulator/thread.js').then(({startEmulatorThread}) =>
		// In the background: the TUI draws and signs in at once while the records arrive (from the day's cache, or made
		// on a worker thread), and a first page is served as soon as its records are there.
		startEmulatorThread({seed: 'demo', autoApproveMs: DEMO_APPROVE_MS, background: true, cacheDir: cacheDir(env)}),
	);
	return early;
}

/** The emulator startDemoEmulator started (each run's own: a second call starts another). */
export function takeDemoEmulator(env: Readonly<Record<string, string | undefined>>): Promise<EmulatorThread> {
	const emulator = startDemoEmulator(env);
	early = undefined;
	return emulator;
}
