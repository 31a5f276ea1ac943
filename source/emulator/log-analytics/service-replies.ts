/** The query API's replies: a status, a JSON body, headers; the documented error bodies and the 429. */
import type {IncomingMessage} from 'node:http';

export interface Reply {
	readonly status: number;
	readonly body?: unknown;
	/** The body as text when it is written already (JSON.stringify of `body`). */
	readonly text?: string;
	readonly headers?: Readonly<Record<string, string>>;
}

export function laError(status: number, code: string, message: string, innererror?: unknown): Reply {
	return {status, body: {error: {message, code, ...(innererror ? {innererror} : {})}}};
}

export function throttled(
	retryAfter: string,
	message = 'Too many requests: the limit is 200 requests per 30 seconds per user.',
): Reply {
	return {...laError(429, 'ThrottledError', message), headers: {'retry-after': retryAfter}};
}

/** A request header's first value. */
export function header(req: IncomingMessage, name: string): string | undefined {
	const v = req.headers[name];
	return Array.isArray(v) ? v[0] : v;
}
