/**
 * The one network module: node-fetch with an https.Agent that trusts extra CA certificates, honours
 * HTTPS_PROXY/NO_PROXY (https-proxy-agent, CONNECT tunnels) and times out. MSAL uses it as its
 * `system.networkClient`; the Graph client uses `fetch` from here. Nothing else opens connections.
 */
import {Agent as HttpsAgent} from 'node:https';
import {readFileSync} from 'node:fs';
import {rootCertificates} from 'node:tls';
import fetch, {type RequestInit, type Response} from 'node-fetch';
import {HttpsProxyAgent} from 'https-proxy-agent';
import type {INetworkModule, NetworkRequestOptions, NetworkResponse} from '@azure/msal-node';

export interface NetworkOptions {
	/** Extra CA certificates (PEM text), added to Node's default roots. */
	readonly ca?: readonly string[];
	/** Files with extra CA certificates (PEM), e.g. from `--ca-file` or NODE_EXTRA_CA_CERTS. */
	readonly caFiles?: readonly string[];
	/** Per-request timeout in ms (headers and body). Default 60 s. */
	readonly timeoutMs?: number;
	/** The environment to read HTTPS_PROXY/NO_PROXY from. Default: process.env. */
	readonly env?: Readonly<Record<string, string | undefined>>;
}

export interface Network {
	fetch(url: string, init?: RequestInit & {readonly timeoutMs?: number}): Promise<Response>;
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
	const tlsOptions = ca.length > 0 ? {ca: [...rootCertificates, ...ca]} : {};
	const direct = new HttpsAgent({keepAlive: true, maxSockets: 16, ...tlsOptions});
	const proxyUrl = env['HTTPS_PROXY'] ?? env['https_proxy'] ?? env['HTTP_PROXY'] ?? env['http_proxy'];
	const noProxy = (env['NO_PROXY'] ?? env['no_proxy'] ?? '')
		.split(',')
		.map(s => s.trim().toLowerCase())
		.filter(Boolean);
	const proxied = proxyUrl ? new TrustingProxyAgent(proxyUrl, tlsOptions.ca) : undefined;
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

function toNetworkError(error: unknown, signal: AbortSignal): Error {
	if (signal.aborted && signal.reason instanceof NetworkError) return signal.reason;
	if (signal.aborted) return error instanceof Error ? error : new Error(String(error));
	const e = error as {code?: string; message?: string; erroredSysCall?: string};
	return new NetworkError(e.message ?? String(error), e.code, {cause: error});
}
