/** The KQL syntax tree the emulator's parser builds: a source (a table or a union), operators and expressions. */
import type {Token} from './lexer.js';

export type Expr =
	| {readonly kind: 'lit'; readonly value: Literal}
	| {readonly kind: 'col'; readonly name: string; readonly at: Token}
	| {readonly kind: 'member'; readonly target: Expr; readonly key: Expr; readonly dot?: boolean}
	| {readonly kind: 'call'; readonly fn: string; readonly args: readonly Expr[]; readonly at: Token}
	| {readonly kind: 'unary'; readonly op: '-' | '+'; readonly arg: Expr}
	| {readonly kind: 'bin'; readonly op: string; readonly left: Expr; readonly right: Expr}
	| {
			readonly kind: 'in';
			readonly negated: boolean;
			readonly ci: boolean;
			readonly left: Expr;
			readonly list: readonly Expr[];
	  }
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
