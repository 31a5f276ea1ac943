/**
 * The attacks planted in the demo tenant: one incident of each pattern issue 9 §4 names, each with the records a
 * responder would count as its evidence. Everything else the generator makes is ordinary (sign-ins.ts), so a
 * triage of the tenant should find exactly these; a tenant made with `plant: false` has none of them.
 *
 * Victims are users past the docs' cast (alice... frank), without a trip, each in one incident only; around each
 * incident the victim has no ordinary sign-in (Plan.hush), so no ordinary record joins the evidence by chance.
 * Risk is set on each record: Identity Protection's verdict belongs to the risky incident only.
 */
import {FAR_CITIES, HOME_CITIES, USER_APPS, type AppInfo, type City} from './catalog.js';
import type {Ctx} from './context.js';
import {DAY, MINUTE} from './context.js';
import {NO_RISK} from './sign-in-details.js';
import {signIn, type SignInSpec} from './sign-in-record.js';
import type {Plan} from './sign-ins.js';
import type {GraphRecord, User} from './tenant.js';

export type PlantedKind =
	| 'password-spray'
	| 'brute-force'
	| 'mfa-fatigue'
	| 'impossible-travel'
	| 'new-country'
	| 'legacy-auth'
	| 'device-code'
	| 'risky';

export interface PlantedIncident {
	readonly kind: PlantedKind;
	/** The user's UPN, or for a spray the attacking address. */
	readonly subject: string;
	/** The ids of the records that are its evidence. */
	readonly ids: readonly string[];
	/** What happened, in words (docs/emulator.md lists them). */
	readonly story: string;
}

/** Fewer sign-ins than this and nothing is planted (the incidents would be a large part of the tenant). */
export const PLANT_MIN_SIGN_INS = 2000;

const HOUR = 60 * MINUTE;
const app = (name: string): AppInfo => USER_APPS.find(a => a.displayName === name)!;
const farCity = (name: string): City => FAR_CITIES.find(c => c.city === name)!;
const cityNamed = (name: string): City => HOME_CITIES.find(c => c.city === name)!;

export function plantIncidents(ctx: Ctx, plan: Plan, out: GraphRecord[], target: number): PlantedIncident[] {
	if (target < PLANT_MIN_SIGN_INS) return [];
	const {rng, now, start} = ctx;
	const span = now - start;
	const taken = new Set<User>();
	const victim = (test: (u: User) => boolean = () => true): User => {
		const candidates = ctx.users.filter((u, i) => i >= 6 && !taken.has(u) && !plan.trips.has(u) && test(u));
		const user = rng.pick(candidates);
		taken.add(user);
		return user;
	};
	/** A time `fraction` of the way through the window, give or take an hour. */
	const at = (fraction: number): number => start + span * fraction + rng.int(-60, 60) * MINUTE;
	const addressIn = (city: City): string => `${city.ipPrefix}.${rng.int(0, 255)}.${rng.int(1, 254)}`;
	const incidents: PlantedIncident[] = [];
	const plant = (
		kind: PlantedKind,
		subject: string,
		story: string,
		specs: ReadonlyArray<SignInSpec & {readonly evidence?: boolean}>,
	): void => {
		const ids: string[] = [];
		for (const {evidence, ...spec} of specs) {
			const record = signIn(ctx, spec);
			out.push(record);
			if (evidence !== false) ids.push(record.id);
		}
		incidents.push({kind, subject, ids, story});
	};
	const base = (user: User | undefined, a: AppInfo, city: City, ip: string, time: number) =>
		({
			type: 'interactiveUser',
			user,
			app: a,
			place: {city, ip},
			time,
			correlationId: rng.guid(),
			resourceId: a.resources[0]!,
			risk: NO_RISK,
		}) as const;

	// Password spray: one far address tries a common password on many accounts, one every few seconds. Names
	// that do not exist (50034) and disabled accounts (50057) are part of it but not its evidence: the detection
	// counts wrong passwords and lockouts, as Sentinel's rule does.
	{
		const city = farCity('Lagos');
		const ip = addressIn(city);
		const exo = app('Office 365 Exchange Online');
		let t = at(0.9);
		const specs: Array<SignInSpec & {evidence: boolean}> = [];
		for (let i = rng.int(60, 140); i > 0; i--) {
			const user = rng.pick(ctx.users.slice(6));
			t += rng.int(1, 20) * 1000;
			const code = rng.weighted([
				[50126, 80],
				[50053, 12],
				[50034, 5],
				[50057, 3],
			] as const);
			specs.push({
				...base(user, exo, city, ip, t),
				errorCode: code,
				clientAppUsed: rng.chance(0.6) ? 'Authenticated SMTP' : 'Other clients',
				evidence: code === 50126 || code === 50053,
			});
		}
		plant('password-spray', ip, `a password spray from ${ip} (Lagos): ${specs.length} attempts`, specs);
	}

	// Brute force: one account, a dozen wrong passwords in ten minutes, then locked out.
	{
		const user = victim();
		const city = farCity('Bucharest');
		const ip = addressIn(city);
		let t = at(0.93);
		plan.hush(user, t - HOUR, t + HOUR);
		const specs: SignInSpec[] = [];
		for (let i = 0; i < 14; i++) {
			t += rng.int(20, 50) * 1000;
			specs.push({...base(user, app('OfficeHome'), city, ip, t), errorCode: i < 12 ? 50126 : 50053});
		}
		plant(
			'brute-force',
			user.userPrincipalName,
			`12 wrong passwords then a lockout for ${user.userPrincipalName}`,
			specs,
		);
	}

	// MFA fatigue: someone with the password pushes prompt after prompt; the user denies each one.
	{
		const user = victim();
		const city = farCity('Bucharest');
		const ip = addressIn(city);
		let t = at(0.95);
		plan.hush(user, t - 2 * HOUR, t + 2 * HOUR);
		const specs: SignInSpec[] = [];
		for (let i = 0; i < 6; i++) {
			t += rng.int(4, 7) * MINUTE;
			const correlationId = rng.guid();
			const office = base(user, app('OfficeHome'), city, ip, t);
			specs.push({...office, correlationId, errorCode: 50074, mfa: 'required'});
			specs.push({...office, correlationId, time: t + rng.int(25, 60) * 1000, errorCode: 500121, mfa: 'denied'});
		}
		plant(
			'mfa-fatigue',
			user.userPrincipalName,
			`six MFA prompts denied by ${user.userPrincipalName} within the hour`,
			specs,
		);
	}

	// Legacy authentication: a mailbox read over IMAP by an account left out of the legacy block.
	{
		const user = victim();
		let t = at(0.86);
		plan.hush(user, t - HOUR, t + 6 * HOUR);
		const specs: SignInSpec[] = [];
		for (let i = 0; i < 3; i++) {
			t += rng.int(40, 90) * MINUTE;
			specs.push({
				...base(user, app('Office 365 Exchange Online'), user.home, user.ips[0]!, t),
				errorCode: 0,
				clientAppUsed: 'IMAP4',
				caExempt: true,
			});
		}
		plant('legacy-auth', user.userPrincipalName, `three IMAP sign-ins of ${user.userPrincipalName}`, specs);
	}

	// Device code: a user enters a code someone sent them (a phishing vector) and signs the Azure CLI in.
	{
		const user = victim();
		const t = at(0.97);
		plan.hush(user, t - HOUR, t + HOUR);
		const cli = app('Microsoft Azure CLI');
		const specs: SignInSpec[] = [0, 1].map(i => ({
			...base(user, cli, user.home, user.ips[0]!, t + i * rng.int(2, 10) * MINUTE),
			errorCode: 0,
			mfa: 'satisfied' as const,
			protocol: 'deviceCode',
			transfer: 'deviceCodeFlow',
		}));
		plant('device-code', user.userPrincipalName, `two device-code sign-ins of ${user.userPrincipalName}`, specs);
	}

	// Risky: two days of attempts with a stolen password from far away, each blocked by Conditional Access and
	// each flagged by Identity Protection.
	{
		const user = victim();
		const cities = [farCity('Moscow'), farCity('Jakarta')];
		const t0 = at(0.78);
		const specs: SignInSpec[] = [];
		for (let i = 0; i < 24; i++) {
			const city = cities[i % 2]!;
			const spec = base(user, app('OfficeHome'), city, addressIn(city), t0 + (i * 2 * DAY) / 24);
			// No risk given: the record's risk is decided from its id, as for any far-away sign-in (sign-in-record.ts).
			specs.push({
				...spec,
				errorCode: 53003,
				blockedBy: 'CA005: Block sign-ins from unapproved countries',
				risk: undefined,
			});
		}
		plant('risky', user.userPrincipalName, `24 blocked sign-ins of ${user.userPrincipalName} flagged at risk`, specs);
	}

	// New country: two sign-ins from abroad, a day's journey from the user's other sign-ins, on top of a few
	// ordinary ones (so that the rest of the window says where the user usually is).
	{
		const user = victim();
		const city = farCity('Sao Paulo');
		const t = at(0.82);
		plan.hush(user, t - DAY, t + DAY + HOUR);
		for (let i = 0; i < 10; i++) {
			const when = start + span * (0.05 + i * 0.06);
			out.push(
				signIn(ctx, {
					...base(user, app('Microsoft Teams'), user.home, user.ips[0]!, when),
					errorCode: 0,
					mfa: 'claimInToken',
				}),
			);
		}
		const ip = addressIn(city);
		const specs: SignInSpec[] = [0, 1].map(i => ({
			...base(user, app('OfficeHome'), city, ip, t + i * rng.int(30, 90) * MINUTE),
			errorCode: 0,
			mfa: 'satisfied' as const,
		}));
		plant('new-country', user.userPrincipalName, `two sign-ins of ${user.userPrincipalName} from Brazil`, specs);
	}

	// Impossible travel: a success at home, then one from the other side of the country 45 minutes later (a
	// stolen session); the victim's last sign-ins of the window, so that no hop back follows.
	{
		const user = victim(u => u.home.countryOrRegion === 'US');
		const west = user.home.longitude < -100;
		const there = cityNamed(west ? 'New York' : 'Seattle');
		const t = now - 3 * HOUR;
		plan.hush(user, t - 8 * HOUR, now + HOUR);
		const specs: SignInSpec[] = [
			{...base(user, app('Microsoft Teams'), user.home, user.ips[0]!, t), errorCode: 0, mfa: 'claimInToken'},
			{...base(user, app('OfficeHome'), there, addressIn(there), t + 45 * MINUTE), errorCode: 0, mfa: 'satisfied'},
		];
		plant(
			'impossible-travel',
			user.userPrincipalName,
			`${user.userPrincipalName} in ${user.home.city}, then in ${there.city} 45 minutes later`,
			specs,
		);
	}
	return incidents;
}
