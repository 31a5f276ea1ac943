/**
 * The $filter parser: tokens (filter-lexer.ts) to a FilterNode tree, or a FilterError saying where.
 */
import {FilterError, type CmpOp, type FnName, type Literal, type FilterNode} from './filter.js';
import {tokenize, type Token} from './filter-lexer.js';

export const CMP_OPS = new Set(['eq', 'ne', 'gt', 'ge', 'lt', 'le']);
export const FUNCTIONS = new Set(['startswith', 'contains', 'endswith']);

/**
 * How deep a $filter may nest (parentheses, not, function arguments): OData's URI parser stops at a recursion limit
 * (UriQueryExpressionParser's maxDepth, ODataUriParserSettings.FilterLimit: 800 by default) with a 400, rather than
 * running out of stack.
 */
export const MAX_DEPTH = 800;

export class Parser {
	private pos = 0;
	private depth = 0;
	private readonly variables: string[] = [];

	constructor(private readonly tokens: readonly Token[]) {}

	parse(): FilterNode {
		if (this.tokens.length === 0) throw new FilterError('empty filter');
		const node = this.or();
		if (this.pos < this.tokens.length) throw new FilterError('unexpected trailing tokens');
		return node;
	}

	private peek(): Token | undefined {
		return this.tokens[this.pos];
	}

	private take(): Token {
		const tok = this.tokens[this.pos++];
		if (!tok) throw new FilterError('unexpected end of filter');
		return tok;
	}

	private expectPunct(v: string): void {
		const tok = this.take();
		if (tok.t !== 'punct' || tok.v !== v) throw new FilterError(`expected ${v}`);
	}

	private isKeyword(word: string): boolean {
		const tok = this.peek();
		return tok?.t === 'ident' && tok.v.toLowerCase() === word;
	}

	private or(): FilterNode {
		let left = this.and();
		while (this.isKeyword('or')) {
			this.pos++;
			left = {kind: 'or', left, right: this.and()};
		}
		return left;
	}

	private and(): FilterNode {
		let left = this.unary();
		while (this.isKeyword('and')) {
			this.pos++;
			left = {kind: 'and', left, right: this.unary()};
		}
		return left;
	}

	private unary(): FilterNode {
		if (++this.depth > MAX_DEPTH) throw new FilterError('The recursion limit has been exceeded.');
		try {
			if (this.isKeyword('not')) {
				this.pos++;
				return {kind: 'not', operand: this.unary()};
			}
			return this.primary();
		} finally {
			this.depth--;
		}
	}

	private primary(): FilterNode {
		const tok = this.peek();
		if (!tok) throw new FilterError('unexpected end of filter');
		if (tok.t === 'punct' && tok.v === '(') {
			this.pos++;
			const inner = this.or();
			this.expectPunct(')');
			return inner;
		}
		if (tok.t !== 'ident') throw new FilterError('expected a property or a function');
		const next = this.tokens[this.pos + 1];
		if (FUNCTIONS.has(tok.v.toLowerCase()) && next?.t === 'punct' && next.v === '(') {
			this.pos += 2;
			const path = this.path();
			this.expectPunct(',');
			const lit = this.take();
			if (lit.t !== 'string') throw new FilterError(`${tok.v} needs a string literal`);
			this.expectPunct(')');
			return {kind: 'fn', name: tok.v.toLowerCase() as FnName, path, value: lit.v};
		}
		const path = this.path();
		const after = this.peek();
		if (after?.t === 'punct' && after.v === '/') {
			// path/any(v: body)
			this.pos++;
			const fn = this.take();
			if (fn.t !== 'ident' || fn.v.toLowerCase() !== 'any') throw new FilterError('only any() lambdas are supported');
			this.expectPunct('(');
			const variable = this.take();
			if (variable.t !== 'ident') throw new FilterError('expected a lambda variable');
			this.expectPunct(':');
			this.variables.push(variable.v);
			const body = this.or();
			this.variables.pop();
			this.expectPunct(')');
			return {kind: 'any', path, variable: variable.v, body};
		}
		const op = this.take();
		if (op.t !== 'ident' || !CMP_OPS.has(op.v.toLowerCase())) throw new FilterError('expected a comparison operator');
		return {kind: 'cmp', op: op.v.toLowerCase() as CmpOp, path, value: this.literal()};
	}

	/** A property path; stops before `/any`. */
	private path(): string[] {
		const first = this.take();
		if (first.t !== 'ident') throw new FilterError('expected a property');
		const parts = [first.v];
		for (;;) {
			const slash = this.peek();
			const seg = this.tokens[this.pos + 1];
			const afterSeg = this.tokens[this.pos + 2];
			if (slash?.t !== 'punct' || slash.v !== '/' || seg?.t !== 'ident') break;
			if (seg.v.toLowerCase() === 'any' && afterSeg?.t === 'punct' && afterSeg.v === '(') break;
			this.pos += 2;
			parts.push(seg.v);
		}
		return parts;
	}

	private literal(): Literal {
		const tok = this.take();
		switch (tok.t) {
			case 'string':
				return {type: 'string', value: tok.v};
			case 'number':
				return {type: 'number', value: tok.v};
			case 'datetime':
				return {type: 'datetime', value: tok.v, text: tok.text, key: tok.key};
			case 'ident': {
				const v = tok.v.toLowerCase();
				if (v === 'true' || v === 'false') return {type: 'boolean', value: v === 'true'};
				if (v === 'null') return {type: 'null'};
				throw new FilterError(`unexpected ${tok.v}`);
			}
			default:
				throw new FilterError('expected a literal');
		}
	}
}

export function parseFilter(text: string): FilterNode {
	return new Parser(tokenize(text)).parse();
}
