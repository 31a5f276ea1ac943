/** The demo tenant generator: deterministic for a seed, and realistic in its proportions. */
import {describe, expect, it} from 'vitest';
import {generateTenant, type GraphRecord} from '../../source/emulator/tenant/tenant.js';
import {TEST_NOW, startTestEmulator, testTenant} from '../helpers/emulator.js';

const code = (r: GraphRecord): number => (r['status'] as {errorCode: number}).errorCode;
const type = (r: GraphRecord): string => (r['signInEventTypes'] as string[])[0]!;

describe('generator', () => {
	it('same seed and clock, same records; another seed, other records', () => {
		const a = generateTenant({seed: 42, now: TEST_NOW, signIns: 3000});
		const b = generateTenant({seed: 42, now: TEST_NOW, signIns: 3000});
		const c = generateTenant({seed: 43, now: TEST_NOW, signIns: 3000});
		expect(JSON.stringify(a.signIns)).toBe(JSON.stringify(b.signIns));
		expect(JSON.stringify(a.directoryAudits)).toBe(JSON.stringify(b.directoryAudits));
		expect(JSON.stringify(a.provisioning)).toBe(JSON.stringify(b.provisioning));
		expect(a.signIns[0]!.id).not.toBe(c.signIns[0]!.id);
	});

	it('in the background (the demo): the server answers before the records exist, requests wait, the records are the same', async () => {
		const emu = await startTestEmulator({
			tenant: undefined,
			seed: 42,
			now: TEST_NOW,
			signIns: 12_000,
			background: true,
		});
		try {
			// Listening already, with no sign-ins yet: a request made now waits for them.
			expect(emu.tenant.signIns.length).toBe(0);
			const token = await emu.token();
			const {status, body} = await emu.get('/v1.0/auditLogs/signIns?$top=5&$select=id', token);
			expect(status).toBe(200);
			const same = generateTenant({seed: 42, now: TEST_NOW, signIns: 12_000});
			expect((body['value'] as GraphRecord[]).map(r => r.id)).toEqual(
				same.signIns
					.filter(r => type(r) === 'interactiveUser')
					.slice(0, 5)
					.map(r => r.id),
			);
			expect(JSON.stringify(emu.tenant.signIns)).toBe(JSON.stringify(same.signIns));
			expect(emu.tenant.directoryAudits.length).toBe(same.directoryAudits.length);
		} finally {
			await emu.close();
		}
	});

	it('the default demo tenant: 50,000 sign-ins over 30 days, at least 200 users and 40 apps', () => {
		const t = generateTenant({seed: 1, now: TEST_NOW});
		expect(t.signIns.length).toBe(50_000);
		expect(t.users.length).toBeGreaterThanOrEqual(200);
		const apps = new Set(t.signIns.map(r => r['appId']));
		expect(apps.size).toBeGreaterThanOrEqual(40);
		const oldest = Date.parse(t.signIns[t.signIns.length - 1]!['createdDateTime'] as string);
		expect(TEST_NOW.getTime() - oldest).toBeGreaterThan(29 * 86_400_000);
		expect(TEST_NOW.getTime() - oldest).toBeLessThanOrEqual(30 * 86_400_000);
		// Event types in realistic shares: non-interactive dominates.
		const share = (k: string) => t.signIns.filter(r => type(r) === k).length / t.signIns.length;
		expect(share('nonInteractiveUser')).toBeGreaterThan(0.45);
		expect(share('interactiveUser')).toBeGreaterThan(0.12);
		expect(share('interactiveUser')).toBeLessThan(0.3);
		expect(share('servicePrincipal')).toBeGreaterThan(0.05);
		expect(share('managedIdentity')).toBeGreaterThan(0.02);
		// Errors: mostly success, and the usual codes present.
		const ok = t.signIns.filter(r => code(r) === 0).length / t.signIns.length;
		expect(ok).toBeGreaterThan(0.85);
		expect(ok).toBeLessThan(0.98);
		for (const c of [50126, 50074, 50076, 53003, 50053, 700016, 7000218]) {
			expect(
				t.signIns.some(r => code(r) === c),
				`error ${c}`,
			).toBe(true);
		}
		expect(t.directoryAudits.length).toBeGreaterThan(5000);
		expect(t.provisioning.length).toBeGreaterThan(1000);
	});

	it('MFA interrupts share a correlation id with the sign-in that completes them', () => {
		const t = testTenant();
		const interrupts = t.signIns
			.filter(r => code(r) === 50074 || code(r) === 50076)
			.filter(r => type(r) === 'interactiveUser');
		const followed = interrupts.filter(i =>
			t.signIns.some(r => r !== i && r['correlationId'] === i['correlationId'] && code(r) === 0),
		);
		expect(interrupts.length).toBeGreaterThan(10);
		expect(followed.length / interrupts.length).toBeGreaterThan(0.6);
	});

	it('each user signs in mostly from one city; far-away outliers are rare', () => {
		const t = testTenant();
		const byUser = new Map<string, string[]>();
		for (const r of t.signIns) {
			if (type(r) !== 'interactiveUser' || code(r) !== 0) continue;
			const list = byUser.get(r['userId'] as string) ?? [];
			list.push((r['location'] as {countryOrRegion: string}).countryOrRegion);
			byUser.set(r['userId'] as string, list);
		}
		let home = 0;
		let total = 0;
		for (const list of byUser.values()) {
			const counts = new Map<string, number>();
			for (const c of list) counts.set(c, (counts.get(c) ?? 0) + 1);
			home += Math.max(...counts.values());
			total += list.length;
		}
		expect(home / total).toBeGreaterThan(0.85);
		expect(home / total).toBeLessThan(1);
	});

	it('audits span the usual categories; provisioning has cycles, steps and failures', () => {
		const t = testTenant();
		const categories = new Set(t.directoryAudits.map(r => r['category']));
		for (const c of [
			'UserManagement',
			'GroupManagement',
			'ApplicationManagement',
			'RoleManagement',
			'Policy',
			'DeviceManagement',
		]) {
			expect(categories.has(c)).toBe(true);
		}
		// A modified property with an old and a new value changed: what the admin center shows as old -> new.
		const changes = t.directoryAudits.flatMap(r =>
			(
				r['targetResources'] as Array<{
					modifiedProperties: Array<{displayName: string; oldValue: string | null; newValue: string | null}>;
				}>
			).flatMap(x => x.modifiedProperties),
		);
		expect(changes.length).toBeGreaterThan(100);
		for (const p of changes)
			if (p.oldValue !== null && p.newValue !== null) expect(p.oldValue, p.displayName).not.toBe(p.newValue);
		const statuses = new Set(t.provisioning.map(r => (r['provisioningStatusInfo'] as {status: string}).status));
		expect([...statuses].sort()).toEqual(['failure', 'skipped', 'success', 'warning']);
		const cycles = new Map<string, number>();
		for (const r of t.provisioning) cycles.set(r['cycleId'] as string, (cycles.get(r['cycleId'] as string) ?? 0) + 1);
		expect([...cycles.values()].some(n => n > 1)).toBe(true);
		const failed = t.provisioning.find(r => (r['provisioningStatusInfo'] as {status: string}).status === 'failure')!;
		expect(
			(failed['provisioningStatusInfo'] as {errorInformation: {errorCode: string}}).errorInformation.errorCode,
		).toBeTruthy();
		expect((failed['provisioningSteps'] as unknown[]).length).toBe(5);
	});

	it('carries a few hostile strings for the sanitizer to deal with', () => {
		const t = testTenant();
		const hostile = t.signIns.filter(r =>
			/[\u001b\u0007\u009b\u202e]/.test(
				JSON.stringify(r).replace(/\\u[0-9a-f]{4}/gi, m => String.fromCharCode(parseInt(m.slice(2), 16))),
			),
		);
		expect(hostile.length).toBeGreaterThan(0);
	});
});
