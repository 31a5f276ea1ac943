/**
 * App-only sign-in for a workspace: entra-logs' Auth with a client secret asks the emulator's identity platform for
 * `https://api.loganalytics.io/.default` (client credentials), and the token it gets is one the query API takes:
 * its audience, and Data.Read in `roles`; withheld by the permission knob, the 403 names Data.Read as what is
 * missing. A 401 that a fresh token does not cure asks for a new sign-in.
 */
import {mkdtemp} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';
import {Auth, logAnalyticsScopes} from '../../source/auth/auth.js';
import {LogAnalyticsClient, LogAnalyticsError} from '../../source/net/log-analytics-client.js';
import {needsSignIn} from '../../source/sources/source-error.js';
import {withLaEmulator} from './la-client.js';

const APP = {clientId: '5d3b3f5e-0b1e-4d7c-9f3a-2a1b3c4d5e6f', secret: 'an app secret'};
const env = withLaEmulator({
	confidentialClients: [
		{clientId: APP.clientId, displayName: 'Log reader', secrets: [APP.secret], certificates: [], roles: []},
	],
});

async function appClient(): Promise<{auth: Auth; client: LogAnalyticsClient}> {
	const {emu} = env;
	const auth = new Auth({
		loginHost: emu.origin,
		graphResource: 'https://graph.microsoft.com',
		tenant: emu.tenantId,
		clientId: APP.clientId,
		clientSecret: APP.secret,
		scopes: logAnalyticsScopes('https://api.loganalytics.io'),
		cacheFile: join(await mkdtemp(join(tmpdir(), 'entra-logs-la-app-')), 'cache.json'),
		network: emu.network,
		knownAuthorities: [new URL(emu.origin).host],
	});
	const client = new LogAnalyticsClient({network: emu.network, base: emu.origin, getToken: o => auth.getToken(o)});
	return {auth, client};
}

describe('app-only for a workspace', () => {
	it('client credentials for the Log Analytics scope: a token the API takes; without Data.Read, a 403 that says so', async () => {
		const {auth, client} = await appClient();
		const token = await auth.getToken();
		const claims = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8')) as {
			aud: string;
			roles: string[];
		};
		expect(claims.aud).toBe('https://api.loganalytics.io');
		expect(claims.roles).toEqual(['Data.Read']);
		const body = await client.query(env.la.workspace, {query: 'AuditLogs | take 2'});
		expect((body['tables'] as Array<{rows: unknown[]}>)[0]!.rows).toHaveLength(2);

		env.emu.identity.logAnalyticsDataRead = false;
		try {
			const fresh = await appClient();
			const error = await fresh.client.query(env.la.workspace, {query: 'AuditLogs | take 2'}).catch((e: unknown) => e);
			expect(error).toBeInstanceOf(LogAnalyticsError);
			expect((error as LogAnalyticsError).oneLine()).toMatch(
				/^Log Analytics 403 InsufficientAccessError: .*missing: the permission Data\.Read of the Log Analytics API/,
			);
			expect(needsSignIn(error)).toBe(false);
		} finally {
			env.emu.identity.logAnalyticsDataRead = true;
		}
	});

	it('a 401 after a fresh token is a LogAnalyticsError that asks for a new sign-in', async () => {
		const {emu, la} = env;
		// A token the API does not take, however often it is asked again: expired as soon as it is issued.
		const client = new LogAnalyticsClient({
			network: emu.network,
			base: emu.origin,
			getToken: async () => la.token({exp: Math.floor(Date.now() / 1000) - 10}),
		});
		const error = await client.query(la.workspace, {query: 'AuditLogs | take 1'}).catch((e: unknown) => e);
		expect(error).toBeInstanceOf(LogAnalyticsError);
		expect((error as LogAnalyticsError).status).toBe(401);
		expect((error as LogAnalyticsError).oneLine()).toMatch(/sign in again: entra-logs login --workspace ID/);
		expect(needsSignIn(error)).toBe(true);
	});
});
