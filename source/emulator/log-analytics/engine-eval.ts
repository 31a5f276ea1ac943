/**
 * Evaluates a KQL expression on one row: literals, comparisons (string operators with KQL's term rules), and logic.
 */
import type {Expr, Literal} from './parser.js';
import {DateTime, Timespan, isDynamic, parseDateTime, safeJson, toNumber, toText, type Value} from './values.js';
import {arithmetic, call} from './engine-functions.js';
import {KqlSemanticError, MapRow, type Row, type Env} from './engine-rows.js';

/** Literals are read once per query, not once per row. */
export const LITERALS = new WeakMap<Literal, Value>();

export function truthy(v: Value): boolean {
	return v === true;
}

export function literal(l: Literal, env: Env): Value {
	if (LITERALS.has(l)) return LITERALS.get(l)!;
	const v = readLiteral(l, env);
	LITERALS.set(l, v);
	return v;
}

export function readLiteral(l: Literal, env: Env): Value {
	switch (l.type) {
		case 'string':
			return l.value;
		case 'long':
		case 'real':
			return l.value;
		case 'bool':
			return l.value;
		case 'null':
			return null;
		case 'dynamic':
			return l.value as Value;
		case 'timespan':
			return new Timespan(BigInt(Math.round(l.ticks)));
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
				case 'long':
				case 'int64':
				case 'int':
				case 'int32':
				case 'real':
				case 'double':
				case 'decimal': {
					const n = toNumber(raw);
					if (n === undefined) throw new KqlSemanticError(`The literal '${l.name}(${raw})' is not valid`);
					return n;
				}
				case 'bool':
				case 'boolean':
					return /^true$/i.test(raw);
				case 'guid':
				case 'uuid':
				case 'uniqueid':
					return raw.toLowerCase();
				default:
					throw new KqlSemanticError(`The literal '${l.name}(${raw})' is not supported by the emulator`);
			}
		}
	}
	void env;
}

export function count(e: Expr, env: Env, where: string): number {
	const n = toNumber(evaluate(e, new MapRow(new Map()), env));
	if (n === undefined || n < 0)
		throw new KqlSemanticError(`'${where}' operator: the row count must be a non-negative number`);
	return Math.floor(n);
}

/** Ordinal comparison of two values of one kind; undefined when they do not compare. */
export function compare(a: Value, b: Value): number | undefined {
	if (a === null || b === null) return undefined;
	if (a instanceof DateTime || a instanceof Timespan) {
		const other =
			b instanceof DateTime || b instanceof Timespan ? b : typeof b === 'string' ? parseDateTime(b) : undefined;
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

export function equalCi(a: Value, b: Value): boolean {
	return toText(a).toLowerCase() === toText(b).toLowerCase();
}

export const ALNUM = /[\p{L}\p{N}_]/u;

/** `has`: the needle as whole terms (bounded by non-alphanumerics at both ends, where the needle is). */
export function hasTerm(hay: string, needle: string): boolean {
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

export function stringOp(op: string, left: Value, right: Value): boolean {
	const negated = op.startsWith('!');
	const name = negated ? op.slice(1) : op;
	const cs = name.endsWith('_cs');
	const base = cs ? name.slice(0, -3) : name;
	const hay = cs ? toText(left) : toText(left).toLowerCase();
	const needle = cs ? toText(right) : toText(right).toLowerCase();
	let result: boolean;
	switch (base) {
		case 'has':
			result = hasTerm(hay, needle);
			break;
		case 'hasprefix':
			result = hay.split(/[^\p{L}\p{N}_]+/u).some(t => t.startsWith(needle));
			break;
		case 'hassuffix':
			result = hay.split(/[^\p{L}\p{N}_]+/u).some(t => t.endsWith(needle));
			break;
		case 'contains':
			result = hay.includes(needle);
			break;
		case 'startswith':
			result = hay.startsWith(needle);
			break;
		case 'endswith':
			result = hay.endsWith(needle);
			break;
		default:
			throw new KqlSemanticError(`Unknown operator ${op}`);
	}
	return negated ? !result : result;
}

export function evaluate(e: Expr, row: Row, env: Env): Value {
	switch (e.kind) {
		case 'lit':
			return literal(e.value, env);
		case 'col':
			return row.get(e.name);
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
				case '==':
					return compare(left, right) === 0;
				case '!=': {
					const c = compare(left, right);
					return c === undefined ? !(left === null && right === null) : c !== 0;
				}
				case '=~':
					return equalCi(left, right);
				case '!~':
					return !equalCi(left, right);
				case '<': {
					const c = compare(left, right);
					return c !== undefined && c < 0;
				}
				case '<=': {
					const c = compare(left, right);
					return c !== undefined && c <= 0;
				}
				case '>': {
					const c = compare(left, right);
					return c !== undefined && c > 0;
				}
				case '>=': {
					const c = compare(left, right);
					return c !== undefined && c >= 0;
				}
				case '+':
				case '-':
				case '*':
				case '/':
				case '%':
					return arithmetic(e.op, left, right);
				default:
					return stringOp(e.op, left, right);
			}
		}
		case 'call':
			return call(e.fn, e.args, row, env);
	}
}
