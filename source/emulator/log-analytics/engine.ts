/**
 * Runs a parsed query over the workspace's tables: rows are read lazily from the Graph records (only the cells a
 * query touches are projected), operators run in order, and the result is a typed table. Column references are
 * checked against each operator's input, so that an unknown column or table is a semantic error even on no rows.
 */
import type {Query, Source} from './parser.js';
import {SCHEMAS, type Column, type TableName, type Workspace} from './tables.js';
import {DateTime, safeJson, toNumber, toText, type ColumnType, type Value} from './values.js';
import {truthy, count, evaluate} from './engine-eval.js';
import {KqlSemanticError, type Row, SourceRow, MapRow, RenamedRow} from './engine-rows.js';
import {nameOf, unknownColumn, check, typeOf} from './engine-check.js';
import {sortRows, summarize} from './engine-sort.js';
import {sortedPage, unionColumns} from './engine-keyset.js';

export interface Relation {
	readonly columns: readonly Column[];
	readonly rows: readonly Row[];
}

export interface Result {
	readonly columns: readonly Column[];
	readonly rows: ReadonlyArray<readonly Value[]>;
}

export interface RunOptions {
	readonly now: Date;
	/** The API's timespan, applied to every table read (in addition to the query's own conditions). */
	readonly span?: {readonly start: DateTime; readonly end: DateTime};
	/** Read every row, without the keyset fast path (engine-keyset.ts); the answer is the same. */
	readonly general?: boolean;
}

export function run(query: Query, ws: Workspace, options: RunOptions): Result {
	const rel = runQuery(query, ws, options);
	return {columns: rel.columns, rows: rel.rows.map(r => rel.columns.map(c => r.get(c.name)))};
}

function runQuery(query: Query, ws: Workspace, options: RunOptions): Relation {
	const fast = sortedPage(query, ws, options);
	let rel = fast ? fast.rel : source(query.source, ws, options);
	for (const op of fast ? query.ops.slice(fast.next) : query.ops) {
		const env = {columns: rel.columns, now: options.now};
		switch (op.kind) {
			case 'where': {
				check(op.pred, env, 'where');
				rel = {columns: rel.columns, rows: rel.rows.filter(r => truthy(evaluate(op.pred, r, env)))};
				break;
			}
			case 'extend':
			case 'project': {
				const named = op.cols.map((c, i) => ({name: nameOf(c, i, op.kind), expr: c.expr}));
				for (const n of named) check(n.expr, env, op.kind);
				const added: Column[] = named.map(n => ({name: n.name, type: typeOf(n.expr, env)}));
				const columns =
					op.kind === 'project' ? added : [...rel.columns.filter(c => !added.some(a => a.name === c.name)), ...added];
				rel = {
					columns,
					rows: rel.rows.map(
						r =>
							new MapRow(
								new Map(named.map(n => [n.name, evaluate(n.expr, r, env)])),
								op.kind === 'extend' ? r : undefined,
							),
					),
				};
				break;
			}
			case 'project-away': {
				for (const name of op.names) if (!rel.columns.some(c => c.name === name)) unknownColumn(name, 'project-away');
				rel = {columns: rel.columns.filter(c => !op.names.includes(c.name)), rows: rel.rows};
				break;
			}
			case 'order': {
				for (const k of op.keys) check(k.expr, env, 'order by');
				// `order by … | take N` (every page the client asks for): keep the first N, not a sort of everything.
				const next = query.ops[query.ops.indexOf(op) + 1];
				const limit = next?.kind === 'take' ? count(next.count, env, 'take') : undefined;
				rel = {columns: rel.columns, rows: sortRows(rel.rows, op.keys, env, limit)};
				break;
			}
			case 'take': {
				rel = {columns: rel.columns, rows: rel.rows.slice(0, count(op.count, env, 'take'))};
				break;
			}
			case 'top': {
				check(op.key.expr, env, 'top');
				rel = {columns: rel.columns, rows: sortRows(rel.rows, [op.key], env).slice(0, count(op.count, env, 'top'))};
				break;
			}
			case 'count':
				rel = {columns: [{name: 'Count', type: 'long'}], rows: [new MapRow(new Map([['Count', rel.rows.length]]))]};
				break;
			case 'summarize':
				rel = summarize(rel, op.aggs, op.by, env);
				break;
		}
	}
	return rel;
}

function source(src: Source, ws: Workspace, options: RunOptions): Relation {
	if (src.kind === 'table') {
		const schema = SCHEMAS[src.name as TableName] as readonly Column[] | undefined;
		if (!schema)
			throw new KqlSemanticError(
				`'${src.name}' operator: Failed to resolve table or column expression named '${src.name}'`,
			);
		const byName = new Map(schema.map(c => [c.name, c]));
		const records = ws.records(src.name as TableName);
		const rows: Row[] = [];
		for (let i = 0; i < records.length; i++) {
			const r = records.at(i);
			if (!r) continue;
			const row = new SourceRow(r, src.name as TableName, byName, ws);
			if (options.span) {
				const t = row.get('TimeGenerated');
				if (!(t instanceof DateTime) || t.ticks < options.span.start.ticks || t.ticks > options.span.end.ticks)
					continue;
			}
			rows.push(row);
		}
		return {columns: schema, rows};
	}
	// union: columns by name; one name with several types becomes name_type for each (as KQL does).
	const parts = src.items.map(q => runQuery(q, ws, options));
	const {columns, names} = unionColumns(parts.map(p => p.columns));
	const rows: Row[] = [];
	parts.forEach((p, n) => {
		for (const r of p.rows) rows.push(new RenamedRow(r, names[n]!));
	});
	return {columns, rows};
}

/** A cell as the API sends it: dynamic as JSON text, datetime as an ISO string, numbers as numbers. */
export function wireCell(v: Value, type: ColumnType): unknown {
	if (v === null) return null;
	switch (type) {
		case 'dynamic':
			return safeJson(v);
		case 'datetime':
			return v instanceof DateTime ? v.toString() : toText(v);
		case 'timespan':
			return toText(v);
		case 'long':
		case 'int':
		case 'real': {
			const n = toNumber(v);
			return n === undefined || !Number.isFinite(n) ? null : n;
		}
		case 'bool':
			return typeof v === 'boolean' ? v : null;
		default:
			return toText(v);
	}
}
