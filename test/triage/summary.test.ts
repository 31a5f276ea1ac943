/**
 * The summary's counts against an independent count of the same records, written differently here (paths read with
 * the filter evaluator's own lookup, tallies in plain objects, the outcome oracle as a literal list); added a page at
 * a time or all at once; and no record, whatever JSON it holds in whatever property, makes it throw.
 */
import {describe, expect, it} from 'vitest';
import fc from 'fast-check';
import {generateTenant} from '../../source/emulator/tenant/tenant.js';
import {getPath} from '../../source/query/filter.js';
import {summarize, Summarizer, type Summary} from '../../source/triage/summary.js';
import {renderSummaryText} from '../../source/triage/render.js';
import {MAX_BUCKETS} from '../../source/triage/histogram.js';
import {cleanWeek, PLANTED, user} from './planted.js';

type R = Record<string, unknown> & {id: string};
const tenant = generateTenant({
	seed: 'triage-summary',
	signIns: 6000,
	hostileRecords: 3,
	now: new Date('2026-11-20T12:00:00Z'),
});
// As they arrive: parsed from JSON text.
const parsed = (list: unknown[]): R[] => JSON.parse(JSON.stringify(list)) as R[];
const signIns = parsed(tenant.signIns);
const audits = parsed(tenant.directoryAudits);
const provisioning = parsed(tenant.provisioning);

/** value → count, for strings that are not empty (what a summary line can show). */
function tally(values: unknown[]): Record<string, number> {
	const out: Record<string, number> = Object.create(null);
	for (const v of values.flat()) if (typeof v === 'string' && v.length > 0) out[v] = (out[v] || 0) + 1;
	return {...out};
}

const asCounts = (s: Summary, key: string): Record<string, number> =>
	Object.fromEntries(s.groups[key]!.map(e => [e.value, e.count]));
const path =
	(p: string) =>
	(r: unknown): unknown =>
		getPath(r, p);

describe('sign-ins', () => {
	const s = summarize('signins', signIns);

	it('counts outcomes as the admin center does', () => {
		const prompts = [50074, 50076, 50072, 50079, 50140, 50058, 50125, 50097];
		let success = 0,
			interrupted = 0,
			failure = 0;
		for (const r of signIns) {
			const code = getPath(r, 'status/errorCode');
			if (code === 0) success += 1;
			else if (prompts.indexOf(code as number) >= 0) interrupted += 1;
			else failure += 1;
		}
		expect(s.total).toBe(6000);
		expect(s.outcomes).toEqual({success, interrupted, failure, unknown: 0});
		expect(interrupted).toBeGreaterThan(50);
	});

	it.each([
		['app', path('appDisplayName')],
		['resource', path('resourceDisplayName')],
		['user', path('userPrincipalName')],
		['servicePrincipal', path('servicePrincipalName')],
		['ip', path('ipAddress')],
		['country', path('location/countryOrRegion')],
		['city', path('location/city')],
		['clientApp', path('clientAppUsed')],
		['os', path('deviceDetail/operatingSystem')],
		['browser', path('deviceDetail/browser')],
		['conditionalAccess', path('conditionalAccessStatus')],
		['authRequirement', path('authenticationRequirement')],
		[
			'mfaMethod',
			(r: unknown) =>
				getPath(r, 'mfaDetail/authMethod') ??
				((getPath(r, 'authenticationDetails') ?? []) as Array<Record<string, unknown>>)
					.filter(step => step['authenticationStepRequirement'] === 'Multifactor authentication')
					.map(step => step['authenticationMethod'])
					.pop(),
		],
	] as const)('counts by %s', (key, value) => {
		const expected = tally(signIns.map(value));
		expect(Object.keys(expected).length).toBeGreaterThan(1);
		expect(asCounts(s, key)).toEqual(expected);
		const counts = s.groups[key]!.map(e => e.count);
		expect(counts).toEqual([...counts].sort((a, b) => b - a));
		expect(s.distinct[key]).toBe(Object.keys(expected).length);
	});

	it('counts error codes (not 0) with their meaning, or the reason the service wrote', () => {
		const expected = tally(
			signIns
				.map(r => getPath(r, 'status/errorCode'))
				.filter(c => c !== 0)
				.map(String),
		);
		expect(asCounts(s, 'errorCode')).toEqual(expected);
		const byCode = Object.fromEntries(s.groups['errorCode']!.map(e => [e.value, e.meaning]));
		expect(byCode['50126']).toBe('InvalidUserNameOrPassword');
		expect(byCode['50140']).toBe('KmsiInterrupt');
		// Not in the local tables: the service's own words from a record.
		expect(byCode['500121']).toBe(
			signIns.find(r => getPath(r, 'status/errorCode') === 500121)!['status'] &&
				'Authentication failed during strong authentication request.',
		);
	});

	it('draws the month by day, every record in a bucket', () => {
		expect(s.histogram.unit).toBe('day');
		expect(s.histogram.buckets.reduce((sum, b) => sum + b.count, 0)).toBe(6000);
		const starts = s.histogram.buckets.map(b => Date.parse(b.start));
		for (let k = 1; k < starts.length; k++) expect(starts[k]! - starts[k - 1]!).toBe(86_400_000);
		expect(s.from).toBe(
			new Date(Math.min(...signIns.map(r => Date.parse(r['createdDateTime'] as string)))).toISOString(),
		);
	});

	it('is the same added a page at a time, and right for what is loaded at any point', () => {
		const summarizer = new Summarizer('signins');
		for (let k = 0; k < signIns.length; k += 250) {
			summarizer.add(signIns.slice(k, k + 250));
			if (k === 2000) expect(summarizer.result()).toEqual(summarize('signins', signIns.slice(0, 2250)));
		}
		expect(summarizer.result()).toEqual(s);
		expect(s.detections.length).toBeGreaterThan(0);
		expect(summarizer.result({detections: false})).toEqual({...s, detections: []});
	});

	it('keeps the top values when asked and says how many there were', () => {
		const top = summarize('signins', signIns, {top: 3});
		expect(top.groups['ip']).toHaveLength(3);
		expect(top.groups['ip']).toEqual(s.groups['ip']!.slice(0, 3));
		expect(top.distinct['ip']).toBe(s.distinct['ip']);
	});
});

describe('audits', () => {
	const s = summarize('audits', audits);
	const initiator = (r: unknown): unknown =>
		getPath(r, 'initiatedBy/user/userPrincipalName') ||
		getPath(r, 'initiatedBy/app/displayName') ||
		getPath(r, 'initiatedBy/user/id');

	it.each([
		['category', path('category')],
		['activity', path('activityDisplayName')],
		['initiator', initiator],
		['result', path('result')],
		['service', path('loggedByService')],
		[
			'target',
			(r: unknown) => [
				...new Set(
					((getPath(r, 'targetResources') ?? []) as Array<Record<string, unknown>>).map(
						t => t['userPrincipalName'] || t['displayName'] || t['id'],
					),
				),
			],
		],
	] as const)('counts by %s', (key, value) => {
		expect(asCounts(s, key)).toEqual(tally(audits.map(value)));
	});

	it('counts outcomes by result', () => {
		const t = tally(audits.map(path('result')));
		expect(s.outcomes).toEqual({
			success: t['success'] ?? 0,
			failure: t['failure'] ?? 0,
			timeout: t['timeout'] ?? 0,
			unknown: 0,
		});
		expect(s.detections).toEqual([]);
	});
});

describe('provisioning', () => {
	const s = summarize('provisioning', provisioning);

	it.each([
		['job', path('jobId')],
		['action', path('provisioningAction')],
		['status', path('provisioningStatusInfo/status')],
		['errorCode', path('provisioningStatusInfo/errorInformation/errorCode')],
		['system', path('targetSystem/displayName')],
	] as const)('counts by %s', (key, value) => {
		expect(asCounts(s, key)).toEqual(tally(provisioning.map(value)));
	});

	it('falls back to the deprecated action and statusInfo when the new properties are absent', () => {
		const old = provisioning.map(r => {
			const {provisioningAction: _a, provisioningStatusInfo: _s, ...rest} = r;
			return rest;
		});
		const o = summarize('provisioning', old);
		// The deprecated `action` is capitalised ("Update"); it is counted under the enum's spelling.
		expect(old.some(r => r['action'] === 'Update')).toBe(true);
		expect(asCounts(o, 'action')).toEqual(asCounts(s, 'action'));
		expect(asCounts(o, 'status')).toEqual(asCounts(s, 'status'));
		expect(o.outcomes).toEqual(s.outcomes);
		expect(asCounts(o, 'errorCode')).toEqual(asCounts(s, 'errorCode'));
	});

	it('counts outcomes by status', () => {
		const t = tally(provisioning.map(path('provisioningStatusInfo/status')));
		expect(s.outcomes).toEqual({
			success: t['success'] ?? 0,
			failure: t['failure'] ?? 0,
			skipped: t['skipped'] ?? 0,
			warning: t['warning'] ?? 0,
			unknown: 0,
		});
	});
});

describe('hostile records', () => {
	// Sign-ins with every pattern planted, so the detections run over the hostile values too.
	const planted = Object.values(PLANTED).flatMap(make => make());
	// What new-country and impossible-travel compare with: two users' own sign-ins around the planted ones.
	const around = cleanWeek().filter(
		r =>
			[user(22), user(27)].includes(r['userPrincipalName'] as string) &&
			(r['createdDateTime'] as string) >= '2026-11-07',
	);
	planted.push(...around);
	const templates = {
		signins: [...signIns.slice(0, 20), ...planted],
		audits: audits.slice(0, 20),
		provisioning: provisioning.slice(0, 20),
	};

	it('the sign-in template fires every detection before it is spoiled', () => {
		expect(new Set(summarize('signins', templates.signins).detections.map(d => d.kind)).size).toBe(8);
	});

	/** Every path to a value in a record, nested objects and arrays included. */
	function paths(value: unknown, prefix: string[] = []): string[][] {
		if (value === null || typeof value !== 'object') return [prefix];
		const keys = Object.keys(value);
		return [prefix, ...keys.flatMap(k => paths((value as Record<string, unknown>)[k], [...prefix, k]))];
	}

	function put(record: unknown, at: readonly string[], value: unknown): unknown {
		if (at.length === 0) return value;
		// An earlier mutation may have put a scalar where this path went through an object: make it an object again.
		const parent = record !== null && typeof record === 'object' ? (record as Record<string, unknown>) : {};
		const copy = Array.isArray(parent) ? [...parent] : {...parent};
		(copy as Record<string, unknown>)[at[0]!] = put(parent[at[0]!], at.slice(1), value);
		return copy;
	}

	it.each(['signins', 'audits', 'provisioning'] as const)('%s: any JSON in any property never throws', report => {
		const records = templates[report];
		const all = records.map(r => paths(r));
		// Unbiased picks: fast-check leans to small numbers, which would only ever spoil a record's first few paths.
		const mutation = fc.tuple(
			fc.noBias(fc.nat(records.length - 1)),
			fc.noBias(fc.nat(1_000_000)),
			fc.anything({withNullPrototype: true, withObjectString: true}),
		);
		fc.assert(
			fc.property(fc.array(mutation, {minLength: 1, maxLength: 12}), mutations => {
				const list: unknown[] = [...records];
				for (const [which, pick, value] of mutations) {
					const at = all[which]![pick % all[which]!.length]!;
					list[which] = put(list[which], at, value);
				}
				const s = summarize(report, list);
				expect(s.total).toBe(records.length);
				expect(Object.values(s.outcomes).reduce((a, b) => a + b, 0)).toBe(records.length);
				JSON.stringify(s);
				const text = renderSummaryText(s, {width: 80});
				expect(text).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
			}),
			{numRuns: 300},
		);
	});

	it('records that are not objects at all count in the total and say so', () => {
		const s = summarize('signins', [null, 7, 'x', [1], true, signIns[0]]);
		expect(s.total).toBe(6);
		expect(s.outcomes['unknown']).toBe(5);
		expect(s.notes.join(' ')).toMatch(/5 records were not JSON objects/);
	});

	it('values such as __proto__ and constructor are values like any other', () => {
		const names = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', '__proto__'];
		const s = summarize(
			'signins',
			names.map((appDisplayName, k) => ({...signIns[0], id: String(k), appDisplayName})),
		);
		expect(s.groups['app']).toEqual([
			{value: '__proto__', count: 2},
			{value: 'constructor', count: 1},
			{value: 'hasOwnProperty', count: 1},
			{value: 'toString', count: 1},
		]);
	});

	it('keeps values as they came in the data and disarms them only in text', () => {
		const evil = '\u001b]52;c;cm0gLXJmIH4K\u0007Evil\u001b[2J App\u202e';
		const s = summarize('signins', [
			{...signIns[0], appDisplayName: evil, userPrincipalName: evil, status: {errorCode: 50126}},
			...PLENTY(evil),
		]);
		expect(s.groups['user']![0]).toEqual({value: evil, count: 13});
		expect(s.groups['app']!.map(e => e.value)).toContain(evil);
		const text = renderSummaryText(s);
		// Shown, not acted on: each hidden character as \uXXXX (source/terminal/sanitize.ts).
		expect(text).toContain('Evil\\u001b[2J App\\u202e');
		expect(text).not.toContain('\u001b');
		expect(s.detections.length).toBeGreaterThan(0);
		for (const d of s.detections) expect(d.why).not.toMatch(/[\u001b\u0007\u202e]/);
	});

	it('dates from the year 1 to 9999 still make a bounded histogram', () => {
		const s = summarize('signins', [
			{...signIns[0], createdDateTime: '0001-01-01T00:00:00Z'},
			{...signIns[1], createdDateTime: '9999-12-31T23:59:59Z'},
			{...signIns[2], createdDateTime: 'yesterday'},
		]);
		expect(s.histogram.buckets.length).toBeLessThanOrEqual(MAX_BUCKETS);
		expect(s.histogram.buckets.reduce((a, b) => a + b.count, 0)).toBe(2);
		expect(s.histogram.undated).toBe(1);
	});
});

/** Twelve failed sign-ins of one hostile-named user within minutes: a brute force whose why carries the name. */
function PLENTY(name: string): R[] {
	return Array.from({length: 12}, (_, k) => ({
		...signIns[0]!,
		id: `b${k}`,
		userPrincipalName: name,
		createdDateTime: `2026-11-10T10:${String(k).padStart(2, '0')}:00Z`,
		status: {errorCode: 50126, failureReason: 'x', additionalDetails: null},
	}));
}

describe('shapes a hostile file could take stay linear', () => {
	// Each of these was quadratic in a first version: tens of seconds or more. Generous time, no timing assertion.
	const at = (k: number): string => new Date(Date.UTC(2026, 10, 1) + k * 1000).toISOString();
	const base = PLANTED['mfa-fatigue']()[0]!;

	it('forty thousand MFA prompts of one user at one instant, each from another address', () => {
		const records = Array.from({length: 40_000}, (_, k) => ({
			...base,
			id: `p${k}`,
			ipAddress: `10.${k >> 16}.${(k >> 8) & 255}.${k & 255}`,
		}));
		const s = summarize('signins', records);
		expect(s.detections.map(d => d.kind)).toEqual(['mfa-fatigue']);
		expect(s.detections[0]!.indices).toHaveLength(40_000);
	}, 120_000);

	it('eight thousand bursts of MFA denials of one user, each followed by a success', () => {
		const records = Array.from({length: 8000}, (_, b) => [
			...Array.from({length: 5}, (_, k) => ({
				...base,
				id: `d${b}-${k}`,
				createdDateTime: at(b * 7200 + k * 60),
				status: {errorCode: 500121},
			})),
			{...base, id: `s${b}`, createdDateTime: at(b * 7200 + 400), status: {errorCode: 0}},
		]).flat();
		expect(summarize('signins', records).detections).toHaveLength(8000);
	}, 120_000);

	it('one user seen in five thousand countries', () => {
		const records = Array.from({length: 5000}, (_, k) => ({
			...base,
			id: `c${k}`,
			createdDateTime: at(k * 86_400),
			status: {errorCode: 0},
			location: {countryOrRegion: `C${k}`},
		}));
		expect(summarize('signins', records).detections).toHaveLength(5000);
	}, 120_000);

	it('an audit with a hundred thousand targets', () => {
		const targetResources = Array.from({length: 100_000}, (_, k) => ({
			id: `t${k % 50_000}`,
			displayName: null,
			type: 'User',
		}));
		const s = summarize('audits', [{...audits[0], targetResources}]);
		expect(s.distinct['target']).toBe(50_000);
	}, 120_000);
});
