/** The filter AST (filter.ts) printed as OData `$filter` for Graph: the one place a user value is quoted for OData. */
import type {Expr, Value} from './filter.js';

/** The one place a user value becomes an OData string literal: `'` doubles to `''`. */
export function quote(value: string): string {
	return `'${value.replace(/'/g, "''")}'`;
}

function printValue(v: Value): string {
	switch (v.type) {
		case 'string':
			return quote(v.value);
		case 'number':
			return String(v.value);
		case 'datetime':
			return v.value.toISOString().replace(/\.000Z$/, 'Z');
	}
}

export function printFilter(expr: Expr): string {
	return print(expr, undefined, false);
}

function print(expr: Expr, variable: string | undefined, nested: boolean): string {
	const p = (path: string): string => (variable === undefined ? path : path === '' ? variable : `${variable}/${path}`);
	switch (expr.kind) {
		case 'cmp':
			return `${p(expr.path)} ${expr.op} ${printValue(expr.value)}`;
		case 'fn':
			return `${expr.fn}(${p(expr.path)},${quote(expr.value)})`;
		case 'any':
			return `${expr.path}/any(t: ${print(expr.body, 't', false)})`;
		case 'raw':
			return `(${expr.text})`;
		case 'and':
		case 'or': {
			const text = expr.items.map(e => print(e, variable, true)).join(` ${expr.kind} `);
			return nested && expr.kind === 'or' ? `(${text})` : text;
		}
	}
}
