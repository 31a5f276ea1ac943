/**
 * Detections over sign-ins (issue 9 §4): each with its kind, a one-line why (who, from where, how many, over what
 * time) and the records behind it, as positions in the order the records were added and as record ids. They run
 * over the columns the summary fills (one typed array per property, values interned), so they allocate little and
 * cost nothing per record until asked. Thresholds: source/triage/thresholds.ts; reasoning: docs/triage.md.
 */
import {SUCCESS, type Detection, type DetectionKind, type SignInColumns} from './model.js';
import type {Thresholds} from './thresholds.js';
import {answered, codeSet, distinct, filter, groupBy, haversineKm, runs, successesAfter, successesBy, timeOrder, validCoordinates, type Test} from './windows.js';
import {cities, clean, clock, codeCounts, count, day, detection, duration, fromIps, place, placeOf, span, thousands, userName, valueCounts, where} from './why.js';

export {DETECTION_KINDS, FAILURE, INTERRUPTED, SUCCESS, UNKNOWN, type Detection, type DetectionKind, type SignInColumns} from './model.js';
export {haversineKm, runs} from './windows.js';

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
		let wins: Map<number, number[]> | undefined;
		const succeedingUsers = new Map<number, number>();
		for (const list of groups) {
			if (!list || list.length < minUsers) continue;
			for (const [from, to] of runs(list, c, windowMinutes * MINUTE, minUsers, c.user)) {
				const records = Array.from(list.slice(from, to + 1));
				if (by === 'asn' && distinct(records, c.ip) < 2) continue;
				const failing = distinct(records, c.user);
				// Sentinel's rule: an address with more distinct users succeeding than failing is a shared office exit.
				wins ??= successesBy(c, key);
				const k = key[records[0]!]!;
				const succeeded = wins.get(k) ?? [];
				if (!succeedingUsers.has(k)) succeedingUsers.set(k, distinct(succeeded, c.user));
				if (succeedingUsers.get(k)! >= failing) continue;
				for (const i of records) claimed[i] = 1;
				const subject = by === 'ip' ? c.names.ip[c.ip[records[0]!]!]! : `AS${c.names.asn[c.asn[records[0]!]!]!}`;
				const later = successesAfter(c, records, succeeded);
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
		let p = 0;
		for (const [from, to] of runs(Int32Array.from(events), c, windowMinutes * MINUTE, minEvents)) {
			const records = events.slice(from, to + 1);
			const last = records[records.length - 1]!;
			// The success that may have followed (the prompt the user finally accepted) belongs to the evidence. The
			// runs come in time order, so one pointer walks the user's list once.
			while (p < list.length && c.time[list[p]!]! <= c.time[last]!) p++;
			let after: number | undefined;
			for (let q = p; q < list.length && c.time[list[q]!]! - c.time[last]! <= windowMinutes * MINUTE; q++) {
				if (c.outcome[list[q]!] === SUCCESS) {
					after = list[q]!;
					break;
				}
			}
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
		const byShare = [...perCountry].sort((x, y) => y[1].length - x[1].length);
		for (const [country, records] of perCountry) {
			const baseline = total - records.length;
			if (baseline < minBaseline || records.length / total > maxShare) continue;
			const usual = byShare.slice(0, 4).filter(([k]) => k !== country).slice(0, 3).map(([k]) => clean(c.names.country[k]!));
			out.push(detection(c, 'new-country', userName(c, records[0]!), records,
				`${clean(userName(c, records[0]!))}: ${count(records.length, 'successful sign-in')} from ${clean(c.names.country[country]!)}${cities(c, records)}, not among their other ${thousands(baseline)} (${usual.join(', ')}), ${span(c, records)}`));
		}
	}
	return out;
}


/** Whether the user's successful sign-ins come from more than one country (most users' do not: no allocation for them). */
function twoCountries(c: SignInColumns, list: Int32Array): boolean {
	let first = -1;
	for (const i of list) {
		if (c.outcome[i] !== SUCCESS || c.country[i]! < 0) continue;
		if (first < 0) first = c.country[i]!;
		else if (c.country[i] !== first) return true;
	}
	return false;
}

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
