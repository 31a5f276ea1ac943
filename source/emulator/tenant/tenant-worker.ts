/**
 * The demo tenant's records made on a worker thread, so that the thread that draws the TUI (and answers the
 * identity platform's requests) never waits for them: generateTenant's output for the options, sent in slices of a
 * few hundred records (each message a short pause for the receiving thread, not one long one), the three reports in
 * turn and each newest first, so that the first page of any report can be served from the first slices.
 *
 * With a cache (tenant-cache.ts) the records are read from the file made earlier the same day, moved on to this
 * run's clock; else, or from where the file stops being right, they are generated, then written to the file for the
 * next run.
 */
import {isMainThread, parentPort, workerData} from 'node:worker_threads';
import {moduleWorker} from '../module-worker.js';
import {rmSync} from 'node:fs';
import {generateTenant, type GraphRecord} from './tenant.js';
import {
	cacheMember,
	dayOf,
	readCache,
	servedAt,
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
	/** Every record made: the cache file is to be written (the receiver waits for it before its process ends). */
	| {readonly kind: 'writing'}
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
	/**
	 * Lets the records flow past the first few slices: until then the receiving thread parses nothing more (the
	 * demo's TUI starts and signs in meanwhile). Called when records are first read; a generation runs regardless.
	 */
	wanted(): void;
	/**
	 * Settles once a tenant made whole this run is in its cache file, at once when none is written; at most 2 minutes
	 * (about 5 s at rest; a loaded machine took over 30 s, and the next runs would then make the tenant again).
	 */
	saving(): Promise<void>;
	/** No more records wanted (the emulator closes): the worker ends, a cache file it was writing with it. */
	stop(): void;
}

/**
 * Makes the tenant of `options` on a worker thread and hands its records to `into` as they come. Where this module
 * is (the built bundle or the sources) decides how the worker loads.
 */
export function generateInWorker(options: WorkerTenantOptions, into: ArrivingTenant, workerUrl: URL): InWorker {
	const worker = moduleWorker(workerUrl, {tenantWorker: options});
	// The demo's emulator ends with the process: the worker must not keep it alive.
	worker.unref();
	const tmp = options.cache?.tmp;
	// A cache written only in part goes with the process, however it ends (cleanup.ts exits through 'exit').
	const removeTmp = (): void => rmSync(tmp!, {force: true});
	if (tmp) process.on('exit', removeTmp);
	let flowing = false;
	let stopped = false;
	let writing = false;
	let finished = false;
	let savedSeen = false;
	let owed = 0;
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
				if (!flowing) owed++;
				else setImmediate(() => !stopped && worker.postMessage('more'));
			} else if (message.kind === 'done') {
				into.finish();
				resolve();
				finished = true;
				if (savedSeen) void worker.terminate();
			} else if (message.kind === 'writing') writing = true;
			else {
				settleSaved(message.written);
				// Its work is over once the records are all here too.
				savedSeen = true;
				if (finished) void worker.terminate();
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
	return {
		made,
		saved,
		wanted: () => {
			if (flowing || stopped) return;
			flowing = true;
			for (; owed > 0; owed--) worker.postMessage('more');
		},
		saving: async () => {
			if (writing) await Promise.race([saved, new Promise(resolve => setTimeout(resolve, 120_000).unref())]);
		},
		stop: () => {
			stopped = true;
			void worker.terminate();
		},
	};
}

/**
 * Slices in flight to the receiving thread at most: it asks for each next one after its event loop's turn, so that a
 * flood of messages never holds up its requests (a port's queued messages are handled in one go).
 */
const WINDOW = 2;

/** The worker's side of the messages: slices wait in order for the receiver's room, the rest go with them. */
class Outbox {
	private credit = WINDOW;
	private readonly queue: Message[] = [];
	private room: (() => void) | undefined;

	constructor(private readonly post: (m: Message) => void) {}

	/** Slices, the counts and the end of the records: in order, each slice when the receiver has room. */
	send(message: Message): void {
		this.queue.push(message);
		this.pump();
	}

	/** What is about the cache, at once (the receiver may have stopped taking slices). */
	now(message: Message): void {
		this.post(message);
	}

	/** The receiver took a slice and has room for another. */
	more(): void {
		this.credit++;
		this.pump();
	}

	/** Waits until no slice waits to be sent (reading a file no further ahead than the receiver takes it). */
	async drained(): Promise<void> {
		while (this.queue.length > 0) await new Promise<void>(resolve => (this.room = resolve));
	}

	private pump(): void {
		while (this.queue.length > 0 && (this.queue[0]!.kind !== 'slice' || this.credit > 0)) {
			const message = this.queue.shift()!;
			if (message.kind === 'slice') this.credit--;
			this.post(message);
		}
		if (this.queue.length === 0) {
			this.room?.();
			this.room = undefined;
		}
	}
}

async function work(options: WorkerTenantOptions, out: Outbox): Promise<void> {
	const {cache, now: clock, ...key} = options;
	let now = clock;
	let counted = false;
	let given: Counts = {signIns: 0, directoryAudits: 0, provisioning: 0};
	/** A cached tenant's slices moved on to this run's clock (made earlier in the day: tenant-cache.ts servedAt). */
	let served = (text: string): string => text;
	if (cache) {
		const read = await readCache(cache.file, key, dayOf(clock), {
			header: (made, counts) => {
				counted = true;
				served = servedAt(made, clock);
				out.send({kind: 'counts', counts});
			},
			slice: async text => {
				out.send({kind: 'slice', text: served(text)});
				await out.drained();
			},
		});
		if (read.complete) {
			out.send({kind: 'done'});
			out.now({kind: 'saved', written: false});
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
	if (!counted) out.send({kind: 'counts', counts});
	if (cache) out.now({kind: 'writing'});
	const at: Counts = {signIns: 0, directoryAudits: 0, provisioning: 0};
	const members: Buffer[] = [];
	for (const {table, records} of slices(tenant)) {
		const from = at[table];
		at[table] += records.length;
		const text = sliceText(table, records);
		if (cache) members.push(cacheMember(text));
		// What the cache gave already is not sent again.
		if (at[table] > given[table])
			out.send({
				kind: 'slice',
				text: served(from >= given[table] ? text : sliceText(table, records.slice(given[table] - from))),
			});
		// The receiver's requests for more come in between: the first slices go while the rest are made.
		await new Promise(resolve => setImmediate(resolve));
	}
	out.send({kind: 'done'});
	if (!cache) return out.now({kind: 'saved', written: false});
	let written = false;
	try {
		await writeCache(cache.file, cache.tmp, key, now, counts, members);
		written = true;
	} catch {
		// A folder not writable, a full disk: the demo runs without its cache.
	}
	out.now({kind: 'saved', written});
}

// Only in the worker started for it: this module is also loaded, with the emulator, on the demo's emulator thread.
const asked = (workerData as {tenantWorker?: WorkerTenantOptions} | null)?.tenantWorker;
if (!isMainThread && parentPort && asked) {
	const port = parentPort;
	const out = new Outbox(m => port.postMessage(m));
	port.on('message', () => out.more());
	void work(asked, out);
}
