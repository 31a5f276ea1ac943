/** The fault knobs, as a client sees them over HTTPS. */
import {afterAll, beforeAll, beforeEach, describe, expect, it} from 'vitest';
import {startTestEmulator, type TestEmulator} from '../helpers/emulator.js';

let emu: TestEmulator;
let token: string;

beforeAll(async () => {
	emu = await startTestEmulator();
	token = await emu.token();
});
beforeEach(() => emu.setFaults({}));
afterAll(() => emu.close());

const URL_ = '/v1.0/auditLogs/signIns?$top=50';

async function call(): Promise<{status: number; text: string; headers: Record<string, string>}> {
	const res = await emu.network.fetch(`${emu.origin}${URL_}`, {headers: {authorization: `Bearer ${token}`}});
	const headers: Record<string, string> = {};
	res.headers.forEach((v, k) => {
		headers[k] = v;
	});
	return {status: res.status, text: await res.text(), headers};
}

describe('fault knobs', () => {
	it('429 every Nth request, with a fractional Retry-After and the documented body', async () => {
		emu.setFaults({throttleEvery: 2, retryAfter: '0.25'});
		const statuses = [];
		for (let i = 0; i < 4; i++) {
			const r = await call();
			statuses.push(r.status);
			if (r.status === 429) {
				expect(r.headers['retry-after']).toBe('0.25');
				const body = JSON.parse(r.text);
				expect(body.error.code).toBe('TooManyRequests');
				expect(body.error.message).toBe('Please retry again later.');
				expect(body.error.innerError).toMatchObject({code: '429', status: '429', message: 'Please retry after'});
			}
		}
		expect(statuses.filter(s => s === 429)).toHaveLength(2);
		expect(statuses.filter(s => s === 200)).toHaveLength(2);
	});

	it('503 serviceNotAvailable', async () => {
		emu.setFaults({unavailableEvery: 1, retryAfter: '1'});
		const r = await call();
		expect(r.status).toBe(503);
		expect(JSON.parse(r.text).error.code).toBe('serviceNotAvailable');
	});

	it('a dropped connection mid-body', async () => {
		emu.setFaults({dropEvery: 1});
		await expect(call()).rejects.toBeDefined();
	});

	it('a 200 whose JSON is cut short', async () => {
		emu.setFaults({truncateEvery: 1});
		const r = await call();
		expect(r.status).toBe(200);
		expect(() => JSON.parse(r.text)).toThrow();
		expect(r.text.startsWith('{"@odata.context"')).toBe(true);
	});

	it('a token that expires on the Nth request', async () => {
		const fresh = await emu.token();
		token = fresh;
		emu.setFaults({expireTokenEvery: 1});
		const r = await call();
		expect(r.status).toBe(401);
		expect(JSON.parse(r.text).error.message).toBe('Lifetime validation failed, the token is expired.');
		emu.setFaults({});
		token = await emu.token();
		expect((await call()).status).toBe(200);
	});

	it('latency delays the answer', async () => {
		emu.setFaults({latencyMs: 150});
		const started = process.hrtime.bigint();
		const r = await call();
		expect(r.status).toBe(200);
		expect(Number(process.hrtime.bigint() - started) / 1e6).toBeGreaterThanOrEqual(140);
	});

	it('knobs can be set over HTTP too', async () => {
		const state = (await emu.control('faults', {throttleEvery: 1, retryAfter: '2.128'})) as {throttleEvery: number};
		expect(state.throttleEvery).toBe(1);
		const r = await call();
		expect(r.status).toBe(429);
		expect(r.headers['retry-after']).toBe('2.128');
	});
});
