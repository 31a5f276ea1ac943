/**
 * The demo tenant's planted attacks, read the way a user reads them: every sign-in of every event type fetched from
 * the emulator over HTTPS by the real client (MSAL, GraphClient, GraphSource), then summarised. Exactly the planted
 * incidents are found, each with exactly its evidence; a tenant generated without them gives no detection at all.
 * The summary's counts are checked against counts made here, by hand, over the same records.
 */
import {beforeAll, describe, expect, it} from 'vitest';
import {generateTenant, type GraphRecord, type Tenant} from '../../source/emulator/tenant/tenant.js';
import {openSource} from '../../source/sources/open-source.js';
import type {Query} from '../../source/query/query.js';
import {summarize} from '../../source/triage/summary.js';
import {TEST_NOW, startTestEmulator, type TestEmulator} from '../helpers/emulator.js';
import {signedInClient, type TestClient} from '../helpers/client.js';

const EVERY_TYPE: Query = {
	report: 'signins',
	filters: {},
	eventTypes: ['interactive', 'non-interactive', 'service-principal', 'managed-identity'],
	order: 'newest',
};

async function fetchAll(tenant: Tenant): Promise<GraphRecord[]> {
	let emu: TestEmulator | undefined;
	let client: TestClient | undefined;
	try {
		emu = await startTestEmulator({tenant});
		client = await signedInClient(emu);
		const source = openSource(EVERY_TYPE, {kind: 'graph', client: client.client, graphBase: emu.origin});
		const records: GraphRecord[] = [];
		for await (const page of source.pages()) records.push(...(page.records as GraphRecord[]));
		return records;
	} finally {
		await emu?.close();
	}
}

const planted = generateTenant({seed: 'tests', now: TEST_NOW, signIns: 6000});
const clean = generateTenant({seed: 'tests', now: TEST_NOW, signIns: 6000, plant: false});
let plantedRecords: GraphRecord[] = [];
let cleanRecords: GraphRecord[] = [];

beforeAll(async () => {
	[plantedRecords, cleanRecords] = await Promise.all([fetchAll(planted), fetchAll(clean)]);
}, 180_000);

describe('the demo tenant, fetched as a user fetches it', () => {
	it('holds one planted incident of each of the eight patterns', () => {
		expect(plantedRecords.length).toBe(6000);
		expect(new Set(planted.planted!.map(p => p.kind))).toEqual(
			new Set([
				'password-spray',
				'brute-force',
				'mfa-fatigue',
				'impossible-travel',
				'new-country',
				'legacy-auth',
				'device-code',
				'risky',
			]),
		);
	});

	it('gives exactly the planted detections, each with exactly its evidence', () => {
		const found = summarize('signins', plantedRecords).detections.map(d => ({
			kind: d.kind,
			subject: d.subject,
			ids: [...d.ids].sort(),
		}));
		const expected = planted.planted!.map(p => ({kind: p.kind, subject: p.subject, ids: [...p.ids].sort()}));
		const order = (a: {kind: string; subject: string}, b: {kind: string; subject: string}): number =>
			`${a.kind} ${a.subject}`.localeCompare(`${b.kind} ${b.subject}`);
		expect(found.sort(order)).toEqual(expected.sort(order));
	});

	it('a tenant generated without them (plant: false) gives no detection at all', () => {
		expect(clean.planted).toEqual([]);
		expect(cleanRecords.length).toBe(6000);
		expect(summarize('signins', cleanRecords).detections).toEqual([]);
	});

	it('without them, every user signs in from one country, and travels within it only between days', () => {
		const countries = new Map<string, Set<string>>();
		for (const r of cleanRecords) {
			const country = (r['location'] as {countryOrRegion?: string} | null)?.countryOrRegion;
			const user = r['userId'] as string;
			if (!country || r['userPrincipalName'] === null) continue;
			countries.set(user, (countries.get(user) ?? new Set()).add(country));
		}
		expect(countries.size).toBeGreaterThan(200);
		for (const [user, set] of countries) expect([...set], user).toHaveLength(1);
	});
});

describe("the summary's counts, checked against counts made here over the same records", () => {
	// The interrupt codes issue 9 §1 names, and the AADSTS names ending in Interrupt among the emulator's codes.
	const INTERRUPT = new Set([50074, 50076, 50072, 50079, 50140, 50058, 50125, 50097]);
	const countBy = (records: GraphRecord[], value: (r: GraphRecord) => unknown): Map<string, number> => {
		const m = new Map<string, number>();
		for (const r of records) {
			const v = value(r);
			if (typeof v === 'string' && v !== '') m.set(v, (m.get(v) ?? 0) + 1);
		}
		return m;
	};

	it('total, outcomes, every value of app, user, IP, country and error code, and the histogram', () => {
		const s = summarize('signins', plantedRecords);
		expect(s.total).toBe(plantedRecords.length);
		const outcome = (r: GraphRecord): string => {
			const code = (r['status'] as {errorCode: number}).errorCode;
			return code === 0 ? 'success' : INTERRUPT.has(code) ? 'interrupted' : 'failure';
		};
		const outcomes = countBy(plantedRecords, outcome);
		expect(s.outcomes).toEqual({
			success: outcomes.get('success'),
			interrupted: outcomes.get('interrupted'),
			failure: outcomes.get('failure'),
			unknown: 0,
		});
		const asMap = (key: string): Map<string, number> => new Map(s.groups[key]!.map(e => [e.value, e.count]));
		expect(asMap('app')).toEqual(countBy(plantedRecords, r => r['appDisplayName']));
		expect(asMap('user')).toEqual(countBy(plantedRecords, r => r['userPrincipalName']));
		expect(asMap('ip')).toEqual(countBy(plantedRecords, r => r['ipAddress']));
		expect(asMap('country')).toEqual(
			countBy(plantedRecords, r => (r['location'] as {countryOrRegion: string}).countryOrRegion),
		);
		expect(asMap('errorCode')).toEqual(
			countBy(plantedRecords, r => {
				const code = (r['status'] as {errorCode: number}).errorCode;
				return code === 0 ? undefined : String(code);
			}),
		);
		// Hour or day buckets: every record in one, and the first bucket holds the oldest record.
		const buckets = s.histogram.buckets;
		expect(buckets.reduce((n, b) => n + b.count, 0)).toBe(plantedRecords.length);
		const times = plantedRecords.map(r => Date.parse(r['createdDateTime'] as string));
		const unit = s.histogram.unit === 'day' ? 86_400_000 : 3_600_000;
		expect(Date.parse(buckets[0]!.start)).toBe(Math.floor(Math.min(...times) / unit) * unit);
		expect(buckets[0]!.count).toBe(
			times.filter(t => t < Date.parse(buckets[0]!.start) + unit * s.histogram.size).length,
		);
	});
});
