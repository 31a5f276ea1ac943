/**
 * The Log Analytics query API (shared/log-analytics.md §1): `POST {base}/v1/workspaces/{id}/query` with
 * `{query, timespan}` and a bearer token for the query host. Retries 429, 502, 503, 504, resets and unparsable
 * answers (Retry-After, else capped exponential backoff with full jitter), one forced token refresh on 401, and a
 * limiter that keeps to the documented 200 requests per 30 s and 5 queries at once per user (§1.5).
 * Other failures are a LogAnalyticsError: the status, the service's code and one line with what to do.
 */
import type {Network, StreamedResponse} from './network.js';
import {retryAfter} from '../graph/client.js';
import {RequestWindow, retryOrGiveUp, type Failure, type RetryInfo} from './retry.js';
import type {Readable} from 'node:stream';
import {LaResponseError, QueryAnswer, laErrorLine, queryAnswerOf} from '../query/kql-response.js';
import {TokenReuse} from './token-reuse.js';

export interface LogAnalyticsClientOptions {
	readonly network: Network;
	/** The query host, e.g. `https://api.loganalytics.io` (or the emulator's origin). */
	readonly base: string;
	/** A token for the query host; with forceRefresh, a new one (after a 401). */
	readonly getToken: (options: {readonly forceRefresh: boolean}) => Promise<string>;
	/** Retries per request before giving up. Default 8. */
	readonly maxRetries?: number;
	/** First backoff, doubled each time, capped. Defaults 500 ms and 30 s. */
	readonly baseDelayMs?: number;
	readonly maxDelayMs?: number;
	/** Requests per window: default the documented 200 per 30,000 ms. `null` turns it off. */
	readonly rateLimit?: {readonly requests: number; readonly windowMs: number} | null;
	/** Queries in flight at once: default the documented 5. */
	readonly concurrency?: number;
	/** `Prefer: wait=N`: the server's time limit for a query (default 180 s, the service's own). */
	readonly waitSeconds?: number;
	readonly onRetry?: (info: RetryInfo) => void;
}

export interface WorkspaceQuery {
	readonly query: string;
	/** ISO 8601 `start/end` or a duration; absent: all the data the workspace holds. */
	readonly timespan?: string;
}

/** A failed query: the HTTP status, the service's error code, and one line (laErrorLine) for a terminal. */
export class LogAnalyticsError extends Error {
	override readonly name = 'LogAnalyticsError';
	constructor(
		readonly status: number,
		readonly code: string,
		readonly body: unknown,
		/** The KQL sent: a syntax error's position is shown as the text there. */
		query?: string,
	) {
		super(laErrorLine(status, body, query));
	}

	/** Asked by the store (SourceError): the status bar's line. */
	oneLine(): string {
		return this.message;
	}

	/** A 401 even after a fresh token: the session is over, and the TUI offers a new sign-in (SourceError). */
	get needsSignIn(): boolean {
		return this.status === 401;
	}
}

const DEFAULT_RATE = {requests: 200, windowMs: 30_000};

export class LogAnalyticsClient {
	private readonly window: RequestWindow;
	private running = 0;
	private readonly waiting: Array<() => void> = [];

	private readonly tokens: TokenReuse;

	constructor(private readonly options: LogAnalyticsClientOptions) {
		this.tokens = new TokenReuse(options.getToken);
		this.window = new RequestWindow(options.rateLimit === undefined ? DEFAULT_RATE : options.rateLimit);
	}

	/** The query URL of a workspace. */
	url(workspace: string): string {
		return `${this.options.base.replace(/\/$/, '')}/v1/workspaces/${encodeURIComponent(workspace)}/query`;
	}

	/** Runs one query and returns the parsed 200 body (tables, and `error` for a partial result). */
	async query(workspace: string, request: WorkspaceQuery, signal?: AbortSignal): Promise<Record<string, unknown>> {
		return (await this.answer(workspace, request, signal)).parsed();
	}

	/**
	 * Runs one query and returns its 200 body as a QueryAnswer: the bytes as they came in one Buffer, the rows of its
	 * first table parsed only as they are read (a page of 4,000 rows is 20 MB of bytes, and ten times that as objects).
	 */
	async answer(workspace: string, request: WorkspaceQuery, signal?: AbortSignal): Promise<QueryAnswer> {
		await this.slot(signal);
		try {
			return await this.send(workspace, request, signal);
		} finally {
			this.release();
		}
	}

	private async send(workspace: string, request: WorkspaceQuery, signal?: AbortSignal): Promise<QueryAnswer> {
		const url = this.url(workspace);
		const body = Buffer.from(
			JSON.stringify(request.timespan ? {query: request.query, timespan: request.timespan} : {query: request.query}),
		);
		let reauthed = false;
		let attempt = 0;
		for (;;) {
			signal?.throwIfAborted();
			const token = await this.tokens.token();
			await this.window.take(signal);
			let failure: Failure;
			try {
				// Over node:https straight (Network.stream), as Graph's pages are: node-fetch's streams cost as much CPU as
				// the bytes of a page of thousands of rows.
				const res = await this.options.network.stream(url, {
					method: 'POST',
					headers: {
						authorization: `Bearer ${token}`,
						accept: 'application/json',
						'content-type': 'application/json; charset=utf-8',
						prefer: `wait=${this.options.waitSeconds ?? 180}`,
					},
					body,
					signal,
				});
				const answer = res.ok ? await bodyBytes(res).then(answerOrFailure) : undefined;
				const text = res.ok ? '' : await res.text();
				const parsed = parse(text);
				if (answer instanceof QueryAnswer) return answer;
				// A 200 is a JSON object with tables; anything else (cut short, empty) is asked again.
				if (answer) failure = answer;
				else if (res.status === 401 && !reauthed) {
					reauthed = true;
					await this.tokens.refresh();
					continue;
				} else if (res.status === 429 || res.status === 502 || res.status === 503 || res.status === 504) {
					failure = {
						reason: `HTTP ${res.status}`,
						retryAfterMs: retryAfter(res.headers.get('retry-after')),
						cause: laError(res.status, parsed, text, request.query),
					};
				} else {
					throw laError(res.status, parsed, text, request.query);
				}
			} catch (error) {
				if (error instanceof LogAnalyticsError || signal?.aborted || isSignInError(error)) throw error;
				failure = {reason: (error as Error).message || String(error), cause: error};
			}
			attempt++;
			await retryOrGiveUp(attempt, failure, this.options, url, c => c instanceof LogAnalyticsError, signal);
		}
	}

	/** One of the queries allowed at once (5), in order of asking. */
	private async slot(signal?: AbortSignal): Promise<void> {
		const most = this.options.concurrency ?? 5;
		while (this.running >= most) {
			signal?.throwIfAborted();
			await new Promise<void>(resolve => this.waiting.push(resolve));
		}
		this.running++;
	}

	private release(): void {
		this.running--;
		this.waiting.shift()?.();
	}
}

/** A 200's answer, or why it is asked again (a body that is not a whole JSON object: cut short, empty). */
function answerOrFailure(bytes: Buffer): QueryAnswer | Failure {
	try {
		return queryAnswerOf(bytes);
	} catch (error) {
		if (error instanceof LaResponseError) return {reason: error.message};
		throw error;
	}
}

/** A body's bytes in one Buffer: of its content-length when it says one, else joined at its end. */
async function bodyBytes(res: StreamedResponse): Promise<Buffer> {
	const body: Readable = res.body;
	if (res.length === undefined) {
		const parts: Buffer[] = [];
		for await (const part of body) parts.push(part as Buffer);
		return Buffer.concat(parts);
	}
	const bytes = Buffer.allocUnsafeSlow(res.length);
	let filled = 0;
	for await (const part of body) filled += (part as Buffer).copy(bytes, filled);
	return bytes.subarray(0, filled);
}

function parse(text: string): unknown {
	try {
		return text === '' ? undefined : (JSON.parse(text) as unknown);
	} catch {
		return undefined;
	}
}

function laError(status: number, parsed: unknown, text: string, query: string): LogAnalyticsError {
	const body = parsed ?? (text ? {error: {message: text.slice(0, 200)}} : undefined);
	const error = (body as {error?: {code?: unknown}} | undefined)?.error;
	return new LogAnalyticsError(status, typeof error?.code === 'string' ? error.code : `HTTP${status}`, body, query);
}

/** A sign-in that needs a person, or that the identity platform refused: waiting cannot help. */
function isSignInError(error: unknown): boolean {
	return error instanceof Error && (error.name === 'LoginRequiredError' || error.name === 'AuthFailedError');
}
