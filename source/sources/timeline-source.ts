/**
 * One user's timeline (issue 9 §5): their sign-ins of all four event types, the audits they initiated and the audits
 * about them, and the provisioning events of their identity, merged newest first, each record with its report and
 * the detections it is behind. The four queries are ordinary Queries (their values quoted where every query's are),
 * fetched at once through one opener, so they share the Graph client's limiter (5 requests per 10 s); a report that
 * fails (a 403, a network gone) is said and the others still show.
 */
import {quote} from '../query/odata.js';
import {evaluate, str, type Expr} from '../query/filter.js';
import {kqlCondition} from '../query/kql.js';
import {compareInstants, parseInstant, QueryError, type Instant} from '../query/time.js';
import type {Query} from '../query/query.js';
import {EVENT_TYPES, ZERO_GUID, type EventTypeName} from '../reports/sign-ins.fields.js';
import {GUID, arr, at, obj, scalar, shortTime, type GraphRecord, type ReportId} from '../reports/report.js';
import {reportById} from '../reports/index.js';
import {summarize} from '../triage/summary.js';
import type {DetectionKind} from '../triage/model.js';
import type {RecordSource, SourcePage} from './source.js';
import {recordJson} from './source.js';
import {errorLine} from './source-error.js';

/** Who the timeline is of: a UPN, an object id or both (the name is for the header). */
export interface TimelineSubject {
	readonly upn?: string;
	readonly id?: string;
	readonly name?: string;
}

export interface TimelineRange {
	readonly since?: string;
	readonly until?: string;
	/** Read from this Log Analytics workspace (its ID), as the list the timeline came from: every query carries it. */
	readonly workspace?: string;
	/** Read offline, from an archive that holds several reports: what no filter field says is checked on each record. */
	readonly offline?: boolean;
}

/**
 * How the provisioning query names the identity, which no filter field does: raw OData for Graph, a KQL condition for
 * a workspace (or to print as KQL), a check of each record read offline.
 */
export type LegForm = 'odata' | 'kql' | 'local';

const formOf = (range: TimelineRange): LegForm => (range.workspace ? 'kql' : range.offline ? 'local' : 'odata');

export type LegName = 'sign-ins' | 'audits by' | 'audits about' | 'provisioning';

/** One of the timeline's queries. */
export interface TimelineLeg {
	readonly name: LegName;
	readonly query: Query;
	/** Which of the query's records are the user's, when the query cannot say it (offline): all when absent. */
	readonly keep?: (record: GraphRecord) => boolean;
}

export interface TimelineEntry {
	readonly report: ReportId;
	readonly record: GraphRecord;
	/** The record's time, to the last of Graph's digits (undefined: none it could read; such records go last). */
	readonly at?: Instant;
	readonly detections: readonly DetectionKind[];
}

export interface TimelineState {
	/** Newest first. */
	readonly entries: readonly TimelineEntry[];
	/** What could not be read, one line each ("provisioning: 403 …"). */
	readonly problems: readonly string[];
	/** Records read per query. */
	readonly counts: Readonly<Partial<Record<LegName, number>>>;
	/** Queries cut at the cap. */
	readonly capped: readonly LegName[];
	readonly done: boolean;
}

export const ALL_EVENT_TYPES = Object.keys(EVENT_TYPES) as EventTypeName[];

/** At most this many records per query (a user's month is a few hundred; a service account's can be more). */
export const TIMELINE_CAP = 10_000;

const lower = (s: string | undefined): string | undefined => s?.toLowerCase();

const guidOf = (v: unknown): string | undefined => {
	const s = scalar(v);
	// An app's sign-in carries the zero GUID as its user id.
	return s && GUID.test(s) && s !== ZERO_GUID ? s.toLowerCase() : undefined;
};

const personOf = (o: unknown): TimelineSubject | undefined => {
	const p = obj(o);
	const subject = {upn: lower(scalar(p['userPrincipalName'])), id: guidOf(p['id']), name: scalar(p['displayName'])};
	return subject.upn || subject.id ? subject : undefined;
};

/** The user a record is about: the one who signed in, the audit's initiator (else its first user target), the identity provisioned from or into Entra. */
export function subjectOf(report: ReportId, record: GraphRecord): TimelineSubject | undefined {
	switch (report) {
		case 'signins': {
			const s = {
				upn: lower(scalar(record['userPrincipalName'])),
				id: guidOf(record['userId']),
				name: scalar(record['userDisplayName']),
			};
			return s.upn || s.id ? s : undefined;
		}
		case 'audits': {
			const initiator = personOf(at(record, 'initiatedBy/user'));
			if (initiator) return initiator;
			const target = arr(record['targetResources']).find(t => scalar(obj(t)['type']) === 'User');
			return target === undefined ? undefined : personOf(target);
		}
		case 'provisioning': {
			// Entra's side of the provisioning (its older name in older records).
			const entra = (side: string): boolean =>
				/^(Microsoft Entra ID|Azure Active Directory)$/.test(scalar(at(record, `${side}System/displayName`)) ?? '');
			const side = entra('source') ? 'source' : entra('target') ? 'target' : undefined;
			if (!side) return undefined;
			const id = guidOf(at(record, `${side}Identity/id`));
			return id
				? {
						id,
						upn: lower(scalar(at(record, `${side}Identity/details/UserPrincipalName`))),
						name: scalar(at(record, `${side}Identity/displayName`)),
					}
				: undefined;
		}
	}
}

/** The subject in words: "Alice Smith <alice@contoso.com>", or the id. */
export function subjectText(s: TimelineSubject): string {
	const who = s.upn ?? s.id ?? '';
	return s.name ? `${s.name} <${who}>` : who;
}

/** The fields every query of the timeline shares: its time range, newest first, and the workspace it reads. */
function baseOf(range: TimelineRange): Pick<Query, 'since' | 'until' | 'order' | 'workspace'> {
	return {
		since: range.since,
		until: range.until,
		order: 'newest',
		...(range.workspace ? {workspace: range.workspace} : {}),
	};
}

/**
 * The timeline's queries. Those that need the object id (audits about the user, provisioning) only with one. `form`:
 * how provisioning names the identity (by default, what the range reads: Graph, a workspace, an archive).
 */
export function timelineLegs(subject: TimelineSubject, range: TimelineRange, form = formOf(range)): TimelineLeg[] {
	const base = baseOf(range);
	const who = subject.id ?? subject.upn;
	if (!who) throw new QueryError('a timeline needs a user: a UPN or an object id');
	const legs: TimelineLeg[] = [
		{name: 'sign-ins', query: {...base, report: 'signins', filters: {user: who}, eventTypes: ALL_EVENT_TYPES}},
		{name: 'audits by', query: {...base, report: 'audits', filters: {'initiated-by': who}}},
	];
	if (subject.id) legs.push(...idLegs(subject.id, range, form));
	return legs;
}

/** An identity's provisioning events: its id on either side (Graph documents eq on both: graph-api.md §4.3). */
export function identityExpr(id: string): Expr {
	const side = (s: string): Expr => ({
		kind: 'cmp',
		path: `${s}Identity/id`,
		op: 'eq',
		value: str(id),
		caseSensitive: false,
	});
	return {kind: 'or', items: [side('source'), side('target')]};
}

function idLegs(id: string, range: TimelineRange, form = formOf(range)): TimelineLeg[] {
	const base = {...baseOf(range), report: 'provisioning' as const, filters: {}};
	return [
		{name: 'audits about', query: {...baseOf(range), report: 'audits', filters: {target: id}}},
		// No filter field for an identity's id. Graph: raw OData, quoted by odata.ts. A workspace: the same condition
		// over AADProvisioningLogs' SourceIdentity and TargetIdentity (JSON text), made by the KQL compiler. Offline:
		// every provisioning record of the range, kept when it names the id.
		form === 'odata'
			? {
					name: 'provisioning',
					query: {...base, rawFilter: `sourceIdentity/id eq ${quote(id)} or targetIdentity/id eq ${quote(id)}`},
				}
			: form === 'kql'
				? {name: 'provisioning', query: {...base, rawKql: kqlCondition('provisioning', identityExpr(id))}}
				: {name: 'provisioning', query: base, keep: r => evaluate(identityExpr(id), r)},
	];
}

/** A record's id when it is text (a hostile record's may be anything). */
const idOf = (r: GraphRecord): string => (typeof r.id === 'string' ? r.id : '');

const ORDER: Readonly<Record<ReportId, number>> = {signins: 0, audits: 1, provisioning: 2};
const timeOf = (report: ReportId, r: GraphRecord): Instant | undefined =>
	parseInstant(r[report === 'signins' ? 'createdDateTime' : 'activityDateTime']);

/** Newest first; records without a time last; ties by report, then id. */
export function newestFirst(a: TimelineEntry, b: TimelineEntry): number {
	if (a.at && b.at) {
		const c = compareInstants(b.at, a.at);
		if (c !== 0) return c;
	} else if (a.at || b.at) return a.at ? -1 : 1;
	const ia = idOf(a.record);
	const ib = idOf(b.record);
	return ORDER[a.report] - ORDER[b.report] || (ia < ib ? -1 : ia > ib ? 1 : 0);
}

export interface FetchOptions {
	readonly signal?: AbortSignal;
	/** After each page: the timeline so far. */
	readonly onUpdate?: (state: TimelineState) => void;
	readonly cap?: number;
}

/**
 * Fetches the timeline: every query at once (the id-only ones as soon as a sign-in or an audit of the user names the
 * id, when only a UPN was given). Resolves when all have ended, however each ended.
 */
export async function fetchTimeline(
	subject: TimelineSubject,
	range: TimelineRange,
	open: (query: Query) => RecordSource,
	options: FetchOptions = {},
): Promise<TimelineState> {
	const {signal, onUpdate} = options;
	const cap = options.cap ?? TIMELINE_CAP;
	const records = new Map<string, {report: ReportId; record: GraphRecord; at?: Instant}>();
	const problems: string[] = [];
	const counts: Partial<Record<LegName, number>> = {};
	const capped: LegName[] = [];
	let detections = new Map<string, DetectionKind[]>();
	let signInsChanged = false;
	let done = false;
	let unique = 0;

	const state = (): TimelineState => {
		if (signInsChanged) {
			signInsChanged = false;
			detections = detectionsById([...records.values()].filter(e => e.report === 'signins').map(e => e.record));
		}
		const entries = [...records.values()]
			.map(e => ({...e, detections: e.report === 'signins' ? (detections.get(idOf(e.record)) ?? []) : []}))
			.sort(newestFirst);
		return {entries, problems: [...problems], counts: {...counts}, capped: [...capped], done};
	};

	let learnId: (id: string | undefined) => void = () => undefined;
	const idKnown = new Promise<string | undefined>(resolve => {
		learnId = resolve;
	});
	const upn = subject.upn;

	const run = async (leg: TimelineLeg): Promise<void> => {
		counts[leg.name] = 0;
		try {
			const source = open(leg.query);
			for await (const page of source.pages(signal) as AsyncIterable<SourcePage>) {
				for (const record of page.records) {
					if (counts[leg.name]! >= cap) break;
					if (leg.keep && !leg.keep(record)) continue;
					counts[leg.name]!++;
					const report = leg.query.report;
					// An audit by the user about the user comes from both queries: once.
					const key = typeof record.id === 'string' ? record.id : `\u0000${unique++}`;
					records.set(`${report}\u0000${key}`, {report, record, at: timeOf(report, record)});
					if (report === 'signins') signInsChanged = true;
					if (!subject.id && upn) {
						const s = subjectOf(report, record);
						if (s?.id && s.upn === upn) learnId(s.id);
					}
				}
				onUpdate?.(state());
				if (counts[leg.name]! >= cap) {
					capped.push(leg.name);
					break;
				}
			}
		} catch (error) {
			if (signal?.aborted) return;
			problems.push(`${leg.name}: ${errorLine(error)}`);
			onUpdate?.(state());
		}
	};

	const legs = timelineLegs(subject, range);
	const first = Promise.all(legs.map(run));
	let later: Promise<unknown> = Promise.resolve();
	if (!subject.id) {
		// Only a UPN: the audits about the user and their provisioning need the object id, which their own records carry.
		void first.then(() => learnId(undefined));
		later = idKnown.then(id => {
			if (signal?.aborted) return;
			if (id) return Promise.all(idLegs(id, range).map(run));
			problems.push(
				'audits about the user and provisioning: no sign-in or audit of theirs names their object id (give --user with the id)',
			);
		});
	}
	await first;
	await later;
	done = true;
	const last = state();
	onUpdate?.(last);
	return last;
}

/** The detections over the timeline's sign-ins (one user's, so per-user ones: brute force, MFA fatigue, travel ...). */
function detectionsById(signIns: readonly GraphRecord[]): Map<string, DetectionKind[]> {
	const out = new Map<string, DetectionKind[]>();
	if (signIns.length === 0) return out;
	for (const d of summarize('signins', signIns).detections) {
		for (const id of d.ids) {
			if (!id) continue;
			const kinds = out.get(id) ?? [];
			if (!kinds.includes(d.kind)) kinds.push(d.kind);
			out.set(id, kinds);
		}
	}
	return out;
}

/** How a row names its source. */
export const SOURCE_LABEL: Readonly<Record<ReportId, string>> = {
	signins: 'sign-in',
	audits: 'audit',
	provisioning: 'provisioning',
};

/** A row's cells, raw (sanitize to show them): time, source, what happened (the report's columns after the time), detections. */
export function entryCells(entry: TimelineEntry): {time: string; source: string; what: string; detections: string} {
	const columns = reportById(entry.report).columns;
	return {
		time: shortTime(entry.record[entry.report === 'signins' ? 'createdDateTime' : 'activityDateTime']),
		source: SOURCE_LABEL[entry.report],
		what: columns
			// The time has its own cell; a sign-in's user is the timeline's own.
			.filter(c => c.key !== 'time' && !(entry.report === 'signins' && c.key === 'user'))
			.map(c => c.value(entry.record))
			.filter(v => v !== '')
			.join(' · '),
		detections: entry.detections.join(' '),
	};
}

/** A timeline entry as an NDJSON line: `{"report": …, "record": …}`, the record as it came (recordJson). */
export function entryLine(entry: TimelineEntry): string {
	return `{"report":${JSON.stringify(entry.report)},"record":${recordJson(entry.record)}}`;
}

/** Records already in hand as a source (the timeline's records of one report, for the detail and its pivots). */
export function recordsSource(records: readonly GraphRecord[]): RecordSource {
	return {
		origin: 'timeline',
		async *pages() {
			yield {records, fetched: records.length, from: 'timeline'};
		},
	};
}

/**
 * A timeline being fetched, as an external store a screen subscribes to (useSyncExternalStore): it starts at once,
 * keeps its state while the screen is away (the record's detail on top of it), and stops when aborted.
 */
export class TimelineFetch {
	private state: TimelineState = {entries: [], problems: [], counts: {}, capped: [], done: false};
	private readonly listeners = new Set<() => void>();
	private readonly controller = new AbortController();

	constructor(
		readonly subject: TimelineSubject,
		readonly range: TimelineRange,
		open: (query: Query) => RecordSource,
	) {
		void fetchTimeline(subject, range, open, {
			signal: this.controller.signal,
			onUpdate: s => this.set(s),
		}).catch((error: unknown) => {
			// A query the timeline cannot make (a bad time): said like a report's failure.
			this.set({...this.state, problems: [...this.state.problems, errorLine(error)], done: true});
		});
	}

	private set(next: TimelineState): void {
		if (this.controller.signal.aborted) return;
		this.state = next;
		for (const l of this.listeners) l();
	}

	subscribe = (listener: () => void): (() => void) => {
		this.listeners.add(listener);
		return () => this.listeners.delete(listener);
	};

	getSnapshot = (): TimelineState => this.state;

	abort(): void {
		this.controller.abort(new Error('timeline closed'));
	}
}
