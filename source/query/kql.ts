/**
 * One Query compiles to KQL for a Log Analytics workspace (shared/log-analytics.md): the report's tables (a `union`
 * when a sign-in query spans event types), the time as the API's `timespan` plus a `where` on TimeGenerated, each
 * field's clauses mapped to its column (kql-where.ts, from the report's `backends.logAnalytics`), and pages newest
 * first by a keyset on (TimeGenerated, Id).
 *
 * Values become KQL literals in exactly one place, `kqlString` (kql-literal.ts); an expert's raw `--kql`
 * where-clause is checked by `checkKqlWhere` (kql-raw.ts) so that it cannot leave its `where`.
 */
import type {Expr} from './filter.js';
import {resolveQuery, type Query} from './query.js';
import {QueryError} from './time.js';
import type {TableName} from '../reports/log-analytics.js';
import {EVENT_TABLES} from '../reports/sign-ins.columns.js';
import {reportById} from '../reports/index.js';
import type {ReportId} from '../reports/report.js';
import type {EventTypeName} from '../reports/sign-ins.fields.js';
import {kqlString, kqlDatetime} from './kql-literal.js';
import {checkKqlWhere} from './kql-raw.js';
import {andCond, compileExpr} from './kql-where.js';

// ----------------------------------------------------------------------------------------------------------
// Queries and pages

export interface KqlOptions {
	readonly now?: Date;
	/** An expert's KQL where-condition (`--kql`), checked and and-ed to the rest. */
	readonly rawKql?: string;
}

export interface CompiledKql {
	readonly report: ReportId;
	/** The tables read, in order. */
	readonly tables: readonly TableName[];
	/** The tables and their conditions, without order or paging: what `kqlPage` builds on. */
	readonly body: string;
	/** The API's `timespan` (`start/end`), when the query has a start. */
	readonly timespan?: string;
	/** Clauses KQL can only approximate (elements of arrays): check them on each mapped record, as Graph's local ones. */
	readonly local?: Expr;
	readonly order: 'newest' | 'oldest';
}

/** Where a page ends: the last row's TimeGenerated (as the service wrote it, full precision) and Id. */
export interface KeysetCursor {
	readonly time: string;
	readonly id: string;
}

const DAY_MS = 86_400_000;

export function compileKql(query: Query, options: KqlOptions = {}): CompiledKql {
	const now = options.now ?? new Date();
	if (query.rawFilter && query.rawFilter.trim() !== '')
		compileExpr({kind: 'raw', text: query.rawFilter}, 'SigninLogs', reportById('signins').backends.logAnalytics);
	const resolved = resolveQuery(query, now);
	const report = resolved.report;
	const map = report.backends.logAnalytics;

	// Every field's clauses: Graph's server and local ones alike, since a workspace filters on any column.
	const clauses: Expr[] = [];
	for (const [key, value] of Object.entries(query.filters)) {
		if (value === undefined || value.trim() === '') continue;
		const built = report.fields.find(f => f.key === key)!.build(value);
		for (const e of [built.server, built.local]) if (e) clauses.push(e);
	}

	// The event types the query asks for: --type, or what a field selects (--service-principal: the app tables).
	const types: readonly EventTypeName[] =
		report.id !== 'signins'
			? []
			: (resolved.eventTypes ?? (query.eventTypes && query.eventTypes.length > 0 ? query.eventTypes : ['interactive']));
	const tables = report.id === 'signins' ? [...new Set(types.map(t => EVENT_TABLES[t]))] : map.tables;

	const time: string[] = [];
	if (resolved.since) time.push(`${map.timeColumn} >= ${kqlDatetime(resolved.since, 'up')}`);
	if (resolved.until) time.push(`${map.timeColumn} <= ${kqlDatetime(resolved.until)}`);

	const inexact = new Set<Expr>();
	const legs: Array<{table: TableName; lines: string[]}> = [];
	for (const table of tables) {
		const conds = clauses.map(e => {
			const c = compileExpr(e, table, map);
			if (typeof c !== 'boolean' && !c.exact) inexact.add(e);
			return c;
		});
		const all = andCond(conds);
		if (all === false) continue;
		legs.push({
			table,
			lines: [
				...time,
				...conds.filter((c): c is {text: string; exact: boolean} => typeof c !== 'boolean').map(c => c.text),
			],
		});
	}
	// Nothing can match: still a valid query, with no rows.
	if (legs.length === 0) legs.push({table: tables[0]!, lines: ['false']});

	const pipe = (table: string, lines: readonly string[], indent: string) =>
		[table, ...lines.map(l => `${indent}| where ${l}`)].join('\n');
	let body =
		legs.length === 1
			? pipe(legs[0]!.table, legs[0]!.lines, '')
			: `union\n${legs.map(l => `    (${pipe(l.table, l.lines, '    ')})`).join(',\n')}`;
	if (options.rawKql !== undefined && options.rawKql.trim() !== '')
		body += `\n| where (${checkKqlWhere(options.rawKql)})`;

	const timespan = resolved.since
		? `${resolved.since.toISOString()}/${new Date((resolved.until?.getTime() ?? now.getTime() + DAY_MS) + 1000).toISOString()}`
		: undefined;
	const local = [...inexact];
	return {
		report: report.id,
		tables: legs.map(l => l.table),
		body,
		timespan,
		local: local.length === 0 ? undefined : local.length === 1 ? local[0] : {kind: 'and', items: local},
		order: query.order,
	};
}

export interface PageOptions {
	/** Rows per page (`take`). Default 1000. */
	readonly take?: number;
	/** The last row of the previous page. */
	readonly after?: KeysetCursor;
}

/**
 * One page: the body, then the keyset past the previous page's last row, then the order and `take`. Rows are ordered
 * by (TimeGenerated, Id) both ways, so rows sharing a timestamp are split between pages only at an Id, never skipped
 * or repeated.
 */
export function kqlPage(compiled: CompiledKql, page: PageOptions = {}): string {
	const take = page.take ?? 1000;
	if (!Number.isInteger(take) || take < 1)
		throw new QueryError(`a page size must be a positive whole number, not ${take}`);
	const newest = compiled.order === 'newest';
	const lines = [compiled.body];
	if (page.after) {
		const t = kqlDatetime(page.after.time);
		const [cmp, sign] = newest ? ['<', '<'] : ['>', '>'];
		lines.push(
			`| where TimeGenerated ${cmp} ${t} or (TimeGenerated == ${t} and strcmp(Id, ${kqlString(page.after.id)}) ${sign} 0)`,
		);
	}
	const dir = newest ? 'desc' : 'asc';
	lines.push(`| order by TimeGenerated ${dir}, Id ${dir}`, `| take ${take}`);
	return lines.join('\n');
}

/**
 * A condition on a report's Graph properties (the filter AST) as one exact KQL where-condition over the report's one
 * table, for a query's `rawKql`: what has no filter field (the timeline's provisioning of an identity, by its id in
 * `SourceIdentity` or `TargetIdentity`, JSON text in AADProvisioningLogs). Values go through kqlString as everywhere.
 */
export function kqlCondition(report: ReportId, expr: Expr): string {
	const map = reportById(report).backends.logAnalytics;
	const table = map.tables.length === 1 ? map.tables[0] : undefined;
	if (!table) throw new QueryError(`${reportById(report).title} spans several tables: no one condition for it`);
	const c = compileExpr(expr, table, map);
	if (typeof c === 'boolean') return String(c);
	if (!c.exact) throw new QueryError(`${table} can only approximate this condition in KQL`);
	return c.text;
}

/** The KQL a command-line query compiles to, as a person pastes it into the portal or Sentinel (`--print kql`). */
export function kqlText(compiled: CompiledKql): string {
	const dir = compiled.order === 'newest' ? 'desc' : 'asc';
	return `${compiled.body}\n| order by TimeGenerated ${dir}, Id ${dir}`;
}
