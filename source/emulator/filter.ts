/**
 * The emulator's own OData `$filter` parser and evaluator. It is deliberately independent of the client's filter
 * code (source/query/), so that the emulator stays a check on the client, not a mirror of it.
 *
 * Supported: comparisons `eq ne gt ge lt le`, `startswith(path,'v')`, `contains(path,'v')`, `and`, `or`, parentheses,
 * and `path/any(x: ...)` lambdas. Which field takes which operator is the report's business (reports.ts): this file
 * parses and evaluates; `validateFilter` checks a parsed tree against a report's table.
 */

import {instantKey} from './instant.js';

export class FilterError extends Error {}

export type CmpOp = 'eq' | 'ne' | 'gt' | 'ge' | 'lt' | 'le';
export type FnName = 'startswith' | 'contains' | 'endswith';

export type Literal =
	| {readonly type: 'string'; readonly value: string}
	| {readonly type: 'number'; readonly value: number}
	/** `value` in ms (for the retention floor); `key` to 100 ns (instant.ts), what comparisons use. */
	| {readonly type: 'datetime'; readonly value: number; readonly text: string; readonly key: string}
	| {readonly type: 'boolean'; readonly value: boolean}
	| {readonly type: 'null'};

export type FilterNode =
	| {readonly kind: 'and' | 'or'; readonly left: FilterNode; readonly right: FilterNode}
	| {readonly kind: 'not'; readonly operand: FilterNode}
	| {readonly kind: 'cmp'; readonly op: CmpOp; readonly path: readonly string[]; readonly value: Literal}
	| {readonly kind: 'fn'; readonly name: FnName; readonly path: readonly string[]; readonly value: string}
	| {readonly kind: 'any'; readonly path: readonly string[]; readonly variable: string; readonly body: FilterNode};

type Token =
	| {readonly t: 'punct'; readonly v: '(' | ')' | ',' | ':' | '/'}
	| {readonly t: 'ident'; readonly v: string}
	| {readonly t: 'string'; readonly v: string}
	| {readonly t: 'number'; readonly v: number}
	| {readonly t: 'datetime'; readonly v: number; readonly text: string; readonly key: string};

const DATETIME = /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,7})?)?(?:Z|[+-]\d{2}:\d{2}))?/;
const NUMBER = /^-?\d+(?:\.\d+)?(?![\w.-])/;
const IDENT = /^[A-Za-z_][\w.]*/;

function tokenize(text: string): Token[] {
	const tokens: Token[] = [];
	let i = 0;
	while (i < text.length) {
		const ch = text[i]!;
		if (ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r') {
			i++;
			continue;
		}
		if (ch === '(' || ch === ')' || ch === ',' || ch === ':' || ch === '/') {
			tokens.push({t: 'punct', v: ch});
			i++;
			continue;
		}
		if (ch === "'") {
			let value = '';
			i++;
			for (;;) {
				if (i >= text.length) throw new FilterError('unterminated string literal');
				const c = text[i]!;
				if (c === "'") {
					if (text[i + 1] === "'") {
						value += "'";
						i += 2;
						continue;
					}
					i++;
					break;
				}
				value += c;
				i++;
			}
			tokens.push({t: 'string', v: value});
			continue;
		}
		const rest = text.slice(i);
		const dt = DATETIME.exec(rest);
		if (dt && (rest.length === dt[0].length || /[\s)]/.test(rest[dt[0].length]!))) {
			const ms = Date.parse(dt[0].length === 10 ? `${dt[0]}T00:00:00Z` : dt[0]);
			const key = instantKey(dt[0]);
			if (Number.isNaN(ms) || key === undefined) throw new FilterError(`invalid date ${dt[0]}`);
			tokens.push({t: 'datetime', v: ms, text: dt[0], key});
			i += dt[0].length;
			continue;
		}
		const num = NUMBER.exec(rest);
		if (num) {
			tokens.push({t: 'number', v: Number(num[0])});
			i += num[0].length;
			continue;
		}
		const id = IDENT.exec(rest);
		if (id) {
			tokens.push({t: 'ident', v: id[0]});
			i += id[0].length;
			continue;
		}
		throw new FilterError(`unexpected character ${JSON.stringify(ch)}`);
	}
	return tokens;
}

const CMP_OPS = new Set(['eq', 'ne', 'gt', 'ge', 'lt', 'le']);
const FUNCTIONS = new Set(['startswith', 'contains', 'endswith']);

class Parser {
	private pos = 0;
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
		if (this.isKeyword('not')) {
			this.pos++;
			return {kind: 'not', operand: this.unary()};
		}
		return this.primary();
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
			case 'string': return {type: 'string', value: tok.v};
			case 'number': return {type: 'number', value: tok.v};
			case 'datetime': return {type: 'datetime', value: tok.v, text: tok.text, key: tok.key};
			case 'ident': {
				const v = tok.v.toLowerCase();
				if (v === 'true' || v === 'false') return {type: 'boolean', value: v === 'true'};
				if (v === 'null') return {type: 'null'};
				throw new FilterError(`unexpected ${tok.v}`);
			}
			default: throw new FilterError('expected a literal');
		}
	}
}

export function parseFilter(text: string): FilterNode {
	return new Parser(tokenize(text)).parse();
}

// ----------------------------------------------------------------------------------------------------------
// Validation against a report's field table

export type FieldType = 'string' | 'datetime' | 'int' | 'enum' | 'guid' | 'bool';

export interface FieldRule {
	/** Canonical path, segments joined by '/'. */
	readonly path: string;
	readonly type: FieldType;
	/** Comparison operators and functions allowed. */
	readonly ops: ReadonlyArray<CmpOp | FnName>;
	/** Enum members (compared case-insensitively). */
	readonly members?: readonly string[];
	/** Values compared with case (provisioning); default: case-insensitive. */
	readonly caseSensitive?: boolean;
	/**
	 * A collection compared with plain `eq`/`startswith` (riskEventTypes, conditionalAccessAudiences): the clause holds
	 * when any element satisfies it, so an empty collection satisfies none (not even `eq ''`).
	 */
	readonly collection?: boolean;
}

export interface LambdaRule {
	/** Canonical collection path, e.g. `signInEventTypes` or `targetResources`. */
	readonly path: string;
	/** Rules for the lambda body: `''` is the element itself (a string collection), else the element's property. */
	readonly fields: readonly FieldRule[];
}

export interface FieldTable {
	readonly fields: readonly FieldRule[];
	readonly lambdas: readonly LambdaRule[];
}

/** A validated tree: every path is canonical and every value has the field's type. */
export type CheckedNode =
	| {readonly kind: 'and' | 'or'; readonly left: CheckedNode; readonly right: CheckedNode}
	| {readonly kind: 'cmp'; readonly op: CmpOp; readonly rule: FieldRule; readonly value: Literal}
	| {readonly kind: 'fn'; readonly name: FnName; readonly rule: FieldRule; readonly value: string}
	| {readonly kind: 'any'; readonly path: string; readonly body: CheckedNode};

function findRule(rules: readonly FieldRule[], path: string): FieldRule | undefined {
	const lower = path.toLowerCase();
	return rules.find(r => r.path.toLowerCase() === lower);
}

export function validateFilter(node: FilterNode, table: FieldTable): CheckedNode {
	return check(node, table.fields, table, undefined);
}

function check(node: FilterNode, rules: readonly FieldRule[], table: FieldTable, variable: string | undefined): CheckedNode {
	switch (node.kind) {
		case 'and':
		case 'or':
			return {kind: node.kind, left: check(node.left, rules, table, variable), right: check(node.right, rules, table, variable)};
		case 'not':
			throw new FilterError('not is not supported');
		case 'any': {
			if (variable !== undefined) throw new FilterError('nested lambdas are not supported');
			const path = node.path.join('/').toLowerCase();
			const lambda = table.lambdas.find(l => l.path.toLowerCase() === path);
			if (!lambda) throw new FilterError(`any() is not supported on ${node.path.join('/')}`);
			return {kind: 'any', path: lambda.path, body: check(node.body, lambda.fields, table, node.variable)};
		}
		case 'cmp':
		case 'fn': {
			let segments = node.path;
			if (variable !== undefined) {
				if (segments[0] !== variable) throw new FilterError(`inside a lambda, paths start with ${variable}`);
				segments = segments.slice(1);
			}
			const rule = findRule(rules, segments.join('/'));
			if (!rule) throw new FilterError(`${node.path.join('/')} is not filterable`);
			if (node.kind === 'fn') {
				if (!rule.ops.includes(node.name)) throw new FilterError(`${node.name} is not supported on ${rule.path}`);
				return {kind: 'fn', name: node.name, rule, value: node.value};
			}
			if (!rule.ops.includes(node.op)) throw new FilterError(`${node.op} is not supported on ${rule.path}`);
			checkLiteral(rule, node.value);
			return {kind: 'cmp', op: node.op, rule, value: node.value};
		}
	}
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function checkLiteral(rule: FieldRule, value: Literal): void {
	switch (rule.type) {
		case 'datetime':
			if (value.type !== 'datetime') throw new FilterError(`${rule.path} needs an unquoted date`);
			return;
		case 'int':
			if (value.type !== 'number' || !Number.isInteger(value.value)) throw new FilterError(`${rule.path} needs an integer`);
			return;
		case 'bool':
			if (value.type !== 'boolean') throw new FilterError(`${rule.path} needs true or false`);
			return;
		case 'enum':
			if (value.type !== 'string') throw new FilterError(`${rule.path} needs a quoted enum member`);
			if (rule.members && !rule.members.some(m => m.toLowerCase() === value.value.toLowerCase())) {
				throw new FilterError(`${value.value} is not a member of ${rule.path}`);
			}
			return;
		case 'guid':
			if (value.type !== 'string') throw new FilterError(`${rule.path} needs a quoted value`);
			if (!GUID.test(value.value)) throw new FilterError(`${rule.path} needs a GUID`);
			return;
		case 'string':
			if (value.type !== 'string') throw new FilterError(`${rule.path} needs a quoted string`);
	}
}

// ----------------------------------------------------------------------------------------------------------
// Evaluation

function getPath(record: unknown, path: string): unknown {
	if (path === '') return record;
	let cur: unknown = record;
	for (const seg of path.split('/')) {
		if (cur === null || typeof cur !== 'object') return undefined;
		cur = (cur as Record<string, unknown>)[seg];
	}
	return cur;
}

function fold(rule: FieldRule, s: string): string {
	return rule.caseSensitive ? s : s.toLowerCase();
}

export function evaluate(node: CheckedNode, record: unknown): boolean {
	switch (node.kind) {
		case 'and': return evaluate(node.left, record) && evaluate(node.right, record);
		case 'or': return evaluate(node.left, record) || evaluate(node.right, record);
		case 'any': {
			const items = getPath(record, node.path);
			return Array.isArray(items) && items.some(item => evaluate(node.body, item));
		}
		case 'fn':
		case 'cmp': {
			const actual = getPath(record, node.rule.path);
			if (!node.rule.collection) return holds(node, actual);
			return Array.isArray(actual) && actual.some(item => holds(node, item));
		}
	}
}

/** A comparison or function on one value. */
function holds(node: Extract<CheckedNode, {kind: 'cmp' | 'fn'}>, actual: unknown): boolean {
	if (node.kind === 'fn') {
		if (typeof actual !== 'string') return false;
		const a = fold(node.rule, actual);
		const v = fold(node.rule, node.value);
		return node.name === 'startswith' ? a.startsWith(v) : node.name === 'endswith' ? a.endsWith(v) : a.includes(v);
	}
	const cmp = compare(node.rule, actual, node.value);
	if (cmp === undefined) return node.op === 'ne';
	switch (node.op) {
		case 'eq': return cmp === 0;
		case 'ne': return cmp !== 0;
		case 'gt': return cmp > 0;
		case 'ge': return cmp >= 0;
		case 'lt': return cmp < 0;
		case 'le': return cmp <= 0;
	}
}

/** actual <=> literal, or undefined when the record has no comparable value. */
function compare(rule: FieldRule, actual: unknown, value: Literal): number | undefined {
	if (actual === null || actual === undefined) return undefined;
	switch (value.type) {
		case 'datetime': {
			// At full precision: `…01.0000001Z` is after `le …01Z` (Date would see both as the same ms).
			const key = instantKey(actual);
			return key === undefined ? undefined : key === value.key ? 0 : key < value.key ? -1 : 1;
		}
		case 'number':
			return typeof actual === 'number' ? Math.sign(actual - value.value) : undefined;
		case 'boolean':
			return actual === value.value ? 0 : 1;
		case 'string': {
			const a = fold(rule, String(actual));
			const v = fold(rule, value.value);
			return a === v ? 0 : a < v ? -1 : 1;
		}
		case 'null':
			return undefined;
	}
}

/** Whether a filter mentions a property path anywhere (used for the beta signInEventTypes default). */
export function mentions(node: CheckedNode, path: string): boolean {
	switch (node.kind) {
		case 'and':
		case 'or': return mentions(node.left, path) || mentions(node.right, path);
		case 'any': return node.path === path || mentions(node.body, path);
		default: return node.rule.path === path;
	}
}
