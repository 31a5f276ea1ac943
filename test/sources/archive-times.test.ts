/**
 * An archive record's time: written in Graph's UTC form with every digit it was given, and the text `properties`
 * held kept under `@azureMonitor.envelope` whenever that is not the record's time now (an offset, `+00:00`, or not
 * a time at all, when the envelope's `time` places the record), so nothing read is lost (found by an independent
 * check: the original text was kept nowhere). The built CLI on a real temp archive; the oracle is the text written.
 */
import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {runCli} from './run-cli.js';

const root = mkdtempSync(join(tmpdir(), 'entra-logs-archive-times-'));
afterAll(() => rmSync(root, {recursive: true, force: true}));

const hour = join(root, 'insights-logs-signinlogs', 'resourceId=/tenants/x', 'y=2026', 'm=11', 'd=30', 'h=10', 'm=00');
const line = (id: string, envelopeTime: string, createdDateTime?: string): string =>
	JSON.stringify({
		time: envelopeTime,
		category: 'SignInLogs',
		resultType: '0',
		properties: {id, ...(createdDateTime === undefined ? {} : {createdDateTime}), userPrincipalName: 'a@contoso.com'},
	});

describe('archive record times', () => {
	it('in Graph form with every digit; the text properties held kept when it is not that', async () => {
		mkdirSync(hour, {recursive: true});
		const cases: Array<[id: string, envelope: string, written: string | undefined, time: string]> = [
			['six', '2026-11-30T10:14:23.7224250Z', '2026-11-30T10:14:23.722425+00:00', '2026-11-30T10:14:23.722425Z'],
			['offset', '2026-11-30T10:07:00.1234567Z', '2026-11-30T05:07:00.1234567-05:00', '2026-11-30T10:07:00.1234567Z'],
			['invalid', '2026-11-30T10:05:00.0000000Z', '2026-13-45T99:00:00Z', '2026-11-30T10:05:00.0000000Z'],
			['graph', '2026-11-30T10:03:00.1000000Z', '2026-11-30T10:03:00.1Z', '2026-11-30T10:03:00.1Z'],
			['none', '2026-11-30T10:01:00.5Z', undefined, '2026-11-30T10:01:00.5Z'],
		];
		writeFileSync(join(hour, 'PT1H.json'), cases.map(([id, e, w]) => `${line(id, e, w)}\n`).join(''));
		const r = await runCli(['open', root, '--output', 'ndjson'], join(root, 'config'));
		expect(r.code, r.stderr).toBe(0);
		const records = r.stdout
			.trim()
			.split('\n')
			.map(l => JSON.parse(l) as Record<string, unknown>);
		const byId = new Map(records.map(rec => [rec['id'], rec]));
		expect([...byId.keys()].sort()).toEqual(cases.map(c => c[0]).sort());
		for (const [id, envelopeTime, written, time] of cases) {
			const rec = byId.get(id)!;
			expect(rec['createdDateTime'], id).toBe(time);
			const envelope = rec['@azureMonitor.envelope'] as Record<string, unknown>;
			expect(envelope['time'], id).toBe(envelopeTime);
			if (written === undefined || written === time)
				expect(envelope, id).not.toHaveProperty(['properties.createdDateTime']);
			else expect(envelope['properties.createdDateTime'], id).toBe(written);
		}
	}, 60_000);
});
