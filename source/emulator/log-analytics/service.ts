/**
 * The Log Analytics query API of the emulator (shared/log-analytics.md §1): `GET` and `POST
 * /v1/workspaces/{id}/query`, the request and response shapes (`tables` → `columns` → `rows`, dynamic cells as JSON
 * text), the documented error bodies, the limits (rows, bytes, 200 requests per 30 s, 5 concurrent queries with a
 * queue), `Prefer` (wait, include-statistics, include-render) and the emulator's fault knobs, over the same tenant as
 * Graph. Where the facts are unconfirmed, the choice is written down in docs/log-analytics.md.
 */
import type {IncomingMessage, ServerResponse} from 'node:http';
import type {IdentityPlatform} from '../identity.js';
import type {Faults, LogEntry} from '../server.js';
import type {Tenant} from '../tenant.js';
import type {TokenClaims} from '../tokens.js';
import {run, wireCell} from './engine.js';
import {KqlSemanticError} from './engine-rows.js';
import {KqlSyntaxError, parseQuery} from './parser.js';
import {Workspace, workspaceIdFor, type RecordSources} from './tables.js';
import {DateTime, dateTimeOfMs, parseDateTime, parseDuration, safeJson} from './values.js';

export const LOG_ANALYTICS_AUDIENCES = ['https://api.loganalytics.io', 'https://api.loganalytics.azure.com', 'https://api.loganalytics.us', 'https://api.loganalytics.azure.cn'];

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
}

export function defaultSettings(): LogAnalyticsSettings {
	return {
		maxRows: 500_000, maxBytes: 64_000_000, rateLimit: 200, rateWindowMs: 30_000, concurrency: 5, queueLimit: 200, queueTimeoutMs: 180_000,
		// Users with a directory role (the demo's admins and report readers) and every app hold Reader.
		isReader: claims => claims.idtyp === 'app' || (Array.isArray(claims['wids']) && claims['wids'].length > 0),
		partialEvery: 0,
	};
}

export interface LogAnalyticsContext {
	readonly tenant: Tenant;
	readonly identity: IdentityPlatform;
	readonly tables: RecordSources;
	readonly faults: Faults;
	readonly log: LogEntry[];
}

interface Reply {
	readonly status: number;
	readonly body?: unknown;
	readonly headers?: Readonly<Record<string, string>>;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function laError(status: number, code: string, message: string, innererror?: unknown): Reply {
	return {status, body: {error: {message, code, ...(innererror ? {innererror} : {})}}};
}

const PATH_NOT_FOUND = () => laError(404, 'PathNotFoundError', 'The requested path does not exist');

export class LogAnalyticsService {
	readonly workspaceId: string;
	readonly settings: LogAnalyticsSettings = defaultSettings();
	private readonly workspace: Workspace;
	private count = 0;
	private readonly windows = new Map<string, number[]>();
	private readonly running = new Map<string, number>();
	private readonly queues = new Map<string, Array<() => void>>();

	constructor(private readonly ctx: LogAnalyticsContext) {
		this.workspaceId = workspaceIdFor(ctx.tenant.tenantId);
		this.workspace = new Workspace(ctx.tables, {tenantId: ctx.tenant.tenantId, workspaceId: this.workspaceId});
	}

	/** Queries answered so far (what the fault knobs count). */
	queries(): number {
		return this.count;
	}

	async handle(req: IncomingMessage, res: ServerResponse, url: URL, body: string): Promise<void> {
		const method = req.method ?? 'GET';
		const entry = (status: number, fault?: string) => {
			this.ctx.log.push({method, path: url.pathname, status, ...(fault ? {fault} : {})});
			if (this.ctx.log.length > 5000) this.ctx.log.splice(0, this.ctx.log.length - 5000);
		};
		const reply = await this.route(req, url, body, method);
		const text = reply.body === undefined ? '' : JSON.stringify(reply.body);
		const {faults} = this.ctx;
		if (reply.status === 200 && reply.body !== undefined) {
			const every = (k: number) => k > 0 && this.count % k === 0;
			if (every(faults.dropEvery)) {
				entry(200, 'drop');
				res.writeHead(200, {'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text)});
				res.write(text.slice(0, Math.floor(text.length / 2)));
				await new Promise(r => setTimeout(r, 5));
				res.socket?.destroy();
				return;
			}
			if (every(faults.truncateEvery)) {
				entry(200, 'truncate');
				const cut = text.slice(0, Math.floor(text.length / 2));
				res.writeHead(200, {'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(cut)});
				res.end(cut);
				return;
			}
		}
		entry(reply.status, (reply as {fault?: string}).fault);
		res.writeHead(reply.status, {'content-type': 'application/json; charset=utf-8', ...reply.headers, 'content-length': Buffer.byteLength(text)});
		res.end(text);
	}

	private async route(req: IncomingMessage, url: URL, body: string, method: string): Promise<Reply & {fault?: string}> {
		const segments = url.pathname.split('/').filter(Boolean).map(s => decodeURIComponent(s));
		if (segments.length !== 4 || segments[0] !== 'v1' || segments[1] !== 'workspaces' || segments[3] !== 'query' || (method !== 'GET' && method !== 'POST')) {
			return PATH_NOT_FOUND();
		}
		// The fault knobs, counted per query as Graph's are per request.
		const n = ++this.count;
		const {faults} = this.ctx;
		const every = (k: number) => k > 0 && n % k === 0;
		if (every(faults.throttleEvery)) return {...this.throttled(faults.retryAfter), fault: 'throttle'};
		if (every(faults.unavailableEvery)) {
			return {...laError(503, 'ServiceUnavailable', 'The service is temporarily unavailable. Please retry later.'), headers: {'retry-after': faults.retryAfter}, fault: 'unavailable'};
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
			return laError(403, 'InsufficientAccessError', 'The provided credentials have insufficient access to perform the requested operation', {
				code: 'UnauthorizedClient', message: `The caller does not have the Data.Read permission of the Log Analytics API: ${claims.appid}`,
			});
		}
		if (!this.settings.isReader(claims)) return laError(403, 'InsufficientAccessError', 'The provided credentials have insufficient access to perform the requested operation');

		// Limits count per user, or per app for app-only tokens (whose oid the emulator makes anew for each token).
		const caller = claims.idtyp === 'app' ? `app:${claims.appid}` : `user:${String(claims.oid ?? claims.upn ?? 'anonymous')}`;
		const limited = this.rate(caller);
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
				return laError(400, 'BadArgumentError', 'The request had some invalid properties', {code: 'InvalidJson', message: 'The request body is not valid JSON'});
			}
			if (parsed === null || typeof parsed !== 'object') return laError(400, 'BadArgumentError', 'The request had some invalid properties');
			const b = parsed as Record<string, unknown>;
			query = typeof b['query'] === 'string' ? b['query'] : undefined;
			if (typeof b['timespan'] === 'string') timespan = timespan ? intersect(timespan, b['timespan']) : b['timespan'];
		} else query = url.searchParams.get('query') ?? undefined;
		if (query === undefined || query.trim() === '') {
			return laError(400, 'BadArgumentError', 'The request had some invalid properties', {code: 'MissingQuery', message: "The 'query' property is required"});
		}

		const release = await this.acquire(caller);
		if (!release) return {...this.throttled('1', 'The number of queries waiting for this user is over the limit, or a query waited too long.'), fault: 'concurrency'};
		try {
			// The latency knob runs while the query holds its slot, as a slow query does.
			if (faults.latencyMs > 0 && !(await this.waitLatency(req, faults.latencyMs))) {
				return {...laError(504, 'GatewayTimeout', 'The query ran past the time the Prefer wait header allowed.'), fault: 'timeout'};
			}
			return this.execute(query, timespan, header(req, 'prefer') ?? '', n);
		} finally {
			release();
		}
	}

	private authenticate(authorization: string | undefined): {claims: TokenClaims} | Reply {
		if (!authorization) return laError(401, 'AuthenticationFailed', "Authentication failed. The 'Authorization' header is missing.");
		const m = /^Bearer\s+(\S+)$/i.exec(authorization);
		const claims = m ? this.ctx.identity.signer.verify(m[1]!) : undefined;
		if (!claims || claims.tid !== this.ctx.tenant.tenantId) return {status: 403, body: {error: {code: 'InvalidAuthenticationToken', message: 'The access token is invalid.'}}};
		if (this.ctx.identity.isExpired(claims)) return {status: 401, body: {error: {code: 'AuthenticationFailed', message: 'Authentication failed. The access token has expired.'}}};
		const aud = String(claims.aud).replace(/\/$/, '');
		if (!LOG_ANALYTICS_AUDIENCES.includes(aud)) {
			return {status: 403, body: {error: {code: 'InvalidAuthenticationTokenAudience', message: `The access token has been obtained from wrong audience or resource '${String(claims.aud)}'. It should exactly match (including forward slash) with one of the allowed audiences '${LOG_ANALYTICS_AUDIENCES[0]}'.`}}};
		}
		return {claims};
	}

	private throttled(retryAfter: string, message = 'Too many requests: the limit is 200 requests per 30 seconds per user.'): Reply {
		return {...laError(429, 'ThrottledError', message), headers: {'retry-after': retryAfter}};
	}

	/** 200 requests per 30 s per caller (sliding window). */
	private rate(caller: string): Reply | undefined {
		const now = Date.now();
		const window = (this.windows.get(caller) ?? []).filter(t => t > now - this.settings.rateWindowMs);
		if (window.length >= this.settings.rateLimit) {
			this.windows.set(caller, window);
			return this.throttled(String(Math.max(1, Math.ceil((window[0]! + this.settings.rateWindowMs - now) / 1000))));
		}
		window.push(now);
		this.windows.set(caller, window);
		return undefined;
	}

	/** A query slot of the caller's five; undefined when the queue is full or the wait ran out (then 429). */
	private acquire(caller: string): Promise<(() => void) | undefined> {
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

	/** The latency knob, bounded by `Prefer: wait=N` (past it: 504). */
	private async waitLatency(req: IncomingMessage, latency: number): Promise<boolean> {
		const wait = /(?:^|,)\s*wait=(\d+)/i.exec(header(req, 'prefer') ?? '');
		const limit = wait ? Number(wait[1]) * 1000 : 180_000;
		await new Promise(r => setTimeout(r, Math.min(latency, limit)));
		return latency <= limit;
	}

	private execute(text: string, timespan: string | undefined, prefer: string, n: number): Reply {
		const started = process.hrtime.bigint();
		const now = new Date();
		let span: {start: DateTime; end: DateTime} | undefined;
		if (timespan !== undefined) {
			span = parseTimespan(timespan, now);
			if (!span) return laError(400, 'BadArgumentError', 'The request had some invalid properties', {code: 'InvalidTimespan', message: `'${timespan}' is not an ISO 8601 timespan`});
		}
		let result;
		try {
			result = run(parseQuery(text), this.workspace, {now, span});
		} catch (error) {
			if (error instanceof KqlSyntaxError) {
				return laError(400, 'BadArgumentError', 'The request had some invalid properties', {
					code: 'SyntaxError', message: 'A recognition error occurred in the query.',
					innererror: {code: 'SYN0002', message: error.message, line: error.line, pos: error.pos, token: error.token},
				});
			}
			if (error instanceof KqlSemanticError) {
				return laError(400, 'BadArgumentError', 'The request had some invalid properties', {
					code: 'SemanticError', message: 'A semantic error occurred.', innererror: {code: 'SEM0100', message: error.message},
				});
			}
			throw error;
		}
		const columns = result.columns.map(c => ({name: c.name, type: c.type}));
		const rows: unknown[][] = [];
		let bytes = 0;
		let cut: string | undefined;
		for (const values of result.rows) {
			if (rows.length >= this.settings.maxRows) {
				cut = `Query result set has exceeded the internal record count limit ${this.settings.maxRows} records`;
				break;
			}
			const row = values.map((v, i) => wireCell(v, result.columns[i]!.type));
			bytes += safeJson(row).length + 1;
			if (bytes > this.settings.maxBytes) {
				cut = `Query result set has exceeded the internal data size limit ${this.settings.maxBytes} bytes`;
				break;
			}
			rows.push(row);
		}
		if (!cut && this.settings.partialEvery > 0 && n % this.settings.partialEvery === 0) cut = 'A shard of the workspace did not answer in time (an emulator fault).';
		const out: Record<string, unknown> = {tables: [{name: 'PrimaryResult', columns, rows}]};
		if (/include-statistics=true/i.test(prefer)) {
			out['statistics'] = {query: {executionTime: Number(process.hrtime.bigint() - started) / 1e9, datasetStatistics: [{tableRowCount: rows.length, tableSize: bytes}]}};
		}
		if (/include-render=true/i.test(prefer)) out['render'] = {};
		if (cut) {
			out['error'] = {
				code: 'PartialError', message: 'There were some errors when processing your query.',
				details: [{code: 'EngineError', message: 'Something went wrong processing your query on the server.', innererror: {code: 'LimitsExceeded', message: cut, severity: 2, severityName: 'Error'}}],
			};
		}
		return {status: 200, body: out};
	}
}

/** `P1D`, `start/end`, `start/P1D`, `P1D/end`, as the API and the Azure SDK write them. */
export function parseTimespan(text: string, now: Date): {start: DateTime; end: DateTime} | undefined {
	const parts = text.split('/');
	const nowTicks = dateTimeOfMs(now.getTime());
	if (parts.length === 1) {
		const d = parseDuration(parts[0]!);
		return d ? {start: new DateTime(nowTicks.ticks - d.ticks), end: nowTicks} : undefined;
	}
	if (parts.length !== 2) return undefined;
	const [a, b] = parts as [string, string];
	const da = parseDateTime(a);
	const db = parseDateTime(b);
	if (da && db) return {start: da, end: db};
	if (da) {
		const d = parseDuration(b);
		return d ? {start: da, end: new DateTime(da.ticks + d.ticks)} : undefined;
	}
	if (db) {
		const d = parseDuration(a);
		return d ? {start: new DateTime(db.ticks - d.ticks), end: db} : undefined;
	}
	return undefined;
}

/** Documented: a timespan in both the URL and the body means their intersection. */
function intersect(a: string, b: string): string | undefined {
	const now = new Date();
	const x = parseTimespan(a, now);
	const y = parseTimespan(b, now);
	if (!x || !y) return b;
	const start = x.start.ticks > y.start.ticks ? x.start : y.start;
	const end = x.end.ticks < y.end.ticks ? x.end : y.end;
	return `${start.toString()}/${end.toString()}`;
}

function header(req: IncomingMessage, name: string): string | undefined {
	const v = req.headers[name];
	return Array.isArray(v) ? v[0] : v;
}
