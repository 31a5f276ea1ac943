/**
 * What the service clients share (Graph's and Log Analytics'): a sliding window that keeps to a documented request
 * rate, the step after a failed attempt (give up with the service's own error, or wait: Retry-After, else capped
 * exponential backoff with full jitter), and a sleep an AbortSignal ends.
 */
import {RetriesExhaustedError} from '../graph/errors.js';

export interface RetryInfo {
	readonly attempt: number;
	readonly delayMs: number;
	readonly reason: string;
	readonly url: string;
}

export interface RetryOptions {
	/** Retries per request before giving up. Default 8. */
	readonly maxRetries?: number;
	/** First backoff, doubled each time, capped. Defaults 500 ms and 30 s. */
	readonly baseDelayMs?: number;
	readonly maxDelayMs?: number;
	readonly onRetry?: (info: RetryInfo) => void;
}

/** Why an attempt failed; `cause` is the service's error when it answered one. */
export interface Failure {
	readonly reason: string;
	readonly retryAfterMs?: number;
	readonly cause?: unknown;
}

/**
 * After failed attempt number `attempt`: throws when the retries are used up (the service's own error when
 * `isServiceError` says the cause is one, else RetriesExhaustedError), or waits before the next and says so.
 */
export async function retryOrGiveUp(
	attempt: number,
	failure: Failure,
	options: RetryOptions,
	url: string,
	isServiceError: (cause: unknown) => boolean,
	signal?: AbortSignal,
): Promise<void> {
	if (attempt > (options.maxRetries ?? 8)) {
		if (isServiceError(failure.cause)) throw failure.cause;
		throw new RetriesExhaustedError(`gave up after ${attempt} attempts: ${failure.reason}`, attempt, {
			cause: failure.cause,
		});
	}
	const backoff = Math.min(options.maxDelayMs ?? 30_000, (options.baseDelayMs ?? 500) * 2 ** (attempt - 1));
	const delayMs = failure.retryAfterMs ?? Math.round(Math.random() * backoff);
	options.onRetry?.({attempt, delayMs, reason: failure.reason, url});
	await sleep(delayMs, signal);
}

/** Requests in a sliding window: `take` waits until one more fits, and counts it as leaving then. */
export class RequestWindow {
	private readonly sent: number[] = [];

	constructor(private readonly rate: {readonly requests: number; readonly windowMs: number} | null) {}

	async take(signal?: AbortSignal): Promise<void> {
		const rate = this.rate;
		if (!rate) return;
		for (;;) {
			const now = performance.now();
			while (this.sent.length > 0 && this.sent[0]! <= now - rate.windowMs) this.sent.shift();
			if (this.sent.length < rate.requests) {
				this.sent.push(now);
				return;
			}
			await sleep(this.sent[0]! + rate.windowMs - now + 1, signal);
		}
	}
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
	return new Promise((resolve, reject) => {
		if (signal?.aborted) return reject(signal.reason);
		const timer = setTimeout(() => {
			signal?.removeEventListener('abort', onAbort);
			resolve();
		}, ms);
		const onAbort = (): void => {
			clearTimeout(timer);
			reject(signal!.reason);
		};
		signal?.addEventListener('abort', onAbort, {once: true});
	});
}
