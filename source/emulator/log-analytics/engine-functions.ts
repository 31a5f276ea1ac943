/**
 * KQL's scalar functions and arithmetic as the engine runs them (the subset the client's queries use).
 */
import type {Expr} from './parser.js';
import {
	DateTime,
	Timespan,
	dateTimeOfMs,
	parseDateTime,
	toNumber,
	toText,
	type ColumnType,
	type Value,
} from './values.js';
import {KqlSemanticError, type Row, type Env} from './engine-rows.js';
import {typeOf} from './engine-check.js';
import {truthy, evaluate} from './engine-eval.js';

export const FUNCTIONS: Readonly<
	Record<
		string,
		{readonly min: number; readonly max: number; readonly type: (args: readonly Expr[], env: Env) => ColumnType}
	>
> = {
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

export function arithmetic(op: string, a: Value, b: Value): Value {
	if (a instanceof DateTime && b instanceof Timespan)
		return op === '+' ? new DateTime(a.ticks + b.ticks) : op === '-' ? new DateTime(a.ticks - b.ticks) : null;
	if (a instanceof Timespan && b instanceof DateTime && op === '+') return new DateTime(a.ticks + b.ticks);
	if (a instanceof DateTime && b instanceof DateTime && op === '-') return new Timespan(a.ticks - b.ticks);
	if (a instanceof Timespan && b instanceof Timespan)
		return op === '+' ? new Timespan(a.ticks + b.ticks) : op === '-' ? new Timespan(a.ticks - b.ticks) : null;
	const x = toNumber(a);
	const y = toNumber(b);
	if (x === undefined || y === undefined) return null;
	switch (op) {
		case '+':
			return x + y;
		case '-':
			return x - y;
		case '*':
			return x * y;
		case '/':
			return y === 0 ? null : x / y;
		default:
			return y === 0 ? null : x % y;
	}
}

export function parseJsonValue(text: string): Value {
	try {
		return JSON.parse(text) as Value;
	} catch {
		return text;
	}
}

export function call(fn: string, args: readonly Expr[], row: Row, env: Env): Value {
	const v = (i: number) => evaluate(args[i]!, row, env);
	switch (fn) {
		case 'tostring':
			return toText(v(0));
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
		case 'todouble':
			return toNumber(v(0)) ?? null;
		case 'tobool':
		case 'toboolean': {
			const x = v(0);
			return typeof x === 'boolean'
				? x
				: typeof x === 'string' && /^(true|false)$/i.test(x)
					? x.toLowerCase() === 'true'
					: typeof x === 'number'
						? x !== 0
						: null;
		}
		case 'todatetime': {
			const x = v(0);
			return x instanceof DateTime ? x : typeof x === 'string' ? (parseDateTime(x) ?? null) : null;
		}
		case 'tolower':
			return toText(v(0)).toLowerCase();
		case 'toupper':
			return toText(v(0)).toUpperCase();
		case 'strlen':
			return toText(v(0)).length;
		case 'strcat':
			return args.map((_, i) => toText(v(i))).join('');
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
		case 'isnull':
			return v(0) === null;
		case 'isnotnull':
			return v(0) !== null;
		case 'not':
			return !truthy(v(0));
		case 'now':
			return dateTimeOfMs(env.now.getTime());
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
		case 'iif':
			return truthy(v(0)) ? v(1) : v(2);
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
			if (x instanceof DateTime && size instanceof Timespan && size.ticks > 0n)
				return new DateTime(x.ticks - (((x.ticks % size.ticks) + size.ticks) % size.ticks));
			const n = toNumber(x);
			const s = toNumber(size);
			return n === undefined || s === undefined || s <= 0 ? null : Math.floor(n / s) * s;
		}
		default:
			throw new KqlSemanticError(`Unknown function: '${fn}'.`);
	}
}
