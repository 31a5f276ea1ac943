/**
 * Sign-ins for the detection tests: a clean week of a small tenant (ordinary noise: MFA prompts, "stay signed in",
 * typos, Conditional Access blocks, an office whose users share one address, people who work from two countries,
 * an admin answering six MFA prompts in an hour) and each attack pattern planted on top. Every record is a copy of one the emulator's generator made (the shape
 * Graph sends: source/emulator/tenant/sign-ins.ts) with the fields of the scenario written over it.
 */
import {generateTenant} from '../../source/emulator/tenant/tenant.js';

export type Rec = Record<string, unknown> & {id: string};

interface Place {
	readonly city: string;
	readonly state: string;
	readonly country: string;
	readonly lat: number;
	readonly lon: number;
	readonly asn: number;
	readonly prefix: string;
}

export const PLACES = {
	seattle: {
		city: 'Seattle',
		state: 'Washington',
		country: 'US',
		lat: 47.6062,
		lon: -122.3321,
		asn: 8075,
		prefix: '131.107',
	},
	london: {city: 'London', state: 'England', country: 'GB', lat: 51.5074, lon: -0.1278, asn: 2856, prefix: '81.2'},
	paris: {city: 'Paris', state: 'Ile-de-France', country: 'FR', lat: 48.8566, lon: 2.3522, asn: 3215, prefix: '90.84'},
	berlin: {city: 'Berlin', state: 'Berlin', country: 'DE', lat: 52.52, lon: 13.405, asn: 3320, prefix: '87.123'},
	prague: {city: 'Prague', state: 'Prague', country: 'CZ', lat: 50.0755, lon: 14.4378, asn: 5610, prefix: '89.24'},
	lagos: {city: 'Lagos', state: 'Lagos', country: 'NG', lat: 6.5244, lon: 3.3792, asn: 29465, prefix: '102.89'},
	moscow: {city: 'Moscow', state: 'Moscow', country: 'RU', lat: 55.7558, lon: 37.6173, asn: 12389, prefix: '95.165'},
} as const satisfies Record<string, Place>;

const DAY = 86_400_000;
const MIN = 60_000;
/** Monday 2026-11-02 00:00 UTC: the clean week runs seven days from here. */
export const START = Date.parse('2026-11-02T00:00:00Z');

let template: Rec | undefined;

/** An interactive, successful sign-in from the generator, to copy. */
function base(): Rec {
	if (!template) {
		const t = generateTenant({
			seed: 'triage-template',
			signIns: 400,
			hostileRecords: 0,
			now: new Date('2026-11-20T12:00:00Z'),
		});
		template = t.signIns.find(
			r =>
				(r['signInEventTypes'] as string[])[0] === 'interactiveUser' &&
				(r['status'] as {errorCode: number}).errorCode === 0 &&
				r['clientAppUsed'] === 'Browser',
		) as Rec;
	}
	return structuredClone(template);
}

export interface Spec {
	readonly id: string;
	readonly time: number;
	readonly user: string;
	readonly place: Place;
	readonly ip: string;
	readonly code?: number;
	readonly clientApp?: string;
	readonly protocol?: string;
	readonly app?: string;
	readonly risk?: string;
	readonly riskState?: string;
	readonly interactive?: boolean;
}

const REASONS: Record<number, string> = {
	50126: 'Error validating credentials due to invalid username or password.',
	50053: "The account is locked, you've tried to sign in too many times with an incorrect user ID or password.",
	50074: 'Strong Authentication is required.',
	50140: "This error occurred due to 'Keep me signed in' interrupt when the user was signing in.",
	500121: 'Authentication failed during strong authentication request.',
	53003: 'Access has been blocked by Conditional Access policies. The access policy does not allow token issuance.',
	50173: 'The provided grant has expired due to it being revoked, a fresh auth token is needed.',
};

export function signIn(s: Spec): Rec {
	const r = base();
	const code = s.code ?? 0;
	Object.assign(r, {
		id: s.id,
		createdDateTime: new Date(s.time).toISOString().replace('.000Z', 'Z'),
		userPrincipalName: s.user,
		userDisplayName: s.user.split('@')[0],
		userId: `00000000-0000-4000-8000-${[...s.user]
			.reduce((h, ch) => (h * 31 + ch.charCodeAt(0)) >>> 0, 7)
			.toString(16)
			.padStart(12, '0')}`,
		appDisplayName: s.app ?? (s.interactive === false ? 'Microsoft Teams' : 'OfficeHome'),
		ipAddress: s.ip,
		autonomousSystemNumber: s.place.asn,
		clientAppUsed: s.clientApp ?? 'Browser',
		authenticationProtocol: s.protocol ?? 'none',
		riskLevelDuringSignIn: s.risk ?? 'none',
		riskState: s.riskState ?? 'none',
		isInteractive: s.interactive !== false,
		signInEventTypes: [s.interactive === false ? 'nonInteractiveUser' : 'interactiveUser'],
		status: {errorCode: code, failureReason: code === 0 ? null : (REASONS[code] ?? 'Other.'), additionalDetails: null},
		location: {
			city: s.place.city,
			state: s.place.state,
			countryOrRegion: s.place.country,
			geoCoordinates: {altitude: null, latitude: s.place.lat, longitude: s.place.lon},
		},
	});
	return r;
}

/** A small deterministic generator (mulberry32), so the clean week is the same on every run. */
function rng(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

export const user = (n: number): string => `u${String(n).padStart(2, '0')}@contoso.com`;

/** Where user n works: u01-u10 Seattle, u11-u20 London, u21-u26 Berlin; u27 Seattle then London; u28 London and Paris. */
function homeOf(n: number, day: number): Place {
	if (n === 27) return day < 3 ? PLACES.seattle : PLACES.london;
	if (n === 28) return day % 2 === 0 ? PLACES.london : PLACES.paris;
	return n <= 10 ? PLACES.seattle : n <= 20 ? PLACES.london : PLACES.berlin;
}

export const OFFICE_IP = `${PLACES.seattle.prefix}.0.10`;

/** A week of ordinary sign-ins of 28 users and two service principals, oldest first. */
export function cleanWeek(): Rec[] {
	const random = rng(42);
	const out: Rec[] = [];
	let seq = 0;
	const push = (s: Omit<Spec, 'id'>): void => {
		out.push(signIn({...s, id: `clean-${String(++seq).padStart(5, '0')}`}));
	};
	for (let n = 1; n <= 28; n++) {
		for (let day = 0; day < 7; day++) {
			const home = homeOf(n, day);
			const personal = `${home.prefix}.${n}.${1 + (day % 2)}`;
			for (let session = 0; session < 6; session++) {
				// Working hours, 08:00-18:00 UTC, one session in each part of the day so a day's sign-ins do not bunch.
				const time = START + day * DAY + 8 * 60 * MIN + session * 100 * MIN + Math.floor(random() * 90) * MIN;
				const ip = home === PLACES.seattle && random() < 0.6 ? OFFICE_IP : personal;
				const roll = random();
				const at = {user: user(n), place: home, ip};
				if (roll < 0.1) {
					// An MFA prompt, answered within a minute: one 50074 then the success.
					push({...at, time, code: 50074});
					push({...at, time: time + 25_000});
				} else if (roll < 0.15) {
					push({...at, time, code: 50140});
					push({...at, time: time + 6_000});
				} else if (roll < 0.18) {
					push({...at, time, code: 50126});
					push({...at, time: time + 40_000});
				} else if (roll < 0.19) {
					push({...at, time, code: 53003});
				} else if (roll < 0.2) {
					// Declined an MFA push once, by mistake, then accepted the next.
					push({...at, time, code: 500121});
					push({...at, time: time + 60_000});
				} else {
					push({...at, time});
				}
				// Tokens refreshed in the background after each session: non-interactive, mostly successful.
				for (let k = 0; k < 3; k++)
					push({...at, time: time + (k + 1) * 7 * MIN, interactive: false, code: random() < 0.03 ? 50173 : 0});
			}
		}
	}
	// Monday morning at the Seattle office: six people mistype their password within a quarter of an hour.
	for (let n = 1; n <= 6; n++) {
		const time = START + 8 * 60 * MIN + 2 * MIN * n;
		push({user: user(n), place: PLACES.seattle, ip: OFFICE_IP, time, code: 50126});
		push({user: user(n), place: PLACES.seattle, ip: OFFICE_IP, time: time + 30_000});
	}
	// An admin stepping up into six portals within the hour: six MFA prompts, each answered at once.
	for (let k = 0; k < 6; k++) {
		const time = START + 3 * DAY + 10 * 60 * MIN + k * 9 * MIN;
		push({user: user(7), place: PLACES.seattle, ip: OFFICE_IP, time, code: 50074, app: 'Azure Portal'});
		push({user: user(7), place: PLACES.seattle, ip: OFFICE_IP, time: time + 20_000, app: 'Azure Portal'});
	}
	// Legacy authentication that Conditional Access blocked: not a successful legacy sign-in.
	push({
		user: user(3),
		place: PLACES.seattle,
		ip: OFFICE_IP,
		time: START + 2 * DAY + 10 * 60 * MIN,
		code: 53003,
		clientApp: 'IMAP4',
		protocol: 'ropc',
	});
	// Apps signing in with their own credentials: no user.
	for (let k = 0; k < 20; k++) {
		const r = signIn({
			id: `clean-sp-${k}`,
			user: 'x',
			place: PLACES.seattle,
			ip: `20.42.0.${k}`,
			time: START + k * 8 * 60 * MIN,
			interactive: false,
		});
		Object.assign(r, {
			userPrincipalName: null,
			userDisplayName: null,
			userId: '00000000-0000-0000-0000-000000000000',
			servicePrincipalName: 'Nightly Reports',
			signInEventTypes: ['servicePrincipal'],
			clientAppUsed: '',
		});
		out.push(r);
	}
	return out.sort(
		(a, b) =>
			(a['createdDateTime'] as string).localeCompare(b['createdDateTime'] as string) || a.id.localeCompare(b.id),
	);
}

/** Each planted pattern: its records (ids start with its name). */
export const PLANTED = {
	'password-spray': (): Rec[] =>
		Array.from({length: 30}, (_, k) =>
			signIn({
				id: `password-spray-${k}`,
				user: user(k + 1 - (k >= 28 ? 27 : 0)),
				place: PLACES.lagos,
				ip: `${PLACES.lagos.prefix}.4.7`,
				time: START + 3 * DAY + 2 * 60 * MIN + k * 30_000,
				code: k % 10 === 9 ? 50053 : 50126,
				clientApp: 'Authenticated SMTP',
				app: 'Office 365 Exchange Online',
			}),
		),
	/** One network, a new address for every two attempts: no single IP crosses the line. */
	'password-spray-asn': (): Rec[] =>
		Array.from({length: 16}, (_, k) =>
			signIn({
				id: `password-spray-asn-${k}`,
				user: user(k + 1),
				place: PLACES.moscow,
				ip: `${PLACES.moscow.prefix}.${10 + Math.floor(k / 2)}.${k}`,
				time: START + 4 * DAY + 3 * 60 * MIN + k * 40_000,
				code: 50126,
			}),
		),
	'brute-force': (): Rec[] =>
		Array.from({length: 14}, (_, k) =>
			signIn({
				id: `brute-force-${k}`,
				user: user(18),
				place: PLACES.moscow,
				ip: `${PLACES.moscow.prefix}.7.7`,
				time: START + 2 * DAY + 22 * 60 * MIN + k * 35_000,
				code: k >= 12 ? 50053 : 50126,
			}),
		),
	/** Pushes from an address in the user's own city, six declined or ignored, then one accepted. */
	'mfa-fatigue': (): Rec[] => [
		...Array.from({length: 6}, (_, k) => [
			signIn({
				id: `mfa-fatigue-${2 * k}`,
				user: user(20),
				place: PLACES.london,
				ip: '81.2.99.99',
				time: START + 5 * DAY + 21 * 60 * MIN + k * 3 * MIN,
				code: 50074,
			}),
			signIn({
				id: `mfa-fatigue-${2 * k + 1}`,
				user: user(20),
				place: PLACES.london,
				ip: '81.2.99.99',
				time: START + 5 * DAY + 21 * 60 * MIN + k * 3 * MIN + 40_000,
				code: 500121,
			}),
		]).flat(),
		signIn({
			id: 'mfa-fatigue-success',
			user: user(20),
			place: PLACES.london,
			ip: '81.2.99.99',
			time: START + 5 * DAY + 21 * 60 * MIN + 20 * MIN,
		}),
	],
	/** u27 works from London by then; a success from Seattle ten minutes after one from London. */
	'impossible-travel': (): Rec[] => [
		signIn({
			id: 'impossible-travel-0',
			user: user(27),
			place: PLACES.seattle,
			ip: '131.107.200.1',
			time: START + 5 * DAY + 18 * 60 * MIN + 50 * MIN,
		}),
	],
	/** u22 (Berlin) from Prague: near enough that no travel is impossible. */
	'new-country': (): Rec[] =>
		[0, 1].map(k =>
			signIn({
				id: `new-country-${k}`,
				user: user(22),
				place: PLACES.prague,
				ip: '89.24.1.1',
				time: START + 6 * DAY + 19 * 60 * MIN + k * 20 * MIN,
			}),
		),
	'legacy-auth': (): Rec[] => [
		signIn({
			id: 'legacy-auth-0',
			user: user(14),
			place: PLACES.london,
			ip: `${PLACES.london.prefix}.14.1`,
			time: START + DAY + 19 * 60 * MIN,
			clientApp: 'IMAP4',
			protocol: 'ropc',
			app: 'Office 365 Exchange Online',
		}),
	],
	'device-code': (): Rec[] => [
		signIn({
			id: 'device-code-0',
			user: user(16),
			place: PLACES.london,
			ip: `${PLACES.london.prefix}.16.1`,
			time: START + 3 * DAY + 19 * 60 * MIN,
			protocol: 'deviceCode',
			app: 'Microsoft Azure CLI',
			clientApp: 'Mobile Apps and Desktop clients',
		}),
	],
	risky: (): Rec[] => [
		signIn({
			id: 'risky-0',
			user: user(12),
			place: PLACES.london,
			ip: `${PLACES.london.prefix}.12.1`,
			time: START + 4 * DAY + 19 * 60 * MIN,
			risk: 'high',
			riskState: 'atRisk',
		}),
	],
} as const;
