/**
 * The filters the source cannot apply exactly, which entra-logs checks on each fetched record. Graph has no documented
 * server filter for sign-in status failure, audit category and result; a workspace filters all of them in KQL and
 * only narrows what sits in an element of a list (an audit's targets: kql-where.ts), checking it exactly here. The
 * filter editor marks them, and the list says how many fetched records they set aside, so that a list that finds
 * little says why.
 */
import type {Query} from '../query/query.js';
import {compileKql} from '../query/kql.js';
import {reportById} from '../reports/index.js';

/** Why the filters marked are checked here, in the source's words. */
export function checkedHereWhy(query: Query): string {
	return query.workspace ? 'KQL only narrows it: an element of a list' : 'Graph has no filter for it';
}

/** The filters of a query checked on this side (for its source: Graph, or the workspace it names): label and value. */
export function checkedHere(query: Query): Array<{readonly label: string; readonly value: string}> {
	const report = reportById(query.report);
	const out: Array<{label: string; value: string}> = [];
	for (const [key, value] of Object.entries(query.filters)) {
		if (!value || value.trim() === '') continue;
		const field = report.fields.find(f => f.key === key);
		try {
			// A workspace: what the field's clauses compile to in KQL (over the query's tables) leaves to the record.
			const here = query.workspace
				? compileKql({...query, filters: {[key]: value}, rawKql: undefined, rawFilter: undefined}).local !== undefined
				: field?.build(value).local !== undefined;
			if (field && here) out.push({label: field.label, value: value.trim()});
		} catch {
			// A value the field refuses: the request preview says why.
		}
	}
	return out;
}
