/**
 * A plain HTTPS caller of the emulator's Log Analytics API for tests: tokens for https://api.loganalytics.io signed
 * by the emulator's own signer (its identity platform does not hand them out yet), and POST/GET queries.
 */
import {afterAll, beforeAll} from 'vitest';
import {startTestEmulator, type TestEmulator} from '../helpers/emulator.js';
import type {EmulatorOptions} from '../../source/emulator/server.js';
import {logAnalyticsOf, workspaceIdFor} from '../../source/emulator/log-analytics/index.js';
import {arrayTable} from '../../source/emulator/graph/records.js';
import type {TokenClaims} from '../../source/emulator/identity/tokens.js';

export interface LaReply {
	readonly status: number;
	readonly headers: Headers;
	readonly text: string;
	readonly body: Record<string, unknown>;
}

export interface LaCaller {
	readonly workspace: string;
	token(claims?: Partial<TokenClaims>): string;
	post(
		query: string,
		options?: {
			timespan?: string;
			token?: string | null;
			workspace?: string;
			prefer?: string;
			body?: string;
			contentType?: string;
		},
	): Promise<LaReply>;
	get(query: string, options?: {timespan?: string; token?: string | null; workspace?: string}): Promise<LaReply>;
	/** The rows of a 200 as objects keyed by column name (cells as sent). */
	rows(reply: LaReply): Array<Record<string, unknown>>;
}

export function laCaller(emu: TestEmulator): LaCaller {
	const workspace = workspaceIdFor(emu.tenantId);
	const alice = emu.tenant.users[0]!;
	const token = (claims: Partial<TokenClaims> = {}): string => {
		const now = Math.floor(Date.now() / 1000);
		// The identity platform numbers the tokens it issues (its expire-tokens knob compares them): take the next number.
		const serial = emu.identity as unknown as {serial: number};
		return emu.identity.signer.sign({
			aud: 'https://api.loganalytics.io',
			iss: `https://sts.windows.net/${emu.tenantId}/`,
			iat: now,
			nbf: now,
			exp: now + 3600,
			tid: emu.tenantId,
			appid: '04b07795-8ddb-461a-bbee-02f9e1bf7b46',
			oid: alice.id,
			upn: alice.userPrincipalName,
			scp: 'Data.Read',
			idtyp: 'user',
			wids: ['4a5d8f65-41da-4de4-8968-e035b65339cf'],
			seq: ++serial.serial,
			...claims,
		} as TokenClaims);
	};
	const reply = async (
		res: Response | {status: number; headers: Headers; text(): Promise<string>},
	): Promise<LaReply> => {
		const text = await res.text();
		let body: Record<string, unknown> = {};
		try {
			body = text ? (JSON.parse(text) as Record<string, unknown>) : {};
		} catch {
			body = {};
		}
		return {status: res.status, headers: res.headers as Headers, text, body};
	};
	const auth = (t: string | null | undefined): Record<string, string> =>
		t === null ? {} : {authorization: `Bearer ${t ?? token()}`};
	return {
		workspace,
		token,
		post: async (query, o = {}) =>
			reply(
				(await emu.network.fetch(`${emu.origin}/v1/workspaces/${o.workspace ?? workspace}/query`, {
					method: 'POST',
					headers: {
						...auth(o.token),
						'content-type': o.contentType ?? 'application/json',
						...(o.prefer ? {prefer: o.prefer} : {}),
					},
					body: o.body ?? JSON.stringify({query, ...(o.timespan ? {timespan: o.timespan} : {})}),
				})) as unknown as Response,
			),
		get: async (query, o = {}) => {
			const params = new URLSearchParams({query, ...(o.timespan ? {timespan: o.timespan} : {})});
			return reply(
				(await emu.network.fetch(`${emu.origin}/v1/workspaces/${o.workspace ?? workspace}/query?${params}`, {
					headers: auth(o.token),
				})) as unknown as Response,
			);
		},
		rows: r => {
			const table = (r.body['tables'] as Array<{columns: Array<{name: string}>; rows: unknown[][]}>)[0]!;
			return table.rows.map(row => Object.fromEntries(table.columns.map((c, i) => [c.name, row[i]])));
		},
	};
}

/** The emulator's Log Analytics service (made now if no request came yet), for its settings. */
export function laService(emu: TestEmulator) {
	return logAnalyticsOf({
		tenant: emu.tenant,
		identity: emu.identity,
		faults: emu.faults,
		log: emu.log,
		tables: {
			signIns: arrayTable(emu.tenant.signIns),
			directoryAudits: arrayTable(emu.tenant.directoryAudits),
			provisioning: arrayTable(emu.tenant.provisioning),
		},
	});
}

/** An emulator and a caller for the tests of a file (or a describe block): started before them, closed after. */
export function withLaEmulator(options: EmulatorOptions = {}): {readonly emu: TestEmulator; readonly la: LaCaller} {
	const state: {emu?: TestEmulator; la?: LaCaller} = {};
	beforeAll(async () => {
		state.emu = await startTestEmulator(options);
		state.la = laCaller(state.emu);
	});
	afterAll(async () => {
		await state.emu?.close();
	});
	return {
		get emu() {
			return state.emu!;
		},
		get la() {
			return state.la!;
		},
	};
}

/** Azure CLI's public client: entra-logs' default for a workspace. */
export const AZURE_CLI = '04b07795-8ddb-461a-bbee-02f9e1bf7b46';

/** A delegated token by device code through the emulator's own identity endpoints, for exactly the scopes asked. */
export async function deviceToken(emu: TestEmulator, scopes: readonly string[]): Promise<string> {
	const post = async (path: string, form: Record<string, string>): Promise<Record<string, string>> => {
		const res = await emu.network.fetch(`${emu.authority}/oauth2/v2.0/${path}`, {
			method: 'POST',
			headers: {'content-type': 'application/x-www-form-urlencoded'},
			body: new URLSearchParams(form).toString(),
		});
		return JSON.parse(await res.text()) as Record<string, string>;
	};
	const code = await post('devicecode', {client_id: AZURE_CLI, scope: scopes.join(' ')});
	await emu.control('approve', {user_code: code['user_code']});
	const token = await post('token', {
		grant_type: 'device_code',
		client_id: AZURE_CLI,
		device_code: code['device_code']!,
	});
	return token['access_token']!;
}
