/**
 * The emulator's KQL parser: the subset the client sends and that users paste from Sentinel (shared/log-analytics.md
 * §3): a table or `union`, then `where`, `project`, `project-away`, `extend`, `order by`/`sort by`, `take`/`limit`,
 * `top`, `count`, `summarize … by`; expressions with and/or/not, comparisons, string operators (has, contains,
 * startswith, endswith and their `_cs` and negated forms), in/in~/!in/!in~, between, arithmetic, calls, member access.
 * Anything else is a syntax error with its line and position.
 */
import {KqlSyntaxError, tokenize, type Token} from './lexer.js';

export type Expr =
	| {readonly kind: 'lit'; readonly value: Literal}
	| {readonly kind: 'col'; readonly name: string; readonly at: Token}
	| {readonly kind: 'member'; readonly target: Expr; readonly key: Expr; readonly dot?: boolean}
	| {readonly kind: 'call'; readonly fn: string; readonly args: readonly Expr[]; readonly at: Token}
	| {readonly kind: 'unary'; readonly op: '-' | '+'; readonly arg: Expr}
	| {readonly kind: 'bin'; readonly op: string; readonly left: Expr; readonly right: Expr}
	| {readonly kind: 'in'; readonly negated: boolean; readonly ci: boolean; readonly left: Expr; readonly list: readonly Expr[]}
	| {readonly kind: 'between'; readonly negated: boolean; readonly left: Expr; readonly low: Expr; readonly high: Expr};

export type Literal =
	| {readonly type: 'string'; readonly value: string}
	| {readonly type: 'long' | 'real'; readonly value: number}
	| {readonly type: 'bool'; readonly value: boolean}
	| {readonly type: 'timespan'; readonly ticks: number}
	| {readonly type: 'typed'; readonly name: string; readonly raw: string; readonly at: Token}
	| {readonly type: 'dynamic'; readonly value: unknown}
	| {readonly type: 'null'};

export interface Named {
	readonly name?: string;
	readonly expr: Expr;
}

export interface OrderKey {
	readonly expr: Expr;
	readonly desc: boolean;
	readonly nullsFirst: boolean;
}

export type Operator =
	| {readonly kind: 'where'; readonly pred: Expr}
	| {readonly kind: 'project'; readonly cols: readonly Named[]}
	| {readonly kind: 'project-away'; readonly names: readonly string[]}
	| {readonly kind: 'extend'; readonly cols: readonly Named[]}
	| {readonly kind: 'order'; readonly keys: readonly OrderKey[]}
	| {readonly kind: 'take'; readonly count: Expr}
	| {readonly kind: 'top'; readonly count: Expr; readonly key: OrderKey}
	| {readonly kind: 'count'}
	| {readonly kind: 'summarize'; readonly aggs: readonly Named[]; readonly by: readonly Named[]};

export type Source =
	| {readonly kind: 'table'; readonly name: string; readonly at: Token}
	| {readonly kind: 'union'; readonly items: readonly Query[]};

export interface Query {
	readonly source: Source;
	readonly ops: readonly Operator[];
}

const STRING_OPS = ['has', 'has_cs', 'contains', 'contains_cs', 'startswith', 'startswith_cs', 'endswith', 'endswith_cs', 'hasprefix', 'hassuffix'];
const COMPARE = ['==', '!=', '=~', '!~', '<', '<=', '>', '>=', '<>'];

export function parseQuery(text: string): Query {
	return new Parser(tokenize(text)).query();
}

export {KqlSyntaxError};

class Parser {
	private i = 0;
	constructor(private readonly tokens: readonly Token[]) {}

	private get tok(): Token {
		return this.tokens[this.i]!;
	}

	private peek(n = 1): Token {
		return this.tokens[Math.min(this.i + n, this.tokens.length - 1)]!;
	}

	private fail(token: Token = this.tok, why = ''): never {
		const shown = token.kind === 'eof' ? '<end of query>' : token.kind === 'string' ? JSON.stringify(token.value) : token.kind === 'typed' ? `${token.value}(${token.raw ?? ''})` : token.value;
		throw new KqlSyntaxError(`Query could not be parsed at '${shown}' on line [${token.line},${token.pos}]${why ? `: ${why}` : ''}`, token.line, token.pos, shown);
	}

	private isPunct(value: string, token = this.tok): boolean {
		return token.kind === 'punct' && token.value === value;
	}

	private isWord(value: string, token = this.tok): boolean {
		return token.kind === 'ident' && token.value === value;
	}

	private expectPunct(value: string): Token {
		if (!this.isPunct(value)) this.fail(this.tok, `expected '${value}'`);
		return this.tokens[this.i++]!;
	}

	private expectWord(value: string): Token {
		if (!this.isWord(value)) this.fail(this.tok, `expected '${value}'`);
		return this.tokens[this.i++]!;
	}

	/** Two tokens written with nothing between them (`!contains`, `in~`, `project-away`). */
	private adjacent(a: Token, b: Token): boolean {
		return a.end === b.offset;
	}

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
			while (this.tok.kind === 'ident' && this.isPunct('=', this.peek()) && ['isfuzzy', 'kind'].includes(this.tok.value)) {
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
		while (this.isPunct('-') && this.adjacent(last, this.tok) && this.peek().kind === 'ident' && this.adjacent(this.tok, this.peek())) {
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

	private columnName(): string {
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

	private namedList(): Named[] {
		const out = [this.named()];
		while (this.isPunct(',')) {
			this.i++;
			out.push(this.named());
		}
		return out;
	}

	private named(): Named {
		if ((this.tok.kind === 'ident' || this.isPunct('[')) && this.isPunct('=', this.tok.kind === 'ident' ? this.peek() : this.peek(3))) {
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

	// Expressions, lowest precedence first.

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
		if (this.isPunct('-') || this.isPunct('+')) {
			const op = this.tokens[this.i++]!.value as '-' | '+';
			return {kind: 'unary', op, arg: this.unary()};
		}
		return this.postfix();
	}

	private postfix(): Expr {
		let e = this.primary();
		for (;;) {
			if (this.isPunct('.') && this.peek().kind === 'ident') {
				e = {kind: 'member', target: e, key: {kind: 'lit', value: {type: 'string', value: this.peek().value}}, dot: true};
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
				if (t.value === 'true' || t.value === 'false' || t.value === 'True' || t.value === 'False' || t.value === 'TRUE' || t.value === 'FALSE') {
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
				Object.defineProperty(out, key.value, {value: this.dynamicValue(), enumerable: true, writable: true, configurable: true});
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
		if (t.kind === 'string' || (t.kind === 'number')) return t.kind === 'string' ? t.value : t.num;
		if (t.kind === 'ident' && (t.value === 'true' || t.value === 'false')) return t.value === 'true';
		if (t.kind === 'ident' && t.value === 'null') return null;
		return this.fail(t);
	}
}
