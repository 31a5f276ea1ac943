/**
 * Evaluates a checked $filter (filter-check.ts) on a stored record, with Graph's meaning per field (case, types).
 */
import {instantKey} from '../instant.js';
import type {Literal, FieldRule, CheckedNode} from './filter.js';

// ----------------------------------------------------------------------------------------------------------
// Evaluation

export function getPath(record: unknown, path: string): unknown {
	if (path === '') return record;
	let cur: unknown = record;
	for (const seg of path.split('/')) {
		if (cur === null || typeof cur !== 'object') return undefined;
		cur = (cur as Record<string, unknown>)[seg];
	}
	return cur;
}

export function fold(rule: FieldRule, s: string): string {
	return rule.caseSensitive ? s : s.toLowerCase();
}

export function evaluate(node: CheckedNode, record: unknown): boolean {
	switch (node.kind) {
		case 'and':
			return evaluate(node.left, record) && evaluate(node.right, record);
		case 'or':
			return evaluate(node.left, record) || evaluate(node.right, record);
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
export function holds(node: Extract<CheckedNode, {kind: 'cmp' | 'fn'}>, actual: unknown): boolean {
	if (node.kind === 'fn') {
		if (typeof actual !== 'string') return false;
		const a = fold(node.rule, actual);
		const v = fold(node.rule, node.value);
		return node.name === 'startswith' ? a.startsWith(v) : node.name === 'endswith' ? a.endsWith(v) : a.includes(v);
	}
	const cmp = compare(node.rule, actual, node.value);
	if (cmp === undefined) return node.op === 'ne';
	switch (node.op) {
		case 'eq':
			return cmp === 0;
		case 'ne':
			return cmp !== 0;
		case 'gt':
			return cmp > 0;
		case 'ge':
			return cmp >= 0;
		case 'lt':
			return cmp < 0;
		case 'le':
			return cmp <= 0;
	}
}

/** actual <=> literal, or undefined when the record has no comparable value. */
export function compare(rule: FieldRule, actual: unknown, value: Literal): number | undefined {
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
		case 'or':
			return mentions(node.left, path) || mentions(node.right, path);
		case 'any':
			return node.path === path || mentions(node.body, path);
		default:
			return node.rule.path === path;
	}
}
