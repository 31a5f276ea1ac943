/** Builds what a run needs from the flags: network, auth, Graph client, and (for --demo) the in-process emulator. */
import {join} from 'node:path';
import {privateTempDir, removeTempDir} from '../process/cleanup.js';
import {Auth} from '../auth/auth.js';
import {CLOUDS} from '../auth/clouds.js';
import {GraphClient, type RetryInfo} from '../graph/client.js';
import {createNetwork, type Network} from '../net/network.js';
import type {Emulator} from '../emulator/server.js';
import {configDir, type Parsed} from './args.js';

export interface Services {
	readonly network: Network;
	readonly auth: Auth;
	readonly graphBase: string;
	readonly client: GraphClient;
	readonly configDir: string;
	readonly emulator?: Emulator;
	/** A line for the sign-in screen (the demo approves its device code by itself). */
	readonly loginNote?: string;
	/** Where retries are reported (the TUI's status bar, or export progress). */
	onRetry(listener: (info: RetryInfo) => void): void;
	close(): Promise<void>;
}

/** The demo's emulator approves its device code by itself after this long, as a person on another device would. */
const DEMO_APPROVE_MS = 2500;

export async function buildServices(
	parsed: Parsed,
	env: Readonly<Record<string, string | undefined>>,
): Promise<Services> {
	let dir = configDir(env);
	let emulator: Emulator | undefined;
	let loginHost: string;
	let graphBase: string;
	let knownAuthorities: string[] | undefined;
	const ca: string[] = [];
	let cacheFile = join(dir, 'msal-cache.json');
	let tenant = parsed.tenant;
	let rateLimit: {requests: number; windowMs: number} | undefined;

	if (parsed.demo) {
		const {startEmulator} = await import('../emulator/server.js');
		// In the background: the TUI draws at once and the device-code sign-in waits for the records (~2 s).
		emulator = await startEmulator({seed: 'demo', autoApproveMs: DEMO_APPROVE_MS, pollInterval: 1, background: true});
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

	const caFiles = [parsed.caFile].filter((f): f is string => Boolean(f));
	const network = createNetwork({ca, caFiles, env});
	const auth = new Auth({
		loginHost,
		// The emulator, like the global cloud, issues tokens for the global Graph resource.
		graphResource: parsed.demo || parsed.emulatorUrl ? CLOUDS.global.graphHost : graphBase,
		tenant,
		clientId: parsed.clientId,
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
	return {
		network,
		auth,
		graphBase,
		client,
		configDir: dir,
		emulator,
		loginNote: parsed.demo
			? `demo: the emulator approves this code itself in ${DEMO_APPROVE_MS / 1000} s, as alice@contoso.com`
			: undefined,
		onRetry: l => {
			listeners.push(l);
		},
		close: async () => {
			network.close();
			await emulator?.close();
			if (parsed.demo) removeTempDir(dir);
		},
	};
}
