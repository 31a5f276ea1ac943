/** KQL expressions, lowest precedence first: and/or, comparisons and string operators, arithmetic, literals, calls. */
import type {Expr} from './parser-ast.js';
import {TokenCursor} from './parser-tokens.js';

const STRING_OPS = [
	'has',
	'has_cs',
	'contains',
	'contains_cs',
	'startswith',
	'startswith_cs',
	'endswith',
	'endswith_cs',
	'hasprefix',
	'hassuffix',
];
const COMPARE = ['==', '!=', '=~', '!~', '<', '<=', '>', '>=', '<>'];

/** How deep an expression may nest before the parser refuses it. */
export const MAX_NESTING = 500;

export class ExpressionParser extends TokenCursor {
	private depth = 0;

	protected columnName(): string {
		const t = this.tok;
		if (t.kind === 'ident') {
			this.i++;
			return t.value;
		}
		// ['name with spaces']
		if (this.isPunct('[') && this.peek().kind === 'string' && this.isPunct(']', this.peek(2))) {
			this.i += 3;
			return this.tokens[this.i - 2]!.value;
		}
		return this.fail();
	}

	expr(): Expr {
		return this.or();
	}

	private or(): Expr {
		return this.chain('or', () => this.and());
	}

	private and(): Expr {
		return this.chain('and', () => this.comparison());
	}

	/** `a or b or c`, `a and b`: left-associative runs of one keyword. */
	private chain(word: 'and' | 'or', next: () => Expr): Expr {
		let left = next();
		while (this.isWord(word)) {
			this.i++;
			left = {kind: 'bin', op: word, left, right: next()};
		}
		return left;
	}

	private comparison(): Expr {
		const left = this.additive();
		const t = this.tok;
		if (t.kind === 'punct' && COMPARE.includes(t.value)) {
			this.i++;
			return {kind: 'bin', op: t.value === '<>' ? '!=' : t.value, left, right: this.additive()};
		}
		// !has, !contains, !in, !in~, !between …: a "!" written against the word.
		let negated = false;
		let word = t;
		if (this.isPunct('!') && this.peek().kind === 'ident' && this.adjacent(t, this.peek())) {
			negated = true;
			word = this.peek();
		}
		if (word.kind !== 'ident') return left;
		if (STRING_OPS.includes(word.value)) {
			this.i += negated ? 2 : 1;
			return {kind: 'bin', op: `${negated ? '!' : ''}${word.value}`, left, right: this.additive()};
		}
		if (word.value === 'in') {
			this.i += negated ? 2 : 1;
			let ci = false;
			if (this.isPunct('~') && this.adjacent(word, this.tok)) {
				ci = true;
				this.i++;
			}
			this.expectPunct('(');
			const list: Expr[] = [];
			if (!this.isPunct(')')) {
				list.push(this.expr());
				while (this.isPunct(',')) {
					this.i++;
					list.push(this.expr());
				}
			}
			this.expectPunct(')');
			return {kind: 'in', negated, ci, left, list};
		}
		if (word.value === 'between') {
			this.i += negated ? 2 : 1;
			this.expectPunct('(');
			const low = this.additive();
			this.expectPunct('..');
			const high = this.additive();
			this.expectPunct(')');
			return {kind: 'between', negated, left, low, high};
		}
		if (word.value === 'matches' || word.value === 'has_any' || word.value === 'has_all' || word.value === 'like') {
			this.fail(word, `'${word.value}' is not an operator the emulator supports`);
		}
		if (negated) this.fail(word);
		return left;
	}

	private additive(): Expr {
		return this.arithmetic(['+', '-'], () => this.multiplicative());
	}

	private multiplicative(): Expr {
		return this.arithmetic(['*', '/', '%'], () => this.unary());
	}

	private arithmetic(ops: readonly string[], next: () => Expr): Expr {
		let left = next();
		while (ops.some(op => this.isPunct(op))) {
			const op = this.tokens[this.i++]!.value;
			left = {kind: 'bin', op, left, right: next()};
		}
		return left;
	}

	private unary(): Expr {
		// Every nesting (parentheses, signs, calls) passes here: past MAX_NESTING it is the documented 400, not a
		// blown stack (a 500).
		if (++this.depth > MAX_NESTING) this.fail(this.tok, `expressions nest more than ${MAX_NESTING} deep`);
		try {
			if (this.isPunct('-') || this.isPunct('+')) {
				const op = this.tokens[this.i++]!.value as '-' | '+';
				return {kind: 'unary', op, arg: this.unary()};
			}
			return this.postfix();
		} finally {
			this.depth--;
		}
	}

	private postfix(): Expr {
		let e = this.primary();
		for (;;) {
			if (this.isPunct('.') && this.peek().kind === 'ident') {
				e = {
					kind: 'member',
					target: e,
					key: {kind: 'lit', value: {type: 'string', value: this.peek().value}},
					dot: true,
				};
				this.i += 2;
			} else if (this.isPunct('[')) {
				this.i++;
				const key = this.expr();
				this.expectPunct(']');
				e = {kind: 'member', target: e, key};
			} else return e;
		}
	}

	private primary(): Expr {
		const t = this.tok;
		switch (t.kind) {
			case 'string': {
				// Literals with nothing but spaces and comments between them are one (splicing).
				let value = '';
				while (this.tok.kind === 'string') value += this.tokens[this.i++]!.value;
				return {kind: 'lit', value: {type: 'string', value}};
			}
			case 'number':
				this.i++;
				return {kind: 'lit', value: {type: t.real ? 'real' : 'long', value: t.num!}};
			case 'timespan':
				this.i++;
				return {kind: 'lit', value: {type: 'timespan', ticks: t.num!}};
			case 'typed':
				this.i++;
				return {kind: 'lit', value: {type: 'typed', name: t.value, raw: t.raw ?? '', at: t}};
			case 'punct':
				if (t.value === '(') {
					this.i++;
					const e = this.expr();
					this.expectPunct(')');
					return e;
				}
				if (t.value === '[') {
					// ['column name']
					return {kind: 'col', name: this.columnName(), at: t};
				}
				return this.fail();
			case 'ident': {
				if (
					t.value === 'true' ||
					t.value === 'false' ||
					t.value === 'True' ||
					t.value === 'False' ||
					t.value === 'TRUE' ||
					t.value === 'FALSE'
				) {
					this.i++;
					return {kind: 'lit', value: {type: 'bool', value: t.value.toLowerCase() === 'true'}};
				}
				if (t.value === 'null') {
					this.i++;
					return {kind: 'lit', value: {type: 'null'}};
				}
				if (t.value === 'dynamic' && this.isPunct('(', this.peek())) {
					this.i += 2;
					const value = this.dynamicValue();
					this.expectPunct(')');
					return {kind: 'lit', value: {type: 'dynamic', value}};
				}
				if (this.isPunct('(', this.peek())) {
					this.i += 2;
					const args: Expr[] = [];
					if (!this.isPunct(')')) {
						args.push(this.expr());
						while (this.isPunct(',')) {
							this.i++;
							args.push(this.expr());
						}
					}
					this.expectPunct(')');
					return {kind: 'call', fn: t.value, args, at: t};
				}
				if (['and', 'or', 'by', 'asc', 'desc'].includes(t.value)) this.fail();
				this.i++;
				return {kind: 'col', name: t.value, at: t};
			}
			default:
				return this.fail();
		}
	}

	/** The JSON-like inside of `dynamic(…)`: arrays, property bags, strings, numbers, bools, null. */
	private dynamicValue(): unknown {
		const t = this.tok;
		if (this.isPunct('[')) {
			this.i++;
			const out: unknown[] = [];
			while (!this.isPunct(']')) {
				out.push(this.dynamicValue());
				if (!this.isPunct(',')) break;
				this.i++;
			}
			this.expectPunct(']');
			return out;
		}
		if (this.isPunct('{')) {
			this.i++;
			const out: Record<string, unknown> = {};
			while (!this.isPunct('}')) {
				const key = this.tok;
				if (key.kind !== 'string' && key.kind !== 'ident') this.fail();
				this.i++;
				this.expectPunct(':');
				Object.defineProperty(out, key.value, {
					value: this.dynamicValue(),
					enumerable: true,
					writable: true,
					configurable: true,
				});
				if (!this.isPunct(',')) break;
				this.i++;
			}
			this.expectPunct('}');
			return out;
		}
		if (this.isPunct('-') && this.peek().kind === 'number') {
			this.i += 2;
			return -this.tokens[this.i - 1]!.num!;
		}
		this.i++;
		if (t.kind === 'string' || t.kind === 'number') return t.kind === 'string' ? t.value : t.num;
		if (t.kind === 'ident' && (t.value === 'true' || t.value === 'false')) return t.value === 'true';
		if (t.kind === 'ident' && t.value === 'null') return null;
		return this.fail(t);
	}
}
