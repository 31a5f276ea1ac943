/**
 * Sign-ins of the four event types: interactive (with MFA steps and CA), non-interactive bursts, apps and identities.
 * People sign in from home, or from another city of their country on a trip of a few days (no sign-in in the hours
 * around the journey): nothing in the ordinary records looks like an attack. The attacks are planted apart
 * (planted.ts), each with the records behind it, so that a tenant without them shows no detection at all.
 */
import {HOME_CITIES, LEGACY_CLIENTS, RESOURCES, type City} from './catalog.js';
import type {GraphRecord, User} from './tenant.js';
import {DAY, MINUTE, pickTime, type Ctx} from './context.js';
import {signIn} from './sign-in-record.js';
import {plantIncidents, type PlantedIncident} from './planted.js';

export type EventType = 'interactiveUser' | 'nonInteractiveUser' | 'servicePrincipal' | 'managedIdentity';

export interface Place {
	readonly city: City;
	readonly ip: string;
}

/** A stay in another city of the user's country, from an address of that city. */
interface Trip extends Place {
	readonly from: number;
	readonly to: number;
}

/** Hours on each side of a journey with no sign-in (the flight, and getting there). */
const TRANSIT = 8 * 60 * MINUTE;

/** Who travels where, and when each user signs in no ordinary sign-in (journeys; planted incidents). */
export class Plan {
	readonly trips = new Map<User, Trip>();
	private readonly quiet = new Map<User, Array<readonly [number, number]>>();

	constructor(ctx: Ctx) {
		const {rng} = ctx;
		for (const user of ctx.users) {
			const others = HOME_CITIES.filter(c => c.countryOrRegion === user.home.countryOrRegion && c !== user.home);
			if (others.length === 0 || !rng.chance(0.15)) continue;
			const city = rng.pick(others);
			const length = rng.int(2, 5) * DAY;
			const from = ctx.start + rng.next() * Math.max(0, ctx.now - ctx.start - length);
			const ip = `${city.ipPrefix}.${rng.int(0, 255)}.${rng.int(1, 254)}`;
			this.trips.set(user, {city, ip, from, to: from + length});
			this.hush(user, from - TRANSIT, from + TRANSIT);
			this.hush(user, from + length - TRANSIT, from + length + TRANSIT);
		}
	}

	/** No ordinary sign-in of `user` between `from` and `to`. */
	hush(user: User, from: number, to: number): void {
		const list = this.quiet.get(user) ?? [];
		list.push([from, to]);
		this.quiet.set(user, list);
	}

	/** Where the user is at `t`: on their trip, else at home from one of their addresses. */
	placeAt(ctx: Ctx, user: User, t: number): Place {
		const trip = this.trips.get(user);
		if (trip && t >= trip.from && t < trip.to) return trip;
		return {city: user.home, ip: ctx.rng.pick(user.ips)};
	}

	/** A time for an ordinary session of `user` (a session lasts a few minutes at most: kept clear of quiet hours). */
	timeFor(ctx: Ctx, user: User): number {
		const quiet = this.quiet.get(user);
		for (let tries = 0; ; tries++) {
			const t = pickTime(ctx, user);
			if (!quiet || !quiet.some(([a, b]) => t >= a - 10 * MINUTE && t <= b) || tries > 1000) return t;
		}
	}
}

/** Sign-ins, yielding every 1,000 records or so (see tenantInSteps); the planted incidents first, unless `plant` is false. */
export function* makeSignIns(
	ctx: Ctx,
	target: number,
	plant = true,
): Generator<void, {records: GraphRecord[]; planted: PlantedIncident[]}> {
	const {rng} = ctx;
	const out: GraphRecord[] = [];
	const plan = new Plan(ctx);
	const shares: ReadonlyArray<readonly [EventType, number]> = [
		// Weights per session, chosen so that records end up about 22% interactive, 58% non-interactive (bursts of
		// ~5.5 records), 14% service principal and 6% managed identity, as tenants commonly see.
		['interactiveUser', 17],
		['nonInteractiveUser', 10.5],
		['servicePrincipal', 14],
		['managedIdentity', 6],
	];
	const planted = plant ? plantIncidents(ctx, plan, out, target) : [];
	let yielded = 0;
	while (out.length < target) {
		if (out.length - yielded >= 1000) {
			yielded = out.length;
			yield;
		}
		const type = rng.weighted(shares);
		if (type === 'interactiveUser') interactive(ctx, plan, out);
		else if (type === 'nonInteractiveUser') nonInteractiveBurst(ctx, plan, out, target - out.length);
		else servicePrincipalSignIn(ctx, out, type);
	}
	out.length = Math.min(out.length, target);
	return {records: out, planted};
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

function interactive(ctx: Ctx, plan: Plan, out: GraphRecord[]): void {
	const {rng} = ctx;
	const user = rng.pick(ctx.users);
	const app = rng.weighted(user.interactiveAppWeights);
	const time = plan.timeFor(ctx, user);
	const place = plan.placeAt(ctx, user, time);
	const correlationId = rng.guid();
	const code = rng.weighted(
		INTERACTIVE_CODES.map(([c, w]) => [c, c === 50126 || c === 53003 ? w * user.riskiness : w] as const),
	);
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
	const blockedBy = code === 53003 ? 'CA004: Require compliant device for Azure management' : undefined;
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

function nonInteractiveBurst(ctx: Ctx, plan: Plan, out: GraphRecord[], room: number): void {
	const {rng} = ctx;
	const user = rng.pick(ctx.users);
	const app = rng.weighted(user.appWeights);
	let time = plan.timeFor(ctx, user);
	const place = plan.placeAt(ctx, user, time);
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
