/**
 * The client's filter AST: built from a Query, printed by the printers beside it (odata.ts for Graph's `$filter`, with
 * the only OData quoting site; kql.ts for Log Analytics), and evaluated here, locally, with the same meaning as on the
 * server (offline files, and clauses Graph does not support server-side).
 */
import {compareInstants, instantOf, parseInstant} from './time.js';

export type CmpOp = 'eq' | 'ne' | 'ge' | 'le' | 'gt' | 'lt';
export type FnName = 'startswith' | 'contains';

export type Value =
	| {readonly type: 'string'; readonly value: string}
	| {readonly type: 'number'; readonly value: number}
	| {readonly type: 'datetime'; readonly value: Date};

export type Expr =
	| {
			readonly kind: 'cmp';
			readonly path: string;
			readonly op: CmpOp;
			readonly value: Value;
			readonly caseSensitive?: boolean;
	  }
	| {
			readonly kind: 'fn';
			readonly fn: FnName;
			readonly path: string;
			readonly value: string;
			readonly caseSensitive?: boolean;
	  }
	/**
	 * `path/any(v: body)`: inside the body, path '' is the element itself. `implied`, evaluated locally only, gives
	 * the elements of a record that lacks the array (sign-ins of v1.0 and the admin center have no signInEventTypes).
	 */
	| {
			readonly kind: 'any';
			readonly path: string;
			readonly body: Expr;
			readonly implied?: (record: unknown) => readonly unknown[];
	  }
	| {readonly kind: 'and' | 'or'; readonly items: readonly Expr[]}
	/** An expert's raw OData, passed through as written (never built from field values). */
	| {readonly kind: 'raw'; readonly text: string};

export const str = (value: string): Value => ({type: 'string', value});
export const num = (value: number): Value => ({type: 'number', value});
export const time = (value: Date): Value => ({type: 'datetime', value});

export function and(items: ReadonlyArray<Expr | undefined>): Expr | undefined {
	const list = items.filter((e): e is Expr => e !== undefined);
	return list.length === 0 ? undefined : list.length === 1 ? list[0] : {kind: 'and', items: list};
}

export function or(items: readonly Expr[]): Expr {
	return items.length === 1 ? items[0]! : {kind: 'or', items};
}

// ----------------------------------------------------------------------------------------------------------
// Local evaluation, with the server's meaning: strings compare case-insensitively unless the field says otherwise.

export function getPath(record: unknown, path: string): unknown {
	if (path === '') return record;
	let cur = record;
	for (const seg of path.split('/')) {
		if (cur === null || typeof cur !== 'object') return undefined;
		cur = (cur as Record<string, unknown>)[seg];
	}
	return cur;
}

export function evaluate(expr: Expr, record: unknown): boolean {
	switch (expr.kind) {
		case 'and':
			return expr.items.every(e => evaluate(e, record));
		case 'or':
			return expr.items.some(e => evaluate(e, record));
		case 'any': {
			const own = getPath(record, expr.path);
			const items = Array.isArray(own) ? own : own === undefined || own === null ? expr.implied?.(record) : undefined;
			return items !== undefined && items.some(item => evaluate(expr.body, item));
		}
		case 'raw':
			return true;
		case 'fn': {
			const actual = getPath(record, expr.path);
			if (typeof actual !== 'string') return false;
			const fold = (s: string) => (expr.caseSensitive ? s : s.toLowerCase());
			return expr.fn === 'startswith'
				? fold(actual).startsWith(fold(expr.value))
				: fold(actual).includes(fold(expr.value));
		}
		case 'cmp': {
			const c = compare(getPath(record, expr.path), expr.value, expr.caseSensitive ?? false);
			if (c === undefined) return expr.op === 'ne';
			switch (expr.op) {
				case 'eq':
					return c === 0;
				case 'ne':
					return c !== 0;
				case 'gt':
					return c > 0;
				case 'ge':
					return c >= 0;
				case 'lt':
					return c < 0;
				case 'le':
					return c <= 0;
			}
		}
	}
}

function compare(actual: unknown, value: Value, caseSensitive: boolean): number | undefined {
	// An object or array (a hostile record's) compares with nothing: String() of one nested 10,000 deep overflows the stack.
	if (actual === null || actual === undefined || typeof actual === 'object') return undefined;
	switch (value.type) {
		case 'datetime': {
			// As instants at full precision (Graph's 7 digits, any offset): `le …41Z` leaves out a record at `…41.6195833Z`.
			const at = parseInstant(actual);
			return at === undefined ? undefined : Math.sign(compareInstants(at, instantOf(value.value)));
		}
		case 'number': {
			const n = typeof actual === 'number' ? actual : Number(actual);
			return Number.isNaN(n) ? undefined : Math.sign(n - value.value);
		}
		case 'string': {
			const a = caseSensitive ? String(actual) : String(actual).toLowerCase();
			const b = caseSensitive ? value.value : value.value.toLowerCase();
			return a === b ? 0 : a < b ? -1 : 1;
		}
	}
}

/** Whether an expression has a raw part that cannot be evaluated locally. */
export function hasRaw(expr: Expr | undefined): boolean {
	if (!expr) return false;
	if (expr.kind === 'raw') return true;
	if (expr.kind === 'and' || expr.kind === 'or') return expr.items.some(hasRaw);
	if (expr.kind === 'any') return hasRaw(expr.body);
	return false;
}
