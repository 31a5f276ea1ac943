/** The location detections over sign-ins: impossible travel and a new country. */
import {SUCCESS, type Found, type SignInColumns} from './model.js';
import type {Thresholds} from './thresholds.js';
import {haversineKm, validCoordinates} from './windows.js';
import {cities, clean, clock, count, day, detection, duration, span, thousands, userName, where} from './why.js';

export function impossibleTravel(
	c: SignInColumns,
	t: Thresholds,
	byUser: ReadonlyArray<Int32Array | undefined>,
): Found[] {
	const {minKmh, minKm} = t.impossibleTravel;
	const out: Found[] = [];
	for (const list of byUser) {
		if (!list) continue;
		let prev = -1;
		let involved: Set<number> | undefined;
		let hops = 0;
		let worst: {a: number; b: number; km: number; kmh: number} | undefined;
		for (const i of list) {
			if (c.outcome[i] !== SUCCESS || !validCoordinates(c.lat[i]!, c.lon[i]!)) continue;
			if (prev >= 0) {
				const km = haversineKm(c.lat[prev]!, c.lon[prev]!, c.lat[i]!, c.lon[i]!);
				const hours = (c.time[i]! - c.time[prev]!) / 3_600_000;
				const kmh = hours > 0 ? km / hours : Number.POSITIVE_INFINITY;
				if (km >= minKm && kmh > minKmh) {
					hops++;
					(involved ??= new Set()).add(prev).add(i);
					if (!worst || kmh > worst.kmh) worst = {a: prev, b: i, km, kmh};
				}
			}
			prev = i;
		}
		if (!worst || !involved) continue;
		const {a, b, km, kmh} = worst;
		const speed = Number.isFinite(kmh) ? `${thousands(kmh)} km/h` : 'at the same time';
		out.push(
			detection(
				c,
				'impossible-travel',
				userName(c, a),
				[...involved],
				`${clean(userName(c, a))}: signed in from ${clean(where(c, a)) || 'somewhere'} at ${clock(c.time[a]!)} and from ${clean(where(c, b)) || 'somewhere'} at ${clock(c.time[b]!)} UTC, ${thousands(km)} km in ${duration(c.time[b]! - c.time[a]!)} (${speed})` +
					(hops > 1 ? `; ${hops} such hops ${span(c, [...involved])}` : ` on ${day(c.time[a]!)}`),
			),
		);
	}
	return out;
}

export function newCountry(c: SignInColumns, t: Thresholds, byUser: ReadonlyArray<Int32Array | undefined>): Found[] {
	const {minBaseline, maxShare} = t.newCountry;
	const out: Found[] = [];
	for (const list of byUser) {
		if (!list || !twoCountries(c, list)) continue;
		const perCountry = new Map<number, number[]>();
		let total = 0;
		for (const i of list) {
			if (c.outcome[i] !== SUCCESS || c.country[i]! < 0) continue;
			total++;
			const same = perCountry.get(c.country[i]!);
			if (same) same.push(i);
			else perCountry.set(c.country[i]!, [i]);
		}
		if (perCountry.size < 2) continue;
		const name = (k: number): string => c.names.country[k]!;
		const byShare = [...perCountry].sort(
			(x, y) => y[1].length - x[1].length || (name(x[0]) < name(y[0]) ? -1 : name(x[0]) > name(y[0]) ? 1 : 0),
		);
		for (const [country, records] of perCountry) {
			const baseline = total - records.length;
			if (baseline < minBaseline || records.length / total > maxShare) continue;
			const usual = byShare
				.slice(0, 4)
				.filter(([k]) => k !== country)
				.slice(0, 3)
				.map(([k]) => clean(c.names.country[k]!));
			out.push(
				detection(
					c,
					'new-country',
					userName(c, records[0]!),
					records,
					`${clean(userName(c, records[0]!))}: ${count(records.length, 'successful sign-in')} from ${clean(c.names.country[country]!)}${cities(c, records)}, not among their other ${thousands(baseline)} (${usual.join(', ')}), ${span(c, records)}`,
				),
			);
		}
	}
	return out;
}

/** Whether the user's successful sign-ins come from more than one country (most users' do not: no allocation for them). */
export function twoCountries(c: SignInColumns, list: Int32Array): boolean {
	let first = -1;
	for (const i of list) {
		if (c.outcome[i] !== SUCCESS || c.country[i]! < 0) continue;
		if (first < 0) first = c.country[i]!;
		else if (c.country[i] !== first) return true;
	}
	return false;
}
