/**
 * The emulator's KQL parser: the subset the client sends and that users paste from Sentinel (shared/log-analytics.md
 * §3): a table or `union`, then `where`, `project`, `project-away`, `extend`, `order by`/`sort by`, `take`/`limit`,
 * `top`, `count`, `summarize … by`; expressions with and/or/not, comparisons, string operators (has, contains,
 * startswith, endswith and their `_cs` and negated forms), in/in~/!in/!in~, between, arithmetic, calls, member access.
 * Anything else is a syntax error with its line and position.
 */
import {KqlSyntaxError, tokenize, type Token} from './lexer.js';
import type {Named, Operator, OrderKey, Query, Source} from './parser-ast.js';
import {ExpressionParser} from './parser-expressions.js';

export type {Expr, Literal, Named, OrderKey, Operator, Source, Query} from './parser-ast.js';

export function parseQuery(text: string): Query {
	return new Parser(tokenize(text)).query();
}

export {KqlSyntaxError};

/** The query and its operators; expressions: parser-expressions.ts. */
class Parser extends ExpressionParser {
	query(): Query {
		const q = this.tabular();
		if (this.isPunct(';')) this.fail(this.tok, 'the emulator runs one query without let statements');
		if (this.tok.kind !== 'eof') this.fail();
		return q;
	}

	private tabular(): Query {
		const source = this.source();
		const ops: Operator[] = [];
		while (this.isPunct('|')) {
			this.i++;
			ops.push(this.operator());
		}
		return {source, ops};
	}

	private source(): Source {
		const t = this.tok;
		if (this.isWord('union')) {
			this.i++;
			// `isfuzzy=true` and `kind=outer` change nothing here (every table exists; outer is the default).
			while (
				this.tok.kind === 'ident' &&
				this.isPunct('=', this.peek()) &&
				['isfuzzy', 'kind'].includes(this.tok.value)
			) {
				this.i += 2;
				this.i++;
			}
			const items: Query[] = [this.unionItem()];
			while (this.isPunct(',')) {
				this.i++;
				items.push(this.unionItem());
			}
			return {kind: 'union', items};
		}
		if (t.kind === 'ident' && !['let', 'print', 'datatable', 'range', 'search', 'find', 'evaluate'].includes(t.value)) {
			this.i++;
			return {kind: 'table', name: t.value, at: t};
		}
		return this.fail();
	}

	private unionItem(): Query {
		if (this.isPunct('(')) {
			this.i++;
			const q = this.tabular();
			this.expectPunct(')');
			return q;
		}
		const t = this.tok;
		if (t.kind !== 'ident') this.fail();
		this.i++;
		return {source: {kind: 'table', name: t.value, at: t}, ops: []};
	}

	/** An operator name, joined across hyphens written without spaces (`project-away`, `mv-expand`). */
	private operatorName(): {name: string; at: Token} {
		const at = this.tok;
		if (at.kind !== 'ident') this.fail();
		let name = at.value;
		let last = at;
		this.i++;
		while (
			this.isPunct('-') &&
			this.adjacent(last, this.tok) &&
			this.peek().kind === 'ident' &&
			this.adjacent(this.tok, this.peek())
		) {
			name += `-${this.peek().value}`;
			last = this.peek();
			this.i += 2;
		}
		return {name, at};
	}

	private operator(): Operator {
		const {name, at} = this.operatorName();
		switch (name) {
			case 'where':
			case 'filter':
				return {kind: 'where', pred: this.expr()};
			case 'project':
				return {kind: 'project', cols: this.namedList()};
			case 'extend':
				return {kind: 'extend', cols: this.namedList()};
			case 'project-away': {
				const names = [this.columnName()];
				while (this.isPunct(',')) {
					this.i++;
					names.push(this.columnName());
				}
				return {kind: 'project-away', names};
			}
			case 'order':
			case 'sort': {
				this.expectWord('by');
				const keys = [this.orderKey()];
				while (this.isPunct(',')) {
					this.i++;
					keys.push(this.orderKey());
				}
				return {kind: 'order', keys};
			}
			case 'take':
			case 'limit':
				return {kind: 'take', count: this.expr()};
			case 'top': {
				const count = this.expr();
				this.expectWord('by');
				return {kind: 'top', count, key: this.orderKey()};
			}
			case 'count':
				return {kind: 'count'};
			case 'summarize': {
				const aggs = this.isWord('by') ? [] : this.namedList();
				let by: Named[] = [];
				if (this.isWord('by')) {
					this.i++;
					by = this.namedList();
				}
				return {kind: 'summarize', aggs, by};
			}
			default:
				return this.fail(at, `'${name}' is not an operator the emulator supports`);
		}
	}

	private namedList(): Named[] {
		const out = [this.named()];
		while (this.isPunct(',')) {
			this.i++;
			out.push(this.named());
		}
		return out;
	}

	private named(): Named {
		if (
			(this.tok.kind === 'ident' || this.isPunct('[')) &&
			this.isPunct('=', this.tok.kind === 'ident' ? this.peek() : this.peek(3))
		) {
			const name = this.columnName();
			this.expectPunct('=');
			return {name, expr: this.expr()};
		}
		return {expr: this.expr()};
	}

	private orderKey(): OrderKey {
		const expr = this.expr();
		let desc = true;
		if (this.isWord('asc') || this.isWord('desc')) desc = this.tokens[this.i++]!.value === 'desc';
		let nullsFirst = !desc;
		if (this.isWord('nulls')) {
			this.i++;
			if (this.isWord('first') || this.isWord('last')) nullsFirst = this.tokens[this.i++]!.value === 'first';
			else this.fail();
		}
		return {expr, desc, nullsFirst};
	}
}
