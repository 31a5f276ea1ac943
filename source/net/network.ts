/**
 * The one network module: node-fetch with an https.Agent that trusts extra CA certificates, honours
 * HTTPS_PROXY/NO_PROXY (https-proxy-agent, CONNECT tunnels) and times out. MSAL uses it as its
 * `system.networkClient`; the Graph client uses `fetch` from here. Nothing else opens connections.
 */
import {Agent as HttpsAgent, request as httpsRequest} from 'node:https';
import {readFileSync} from 'node:fs';
import type {Readable} from 'node:stream';
import {createBrotliDecompress, createGunzip, createInflate} from 'node:zlib';
import {createSecureContext, rootCertificates} from 'node:tls';
import fetch, {type RequestInit, type Response} from 'node-fetch';
import {HttpsProxyAgent} from 'https-proxy-agent';
import type {INetworkModule, NetworkRequestOptions, NetworkResponse} from '@azure/msal-node';

export interface NetworkOptions {
	/** Extra CA certificates (PEM text), added to Node's default roots. */
	readonly ca?: readonly string[];
	/** Trust `ca` alone, not Node's roots too (the demo, which talks to its own emulator only). */
	readonly caOnly?: boolean;
	/** Files with extra CA certificates (PEM), e.g. from `--ca-file` or NODE_EXTRA_CA_CERTS. */
	readonly caFiles?: readonly string[];
	/** Per-request timeout in ms (headers and body). Default 60 s. */
	readonly timeoutMs?: number;
	/** The environment to read HTTPS_PROXY/NO_PROXY from. Default: process.env. */
	readonly env?: Readonly<Record<string, string | undefined>>;
}

/** A response whose body is read as it arrives (Network.stream). */
export interface StreamedResponse {
	readonly status: number;
	readonly ok: boolean;
	readonly headers: {get(name: string): string | null};
	/** The body, decoded when the server compressed it (gzip, deflate, br); read it or call text(). */
	readonly body: Readable;
	/** The `content-length` of an uncompressed body: the bytes the body will hold. */
	readonly length?: number;
	text(): Promise<string>;
}

export interface Network {
	fetch(url: string, init?: RequestInit & {readonly timeoutMs?: number}): Promise<Response>;
	/**
	 * A GET (or a POST of `body`) straight over node:https (the agent, proxy and timeout of fetch), for big bodies read
	 * as they stream: no node-fetch stream in between, which cost as much CPU as the bytes themselves. Graph's pages
	 * and Log Analytics' queries both come this way.
	 */
	stream(
		url: string,
		init?: {
			readonly method?: 'GET' | 'POST';
			readonly headers?: Readonly<Record<string, string>>;
			/** The request body (a POST's): sent with its content-length. */
			readonly body?: Buffer;
			readonly signal?: AbortSignal;
			readonly timeoutMs?: number;
		},
	): Promise<StreamedResponse>;
	readonly msal: INetworkModule;
	/** The proxy URL in use for a given target, if any (for `whoami` and diagnostics). */
	proxyFor(url: string): string | undefined;
	close(): void;
}

export class NetworkError extends Error {
	constructor(
		message: string,
		readonly code: string | undefined,
		options?: {cause?: unknown},
	) {
		super(message, options);
	}
}

export function createNetwork(options: NetworkOptions = {}): Network {
	const env = options.env ?? process.env;
	const ca = [...(options.ca ?? []), ...(options.caFiles ?? []).map(f => readFileSync(f, 'utf8'))];
	const trusted = ca.length > 0 ? (options.caOnly ? ca : [...rootCertificates, ...ca]) : undefined;
	// One TLS context for every connection: given `ca`, each new connection built its own from the certificates (about
	// 20 ms with Node's roots at low load, 60 ms under load).
	const direct = new HttpsAgent({
		keepAlive: true,
		maxSockets: 16,
		...(trusted ? {secureContext: createSecureContext({ca: trusted})} : {}),
	});
	const proxyUrl = env['HTTPS_PROXY'] ?? env['https_proxy'] ?? env['HTTP_PROXY'] ?? env['http_proxy'];
	const noProxy = (env['NO_PROXY'] ?? env['no_proxy'] ?? '')
		.split(',')
		.map(s => s.trim().toLowerCase())
		.filter(Boolean);
	const proxied = proxyUrl ? new TrustingProxyAgent(proxyUrl, trusted) : undefined;
	const timeoutMs = options.timeoutMs ?? 60_000;

	const proxyFor = (url: string): string | undefined => {
		if (!proxied || !proxyUrl) return undefined;
		const {hostname, port} = new URL(url);
		return bypass(hostname.replace(/^\[|\]$/g, '').toLowerCase(), port, noProxy) ? undefined : proxyUrl;
	};

	const doFetch = async (url: string, init: RequestInit & {readonly timeoutMs?: number} = {}): Promise<Response> => {
		const controller = new AbortController();
		const outer = init.signal as AbortSignal | null | undefined;
		const onAbort = (): void => controller.abort(outer?.reason);
		if (outer?.aborted) controller.abort(outer.reason);
		outer?.addEventListener('abort', onAbort, {once: true});
		const timer = setTimeout(
			() => controller.abort(new NetworkError(`timed out after ${init.timeoutMs ?? timeoutMs} ms`, 'ETIMEDOUT')),
			init.timeoutMs ?? timeoutMs,
		);
		try {
			const response = await fetch(url, {
				...init,
				signal: controller.signal as RequestInit['signal'],
				agent: proxyFor(url) ? proxied : direct,
			});
			// Keep the timer running while the body is read (callers read it right away, as text or as a stream).
			const done = (): void => {
				clearTimeout(timer);
				outer?.removeEventListener('abort', onAbort);
			};
			response.body?.once('close', done);
			const text = response.text.bind(response);
			response.text = async () => {
				try {
					return await text();
				} finally {
					done();
				}
			};
			return response;
		} catch (error) {
			clearTimeout(timer);
			outer?.removeEventListener('abort', onAbort);
			throw toNetworkError(error, controller.signal);
		}
	};

	const stream: Network['stream'] = (url, init = {}) =>
		new Promise<StreamedResponse>((resolve, reject) => {
			const ms = init.timeoutMs ?? timeoutMs;
			const outer = init.signal;
			let settled = false;
			const fail = (error: unknown): void => {
				done();
				if (!settled) {
					settled = true;
					reject(toNetworkError(error, outer));
				}
			};
			// Headers and body within the timeout, as fetch does; an abort ends the request and the body.
			let body: Readable | undefined;
			const end = (error: Error): void => {
				body?.destroy(error);
				req.destroy(error);
			};
			const timer = setTimeout(() => end(new NetworkError(`timed out after ${ms} ms`, 'ETIMEDOUT')), ms);
			const onAbort = (): void => end(outer?.reason instanceof Error ? outer.reason : new Error('aborted'));
			const done = (): void => {
				clearTimeout(timer);
				outer?.removeEventListener('abort', onAbort);
			};
			const req = httpsRequest(
				url,
				{
					method: init.method ?? 'GET',
					agent: proxyFor(url) ? proxied : direct,
					// As fetch asks: Graph compresses pages when told it may (fewer bytes on a slow link).
					headers: {
						'accept-encoding': 'gzip, deflate, br',
						...init.headers,
						...(init.body ? {'content-length': String(init.body.length)} : {}),
					},
				},
				res => {
					const encoding = (res.headers['content-encoding'] ?? '').trim().toLowerCase();
					const decoder =
						encoding === 'gzip' || encoding === 'x-gzip'
							? createGunzip()
							: encoding === 'deflate'
								? createInflate()
								: encoding === 'br'
									? createBrotliDecompress()
									: undefined;
					const decoded: Readable = decoder ? res.pipe(decoder) : res;
					body = decoded;
					if (decoder) res.on('error', error => decoder.destroy(error));
					// A body cut short (the connection lost before its content-length) is an error, never an end.
					const cut = (): void => {
						if (!res.complete) decoded.destroy(new NetworkError('the connection closed mid-body', 'ECONNRESET'));
					};
					res.on('aborted', cut);
					res.on('close', cut);
					decoded.once('close', done);
					decoded.on('error', () => done());
					const status = res.statusCode ?? 0;
					const length = Number(res.headers['content-length']);
					settled = true;
					resolve({
						status,
						ok: status >= 200 && status < 300,
						headers: {
							get: name => {
								const v = res.headers[name.toLowerCase()];
								return v === undefined ? null : Array.isArray(v) ? v.join(', ') : v;
							},
						},
						body: decoded,
						length: !decoder && Number.isSafeInteger(length) && length >= 0 ? length : undefined,
						text: async () => {
							const parts: Buffer[] = [];
							try {
								for await (const part of decoded) parts.push(part as Buffer);
							} catch (error) {
								throw toNetworkError(error, outer);
							}
							return Buffer.concat(parts).toString('utf8');
						},
					});
				},
			);
			req.on('error', fail);
			if (outer?.aborted) onAbort();
			else outer?.addEventListener('abort', onAbort, {once: true});
			req.end(init.body);
		});

	const send = async <T>(
		method: 'GET' | 'POST',
		url: string,
		opts?: NetworkRequestOptions,
		timeout?: number,
	): Promise<NetworkResponse<T>> => {
		const response = await doFetch(url, {method, headers: opts?.headers, body: opts?.body, timeoutMs: timeout});
		const text = await response.text();
		const headers: Record<string, string> = {};
		response.headers.forEach((value, key) => {
			headers[key.toLowerCase()] = value;
		});
		let body: unknown;
		try {
			body = text ? JSON.parse(text) : {};
		} catch {
			body = {error: 'invalid_response', error_description: text.slice(0, 200)};
		}
		return {status: response.status, headers, body: body as T};
	};

	return {
		fetch: doFetch,
		stream,
		msal: {
			sendGetRequestAsync: (url, opts, timeout) => send('GET', url, opts, timeout),
			sendPostRequestAsync: (url, opts) => send('POST', url, opts),
		},
		proxyFor,
		close() {
			direct.destroy();
			proxied?.destroy();
		},
	};
}

/**
 * https-proxy-agent upgrades the tunnel to TLS with the request's own options, which node-fetch fills without our
 * CA list: this passes the extra CAs to that upgrade, so a proxied emulator (or a corporate CA) is trusted too.
 */
class TrustingProxyAgent extends HttpsProxyAgent<string> {
	constructor(
		proxy: string,
		private readonly ca: readonly string[] | undefined,
	) {
		super(proxy, {keepAlive: true});
	}

	override connect(
		req: Parameters<HttpsProxyAgent<string>['connect']>[0],
		opts: Parameters<HttpsProxyAgent<string>['connect']>[1],
	): ReturnType<HttpsProxyAgent<string>['connect']> {
		return super.connect(req, this.ca ? ({...opts, ca: [...this.ca]} as typeof opts) : opts);
	}
}

/** NO_PROXY matching as curl does it: `*`, exact host, domain suffix (`.corp` or `corp`), optional `:port`. */
export function bypass(host: string, port: string, noProxy: readonly string[]): boolean {
	for (const entry of noProxy) {
		if (entry === '*') return true;
		const [name, entryPort] = entry.split(/:(?=\d+$)/) as [string, string | undefined];
		if (entryPort && entryPort !== port) continue;
		const bare = name.replace(/^\*?\./, '');
		if (host === bare || host.endsWith(`.${bare}`)) return true;
	}
	return false;
}

function toNetworkError(error: unknown, signal: AbortSignal | undefined): Error {
	if (error instanceof NetworkError) return error;
	if (signal?.aborted && signal.reason instanceof NetworkError) return signal.reason;
	if (signal?.aborted) return error instanceof Error ? error : new Error(String(error));
	const e = error as {code?: string; message?: string; erroredSysCall?: string};
	return new NetworkError(e.message ?? String(error), e.code, {cause: error});
}
