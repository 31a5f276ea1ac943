/**
 * Impossible travel skips latitude 0, longitude 0 (geo-IP's placeholder for an unknown place, "Null Island") as it
 * skips null coordinates; a real far place ten minutes later still fires. The built CLI over a file, --summary json.
 */
import {mkdtempSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';
import {runCli} from '../sources/run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'entra-logs-null-island-'));

function signIn(id: string, time: string, city: string, country: string, lat: unknown, lon: unknown): object {
	return {
		id,
		createdDateTime: time,
		userPrincipalName: 'x@contoso.com',
		status: {errorCode: 0},
		location: {
			city,
			state: '',
			countryOrRegion: country,
			geoCoordinates: {latitude: lat, longitude: lon, altitude: null},
		},
	};
}

async function travel(name: string, last: object): Promise<Array<{kind: string; why: string; ids: string[]}>> {
	const records = [
		last,
		signIn('l2', '2026-11-30T10:10:00Z', 'London', 'GB', 51.5, -0.12),
		signIn('l1', '2026-11-30T10:00:00Z', 'London', 'GB', 51.5, -0.12),
		signIn('s0', '2026-11-30T09:40:00Z', 'Sydney', 'AU', null, null),
	];
	const path = join(dir, name);
	writeFileSync(path, records.map(r => `${JSON.stringify(r)}\n`).join(''));
	const r = await runCli(['open', path, '--summary', '--output', 'json'], join(dir, 'config'));
	expect(r.code, r.stderr).toBe(0);
	const detections = (JSON.parse(r.stdout) as {detections: Array<{kind: string; why: string; ids: string[]}>})
		.detections;
	return detections.filter(d => d.kind === 'impossible-travel');
}

describe('impossible travel and Null Island', () => {
	it('latitude 0, longitude 0 is no place: no detection, with or without a city', async () => {
		expect(await travel('null-island.ndjson', signIn('n', '2026-11-30T10:20:00Z', '', '', 0, 0))).toEqual([]);
		expect(await travel('null-island-city.ndjson', signIn('n', '2026-11-30T10:20:00Z', 'Lagos', 'NG', 0, -0))).toEqual(
			[],
		);
	});

	it('a real place 17,000 km away ten minutes later still fires', async () => {
		const found = await travel('sydney.ndjson', signIn('s', '2026-11-30T10:20:00Z', 'Sydney', 'AU', -33.87, 151.21));
		expect(found).toHaveLength(1);
		expect(found[0]!.why).toContain('from London, GB at 10:10 and from Sydney, AU at 10:20 UTC');
		expect(found[0]!.ids.sort()).toEqual(['l2', 's']);
	});
});
