/** What a summary holds: its shape, its options, each report's outcomes and the group labels. */
import type {ReportId} from '../reports/report.js';
import type {ChunkStore} from './columns.js';
import {type Detection} from './detections.js';
import {ERROR_CODE_GROUP, groupsOf} from './groups.js';
import {type Histogram} from './histogram.js';
import {type Thresholds} from './thresholds.js';

export interface GroupEntry {
	readonly value: string;
	readonly count: number;
	/** Error codes: the code's name from the local tables, else the failure reason the service wrote on a record. */
	readonly meaning?: string;
}

export interface Summary {
	readonly report: ReportId;
	readonly total: number;
	/** Sign-ins: success, interrupted, failure, unknown. Audits: success, failure, timeout, unknown. Provisioning: success, failure, skipped, warning, unknown. */
	readonly outcomes: Readonly<Record<string, number>>;
	/** Group key → values, most first. Keys and labels: source/triage/groups.ts (GROUP_LABELS). */
	readonly groups: Readonly<Record<string, readonly GroupEntry[]>>;
	/** Group key → how many distinct values it has (more than `groups` lists when `top` cut it). */
	readonly distinct: Readonly<Record<string, number>>;
	readonly histogram: Histogram;
	readonly detections: readonly Detection[];
	/** The first and last record's time (ISO), '' when none is dated. */
	readonly from: string;
	readonly to: string;
	/** Things the reader must know (risk hidden without a P2 licence, records that were not objects). */
	readonly notes: readonly string[];
}

export interface SummaryOptions {
	/** At most this many values per group (default: all). */
	readonly top?: number;
	/** Replace some detections' thresholds (tests, a future setting); the rest come from THRESHOLDS. */
	readonly thresholds?: Partial<Thresholds>;
	/** Run the detections (default true; sign-ins only). */
	readonly detections?: boolean;
	/**
	 * Where the sign-ins' full chunks of columns go (columns.ts): the TUI's list's spill file, deflated (nothing of them
	 * then grows in memory with the count); in memory by default.
	 */
	readonly store?: ChunkStore;
	/** Sign-ins a chunk holds (CHUNK; tests make it small, to cross many). */
	readonly chunk?: number;
}

export const OUTCOMES: Readonly<Record<ReportId, readonly string[]>> = {
	signins: ['success', 'interrupted', 'failure', 'unknown'],
	audits: ['success', 'failure', 'timeout', 'unknown'],
	provisioning: ['success', 'failure', 'skipped', 'warning', 'unknown'],
};

/** Labels of every group key, for the screen and the text output. */
export const GROUP_LABELS: Readonly<Record<string, string>> = Object.fromEntries(
	(['signins', 'audits', 'provisioning'] as const).flatMap(id =>
		[...(id === 'signins' ? [ERROR_CODE_GROUP] : []), ...groupsOf(id).groups].map(g => [g.key, g.label]),
	),
);

export type Column =
	| 'code'
	| 'user'
	| 'ip'
	| 'asn'
	| 'country'
	| 'city'
	| 'app'
	| 'clientApp'
	| 'protocol'
	| 'transfer'
	| 'riskLevel'
	| 'riskState';
export const INT_COLUMNS: readonly Column[] = [
	'code',
	'user',
	'ip',
	'asn',
	'country',
	'city',
	'app',
	'clientApp',
	'protocol',
	'transfer',
	'riskLevel',
	'riskState',
];
