/**
 * Graph GETs with a bearer token: retries 429/503/504, connection resets and unparsable pages (Retry-After, which
 * may be fractional, or capped exponential backoff with full jitter), one silent re-auth on 401, and a limiter that
 * keeps to the documented 5 requests per 10 seconds per app per tenant.
 */
import type {Readable} from 'node:stream';
import type {Network, StreamedResponse} from '../net/network.js';
import {PageBuffer} from './page-buffer.js';
import {valueRecords} from './page-records.js';
import {GraphError, graphErrorFrom} from './errors.js';
import {RequestWindow, retryOrGiveUp, type Failure, type RetryInfo} from '../net/retry.js';
import {TokenReuse} from '../net/token-reuse.js';

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
	private readonly tokens: TokenReuse;

	constructor(private readonly options: GraphClientOptions) {
		this.tokens = new TokenReuse(options.getToken);
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
	 * A page as the bytes Graph sent: the body read as it streams into one buffer, each record's JSON sliced from it by
	 * the byte scanner, never parsed; the page around the records (its nextLink, that it is whole) is parsed with the
	 * records left out. One copy of the page is held, not text, objects and more.
	 *
	 * Read-ahead: Graph writes `@odata.nextLink` before `value`, so the next page is asked for as soon as this one's
	 * first bytes name it (while this one's megabytes still arrive and the server makes the next). The next
	 * getRawPage of that URL takes that request over; a page whose final nextLink differs drops it. One page ahead of
	 * the page asked for, never a chain.
	 */
	getRawPage(url: string, signal?: AbortSignal, readAhead = true): Promise<RawPage> {
		const ahead = this.ahead;
		this.ahead = undefined;
		// Without read-ahead (the TUI's pages: its store prefetches one page itself, at a reader's pace), no page past it.
		const onNextLink = readAhead ? (link: string): void => this.readAhead(link, signal) : undefined;
		let page: Promise<RawPage>;
		if (ahead?.url === url && !ahead.stopped) page = ahead.adopt(signal, onNextLink ?? (() => undefined));
		else {
			ahead?.drop();
			page = this.request(url, signal, res => readRawPage(res, onNextLink), true);
		}
		return page.then(p => {
			// A guess this page's own nextLink does not confirm (a page asked again came back otherwise): dropped.
			if (this.ahead && this.ahead.url !== p.nextLink) {
				this.ahead.drop();
				this.ahead = undefined;
			}
			return p;
		});
	}

	private ahead: ReadAhead | undefined;

	private readAhead(url: string, signal: AbortSignal | undefined): void {
		if (this.ahead?.url === url) return;
		this.ahead?.drop();
		this.ahead = new ReadAhead(url, signal, (s, onNextLink) =>
			this.request(url, s, res => readRawPage(res, onNextLink), true),
		);
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

	/**
	 * A GET with the retries; `read` takes a 2xx response's body (throwing Unparsable to have it fetched again).
	 * `streamed`: over node:https, the body read as it arrives (Network.stream), else through fetch.
	 */
	private async request<T>(
		url: string,
		signal: AbortSignal | undefined,
		read: (res: Answer) => Promise<T>,
		streamed = false,
	): Promise<T> {
		let reauthed = false;
		let attempt = 0;
		for (;;) {
			signal?.throwIfAborted();
			const token = await this.tokens.token();
			// The limiter counts the moment a request leaves, so nothing runs between its grant and the send.
			await this.limit(signal);
			let failure: Failure;
			try {
				this.options.onRequest?.(url);
				const headers = {authorization: `Bearer ${token}`, accept: 'application/json'};
				const res: Answer = streamed
					? await this.options.network.stream(url, {headers, signal})
					: await this.options.network.fetch(url, {headers, signal: signal as never});
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
					await this.tokens.refresh();
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

/** What request() reads: fetch's Response or Network.stream's. */
export type Answer = Omit<StreamedResponse, 'body'> & {readonly body: unknown};

/**
 * A read-ahead request for the next page, tied to the signal of the page that named it until a getRawPage takes it
 * over; then the nextLink it names (seen already or still to come) is read ahead in turn.
 */
class ReadAhead {
	readonly page: Promise<RawPage>;
	private readonly controller = new AbortController();
	private unlink: () => void;
	private seen: string | undefined;
	private then: ((link: string) => void) | undefined;

	constructor(
		readonly url: string,
		signal: AbortSignal | undefined,
		fetch: (signal: AbortSignal, onNextLink: (link: string) => void) => Promise<RawPage>,
	) {
		this.unlink = this.follow(signal);
		this.page = fetch(this.controller.signal, link => {
			this.seen = link;
			this.then?.(link);
		});
		this.page.catch(() => undefined);
	}

	/** The page, under the caller's own signal from now on. */
	adopt(signal: AbortSignal | undefined, onNextLink: (link: string) => void): Promise<RawPage> {
		this.unlink();
		this.unlink = this.follow(signal);
		this.then = onNextLink;
		if (this.seen !== undefined) onNextLink(this.seen);
		return this.page.finally(() => this.unlink());
	}

	/** Aborted before anyone took it over (its first caller stopped): not to be taken over. */
	get stopped(): boolean {
		return this.controller.signal.aborted;
	}

	drop(): void {
		this.unlink();
		this.controller.abort(new Error('read-ahead not needed'));
	}

	private follow(signal: AbortSignal | undefined): () => void {
		if (!signal) return () => undefined;
		const stop = (): void => this.controller.abort(signal.reason);
		if (signal.aborted) stop();
		signal.addEventListener('abort', stop, {once: true});
		return () => signal.removeEventListener('abort', stop);
	}
}

/**
 * A page body's records as their bytes. The body is copied as it arrives into one buffer (of its content-length when
 * known): the socket's 16 kB chunks die young instead of being kept until the page is written, which cost a full
 * garbage collection per page. The nextLink, when Graph writes it before `value` (it does), goes to `onNextLink` as
 * soon as it has come. Then rawPageOf.
 */
export async function readRawPage(res: Answer, onNextLink?: (link: string) => void): Promise<RawPage> {
	const body = res.body as Readable;
	// Outside malloc, whose main heap kept the pages' megabytes once freed (page-buffer.ts).
	const buf = new PageBuffer(res.length ?? 1 << 20);
	let head: boolean = onNextLink !== undefined;
	await new Promise<void>((resolve, reject) => {
		body.on('data', (chunk: Buffer) => {
			buf.append(chunk);
			if (head) {
				const link = headNextLink(buf.bytes, buf.filled);
				if (link !== null) {
					head = false;
					if (link !== undefined) onNextLink!(link);
				}
			}
		});
		body.once('end', resolve);
		body.once('error', reject);
	});
	return rawPageOf(buf.bytes);
}

/**
 * A page body as its records' bytes and its nextLink. The records are sliced from it (page-records.ts); the page
 * without them (each written as 0: `{"@odata.context":…,"value":[0,0],"@odata.nextLink":…}`, a few hundred bytes)
 * goes to JSON.parse, which says whether the page is whole and gives its nextLink. A body that is not a whole page
 * (cut short, not JSON) throws Unparsable (fetched again); one whose `value` holds anything but records, a GraphError.
 */
export function rawPageOf(page: Buffer): RawPage {
	const {records, starts} = valueRecords(page);
	const outside: Buffer[] = [];
	let at = 0;
	for (let i = 0; i < records.length; i++) {
		outside.push(page.subarray(at, starts[i]!), ZERO);
		at = starts[i]! + records[i]!.length;
	}
	outside.push(page.subarray(at));
	let parsed: unknown;
	try {
		parsed = JSON.parse(Buffer.concat(outside).toString('utf8'));
	} catch (error) {
		throw new Unparsable(error);
	}
	const value = (parsed as {value?: unknown} | null)?.value;
	// Each record sliced is a 0 here, and nothing else is: the slices were exactly the page's records.
	if (!Array.isArray(value) || value.length !== records.length || !value.every(v => v === 0)) throw noValueArray();
	const next = (parsed as Record<string, unknown>)['@odata.nextLink'];
	return {records, nextLink: typeof next === 'string' ? next : undefined};
}

/**
 * The `@odata.nextLink` of a page from its first bytes, when it comes before `value`: the string, or undefined when
 * the page's members before `value` hold none (or are not plain strings: no guess then), or null when more bytes
 * are needed. Only a guess to ask early: the parsed page's own nextLink decides.
 */
export function headNextLink(buf: Buffer, filled: number): string | null | undefined {
	const limit = Math.min(filled, 1 << 16);
	let i = 0;
	const space = (): void => {
		while (i < limit && (buf[i] === 32 || buf[i] === 10 || buf[i] === 13 || buf[i] === 9)) i++;
	};
	/** A JSON string starting at i (a quote), decoded; null when it runs past what has come. */
	const string = (): string | null | undefined => {
		let j = i + 1;
		for (; j < limit; j++) {
			if (buf[j] === 92) j++;
			else if (buf[j] === 34) break;
		}
		if (j >= limit) return null;
		try {
			const text = JSON.parse(buf.toString('utf8', i, j + 1)) as string;
			i = j + 1;
			return text;
		} catch {
			return undefined;
		}
	};
	if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) i = 3;
	space();
	if (i >= limit) return filled > limit ? undefined : null;
	if (buf[i] !== 123) return undefined;
	i++;
	for (;;) {
		space();
		if (i >= limit) return filled > limit ? undefined : null;
		if (buf[i] !== 34) return undefined;
		const key = string();
		if (typeof key !== 'string') return filled > limit ? undefined : key;
		space();
		if (i >= limit) return filled > limit ? undefined : null;
		if (buf[i] !== 58 || key === 'value') return undefined;
		i++;
		space();
		if (i >= limit) return filled > limit ? undefined : null;
		if (buf[i] !== 34) return undefined;
		const value = string();
		if (typeof value !== 'string') return filled > limit ? undefined : value;
		if (key === '@odata.nextLink') return value;
		space();
		if (i >= limit) return filled > limit ? undefined : null;
		if (buf[i] !== 44) return undefined;
		i++;
	}
}

const ZERO = Buffer.from('0');
