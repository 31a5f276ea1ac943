/**
 * The demo's emulator on a worker thread of its own: its modules, its TLS handshakes, its pages, and the demo tenant's
 * records (read from the day's cache or made by the tenant's worker, and parsed as they arrive) stay off the thread
 * that draws the TUI and signs in, which only talks to it over HTTPS, as to Graph. This module's own code loads on
 * both threads; the emulator's (server.ts and all it imports) only on its thread.
 */
import {isMainThread, parentPort, workerData, type MessagePort} from 'node:worker_threads';
import {rmSync} from 'node:fs';
import {moduleWorker} from './module-worker.js';
import type {EmulatorOptions, LogEntry} from './server.js';

/** The running emulator, as the thread that started it sees it. */
export interface EmulatorThread {
	readonly origin: string;
	readonly authority: string;
	readonly tenantId: string;
	/** PEM of its certificate (trust it as a CA). */
	readonly caCert: string;
	/** The identity platform's one control the CLI uses: approve a code now (a run without a terminal: nobody reads it). */
	readonly identity: {approve(userCode: string): void};
	/** The requests it answered so far. */
	log(): Promise<LogEntry[]>;
	/** Settles once a tenant made whole this run is in its cache file (Emulator.saving). */
	saving(): Promise<void>;
	close(): Promise<void>;
}

/** What the thread is asked; each with an id, which its answer carries. */
type Asked = {readonly kind: 'approve'; readonly userCode: string} | {readonly kind: 'log' | 'saving' | 'close'};
type Ask = Asked & {readonly id: number};

type Told =
	| {
			readonly kind: 'up';
			readonly origin: string;
			readonly authority: string;
			readonly tenantId: string;
			readonly caCert: string;
			readonly cacheTemp?: string;
	  }
	| {readonly kind: 'failed'; readonly message: string}
	| {readonly kind: 'answer'; readonly id: number; readonly value?: unknown};

/** Starts the emulator of `options` (plain data) on a thread of its own; resolves once it listens. */
export function startEmulatorThread(options: EmulatorOptions): Promise<EmulatorThread> {
	const worker = moduleWorker(new URL(import.meta.url), {emulatorThread: options});
	// The thread keeps the process alive only while something waits on it: the CLI ends when its work does.
	let waiting = 0;
	const hold = (): void => {
		if (waiting++ === 0) worker.ref();
	};
	const release = (): void => {
		if (--waiting === 0) worker.unref();
	};
	const answers = new Map<number, (value: unknown) => void>();
	let next = 0;
	let gone: Error | undefined;
	const ask = (message: Asked): Promise<unknown> => {
		if (gone) return Promise.reject(gone);
		const id = ++next;
		hold();
		return new Promise(resolve => {
			answers.set(id, value => {
				release();
				resolve(value);
			});
			worker.postMessage({...message, id});
		});
	};
	hold();
	return new Promise((resolve, reject) => {
		worker.on('message', (told: Told) => {
			if (told.kind === 'answer') {
				answers.get(told.id)?.(told.value);
				answers.delete(told.id);
			} else if (told.kind === 'failed') reject(new Error(told.message));
			else {
				release();
				// A new cache written only in part goes with the process, however it ends (cleanup.ts exits through 'exit').
				const temp = told.cacheTemp;
				if (temp) process.on('exit', () => rmSync(temp, {force: true}));
				resolve({
					origin: told.origin,
					authority: told.authority,
					tenantId: told.tenantId,
					caCert: told.caCert,
					identity: {approve: userCode => void ask({kind: 'approve', userCode})},
					log: async () => (await ask({kind: 'log'})) as LogEntry[],
					saving: async () => void (await ask({kind: 'saving'})),
					close: async () => {
						if (!gone) await ask({kind: 'close'});
						await worker.terminate();
					},
				});
			}
		});
		const end = (error: Error): void => {
			gone = error;
			reject(error);
			// Whatever waited on it: answered, with nothing (its work is over).
			for (const settle of answers.values()) settle(undefined);
			answers.clear();
		};
		worker.once('error', end);
		worker.once('exit', code => end(new Error(`the emulator's thread stopped (exit code ${code})`)));
	});
}

/** The thread's side: the emulator, and the answers to what it is asked. */
async function serve(port: MessagePort, options: EmulatorOptions): Promise<void> {
	const {startEmulator} = await import('./server.js');
	let emu: Awaited<ReturnType<typeof startEmulator>>;
	try {
		emu = await startEmulator(options);
	} catch (error) {
		port.postMessage({kind: 'failed', message: (error as Error).message} satisfies Told);
		return;
	}
	const {origin, authority, tenantId, caCert, cacheTemp} = emu;
	port.postMessage({kind: 'up', origin, authority, tenantId, caCert, cacheTemp} satisfies Told);
	port.on('message', (ask: Ask) => {
		const answer = (value?: unknown): void => port.postMessage({kind: 'answer', id: ask.id, value} satisfies Told);
		if (ask.kind === 'approve') answer(emu.identity.approve(ask.userCode));
		else if (ask.kind === 'log') answer([...emu.log]);
		else if (ask.kind === 'saving') void emu.saving().then(() => answer());
		else void emu.close().then(() => answer());
	});
}

const asked = (workerData as {emulatorThread?: EmulatorOptions} | null)?.emulatorThread;
if (!isMainThread && parentPort && asked) void serve(parentPort, asked);
