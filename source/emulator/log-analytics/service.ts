/**
 * The Log Analytics query API of the emulator (shared/log-analytics.md §1): `GET` and `POST
 * /v1/workspaces/{id}/query`, the request and response shapes (`tables` → `columns` → `rows`, dynamic cells as JSON
 * text), the documented error bodies, the limits (rows, bytes, 200 requests per 30 s, 5 concurrent queries with a
 * queue), `Prefer` (wait, include-statistics, include-render) and the emulator's fault knobs, over the same tenant as
 * Graph. Where the facts are unconfirmed, the choice is written down in docs/log-analytics.md.
 */
import type {IncomingMessage, ServerResponse} from 'node:http';
import type {IdentityPlatform} from '../identity/identity.js';
import type {Faults, LogEntry} from '../server.js';
import type {Tenant} from '../tenant/tenant.js';
import type {TokenClaims} from '../identity/tokens.js';
import {LOG_ANALYTICS_RESOURCES} from '../identity/basics.js';
import {execute} from './service-execute.js';
import {CallerLimits, defaultSettings, type LogAnalyticsSettings} from './service-limits.js';
import {header, laError, throttled, type Reply} from './service-replies.js';
import {intersect} from './service-timespan.js';
import {Workspace, workspaceIdFor, type RecordSources} from './tables.js';

export {defaultSettings, type LogAnalyticsSettings} from './service-limits.js';
export {laError} from './service-replies.js';
export {parseTimespan} from './service-timespan.js';

/** The token audiences the API takes: the identity platform's Log Analytics resources. */
export const LOG_ANALYTICS_AUDIENCES = LOG_ANALYTICS_RESOURCES;

export interface LogAnalyticsContext {
	readonly tenant: Tenant;
	readonly identity: IdentityPlatform;
	readonly tables: RecordSources;
	readonly faults: Faults;
	readonly log: LogEntry[];
	/** The sign-in table is `scaleSignIns` copies of this many generated sign-ins (startEmulator's scaled table). */
	readonly scaledFrom?: number | undefined;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const PATH_NOT_FOUND = () => laError(404, 'PathNotFoundError', 'The requested path does not exist');

export class LogAnalyticsService {
	readonly workspaceId: string;
	readonly settings: LogAnalyticsSettings = defaultSettings();
	private readonly workspace: Workspace;
	private count = 0;
	private readonly limits = new CallerLimits(this.settings);

	constructor(private readonly ctx: LogAnalyticsContext) {
		this.workspaceId = workspaceIdFor(ctx.tenant.tenantId);
		this.workspace = new Workspace(
			ctx.tables,
			{tenantId: ctx.tenant.tenantId, workspaceId: this.workspaceId},
			ctx.scaledFrom,
		);
	}

	/** Faults served so far, by kind (throttle, unavailable, drop, truncate, rate, concurrency, partial...). */
	readonly faultsServed = new Map<string, number>();

	/** Time spent running queries and writing their answers, in ms (what a benchmark sets against the client's). */
	busyMs = 0;

	/** Queries answered so far (what the fault knobs count). */
	queries(): number {
		return this.count;
	}

	async handle(req: IncomingMessage, res: ServerResponse, url: URL, body: string): Promise<void> {
		const method = req.method ?? 'GET';
		const entry = (status: number, fault?: string) => {
			this.ctx.log.push({method, path: url.pathname, status, ...(fault ? {fault} : {})});
			if (fault) this.faultsServed.set(fault, (this.faultsServed.get(fault) ?? 0) + 1);
			if (this.ctx.log.length > 5000) this.ctx.log.splice(0, this.ctx.log.length - 5000);
		};
		const reply = await this.route(req, url, body, method);
		const began = performance.now();
		const text = reply.body === undefined ? '' : (reply.text ?? JSON.stringify(reply.body));
		this.busyMs += performance.now() - began;
		const {faults} = this.ctx;
		if (reply.status === 200 && reply.body !== undefined) {
			const every = (k: number) => k > 0 && this.count % k === 0;
			if (every(faults.dropEvery)) {
				entry(200, 'drop');
				res.writeHead(200, {
					'content-type': 'application/json; charset=utf-8',
					'content-length': Buffer.byteLength(text),
				});
				res.write(text.slice(0, Math.floor(text.length / 2)));
				await new Promise(r => setTimeout(r, 5));
				res.socket?.destroy();
				return;
			}
			if (every(faults.truncateEvery)) {
				entry(200, 'truncate');
				const cut = text.slice(0, Math.floor(text.length / 2));
				res.writeHead(200, {
					'content-type': 'application/json; charset=utf-8',
					'content-length': Buffer.byteLength(cut),
				});
				res.end(cut);
				return;
			}
		}
		entry(reply.status, (reply as {fault?: string}).fault);
		res.writeHead(reply.status, {
			'content-type': 'application/json; charset=utf-8',
			...reply.headers,
			'content-length': Buffer.byteLength(text),
		});
		res.end(text);
	}

	private async route(req: IncomingMessage, url: URL, body: string, method: string): Promise<Reply & {fault?: string}> {
		const segments = url.pathname
			.split('/')
			.filter(Boolean)
			.map(s => decodeURIComponent(s));
		if (
			segments.length !== 4 ||
			segments[0] !== 'v1' ||
			segments[1] !== 'workspaces' ||
			segments[3] !== 'query' ||
			(method !== 'GET' && method !== 'POST')
		) {
			return PATH_NOT_FOUND();
		}
		// The fault knobs, counted per query as Graph's are per request.
		const n = ++this.count;
		const {faults} = this.ctx;
		const every = (k: number) => k > 0 && n % k === 0;
		if (every(faults.throttleEvery)) return {...throttled(faults.retryAfter), fault: 'throttle'};
		if (every(faults.unavailableEvery)) {
			return {
				...laError(503, 'ServiceUnavailable', 'The service is temporarily unavailable. Please retry later.'),
				headers: {'retry-after': faults.retryAfter},
				fault: 'unavailable',
			};
		}
		if (every(faults.expireTokenEvery)) this.ctx.identity.expireIssuedTokens();

		const auth = this.authenticate(header(req, 'authorization'));
		if ('status' in auth) return auth;
		const claims = auth.claims;
		const id = segments[2]!;
		const known = id === this.workspaceId || id.toLowerCase() === 'demo' || id === 'DEMO_WORKSPACE';
		if (!known && !GUID.test(id)) return PATH_NOT_FOUND();
		if (!known) return laError(404, 'ResourceNotFoundError', `The workspace ${id} was not found`);
		const granted = [...(claims.scp ?? '').split(' '), ...(claims.roles ?? [])];
		if (!granted.some(p => p.toLowerCase() === 'data.read')) {
			return laError(
				403,
				'InsufficientAccessError',
				'The provided credentials have insufficient access to perform the requested operation',
				{
					code: 'UnauthorizedClient',
					message: `The caller does not have the Data.Read permission of the Log Analytics API: ${claims.appid}`,
				},
			);
		}
		if (!this.settings.isReader(claims))
			return laError(
				403,
				'InsufficientAccessError',
				'The provided credentials have insufficient access to perform the requested operation',
			);

		// Limits count per user, or per app for app-only tokens (whose oid the emulator makes anew for each token).
		const caller =
			claims.idtyp === 'app' ? `app:${claims.appid}` : `user:${String(claims.oid ?? claims.upn ?? 'anonymous')}`;
		const limited = this.limits.rate(caller);
		if (limited) return {...limited, fault: 'rate'};

		let query: string | undefined;
		let timespan: string | undefined = url.searchParams.get('timespan') ?? undefined;
		if (method === 'POST') {
			// Documented: a POST without a JSON body or its content type gets an empty 200.
			if (!/application\/json/i.test(header(req, 'content-type') ?? '') || body.trim() === '') return {status: 200};
			let parsed: unknown;
			try {
				parsed = JSON.parse(body);
			} catch {
				return laError(400, 'BadArgumentError', 'The request had some invalid properties', {
					code: 'InvalidJson',
					message: 'The request body is not valid JSON',
				});
			}
			if (parsed === null || typeof parsed !== 'object')
				return laError(400, 'BadArgumentError', 'The request had some invalid properties');
			const b = parsed as Record<string, unknown>;
			query = typeof b['query'] === 'string' ? b['query'] : undefined;
			if (typeof b['timespan'] === 'string') timespan = timespan ? intersect(timespan, b['timespan']) : b['timespan'];
		} else query = url.searchParams.get('query') ?? undefined;
		if (query === undefined || query.trim() === '') {
			return laError(400, 'BadArgumentError', 'The request had some invalid properties', {
				code: 'MissingQuery',
				message: "The 'query' property is required",
			});
		}

		const busy = (retryAfter: string) => ({
			...throttled(
				retryAfter,
				'The number of queries waiting for this user is over the limit, or a query waited too long.',
			),
			fault: 'concurrency',
		});
		if (every(this.settings.busyEvery)) return busy(faults.retryAfter);
		const release = await this.limits.acquire(caller);
		if (!release) return busy('1');
		try {
			// The latency knob runs while the query holds its slot, as a slow query does.
			if (faults.latencyMs > 0 && !(await this.waitLatency(req, faults.latencyMs))) {
				return {
					...laError(504, 'GatewayTimeout', 'The query ran past the time the Prefer wait header allowed.'),
					fault: 'timeout',
				};
			}
			const began = performance.now();
			try {
				return execute(this.workspace, this.settings, query, timespan, header(req, 'prefer') ?? '', n);
			} finally {
				this.busyMs += performance.now() - began;
			}
		} finally {
			release();
		}
	}

	private authenticate(authorization: string | undefined): {claims: TokenClaims} | Reply {
		if (!authorization)
			return laError(401, 'AuthenticationFailed', "Authentication failed. The 'Authorization' header is missing.");
		const m = /^Bearer\s+(\S+)$/i.exec(authorization);
		const claims = m ? this.ctx.identity.signer.verify(m[1]!) : undefined;
		if (!claims || claims.tid !== this.ctx.tenant.tenantId)
			return {
				status: 403,
				body: {error: {code: 'InvalidAuthenticationToken', message: 'The access token is invalid.'}},
			};
		if (this.ctx.identity.isExpired(claims))
			return {
				status: 401,
				body: {error: {code: 'AuthenticationFailed', message: 'Authentication failed. The access token has expired.'}},
			};
		const aud = String(claims.aud).replace(/\/$/, '');
		if (!LOG_ANALYTICS_AUDIENCES.includes(aud)) {
			return {
				status: 403,
				body: {
					error: {
						code: 'InvalidAuthenticationTokenAudience',
						message: `The access token has been obtained from wrong audience or resource '${String(claims.aud)}'. It should exactly match (including forward slash) with one of the allowed audiences '${LOG_ANALYTICS_AUDIENCES[0]}'.`,
					},
				},
			};
		}
		return {claims};
	}

	/** The latency knob, bounded by `Prefer: wait=N` (past it: 504). */
	private async waitLatency(req: IncomingMessage, latency: number): Promise<boolean> {
		const wait = /(?:^|,)\s*wait=(\d+)/i.exec(header(req, 'prefer') ?? '');
		const limit = wait ? Number(wait[1]) * 1000 : 180_000;
		await new Promise(r => setTimeout(r, Math.min(latency, limit)));
		return latency <= limit;
	}
}
