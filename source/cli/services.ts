/** Builds what a run needs from the flags: network, auth, Graph client, and (for --demo) the emulator, on its own thread. */
import {join} from 'node:path';
import process from 'node:process';
import {privateTempDir, removeTempDir} from '../process/cleanup.js';
import {Auth, AuthFailedError, WORKSPACE_CLIENT_ID, logAnalyticsScopes} from '../auth/auth.js';
import {LogAnalyticsClient} from '../net/log-analytics-client.js';
import {CLOUDS} from '../auth/clouds.js';
import {GraphClient, type RetryInfo} from '../graph/client.js';
import {createNetwork, type Network} from '../net/network.js';
import type {EmulatorThread} from '../emulator/thread.js';
import {takeDemoEmulator} from './demo-emulator.js';
import {configDir, type Parsed} from './args.js';

export interface Services {
	readonly network: Network;
	readonly auth: Auth;
	readonly graphBase: string;
	readonly client: GraphClient;
	/** With --workspace: the workspace every report reads from, its query client, and a check of the access. */
	readonly workspace?: WorkspaceServices;
	readonly configDir: string;
	/** The demo's emulator, on a thread of its own. */
	readonly emulator?: EmulatorThread;
	/** A line for the sign-in screen (the demo approves its device code by itself). */
	readonly loginNote?: string;
	/** Where retries are reported (the TUI's status bar, or export progress). */
	onRetry(listener: (info: RetryInfo) => void): void;
	close(): Promise<void>;
}

export interface WorkspaceServices {
	readonly id: string;
	readonly client: LogAnalyticsClient;
	/** The query host (the emulator's origin in the demo). */
	readonly base: string;
	/**
	 * Signs in (silently) and asks the workspace for nothing: resolves with who asked, or throws the one line that
	 * names what is missing (not signed in, Data.Read, the Reader role, the workspace).
	 */
	preflight(): Promise<string>;
}

export async function buildServices(
	parsed: Parsed,
	env: Readonly<Record<string, string | undefined>>,
): Promise<Services> {
	let dir = configDir(env);
	let emulator: EmulatorThread | undefined;
	let loginHost: string;
	let graphBase: string;
	let knownAuthorities: string[] | undefined;
	const ca: string[] = [];
	let cacheFile = join(dir, 'msal-cache.json');
	let tenant = parsed.tenant;
	let rateLimit: {requests: number; windowMs: number} | undefined;

	if (parsed.demo) {
		// On a thread of its own, started by cli.tsx as soon as it knew (demo-emulator.ts).
		emulator = await takeDemoEmulator(env);
		loginHost = emulator.origin;
		graphBase = emulator.origin;
		knownAuthorities = [new URL(emulator.origin).host];
		ca.push(emulator.caCert);
		// A fresh demo every run, so the device-code login shows.
		// A demo keeps its token cache and recent queries away from the real ones.
		// Removed when the run ends, however it ends (source/process/cleanup.ts): a token cache is inside.
		dir = privateTempDir('demo');
		cacheFile = join(dir, 'msal-cache.json');
		tenant = emulator.tenantId;
	} else if (parsed.emulatorUrl) {
		const url = new URL(parsed.emulatorUrl);
		loginHost = url.origin;
		graphBase = url.origin;
		knownAuthorities = [url.host];
		cacheFile = join(dir, `msal-cache-${url.hostname}-${url.port}.json`);
	} else {
		const cloud = CLOUDS[parsed.cloud];
		loginHost = cloud.loginHost;
		graphBase = cloud.graphHost;
		rateLimit = {requests: 5, windowMs: 10_000};
	}
	// A workspace is queried at the cloud's Log Analytics host (the emulator's origin for it), with a token whose
	// audience is that host: the emulator, as the public cloud, takes https://api.loganalytics.io.
	const emulated = parsed.demo || parsed.emulatorUrl !== undefined;
	const laAudience = emulated ? CLOUDS.global.logAnalyticsHost : CLOUDS[parsed.cloud].logAnalyticsHost;
	const laBase = emulated ? graphBase : laAudience;

	const caFiles = [parsed.caFile].filter((f): f is string => Boolean(f));
	// The demo talks to its emulator alone: its certificate is the one trusted.
	const network = createNetwork({ca, caFiles, env, caOnly: parsed.demo && caFiles.length === 0});
	const auth = new Auth({
		loginHost,
		// The emulator, like the global cloud, issues tokens for the global Graph resource.
		graphResource: parsed.demo || parsed.emulatorUrl ? CLOUDS.global.graphHost : graphBase,
		tenant,
		// A workspace's token is for the query host, and by default through Azure CLI's public client (auth.ts says why).
		clientId:
			parsed.clientId ??
			(parsed.workspace && !(parsed.clientSecret || parsed.certificate) ? WORKSPACE_CLIENT_ID : undefined),
		scopes: parsed.workspace ? logAnalyticsScopes(laAudience) : undefined,
		clientSecret: parsed.clientSecret,
		certificatePath: parsed.certificate,
		cacheFile,
		network,
		knownAuthorities,
	});
	const listeners: Array<(info: RetryInfo) => void> = [];
	const client = new GraphClient({
		network,
		getToken: o => auth.getToken(o),
		// The documented 5 requests per 10 s apply to Graph; the emulator is ours, and keeps a gentler one.
		rateLimit: rateLimit ?? {requests: 50, windowMs: 1000},
		onRetry: info => listeners.forEach(l => l(info)),
	});
	const laClient = parsed.workspace
		? new LogAnalyticsClient({
				network,
				base: laBase,
				getToken: o => auth.getToken(o),
				onRetry: info => listeners.forEach(l => l(info)),
			})
		: undefined;
	return {
		network,
		auth,
		graphBase,
		client,
		workspace:
			parsed.workspace && laClient
				? {
						id: parsed.workspace,
						client: laClient,
						base: laBase,
						preflight: () => preflight(auth, laClient, parsed.workspace!),
					}
				: undefined,
		configDir: dir,
		emulator,
		loginNote: parsed.demo
			? `demo: the emulator approves this code itself in a moment, as alice@contoso.com`
			: undefined,
		onRetry: l => {
			listeners.push(l);
		},
		close: async () => {
			network.close();
			// A script's demo run (no terminal on stdout) that made the day's tenant saves it for the next runs before it
			// ends (seconds); at a terminal the quit is at once, and the next run makes it again.
			// It says so when that takes a while (the first run of a day may wait for the rest of the tenant to be made).
			if (!process.stdout.isTTY && emulator) {
				const note = setTimeout(
					() =>
						process.stderr.write("demo: saving the day's demo tenant for the next runs (a first run of the day)…\n"),
					500,
				);
				await emulator.saving().finally(() => clearTimeout(note));
			}
			await emulator?.close();
			if (parsed.demo) removeTempDir(dir);
		},
	};
}

/**
 * The workspace's access, checked before the first page: the token's own claims first (Data.Read in `scp` or
 * `roles`), then one query of no rows, whose 403 says whether the Reader role or the permission is missing and whose
 * 404 says the workspace is not there.
 */
async function preflight(auth: Auth, client: LogAnalyticsClient, workspace: string): Promise<string> {
	const token = await auth.getToken();
	const claims = jwtClaims(token);
	if (claims) {
		const granted = [
			...String(claims['scp'] ?? '').split(' '),
			...(Array.isArray(claims['roles']) ? claims['roles'] : []),
		];
		if (!granted.some(p => String(p).toLowerCase() === 'data.read'))
			throw new AuthFailedError(
				`the token has no Data.Read: the app${auth.mode === 'app' ? '' : ' (--client-id)'} needs the Log Analytics API permission Data.Read, with admin consent`,
			);
	}
	await client.query(workspace, {query: 'AuditLogs | take 0'});
	const who = claims?.['upn'] ?? claims?.['unique_name'] ?? claims?.['appid'];
	return typeof who === 'string' ? who : 'signed in';
}

/** A JWT's claims, unverified (only to say what a token lacks), or undefined when it is not one. */
function jwtClaims(token: string): Record<string, unknown> | undefined {
	const part = token.split('.')[1];
	if (!part) return undefined;
	try {
		const claims = JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as unknown;
		return claims !== null && typeof claims === 'object' ? (claims as Record<string, unknown>) : undefined;
	} catch {
		return undefined;
	}
}
