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
