/**
 * One Query compiles to KQL for a Log Analytics workspace (shared/log-analytics.md): the report's tables (a `union`
 * when a sign-in query spans event types), the time as the API's `timespan` plus a `where` on TimeGenerated, each
 * field's clauses mapped to its column (the report's `backends.logAnalytics`: reports/*.columns.ts), and pages newest first by a keyset on (TimeGenerated, Id).
 *
 * Values become KQL literals in exactly one place, `kqlString`; an expert's raw `--kql` where-clause is checked by
 * `checkKqlWhere` so that it cannot leave its `where`.
 */
import type {CmpOp, Expr, Value} from './filter.js';
import {resolveQuery, type Query} from './query.js';
import {QueryError} from './time.js';
import {inTable, isDynamic, type ColumnMapping, type ReportTables, type TableName} from '../reports/log-analytics.js';
import {EVENT_TABLES} from '../reports/sign-ins.columns.js';
import {reportById} from '../reports/index.js';
import type {ReportId} from '../reports/report.js';
import type {EventTypeName} from '../reports/sign-ins.fields.js';

// ----------------------------------------------------------------------------------------------------------
// Literals

const ESCAPES: Readonly<Record<string, string>> = {'\\': '\\\\', '"': '\\"', '\n': '\\n', '\r': '\\r', '\t': '\\t'};

/**
 * The one place a value becomes a KQL string literal: double quotes, with `\` `"` and the line breaks a literal may
 * not hold escaped by backslash (the documented rules, and the official grammar's STRINGLITERAL). Other control
 * characters, the Unicode line separators and bidi controls are written as `\uXXXX` (an escape the grammar lists),
 * so that printed KQL stays one readable line that no terminal interprets.
 */
export function kqlString(value: string): string {
	return `"${value.replace(/[\\"\n\r\t]|[\u0000-\u001f\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, c => ESCAPES[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)}"`;
}

const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,7})?Z$/;

/** `datetime(2026-11-20T08:14:03.1234567Z)`: a Date, or a UTC time string as the service returns it (full precision). */
export function kqlDatetime(value: Date | string): string {
	const text = typeof value === 'string' ? value : value.toISOString();
	if (!ISO_TIME.test(text)) throw new QueryError(`"${text}" is not a UTC time the workspace query can page from`);
	return `datetime(${text})`;
}

function kqlNumber(n: number): string {
	if (!Number.isFinite(n)) throw new QueryError(`${n} is not a number a workspace can compare`);
	return String(n);
}

/** `LocationDetails.city`, or `X["odd name"]` for a name KQL would not read as one. */
function member(base: string, segments: readonly string[]): string {
	return segments.reduce((acc, seg) => (/^[A-Za-z_][A-Za-z0-9_]*$/.test(seg) ? `${acc}.${seg}` : `${acc}[${kqlString(seg)}]`), base);
}

// ----------------------------------------------------------------------------------------------------------
// Conditions, per table

/** A compiled condition: constant, or text that is exact or a superset (then the clause is also checked here). */
type Cond = boolean | {readonly text: string; readonly exact: boolean};

/** `and` stops at false and skips true; `or` the other way round. */
function junction(word: 'and' | 'or', items: readonly Cond[]): Cond {
	const stop = word === 'or';
	const parts: Array<{text: string; exact: boolean}> = [];
	for (const c of items) {
		if (c === stop) return stop;
		if (c !== !stop) parts.push(c as {text: string; exact: boolean});
	}
	if (parts.length === 0) return !stop;
	if (parts.length === 1) return parts[0]!;
	return {text: parts.map(p => wrap(p.text)).join(` ${word} `), exact: parts.every(p => p.exact)};
}

const andCond = (items: readonly Cond[]): Cond => junction('and', items);
const orCond = (items: readonly Cond[]): Cond => junction('or', items);

/** Parenthesizes a condition that has a top-level `and`/`or`, so that it nests with its meaning. */
function wrap(text: string): string {
	let depth = 0;
	let quote = '';
	for (let i = 0; i < text.length; i++) {
		const c = text[i]!;
		if (quote) {
			if (c === '\\') i++;
			else if (c === quote) quote = '';
		} else if (c === '"') quote = c;
		else if (c === '(') depth++;
		else if (c === ')') depth--;
		else if (depth === 0 && (text.startsWith(' and ', i) || text.startsWith(' or ', i))) return `(${text})`;
	}
	return text;
}

interface Located {
	readonly mapping: ColumnMapping;
	/** The path below the column, inside a `json` column. */
	readonly rest: readonly string[];
}

/** The column a Graph path lives in, in this table; `null` when the report has it but this table does not. */
function locate(map: ReportTables, table: TableName, path: string): Located | null {
	const matches = (m: ColumnMapping) => m.graph === path || path.startsWith(`${m.graph}/`);
	const here = map.columns.filter(m => matches(m) && inTable(m, table)).sort((a, b) => b.graph.length - a.graph.length)[0];
	if (here) return {mapping: here, rest: path === here.graph ? [] : path.slice(here.graph.length + 1).split('/')};
	if (map.columns.some(matches)) return null;
	throw new QueryError(`a workspace has no column for "${path}"`);
}

const STRING_OPS: Readonly<Record<CmpOp, readonly [cs: string, ci: string]>> = {
	eq: ['==', '=~'], ne: ['!=', '!~'], gt: ['>', '>'], ge: ['>=', '>='], lt: ['<', '<'], le: ['<=', '<='],
};
const ORDER_OPS: Readonly<Record<CmpOp, string>> = {eq: '==', ne: '!=', gt: '>', ge: '>=', lt: '<', le: '<='};

function compileCmp(lhs: string, op: CmpOp, value: Value, caseSensitive: boolean, located: Located): Cond {
	const {mapping, rest} = located;
	const inJson = mapping.kind === 'json';
	switch (value.type) {
		case 'datetime': {
			const left = inJson ? `todatetime(${lhs})` : lhs;
			return {text: `${left} ${ORDER_OPS[op]} ${kqlDatetime(value.value)}`, exact: true};
		}
		case 'number': {
			if (mapping.kind === 'error-code' && (op === 'eq' || op === 'ne') && Number.isInteger(value.value)) {
				return {text: `${lhs} ${ORDER_OPS[op]} ${kqlString(String(value.value))}`, exact: true};
			}
			const left = mapping.kind === 'long' && rest.length === 0 ? lhs : `toreal(${lhs})`;
			return {text: `${left} ${ORDER_OPS[op]} ${kqlNumber(value.value)}`, exact: true};
		}
		case 'string': {
			const left = mapping.kind === 'string' || mapping.kind === 'error-code' ? lhs : `tostring(${lhs})`;
			if (op === 'eq' || op === 'ne') return {text: `${left} ${STRING_OPS[op][caseSensitive ? 0 : 1]} ${kqlString(value.value)}`, exact: true};
			// Ordering strings: KQL compares them with strcmp (ordinal); without case, both sides in lower case.
			const [l, r] = caseSensitive ? [left, value.value] : [`tolower(${left})`, value.value.toLowerCase()];
			return {text: `strcmp(${l}, ${kqlString(r)}) ${ORDER_OPS[op]} 0`, exact: true};
		}
	}
}

/** The expression for a located path: the column, or a member path into a `json` column (parsed when it is text). */
function columnExpr(located: Located, table: TableName): string {
	const {mapping, rest} = located;
	if (rest.length === 0) return mapping.column;
	return member(isDynamic(mapping, table) ? mapping.column : `todynamic(${mapping.column})`, rest);
}

function compileExpr(expr: Expr, table: TableName, map: ReportTables): Cond {
	switch (expr.kind) {
		case 'and': return andCond(expr.items.map(e => compileExpr(e, table, map)));
		case 'or': return orCond(expr.items.map(e => compileExpr(e, table, map)));
		case 'raw': throw new QueryError('--filter is OData for Graph; with --workspace, write the condition in KQL with --kql');
		case 'any': {
			// Sign-in event types are the tables themselves.
			if (expr.path === 'signInEventTypes') return true;
			const located = locate(map, table, expr.path);
			if (located === null) return false;
			const {mapping, rest} = located;
			const text = rest.length > 0 || isDynamic(mapping, table) ? `tostring(${columnExpr(located, table)})` : mapping.column;
			// Elements of an array: a superset in KQL (the JSON text contains the values), checked exactly here.
			const approx = approximate(expr.body, text);
			return approx === true ? true : approx === false ? false : {text: approx.text, exact: false};
		}
		case 'cmp':
		case 'fn': {
			if (expr.path === map.timeProperty) {
				if (expr.kind === 'fn') throw new QueryError(`${expr.fn} does not apply to a time`);
				return compileCmp(map.timeColumn, expr.op, expr.value, true, {mapping: {graph: map.timeProperty, column: map.timeColumn, kind: 'datetime'}, rest: []});
			}
			const located = locate(map, table, expr.path);
			// The table has no such column: like Graph's null, it equals nothing.
			if (located === null) return expr.kind === 'cmp' && expr.op === 'ne';
			const lhs = columnExpr(located, table);
			if (expr.kind === 'cmp') return compileCmp(lhs, expr.op, expr.value, expr.caseSensitive ?? false, located);
			const left = located.mapping.kind === 'string' ? lhs : `tostring(${lhs})`;
			const op = `${expr.fn}${expr.caseSensitive ? '_cs' : ''}`;
			return {text: `${left} ${op} ${kqlString(expr.value)}`, exact: true};
		}
	}
}

/** Text any JSON serializer writes unescaped: safe to look for inside a column's JSON text. */
const PLAIN = /^[A-Za-z0-9 ._@:-]+$/;

function approximate(body: Expr, text: string): Cond {
	switch (body.kind) {
		case 'and': return andCond(body.items.map(e => approximate(e, text)));
		case 'or': return orCond(body.items.map(e => approximate(e, text)));
		case 'any': return approximate(body.body, text);
		case 'raw': return true;
		case 'fn': return PLAIN.test(body.value) ? {text: `${text} contains ${kqlString(body.value)}`, exact: false} : true;
		case 'cmp': {
			if (body.op !== 'eq') return true;
			const v = body.value.type === 'string' ? body.value.value : body.value.type === 'number' ? String(body.value.value) : '';
			return PLAIN.test(v) ? {text: `${text} contains ${kqlString(v)}`, exact: false} : true;
		}
	}
}

// ----------------------------------------------------------------------------------------------------------
// Raw --kql

/**
 * Checks an expert's KQL where-condition so that it stays one condition: brackets balanced outside string literals
 * (every form: '…' "…" with escapes, @'…' @"…" verbatim, h-prefixed, ```…``` and ~~~…~~~), no `|` or `;` that would
 * start another operator or statement, no `//` comment that would swallow what follows. Returns it trimmed.
 */
export function checkKqlWhere(text: string): string {
	const t = text.trim();
	if (t === '') throw new QueryError('--kql is empty');
	const fail = (what: string, at: number): never => {
		throw new QueryError(`--kql: ${what} at character ${at + 1}; it must be one where-condition, such as ResultType == "50126"`);
	};
	const closers: string[] = [];
	const pairs: Readonly<Record<string, string>> = {'(': ')', '[': ']', '{': '}'};
	for (let i = 0; i < t.length; i++) {
		const c = t[i]!;
		const fence = t.startsWith('```', i) ? '```' : t.startsWith('~~~', i) ? '~~~' : '';
		if (fence) {
			const end = t.indexOf(fence, i + 3);
			if (end < 0) fail('a string that never ends', i);
			i = end + 2;
		} else if (c === '@' && (t[i + 1] === '"' || t[i + 1] === "'")) {
			const q = t[i + 1]!;
			let j = i + 2;
			for (;; j++) {
				if (j >= t.length || t[j] === '\n' || t[j] === '\r') fail('a string that never ends', i);
				if (t[j] === q) {
					if (t[j + 1] === q) j++;
					else break;
				}
			}
			i = j;
		} else if (c === '"' || c === "'") {
			let j = i + 1;
			for (;; j++) {
				if (j >= t.length || t[j] === '\n' || t[j] === '\r') fail('a string that never ends', i);
				if (t[j] === '\\') j++;
				else if (t[j] === c) break;
			}
			i = j;
		} else if (t.startsWith('//', i)) fail('a comment', i);
		else if (c === '|') fail('"|" (another operator)', i);
		else if (c === ';') fail('";" (another statement)', i);
		else if (pairs[c]) closers.push(pairs[c]!);
		else if (c === ')' || c === ']' || c === '}') {
			if (closers.pop() !== c) fail(`an unbalanced "${c}"`, i);
		}
	}
	if (closers.length > 0) fail(`an unclosed bracket (expected "${closers[closers.length - 1]}")`, t.length - 1);
	return t;
}

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
	if (query.rawFilter && query.rawFilter.trim() !== '') compileExpr({kind: 'raw', text: query.rawFilter}, 'SigninLogs', reportById('signins').backends.logAnalytics);
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
	const types: readonly EventTypeName[] = report.id !== 'signins' ? []
		: resolved.eventTypes ?? (query.eventTypes && query.eventTypes.length > 0 ? query.eventTypes : ['interactive']);
	const tables = report.id === 'signins' ? [...new Set(types.map(t => EVENT_TABLES[t]))] : map.tables;

	const time: string[] = [];
	if (resolved.since) time.push(`${map.timeColumn} >= ${kqlDatetime(resolved.since)}`);
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
		legs.push({table, lines: [...time, ...conds.filter((c): c is {text: string; exact: boolean} => typeof c !== 'boolean').map(c => c.text)]});
	}
	// Nothing can match: still a valid query, with no rows.
	if (legs.length === 0) legs.push({table: tables[0]!, lines: ['false']});

	const pipe = (table: string, lines: readonly string[], indent: string) => [table, ...lines.map(l => `${indent}| where ${l}`)].join('\n');
	let body = legs.length === 1
		? pipe(legs[0]!.table, legs[0]!.lines, '')
		: `union\n${legs.map(l => `    (${pipe(l.table, l.lines, '    ')})`).join(',\n')}`;
	if (options.rawKql !== undefined && options.rawKql.trim() !== '') body += `\n| where (${checkKqlWhere(options.rawKql)})`;

	const timespan = resolved.since
		? `${resolved.since.toISOString()}/${new Date((resolved.until?.getTime() ?? now.getTime() + DAY_MS) + 1000).toISOString()}`
		: undefined;
	const local = [...inexact];
	return {
		report: report.id, tables: legs.map(l => l.table), body, timespan,
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
	if (!Number.isInteger(take) || take < 1) throw new QueryError(`a page size must be a positive whole number, not ${take}`);
	const newest = compiled.order === 'newest';
	const lines = [compiled.body];
	if (page.after) {
		const t = kqlDatetime(page.after.time);
		const [cmp, sign] = newest ? ['<', '<'] : ['>', '>'];
		lines.push(`| where TimeGenerated ${cmp} ${t} or (TimeGenerated == ${t} and strcmp(Id, ${kqlString(page.after.id)}) ${sign} 0)`);
	}
	const dir = newest ? 'desc' : 'asc';
	lines.push(`| order by TimeGenerated ${dir}, Id ${dir}`, `| take ${take}`);
	return lines.join('\n');
}

/** The KQL a command-line query compiles to, as a person pastes it into the portal or Sentinel (`--print kql`). */
export function kqlText(compiled: CompiledKql): string {
	const dir = compiled.order === 'newest' ? 'desc' : 'asc';
	return `${compiled.body}\n| order by TimeGenerated ${dir}, Id ${dir}`;
}
