/**
 * What the detections read and what they give (source/triage/detections.ts): the summary fills the columns, one
 * typed array per property with values interned, so detections allocate little and cost nothing per record until asked.
 */
import type {IntArray} from './columns.js';

export type DetectionKind =
	| 'password-spray'
	| 'brute-force'
	| 'mfa-fatigue'
	| 'impossible-travel'
	| 'new-country'
	| 'legacy-auth'
	| 'device-code'
	| 'risky';

/** In the order the summary lists them (the order). */
export const DETECTION_KINDS: readonly DetectionKind[] = [
	'password-spray',
	'brute-force',
	'mfa-fatigue',
	'impossible-travel',
	'new-country',
	'legacy-auth',
	'device-code',
	'risky',
];

export interface Detection {
	readonly kind: DetectionKind;
	/** One line, sanitized (record values in it cannot move the cursor or colour the terminal), values cut at 64 characters. */
	readonly why: string;
	/** The user (UPN lower-cased, or id) or, for a spray, the IP address or "AS" and its number: as in the records, so sanitize it to show it. */
	readonly subject: string;
	readonly from: string;
	readonly to: string;
	/** Positions of the records behind it, in the order they were added to the summary, ascending. */
	readonly indices: number[];
	/** Their `id`s, in the same order ('' where a record has none). */
	readonly ids: string[];
}

/** A detection as a detector finds it; its ids are read once all are found (detect). */
export type Found = Omit<Detection, 'ids'>;

/** Outcome codes in the columns. */
export const SUCCESS = 0;
export const INTERRUPTED = 1;
export const FAILURE = 2;
export const UNKNOWN = 3;

/**
 * What the detections read: one entry per record in every array (interned ids are -1 when absent), each in the
 * narrowest typed array that holds its values (source/triage/columns.ts).
 */
export interface SignInColumns {
	readonly n: number;
	/** The `id`s of the records at `indices` (ascending), '' where one has none: read once, for every detection found. */
	readonly idsOf: (indices: readonly number[]) => string[];
	readonly time: Float64Array;
	readonly code: IntArray;
	readonly outcome: Uint8Array;
	/** The user (UPN lower-cased, else user id, else service principal name), interned in `who`. */
	readonly user: IntArray;
	readonly ip: IntArray;
	/** Autonomous system number, interned (as text) like the others. */
	readonly asn: IntArray;
	readonly country: IntArray;
	readonly city: IntArray;
	readonly app: IntArray;
	readonly clientApp: IntArray;
	readonly protocol: IntArray;
	readonly transfer: IntArray;
	readonly riskLevel: IntArray;
	readonly riskState: IntArray;
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
