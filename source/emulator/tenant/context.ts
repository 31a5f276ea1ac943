/** What the generator's parts share: the seeded RNG, the time window, the tenant's people and apps, small helpers. */
import type {Rng} from './prng.js';
import type {ServicePrincipal, User} from './tenant.js';

export const MINUTE = 60_000;
export const DAY = 24 * 60 * MINUTE;

export interface Ctx {
	readonly rng: Rng;
	readonly now: number;
	readonly start: number;
	readonly tenantId: string;
	readonly domain: string;
	readonly displayName: string;
	readonly users: readonly User[];
	readonly sps: readonly ServicePrincipal[];
	readonly apps: readonly ServicePrincipal[];
	readonly identities: readonly ServicePrincipal[];
}

/** A time in the window; for a user, mostly within their working hours and on weekdays. */
export function pickTime(ctx: Ctx, user?: User): number {
	const {rng, start, now} = ctx;
	for (let tries = 0; ; tries++) {
		const t = start + rng.next() * (now - start);
		if (!user || tries > 20) return t;
		const local = new Date(t + user.home.utcOffset * 3_600_000);
		const hour = local.getUTCHours();
		const weekday = local.getUTCDay() % 6 !== 0;
		const p = (hour >= 8 && hour <= 18 ? 1 : hour >= 6 && hour <= 22 ? 0.3 : 0.08) * (weekday ? 1 : 0.25);
		if (rng.chance(p)) return t;
	}
}

export function iso(t: number): string {
	return new Date(Math.min(t, Number.MAX_SAFE_INTEGER)).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function capitalize(s: string): string {
	return s.charAt(0).toUpperCase() + s.slice(1);
}
