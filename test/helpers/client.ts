import {mkdtemp} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {Auth} from '../../source/auth/auth.js';
import {GraphClient, type RetryInfo} from '../../source/graph/client.js';
import type {TestEmulator} from './emulator.js';

export interface TestClient {
	readonly auth: Auth;
	readonly client: GraphClient;
	readonly retries: RetryInfo[];
	readonly dir: string;
}

/** The real Auth (MSAL, device code approved by the emulator) and GraphClient, with fast retries. */
export async function signedInClient(emu: TestEmulator): Promise<TestClient> {
	const dir = await mkdtemp(join(tmpdir(), 'entra-logs-test-'));
	const auth = new Auth({
		loginHost: emu.origin,
		graphResource: 'https://graph.microsoft.com',
		tenant: emu.tenantId,
		cacheFile: join(dir, 'cache.json'),
		network: emu.network,
		knownAuthorities: [new URL(emu.origin).host],
	});
	await auth.login(info => void emu.control('approve', {user_code: info.userCode}));
	const retries: RetryInfo[] = [];
	const client = new GraphClient({
		network: emu.network,
		getToken: o => auth.getToken(o),
		rateLimit: null,
		baseDelayMs: 5,
		maxDelayMs: 40,
		onRetry: info => retries.push(info),
	});
	return {auth, client, retries, dir};
}
