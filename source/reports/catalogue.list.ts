/**
 * Which columns a list shows: each report's catalogue (sign-ins.list.ts, directory-audits.list.ts,
 * provisioning.list.ts), its defaults, and a saved choice. A choice is kept per list: audits, provisioning, users'
 * sign-ins, and apps' sign-ins (service principals and managed identities, whose lists have their own defaults).
 */
import {guardColumn, type Column, type ReportId} from './report.js';
import type {EventTypeName} from './sign-ins.fields.js';
import {
	APP_DEFAULTS,
	MANAGED_IDENTITY_DEFAULTS,
	SERVICE_PRINCIPAL_DEFAULTS,
	SIGN_IN_CATALOGUE,
	USER_DEFAULTS,
} from './sign-ins.list.js';
import {AUDIT_CATALOGUE, AUDIT_DEFAULTS} from './directory-audits.list.js';
import {PROVISIONING_CATALOGUE, PROVISIONING_DEFAULTS} from './provisioning.list.js';

/** The list a choice of columns is saved for. */
export type ListKey = 'signins' | 'signins.apps' | 'audits' | 'provisioning';

const CATALOGUES: Readonly<Record<ReportId, readonly Column[]>> = {
	signins: SIGN_IN_CATALOGUE.map(guardColumn),
	audits: AUDIT_CATALOGUE.map(guardColumn),
	provisioning: PROVISIONING_CATALOGUE.map(guardColumn),
};

/** Every column a report's list can show. */
export function catalogueOf(report: ReportId): readonly Column[] {
	return CATALOGUES[report];
}

const isApp = (t: EventTypeName): boolean => t === 'service-principal' || t === 'managed-identity';

/** Users' sign-ins (any with a user type) or apps' (only service principal and managed identity types). */
export function listKey(report: ReportId, eventTypes?: readonly EventTypeName[]): ListKey {
	if (report !== 'signins') return report;
	return eventTypes && eventTypes.length > 0 && eventTypes.every(isApp) ? 'signins.apps' : 'signins';
}

/** The columns a list shows when nothing was chosen. */
export function defaultKeys(report: ReportId, eventTypes?: readonly EventTypeName[]): readonly string[] {
	if (report === 'audits') return AUDIT_DEFAULTS;
	if (report === 'provisioning') return PROVISIONING_DEFAULTS;
	if (listKey(report, eventTypes) === 'signins') return USER_DEFAULTS;
	const sp = eventTypes!.includes('service-principal');
	const mi = eventTypes!.includes('managed-identity');
	return sp && mi ? APP_DEFAULTS : mi ? MANAGED_IDENTITY_DEFAULTS : SERVICE_PRINCIPAL_DEFAULTS;
}

/** The catalogue's columns of these keys, in this order (keys it does not know, an older version's, are left out). */
export function columnsOf(report: ReportId, keys: readonly string[]): Column[] {
	const all = catalogueOf(report);
	const out: Column[] = [];
	for (const key of keys) {
		const c = all.find(x => x.key === key);
		if (c && !out.includes(c)) out.push(c);
	}
	return out;
}

/** What a list shows: the saved choice when it names any column, else the list's defaults. */
export function listColumns(
	report: ReportId,
	eventTypes: readonly EventTypeName[] | undefined,
	chosen: readonly string[] | undefined,
): Column[] {
	const picked = chosen ? columnsOf(report, chosen) : [];
	return picked.length > 0 ? picked : columnsOf(report, defaultKeys(report, eventTypes));
}
