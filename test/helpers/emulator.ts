import {startEmulator, type Emulator, type EmulatorOptions} from '../../source/emulator/server.js';
import {generateTenant, type Tenant} from '../../source/emulator/tenant/tenant.js';
import {createNetwork, type Network} from '../../source/net/network.js';

/** A fixed clock for generated data, so that tests see the same tenant every run. */
export const TEST_NOW = new Date('2026-11-20T12:00:00Z');

const tenants = new Map<string, Tenant>();

/** A generated tenant, cached per options within a test file (generation is the slow part). */
export function testTenant(signIns = 6000): Tenant {
	const key = String(signIns);
	let t = tenants.get(key);
	if (!t) {
		t = generateTenant({seed: 'tests', now: TEST_NOW, signIns});
		tenants.set(key, t);
	}
	return t;
}

export interface TestEmulator extends Emulator {
	readonly network: Network;
	/** A bearer token got by device code through the emulator's own endpoints: alice (a report reader) by default. */
	token(upn?: string): Promise<string>;
	control(path: string, body?: unknown): Promise<unknown>;
	/** A Graph GET (a path or a full URL such as a nextLink) with a bearer token: status and parsed body. */
	get(pathOrUrl: string, token: string): Promise<{status: number; body: Record<string, unknown>}>;
}

export async function startTestEmulator(options: EmulatorOptions = {}): Promise<TestEmulator> {
	const emu = await startEmulator({tenant: options.dataFile ? undefined : testTenant(), pollInterval: 0, ...options});
	const network = createNetwork({ca: [emu.caCert]});
	const control = async (path: string, body?: unknown): Promise<unknown> => {
		const res = await network.fetch(`${emu.origin}/_emu/${path}`, {
			method: body === undefined ? 'GET' : 'POST',
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		return JSON.parse(await res.text()) as unknown;
	};
	const token = async (upn?: string): Promise<string> => {
		const form = (o: Record<string, string>) => new URLSearchParams(o).toString();
		const headers = {'content-type': 'application/x-www-form-urlencoded'};
		const dc = JSON.parse(
			await (
				await network.fetch(`${emu.authority}/oauth2/v2.0/devicecode`, {
					method: 'POST',
					headers,
					body: form({
						client_id: '14d82eec-204b-4c2f-b7e8-296a70dab67e',
						scope: 'https://graph.microsoft.com/AuditLog.Read.All offline_access',
					}),
				})
			).text(),
		) as {device_code: string; user_code: string};
		await control('approve', {user_code: dc.user_code, upn});
		const tok = JSON.parse(
			await (
				await network.fetch(`${emu.authority}/oauth2/v2.0/token`, {
					method: 'POST',
					headers,
					body: form({
						grant_type: 'device_code',
						client_id: '14d82eec-204b-4c2f-b7e8-296a70dab67e',
						device_code: dc.device_code,
					}),
				})
			).text(),
		) as {access_token: string};
		return tok.access_token;
	};
	const get = async (pathOrUrl: string, bearer: string): Promise<{status: number; body: Record<string, unknown>}> => {
		const res = await network.fetch(pathOrUrl.startsWith('https:') ? pathOrUrl : `${emu.origin}${pathOrUrl}`, {
			headers: {authorization: `Bearer ${bearer}`},
		});
		return {status: res.status, body: JSON.parse(await res.text()) as Record<string, unknown>};
	};
	return {
		...emu,
		network,
		token,
		control,
		get,
		close: async () => {
			network.close();
			await emu.close();
		},
	};
}
