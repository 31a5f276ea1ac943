/** Sign-ins of the four event types: interactive (with MFA steps and CA), non-interactive bursts, apps and identities. */
import {FAR_CITIES, HOME_CITIES, LEGACY_CLIENTS, RESOURCES, USER_APPS, type City} from './catalog.js';
import type {GraphRecord, User} from './tenant.js';
import {pickTime, type Ctx} from './context.js';
import {signIn} from './sign-in-record.js';

export type EventType = 'interactiveUser' | 'nonInteractiveUser' | 'servicePrincipal' | 'managedIdentity';

export interface Place {
	readonly city: City;
	readonly ip: string;
}

function placeFor(ctx: Ctx, user: User): Place {
	const {rng} = ctx;
	const r = rng.next();
	if (r < 0.93) return {city: user.home, ip: rng.pick(user.ips)};
	if (r < 0.985) {
		const city = rng.pick(HOME_CITIES);
		return {city, ip: `${city.ipPrefix}.${rng.int(0, 255)}.${rng.int(1, 254)}`};
	}
	const city = rng.pick(FAR_CITIES);
	return {city, ip: `${city.ipPrefix}.${rng.int(0, 255)}.${rng.int(1, 254)}`};
}

/** Sign-ins, yielding every 1,000 records or so (see tenantInSteps). */
export function* makeSignIns(ctx: Ctx, target: number): Generator<void, GraphRecord[]> {
	const {rng} = ctx;
	const out: GraphRecord[] = [];
	const shares: ReadonlyArray<readonly [EventType, number]> = [
		// Weights per session, chosen so that records end up about 22% interactive, 58% non-interactive (bursts of
		// ~5.5 records), 14% service principal and 6% managed identity, as tenants commonly see.
		['interactiveUser', 17],
		['nonInteractiveUser', 10.5],
		['servicePrincipal', 14],
		['managedIdentity', 6],
	];
	// A password spray or two: many failures against many users from one far address.
	const sprays = Math.max(1, Math.round(target / 25_000));
	for (let s = 0; s < sprays && out.length < target; s++)
		spray(ctx, out, Math.min(target - out.length, rng.int(60, 140)));
	let yielded = 0;
	while (out.length < target) {
		if (out.length - yielded >= 1000) {
			yielded = out.length;
			yield;
		}
		const type = rng.weighted(shares);
		if (type === 'interactiveUser') interactive(ctx, out);
		else if (type === 'nonInteractiveUser') nonInteractiveBurst(ctx, out, target - out.length);
		else servicePrincipalSignIn(ctx, out, type);
	}
	out.length = Math.min(out.length, target);
	return out;
}

const INTERACTIVE_CODES: ReadonlyArray<readonly [number, number]> = [
	[0, 800],
	[50126, 45],
	[50074, 30],
	[50076, 30],
	[53003, 18],
	[50053, 8],
	[50140, 25],
	[50055, 6],
	[50057, 4],
	[50058, 12],
	[50097, 4],
	[50105, 4],
	[16000, 3],
	[500121, 6],
	[53000, 5],
];

function interactive(ctx: Ctx, out: GraphRecord[]): void {
	const {rng} = ctx;
	const user = rng.pick(ctx.users);
	const app = rng.weighted(user.interactiveAppWeights);
	const place = placeFor(ctx, user);
	const time = pickTime(ctx, user);
	const correlationId = rng.guid();
	const far = FAR_CITIES.includes(place.city);
	let code = rng.weighted(
		INTERACTIVE_CODES.map(([c, w]) => [c, c === 50126 || c === 53003 ? w * user.riskiness : w] as const),
	);
	if (far && rng.chance(0.5)) code = 53003;
	const legacy = rng.chance(0.01);
	const base = {type: 'interactiveUser' as const, user, app, place, resourceId: rng.pick(app.resources), correlationId};
	if (legacy) {
		out.push(
			signIn(ctx, {
				...base,
				time,
				errorCode: 53003,
				clientAppUsed: rng.pick(LEGACY_CLIENTS),
				blockedBy: 'CA003: Block legacy authentication',
			}),
		);
		return;
	}
	if (code === 50074 || code === 50076) {
		// MFA interrupt, then (usually) the same sign-in completes with MFA a few seconds later: one correlation id.
		out.push(signIn(ctx, {...base, time, errorCode: code, mfa: 'required'}));
		const next = rng.weighted([
			[0, 85],
			[500121, 10],
			[50074, 5],
		] as const);
		if (rng.chance(0.9))
			out.push(
				signIn(ctx, {
					...base,
					time: time + rng.int(8, 90) * 1000,
					errorCode: next,
					mfa: next === 0 ? 'satisfied' : 'denied',
				}),
			);
		return;
	}
	if (code === 50140) {
		out.push(signIn(ctx, {...base, time, errorCode: 50140}));
		out.push(
			signIn(ctx, {
				...base,
				time: time + rng.int(2, 20) * 1000,
				errorCode: 0,
				mfa: rng.chance(0.5) ? 'claimInToken' : 'none',
			}),
		);
		return;
	}
	const blockedBy =
		code === 53003
			? far
				? 'CA005: Block sign-ins from unapproved countries'
				: 'CA004: Require compliant device for Azure management'
			: undefined;
	out.push(
		signIn(ctx, {
			...base,
			time,
			errorCode: code,
			mfa:
				code === 0
					? rng.weighted([
							['satisfied', 25],
							['claimInToken', 35],
							['none', 40],
						] as const)
					: 'none',
			blockedBy,
		}),
	);
}

function spray(ctx: Ctx, out: GraphRecord[], count: number): void {
	const {rng} = ctx;
	const city = rng.pick(FAR_CITIES);
	const ip = `${city.ipPrefix}.${rng.int(0, 255)}.${rng.int(1, 254)}`;
	const app = USER_APPS.find(a => a.displayName === 'Office 365 Exchange Online')!;
	let t = pickTime(ctx);
	for (let i = 0; i < count; i++) {
		const user = rng.pick(ctx.users);
		t += rng.int(1, 20) * 1000;
		const code = rng.weighted([
			[50126, 80],
			[50053, 12],
			[50034, 5],
			[50057, 3],
		] as const);
		out.push(
			signIn(ctx, {
				type: 'interactiveUser',
				user,
				app,
				place: {city, ip},
				time: t,
				correlationId: rng.guid(),
				errorCode: code,
				resourceId: app.resources[0]!,
				clientAppUsed: rng.chance(0.6) ? 'Authenticated SMTP' : 'Other clients',
			}),
		);
	}
}

function nonInteractiveBurst(ctx: Ctx, out: GraphRecord[], room: number): void {
	const {rng} = ctx;
	const user = rng.pick(ctx.users);
	const app = rng.weighted(user.appWeights);
	const place = rng.chance(0.97) ? {city: user.home, ip: rng.pick(user.ips)} : placeFor(ctx, user);
	let time = pickTime(ctx, user);
	const correlationId = rng.guid();
	const n = Math.min(room, rng.int(2, 9));
	for (let i = 0; i < n; i++) {
		const code = rng.weighted([
			[0, 960],
			[50173, 8],
			[50133, 8],
			[70043, 6],
			[50058, 6],
			[7000218, 4],
			[53003, 3],
			[50076, 5],
		] as const);
		out.push(
			signIn(ctx, {
				type: 'nonInteractiveUser',
				user,
				app,
				place,
				time,
				correlationId,
				errorCode: code,
				resourceId: app.resources[i % app.resources.length]!,
				mfa: code === 0 ? 'claimInToken' : 'none',
			}),
		);
		time += rng.int(50, 4000);
	}
}

function servicePrincipalSignIn(ctx: Ctx, out: GraphRecord[], type: 'servicePrincipal' | 'managedIdentity'): void {
	const {rng} = ctx;
	const sp = rng.pick(type === 'servicePrincipal' ? ctx.apps : ctx.identities);
	const resources = Object.keys(RESOURCES);
	const codes: ReadonlyArray<readonly [number, number]> =
		type === 'servicePrincipal'
			? [
					[0, 930],
					[7000215, 25],
					[7000222, 15],
					[700016, 15],
					[53003, 5],
				]
			: [
					[0, 995],
					[500011, 5],
				];
	const city = HOME_CITIES[0]!;
	out.push(
		signIn(ctx, {
			type,
			sp,
			time: pickTime(ctx),
			correlationId: rng.guid(),
			errorCode: rng.weighted(codes),
			resourceId: rng.pick(resources),
			place: {
				city,
				ip: type === 'managedIdentity' ? '' : `20.${rng.int(36, 190)}.${rng.int(0, 255)}.${rng.int(1, 254)}`,
			},
		}),
	);
}
