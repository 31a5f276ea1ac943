/**
 * The local emulator of Microsoft Graph (auditLogs) and of the identity platform, on one HTTPS listener on
 * loopback. Used by `entra-logs emulator`, by `--demo`, and by every end-to-end test.
 */
import {createServer, type Server} from 'node:https';
import type {IncomingMessage, ServerResponse} from 'node:http';
import type {AddressInfo} from 'node:net';
import {join} from 'node:path';
import {GraphService, type Fault, type License} from './graph/graph.js';
import {IdentityPlatform} from './identity/identity.js';
import type {ConfidentialClient, HttpReply} from './identity/basics.js';
import {generateTenant, sortNewestFirst, tenantInSteps, type Tenant, type TenantOptions} from './tenant/tenant.js';
import {arrayTable, scaledTable} from './graph/records.js';
import {generateCertificate, type TlsMaterial} from './tls.js';
import {loadRecords} from './tenant/dataset.js';
import {generateInWorker} from './tenant/tenant-worker.js';
import {ArrivingTenant, NotYet} from './tenant/arriving.js';
import {cacheFile} from './tenant/tenant-cache.js';
import {randomBytes} from 'node:crypto';
import {lstatSync} from 'node:fs';
import {ensurePrivateDir} from '../fs/private.js';
import {control, deviceLoginPage, send} from './server-control.js';

// The knobs and the log are part of what startEmulator offers.
export {NO_FAULTS, type Faults, type LogEntry} from './faults.js';
import {type Faults, NO_FAULTS, type LogEntry} from './faults.js';

export interface EmulatorOptions extends TenantOptions {
	/** Port on 127.0.0.1; 0 (default) picks a free one. */
	readonly port?: number;
	readonly host?: string;
	/** A tenant generated before (tests share one to save time). */
	readonly tenant?: Tenant;
	/** Serve the records of this NDJSON or JSON file instead of generated ones. */
	readonly dataFile?: string;
	/**
	 * Serve this many sign-ins, derived from the generated (or loaded) ones as they are read, without holding them:
	 * for benchmarks at a million records. Ids and times are shifted per copy; `tenant.signIns` keeps the base.
	 */
	readonly scaleSignIns?: number;
	/**
	 * Listen before the records exist: they are made on a worker thread and arrive newest first; a request is answered
	 * as soon as the records there decide its answer (a first page at once), and waits for more when it reads past
	 * them. The demo uses it, so that its screen shows at once.
	 */
	readonly background?: boolean;
	/**
	 * With `background`: keep the tenant in this folder between runs (created 0700 if missing; the file 0600), and
	 * serve it from there the rest of the UTC day, at the clock it was made at (tenant/tenant-cache.ts).
	 */
	readonly cacheDir?: string;
	readonly license?: License;
	readonly faults?: Partial<Faults>;
	readonly minDateDays?: number | null;
	readonly pollInterval?: number;
	readonly autoApproveMs?: number;
	readonly deviceCodeExpiresIn?: number;
	readonly signInAs?: string;
	readonly accessTokenLifetime?: number;
	readonly publicClients?: readonly string[];
	readonly confidentialClients?: readonly ConfidentialClient[];
	/** Reuse a certificate (so that a CA file written once stays valid across restarts). */
	readonly tls?: TlsMaterial;
}

export interface Emulator {
	/** `https://127.0.0.1:PORT`: both the Graph host and the login host. */
	readonly origin: string;
	readonly port: number;
	/** `https://127.0.0.1:PORT/<tenant id>`: the authority MSAL is given. */
	readonly authority: string;
	readonly tenantId: string;
	/** PEM of the self-signed certificate (trust it as a CA). */
	readonly caCert: string;
	readonly tls: TlsMaterial;
	readonly tenant: Tenant;
	/** Settles when the tenant's records are all there (at once unless `background`). */
	readonly ready: Promise<unknown>;
	/** With `cacheDir`: settles when the cache is written (true) or was read (false); false at once without one. */
	readonly saved: Promise<boolean>;
	/**
	 * Settles once the cache file of a tenant made whole this run is written (at most 30 s), at once otherwise: a run
	 * about to end waits for it so that the day's next runs find it (close() ends the writing).
	 */
	saving(): Promise<void>;
	/** With `cacheDir`: the temp file a new cache is written to before it is renamed into place (gone with the process). */
	readonly cacheTemp?: string;
	readonly identity: IdentityPlatform;
	readonly graph: GraphService;
	readonly faults: Faults;
	readonly log: LogEntry[];
	setFaults(faults: Partial<Faults>): void;
	/** Graph requests counted so far (what the fault knobs count). */
	graphRequests(): number;
	close(): Promise<void>;
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
	const tls = options.tls ?? (await generateCertificate());
	let tenant: Tenant;
	let ready = (): Promise<unknown> => Promise.resolve();
	let saved = Promise.resolve(false);
	let arriving: ArrivingTenant | undefined;
	let wanted = (): void => undefined;
	let stop = (): void => undefined;
	let saving = (): Promise<void> => Promise.resolve();
	let cacheTemp: string | undefined;
	if (options.tenant) tenant = options.tenant;
	else if (options.background && !options.dataFile && options.scaleSignIns === undefined) {
		// The records are made on a worker thread, from now (or read from the day's cache): the caller's thread (the
		// TUI) draws and signs in meanwhile, and the identity platform answers at once; requests for records are
		// answered as the records they read arrive.
		const now = options.now ?? new Date();
		const {base} = tenantInSteps({...options, now});
		const live: Tenant = {...base, signIns: [], directoryAudits: [], provisioning: []};
		tenant = live;
		arriving = new ArrivingTenant(live);
		const {seed, days, signIns, users, tenantId, domain, displayName, hostileRecords, plant} = options;
		const key = {seed, days, signIns, users, tenantId, domain, displayName, hostileRecords, plant};
		let cache: {file: string; tmp: string} | undefined;
		if (options.cacheDir !== undefined) {
			try {
				ensurePrivateDir(options.cacheDir);
				// Only a folder of our own, private and not a link: one planted or shared (a link to another folder,
				// another user's, 0755) would take the file where its mode does not hold. Its mode is not changed.
				const folder = lstatSync(options.cacheDir);
				const mine = process.getuid === undefined || folder.uid === process.getuid();
				const open = process.platform !== 'win32' && (folder.mode & 0o077) !== 0;
				if (folder.isSymbolicLink() || !folder.isDirectory() || !mine || open)
					throw new Error('not a private folder of ours');
				const file = cacheFile(options.cacheDir, key);
				const name = file.slice(options.cacheDir.length + 1);
				cache = {file, tmp: join(options.cacheDir, `.${name}.${randomBytes(6).toString('hex')}.tmp`)};
				cacheTemp = cache.tmp;
			} catch {
				// no cache folder (read-only home, say), or not a private one of ours: the demo runs without one
			}
		}
		const worker = generateInWorker(
			{...key, now, cache},
			arriving,
			// In the sources, beside this file; built, at the top of dist/ (this file's code is in dist/chunks/).
			new URL(import.meta.url.endsWith('.ts') ? './tenant/tenant-worker.ts' : '../tenant-worker.js', import.meta.url),
		);
		worker.made.catch(() => undefined);
		wanted = worker.wanted;
		stop = worker.stop;
		saving = worker.saving;
		ready = () => {
			worker.wanted();
			return worker.made;
		};
		saved = worker.saved;
	} else tenant = await buildTenant(options);
	let origin = '';
	const identity = new IdentityPlatform(
		{
			tenantId: tenant.tenantId,
			domain: tenant.domain,
			users: tenant.users,
			pollInterval: options.pollInterval,
			autoApproveMs: options.autoApproveMs,
			deviceCodeExpiresIn: options.deviceCodeExpiresIn,
			signInAs: options.signInAs,
			accessTokenLifetime: options.accessTokenLifetime,
			publicClients: options.publicClients,
			confidentialClients: options.confidentialClients,
		},
		() => origin,
	);
	const tables = arriving?.tables ?? {
		signIns:
			options.scaleSignIns === undefined
				? arrayTable(tenant.signIns)
				: scaledTable(tenant.signIns, options.scaleSignIns),
		directoryAudits: arrayTable(tenant.directoryAudits),
		provisioning: arrayTable(tenant.provisioning),
	};
	const graph = new GraphService(
		tenant,
		identity,
		{license: options.license ?? 'p2', minDateDays: options.minDateDays ?? null},
		tables,
	);
	const faults: Faults = {...NO_FAULTS, ...options.faults};
	const log: LogEntry[] = [];
	let graphCount = 0;

	const server: Server = createServer({key: tls.key, cert: tls.cert}, (req, res) => {
		handle(req, res).catch(error => {
			if (!res.headersSent) {
				res.writeHead(500, {'content-type': 'application/json'});
				res.end(JSON.stringify({error: {code: 'InternalServerError', message: String(error)}}));
			} else res.destroy();
		});
	});

	function record(entry: LogEntry): void {
		log.push(entry);
		if (log.length > 5000) log.splice(0, log.length - 5000);
	}

	async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
		const url = new URL(req.url ?? '/', origin);
		const path = url.pathname;
		const segments = path.split('/').filter(Boolean);
		const body = await readBody(req);
		const first = segments[0] ?? '';
		// The controls and Log Analytics wait for every record; Graph's reports for those they read (below); the
		// identity platform and the device login page need none.
		if (first === '_emu' || first === 'v1') await ready();

		if (first === '_emu')
			return control(
				{tenant, graph, identity, tables, faults, log, graphRequests: () => graphCount},
				req,
				res,
				segments.slice(1),
				body,
			);
		if (first === 'devicelogin') return deviceLoginPage(identity, req, res, body);
		if (first === 'v1')
			return (await import('./log-analytics/index.js')).serveLogAnalytics(
				{
					tenant,
					identity,
					tables,
					faults,
					log,
					scaledFrom: options.scaleSignIns === undefined ? undefined : tenant.signIns.length,
				},
				req,
				res,
				url,
				body,
			);

		if (first === 'v1.0' || first === 'beta') {
			graphCount++;
			const n = graphCount;
			if (faults.latencyMs > 0) await new Promise(r => setTimeout(r, faults.latencyMs));
			const every = (k: number): boolean => k > 0 && n % k === 0;
			const fault: Fault | undefined = every(faults.throttleEvery)
				? {kind: 'throttle', retryAfter: faults.retryAfter}
				: every(faults.unavailableEvery)
					? {kind: 'unavailable', retryAfter: faults.retryAfter}
					: undefined;
			if (every(faults.expireTokenEvery)) identity.expireIssuedTokens();
			const request = {
				method: req.method ?? 'GET',
				url,
				origin,
				headers: {authorization: header(req, 'authorization'), 'client-request-id': header(req, 'client-request-id')},
			};
			// Records are read from now on: the rest of them may flow (tenant-worker.ts).
			wanted();
			let reply: HttpReply;
			for (;;) {
				try {
					reply = graph.handle(request, fault);
					break;
				} catch (error) {
					// Read past the records there so far: asked again when more are there (tenant/arriving.ts).
					if (!(error instanceof NotYet) || !arriving) throw error;
					await arriving.more(error);
				}
			}
			if (fault && (reply.status === 429 || reply.status === 503)) {
				record({method: req.method ?? '', path, status: reply.status, fault: fault.kind});
				return send(res, reply);
			}
			const text = JSON.stringify(reply.body);
			if (reply.status === 200 && every(faults.dropEvery)) {
				record({method: req.method ?? '', path, status: 200, fault: 'drop'});
				res.writeHead(200, {...reply.headers, 'content-length': Buffer.byteLength(text)});
				res.write(text.slice(0, Math.floor(text.length / 2)));
				await new Promise(r => setTimeout(r, 5));
				res.socket?.destroy();
				return;
			}
			if (reply.status === 200 && every(faults.truncateEvery)) {
				record({method: req.method ?? '', path, status: 200, fault: 'truncate'});
				return send(res, {...reply, body: text.slice(0, Math.floor(text.length / 2))});
			}
			record({method: req.method ?? '', path, status: reply.status});
			// The text made above: a page of 1,000 sign-ins took as long to stringify again as to make.
			return send(res, {...reply, body: text});
		}

		// Identity platform
		let reply: HttpReply;
		if (first === 'common' && segments[1] === 'discovery' && segments[2] === 'instance')
			reply = identity.instanceDiscovery();
		else if (
			segments.slice(1).join('/') === 'v2.0/.well-known/openid-configuration' ||
			segments.slice(1).join('/') === '.well-known/openid-configuration'
		)
			reply = identity.openidConfiguration(first);
		else if (segments.slice(1).join('/') === 'oauth2/v2.0/devicecode' && req.method === 'POST')
			reply = identity.deviceCode(first, new URLSearchParams(body));
		else if (segments.slice(1).join('/') === 'oauth2/v2.0/token' && req.method === 'POST') {
			const form = new URLSearchParams(body);
			await identity.pollDue(form);
			reply = identity.token(first, form, header(req, 'authorization'));
		} else if (segments.slice(1).join('/') === 'discovery/v2.0/keys') reply = {status: 200, body: {keys: []}};
		else reply = {status: 404, body: {error: 'not_found', error_description: `No such endpoint: ${path}`}};
		record({method: req.method ?? '', path, status: reply.status});
		send(res, reply);
	}

	// Clients keep connections alive; a long server timeout avoids the reset race when a socket is reused.
	server.keepAliveTimeout = 65_000;
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
	});
	const port = (server.address() as AddressInfo).port;
	origin = `https://${options.host ?? '127.0.0.1'}:${port}`;

	return {
		origin,
		port,
		authority: `${origin}/${tenant.tenantId}`,
		tenantId: tenant.tenantId,
		caCert: tls.cert,
		tls,
		tenant,
		get ready() {
			return ready();
		},
		saved,
		saving: () => saving(),
		cacheTemp,
		identity,
		graph,
		faults,
		log,
		setFaults(next) {
			Object.assign(faults, NO_FAULTS, next);
		},
		graphRequests: () => graphCount,
		close: async () => {
			await new Promise<void>(resolve => {
				server.close(() => resolve());
				server.closeAllConnections();
			});
			// No more records: the worker ends (saving() first keeps the cache file it writes).
			stop();
		},
	};
}

async function buildTenant(options: EmulatorOptions): Promise<Tenant> {
	if (!options.dataFile) return generateTenant(options);
	const base = generateTenant({...options, signIns: 0, days: 0, hostileRecords: 0});
	const loaded = await loadRecords(options.dataFile);
	const tenant: Tenant = {
		...base,
		signIns: loaded.signIns,
		directoryAudits: loaded.directoryAudits,
		provisioning: loaded.provisioning,
	};
	for (const list of [tenant.signIns, tenant.directoryAudits, tenant.provisioning]) sortNewestFirst(list);
	return tenant;
}

function header(req: IncomingMessage, name: string): string | undefined {
	const v = req.headers[name];
	return Array.isArray(v) ? v[0] : v;
}

function readBody(req: IncomingMessage): Promise<string> {
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		req.on('data', (c: Buffer) => chunks.push(c));
		req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
		req.on('error', reject);
	});
}
