/** The per-user detections over sign-ins: legacy protocols, device code and risky sign-ins. */
import {SUCCESS, type DetectionKind, type Found, type SignInColumns} from './model.js';
import type {Thresholds} from './thresholds.js';
import {filter, type Test} from './windows.js';
import {clean, count, detection, fromIps, span, userName, valueCounts} from './why.js';

export function legacyTest(c: SignInColumns, t: Thresholds): Test {
	const modern = new Set(t.legacyAuth.modernClients.map(s => s.toLowerCase()));
	const legacy = c.names.clientApp.map(v => !modern.has(v.toLowerCase()));
	return i => c.outcome[i] === SUCCESS && c.clientApp[i]! >= 0 && legacy[c.clientApp[i]!]!;
}

export function legacyWhy(c: SignInColumns, records: number[]): string {
	return `${clean(userName(c, records[0]!))}: ${count(records.length, 'successful legacy-protocol sign-in')} (${valueCounts(records, c.clientApp, c.names.clientApp)}) ${fromIps(c, records)} ${span(c, records)}`;
}

export function deviceCodeTest(c: SignInColumns, t: Thresholds): Test {
	const protocols = new Set(t.deviceCode.protocols.map(s => s.toLowerCase()));
	const transfers = new Set(t.deviceCode.transferMethods.map(s => s.toLowerCase()));
	// A flags enum serialises as one comma-separated string (shared/graph-api.md): "oAuth2,deviceCode".
	const byProtocol = c.names.protocol.map(v => v.split(',').some(p => protocols.has(p.trim().toLowerCase())));
	const byTransfer = c.names.transfer.map(v => transfers.has(v.trim().toLowerCase()));
	return i =>
		(c.protocol[i]! >= 0 && byProtocol[c.protocol[i]!]!) || (c.transfer[i]! >= 0 && byTransfer[c.transfer[i]!]!);
}

export function deviceCodeWhy(c: SignInColumns, records: number[]): string {
	const ok = records.filter(i => c.outcome[i] === SUCCESS).length;
	return `${clean(userName(c, records[0]!))}: ${count(records.length, 'device-code sign-in')} (${ok} successful) to ${valueCounts(records, c.app, c.names.app)} ${fromIps(c, records)} ${span(c, records)}`;
}

export function riskyTest(c: SignInColumns, t: Thresholds): Test {
	const levels = new Set(t.risky.levels.map(s => s.toLowerCase()));
	const states = new Set(t.risky.states.map(s => s.toLowerCase()));
	const byLevel = c.names.riskLevel.map(v => levels.has(v.toLowerCase()));
	const byState = c.names.riskState.map(v => states.has(v.toLowerCase()));
	return i =>
		(c.riskLevel[i]! >= 0 && byLevel[c.riskLevel[i]!]!) || (c.riskState[i]! >= 0 && byState[c.riskState[i]!]!);
}

export function riskyWhy(c: SignInColumns, records: number[]): string {
	const ok = records.filter(i => c.outcome[i] === SUCCESS).length;
	return `${clean(userName(c, records[0]!))}: ${count(records.length, 'risky sign-in')} (risk ${valueCounts(records, c.riskLevel, c.names.riskLevel)}; state ${valueCounts(records, c.riskState, c.names.riskState)}; ${ok} successful) ${fromIps(c, records)} ${span(c, records)}`;
}

/** A detection per user over the records that pass `test`. */
export function perUser(
	c: SignInColumns,
	byUser: ReadonlyArray<Int32Array | undefined>,
	kind: DetectionKind,
	test: Test,
	why: (c: SignInColumns, records: number[]) => string,
): Found[] {
	const out: Found[] = [];
	for (const list of byUser) {
		if (!list) continue;
		const records = Array.from(filter(list, test));
		if (records.length > 0) out.push(detection(c, kind, userName(c, records[0]!), records, why(c, records)));
	}
	return out;
}
