/**
 * What a report is, declaratively: where it lives in Graph, its time property, the fields a user filters on
 * (and how each becomes documented `$filter` clauses, or a local check where Graph has none), list columns,
 * detail sections and pivots. Adding a report is adding one file that exports one of these.
 */
import type {Expr} from '../query/filter.js';

export type ReportId = 'signins' | 'audits' | 'provisioning';
export type GraphRecord = Readonly<Record<string, unknown>> & {readonly id: string};

/** A user-facing filter field: a CLI flag (`--user`) and a form field in the TUI. */
export interface FilterField {
	readonly key: string;
	readonly label: string;
	/** Shown as the form's placeholder and in `--help`. */
	readonly hint: string;
	/** Fixed choices, if any (enum-like fields). */
	readonly choices?: readonly string[];
	/** Needs Graph beta (the field exists only there). */
	readonly betaOnly?: boolean;
	/**
	 * Turns what the user typed into clauses: `server` goes into `$filter`, `local` is checked on each record
	 * after it arrives (for what Graph does not filter). Throws QueryError with a one-line message.
	 */
	build(value: string): {readonly server?: Expr; readonly local?: Expr};
}

export interface Column {
	readonly key: string;
	readonly label: string;
	/** Minimum width; `grow` shares what is left. */
	readonly width: number;
	readonly grow?: number;
	/** Raw text of the cell; the store sanitizes it. */
	readonly value: (r: GraphRecord) => string;
	/** A semantic tone for the cell (the UI maps it to a colour). */
	readonly tone?: (r: GraphRecord) => Tone;
}

export type Tone = 'default' | 'success' | 'failure' | 'warning' | 'muted';

export interface DetailSection {
	readonly title: string;
	/** Label/value lines; values are raw text (sanitized when displayed). */
	readonly lines: (r: GraphRecord) => ReadonlyArray<readonly [string, string]>;
}

export interface Pivot {
	/** The key in the list: u, a, i, c. */
	readonly key: string;
	readonly label: string;
	/** The filter field the pivot sets. */
	readonly field: string;
	readonly value: (r: GraphRecord) => string | undefined;
}

export interface ReportDefinition {
	readonly id: ReportId;
	readonly title: string;
	/** The Graph collection under /auditLogs. */
	readonly collection: 'signIns' | 'directoryAudits' | 'provisioning';
	readonly timeField: 'createdDateTime' | 'activityDateTime';
	/** The time operators Graph documents for this report (provisioning has gt/lt, the others ge/le). */
	readonly timeOps: {readonly since: 'ge' | 'gt'; readonly until: 'le' | 'lt'};
	/** Graph wants `$top` in the first request to hand out nextLinks (provisioning). */
	readonly needsTop: boolean;
	readonly fields: readonly FilterField[];
	readonly columns: readonly Column[];
	readonly details: readonly DetailSection[];
	readonly pivots: readonly Pivot[];
	/** A one-line summary of a record (status bar, search). */
	readonly summary: (r: GraphRecord) => string;
}

export const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function text(value: unknown): string {
	if (value === null || value === undefined) return '';
	if (typeof value === 'string') return value;
	if (typeof value === 'number' || typeof value === 'boolean') return String(value);
	return JSON.stringify(value);
}

/** A value at a Graph path (`status/errorCode`): the filter evaluator's own lookup, so both read records alike. */
export {getPath as at} from '../query/filter.js';

/** `2026-11-20 08:14:03` in UTC: fixed width, sortable, unambiguous over SSH. */
export function shortTime(iso: unknown): string {
	const s = text(iso);
	return s.length >= 19 ? `${s.slice(0, 10)} ${s.slice(11, 19)}` : s;
}
