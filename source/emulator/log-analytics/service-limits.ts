/** The query API's limits per caller: its settings, 200 requests per 30 s, and 5 queries at once with a queue. */
import type {TokenClaims} from '../identity/tokens.js';
import {throttled, type Reply} from './service-replies.js';

export interface LogAnalyticsSettings {
	/** Rows per query before the result is cut with a PartialError. Documented: 500,000. */
	maxRows: number;
	/** Bytes of rows (as JSON) per query before the result is cut with a PartialError. About 64 MB. */
	maxBytes: number;
	/** Requests per caller in `rateWindowMs`: 200 in 30 s. */
	rateLimit: number;
	rateWindowMs: number;
	/** Queries one caller runs at once (5); more wait in a queue of at most `queueLimit` for `queueTimeoutMs`. */
	concurrency: number;
	queueLimit: number;
	queueTimeoutMs: number;
	/** Who holds a Reader role on the workspace (the Data.Read permission is checked apart). */
	isReader: (claims: TokenClaims) => boolean;
	/** Every Nth query answers its rows with a PartialError (a fault knob). 0: off. */
	partialEvery: number;
	/** Every Nth query is refused as the 5-at-once limit refuses one (429, its queue full). A fault knob. 0: off. */
	busyEvery: number;
}

export function defaultSettings(): LogAnalyticsSettings {
	return {
		maxRows: 500_000,
		maxBytes: 64_000_000,
		rateLimit: 200,
		rateWindowMs: 30_000,
		concurrency: 5,
		queueLimit: 200,
		queueTimeoutMs: 180_000,
		// Users with a directory role (the demo's admins and report readers) and every app hold Reader.
		isReader: claims => claims.idtyp === 'app' || (Array.isArray(claims['wids']) && claims['wids'].length > 0),
		partialEvery: 0,
		busyEvery: 0,
	};
}

/** Each caller's request window and query slots, under the service's (mutable) settings. */
export class CallerLimits {
	private readonly windows = new Map<string, number[]>();
	private readonly running = new Map<string, number>();
	private readonly queues = new Map<string, Array<() => void>>();

	constructor(private readonly settings: LogAnalyticsSettings) {}

	/** 200 requests per 30 s per caller (sliding window). */
	rate(caller: string): Reply | undefined {
		const now = Date.now();
		const window = (this.windows.get(caller) ?? []).filter(t => t > now - this.settings.rateWindowMs);
		if (window.length >= this.settings.rateLimit) {
			this.windows.set(caller, window);
			return throttled(String(Math.max(1, Math.ceil((window[0]! + this.settings.rateWindowMs - now) / 1000))));
		}
		window.push(now);
		this.windows.set(caller, window);
		return undefined;
	}

	/** A query slot of the caller's five; undefined when the queue is full or the wait ran out (then 429). */
	acquire(caller: string): Promise<(() => void) | undefined> {
		const release = () => {
			const next = this.queues.get(caller)?.shift();
			if (next) next();
			else this.running.set(caller, (this.running.get(caller) ?? 1) - 1);
		};
		if ((this.running.get(caller) ?? 0) < this.settings.concurrency) {
			this.running.set(caller, (this.running.get(caller) ?? 0) + 1);
			return Promise.resolve(release);
		}
		const queue = this.queues.get(caller) ?? [];
		this.queues.set(caller, queue);
		if (queue.length >= this.settings.queueLimit) return Promise.resolve(undefined);
		return new Promise(resolve => {
			const go = () => {
				clearTimeout(timer);
				resolve(release);
			};
			const timer = setTimeout(() => {
				const i = queue.indexOf(go);
				if (i >= 0) queue.splice(i, 1);
				resolve(undefined);
			}, this.settings.queueTimeoutMs);
			queue.push(go);
		});
	}
}
