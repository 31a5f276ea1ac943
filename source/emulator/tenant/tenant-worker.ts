/**
 * The demo tenant's records made on a worker thread, so that the thread that draws the TUI (and answers the
 * identity platform's requests) never waits for them: generateTenant's output for the options, sent in slices of a
 * few hundred records (each message a short pause for the receiving thread, not one long one), the three reports in
 * turn and each newest first, so that the first page of any report can be served from the first slices.
 *
 * With a cache (tenant-cache.ts) the records are read from the file made earlier the same day, at the clock it was
 * made at; else, or from where the file stops being right, they are generated, then written to the file for the
 * next run.
 */
import {Worker, isMainThread, parentPort, workerData} from 'node:worker_threads';
import {rmSync} from 'node:fs';
import {generateTenant, type GraphRecord} from './tenant.js';
import {
	cacheMember,
	dayOf,
	readCache,
	sliceText,
	slices,
	writeCache,
	type CacheKey,
	type Counts,
	type Table,
} from './tenant-cache.js';
import type {ArrivingTenant} from './arriving.js';

type Message =
	| {readonly kind: 'counts'; readonly counts: Counts}
	/** A slice as JSON text (sliceText): parsing text is cheaper for the receiving thread than a cloned object. */
	| {readonly kind: 'slice'; readonly text: string}
	| {readonly kind: 'done'}
	| {readonly kind: 'saved'; readonly written: boolean};

/** The options a worker can be given (plain data); `now` fixed by the caller, so that both sides agree on it. */
export type WorkerTenantOptions = CacheKey & {
	readonly now: Date;
	/** The cache file, and the temp file a new one is written to (removed at exit if the write is cut short). */
	readonly cache?: {readonly file: string; readonly tmp: string};
};

export interface InWorker {
	/** Settles when every record is in `into`. */
	readonly made: Promise<void>;
	/** Settles when the cache is as it should be: true when written by this run, false when read (or not asked for). */
	readonly saved: Promise<boolean>;
}

/**
 * Makes the tenant of `options` on a worker thread and hands its records to `into` as they come. Where this module
 * is (the built bundle or the sources) decides how the worker loads.
 */
export function generateInWorker(options: WorkerTenantOptions, into: ArrivingTenant, workerUrl: URL): InWorker {
	// From the sources (tests, benchmarks under tsx), the worker compiles them with tsx as its parent does.
	const worker = workerUrl.pathname.endsWith('.ts')
		? new Worker(
				`import('tsx/esm/api').then(tsx => { tsx.register(); return import(${JSON.stringify(workerUrl.href)}); })`,
				{eval: true, workerData: options},
			)
		: new Worker(workerUrl, {workerData: options});
	// The demo's emulator ends with the process: the worker must not keep it alive.
	worker.unref();
	const tmp = options.cache?.tmp;
	// A cache written only in part goes with the process, however it ends (cleanup.ts exits through 'exit').
	const removeTmp = (): void => rmSync(tmp!, {force: true});
	if (tmp) process.on('exit', removeTmp);
	let settleSaved: (written: boolean) => void = () => undefined;
	const saved = new Promise<boolean>(resolve => {
		settleSaved = written => {
			if (tmp) process.off('exit', removeTmp);
			resolve(written);
		};
	});
	const made = new Promise<void>((resolve, reject) => {
		worker.on('message', (message: Message) => {
			if (message.kind === 'counts') into.setCounts(message.counts);
			else if (message.kind === 'slice') {
				const {table, records} = JSON.parse(message.text) as {table: Table; records: GraphRecord[]};
				into.add(table, records);
				// The next slice after the event loop's turn: requests and frames between slices, not after all of them.
				setImmediate(() => worker.postMessage('more'));
			} else if (message.kind === 'done') {
				into.finish();
				resolve();
			} else {
				settleSaved(message.written);
				void worker.terminate();
			}
		});
		const fail = (error: unknown): void => {
			into.fail(error);
			reject(error);
			settleSaved(false);
		};
		worker.once('error', fail);
		worker.once('exit', code => fail(new Error(`the tenant's worker stopped (exit code ${code})`)));
	});
	return {made, saved};
}

/**
 * Slices in flight to the receiving thread at most: it asks for each next one after its event loop's turn, so that a
 * flood of messages never holds up its requests (a port's queued messages are handled in one go).
 */
const WINDOW = 2;

async function work(
	options: WorkerTenantOptions,
	post: (m: Message) => void,
	sent: () => Promise<void>,
): Promise<void> {
	const {cache, now: clock, ...key} = options;
	let now = clock;
	let counted = false;
	let given: Counts = {signIns: 0, directoryAudits: 0, provisioning: 0};
	if (cache) {
		const read = await readCache(cache.file, key, dayOf(clock), {
			header: (_, counts) => {
				counted = true;
				post({kind: 'counts', counts});
			},
			slice: async text => {
				post({kind: 'slice', text});
				await sent();
			},
		});
		if (read.complete) {
			post({kind: 'done'});
			post({kind: 'saved', written: false});
			return;
		}
		// The day's tenant, from where its file stopped being right: the same clock, so the same records.
		now = read.now ?? clock;
		given = read.given;
	}
	const tenant = generateTenant({...key, now});
	const counts: Counts = {
		signIns: tenant.signIns.length,
		directoryAudits: tenant.directoryAudits.length,
		provisioning: tenant.provisioning.length,
	};
	if (!counted) post({kind: 'counts', counts});
	const at: Counts = {signIns: 0, directoryAudits: 0, provisioning: 0};
	const members: Buffer[] = [];
	for (const {table, records} of slices(tenant)) {
		const from = at[table];
		at[table] += records.length;
		const text = sliceText(table, records);
		if (cache) members.push(cacheMember(text));
		if (at[table] <= given[table]) continue;
		// What the cache gave already is not sent again.
		post({kind: 'slice', text: from >= given[table] ? text : sliceText(table, records.slice(given[table] - from))});
		await sent();
	}
	post({kind: 'done'});
	if (!cache) return post({kind: 'saved', written: false});
	try {
		await writeCache(cache.file, cache.tmp, key, now, counts, members);
		post({kind: 'saved', written: true});
	} catch {
		// A folder not writable, a full disk: the demo runs without its cache.
		post({kind: 'saved', written: false});
	}
}

if (!isMainThread && parentPort) {
	const port = parentPort;
	let credit = WINDOW;
	let waiting: (() => void) | undefined;
	port.on('message', () => {
		credit++;
		waiting?.();
	});
	/** Waits until the receiver has room for another slice (one just sent). */
	const sent = async (): Promise<void> => {
		credit--;
		while (credit <= 0) await new Promise<void>(resolve => (waiting = resolve));
		waiting = undefined;
	};
	void work(workerData as WorkerTenantOptions, m => port.postMessage(m), sent);
}
