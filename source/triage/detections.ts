/**
 * Detections over sign-ins (issue 9 §4): each with its kind, a one-line why (who, from where, how many, over what
 * time) and the records behind it, as positions in the order the records were added and as record ids. They run
 * over the columns the summary fills (one typed array per property, values interned), so they allocate little and
 * cost nothing per record until asked. Thresholds: source/triage/thresholds.ts; reasoning: docs/triage.md.
 */
import {DETECTION_KINDS, SUCCESS, type Detection, type Found, type SignInColumns} from './model.js';
import type {Thresholds} from './thresholds.js';
import {answered, codeSet, distinct, filter, groupBy, runs, successesAfter, successesBy, timeOrder} from './windows.js';
import {clean, clock, codeCounts, detection, fromIps, place, placeOf, span, userName} from './why.js';
import {impossibleTravel, newCountry} from './detections-location.js';
import {
	legacyTest,
	legacyWhy,
	deviceCodeTest,
	deviceCodeWhy,
	riskyTest,
	riskyWhy,
	perUser,
} from './detections-per-user.js';

export {
	DETECTION_KINDS,
	FAILURE,
	INTERRUPTED,
	SUCCESS,
	UNKNOWN,
	type Detection,
	type DetectionKind,
	type SignInColumns,
} from './model.js';
export {haversineKm, runs} from './windows.js';

const MINUTE = 60_000;

/** The summary's order of detections: by kind, then most records first, then earliest. */
export function detectionOrder(a: Detection, b: Detection): number {
	return (
		DETECTION_KINDS.indexOf(a.kind) - DETECTION_KINDS.indexOf(b.kind) ||
		b.indices.length - a.indices.length ||
		(a.from < b.from ? -1 : a.from > b.from ? 1 : 0)
	);
}

export function detect(c: SignInColumns, t: Thresholds): Detection[] {
	const order = timeOrder(c);
	const byUser = groupBy(order, c.user, c.names.user.length);
	const found: Found[] = [
		...passwordSpray(c, t, order),
		...bruteForce(c, t, byUser),
		...mfaFatigue(c, t, byUser),
		...impossibleTravel(c, t, byUser),
		...newCountry(c, t, byUser),
		...perUser(c, byUser, 'legacy-auth', legacyTest(c, t), legacyWhy),
		...perUser(c, byUser, 'device-code', deviceCodeTest(c, t), deviceCodeWhy),
		...perUser(c, byUser, 'risky', riskyTest(c, t), riskyWhy),
	];
	// The ids of every record named, read at once (the summary's columns read each chunk of them once).
	const named = [...new Set(found.flatMap(d => d.indices))].sort((a, b) => a - b);
	const ids = c.idsOf(named);
	const idOf = new Map(named.map((i, k) => [i, ids[k]!]));
	return found.map(d => ({...d, ids: d.indices.map(i => idOf.get(i)!)}));
}

// ---------------------------------------------------------------------------------------------------------------
// The failure bursts; the location detections are in detections-location.ts, the per-user ones in
// detections-per-user.ts.

function passwordSpray(c: SignInColumns, t: Thresholds, order: Int32Array): Found[] {
	const {codes, windowMinutes, minUsers} = t.passwordSpray;
	const isCode = codeSet(codes);
	const events = filter(order, i => isCode(c.code[i]!) && c.user[i]! >= 0);
	const out: Found[] = [];
	const claimed = new Uint8Array(c.n);
	// By IP, then by autonomous system for what no IP explains (an attacker rotating addresses in one network).
	for (const [by, key] of [
		['ip', c.ip],
		['asn', c.asn],
	] as const) {
		const groups = groupBy(
			events.filter(i => key[i]! >= 0 && !claimed[i]),
			key,
			by === 'ip' ? c.names.ip.length : c.names.asn.length,
		);
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
				out.push(
					detection(
						c,
						'password-spray',
						subject,
						records,
						`${clean(subject)}${by === 'asn' ? ` (${distinct(records, c.ip)} IPs)` : ''}${place(c, records)}: ${records.length} failed sign-ins against ${failing} users (${codeCounts(c, records)}) ${span(c, records)}` +
							(later ? `; ${later} of those users then signed in from it` : ''),
					),
				);
			}
		}
	}
	return out;
}

function bruteForce(c: SignInColumns, t: Thresholds, byUser: ReadonlyArray<Int32Array | undefined>): Found[] {
	const {codes, windowMinutes, minFailures} = t.bruteForce;
	const isCode = codeSet(codes);
	const out: Found[] = [];
	for (const list of byUser) {
		if (!list) continue;
		const events = filter(list, i => isCode(c.code[i]!));
		if (events.length < minFailures) continue;
		for (const [from, to] of runs(events, c, windowMinutes * MINUTE, minFailures)) {
			const records = Array.from(events.slice(from, to + 1));
			const locked = records.filter(i => c.code[i] === 50053).length;
			out.push(
				detection(
					c,
					'brute-force',
					userName(c, records[0]!),
					records,
					`${clean(userName(c, records[0]!))}: ${records.length} failed sign-ins (${codeCounts(c, records)})${locked ? ', locked out' : ''} ${fromIps(c, records)} ${span(c, records)}`,
				),
			);
		}
	}
	return out;
}

function mfaFatigue(c: SignInColumns, t: Thresholds, byUser: ReadonlyArray<Int32Array | undefined>): Found[] {
	const {deniedCodes, promptCodes, settleMinutes, windowMinutes, minEvents} = t.mfaFatigue;
	const denied = codeSet(deniedCodes);
	const prompt = codeSet(promptCodes);
	const out: Found[] = [];
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
			out.push(
				detection(
					c,
					'mfa-fatigue',
					userName(c, last),
					all,
					`${clean(userName(c, last))}: ${records.length} MFA prompts denied or unanswered (${codeCounts(c, records)}) ${fromIps(c, records)} ${span(c, records)}` +
						(after === undefined ? '' : `; then signed in at ${clock(c.time[after]!)} UTC${placeOf(c, after)}`),
				),
			);
		}
	}
	return out;
}
