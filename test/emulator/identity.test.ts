/**
 * The identity side, driven by the real @azure/msal-node over HTTPS: device code (pending, approval, token,
 * silent from the file cache), client secret, certificate assertion, and the real errors.
 */
import {mkdtemp, rm, stat, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {spawnSync} from 'node:child_process';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {ConfidentialClientApplication, PublicClientApplication} from '@azure/msal-node';

interface DeviceCodeResponse {
	readonly userCode: string;
	readonly verificationUri: string;
	readonly message: string;
}
import {generate} from 'selfsigned';
import {createHash, X509Certificate} from 'node:crypto';
import {startTestEmulator, type TestEmulator} from '../helpers/emulator.js';
import {fileCachePlugin} from '../../source/auth/token-cache.js';

const PUBLIC_CLIENT = '14d82eec-204b-4c2f-b7e8-296a70dab67e';
const SCOPES = ['https://graph.microsoft.com/AuditLog.Read.All'];
const APP = {
	clientId: '6a1f3c9e-2b7d-4e85-9c0a-1d2e3f4a5b6c',
	displayName: 'SIEM exporter',
	secret: 'correct horse battery staple',
};

let emu: TestEmulator;
let dir: string;
let certPem: string;
let keyPem: string;

beforeAll(async () => {
	const pems = await generate([{name: 'commonName', value: 'siem-exporter'}], {keySize: 2048, algorithm: 'sha256'});
	certPem = pems.cert;
	keyPem = pems.private;
	emu = await startTestEmulator({
		pollInterval: 1,
		confidentialClients: [
			{
				clientId: APP.clientId,
				displayName: APP.displayName,
				secrets: [APP.secret],
				certificates: [certPem],
				roles: ['AuditLog.Read.All', 'Directory.Read.All'],
			},
		],
	});
	dir = await mkdtemp(join(tmpdir(), 'entra-logs-msal-'));
});
afterAll(async () => {
	await emu.close();
	await rm(dir, {recursive: true, force: true});
});

const host = (): string => new URL(emu.origin).host;

function publicApp(cacheFile: string): PublicClientApplication {
	return new PublicClientApplication({
		auth: {clientId: PUBLIC_CLIENT, authority: emu.authority, knownAuthorities: [host()]},
		system: {networkClient: emu.network.msal},
		cache: {cachePlugin: fileCachePlugin(cacheFile)},
	});
}

async function graphStatus(token: string, path = '/v1.0/auditLogs/signIns?$top=1'): Promise<number> {
	const res = await emu.network.fetch(`${emu.origin}${path}`, {headers: {authorization: `Bearer ${token}`}});
	await res.text();
	return res.status;
}

describe('device code through @azure/msal-node', () => {
	it('stays pending until approved, then yields a token, then a silent token from the 0600 cache file', async () => {
		const cacheFile = join(dir, 'sub', 'cache.json');
		let code: DeviceCodeResponse | undefined;
		const pca = publicApp(cacheFile);
		const login = pca.acquireTokenByDeviceCode({
			scopes: SCOPES,
			deviceCodeCallback: r => {
				code = r;
			},
		});
		// Wait until MSAL has been told "authorization_pending" at least once.
		for (let i = 0; i < 100 && !emu.log.some(e => e.path.endsWith('/oauth2/v2.0/token') && e.status === 400); i++) {
			await new Promise(r => setTimeout(r, 50));
		}
		expect(code?.userCode).toMatch(/^[A-Z0-9]{9}$/);
		expect(code?.verificationUri).toBe(`${emu.origin}/devicelogin`);
		expect(code?.message).toContain(code!.userCode);
		expect(emu.log.filter(e => e.path.endsWith('/oauth2/v2.0/token') && e.status === 400).length).toBeGreaterThan(0);

		await emu.control('approve', {user_code: code!.userCode});
		const result = await login;
		expect(result?.account?.username).toBe('alice@contoso.com');
		expect(result?.account?.tenantId).toBe(emu.tenantId);
		expect(await graphStatus(result!.accessToken)).toBe(200);

		const info = await stat(cacheFile);
		expect(info.mode & 0o777).toBe(0o600);
		expect((await stat(join(dir, 'sub'))).mode & 0o777).toBe(0o700);

		// A new application object (a new process, as far as MSAL knows) reads the file and needs no login.
		const before = emu.log.length;
		const again = publicApp(cacheFile);
		const [account] = await again.getTokenCache().getAllAccounts();
		const silent = await again.acquireTokenSilent({account: account!, scopes: SCOPES});
		expect(silent.fromCache).toBe(true);
		expect(silent.accessToken).toBe(result!.accessToken);
		expect(emu.log.slice(before).filter(e => e.path.endsWith('/token'))).toHaveLength(0);

		// Force a refresh: the refresh-token grant gives a new, working token.
		const refreshed = await again.acquireTokenSilent({account: account!, scopes: SCOPES, forceRefresh: true});
		expect(refreshed.fromCache).toBe(false);
		expect(await graphStatus(refreshed.accessToken)).toBe(200);
	});

	it("a declined code fails with the server's error", async () => {
		const pca = publicApp(join(dir, 'declined.json'));
		const login = pca.acquireTokenByDeviceCode({
			scopes: SCOPES,
			deviceCodeCallback: r => {
				setTimeout(() => void emu.control('decline', {user_code: r.userCode}), 20);
			},
		});
		await expect(login).rejects.toMatchObject({errorMessage: expect.stringContaining('authorization_declined')});
	});

	it('an unknown public client gets AADSTS700016 from the devicecode endpoint', async () => {
		const clientId = '11111111-2222-3333-4444-555555555555';
		const raw = await emu.network.fetch(`${emu.authority}/oauth2/v2.0/devicecode`, {
			method: 'POST',
			headers: {'content-type': 'application/x-www-form-urlencoded'},
			body: new URLSearchParams({client_id: clientId, scope: SCOPES[0]!}).toString(),
		});
		expect(raw.status).toBe(400);
		expect(JSON.parse(await raw.text())).toMatchObject({error: 'unauthorized_client', error_codes: [700016]});
		// MSAL does not look at that answer: it hands the callback an empty code and fails on the first poll.
		// The client (source/auth) has to notice the missing code itself.
		const pca = new PublicClientApplication({
			auth: {clientId, authority: emu.authority, knownAuthorities: [host()]},
			system: {networkClient: emu.network.msal},
		});
		let seen: DeviceCodeResponse | undefined;
		await expect(
			pca.acquireTokenByDeviceCode({
				scopes: SCOPES,
				deviceCodeCallback: r => {
					seen = r;
				},
			}),
		).rejects.toBeDefined();
		expect(seen?.userCode).toBeUndefined();
	});
});

describe('app-only', () => {
	function confidential(auth: Record<string, unknown>): ConfidentialClientApplication {
		return new ConfidentialClientApplication({
			auth: {clientId: APP.clientId, authority: emu.authority, knownAuthorities: [host()], ...auth},
			system: {networkClient: emu.network.msal},
		});
	}

	it('client secret gives a token that reads sign-ins', async () => {
		const result = await confidential({clientSecret: APP.secret}).acquireTokenByClientCredential({
			scopes: ['https://graph.microsoft.com/.default'],
		});
		expect(await graphStatus(result!.accessToken)).toBe(200);
	});

	it('a wrong secret gives invalid_client with AADSTS7000215', async () => {
		await expect(
			confidential({clientSecret: 'wrong'}).acquireTokenByClientCredential({
				scopes: ['https://graph.microsoft.com/.default'],
			}),
		).rejects.toMatchObject({errorCode: 'invalid_client', errorMessage: expect.stringContaining('AADSTS7000215')});
	});

	it('a certificate assertion signed by the registered key works; another key is refused', async () => {
		const der = new X509Certificate(certPem).raw;
		const thumbprintSha256 = createHash('sha256').update(der).digest('hex');
		const good = await confidential({
			clientCertificate: {thumbprintSha256, privateKey: keyPem},
		}).acquireTokenByClientCredential({scopes: ['https://graph.microsoft.com/.default']});
		expect(await graphStatus(good!.accessToken)).toBe(200);

		const other = await generate([{name: 'commonName', value: 'intruder'}], {keySize: 2048, algorithm: 'sha256'});
		await expect(
			confidential({clientCertificate: {thumbprintSha256, privateKey: other.private}}).acquireTokenByClientCredential({
				scopes: ['https://graph.microsoft.com/.default'],
			}),
		).rejects.toMatchObject({errorCode: 'invalid_client', errorMessage: expect.stringContaining('AADSTS700027')});
	});

	it('an app without a Conditional Access permission gets sign-ins without appliedConditionalAccessPolicies', async () => {
		const result = await confidential({clientSecret: APP.secret}).acquireTokenByClientCredential({
			scopes: ['https://graph.microsoft.com/.default'],
		});
		const res = await emu.network.fetch(`${emu.origin}/beta/auditLogs/signIns?$top=3`, {
			headers: {authorization: `Bearer ${result!.accessToken}`},
		});
		const body = JSON.parse(await res.text()) as {value: Array<Record<string, unknown>>};
		expect(body.value).toHaveLength(3);
		for (const r of body.value) expect(r).not.toHaveProperty('appliedConditionalAccessPolicies');
		const user = await emu.token();
		const res2 = await emu.network.fetch(`${emu.origin}/beta/auditLogs/signIns?$top=3`, {
			headers: {authorization: `Bearer ${user}`},
		});
		for (const r of (JSON.parse(await res2.text()) as {value: Array<Record<string, unknown>>}).value) {
			expect(Array.isArray(r['appliedConditionalAccessPolicies'])).toBe(true);
		}
	});
});

describe('Graph token and licence checks', () => {
	async function call(
		token: string | undefined,
		path = '/v1.0/auditLogs/signIns?$top=1',
	): Promise<{status: number; body: {error: {code: string; message: string}}; headers: Record<string, string>}> {
		const res = await emu.network.fetch(`${emu.origin}${path}`, {
			headers: token ? {authorization: `Bearer ${token}`} : {},
		});
		const headers: Record<string, string> = {};
		res.headers.forEach((v, k) => {
			headers[k] = v;
		});
		return {status: res.status, body: JSON.parse(await res.text()), headers};
	}

	it('no token: 401 InvalidAuthenticationToken "Access token is empty."', async () => {
		const r = await call(undefined);
		expect(r.status).toBe(401);
		expect(r.body.error).toMatchObject({code: 'InvalidAuthenticationToken', message: 'Access token is empty.'});
		expect(r.headers['www-authenticate']).toContain('Bearer');
	});

	it('an expired token: 401 "Lifetime validation failed, the token is expired."', async () => {
		const token = await emu.token();
		expect((await call(token)).status).toBe(200);
		await emu.control('expire-tokens', {});
		const r = await call(token);
		expect(r.status).toBe(401);
		expect(r.body.error.message).toBe('Lifetime validation failed, the token is expired.');
		expect((await call(await emu.token())).status).toBe(200);
	});

	it('an unlicensed tenant: 403 on sign-ins and provisioning, audits still readable', async () => {
		const token = await emu.token();
		await emu.control('license', {license: 'free'});
		try {
			const r = await call(token);
			expect(r.status).toBe(403);
			expect(r.body.error).toMatchObject({
				code: 'Authentication_RequestFromNonPremiumTenantOrB2CTenant',
				message: "Neither tenant is B2C or tenant doesn't have premium license",
			});
			expect((await call(token, '/v1.0/auditLogs/provisioning?$top=1')).status).toBe(403);
			expect((await call(token, '/v1.0/auditLogs/directoryAudits?$top=1')).status).toBe(200);
		} finally {
			await emu.control('license', {license: 'p2'});
		}
	});

	it('a user without a reporting role: 403 Authentication_RequestFromUnsupportedUserRole', async () => {
		const plain = emu.tenant.users.find(u => !u.isAdmin)!;
		const r = await call(await emu.token(plain.userPrincipalName));
		expect(r.status).toBe(403);
		expect(r.body.error).toMatchObject({
			code: 'Authentication_RequestFromUnsupportedUserRole',
			message: 'User is not in the allowed roles',
		});
	});

	it('/me and /organization describe the signed-in user and the tenant', async () => {
		const token = await emu.token();
		const me = await emu.network.fetch(`${emu.origin}/v1.0/me`, {headers: {authorization: `Bearer ${token}`}});
		expect(JSON.parse(await me.text())).toMatchObject({userPrincipalName: 'alice@contoso.com'});
		const org = await emu.network.fetch(`${emu.origin}/v1.0/organization`, {
			headers: {authorization: `Bearer ${token}`},
		});
		const body = JSON.parse(await org.text()) as {value: Array<{id: string; displayName: string}>};
		expect(body.value[0]).toMatchObject({id: emu.tenantId, displayName: 'Contoso'});
	});
});

describe("the emulator's own approval of a code (autoApproveMs: the demo)", () => {
	/** A device code from `emulator`'s endpoint, then one poll at once: the poll's status and body, and the code's interval. */
	async function codeThenPoll(
		e: TestEmulator,
	): Promise<{interval: number; status: number; body: Record<string, unknown>}> {
		const post = async (
			path: string,
			form: Record<string, string>,
		): Promise<{status: number; body: Record<string, unknown>}> => {
			const res = await e.network.fetch(`${e.authority}/oauth2/v2.0/${path}`, {
				method: 'POST',
				headers: {'content-type': 'application/x-www-form-urlencoded'},
				body: new URLSearchParams(form).toString(),
			});
			return {status: res.status, body: JSON.parse(await res.text()) as Record<string, unknown>};
		};
		const code = await post('devicecode', {client_id: PUBLIC_CLIENT, scope: SCOPES[0]!});
		const poll = await post('token', {
			client_id: PUBLIC_CLIENT,
			grant_type: 'device_code',
			device_code: String(code.body['device_code']),
		});
		return {interval: Number(code.body['interval']), ...poll};
	}

	it('a poll shortly before the approval is answered with the token then; one long before is told to wait, at once', async () => {
		const soon = await startTestEmulator({autoApproveMs: 300, pollInterval: undefined});
		const late = await startTestEmulator({autoApproveMs: 60_000, pollInterval: undefined});
		try {
			const held = await codeThenPoll(soon);
			// The identity platform's own interval, never waited: the first poll has the token.
			expect(held.interval).toBe(5);
			expect(held.status).toBe(200);
			expect(held.body['access_token']).toEqual(expect.any(String));
			const told = await codeThenPoll(late);
			expect(told.status).toBe(400);
			expect(told.body).toMatchObject({error: 'authorization_pending', error_codes: [70016]});
		} finally {
			await soon.close();
			await late.close();
		}
	});

	it("--demo: the code's interval is the identity platform's 5 s, and MSAL's first poll has the token", async () => {
		const home = await mkdtemp(join(tmpdir(), 'entra-logs-demo-signin-'));
		// A cache "folder" under a file: the demo runs without the day's cache (nothing to save at close).
		await writeFile(join(home, 'file'), '');
		const env = {XDG_CACHE_HOME: join(home, 'file', 'cache'), ENTRA_LOGS_CONFIG_DIR: join(home, 'config')};
		const {buildServices} = await import('../../source/cli/services.js');
		const {parseCli} = await import('../../source/cli/args.js');
		const services = await buildServices(parseCli(['--demo'], env), env);
		try {
			const demo = services.emulator!;
			let shown = '';
			const account = await services.auth.login(info => {
				shown = info.userCode;
			});
			expect(account.username).toBe('alice@contoso.com');
			expect(shown).toMatch(/^[A-Z0-9]{9}$/);
			const polls = (await demo.log()).filter(e => e.path.endsWith('/oauth2/v2.0/token'));
			expect(polls).toEqual([{method: 'POST', path: `/${demo.tenantId}/oauth2/v2.0/token`, status: 200}]);
			const res = await services.network.fetch(`${demo.authority}/oauth2/v2.0/devicecode`, {
				method: 'POST',
				headers: {'content-type': 'application/x-www-form-urlencoded'},
				body: new URLSearchParams({client_id: PUBLIC_CLIENT, scope: SCOPES[0]!}).toString(),
			});
			expect((JSON.parse(await res.text()) as {interval: number}).interval).toBe(5);
		} finally {
			await services.close();
			await rm(home, {recursive: true, force: true});
		}
	});
});

describe("the listener's certificate", () => {
	it('a CA for 127.0.0.1, ::1 and localhost that openssl verifies strictly for a TLS server, valid from a minute ago', async () => {
		const file = join(dir, 'emulator-ca.pem');
		await writeFile(file, emu.caCert);
		// An independent reader of the DER: openssl, in its strict X.509 mode, for the purpose a TLS server has.
		const verify = spawnSync('openssl', ['verify', '-x509_strict', '-purpose', 'sslserver', '-CAfile', file, file], {
			encoding: 'utf8',
		});
		expect(verify.stdout.trim()).toBe(`${file}: OK`);
		const text = spawnSync('openssl', ['x509', '-in', file, '-noout', '-text'], {encoding: 'utf8'}).stdout;
		expect(text).toMatch(/Basic Constraints: critical\s+CA:TRUE/);
		expect(text).toMatch(/Key Usage: critical\s+Digital Signature, Certificate Sign/);
		expect(text).toMatch(/Extended Key Usage:\s+TLS Web Server Authentication/);
		expect(text).toContain('IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1, DNS:localhost');
		const cert = new X509Certificate(emu.caCert);
		expect(cert.verify(cert.publicKey)).toBe(true);
		expect(cert.publicKey.asymmetricKeyDetails).toEqual({namedCurve: 'prime256v1'});
		const from = Date.parse(cert.validFrom);
		expect(Date.now() - from).toBeGreaterThanOrEqual(55_000);
		expect(Date.parse(cert.validTo) - from).toBeGreaterThan(364 * 86_400_000);
	});
});
