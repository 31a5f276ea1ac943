/** The Graph client's limiter and the app-only certificate path of Auth, against the emulator. */
import {mkdtemp, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {generate} from 'selfsigned';
import {startTestEmulator, type TestEmulator} from '../helpers/emulator.js';
import {signedInClient} from '../helpers/client.js';
import {GraphClient} from '../../source/graph/client.js';
import {Auth, AuthFailedError} from '../../source/auth/auth.js';

let emu: TestEmulator;
beforeAll(async () => {
	emu = await startTestEmulator({pollInterval: 0});
});
afterAll(() => emu.close());

describe('Graph client', () => {
	it('never sends more than the limit within any window', async () => {
		const {auth} = await signedInClient(emu);
		const sent: number[] = [];
		const client = new GraphClient({
			network: emu.network,
			getToken: o => auth.getToken(o),
			rateLimit: {requests: 2, windowMs: 300},
			onRequest: () => sent.push(performance.now()),
		});
		for (let i = 0; i < 6; i++) await client.getPage(`${emu.origin}/v1.0/auditLogs/signIns?$top=1`);
		expect(sent).toHaveLength(6);
		for (let i = 2; i < sent.length; i++) expect(sent[i]! - sent[i - 2]!).toBeGreaterThanOrEqual(299);
	});
});

describe('app-only with a certificate', () => {
	it('a PEM with certificate and key signs in and reads sign-ins; a PEM without a key is a one-line error', async () => {
		const pems = await generate([{name: 'commonName', value: 'automation'}], {keySize: 2048, algorithm: 'sha256'});
		const clientId = '2b3c4d5e-6f70-4182-9394-a5b6c7d8e9f0';
		await emu.control('clients', {clientId, certificates: [pems.cert], roles: ['AuditLog.Read.All']});
		const dir = await mkdtemp(join(tmpdir(), 'entra-logs-cert-'));
		const pem = join(dir, 'app.pem');
		await writeFile(pem, `${pems.cert}\n${pems.private}`);
		const auth = new Auth({
			loginHost: emu.origin,
			graphResource: 'https://graph.microsoft.com',
			tenant: emu.tenantId,
			clientId,
			certificatePath: pem,
			cacheFile: join(dir, 'cache.json'),
			network: emu.network,
			knownAuthorities: [new URL(emu.origin).host],
		});
		expect(auth.mode).toBe('app');
		const client = new GraphClient({network: emu.network, getToken: o => auth.getToken(o), rateLimit: null});
		const page = await client.getPage(`${emu.origin}/v1.0/auditLogs/signIns?$top=2`);
		expect(page.value).toHaveLength(2);

		const certOnly = join(dir, 'cert-only.pem');
		await writeFile(certOnly, pems.cert);
		const broken = new Auth({
			loginHost: emu.origin,
			graphResource: 'https://graph.microsoft.com',
			tenant: emu.tenantId,
			clientId,
			certificatePath: certOnly,
			cacheFile: join(dir, 'cache2.json'),
			network: emu.network,
			knownAuthorities: [new URL(emu.origin).host],
		});
		await expect(broken.getToken()).rejects.toThrow(AuthFailedError);
		await expect(broken.getToken()).rejects.toThrow('holds no private key');
	});
});
