/**
 * Graph GETs with a bearer token: retries 429/503/504, connection resets and unparsable pages (Retry-After, which
 * may be fractional, or capped exponential backoff with full jitter), one silent re-auth on 401, and a limiter that
 * keeps to the documented 5 requests per 10 seconds per app per tenant.
 */
import type {Response} from 'node-fetch';
import type {Network} from '../net/network.js';
import {JsonLayoutError, scanJsonRecords} from '../sources/json-scan.js';
import {GraphError, graphErrorFrom} from './errors.js';
import {RequestWindow, retryOrGiveUp, type Failure, type RetryInfo} from '../net/retry.js';

export {sleep, type RetryInfo} from '../net/retry.js';

export interface Page {
	readonly value: ReadonlyArray<Record<string, unknown>>;
	readonly nextLink?: string;
}

/** A page as Graph sent it: each record's own bytes, in order. */
export interface RawPage {
	readonly records: readonly Buffer[];
	readonly nextLink?: string;
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
	private readonly window: RequestWindow;

	constructor(private readonly options: GraphClientOptions) {
		this.window = new RequestWindow(
			options.rateLimit === undefined ? {requests: 5, windowMs: 10_000} : options.rateLimit,
		);
	}

	async getPage(url: string, signal?: AbortSignal): Promise<Page> {
		const body = await this.get(url, signal);
		const value = body['value'];
		if (!Array.isArray(value)) throw noValueArray();
		const next = body['@odata.nextLink'];
		return {value: value as Array<Record<string, unknown>>, nextLink: typeof next === 'string' ? next : undefined};
	}

	/**
	 * A page as the bytes Graph sent: each record's JSON sliced from the body by the byte scanner as it arrives, never
	 * parsed; the page around the records (its nextLink, that it is whole) is parsed with the records left out. One
	 * copy of the page is held (the body's chunks, which the records' bytes point into), not text, objects and more.
	 */
	getRawPage(url: string, signal?: AbortSignal): Promise<RawPage> {
		return this.request(url, signal, async res => readRawPage(res.body as AsyncIterable<Buffer>));
	}

	async get(url: string, signal?: AbortSignal): Promise<Record<string, unknown>> {
		return this.request(url, signal, async res => {
			const text = await res.text();
			try {
				return JSON.parse(text) as Record<string, unknown>;
			} catch (error) {
				throw new Unparsable(error);
			}
		});
	}

	/** A GET with the retries; `read` takes a 2xx response's body (throwing Unparsable to have it fetched again). */
	private async request<T>(
		url: string,
		signal: AbortSignal | undefined,
		read: (res: Response) => Promise<T>,
	): Promise<T> {
		let reauthed = false;
		let attempt = 0;
		for (;;) {
			signal?.throwIfAborted();
			const token = await this.options.getToken({forceRefresh: false});
			// The limiter counts the moment a request leaves, so nothing runs between its grant and the send.
			await this.limit(signal);
			let failure: Failure;
			try {
				this.options.onRequest?.(url);
				const res = await this.options.network.fetch(url, {
					headers: {authorization: `Bearer ${token}`, accept: 'application/json'},
					signal: signal as never,
				});
				if (res.ok) {
					try {
						return await read(res);
					} catch (error) {
						if (!(error instanceof Unparsable)) throw error;
						failure = {reason: 'unparsable page', cause: error.cause};
					}
				} else if (res.status === 401 && !reauthed) {
					await res.text();
					reauthed = true;
					await this.options.getToken({forceRefresh: true});
					continue;
				} else if (res.status === 429 || res.status === 503 || res.status === 504 || res.status === 502) {
					failure = {
						reason: `HTTP ${res.status}`,
						retryAfterMs: retryAfter(res.headers.get('retry-after')),
						cause: graphErrorFrom(res.status, await res.text(), res.headers),
					};
				} else {
					throw graphErrorFrom(res.status, await res.text(), res.headers);
				}
			} catch (error) {
				if (error instanceof GraphError || signal?.aborted || isSignInError(error)) throw error;
				failure = {reason: (error as Error).message || String(error), cause: error};
			}
			attempt++;
			await retryOrGiveUp(attempt, failure, this.options, url, c => c instanceof GraphError, signal);
		}
	}

	/** Waits until one more request fits in the window. */
	private limit(signal?: AbortSignal): Promise<void> {
		return this.window.take(signal);
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

/** A sign-in that needs a person, or that the identity platform refused: waiting and trying again cannot help. */
function isSignInError(error: unknown): boolean {
	return error instanceof Error && (error.name === 'LoginRequiredError' || error.name === 'AuthFailedError');
}

/** A 2xx body that is not a whole page (cut short, not JSON): fetched again. */
class Unparsable extends Error {
	constructor(cause: unknown) {
		super('unparsable page', {cause});
	}
}

const noValueArray = (): GraphError =>
	new GraphError(200, 'UnexpectedResponse', 'The response has no value array', undefined, undefined, undefined);

/**
 * The records of a page body as their bytes, while it streams in. The page without its records (each one written as
 * 0: `{"@odata.context":…,"value":[0,0],"@odata.nextLink":…}`, a few hundred bytes) goes to JSON.parse, which says
 * whether the page is whole and gives its nextLink.
 */
async function readRawPage(body: AsyncIterable<Buffer>): Promise<RawPage> {
	const chunks: Buffer[] = [];
	async function* kept(): AsyncIterable<Buffer> {
		for await (const chunk of body) {
			chunks.push(chunk);
			yield chunk;
		}
	}
	const records: Buffer[] = [];
	const starts: number[] = [];
	let scan;
	try {
		scan = await scanJsonRecords(kept(), (bytes, offset) => {
			records.push(bytes);
			starts.push(offset);
		});
	} catch (error) {
		// The scanner's grammar errors; a connection lost mid-body is not one (it is retried as it is).
		if (error instanceof JsonLayoutError) throw new Unparsable(error);
		throw error;
	}
	if (scan.cutShort !== undefined) throw new Unparsable(new Error('the page ends inside a record'));
	const outside: Buffer[] = [];
	let chunk = 0;
	let chunkStart = 0;
	/** Appends the body's bytes from `from` to `to` (ascending calls) to `outside`. */
	const take = (from: number, to: number): void => {
		while (chunk < chunks.length && chunkStart + chunks[chunk]!.length <= from) chunkStart += chunks[chunk++]!.length;
		for (let k = chunk, base = chunkStart; k < chunks.length && base < to; base += chunks[k++]!.length) {
			outside.push(chunks[k]!.subarray(Math.max(0, from - base), Math.min(chunks[k]!.length, to - base)));
		}
	};
	let at = 0;
	for (let i = 0; i < records.length; i++) {
		take(at, starts[i]!);
		outside.push(ZERO);
		at = starts[i]! + records[i]!.length;
	}
	take(at, Infinity);
	let page: unknown;
	try {
		page = JSON.parse(Buffer.concat(outside).toString('utf8'));
	} catch (error) {
		throw new Unparsable(error);
	}
	const value = (page as {value?: unknown} | null)?.value;
	if (!Array.isArray(value) || value.length !== records.length) throw noValueArray();
	const next = (page as Record<string, unknown>)['@odata.nextLink'];
	return {records, nextLink: typeof next === 'string' ? next : undefined};
}

const ZERO = Buffer.from('0');
