/**
 * Each detection finds exactly what was planted in a clean week, with its records and a why that says who, from
 * where, how many and over what time; none fires on the clean week itself, in either order (Graph sends newest
 * first). The records are copies of the emulator's own (test/triage/planted.ts).
 */
import {describe, expect, it} from 'vitest';
import {summarize} from '../../source/triage/summary.js';
import {haversineKm} from '../../source/triage/detections.js';
import {cleanWeek, PLANTED, user, type Rec} from './planted.js';

const clean = cleanWeek();
const newestFirst = (records: Rec[]): Rec[] =>
	[...records].sort((a, b) => (b['createdDateTime'] as string).localeCompare(a['createdDateTime'] as string));
const kinds = (records: Rec[]) => summarize('signins', records).detections.map(d => d.kind);

describe('the clean week', () => {
	it('is big and noisy enough to mean something', () => {
		expect(clean.length).toBeGreaterThan(4000);
		const codes = new Set(clean.map(r => (r['status'] as {errorCode: number}).errorCode));
		for (const code of [0, 50074, 50140, 50126, 53003, 500121, 50173]) expect(codes).toContain(code);
	});

	it('fires nothing, oldest first or newest first', () => {
		expect(kinds(clean)).toEqual([]);
		expect(kinds(newestFirst(clean))).toEqual([]);
	});
});

describe('each planted pattern is found, alone, with exactly its records', () => {
	const cases: Array<[string, keyof typeof PLANTED, RegExp[]]> = [
		[
			'password-spray',
			'password-spray',
			[
				/^102\.89\.4\.7 \(Lagos, NG\): 30 failed sign-ins against 28 users/,
				/50126 InvalidUserNameOrPassword ×27, 50053 ×3/,
				/over 15 min, 2026-11-05 02:00–02:14 UTC/,
			],
		],
		[
			'password-spray',
			'password-spray-asn',
			[
				/^AS12389 \(16 IPs\) \(Moscow, RU\): 16 failed sign-ins against 16 users/,
				/over 10 min, 2026-11-06 03:00–03:10 UTC/,
			],
		],
		[
			'brute-force',
			'brute-force',
			[
				/^u18@contoso\.com: 14 failed sign-ins \(50126 InvalidUserNameOrPassword ×12, 50053 ×2\), locked out from 95\.165\.7\.7 \(Moscow, RU\)/,
				/over 8 min, 2026-11-04 22:00–22:07 UTC/,
			],
		],
		[
			'mfa-fatigue',
			'mfa-fatigue',
			[
				/^u20@contoso\.com: 12 MFA prompts denied or unanswered \(50074 ×6, 500121 ×6\)/,
				/from 81\.2\.99\.99 \(London, GB\)/,
				/over 16 min, 2026-11-07 21:00–21:15 UTC; then signed in at 21:20 UTC/,
			],
		],
		[
			'impossible-travel',
			'impossible-travel',
			[
				/^u27@contoso\.com: signed in from London, GB at \d\d:\d\d and from Seattle, US at 18:50 UTC, 7,7\d\d km in [\dh min]+ \([\d,]+ km\/h\) on 2026-11-07$/,
			],
		],
		[
			'new-country',
			'new-country',
			[
				/^u22@contoso\.com: 2 successful sign-ins from CZ \(Prague\), not among their other [\d,]+ \(DE\), over 20 min, 2026-11-08 19:00–19:20 UTC$/,
			],
		],
		[
			'legacy-auth',
			'legacy-auth',
			[
				/^u14@contoso\.com: 1 successful legacy-protocol sign-in \(IMAP4 ×1\) from 81\.2\.14\.1 \(London, GB\) at 2026-11-03 19:00 UTC$/,
			],
		],
		[
			'device-code',
			'device-code',
			[
				/^u16@contoso\.com: 1 device-code sign-in \(1 successful\) to Microsoft Azure CLI ×1 from 81\.2\.16\.1 \(London, GB\) at 2026-11-05 19:00 UTC$/,
			],
		],
		[
			'risky',
			'risky',
			[
				/^u12@contoso\.com: 1 risky sign-in \(risk high ×1; state atRisk ×1; 1 successful\) from 81\.2\.12\.1 \(London, GB\)/,
			],
		],
	];

	it.each(cases)('%s (%s)', (kind, name, why) => {
		const planted = PLANTED[name]();
		for (const records of [[...clean, ...planted], newestFirst([...clean, ...planted])]) {
			const s = summarize('signins', records);
			expect(s.detections.map(d => d.kind)).toEqual([kind]);
			const [d] = s.detections;
			// The evidence is the planted records, all of them and nothing else (an impossible hop also has the
			// sign-in it started from); indices point at them in the input.
			const start = name === 'impossible-travel' ? d!.ids.filter(id => id.startsWith('clean-')) : [];
			expect(start.length).toBe(name === 'impossible-travel' ? 1 : 0);
			for (const id of start)
				expect(records.find(r => r.id === id)).toMatchObject({
					userPrincipalName: user(27),
					location: {city: 'London'},
					status: {errorCode: 0},
				});
			expect([...d!.ids].sort()).toEqual([...planted.map(r => r.id), ...start].sort());
			expect(d!.indices.map(i => records[i]!.id).sort()).toEqual([...d!.ids].sort());
			for (const re of why) expect(d!.why).toMatch(re);
			expect(d!.why).not.toMatch(/[\n\r\u001b]/);
		}
	});

	it('all of them at once: each found once', () => {
		const all = Object.values(PLANTED).flatMap(make => make());
		const s = summarize('signins', newestFirst([...clean, ...all]));
		expect(s.detections.map(d => d.kind)).toEqual([
			'password-spray',
			'password-spray',
			'brute-force',
			'mfa-fatigue',
			'impossible-travel',
			'new-country',
			'legacy-auth',
			'device-code',
			'risky',
		]);
	});
});

describe('what does not fire, and why', () => {
	it('a spray that also succeeded says so; one typo per user in an office is not a spray', () => {
		const spray = PLANTED['password-spray']();
		const later = spray.slice(0, 2).map((r, k) => ({
			...structuredClone(r),
			id: `success-${k}`,
			createdDateTime: `2026-11-05T02:3${k}:00Z`,
			status: {errorCode: 0, failureReason: null, additionalDetails: null},
		}));
		const s = summarize('signins', [...clean, ...spray, ...later]);
		const d = s.detections.find(x => x.kind === 'password-spray')!;
		expect(d.why).toMatch(/; 2 of those users then signed in from it$/);
		// The two successes from Lagos are new for those users, the hop from home is impossible, and they went
		// through SMTP, a legacy protocol.
		expect(new Set(s.detections.map(x => x.kind))).toEqual(
			new Set(['password-spray', 'new-country', 'impossible-travel', 'legacy-auth']),
		);
	});

	it('nine failures in the window is not brute force; ten is', () => {
		const ten = PLANTED['brute-force']().slice(0, 10);
		expect(kinds([...clean, ...ten.slice(0, 9)])).toEqual([]);
		expect(kinds([...clean, ...ten])).toEqual(['brute-force']);
		// Spread over more than the 20-minute window, ten failures are not a burst.
		const slow = ten.map((r, k) => ({
			...r,
			createdDateTime: `2026-11-04T2${Math.floor(k / 3)}:${String((k % 3) * 20).padStart(2, '0')}:00Z`,
		}));
		expect(kinds([...clean, ...slow])).toEqual([]);
	});

	it('risk hidden without a P2 licence is said in the notes, not taken for safe', () => {
		const hidden = clean.map(r => ({...r, riskLevelDuringSignIn: 'hidden', riskState: 'none'}));
		const s = summarize('signins', hidden);
		expect(s.detections).toEqual([]);
		expect(s.notes.join(' ')).toMatch(
			new RegExp(
				`Risk is hidden on ${clean.length.toLocaleString('en-US')} of ${clean.length.toLocaleString('en-US')} sign-ins: .*P2`,
			),
		);
	});

	it('a device-code flag inside a list of protocols, and an originalTransferMethod of deviceCodeFlow, count', () => {
		const [r] = PLANTED['device-code']();
		expect(kinds([...clean, {...r!, authenticationProtocol: 'oAuth2, deviceCode'}])).toEqual(['device-code']);
		expect(
			kinds([...clean, {...r!, authenticationProtocol: 'none', originalTransferMethod: 'deviceCodeFlow'}]),
		).toEqual(['device-code']);
	});

	it('thresholds can be tightened per run', () => {
		const nine = PLANTED['brute-force']().slice(0, 9);
		const s = summarize('signins', [...clean, ...nine], {
			thresholds: {bruteForce: {codes: [50126], windowMinutes: 20, minFailures: 9}},
		});
		expect(s.detections.map(d => d.kind)).toEqual(['brute-force']);
	});
});

describe('haversine', () => {
	// Independent figures: great-circle distances published for these city pairs (rounded).
	it.each([
		[[51.5074, -0.1278], [48.8566, 2.3522], 344],
		[[47.6062, -122.3321], [51.5074, -0.1278], 7_700],
		[[40.7128, -74.006], [51.5074, -0.1278], 5_570],
	] as const)('%j to %j is about %i km', (a, b, km) => {
		expect(Math.abs(haversineKm(a[0], a[1], b[0], b[1]) - km) / km).toBeLessThan(0.01);
	});

	it('a travel faster than 900 km/h needs more than the minimum distance', () => {
		// Two offices 100 km apart within a minute: IP geolocation noise, not travel.
		const [r] = PLANTED['legacy-auth']();
		const base = {...r!, clientAppUsed: 'Browser', authenticationProtocol: 'none'};
		const near = [
			{...base, id: 'a', createdDateTime: '2026-11-03T19:00:00Z'},
			{
				...base,
				id: 'b',
				createdDateTime: '2026-11-03T19:01:00Z',
				location: {
					city: 'Reading',
					state: 'England',
					countryOrRegion: 'GB',
					geoCoordinates: {latitude: 51.4543, longitude: -0.9781},
				},
			},
		];
		expect(kinds([...clean, ...near])).toEqual([]);
	});
});

it('a user spelled in two cases is one user', () => {
	const planted = PLANTED['brute-force']().map((r, k) => ({
		...r,
		userPrincipalName: k % 2 ? user(18).toUpperCase() : user(18),
	}));
	expect(kinds([...clean, ...planted])).toEqual(['brute-force']);
});
