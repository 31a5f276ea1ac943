/**
 * The emulator's own OData `$filter` parser and evaluator. It is deliberately independent of the client's filter
 * code (source/query/), so that the emulator stays a check on the client, not a mirror of it.
 *
 * Supported: comparisons `eq ne gt ge lt le`, `startswith(path,'v')`, `contains(path,'v')`, `and`, `or`, parentheses,
 * and `path/any(x: ...)` lambdas. Which field takes which operator is the report's business (reports.ts): this file
 * parses and evaluates; `validateFilter` checks a parsed tree against a report's table. This file holds the types;
 * the work is in filter-lexer.ts, filter-parser.ts, filter-check.ts (the field tables) and filter-eval.ts.
 */

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
