/**
 * The engine's `sort`/`order by` and `summarize` (aggregates by groups) over a relation's rows.
 */
import type {Named, OrderKey} from './parser.js';
import type {Column} from './tables.js';
import {DateTime, toText, type ColumnType, type Value} from './values.js';
import {truthy, compare, evaluate} from './engine-eval.js';
import {KqlSemanticError, type Row, MapRow, type Env} from './engine-rows.js';
import {nameOf, AGGREGATES, check, typeOf} from './engine-check.js';
import type {Relation} from './engine.js';

export function sortRows(rows: readonly Row[], keys: readonly OrderKey[], env: Env, limit?: number): Row[] {
	type Item = {row: Row; i: number; values: Value[]};
	const order = (a: Item, b: Item): number => {
		for (let k = 0; k < keys.length; k++) {
			const key = keys[k]!;
			const x = a.values[k]!;
			const y = b.values[k]!;
			const xNull = x === null;
			const yNull = y === null;
			if (xNull || yNull) {
				if (xNull && yNull) continue;
				return (xNull ? -1 : 1) * (key.nullsFirst ? 1 : -1);
			}
			const c = compare(x, y) ?? 0;
			if (c !== 0) return key.desc ? -c : c;
		}
		return a.i - b.i;
	};
	const decorate = (row: Row, i: number): Item => ({row, i, values: keys.map(k => evaluate(k.expr, row, env))});
	if (limit === 0) return [];
	if (limit !== undefined && limit < rows.length / 4) {
		// The first `limit` in order, by binary insertion into a short sorted list (stable: ties keep input order).
		const best: Item[] = [];
		rows.forEach((row, i) => {
			const item = decorate(row, i);
			if (best.length === limit && order(item, best[best.length - 1]!) >= 0) return;
			let lo = 0;
			let hi = best.length;
			while (lo < hi) {
				const mid = (lo + hi) >> 1;
				if (order(best[mid]!, item) <= 0) lo = mid + 1;
				else hi = mid;
			}
			best.splice(lo, 0, item);
			if (best.length > limit) best.pop();
		});
		return best.map(d => d.row);
	}
	return rows
		.map(decorate)
		.sort(order)
		.map(d => d.row);
}

export function summarize(rel: Relation, aggs: readonly Named[], by: readonly Named[], env: Env): Relation {
	const groupCols = by.map((b, i) => ({name: nameOf(b, i, 'summarize'), expr: b.expr}));
	for (const g of groupCols) check(g.expr, env, 'summarize');
	const aggCols = aggs.map((a, i) => {
		if (a.expr.kind !== 'call' || !AGGREGATES[a.expr.fn])
			throw new KqlSemanticError(`'summarize' operator: expected an aggregation such as count(), not this expression`);
		const spec = AGGREGATES[a.expr.fn]!;
		if (a.expr.args.length < spec.min || a.expr.args.length > spec.max)
			throw new KqlSemanticError(`Function '${a.expr.fn}': wrong number of arguments.`);
		for (const x of a.expr.args) check(x, env, 'summarize');
		const arg = a.expr.args[0];
		const name =
			a.name ?? (a.expr.fn === 'count' ? 'count_' : `${a.expr.fn}_${arg && arg.kind === 'col' ? arg.name : i}`);
		const type: ColumnType = ['count', 'countif', 'dcount'].includes(a.expr.fn) ? 'long' : typeOf(arg!, env);
		return {name, fn: a.expr.fn, arg, type};
	});
	const groups = new Map<string, {keys: Value[]; rows: Row[]}>();
	for (const row of rel.rows) {
		const keys = groupCols.map(g => evaluate(g.expr, row, env));
		const id = keys.map(k => `${k instanceof DateTime ? 'd' : typeof k}:${toText(k)}`).join('\u0000');
		const group = groups.get(id) ?? {keys, rows: []};
		group.rows.push(row);
		groups.set(id, group);
	}
	if (groupCols.length === 0 && groups.size === 0) groups.set('', {keys: [], rows: []});
	const columns: Column[] = [
		...groupCols.map(g => ({name: g.name, type: typeOf(g.expr, env)})),
		...aggCols.map(a => ({name: a.name, type: a.type})),
	];
	const rows: Row[] = [];
	for (const g of groups.values()) {
		const values = new Map<string, Value>();
		groupCols.forEach((c, i) => values.set(c.name, g.keys[i]!));
		for (const a of aggCols) {
			const xs = a.arg ? g.rows.map(r => evaluate(a.arg!, r, env)) : [];
			switch (a.fn) {
				case 'count':
					values.set(a.name, g.rows.length);
					break;
				case 'countif':
					values.set(a.name, xs.filter(truthy).length);
					break;
				case 'dcount':
					values.set(a.name, new Set(xs.filter(x => x !== null).map(x => toText(x))).size);
					break;
				default: {
					const present = xs.filter(x => x !== null);
					values.set(
						a.name,
						present.reduce<Value>(
							(best, x) => (best === null || (compare(x, best) ?? 0) * (a.fn === 'min' ? -1 : 1) > 0 ? x : best),
							null,
						),
					);
				}
			}
		}
		rows.push(new MapRow(values));
	}
	return {columns, rows};
}
