/**
 * Graph GETs with a bearer token: retries 429/503/504, connection resets and unparsable pages (Retry-After, which
 * may be fractional, or capped exponential backoff with full jitter), one silent re-auth on 401, and a limiter that
 * keeps to the documented 5 requests per 10 seconds per app per tenant.
 */
import type {Network} from '../net/network.js';
import {GraphError, RetriesExhaustedError, graphErrorFrom} from './errors.js';

export interface Page {
	readonly value: ReadonlyArray<Record<string, unknown>>;
	readonly nextLink?: string;
}

export interface RetryInfo {
	readonly attempt: number;
	readonly delayMs: number;
	readonly reason: string;
	readonly url: string;
}

export interface GraphClientOptions {
	readonly network: Network;
	/** A token; with forceRefresh, a new one (after a 401). */
	readonly getToken: (options: {readonly forceRefresh: boolean}) => Promise<string>;
	/** Retries per request before giving up. Default 8. */
	readonly maxRetries?: number;
	/** First backoff, doubled each time, capped. Defaults 500 ms and 30 s. */
	readonly baseDelayMs?: number;
	readonly maxDelayMs?: number;
	/** Requests per window. Default 5 per 10,000 ms (graph-api.md §8). `null` turns the limiter off. */
	readonly rateLimit?: {readonly requests: number; readonly windowMs: number} | null;
	readonly onRetry?: (info: RetryInfo) => void;
	readonly onRequest?: (url: string) => void;
}

export class GraphClient {
	private readonly sent: number[] = [];

	constructor(private readonly options: GraphClientOptions) {}

	async getPage(url: string, signal?: AbortSignal): Promise<Page> {
		const body = await this.get(url, signal);
		const value = body['value'];
		if (!Array.isArray(value))
			throw new GraphError(
				200,
				'UnexpectedResponse',
				'The response has no value array',
				undefined,
				undefined,
				undefined,
			);
		const next = body['@odata.nextLink'];
		return {value: value as Array<Record<string, unknown>>, nextLink: typeof next === 'string' ? next : undefined};
	}

	async get(url: string, signal?: AbortSignal): Promise<Record<string, unknown>> {
		const max = this.options.maxRetries ?? 8;
		let reauthed = false;
		let attempt = 0;
		for (;;) {
			signal?.throwIfAborted();
			const token = await this.options.getToken({forceRefresh: false});
			// The limiter counts the moment a request leaves, so nothing runs between its grant and the send.
			await this.limit(signal);
			let failure: {reason: string; retryAfterMs?: number; cause?: unknown};
			try {
				this.options.onRequest?.(url);
				const res = await this.options.network.fetch(url, {
					headers: {authorization: `Bearer ${token}`, accept: 'application/json'},
					signal: signal as never,
				});
				const text = await res.text();
				if (res.ok) {
					try {
						return JSON.parse(text) as Record<string, unknown>;
					} catch (error) {
						failure = {reason: 'unparsable page', cause: error};
					}
				} else if (res.status === 401 && !reauthed) {
					reauthed = true;
					await this.options.getToken({forceRefresh: true});
					continue;
				} else if (res.status === 429 || res.status === 503 || res.status === 504 || res.status === 502) {
					failure = {
						reason: `HTTP ${res.status}`,
						retryAfterMs: retryAfter(res.headers.get('retry-after')),
						cause: graphErrorFrom(res.status, text, res.headers),
					};
				} else {
					throw graphErrorFrom(res.status, text, res.headers);
				}
			} catch (error) {
				if (error instanceof GraphError || signal?.aborted || isSignInError(error)) throw error;
				failure = {reason: (error as Error).message || String(error), cause: error};
			}
			attempt++;
			if (attempt > max) {
				if (failure.cause instanceof GraphError) throw failure.cause;
				throw new RetriesExhaustedError(`gave up after ${attempt} attempts: ${failure.reason}`, attempt, {
					cause: failure.cause,
				});
			}
			const backoff = Math.min(
				this.options.maxDelayMs ?? 30_000,
				(this.options.baseDelayMs ?? 500) * 2 ** (attempt - 1),
			);
			const delayMs = failure.retryAfterMs ?? Math.round(Math.random() * backoff);
			this.options.onRetry?.({attempt, delayMs, reason: failure.reason, url});
			await sleep(delayMs, signal);
		}
	}

	/** Waits until one more request fits in the window. */
	private async limit(signal?: AbortSignal): Promise<void> {
		const rate = this.options.rateLimit === undefined ? {requests: 5, windowMs: 10_000} : this.options.rateLimit;
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

/** Retry-After in seconds (fractional allowed, as Graph sends `2.128`) or an HTTP date; ms. */
export function retryAfter(header: string | null): number | undefined {
	if (!header) return undefined;
	const seconds = Number(header.trim());
	if (Number.isFinite(seconds) && seconds >= 0) return Math.min(Math.round(seconds * 1000), 300_000);
	const date = Date.parse(header);
	return Number.isNaN(date) ? undefined : Math.max(0, Math.min(date - Date.now(), 300_000));
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

/** A sign-in that needs a person, or that the identity platform refused: waiting and trying again cannot help. */
function isSignInError(error: unknown): boolean {
	return error instanceof Error && (error.name === 'LoginRequiredError' || error.name === 'AuthFailedError');
}
