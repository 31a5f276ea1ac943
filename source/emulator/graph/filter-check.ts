/**
 * Checks a parsed $filter against a report's field table (reports.ts): the documented fields, operators and literal\ntypes per report and version; anything else is Graph's 400 "Invalid filter clause".
 */
import {
	FilterError,
	type Literal,
	type FilterNode,
	type FieldRule,
	type FieldTable,
	type CheckedNode,
} from './filter.js';

export function findRule(rules: readonly FieldRule[], path: string): FieldRule | undefined {
	const lower = path.toLowerCase();
	return rules.find(r => r.path.toLowerCase() === lower);
}

export function validateFilter(node: FilterNode, table: FieldTable): CheckedNode {
	return check(node, table.fields, table, undefined);
}

export function check(
	node: FilterNode,
	rules: readonly FieldRule[],
	table: FieldTable,
	variable: string | undefined,
): CheckedNode {
	switch (node.kind) {
		case 'and':
		case 'or':
			return {
				kind: node.kind,
				left: check(node.left, rules, table, variable),
				right: check(node.right, rules, table, variable),
			};
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

export const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function checkLiteral(rule: FieldRule, value: Literal): void {
	switch (rule.type) {
		case 'datetime':
			if (value.type !== 'datetime') throw new FilterError(`${rule.path} needs an unquoted date`);
			return;
		case 'int':
			if (value.type !== 'number' || !Number.isInteger(value.value))
				throw new FilterError(`${rule.path} needs an integer`);
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
