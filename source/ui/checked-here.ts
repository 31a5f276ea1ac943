/**
 * The filters Graph cannot apply (no documented server filter: sign-in status failure, audit category and result):
 * entra-logs checks them on each fetched record. The filter editor marks them, and the list says how many fetched
 * records they set aside, so that a list that finds little says why.
 */
import type {Query} from '../query/query.js';
import {reportById} from '../reports/index.js';

/** The filters of a query checked on this side: the field's label and the value, as typed. */
export function checkedHere(query: Query): Array<{readonly label: string; readonly value: string}> {
	const report = reportById(query.report);
	const out: Array<{label: string; value: string}> = [];
	for (const [key, value] of Object.entries(query.filters)) {
		if (!value || value.trim() === '') continue;
		const field = report.fields.find(f => f.key === key);
		try {
			if (field?.build(value).local) out.push({label: field.label, value: value.trim()});
		} catch {
			// A value the field refuses: the request preview says why.
		}
	}
	return out;
}
