/**
 * The one Query type: what the TUI's filter editor, the CLI flags and offline mode all produce. Values stay as the
 * user typed them (so `--since 24h` means "the last 24 hours" again on refresh); `resolveQuery` turns a Query into
 * server clauses, local clauses and the API version, and `toGraphUrl` prints the request.
 */
import {and, type Expr} from './filter.js';
import {printFilter} from './odata.js';
import {QueryError, formatODataTime, parseTime} from './time.js';
import {reportById} from '../reports/index.js';
import {EVENT_TYPES, FIELD_EVENT_TYPES, eventTypeClause, type EventTypeName} from '../reports/sign-ins.fields.js';
import {checkRawFilter} from './raw-filter.js';
import {checkKqlWhere} from './kql-raw.js';
import type {ReportDefinition, ReportId} from '../reports/report.js';

export interface Query {
	readonly report: ReportId;
	/** Filter field key → value as typed (`user: 'alice@contoso.com'`). Empty values are ignored. */
	readonly filters: Readonly<Record<string, string>>;
	readonly since?: string;
	readonly until?: string;
	/** Sign-ins only; default interactive. */
	readonly eventTypes?: readonly EventTypeName[];
	/** Ask Graph beta even when v1.0 would do. */
	readonly beta?: boolean;
	/** Raw OData for experts, and-ed to the rest as written. */
	readonly rawFilter?: string;
	/** Read from this Log Analytics workspace (its ID) instead of Graph: the query compiles to KQL (kql.ts). */
	readonly workspace?: string;
	/** Raw KQL where-condition for experts (workspace only), checked by checkKqlWhere and and-ed to the rest. */
	readonly rawKql?: string;
	readonly order: 'newest' | 'oldest';
	/** The list shows these records (a summary's drill-down), filtered by the rest, instead of fetching any. */
	readonly given?: GivenRecords;
}

/** Records a query is given rather than fetched (source/sources/memory-source.ts), with what they are in words. */
export interface GivenRecords {
	readonly label: string;
	readonly records: readonly object[];
}

export interface ResolvedQuery {
	readonly report: ReportDefinition;
	readonly version: 'v1.0' | 'beta';
	/**
	 * Clauses with Graph's meaning, checked on each record where records are filtered here (files, archives, given
	 * records): `$filter`'s (`sent`) and what Graph applies unasked (v1.0 lists interactive sign-ins only).
	 */
	readonly server?: Expr;
	/** What `$filter` says: `server` without what Graph applies unasked. */
	readonly sent?: Expr;
	/** Clauses checked on each record after it arrives (what Graph does not filter). */
	readonly local?: Expr;
	readonly since?: Date;
	readonly until?: Date;
	readonly order: 'newest' | 'oldest';
	/** Sign-ins: the event types asked for (--type, or what the fields select: signInTypes). */
	readonly eventTypes?: readonly EventTypeName[];
}

export function emptyQuery(report: ReportId): Query {
	return {report, filters: {}, order: 'newest'};
}

export function resolveQuery(query: Query, now: Date = new Date()): ResolvedQuery {
	const report = reportById(query.report);
	const server: Array<Expr | undefined> = [];
	const local: Array<Expr | undefined> = [];
	let beta = query.beta ?? false;

	const since = query.since ? parseTime(query.since, now) : undefined;
	const until = query.until ? parseTime(query.until, now) : undefined;
	// Nothing has happened since now: a --since of now (0d) or later would find nothing, every time.
	if (since && since.getTime() >= now.getTime()) {
		throw new QueryError(
			`--since ${query.since!.trim()} is ${since.getTime() === now.getTime() ? 'now' : 'in the future'}: nothing happened since then; use a time in the past, such as 24h or 7d`,
		);
	}
	if (since && until && until.getTime() < since.getTime()) {
		throw new QueryError(`--until (${formatODataTime(until)}) is before --since (${formatODataTime(since)})`);
	}
	const tf = report.timeField;
	// A time typed with a fraction (a record's own …41.6195833Z): Graph is asked to the whole second, outward, and
	// the fraction is trimmed here exactly, as for provisioning's gt/lt.
	const fraction = (text: string | undefined): boolean => text !== undefined && /:\d\d[.,]\d/.test(text);
	if (since) {
		// Provisioning documents only gt/lt: ask a second wider and trim exactly here.
		const at = report.timeOps.since === 'ge' ? since : new Date(since.getTime() - 1000);
		server.push({kind: 'cmp', path: tf, op: report.timeOps.since, value: {type: 'datetime', value: truncate(at)}});
		if (report.timeOps.since === 'gt' || fraction(query.since))
			local.push({kind: 'cmp', path: tf, op: 'ge', value: {type: 'datetime', value: since}});
	}
	if (until) {
		const at =
			report.timeOps.until === 'le'
				? fraction(query.until)
					? new Date(truncate(until).getTime() + 1000)
					: until
				: new Date(until.getTime() + 1000);
		server.push({kind: 'cmp', path: tf, op: report.timeOps.until, value: {type: 'datetime', value: truncate(at)}});
		if (report.timeOps.until === 'lt' || fraction(query.until))
			local.push({kind: 'cmp', path: tf, op: 'le', value: {type: 'datetime', value: until}});
	}

	for (const [key, value] of Object.entries(query.filters)) {
		if (value === undefined || value.trim() === '') continue;
		const field = report.fields.find(f => f.key === key);
		if (!field) {
			throw new QueryError(
				`${report.title} cannot be filtered by "${key}"; fields: ${report.fields.map(f => f.key).join(', ')}`,
			);
		}
		const built = field.build(value);
		server.push(built.server);
		local.push(built.local);
		if (field.betaOnly) beta = true;
	}

	let eventTypes: readonly EventTypeName[] | undefined;
	// What Graph applies without being told: never sent, checked where records are filtered here.
	let unasked: Expr | undefined;
	if (report.id === 'signins') {
		const types = signInTypes(query);
		eventTypes = types;
		const onlyInteractive = types.length === 1 && types[0] === 'interactive';
		if (!onlyInteractive) beta = true;
		// Beta returns interactive sign-ins only unless the filter names event types (graph-api.md §6); say so always.
		if (beta) server.push(eventTypeClause(types));
		// v1.0 has no signInEventTypes and lists interactive sign-ins only: an explicit --type interactive is Graph's
		// own behaviour there, but a file, an archive or a workspace export holds every type, so it is checked here.
		else if (query.eventTypes && query.eventTypes.length > 0) unasked = eventTypeClause(types);
	} else if (query.eventTypes && query.eventTypes.length > 0) {
		throw new QueryError(`--type applies to sign-ins only`);
	}

	if (query.rawKql !== undefined) {
		if (!query.workspace) throw new QueryError('--kql applies to a workspace: add --workspace ID');
		checkKqlWhere(query.rawKql);
	}
	if (query.rawFilter && query.rawFilter.trim() !== '') {
		if (query.workspace) throw new QueryError('--filter is OData, for Graph; with --workspace use --kql "condition"');
		checkRawFilter(query.rawFilter);
		server.push({kind: 'raw', text: query.rawFilter.trim()});
	}
	return {
		report,
		version: beta ? 'beta' : 'v1.0',
		server: and([...server, unasked]),
		sent: and(server),
		local: and(local),
		since,
		until,
		order: query.order,
		eventTypes,
	};
}

/**
 * The sign-in event types a query asks for: --type as given, else interactive (v1.0's only kind), unless a field that
 * only other types carry is set (FIELD_EVENT_TYPES): then that field's types, as Graph beta needs them named.
 */
function signInTypes(query: Query): readonly EventTypeName[] {
	const explicit = query.eventTypes && query.eventTypes.length > 0 ? query.eventTypes : undefined;
	for (const t of explicit ?? [])
		if (!(t in EVENT_TYPES))
			throw new QueryError(`unknown sign-in type "${t}"; use ${Object.keys(EVENT_TYPES).join(', ')}`);
	let allowed: readonly EventTypeName[] = Object.keys(EVENT_TYPES) as EventTypeName[];
	const limiting: string[] = [];
	for (const [key, value] of Object.entries(query.filters)) {
		const only = FIELD_EVENT_TYPES[key];
		if (!only || value === undefined || value.trim() === '') continue;
		allowed = allowed.filter(t => only.includes(t));
		limiting.push(key);
		if (allowed.length === 0)
			throw new QueryError(
				`--${limiting.join(' and --')} are never on the same sign-in: one is a user's, the other an app's`,
			);
	}
	if (explicit) {
		if (limiting.length > 0 && !explicit.some(t => allowed.includes(t))) {
			throw new QueryError(
				`--${limiting.join(' and --')} ${limiting.length > 1 ? 'are' : 'is'} only on ${allowed.join(' and ')} sign-ins, not on --type ${explicit.join(',')}: leave --type out, or use --type ${allowed.join(',')}`,
			);
		}
		return explicit;
	}
	return allowed.includes('interactive') ? ['interactive'] : allowed;
}

function truncate(d: Date): Date {
	return new Date(Math.floor(d.getTime() / 1000) * 1000);
}

export interface UrlOptions {
	/** e.g. `https://graph.microsoft.com`. */
	readonly graphBase: string;
	/** `$top`. Default 1000 (the documented maximum for sign-ins). */
	readonly pageSize?: number;
	readonly now?: Date;
}

/** The exact first request: shown live in the filter editor, and what GraphSource fetches. */
export function toGraphUrl(query: Query, options: UrlOptions): string {
	const resolved = resolveQuery(query, options.now);
	return graphUrlFor(resolved, query, options);
}

export function graphUrlFor(resolved: ResolvedQuery, query: Query, options: UrlOptions): string {
	const params: string[] = [];
	const top = options.pageSize ?? 1000;
	params.push(`$top=${top}`);
	if (resolved.sent) params.push(`$filter=${encodeURIComponent(printFilter(resolved.sent))}`);
	if (query.order === 'oldest') params.push(`$orderby=${encodeURIComponent(`${resolved.report.timeField} asc`)}`);
	return `${options.graphBase.replace(/\/$/, '')}/${resolved.version}/auditLogs/${resolved.report.collection}?${params.join('&')}`;
}

/** A short human summary: "sign-ins · user=alice@contoso.com · since 24h". */
export function describeQuery(query: Query): string {
	const report = reportById(query.report);
	const parts: string[] = [report.title];
	// The types asked for, interactive too (a file holds every type unless --type picks some).
	if (query.report === 'signins' && query.eventTypes && query.eventTypes.length > 0)
		parts.push(`type=${query.eventTypes.join('+')}`);
	for (const [k, v] of Object.entries(query.filters)) if (v && v.trim() !== '') parts.push(`${k}=${v}`);
	if (query.since) parts.push(`since ${query.since}`);
	if (query.until) parts.push(`until ${query.until}`);
	if (query.rawFilter) parts.push(`filter=${query.rawFilter}`);
	if (query.rawKql) parts.push(`kql=${query.rawKql}`);
	if (query.given) parts.push(query.given.label);
	if (query.order === 'oldest') parts.push('oldest first');
	if (query.beta) parts.push('beta');
	return parts.join(' · ');
}

/**
 * The seed scripts' legacy (Azure AD Graph) names, mapped to Graph's: `signinDateTime` -> `createdDateTime`,
 * `activityDate` -> `activityDateTime`, `loginStatus eq 0/1` -> status success/failure.
 */
export function mapLegacyFilter(raw: string): {readonly raw: string; readonly status?: 'success' | 'failure'} {
	let status: 'success' | 'failure' | undefined;
	let text = raw.replace(
		/\s*\band\s+loginStatus\s+eq\s+'?([01])'?|\bloginStatus\s+eq\s+'?([01])'?\s*(?:and\s+)?/gi,
		(_m, a?: string, b?: string) => {
			status = (a ?? b) === '0' ? 'success' : 'failure';
			return ' ';
		},
	);
	text = text
		.replace(/\bsigninDateTime\b/gi, 'createdDateTime')
		.replace(/\bactivityDate\b(?!Time)/g, 'activityDateTime')
		.trim();
	return {raw: text, status};
}
