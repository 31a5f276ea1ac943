/** How a list request's checked $filter (filter-check.ts) applies to the stored records. */
import {FilterError, type CheckedNode} from './filter.js';
import {evaluate, mentions} from './filter-eval.js';
import {asLicensed} from './schema.js';
import type {ApiVersion, ReportSpec} from './reports.js';
import type {GraphRecord} from '../tenant/tenant.js';
import type {License} from './graph.js';

/**
 * Which stored records a list request returns: sign-ins are interactive only unless beta's filter names event types
 * (v1.0 always), and the filter sees the records as the tenant's licence shows them.
 */
export function matcher(
	report: ReportSpec,
	version: ApiVersion,
	filter: CheckedNode | undefined,
	license: License,
): (r: GraphRecord) => boolean {
	const interactiveOnly =
		report.name === 'signIns' && (version === 'v1.0' || !filter || !mentions(filter, 'signInEventTypes'));
	return r => {
		if (interactiveOnly && !(r['signInEventTypes'] as string[] | undefined)?.includes('interactiveUser')) return false;
		// The filter sees what the tenant sees (a P1 tenant's risk levels are `hidden`).
		return filter ? evaluate(filter, asLicensed(r, report.name, license)) : true;
	};
}

/** A lower time bound older than the retention floor (minDateDays, when set) is refused (a FilterError). */
export function checkMinDate(filter: CheckedNode, minDateDays: number | null): void {
	if (minDateDays === null) return;
	const floor = Date.now() - minDateDays * 86_400_000;
	const walk = (n: CheckedNode): void => {
		if (n.kind === 'and' || n.kind === 'or') {
			walk(n.left);
			walk(n.right);
		} else if (
			n.kind === 'cmp' &&
			n.value.type === 'datetime' &&
			(n.op === 'ge' || n.op === 'gt') &&
			n.value.value < floor
		) {
			throw new FilterError('date older than the retention floor');
		}
	};
	walk(filter);
}

/** The time range a filter's top-level `and` clauses on the report's time field allow, as instant keys. */
export interface TimeBounds {
	/** The oldest key a match can have; `strict`: the key itself cannot match (`gt`). */
	readonly low?: {readonly key: string; readonly strict: boolean};
	/** The newest. */
	readonly high?: {readonly key: string; readonly strict: boolean};
}

/**
 * The bounds `filter` puts on `timeField` through comparisons every match must satisfy (`and` at the top, never under
 * `or` or `any`): the list can stop reading once past them, as the records are newest first. Only what narrows is
 * taken: two lower bounds, the later.
 */
export function timeBounds(filter: CheckedNode | undefined, timeField: string): TimeBounds {
	let low: TimeBounds['low'];
	let high: TimeBounds['high'];
	const walk = (n: CheckedNode): void => {
		if (n.kind === 'and') {
			walk(n.left);
			walk(n.right);
			return;
		}
		if (n.kind !== 'cmp' || n.value.type !== 'datetime' || n.rule.path !== timeField) return;
		const key = n.value.key;
		if (n.op === 'ge' || n.op === 'gt' || n.op === 'eq') {
			const strict = n.op === 'gt';
			if (!low || key > low.key || (key === low.key && strict)) low = {key, strict};
		}
		if (n.op === 'le' || n.op === 'lt' || n.op === 'eq') {
			const strict = n.op === 'lt';
			if (!high || key < high.key || (key === high.key && strict)) high = {key, strict};
		}
	};
	if (filter) walk(filter);
	return {...(low ? {low} : {}), ...(high ? {high} : {})};
}

/** Whether `key` (a record's time) is older than what `bounds` let match: every record after it is too. */
export function belowBounds(key: string | undefined, bounds: TimeBounds): boolean {
	const low = bounds.low;
	return key !== undefined && low !== undefined && (key < low.key || (low.strict && key === low.key));
}

/** Whether `key` is newer than what `bounds` let match. */
export function aboveBounds(key: string | undefined, bounds: TimeBounds): boolean {
	const high = bounds.high;
	return key !== undefined && high !== undefined && (key > high.key || (high.strict && key === high.key));
}
