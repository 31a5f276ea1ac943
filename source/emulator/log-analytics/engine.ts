/**
 * Runs a parsed query over the workspace's tables: rows are read lazily from the Graph records (only the cells a
 * query touches are projected), operators run in order, and the result is a typed table. Column references are
 * checked against each operator's input, so that an unknown column or table is a semantic error even on no rows.
 */
import type {Expr, Literal, Named, OrderKey, Query, Source} from './parser.js';
import {SCHEMAS, projectCell, type Column, type TableName, type Workspace} from './tables.js';
import {DateTime, Timespan, dateTimeOfMs, isDynamic, parseDateTime, safeJson, toNumber, toText, type ColumnType, type Value} from './values.js';
import type {GraphRecord} from '../tenant.js';

export class KqlSemanticError extends Error {}

interface Row {
	get(name: string): Value;
}

interface Relation {
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
}

/**
 * Cells already projected, per record and table, kept across queries while the record lives (paging asks for the same
 * TimeGenerated and Id again and again); long text is projected again each time rather than held.
 */
const CELLS = new WeakMap<GraphRecord, Map<string, Value>>();

class SourceRow implements Row {
	private readonly cache: Map<string, Value>;
	constructor(private readonly record: GraphRecord, private readonly table: TableName, private readonly schema: ReadonlyMap<string, Column>, private readonly ws: Workspace) {
		let cache = CELLS.get(record);
		if (!cache) CELLS.set(record, (cache = new Map()));
		this.cache = cache;
	}

	// A record is in one table only (its report's, or its event type's), so a column name is key enough.
	get(name: string): Value {
		const hit = this.cache.get(name);
		if (hit !== undefined) return hit;
		const column = this.schema.get(name);
		const v = column ? projectCell(this.table, column, this.record, this.ws.ctx) : null;
		if (typeof v !== 'string' || v.length <= 256) this.cache.set(name, v);
		return v;
	}
}

/** Literals are read once per query, not once per row. */
const LITERALS = new WeakMap<Literal, Value>();

class MapRow implements Row {
	constructor(private readonly values: ReadonlyMap<string, Value>, private readonly base?: Row) {}
	get(name: string): Value {
		return this.values.has(name) ? this.values.get(name)! : this.base ? this.base.get(name) : null;
	}
}

class RenamedRow implements Row {
	constructor(private readonly base: Row, private readonly names: ReadonlyMap<string, string>) {}
	get(name: string): Value {
		const from = this.names.get(name);
		return from === undefined ? null : this.base.get(from);
	}
}

export function run(query: Query, ws: Workspace, options: RunOptions): Result {
	const rel = runQuery(query, ws, options);
	return {columns: rel.columns, rows: rel.rows.map(r => rel.columns.map(c => r.get(c.name)))};
}

function runQuery(query: Query, ws: Workspace, options: RunOptions): Relation {
	let rel = source(query.source, ws, options);
	for (const op of query.ops) {
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
				const columns = op.kind === 'project'
					? added
					: [...rel.columns.filter(c => !added.some(a => a.name === c.name)), ...added];
				rel = {
					columns,
					rows: rel.rows.map(r => new MapRow(new Map(named.map(n => [n.name, evaluate(n.expr, r, env)])), op.kind === 'extend' ? r : undefined)),
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
		if (!schema) throw new KqlSemanticError(`'${src.name}' operator: Failed to resolve table or column expression named '${src.name}'`);
		const byName = new Map(schema.map(c => [c.name, c]));
		const records = ws.records(src.name as TableName);
		const rows: Row[] = [];
		for (let i = 0; i < records.length; i++) {
			const r = records.at(i);
			if (!r) continue;
			const row = new SourceRow(r, src.name as TableName, byName, ws);
			if (options.span) {
				const t = row.get('TimeGenerated');
				if (!(t instanceof DateTime) || t.ticks < options.span.start.ticks || t.ticks > options.span.end.ticks) continue;
			}
			rows.push(row);
		}
		return {columns: schema, rows};
	}
	// union: columns by name; one name with several types becomes name_type for each (as KQL does).
	const parts = src.items.map(q => runQuery(q, ws, options));
	const types = new Map<string, ColumnType[]>();
	for (const p of parts) for (const c of p.columns) {
		const list = types.get(c.name) ?? [];
		if (!list.includes(c.type)) list.push(c.type);
		types.set(c.name, list);
	}
	const columns: Column[] = [];
	for (const [name, list] of types) for (const type of list) columns.push({name: list.length > 1 ? `${name}_${type}` : name, type});
	const rows: Row[] = [];
	for (const p of parts) {
		const names = new Map<string, string>();
		for (const c of p.columns) names.set((types.get(c.name)!.length > 1 ? `${c.name}_${c.type}` : c.name), c.name);
		for (const r of p.rows) rows.push(new RenamedRow(r, names));
	}
	return {columns, rows};
}

interface Env {
	readonly columns: readonly Column[];
	readonly now: Date;
}

function nameOf(c: Named, i: number, where: string): string {
	if (c.name !== undefined) return c.name;
	if (c.expr.kind === 'col') return c.expr.name;
	if (c.expr.kind === 'member' || c.expr.kind === 'call') {
		const parts: string[] = [];
		let e: Expr = c.expr;
		while (e.kind === 'member' || e.kind === 'call') {
			if (e.kind === 'call') {
				if (e.args.length === 0) break;
				e = e.args[0]!;
				continue;
			}
			if (e.key.kind === 'lit' && e.key.value.type === 'string') parts.unshift(e.key.value.value);
			e = e.target;
		}
		if (e.kind === 'col') return [e.name, ...parts].join('_');
	}
	if (where === 'summarize') return `Column${i + 1}`;
	return `Column${i + 1}`;
}

function unknownColumn(name: string, where: string): never {
	throw new KqlSemanticError(`'${where}' operator: Failed to resolve column or scalar expression named '${name}'`);
}

const FUNCTIONS: Readonly<Record<string, {readonly min: number; readonly max: number; readonly type: (args: readonly Expr[], env: Env) => ColumnType}>> = {
	tostring: {min: 1, max: 1, type: () => 'string'},
	todynamic: {min: 1, max: 1, type: () => 'dynamic'},
	parse_json: {min: 1, max: 1, type: () => 'dynamic'},
	toint: {min: 1, max: 1, type: () => 'int'},
	tolong: {min: 1, max: 1, type: () => 'long'},
	toreal: {min: 1, max: 1, type: () => 'real'},
	todouble: {min: 1, max: 1, type: () => 'real'},
	tobool: {min: 1, max: 1, type: () => 'bool'},
	toboolean: {min: 1, max: 1, type: () => 'bool'},
	todatetime: {min: 1, max: 1, type: () => 'datetime'},
	tolower: {min: 1, max: 1, type: () => 'string'},
	toupper: {min: 1, max: 1, type: () => 'string'},
	strlen: {min: 1, max: 1, type: () => 'long'},
	strcat: {min: 1, max: 64, type: () => 'string'},
	strcmp: {min: 2, max: 2, type: () => 'int'},
	isempty: {min: 1, max: 1, type: () => 'bool'},
	isnotempty: {min: 1, max: 1, type: () => 'bool'},
	isnull: {min: 1, max: 1, type: () => 'bool'},
	isnotnull: {min: 1, max: 1, type: () => 'bool'},
	not: {min: 1, max: 1, type: () => 'bool'},
	ago: {min: 1, max: 1, type: () => 'datetime'},
	now: {min: 0, max: 0, type: () => 'datetime'},
	startofday: {min: 1, max: 1, type: () => 'datetime'},
	array_length: {min: 1, max: 1, type: () => 'long'},
	iff: {min: 3, max: 3, type: (a, env) => typeOf(a[1]!, env)},
	iif: {min: 3, max: 3, type: (a, env) => typeOf(a[1]!, env)},
	coalesce: {min: 1, max: 64, type: (a, env) => typeOf(a[0]!, env)},
	bin: {min: 2, max: 2, type: (a, env) => typeOf(a[0]!, env)},
};

const AGGREGATES: Readonly<Record<string, {readonly min: number; readonly max: number}>> = {
	count: {min: 0, max: 0}, countif: {min: 1, max: 1}, dcount: {min: 1, max: 1}, min: {min: 1, max: 1}, max: {min: 1, max: 1},
};

/** Every column an expression names exists in the input; every function is known. */
function check(e: Expr, env: Env, where: string): void {
	switch (e.kind) {
		case 'col':
			if (!env.columns.some(c => c.name === e.name)) unknownColumn(e.name, where);
			return;
		case 'lit':
			literal(e.value, env);
			return;
		case 'member':
			check(e.target, env, where);
			check(e.key, env, where);
			return;
		case 'call': {
			const f = FUNCTIONS[e.fn];
			if (!f) throw new KqlSemanticError(`Unknown function: '${e.fn}'.`);
			if (e.args.length < f.min || e.args.length > f.max) throw new KqlSemanticError(`Function '${e.fn}': expected ${f.min === f.max ? f.min : `${f.min} to ${f.max}`} arguments, got ${e.args.length}.`);
			for (const a of e.args) check(a, env, where);
			return;
		}
		case 'unary':
			check(e.arg, env, where);
			return;
		case 'bin':
			check(e.left, env, where);
			check(e.right, env, where);
			return;
		case 'in':
			check(e.left, env, where);
			for (const a of e.list) check(a, env, where);
			return;
		case 'between':
			for (const a of [e.left, e.low, e.high]) check(a, env, where);
			return;
	}
}

function typeOf(e: Expr, env: Env): ColumnType {
	switch (e.kind) {
		case 'col': return env.columns.find(c => c.name === e.name)?.type ?? 'dynamic';
		case 'lit': {
			const v = e.value;
			return v.type === 'typed' ? (literal(v, env) instanceof DateTime ? 'datetime' : literal(v, env) instanceof Timespan ? 'timespan' : typeof literal(v, env) === 'number' ? 'real' : typeof literal(v, env) === 'boolean' ? 'bool' : 'string')
				: v.type === 'null' ? 'dynamic' : v.type;
		}
		case 'member': return 'dynamic';
		case 'call': return FUNCTIONS[e.fn]?.type(e.args, env) ?? 'dynamic';
		case 'unary': return typeOf(e.arg, env);
		case 'bin': {
			if (['and', 'or', '==', '!=', '=~', '!~', '<', '<=', '>', '>='].includes(e.op) || /^!?(has|contains|startswith|endswith|hasprefix|hassuffix)/.test(e.op)) return 'bool';
			const l = typeOf(e.left, env);
			const r = typeOf(e.right, env);
			if (l === 'datetime' && r === 'datetime' && e.op === '-') return 'timespan';
			if (l === 'datetime' || r === 'datetime') return 'datetime';
			if (l === 'timespan' || r === 'timespan') return 'timespan';
			return l === 'real' || r === 'real' || e.op === '/' ? 'real' : 'long';
		}
		case 'in':
		case 'between': return 'bool';
	}
}

function truthy(v: Value): boolean {
	return v === true;
}

function literal(l: Literal, env: Env): Value {
	if (LITERALS.has(l)) return LITERALS.get(l)!;
	const v = readLiteral(l, env);
	LITERALS.set(l, v);
	return v;
}

function readLiteral(l: Literal, env: Env): Value {
	switch (l.type) {
		case 'string': return l.value;
		case 'long':
		case 'real': return l.value;
		case 'bool': return l.value;
		case 'null': return null;
		case 'dynamic': return l.value as Value;
		case 'timespan': return new Timespan(BigInt(Math.round(l.ticks)));
		case 'typed': {
			const raw = l.raw.trim();
			switch (l.name) {
				case 'datetime':
				case 'date': {
					if (raw === 'null') return null;
					const d = parseDateTime(raw);
					if (!d) throw new KqlSemanticError(`The datetime literal '${l.name}(${raw})' is not a valid datetime`);
					return d;
				}
				case 'long': case 'int64': case 'int': case 'int32': case 'real': case 'double': case 'decimal': {
					const n = toNumber(raw);
					if (n === undefined) throw new KqlSemanticError(`The literal '${l.name}(${raw})' is not valid`);
					return n;
				}
				case 'bool': case 'boolean': return /^true$/i.test(raw);
				case 'guid': case 'uuid': case 'uniqueid': return raw.toLowerCase();
				default: throw new KqlSemanticError(`The literal '${l.name}(${raw})' is not supported by the emulator`);
			}
		}
	}
	void env;
}

function count(e: Expr, env: Env, where: string): number {
	const n = toNumber(evaluate(e, new MapRow(new Map()), env));
	if (n === undefined || n < 0) throw new KqlSemanticError(`'${where}' operator: the row count must be a non-negative number`);
	return Math.floor(n);
}

/** Ordinal comparison of two values of one kind; undefined when they do not compare. */
function compare(a: Value, b: Value): number | undefined {
	if (a === null || b === null) return undefined;
	if (a instanceof DateTime || a instanceof Timespan) {
		const other = b instanceof DateTime || b instanceof Timespan ? b : typeof b === 'string' ? parseDateTime(b) : undefined;
		if (!other) return undefined;
		return a.ticks < other.ticks ? -1 : a.ticks > other.ticks ? 1 : 0;
	}
	if (b instanceof DateTime && typeof a === 'string') {
		const d = parseDateTime(a);
		return d ? (d.ticks < b.ticks ? -1 : d.ticks > b.ticks ? 1 : 0) : undefined;
	}
	if (typeof a === 'number' || typeof b === 'number') {
		// ResultType == 0: a string column compared with a number works in production rules (§2.7).
		const x = toNumber(a);
		const y = toNumber(b);
		return x === undefined || y === undefined ? undefined : x < y ? -1 : x > y ? 1 : 0;
	}
	if (typeof a === 'boolean' || typeof b === 'boolean') return a === b ? 0 : undefined;
	const x = isDynamic(a) ? safeJson(a) : String(a);
	const y = isDynamic(b) ? safeJson(b) : String(b);
	return x < y ? -1 : x > y ? 1 : 0;
}

function equalCi(a: Value, b: Value): boolean {
	return toText(a).toLowerCase() === toText(b).toLowerCase();
}

const ALNUM = /[\p{L}\p{N}_]/u;

/** `has`: the needle as whole terms (bounded by non-alphanumerics at both ends, where the needle is). */
function hasTerm(hay: string, needle: string): boolean {
	if (needle === '') return true;
	let from = 0;
	for (;;) {
		const at = hay.indexOf(needle, from);
		if (at < 0) return false;
		const before = at === 0 ? '' : hay[at - 1]!;
		const after = hay[at + needle.length] ?? '';
		const okStart = !ALNUM.test(needle[0]!) || before === '' || !ALNUM.test(before);
		const okEnd = !ALNUM.test(needle[needle.length - 1]!) || after === '' || !ALNUM.test(after);
		if (okStart && okEnd) return true;
		from = at + 1;
	}
}

function stringOp(op: string, left: Value, right: Value): boolean {
	const negated = op.startsWith('!');
	const name = negated ? op.slice(1) : op;
	const cs = name.endsWith('_cs');
	const base = cs ? name.slice(0, -3) : name;
	const hay = cs ? toText(left) : toText(left).toLowerCase();
	const needle = cs ? toText(right) : toText(right).toLowerCase();
	let result: boolean;
	switch (base) {
		case 'has': result = hasTerm(hay, needle); break;
		case 'hasprefix': result = hay.split(/[^\p{L}\p{N}_]+/u).some(t => t.startsWith(needle)); break;
		case 'hassuffix': result = hay.split(/[^\p{L}\p{N}_]+/u).some(t => t.endsWith(needle)); break;
		case 'contains': result = hay.includes(needle); break;
		case 'startswith': result = hay.startsWith(needle); break;
		case 'endswith': result = hay.endsWith(needle); break;
		default: throw new KqlSemanticError(`Unknown operator ${op}`);
	}
	return negated ? !result : result;
}

function evaluate(e: Expr, row: Row, env: Env): Value {
	switch (e.kind) {
		case 'lit': return literal(e.value, env);
		case 'col': return row.get(e.name);
		case 'member': {
			let target = evaluate(e.target, row, env);
			// A string column holding JSON is not dynamic: KQL needs todynamic() for it, and gives null without.
			if (!isDynamic(target)) return null;
			const key = evaluate(e.key, row, env);
			if (Array.isArray(target)) {
				const i = toNumber(key);
				if (i === undefined) return null;
				target = (target as unknown[])[i < 0 ? target.length + i : i] as Value;
				return target === undefined ? null : target;
			}
			if (typeof key !== 'string' || !Object.prototype.hasOwnProperty.call(target, key)) return null;
			return ((target as Record<string, unknown>)[key] ?? null) as Value;
		}
		case 'unary': {
			const v = evaluate(e.arg, row, env);
			if (e.op === '+') return v;
			if (v instanceof Timespan) return new Timespan(-v.ticks);
			const n = toNumber(v);
			return n === undefined ? null : -n;
		}
		case 'in': {
			const left = evaluate(e.left, row, env);
			const items: Value[] = [];
			for (const x of e.list) {
				const v = evaluate(x, row, env);
				if (Array.isArray(v)) items.push(...(v as Value[]));
				else items.push(v);
			}
			const found = items.some(v => (e.ci ? equalCi(left, v) : compare(left, v) === 0));
			return e.negated ? !found : found;
		}
		case 'between': {
			const left = evaluate(e.left, row, env);
			const low = evaluate(e.low, row, env);
			let high = evaluate(e.high, row, env);
			if (low instanceof DateTime && high instanceof Timespan) high = new DateTime(low.ticks + high.ticks);
			const a = compare(left, low);
			const b = compare(left, high);
			const inside = a !== undefined && b !== undefined && a >= 0 && b <= 0;
			return e.negated ? !inside : inside;
		}
		case 'bin': {
			if (e.op === 'and') return truthy(evaluate(e.left, row, env)) && truthy(evaluate(e.right, row, env));
			if (e.op === 'or') return truthy(evaluate(e.left, row, env)) || truthy(evaluate(e.right, row, env));
			const left = evaluate(e.left, row, env);
			const right = evaluate(e.right, row, env);
			switch (e.op) {
				case '==': return compare(left, right) === 0;
				case '!=': {
					const c = compare(left, right);
					return c === undefined ? !(left === null && right === null) : c !== 0;
				}
				case '=~': return equalCi(left, right);
				case '!~': return !equalCi(left, right);
				case '<': { const c = compare(left, right); return c !== undefined && c < 0; }
				case '<=': { const c = compare(left, right); return c !== undefined && c <= 0; }
				case '>': { const c = compare(left, right); return c !== undefined && c > 0; }
				case '>=': { const c = compare(left, right); return c !== undefined && c >= 0; }
				case '+':
				case '-':
				case '*':
				case '/':
				case '%': return arithmetic(e.op, left, right);
				default: return stringOp(e.op, left, right);
			}
		}
		case 'call': return call(e.fn, e.args, row, env);
	}
}

function arithmetic(op: string, a: Value, b: Value): Value {
	if (a instanceof DateTime && b instanceof Timespan) return op === '+' ? new DateTime(a.ticks + b.ticks) : op === '-' ? new DateTime(a.ticks - b.ticks) : null;
	if (a instanceof Timespan && b instanceof DateTime && op === '+') return new DateTime(a.ticks + b.ticks);
	if (a instanceof DateTime && b instanceof DateTime && op === '-') return new Timespan(a.ticks - b.ticks);
	if (a instanceof Timespan && b instanceof Timespan) return op === '+' ? new Timespan(a.ticks + b.ticks) : op === '-' ? new Timespan(a.ticks - b.ticks) : null;
	const x = toNumber(a);
	const y = toNumber(b);
	if (x === undefined || y === undefined) return null;
	switch (op) {
		case '+': return x + y;
		case '-': return x - y;
		case '*': return x * y;
		case '/': return y === 0 ? null : x / y;
		default: return y === 0 ? null : x % y;
	}
}

function parseJsonValue(text: string): Value {
	try {
		return JSON.parse(text) as Value;
	} catch {
		return text;
	}
}

function call(fn: string, args: readonly Expr[], row: Row, env: Env): Value {
	const v = (i: number) => evaluate(args[i]!, row, env);
	switch (fn) {
		case 'tostring': return toText(v(0));
		case 'todynamic':
		case 'parse_json': {
			const x = v(0);
			return typeof x === 'string' ? parseJsonValue(x) : x;
		}
		case 'toint':
		case 'tolong': {
			const n = toNumber(v(0));
			return n === undefined ? null : Math.trunc(n);
		}
		case 'toreal':
		case 'todouble': return toNumber(v(0)) ?? null;
		case 'tobool':
		case 'toboolean': {
			const x = v(0);
			return typeof x === 'boolean' ? x : typeof x === 'string' && /^(true|false)$/i.test(x) ? x.toLowerCase() === 'true' : typeof x === 'number' ? x !== 0 : null;
		}
		case 'todatetime': {
			const x = v(0);
			return x instanceof DateTime ? x : typeof x === 'string' ? parseDateTime(x) ?? null : null;
		}
		case 'tolower': return toText(v(0)).toLowerCase();
		case 'toupper': return toText(v(0)).toUpperCase();
		case 'strlen': return toText(v(0)).length;
		case 'strcat': return args.map((_, i) => toText(v(i))).join('');
		case 'strcmp': {
			const a = toText(v(0));
			const b = toText(v(1));
			return a < b ? -1 : a > b ? 1 : 0;
		}
		case 'isempty': {
			const x = v(0);
			return x === null || x === '';
		}
		case 'isnotempty': {
			const x = v(0);
			return !(x === null || x === '');
		}
		case 'isnull': return v(0) === null;
		case 'isnotnull': return v(0) !== null;
		case 'not': return !truthy(v(0));
		case 'now': return dateTimeOfMs(env.now.getTime());
		case 'ago': {
			const span = v(0);
			if (!(span instanceof Timespan)) throw new KqlSemanticError(`ago(): expected a timespan`);
			return new DateTime(dateTimeOfMs(env.now.getTime()).ticks - span.ticks);
		}
		case 'startofday': {
			const x = v(0);
			if (!(x instanceof DateTime)) return null;
			const day = 864_000_000_000n;
			return new DateTime(x.ticks - (((x.ticks % day) + day) % day));
		}
		case 'array_length': {
			const x = v(0);
			return Array.isArray(x) ? x.length : null;
		}
		case 'iff':
		case 'iif': return truthy(v(0)) ? v(1) : v(2);
		case 'coalesce': {
			for (let i = 0; i < args.length; i++) {
				const x = v(i);
				if (x !== null && x !== '') return x;
			}
			return null;
		}
		case 'bin': {
			const x = v(0);
			const size = v(1);
			if (x instanceof DateTime && size instanceof Timespan && size.ticks > 0n) return new DateTime(x.ticks - (((x.ticks % size.ticks) + size.ticks) % size.ticks));
			const n = toNumber(x);
			const s = toNumber(size);
			return n === undefined || s === undefined || s <= 0 ? null : Math.floor(n / s) * s;
		}
		default: throw new KqlSemanticError(`Unknown function: '${fn}'.`);
	}
}

function sortRows(rows: readonly Row[], keys: readonly OrderKey[], env: Env, limit?: number): Row[] {
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
	return rows.map(decorate).sort(order).map(d => d.row);
}

function summarize(rel: Relation, aggs: readonly Named[], by: readonly Named[], env: Env): Relation {
	const groupCols = by.map((b, i) => ({name: nameOf(b, i, 'summarize'), expr: b.expr}));
	for (const g of groupCols) check(g.expr, env, 'summarize');
	const aggCols = aggs.map((a, i) => {
		if (a.expr.kind !== 'call' || !AGGREGATES[a.expr.fn]) throw new KqlSemanticError(`'summarize' operator: expected an aggregation such as count(), not this expression`);
		const spec = AGGREGATES[a.expr.fn]!;
		if (a.expr.args.length < spec.min || a.expr.args.length > spec.max) throw new KqlSemanticError(`Function '${a.expr.fn}': wrong number of arguments.`);
		for (const x of a.expr.args) check(x, env, 'summarize');
		const arg = a.expr.args[0];
		const name = a.name ?? (a.expr.fn === 'count' ? 'count_' : `${a.expr.fn}_${arg && arg.kind === 'col' ? arg.name : i}`);
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
	const columns: Column[] = [...groupCols.map(g => ({name: g.name, type: typeOf(g.expr, env)})), ...aggCols.map(a => ({name: a.name, type: a.type}))];
	const rows: Row[] = [];
	for (const g of groups.values()) {
		const values = new Map<string, Value>();
		groupCols.forEach((c, i) => values.set(c.name, g.keys[i]!));
		for (const a of aggCols) {
			const xs = a.arg ? g.rows.map(r => evaluate(a.arg!, r, env)) : [];
			switch (a.fn) {
				case 'count': values.set(a.name, g.rows.length); break;
				case 'countif': values.set(a.name, xs.filter(truthy).length); break;
				case 'dcount': values.set(a.name, new Set(xs.filter(x => x !== null).map(x => toText(x))).size); break;
				default: {
					const present = xs.filter(x => x !== null);
					values.set(a.name, present.reduce<Value>((best, x) => (best === null || (compare(x, best) ?? 0) * (a.fn === 'min' ? -1 : 1) > 0 ? x : best), null));
				}
			}
		}
		rows.push(new MapRow(values));
	}
	return {columns, rows};
}

/** A cell as the API sends it: dynamic as JSON text, datetime as an ISO string, numbers as numbers. */
export function wireCell(v: Value, type: ColumnType): unknown {
	if (v === null) return null;
	switch (type) {
		case 'dynamic': return safeJson(v);
		case 'datetime': return v instanceof DateTime ? v.toString() : toText(v);
		case 'timespan': return toText(v);
		case 'long':
		case 'int':
		case 'real': {
			const n = toNumber(v);
			return n === undefined || !Number.isFinite(n) ? null : n;
		}
		case 'bool': return typeof v === 'boolean' ? v : null;
		default: return toText(v);
	}
}
