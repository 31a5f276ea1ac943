/**
 * The emulator a bench worker run alone measures against: 50,000 generated sign-ins served as `size` (its scaled
 * table), signed in once through the device code, its CA and token cache written into `dir` for the child processes.
 */
import {writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {Auth} from '../source/auth/auth.js';
import {createNetwork} from '../source/net/network.js';
import {startEmulator} from '../source/emulator/server.js';
import {generateTenant} from '../source/emulator/tenant/tenant.js';

export async function signedInEmulator(
	size: number,
	dir: string,
): Promise<{emu: Awaited<ReturnType<typeof startEmulator>>; caFile: string; cacheFile: string}> {
	const tenant = generateTenant({seed: 'bench', signIns: 50_000, hostileRecords: 0});
	const emu = await startEmulator({tenant, pollInterval: 0, autoApproveMs: 0, scaleSignIns: size});
	const caFile = join(dir, 'ca.pem');
	writeFileSync(caFile, emu.caCert, {mode: 0o600});
	const cacheFile = join(dir, 'cache.json');
	const network = createNetwork({ca: [emu.caCert]});
	try {
		await new Auth({
			loginHost: emu.origin,
			graphResource: 'https://graph.microsoft.com',
			tenant: emu.tenantId,
			cacheFile,
			network,
			knownAuthorities: [new URL(emu.origin).host],
		}).login(() => {});
	} finally {
		network.close();
	}
	return {emu, caFile, cacheFile};
}
