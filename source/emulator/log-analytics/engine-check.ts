/**
 * Checks an expression against its operator's input columns before any row is read (an unknown column is a
 * semantic error even on no rows), and types it.
 */
import type {Expr, Named} from './parser.js';
import {DateTime, Timespan, type ColumnType} from './values.js';
import {FUNCTIONS} from './engine-functions.js';
import {literal} from './engine-eval.js';
import {KqlSemanticError, type Env} from './engine-rows.js';

export function nameOf(c: Named, i: number, where: string): string {
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

export function unknownColumn(name: string, where: string): never {
	throw new KqlSemanticError(`'${where}' operator: Failed to resolve column or scalar expression named '${name}'`);
}

export const AGGREGATES: Readonly<Record<string, {readonly min: number; readonly max: number}>> = {
	count: {min: 0, max: 0},
	countif: {min: 1, max: 1},
	dcount: {min: 1, max: 1},
	min: {min: 1, max: 1},
	max: {min: 1, max: 1},
};

/** Every column an expression names exists in the input; every function is known. */
export function check(e: Expr, env: Env, where: string): void {
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
			if (e.args.length < f.min || e.args.length > f.max)
				throw new KqlSemanticError(
					`Function '${e.fn}': expected ${f.min === f.max ? f.min : `${f.min} to ${f.max}`} arguments, got ${e.args.length}.`,
				);
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

export function typeOf(e: Expr, env: Env): ColumnType {
	switch (e.kind) {
		case 'col':
			return env.columns.find(c => c.name === e.name)?.type ?? 'dynamic';
		case 'lit': {
			const v = e.value;
			return v.type === 'typed'
				? literal(v, env) instanceof DateTime
					? 'datetime'
					: literal(v, env) instanceof Timespan
						? 'timespan'
						: typeof literal(v, env) === 'number'
							? 'real'
							: typeof literal(v, env) === 'boolean'
								? 'bool'
								: 'string'
				: v.type === 'null'
					? 'dynamic'
					: v.type;
		}
		case 'member':
			return 'dynamic';
		case 'call':
			return FUNCTIONS[e.fn]?.type(e.args, env) ?? 'dynamic';
		case 'unary':
			return typeOf(e.arg, env);
		case 'bin': {
			if (
				['and', 'or', '==', '!=', '=~', '!~', '<', '<=', '>', '>='].includes(e.op) ||
				/^!?(has|contains|startswith|endswith|hasprefix|hassuffix)/.test(e.op)
			)
				return 'bool';
			const l = typeOf(e.left, env);
			const r = typeOf(e.right, env);
			if (l === 'datetime' && r === 'datetime' && e.op === '-') return 'timespan';
			if (l === 'datetime' || r === 'datetime') return 'datetime';
			if (l === 'timespan' || r === 'timespan') return 'timespan';
			return l === 'real' || r === 'real' || e.op === '/' ? 'real' : 'long';
		}
		case 'in':
		case 'between':
			return 'bool';
	}
}
