/** Time order, grouping by user or address, and sliding windows over sign-in columns (for the detections). */
import type {IntArray} from './columns.js';
import {SUCCESS, type SignInColumns} from './model.js';

export type Test = (i: number) => boolean;

/** How many of a user's next sign-ins `answered` looks at. */
const LOOK_AHEAD = 50;

/** Dated records in time order (oldest first; ties in any order). Graph sends newest first: then reversed, not sorted. */
export function timeOrder(c: SignInColumns): Int32Array {
	const dated: number[] = [];
	for (let i = 0; i < c.n; i++) if (!Number.isNaN(c.time[i]!)) dated.push(i);
	const order = Int32Array.from(dated);
	let asc = true;
	let desc = true;
	for (let k = 1; k < order.length && (asc || desc); k++) {
		const d = c.time[order[k]!]! - c.time[order[k - 1]!]!;
		if (d < 0) asc = false;
		if (d > 0) desc = false;
	}
	if (asc) return order;
	if (desc) return order.reverse();
	return order.sort((a, b) => c.time[a]! - c.time[b]! || a - b);
}

/** The entries of `order` by `key` (ids below `size`), each list in `order`'s order. */
export function groupBy(order: ArrayLike<number>, key: IntArray, size: number): Array<Int32Array | undefined> {
	const counts = new Int32Array(size);
	for (let k = 0; k < order.length; k++) {
		const v = key[order[k]!]!;
		if (v >= 0) counts[v]!++;
	}
	const lists: Array<Int32Array | undefined> = new Array(size);
	const fill = new Int32Array(size);
	for (let v = 0; v < size; v++) if (counts[v]! > 0) lists[v] = new Int32Array(counts[v]!);
	for (let k = 0; k < order.length; k++) {
		const i = order[k]!;
		const v = key[i]!;
		if (v >= 0) lists[v]![fill[v]!++] = i;
	}
	return lists;
}

export function filter(list: ArrayLike<number>, test: Test): Int32Array {
	const out: number[] = [];
	for (let k = 0; k < list.length; k++) if (test(list[k]!)) out.push(list[k]!);
	return Int32Array.from(out);
}

/**
 * The stretches of `events` (time-ordered) where some window of `windowMs` holds at least `min` events, or `min`
 * distinct values of `distinctBy`: overlapping windows merge, so each stretch is one episode. Positions in `events`.
 */
export function runs(
	events: ArrayLike<number>,
	c: {readonly time: Float64Array},
	windowMs: number,
	min: number,
	distinctBy?: IntArray,
): Array<[number, number]> {
	const out: Array<[number, number]> = [];
	const inWindow = new Map<number, number>();
	let left = 0;
	for (let right = 0; right < events.length; right++) {
		const tr = c.time[events[right]!]!;
		if (distinctBy) inWindow.set(distinctBy[events[right]!]!, (inWindow.get(distinctBy[events[right]!]!) ?? 0) + 1);
		while (tr - c.time[events[left]!]! > windowMs) {
			if (distinctBy) {
				const v = distinctBy[events[left]!]!;
				const n = inWindow.get(v)! - 1;
				if (n === 0) inWindow.delete(v);
				else inWindow.set(v, n);
			}
			left++;
		}
		const measure = distinctBy ? inWindow.size : right - left + 1;
		if (measure < min) continue;
		const last = out[out.length - 1];
		if (last && left <= last[1]) last[1] = right;
		else out.push([left, right]);
	}
	return out;
}

/**
 * Whether the prompt at list[k] was answered: the user's next sign-in from the same address, within `ms`, is a
 * success. (Only the same address: the user's own devices keep refreshing tokens while someone else pushes prompts.)
 */
export function answered(c: SignInColumns, list: Int32Array, k: number, ms: number): boolean {
	const i = list[k]!;
	// At most LOOK_AHEAD of the user's next sign-ins: a file of thousands at one instant must not make this quadratic.
	for (let j = k + 1; j < list.length && j <= k + LOOK_AHEAD && c.time[list[j]!]! - c.time[i]! <= ms; j++) {
		if (c.ip[list[j]!] === c.ip[i]) return c.outcome[list[j]!] === SUCCESS;
	}
	return false;
}

/** Successful sign-ins by their value of `key` (an address or autonomous system): one pass over all records. */
export function successesBy(c: SignInColumns, key: IntArray): Map<number, number[]> {
	const out = new Map<number, number[]>();
	for (let i = 0; i < c.n; i++) {
		if (c.outcome[i] !== SUCCESS || key[i]! < 0 || c.user[i]! < 0) continue;
		const list = out.get(key[i]!);
		if (list) list.push(i);
		else out.set(key[i]!, [i]);
	}
	return out;
}

/** How many distinct users of the failures `records` have one of the successes `succeeded` after their first failure. */
export function successesAfter(c: SignInColumns, records: readonly number[], succeeded: readonly number[]): number {
	const firstFailure = new Map<number, number>();
	for (const i of records) if (!firstFailure.has(c.user[i]!)) firstFailure.set(c.user[i]!, c.time[i]!);
	const users = new Set<number>();
	for (const i of succeeded) {
		const since = firstFailure.get(c.user[i]!);
		if (since !== undefined && c.time[i]! >= since) users.add(c.user[i]!);
	}
	return users.size;
}

export function distinct(records: ArrayLike<number>, key: IntArray): number {
	const seen = new Set<number>();
	for (let k = 0; k < records.length; k++) seen.add(key[records[k]!]!);
	return seen.size;
}

export function codeSet(codes: readonly number[]): (code: number) => boolean {
	const set = new Set(codes);
	return code => set.has(code);
}

/**
 * A place on Earth: latitude and longitude in range, and not exactly (0, 0), geo-IP's placeholder for a place it does
 * not know (Null Island, in the sea off West Africa), which is taken as no coordinates, as null is.
 */
export function validCoordinates(lat: number, lon: number): boolean {
	return Math.abs(lat) <= 90 && Math.abs(lon) <= 180 && !(lat === 0 && lon === 0);
}

/** Great-circle distance on a sphere of the Earth's mean radius (6,371 km). */
export function haversineKm(lat1: number, lon1: number, lat2: number, lon2: number): number {
	const rad = Math.PI / 180;
	const dLat = (lat2 - lat1) * rad;
	const dLon = (lon2 - lon1) * rad;
	const h = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(dLon / 2) ** 2;
	return 2 * 6371 * Math.asin(Math.min(1, Math.sqrt(h)));
}
