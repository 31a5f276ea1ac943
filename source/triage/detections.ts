/**
 * Detections over sign-ins (issue 9 §4): each with its kind, a one-line why (who, from where, how many, over what
 * time) and the records behind it, as positions in the order the records were added and as record ids. They run
 * over the columns the summary fills (one typed array per property, values interned), so they allocate little and
 * cost nothing per record until asked. Thresholds: source/triage/thresholds.ts; reasoning: docs/triage.md.
 */
import {sanitizeLine} from '../terminal/sanitize.js';
import {codeMeaning} from './outcome.js';
import type {Thresholds} from './thresholds.js';

export type DetectionKind =
	| 'password-spray' | 'brute-force' | 'mfa-fatigue' | 'impossible-travel' | 'new-country' | 'legacy-auth' | 'device-code' | 'risky';

/** In the order the summary lists them (the issue's order). */
export const DETECTION_KINDS: readonly DetectionKind[] = [
	'password-spray', 'brute-force', 'mfa-fatigue', 'impossible-travel', 'new-country', 'legacy-auth', 'device-code', 'risky',
];

export interface Detection {
	readonly kind: DetectionKind;
	/** One line, sanitized (record values in it cannot move the cursor or colour the terminal), values cut at 64 characters. */
	readonly why: string;
	/** The user (sign-in UPN or id) or, for a spray, the IP address or autonomous system. */
	readonly subject: string;
	readonly from: string;
	readonly to: string;
	/** Positions of the records behind it, in the order they were added to the summary, ascending. */
	readonly indices: number[];
	/** Their `id`s, in the same order ('' where a record has none). */
	readonly ids: string[];
}

/** Outcome codes in the columns. */
export const SUCCESS = 0;
export const INTERRUPTED = 1;
export const FAILURE = 2;
export const UNKNOWN = 3;

/** What the detections read: one entry per record in every array (interned ids are -1 when absent). */
export interface SignInColumns {
	readonly n: number;
	readonly ids: readonly string[];
	readonly time: Float64Array;
	readonly code: Int32Array;
	readonly outcome: Uint8Array;
	/** The user (UPN lower-cased, else user id, else service principal name), interned in `who`. */
	readonly user: Int32Array;
	readonly ip: Int32Array;
	/** Autonomous system number, interned (as text) like the others. */
	readonly asn: Int32Array;
	readonly country: Int32Array;
	readonly city: Int32Array;
	readonly app: Int32Array;
	readonly clientApp: Int32Array;
	readonly protocol: Int32Array;
	readonly transfer: Int32Array;
	readonly riskLevel: Int32Array;
	readonly riskState: Int32Array;
	readonly lat: Float64Array;
	readonly lon: Float64Array;
	/** The values behind each interned column. */
	readonly names: {
		readonly user: readonly string[];
		readonly ip: readonly string[];
		readonly asn: readonly string[];
		readonly country: readonly string[];
		readonly city: readonly string[];
		readonly app: readonly string[];
		readonly clientApp: readonly string[];
		readonly protocol: readonly string[];
		readonly transfer: readonly string[];
		readonly riskLevel: readonly string[];
		readonly riskState: readonly string[];
	};
}

const MINUTE = 60_000;

export function detect(c: SignInColumns, t: Thresholds): Detection[] {
	const order = timeOrder(c);
	const byUser = groupBy(order, c.user, c.names.user.length);
	const found: Detection[] = [
		...passwordSpray(c, t, order),
		...bruteForce(c, t, byUser),
		...mfaFatigue(c, t, byUser),
		...impossibleTravel(c, t, byUser),
		...newCountry(c, t, byUser),
		...perUser(c, byUser, 'legacy-auth', legacyTest(c, t), legacyWhy),
		...perUser(c, byUser, 'device-code', deviceCodeTest(c, t), deviceCodeWhy),
		...perUser(c, byUser, 'risky', riskyTest(c, t), riskyWhy),
	];
	return found;
}

// ---------------------------------------------------------------------------------------------------------------
// The eight detections.

function passwordSpray(c: SignInColumns, t: Thresholds, order: Int32Array): Detection[] {
	const {codes, windowMinutes, minUsers} = t.passwordSpray;
	const isCode = codeSet(codes);
	const events = filter(order, i => isCode(c.code[i]!) && c.user[i]! >= 0);
	const out: Detection[] = [];
	const claimed = new Uint8Array(c.n);
	// By IP, then by autonomous system for what no IP explains (an attacker rotating addresses in one network).
	for (const [by, key] of [['ip', c.ip], ['asn', c.asn]] as const) {
		const groups = groupBy(events.filter(i => key[i]! >= 0 && !claimed[i]), key, by === 'ip' ? c.names.ip.length : c.names.asn.length);
		for (const list of groups) {
			if (!list || list.length < minUsers) continue;
			for (const [from, to] of runs(list, c, windowMinutes * MINUTE, minUsers, c.user)) {
				const records = Array.from(list.slice(from, to + 1));
				if (by === 'asn' && distinct(records, c.ip) < 2) continue;
				const failing = distinct(records, c.user);
				// Sentinel's rule: an address with more distinct users succeeding than failing is a shared office exit.
				const succeeding = distinctWhere(c, i => key[i] === key[records[0]!] && c.outcome[i] === SUCCESS);
				if (succeeding >= failing) continue;
				for (const i of records) claimed[i] = 1;
				const subject = by === 'ip' ? c.names.ip[c.ip[records[0]!]!]! : `AS${c.names.asn[c.asn[records[0]!]!]!}`;
				const later = records.length ? successesAfter(c, records, key) : 0;
				out.push(detection(c, 'password-spray', subject, records,
					`${clean(subject)}${by === 'asn' ? ` (${distinct(records, c.ip)} IPs)` : ''}${place(c, records)}: ${records.length} failed sign-ins against ${failing} users (${codeCounts(c, records)}) ${span(c, records)}` +
					(later ? `; ${later} of those users then signed in from it` : '')));
			}
		}
	}
	return out;
}

function bruteForce(c: SignInColumns, t: Thresholds, byUser: ReadonlyArray<Int32Array | undefined>): Detection[] {
	const {codes, windowMinutes, minFailures} = t.bruteForce;
	const isCode = codeSet(codes);
	const out: Detection[] = [];
	for (const list of byUser) {
		if (!list) continue;
		const events = filter(list, i => isCode(c.code[i]!));
		if (events.length < minFailures) continue;
		for (const [from, to] of runs(events, c, windowMinutes * MINUTE, minFailures)) {
			const records = Array.from(events.slice(from, to + 1));
			const locked = records.filter(i => c.code[i] === 50053).length;
			out.push(detection(c, 'brute-force', userName(c, records[0]!), records,
				`${clean(userName(c, records[0]!))}: ${records.length} failed sign-ins (${codeCounts(c, records)})${locked ? ', locked out' : ''} ${fromIps(c, records)} ${span(c, records)}`));
		}
	}
	return out;
}

function mfaFatigue(c: SignInColumns, t: Thresholds, byUser: ReadonlyArray<Int32Array | undefined>): Detection[] {
	const {deniedCodes, promptCodes, settleMinutes, windowMinutes, minEvents} = t.mfaFatigue;
	const denied = codeSet(deniedCodes);
	const prompt = codeSet(promptCodes);
	const out: Detection[] = [];
	for (const list of byUser) {
		if (!list) continue;
		const events: number[] = [];
		for (let k = 0; k < list.length; k++) {
			const i = list[k]!;
			if (denied(c.code[i]!)) events.push(i);
			else if (prompt(c.code[i]!) && !answered(c, list, k, settleMinutes * MINUTE)) events.push(i);
		}
		if (events.length < minEvents) continue;
		for (const [from, to] of runs(Int32Array.from(events), c, windowMinutes * MINUTE, minEvents)) {
			const records = events.slice(from, to + 1);
			const last = records[records.length - 1]!;
			// The success that may have followed (the prompt the user finally accepted) belongs to the evidence.
			const after = list.find(i => c.time[i]! > c.time[last]! && c.time[i]! - c.time[last]! <= windowMinutes * MINUTE && c.outcome[i] === SUCCESS);
			const all = after === undefined ? records : [...records, after];
			out.push(detection(c, 'mfa-fatigue', userName(c, last), all,
				`${clean(userName(c, last))}: ${records.length} MFA prompts denied or unanswered (${codeCounts(c, records)}) ${fromIps(c, records)} ${span(c, records)}` +
				(after === undefined ? '' : `; then signed in at ${clock(c.time[after]!)} UTC${placeOf(c, after)}`)));
		}
	}
	return out;
}

function impossibleTravel(c: SignInColumns, t: Thresholds, byUser: ReadonlyArray<Int32Array | undefined>): Detection[] {
	const {minKmh, minKm} = t.impossibleTravel;
	const out: Detection[] = [];
	for (const list of byUser) {
		if (!list) continue;
		let prev = -1;
		const involved = new Set<number>();
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
					involved.add(prev).add(i);
					if (!worst || kmh > worst.kmh) worst = {a: prev, b: i, km, kmh};
				}
			}
			prev = i;
		}
		if (!worst) continue;
		const {a, b, km, kmh} = worst;
		const speed = Number.isFinite(kmh) ? `${thousands(kmh)} km/h` : 'at the same time';
		out.push(detection(c, 'impossible-travel', userName(c, a), [...involved],
			`${clean(userName(c, a))}: signed in from ${clean(where(c, a)) || 'somewhere'} at ${clock(c.time[a]!)} and from ${clean(where(c, b)) || 'somewhere'} at ${clock(c.time[b]!)} UTC, ${thousands(km)} km in ${duration(c.time[b]! - c.time[a]!)} (${speed})` +
			(hops > 1 ? `; ${hops} such hops ${span(c, [...involved])}` : ` on ${day(c.time[a]!)}`)));
	}
	return out;
}

function newCountry(c: SignInColumns, t: Thresholds, byUser: ReadonlyArray<Int32Array | undefined>): Detection[] {
	const {minBaseline, maxShare} = t.newCountry;
	const out: Detection[] = [];
	for (const list of byUser) {
		if (!list) continue;
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
		for (const [country, records] of perCountry) {
			const baseline = total - records.length;
			if (baseline < minBaseline || records.length / total > maxShare) continue;
			const usual = [...perCountry].filter(([k]) => k !== country).sort((x, y) => y[1].length - x[1].length).slice(0, 3).map(([k]) => clean(c.names.country[k]!));
			out.push(detection(c, 'new-country', userName(c, records[0]!), records,
				`${clean(userName(c, records[0]!))}: ${count(records.length, 'successful sign-in')} from ${clean(c.names.country[country]!)}${cities(c, records)}, not among their other ${thousands(baseline)} (${usual.join(', ')}), ${span(c, records)}`));
		}
	}
	return out;
}

type Test = (i: number) => boolean;

function legacyTest(c: SignInColumns, t: Thresholds): Test {
	const modern = new Set(t.legacyAuth.modernClients.map(s => s.toLowerCase()));
	const legacy = c.names.clientApp.map(v => !modern.has(v.toLowerCase()));
	return i => c.outcome[i] === SUCCESS && c.clientApp[i]! >= 0 && legacy[c.clientApp[i]!]!;
}

function legacyWhy(c: SignInColumns, records: number[]): string {
	return `${clean(userName(c, records[0]!))}: ${count(records.length, 'successful legacy-protocol sign-in')} (${valueCounts(records, c.clientApp, c.names.clientApp)}) ${fromIps(c, records)} ${span(c, records)}`;
}

function deviceCodeTest(c: SignInColumns, t: Thresholds): Test {
	const protocols = new Set(t.deviceCode.protocols.map(s => s.toLowerCase()));
	const transfers = new Set(t.deviceCode.transferMethods.map(s => s.toLowerCase()));
	// A flags enum serialises as one comma-separated string (shared/graph-api.md): "oAuth2,deviceCode".
	const byProtocol = c.names.protocol.map(v => v.split(',').some(p => protocols.has(p.trim().toLowerCase())));
	const byTransfer = c.names.transfer.map(v => transfers.has(v.trim().toLowerCase()));
	return i => (c.protocol[i]! >= 0 && byProtocol[c.protocol[i]!]!) || (c.transfer[i]! >= 0 && byTransfer[c.transfer[i]!]!);
}

function deviceCodeWhy(c: SignInColumns, records: number[]): string {
	const ok = records.filter(i => c.outcome[i] === SUCCESS).length;
	return `${clean(userName(c, records[0]!))}: ${count(records.length, 'device-code sign-in')} (${ok} successful) to ${valueCounts(records, c.app, c.names.app)} ${fromIps(c, records)} ${span(c, records)}`;
}

function riskyTest(c: SignInColumns, t: Thresholds): Test {
	const levels = new Set(t.risky.levels.map(s => s.toLowerCase()));
	const states = new Set(t.risky.states.map(s => s.toLowerCase()));
	const byLevel = c.names.riskLevel.map(v => levels.has(v.toLowerCase()));
	const byState = c.names.riskState.map(v => states.has(v.toLowerCase()));
	return i => (c.riskLevel[i]! >= 0 && byLevel[c.riskLevel[i]!]!) || (c.riskState[i]! >= 0 && byState[c.riskState[i]!]!);
}

function riskyWhy(c: SignInColumns, records: number[]): string {
	const ok = records.filter(i => c.outcome[i] === SUCCESS).length;
	return `${clean(userName(c, records[0]!))}: ${count(records.length, 'risky sign-in')} (risk ${valueCounts(records, c.riskLevel, c.names.riskLevel)}; state ${valueCounts(records, c.riskState, c.names.riskState)}; ${ok} successful) ${fromIps(c, records)} ${span(c, records)}`;
}

/** A detection per user over the records that pass `test`. */
function perUser(c: SignInColumns, byUser: ReadonlyArray<Int32Array | undefined>, kind: DetectionKind, test: Test, why: (c: SignInColumns, records: number[]) => string): Detection[] {
	const out: Detection[] = [];
	for (const list of byUser) {
		if (!list) continue;
		const records = Array.from(filter(list, test));
		if (records.length > 0) out.push(detection(c, kind, userName(c, records[0]!), records, why(c, records)));
	}
	return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Time order, grouping and windows.

/** Dated records in time order (oldest first). Graph sends newest first: a reversed copy, no sort, in that case. */
function timeOrder(c: SignInColumns): Int32Array {
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
	if (desc) return order.reverse().sort(stableBy(c));
	return order.sort(stableBy(c));
}

function stableBy(c: SignInColumns): (a: number, b: number) => number {
	return (a, b) => c.time[a]! - c.time[b]! || a - b;
}

/** The entries of `order` by `key` (ids below `size`), each list in `order`'s order. */
function groupBy(order: ArrayLike<number>, key: Int32Array, size: number): Array<Int32Array | undefined> {
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

function filter(list: ArrayLike<number>, test: Test): Int32Array {
	const out: number[] = [];
	for (let k = 0; k < list.length; k++) if (test(list[k]!)) out.push(list[k]!);
	return Int32Array.from(out);
}

/**
 * The stretches of `events` (time-ordered) where some window of `windowMs` holds at least `min` events, or `min`
 * distinct values of `distinctBy`: overlapping windows merge, so each stretch is one episode. Positions in `events`.
 */
export function runs(events: ArrayLike<number>, c: {readonly time: Float64Array}, windowMs: number, min: number, distinctBy?: Int32Array): Array<[number, number]> {
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
function answered(c: SignInColumns, list: Int32Array, k: number, ms: number): boolean {
	const i = list[k]!;
	for (let j = k + 1; j < list.length && c.time[list[j]!]! - c.time[i]! <= ms; j++) {
		if (c.ip[list[j]!] === c.ip[i]) return c.outcome[list[j]!] === SUCCESS;
	}
	return false;
}

/** How many distinct users of `records` have a success from the same key (IP or AS) after their first failure. */
function successesAfter(c: SignInColumns, records: readonly number[], key: Int32Array): number {
	const firstFailure = new Map<number, number>();
	for (const i of records) if (!firstFailure.has(c.user[i]!)) firstFailure.set(c.user[i]!, c.time[i]!);
	const k = key[records[0]!]!;
	const users = new Set<number>();
	for (let i = 0; i < c.n; i++) {
		if (key[i] !== k || c.outcome[i] !== SUCCESS) continue;
		const since = firstFailure.get(c.user[i]!);
		if (since !== undefined && c.time[i]! >= since) users.add(c.user[i]!);
	}
	return users.size;
}

function distinct(records: ArrayLike<number>, key: Int32Array): number {
	const seen = new Set<number>();
	for (let k = 0; k < records.length; k++) seen.add(key[records[k]!]!);
	return seen.size;
}

function distinctWhere(c: SignInColumns, test: Test): number {
	const seen = new Set<number>();
	for (let i = 0; i < c.n; i++) if (c.user[i]! >= 0 && test(i)) seen.add(c.user[i]!);
	return seen.size;
}

function codeSet(codes: readonly number[]): (code: number) => boolean {
	const set = new Set(codes);
	return code => set.has(code);
}

function validCoordinates(lat: number, lon: number): boolean {
	return Math.abs(lat) <= 90 && Math.abs(lon) <= 180;
}

/** Great-circle distance on a sphere of the Earth's mean radius (6,371 km). */
export function haversineKm(lat1: number, lon1: number, lat2: number, lon2: number): number {
	const rad = Math.PI / 180;
	const dLat = (lat2 - lat1) * rad;
	const dLon = (lon2 - lon1) * rad;
	const h = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(dLon / 2) ** 2;
	return 2 * 6371 * Math.asin(Math.min(1, Math.sqrt(h)));
}

// ---------------------------------------------------------------------------------------------------------------
// Words.

function detection(c: SignInColumns, kind: DetectionKind, subject: string, records: readonly number[], why: string): Detection {
	const indices = [...records].sort((a, b) => a - b);
	let first = Number.POSITIVE_INFINITY;
	let last = Number.NEGATIVE_INFINITY;
	for (const i of indices) {
		first = Math.min(first, c.time[i]!);
		last = Math.max(last, c.time[i]!);
	}
	return {kind, why, subject, from: isoOf(first), to: isoOf(last), indices, ids: indices.map(i => c.ids[i]!)};
}

function isoOf(ms: number): string {
	return Number.isFinite(ms) ? new Date(ms).toISOString() : '';
}

/** A record value made safe for one line of a terminal, and short. */
export function clean(value: string): string {
	const s = sanitizeLine(value);
	return s.length > 64 ? `${s.slice(0, 63)}…` : s;
}

function userName(c: SignInColumns, i: number): string {
	return c.names.user[c.user[i]!] ?? '(unknown user)';
}

function where(c: SignInColumns, i: number): string {
	const city = c.city[i]! >= 0 ? c.names.city[c.city[i]!]! : '';
	const country = c.country[i]! >= 0 ? c.names.country[c.country[i]!]! : '';
	return [city, country].filter(Boolean).join(', ');
}

function placeOf(c: SignInColumns, i: number): string {
	const w = where(c, i);
	const ip = c.ip[i]! >= 0 ? c.names.ip[c.ip[i]!]! : '';
	return ip || w ? ` from ${[ip, w && `(${w})`].filter(Boolean).map(clean).join(' ')}` : '';
}

/** " (Lagos, NG)": the most common place of the records. */
function place(c: SignInColumns, records: readonly number[]): string {
	const top = mostCommon(records, i => where(c, i));
	return top ? ` (${clean(top)})` : '';
}

function cities(c: SignInColumns, records: readonly number[]): string {
	const top = mostCommon(records, i => (c.city[i]! >= 0 ? c.names.city[c.city[i]!]! : ''));
	return top ? ` (${clean(top)})` : '';
}

/** "from 95.165.1.2 (Moscow, RU)" or "from 3 IPs, mostly 95.165.1.2 (Moscow, RU)". */
function fromIps(c: SignInColumns, records: readonly number[]): string {
	const ips = distinct(records.filter(i => c.ip[i]! >= 0), c.ip);
	const top = mostCommon(records, i => (c.ip[i]! >= 0 ? c.names.ip[c.ip[i]!]! : ''));
	if (!top) return 'from no recorded IP';
	const i = records.find(r => c.ip[r]! >= 0 && c.names.ip[c.ip[r]!] === top)!;
	const w = where(c, i);
	return `from ${ips > 1 ? `${ips} IPs, mostly ` : ''}${clean(top)}${w ? ` (${clean(w)})` : ''}`;
}

function mostCommon(records: readonly number[], value: (i: number) => string): string {
	const counts = new Map<string, number>();
	let best = '';
	let bestCount = 0;
	for (const i of records) {
		const v = value(i);
		if (!v) continue;
		const n = (counts.get(v) ?? 0) + 1;
		counts.set(v, n);
		if (n > bestCount) {
			best = v;
			bestCount = n;
		}
	}
	return best;
}

/** "50126 InvalidUserNameOrPassword ×12, 50053 ×2" (most first; short names only). */
function codeCounts(c: SignInColumns, records: readonly number[]): string {
	const counts = new Map<number, number>();
	for (const i of records) counts.set(c.code[i]!, (counts.get(c.code[i]!) ?? 0) + 1);
	const named = (code: number): string => {
		const meaning = codeMeaning(code);
		return meaning && meaning.length <= 30 ? `${code} ${meaning}` : String(code);
	};
	return [...counts].sort((a, b) => b[1] - a[1]).map(([code, n]) => `${named(code)} ×${n}`).join(', ');
}

/** "IMAP4 ×10, POP3 ×2" (most first, at most 3 and "…"). */
function valueCounts(records: readonly number[], key: Int32Array, names: readonly string[]): string {
	const counts = new Map<number, number>();
	for (const i of records) if (key[i]! >= 0) counts.set(key[i]!, (counts.get(key[i]!) ?? 0) + 1);
	if (counts.size === 0) return '-';
	const sorted = [...counts].sort((a, b) => b[1] - a[1]);
	return sorted.slice(0, 3).map(([v, n]) => `${clean(names[v]!)} ×${n}`).join(', ') + (sorted.length > 3 ? ', …' : '');
}

/** "over 23 min, 2026-11-20 08:14–08:37 UTC" or "at 2026-11-20 08:14 UTC". */
function span(c: SignInColumns, records: readonly number[]): string {
	let first = Number.POSITIVE_INFINITY;
	let last = Number.NEGATIVE_INFINITY;
	for (const i of records) {
		first = Math.min(first, c.time[i]!);
		last = Math.max(last, c.time[i]!);
	}
	if (!Number.isFinite(first)) return 'at an unknown time';
	if (last - first < MINUTE) return `at ${day(first)} ${clock(first)} UTC`;
	const end = day(first) === day(last) ? clock(last) : `${day(last)} ${clock(last)}`;
	return `over ${duration(last - first)}, ${day(first)} ${clock(first)}–${end} UTC`;
}

function day(ms: number): string {
	return new Date(ms).toISOString().slice(0, 10);
}

function clock(ms: number): string {
	return new Date(ms).toISOString().slice(11, 16);
}

export function duration(ms: number): string {
	const minutes = Math.round(ms / MINUTE);
	if (minutes < 1) return `${Math.max(0, Math.round(ms / 1000))} s`;
	if (minutes < 60) return `${minutes} min`;
	if (minutes < 48 * 60) return `${Math.floor(minutes / 60)} h${minutes % 60 ? ` ${minutes % 60} min` : ''}`;
	return `${Math.round(minutes / 1440)} days`;
}

function count(n: number, noun: string): string {
	return `${thousands(n)} ${noun}${n === 1 ? '' : 's'}`;
}

export function thousands(n: number): string {
	return Math.round(n).toLocaleString('en-US');
}
