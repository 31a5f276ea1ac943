/**
 * The filter AST (filter.ts) printed as KQL where-conditions for one Log Analytics table: each Graph path to its
 * column (the report's backends.logAnalytics), exact where the column allows it, a superset checked locally where not.
 */
import type {CmpOp, Expr, Value} from './filter.js';
import {QueryError} from './time.js';
import {inTable, isDynamic, type ColumnMapping, type ReportTables, type TableName} from '../reports/log-analytics.js';
import {kqlString, kqlDatetime, kqlNumber, member} from './kql-literal.js';

// ----------------------------------------------------------------------------------------------------------
// Conditions, per table

/** A compiled condition: constant, or text that is exact or a superset (then the clause is also checked here). */
export type Cond = boolean | {readonly text: string; readonly exact: boolean};

/** `and` stops at false and skips true; `or` the other way round. */
export function junction(word: 'and' | 'or', items: readonly Cond[]): Cond {
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

export const andCond = (items: readonly Cond[]): Cond => junction('and', items);
export const orCond = (items: readonly Cond[]): Cond => junction('or', items);

/** Parenthesizes a condition that has a top-level `and`/`or`, so that it nests with its meaning. */
export function wrap(text: string): string {
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

export interface Located {
	readonly mapping: ColumnMapping;
	/** The path below the column, inside a `json` column. */
	readonly rest: readonly string[];
}

/** The column a Graph path lives in, in this table; `null` when the report has it but this table does not. */
export function locate(map: ReportTables, table: TableName, path: string): Located | null {
	const matches = (m: ColumnMapping) => m.graph === path || path.startsWith(`${m.graph}/`);
	const here = map.columns
		.filter(m => matches(m) && inTable(m, table))
		.sort((a, b) => b.graph.length - a.graph.length)[0];
	if (here) return {mapping: here, rest: path === here.graph ? [] : path.slice(here.graph.length + 1).split('/')};
	if (map.columns.some(matches)) return null;
	throw new QueryError(`a workspace has no column for "${path}"`);
}

export const STRING_OPS: Readonly<Record<CmpOp, readonly [cs: string, ci: string]>> = {
	eq: ['==', '=~'],
	ne: ['!=', '!~'],
	gt: ['>', '>'],
	ge: ['>=', '>='],
	lt: ['<', '<'],
	le: ['<=', '<='],
};
export const ORDER_OPS: Readonly<Record<CmpOp, string>> = {eq: '==', ne: '!=', gt: '>', ge: '>=', lt: '<', le: '<='};

export function compileCmp(lhs: string, op: CmpOp, value: Value, caseSensitive: boolean, located: Located): Cond {
	const {mapping, rest} = located;
	const inJson = mapping.kind === 'json';
	switch (value.type) {
		case 'datetime': {
			const left = inJson ? `todatetime(${lhs})` : lhs;
			return {
				text: `${left} ${ORDER_OPS[op]} ${kqlDatetime(value.value, op === 'ge' || op === 'lt' ? 'up' : 'down')}`,
				exact: true,
			};
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
			if (op === 'eq' || op === 'ne')
				return {text: `${left} ${STRING_OPS[op][caseSensitive ? 0 : 1]} ${kqlString(value.value)}`, exact: true};
			// Ordering strings: KQL compares them with strcmp (ordinal); without case, both sides in lower case.
			const [l, r] = caseSensitive ? [left, value.value] : [`tolower(${left})`, value.value.toLowerCase()];
			return {text: `strcmp(${l}, ${kqlString(r)}) ${ORDER_OPS[op]} 0`, exact: true};
		}
	}
}

/** The expression for a located path: the column, or a member path into a `json` column (parsed when it is text). */
export function columnExpr(located: Located, table: TableName): string {
	const {mapping, rest} = located;
	if (rest.length === 0) return mapping.column;
	return member(isDynamic(mapping, table) ? mapping.column : `todynamic(${mapping.column})`, rest);
}

export function compileExpr(expr: Expr, table: TableName, map: ReportTables): Cond {
	switch (expr.kind) {
		case 'and':
			return andCond(expr.items.map(e => compileExpr(e, table, map)));
		case 'or':
			return orCond(expr.items.map(e => compileExpr(e, table, map)));
		case 'raw':
			throw new QueryError('--filter is OData for Graph; with --workspace, write the condition in KQL with --kql');
		case 'any': {
			// Sign-in event types are the tables themselves.
			if (expr.path === 'signInEventTypes') return true;
			const located = locate(map, table, expr.path);
			if (located === null) return false;
			const {mapping, rest} = located;
			const text =
				rest.length > 0 || isDynamic(mapping, table) ? `tostring(${columnExpr(located, table)})` : mapping.column;
			// Elements of an array: a superset in KQL (the JSON text contains the values), checked exactly here.
			const approx = approximate(expr.body, text);
			return approx === true ? true : approx === false ? false : {text: approx.text, exact: false};
		}
		case 'cmp':
		case 'fn': {
			if (expr.path === map.timeProperty) {
				if (expr.kind === 'fn') throw new QueryError(`${expr.fn} does not apply to a time`);
				return compileCmp(map.timeColumn, expr.op, expr.value, true, {
					mapping: {graph: map.timeProperty, column: map.timeColumn, kind: 'datetime'},
					rest: [],
				});
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
export const PLAIN = /^[A-Za-z0-9 ._@:-]+$/;

export function approximate(body: Expr, text: string): Cond {
	switch (body.kind) {
		case 'and':
			return andCond(body.items.map(e => approximate(e, text)));
		case 'or':
			return orCond(body.items.map(e => approximate(e, text)));
		case 'any':
			return approximate(body.body, text);
		case 'raw':
			return true;
		case 'fn':
			return PLAIN.test(body.value) ? {text: `${text} contains ${kqlString(body.value)}`, exact: false} : true;
		case 'cmp': {
			if (body.op !== 'eq') return true;
			const v =
				body.value.type === 'string' ? body.value.value : body.value.type === 'number' ? String(body.value.value) : '';
			return PLAIN.test(v) ? {text: `${text} contains ${kqlString(v)}`, exact: false} : true;
		}
	}
}
