/**
 * What a report is, declaratively: where it lives in Graph, its time property, the fields a user filters on
 * (and how each becomes documented `$filter` clauses, or a local check where Graph has none), list columns,
 * detail sections and pivots. Adding a report is adding one file that exports one of these.
 */
import type {ReportTables} from './log-analytics.js';
import type {Expr} from '../query/filter.js';
import {jsonBrief} from './json-text.js';
import {graphTimeText} from '../query/time.js';

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
	/** The key in the list: u, a, i, c; A (audits about the user), m (a group's membership), S (the user's sign-ins). */
	readonly key: string;
	readonly label: string;
	/** What it shows, in Help: `audits by the same user or app (who did it)`. */
	readonly meaning?: string;
	/** The report it opens, when not the record's own (the user's audits from a sign-in). */
	readonly report?: ReportId;
	/** The filter field the pivot sets (of `report`'s fields). */
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
	/** Where the report's Graph properties are in the other backends (records stay Graph-shaped everywhere). */
	readonly backends: ReportBackends;
}

export interface ReportBackends {
	/** The admin center's CSV download: column name (admin-center.ts `adminCenterKey`) → Graph path, `.`-separated. */
	readonly adminCenterCsv: Readonly<Record<string, string>>;
	/** Log Analytics: the report's tables and where each property is in them. */
	readonly logAnalytics: ReportTables;
}

export const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/*
 * Records are untrusted JSON: any property may hold any JSON type, at any depth and size. Report definitions read
 * them only through these accessors, which never throw and never recurse: whatever a record holds, they give what
 * can be shown, and the raw JSON (the detail's, a copy, an export) keeps the rest.
 */

/** The most characters of one value shown in a cell or a detail line (the terminal shows fewer). */
export const TEXT_MAX = 2000;

/** The most items of one list a detail section shows; the raw JSON has them all. */
export const SECTION_MAX = 200;

const more = (n: number): string => `… ${n.toLocaleString('en-US')} more`;

/** Text of any value: a string as it is, a number or boolean written out, an object or array as (bounded) JSON; '' for nothing. */
export function text(value: unknown, max = TEXT_MAX): string {
	if (value === null || value === undefined) return '';
	if (typeof value === 'string') return value.length > max ? `${value.slice(0, max)}…` : value;
	if (typeof value === 'number' || typeof value === 'boolean') return String(value);
	return jsonBrief(value, max);
}

/** The value when it is an array, else an empty one. */
export function arr(value: unknown): readonly unknown[] {
	return Array.isArray(value) ? value : [];
}

/** The value when it is an object (not an array), else an empty one. */
export function obj(value: unknown): Readonly<Record<string, unknown>> {
	return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/** A number, or a string that is one (`"50126"`); undefined otherwise. */
export function numeric(value: unknown): number | undefined {
	const n =
		typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : Number.NaN;
	return Number.isFinite(n) ? n : undefined;
}

/** A value to pivot or filter on: a non-empty string, or a number written out; nothing for other types. */
export function scalar(value: unknown): string | undefined {
	if (typeof value === 'string') return value === '' ? undefined : value;
	return typeof value === 'number' && Number.isFinite(value) ? String(value) : undefined;
}

/** A list of names (`["mfa", "block"]`): each written as text; a single value stands for a list of one. */
export function names(value: unknown, max = SECTION_MAX): string[] {
	if (Array.isArray(value))
		return value
			.slice(0, max)
			.map(v => text(v, 200))
			.filter(Boolean)
			.concat(value.length > max ? [more(value.length - max)] : []);
	const one = text(value, 200);
	return one ? [one] : [];
}

export type Line = readonly [string, string];

/**
 * Detail lines for a list property: `each` for every object in it (at most SECTION_MAX, then how many more), what
 * an item that is not an object holds, and what the property holds when it is not a list at all.
 */
export function items(
	value: unknown,
	each: (item: Readonly<Record<string, unknown>>, index: number) => readonly Line[],
): Line[] {
	if (value === null || value === undefined) return [];
	if (!Array.isArray(value)) return [['(not a list)', text(value) || jsonBrief(value, TEXT_MAX)]];
	const out: Line[] = [];
	const shown = Math.min(value.length, SECTION_MAX);
	for (let i = 0; i < shown; i++) {
		const item = value[i] as unknown;
		if (item !== null && typeof item === 'object' && !Array.isArray(item))
			out.push(...each(item as Record<string, unknown>, i));
		else out.push([`(item ${i + 1}: not an object)`, jsonBrief(item ?? null, TEXT_MAX)]);
	}
	if (value.length > shown) out.push([more(value.length - shown), 'see the raw JSON']);
	return out;
}

/** A value at a Graph path (`status/errorCode`): the filter evaluator's own lookup, so both read records alike. */
export {getPath as at} from '../query/filter.js';

/**
 * A record's time for a line labelled UTC: the text as Graph writes it (`…T21:21:39.6429763Z`), with every digit; a
 * time written otherwise (an offset, `+02:00`, in a file) is shown in UTC, then as it was written, which stays in view.
 */
export function utcTime(value: unknown): string {
	const written = text(value);
	const utc = graphTimeText(value);
	return utc === undefined || utc === written ? written : `${utc} (written ${written})`;
}

/** `2026-11-20 08:14:03` in UTC: fixed width, sortable, unambiguous over SSH. */
export function shortTime(iso: unknown): string {
	const s = text(iso);
	return s.length >= 19 ? `${s.slice(0, 10)} ${s.slice(11, 19)}` : s;
}

/** Reading a record for a cell or tone that throws (a shape no accessor foresaw) gives "(unreadable)". */
function guard<T>(read: (r: GraphRecord) => T, fallback: (error: unknown) => T): (r: GraphRecord) => T {
	return r => {
		try {
			return read(r);
		} catch (error) {
			return fallback(error);
		}
	};
}

/** A column whose cell and tone never throw, whatever the record holds (the list catalogues' columns too). */
export function guardColumn(c: Column): Column {
	return {
		...c,
		value: guard(
			r => text(c.value(r)),
			() => '(unreadable)',
		),
		...(c.tone ? {tone: guard(c.tone, (): Tone => 'muted')} : {}),
	};
}

const reason = (error: unknown): string => text(error instanceof Error ? error.message : error, 200);

/**
 * A report definition whose every reading of a record is guarded: a cell, a tone, a pivot or the summary that throws
 * (a shape no accessor foresaw) gives "(unreadable)", a detail section "(unreadable: why)" in place of its lines, and
 * the rest of the record still shows. Every report passes through here.
 */
export function defineReport(def: ReportDefinition): ReportDefinition {
	return {
		...def,
		columns: def.columns.map(guardColumn),
		details: def.details.map(s => ({
			...s,
			lines: guard(
				r => {
					const lines = s.lines(r);
					const cut =
						lines.length > SECTION_MAX * 4
							? [
									...lines.slice(0, SECTION_MAX * 4),
									[more(lines.length - SECTION_MAX * 4), 'see the raw JSON'] as const,
								]
							: lines;
					// Labels and values whole: the detail wraps them and states any cut it makes (a cell cuts its own).
					return cut.map(
						([label, value]) => [text(label, Number.POSITIVE_INFINITY), text(value, Number.POSITIVE_INFINITY)] as const,
					);
				},
				error => [['(unreadable)', `${reason(error)}: see the raw JSON`]],
			),
		})),
		pivots: def.pivots.map(p => ({
			...p,
			value: guard(
				r => scalar(p.value(r)),
				() => undefined,
			),
		})),
		summary: guard(
			r => text(def.summary(r)),
			() => '(unreadable)',
		),
	};
}
