/**
 * The engine's fast path for the page every client asks for: `T [| where …]* | order by TimeGenerated d, Id d |
 * take N` (T a table or a union of tables each with only `where`s), the keyset form `TimeGenerated < X or
 * (TimeGenerated == X and strcmp(Id, "…") < 0)` among the conditions. Each table is read in the order the query sorts
 * by (an index built once per table and size: usually the records already are in that order, and it is only checked),
 * conditions on TimeGenerated alone or on the keyset are found by binary search (where the rows that pass begin or
 * end), the legs of a union are merged, and the walk stops at N rows that pass every condition. Every condition is
 * still evaluated on each row the walk keeps; the search only skips rows that fail one. Ties keep the order the
 * general engine gives them (leg, then position in the table). Any other shape, and any error, is left to the general
 * engine, which gives the same answer by reading every row.
 */
import type {Expr, OrderKey, Query} from './parser.js';
import {SCHEMAS, type Column, type TableName, type Workspace} from './tables.js';
import {DateTime, type ColumnType, type Value} from './values.js';
import {compare, count, evaluate, truthy} from './engine-eval.js';
import {check} from './engine-check.js';
import {MapRow, RenamedRow, SourceRow, type Env, type Row} from './engine-rows.js';
import type {Relation, RunOptions} from './engine.js';

/** A union's columns by name; one name with several types becomes name_type for each (as KQL does). */
export function unionColumns(parts: ReadonlyArray<readonly Column[]>): {
	columns: Column[];
	names: Array<Map<string, string>>;
} {
	const types = new Map<string, ColumnType[]>();
	for (const p of parts)
		for (const c of p) {
			const list = types.get(c.name) ?? [];
			if (!list.includes(c.type)) list.push(c.type);
			types.set(c.name, list);
		}
	const columns: Column[] = [];
	for (const [name, list] of types)
		for (const type of list) columns.push({name: list.length > 1 ? `${name}_${type}` : name, type});
	const names = parts.map(p => {
		const m = new Map<string, string>();
		for (const c of p) m.set(types.get(c.name)!.length > 1 ? `${c.name}_${c.type}` : c.name, c.name);
		return m;
	});
	return {columns, names};
}

/** The two sort keys' order: ties by position in the table (a stable sort). */
function keyOrder(keys: readonly OrderKey[]) {
	return (a: readonly Value[], b: readonly Value[]): number => {
		for (let k = 0; k < keys.length; k++) {
			const x = a[k]!;
			const y = b[k]!;
			if (x === null || y === null) {
				if (x === null && y === null) continue;
				return (x === null ? -1 : 1) * (keys[k]!.nullsFirst ? 1 : -1);
			}
			const c = compare(x, y) ?? 0;
			if (c !== 0) return keys[k]!.desc ? -c : c;
		}
		return 0;
	};
}

interface SortedTable {
	readonly length: number;
	/** Record position of the i-th row in sort order (undefined: the records are in order already). */
	readonly order?: Int32Array;
	/** The rows with a TimeGenerated: [from, to) in sort order (rows without one sort first or last, together). */
	readonly from: number;
	readonly to: number;
}

const INDEXES = new WeakMap<Workspace, Map<string, SortedTable>>();

function sortedTable(ws: Workspace, table: TableName, keys: readonly OrderKey[]): SortedTable {
	const view = ws.records(table);
	const signature = `${table}|${keys.map(k => `${k.desc}${k.nullsFirst}`).join('|')}`;
	let cache = INDEXES.get(ws);
	if (!cache) INDEXES.set(ws, (cache = new Map()));
	const hit = cache.get(signature);
	if (hit && hit.length === view.length) return hit;
	const byName = new Map(SCHEMAS[table].map(c => [c.name, c]));
	const order = keyOrder(keys);
	const keysAt = (i: number): Value[] => {
		const r = view.at(i);
		if (!r) return [null, null];
		const row = new SourceRow(r, table, byName, ws);
		return [row.get('TimeGenerated'), row.get('Id')];
	};
	// Usually the records are in order already (the tenant is kept newest first): check, and sort only if not. A
	// scaled table is copies of its first `period` rows, each older than the one before: its first copy and where the
	// copies meet are checked.
	const checked = (list: Iterable<number>): {sorted: boolean; nulls: number} => {
		let sorted = true;
		let nulls = 0;
		let prev: {i: number; keys: Value[]} | undefined;
		for (const i of list) {
			const cur = keysAt(i);
			if (cur[0] === null) nulls++;
			if (prev && prev.i === i - 1 && order(prev.keys, cur) > 0) sorted = false;
			prev = {i, keys: cur};
		}
		return {sorted, nulls};
	};
	const range = function* (from: number, to: number) {
		for (let i = from; i < to; i++) yield i;
	};
	let {sorted, nulls} = {sorted: false, nulls: 0};
	const period = view.period;
	if (period !== undefined && period > 0 && period < view.length) {
		({sorted, nulls} = checked(range(0, period)));
		const seams = function* () {
			for (let k = period; k < view.length; k += period) yield* [k - 1, k];
		};
		sorted = sorted && nulls === 0 && checked(seams()).sorted;
	}
	if (!sorted) ({sorted, nulls} = checked(range(0, view.length)));
	let positions: Int32Array | undefined;
	if (!sorted) {
		const all = Array.from({length: view.length}, (_, i) => keysAt(i));
		positions = Int32Array.from({length: view.length}, (_, i) => i).sort((a, b) => order(all[a]!, all[b]!) || a - b);
	}
	const from = keys[0]!.nullsFirst ? nulls : 0;
	const result: SortedTable = {length: view.length, order: positions, from, to: from + view.length - nulls};
	cache.set(signature, result);
	return result;
}

const isCol = (e: Expr, name: string): boolean => e.kind === 'col' && e.name === name;
const hasColumn = (e: Expr): boolean => {
	switch (e.kind) {
		case 'col':
			return true;
		case 'lit':
			return false;
		case 'member':
			return hasColumn(e.target) || hasColumn(e.key);
		case 'call':
			return e.args.some(hasColumn);
		case 'unary':
			return hasColumn(e.arg);
		case 'bin':
			return hasColumn(e.left) || hasColumn(e.right);
		case 'in':
			return hasColumn(e.left) || e.list.some(hasColumn);
		case 'between':
			return hasColumn(e.left) || hasColumn(e.low) || hasColumn(e.high);
	}
};
const conjuncts = (e: Expr): Expr[] =>
	e.kind === 'bin' && e.op === 'and' ? [...conjuncts(e.left), ...conjuncts(e.right)] : [e];
const NONE = new MapRow(new Map());
const constant = (e: Expr, env: Env): Value | undefined => (hasColumn(e) ? undefined : evaluate(e, NONE, env));
const sameTime = (a: Value | undefined, b: Value | undefined): boolean =>
	a instanceof DateTime && b instanceof DateTime && a.ticks === b.ticks;

/**
 * Whether a condition holds on a suffix (`later`) or a prefix of the rows with a TimeGenerated in sort order, when it
 * is one of the shapes known to be monotone there: `TimeGenerated <op> X` (X a datetime), and the keyset
 * `TimeGenerated <op> X or (TimeGenerated == X and strcmp(Id, S) <op> 0)` (or `Id <op> S`) with both keys one way.
 */
function monotone(e: Expr, keys: readonly OrderKey[], env: Env): 'later' | 'earlier' | undefined {
	const desc = keys[0]!.desc;
	const way = (op: string): 'later' | 'earlier' | undefined =>
		op === '<' || op === '<='
			? desc
				? 'later'
				: 'earlier'
			: op === '>' || op === '>='
				? desc
					? 'earlier'
					: 'later'
				: undefined;
	if (e.kind !== 'bin') return undefined;
	if (e.op !== 'or') {
		if (!isCol(e.left, 'TimeGenerated') || !(constant(e.right, env) instanceof DateTime)) return undefined;
		return way(e.op);
	}
	const {left, right} = e;
	if (left.kind !== 'bin' || (left.op !== '<' && left.op !== '>') || !isCol(left.left, 'TimeGenerated'))
		return undefined;
	if (keys[1]!.desc !== desc || right.kind !== 'bin' || right.op !== 'and') return undefined;
	const [eq, id] = [right.left, right.right];
	if (eq.kind !== 'bin' || eq.op !== '==' || !isCol(eq.left, 'TimeGenerated')) return undefined;
	if (!sameTime(constant(left.right, env), constant(eq.right, env))) return undefined;
	if (id.kind !== 'bin' || id.op !== left.op) return undefined;
	const strcmp =
		id.left.kind === 'call' &&
		id.left.fn === 'strcmp' &&
		id.left.args.length === 2 &&
		isCol(id.left.args[0]!, 'Id') &&
		typeof constant(id.left.args[1]!, env) === 'string' &&
		constant(id.right, env) === 0;
	const plain = isCol(id.left, 'Id') && typeof constant(id.right, env) === 'string';
	return strcmp || plain ? way(left.op) : undefined;
}

interface Leg {
	readonly table: TableName;
	readonly byName: ReadonlyMap<string, Column>;
	readonly index: SortedTable;
	readonly wheres: readonly Expr[];
	readonly env: Env;
	readonly names?: ReadonlyMap<string, string>;
	lo: number;
	hi: number;
}

/** The page, or undefined when the query is not of the shape (or anything fails): the general engine answers then. */
export function sortedPage(
	query: Query,
	ws: Workspace,
	options: RunOptions,
): {rel: Relation; next: number} | undefined {
	if (options.general) return undefined;
	try {
		return page(query, ws, options);
	} catch {
		return undefined;
	}
}

function page(query: Query, ws: Workspace, options: RunOptions): {rel: Relation; next: number} | undefined {
	let i = 0;
	const outer: Expr[] = [];
	for (let op = query.ops[i]; op?.kind === 'where'; op = query.ops[++i]) outer.push(op.pred);
	const order = query.ops[i];
	const take = query.ops[i + 1];
	if (order?.kind !== 'order' || take?.kind !== 'take') return undefined;
	const keys = order.keys;
	if (keys.length !== 2 || !isCol(keys[0]!.expr, 'TimeGenerated') || !isCol(keys[1]!.expr, 'Id')) return undefined;
	const items = query.source.kind === 'table' ? [{source: query.source, ops: []}] : query.source.items;
	const legSpecs: Array<{table: TableName; wheres: Expr[]}> = [];
	for (const item of items) {
		if (item.source.kind !== 'table' || !(item.source.name in SCHEMAS)) return undefined;
		if (item.ops.some(op => op.kind !== 'where')) return undefined;
		legSpecs.push({
			table: item.source.name as TableName,
			wheres: item.ops.map(op => (op.kind === 'where' ? op.pred : undefined)!),
		});
	}
	const union = query.source.kind === 'union' ? unionColumns(legSpecs.map(l => SCHEMAS[l.table])) : undefined;
	const columns: readonly Column[] = union ? union.columns : SCHEMAS[legSpecs[0]!.table];
	const type = (name: string) => columns.find(c => c.name === name)?.type;
	if (type('TimeGenerated') !== 'datetime' || type('Id') !== 'string') return undefined;
	const env: Env = {columns, now: options.now};
	// The checks the general engine makes, in its order (an error: the general engine says it).
	const legs: Leg[] = legSpecs.map((spec, n) => {
		const legEnv: Env = {columns: SCHEMAS[spec.table], now: options.now};
		for (const w of spec.wheres) check(w, legEnv, 'where');
		const index = sortedTable(ws, spec.table, keys);
		return {
			table: spec.table,
			byName: new Map(SCHEMAS[spec.table].map(c => [c.name, c])),
			index,
			wheres: spec.wheres,
			env: legEnv,
			names: union?.names[n],
			lo: 0,
			hi: index.length,
		};
	});
	for (const w of outer) check(w, env, 'where');
	for (const k of keys) check(k.expr, env, 'order by');
	const limit = count(take.count, env, 'take');

	const span = options.span;
	const rowAt = (leg: Leg, p: number): {base: Row; row: Row} | undefined => {
		const record = ws.records(leg.table).at(leg.index.order ? leg.index.order[p]! : p);
		if (!record) return undefined;
		const base = new SourceRow(record, leg.table, leg.byName, ws);
		return {base, row: leg.names ? new RenamedRow(base, leg.names) : base};
	};
	const passes = (leg: Leg, p: number): Row | undefined => {
		const at = rowAt(leg, p);
		if (!at) return undefined;
		if (span) {
			const t = at.base.get('TimeGenerated');
			if (!(t instanceof DateTime) || t.ticks < span.start.ticks || t.ticks > span.end.ticks) return undefined;
		}
		for (const w of leg.wheres) if (!truthy(evaluate(w, at.base, leg.env))) return undefined;
		for (const w of outer) if (!truthy(evaluate(w, at.row, env))) return undefined;
		return at.row;
	};
	// Where each monotone condition begins or ends to hold, by binary search over the rows with a TimeGenerated.
	for (const leg of legs) {
		const bounds: Array<{later: boolean; holds: (p: number) => boolean}> = [];
		const add = (w: Expr, onLeg: boolean) => {
			for (const c of conjuncts(w)) {
				const way = monotone(c, keys, onLeg ? leg.env : env);
				if (!way) continue;
				bounds.push({
					later: way === 'later',
					holds: p => {
						const at = rowAt(leg, p);
						return !!at && truthy(evaluate(c, onLeg ? at.base : at.row, onLeg ? leg.env : env));
					},
				});
			}
		};
		for (const w of leg.wheres) add(w, true);
		for (const w of outer) add(w, false);
		if (span) {
			const tick = (p: number) => {
				const t = rowAt(leg, p)?.base.get('TimeGenerated');
				return t instanceof DateTime ? t.ticks : undefined;
			};
			const desc = keys[0]!.desc;
			bounds.push({later: desc, holds: p => (tick(p) ?? span.end.ticks + 1n) <= span.end.ticks});
			bounds.push({later: !desc, holds: p => (tick(p) ?? span.start.ticks - 1n) >= span.start.ticks});
		}
		for (const b of bounds) {
			// First position in [from, to) where `holds` is (later) true / (earlier) false.
			let a = leg.index.from;
			let z = leg.index.to;
			while (a < z) {
				const mid = (a + z) >> 1;
				if (b.holds(mid) === b.later) z = mid;
				else a = mid + 1;
			}
			if (b.later) leg.lo = Math.max(leg.lo, a);
			else leg.hi = Math.min(leg.hi, a);
		}
	}
	// Merge the legs: each one's next row that passes, the least by the keys first, then by leg.
	const cmp = keyOrder(keys);
	const heads = legs.map(leg => advance(leg));
	function advance(leg: Leg): {row: Row; values: Value[]} | undefined {
		while (leg.lo < leg.hi) {
			const row = passes(leg, leg.lo++);
			if (row) return {row, values: keys.map(k => evaluate(k.expr, row, env))};
		}
		return undefined;
	}
	const rows: Row[] = [];
	while (rows.length < limit) {
		let best = -1;
		for (let n = 0; n < heads.length; n++) {
			const h = heads[n];
			if (h && (best < 0 || cmp(h.values, heads[best]!.values) < 0)) best = n;
		}
		if (best < 0) break;
		rows.push(heads[best]!.row);
		heads[best] = advance(legs[best]!);
	}
	return {rel: {columns, rows}, next: i + 2};
}
