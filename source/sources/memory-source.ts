/**
 * A list of given records as a source: the records behind a summary's detection (or any line the filters cannot
 * express), shown in the list like any query. The query's clauses still apply, locally and with the server's meaning,
 * as for a file: the filter editor narrows the list further. Pages of `pageSize` from an offset (`next`).
 */
import {evaluate} from '../query/filter.js';
import type {GivenRecords, ResolvedQuery} from '../query/query.js';
import type {GraphRecord} from '../reports/report.js';
import type {RecordSource, SourcePage} from './source.js';

/** Records a list is given (not fetched): `label` says what they are ("password-spray 102.89.4.7"). */
export class Given implements GivenRecords {
	constructor(
		readonly label: string,
		readonly records: readonly GraphRecord[],
	) {}

	/** Not saved with a query (recent queries): JSON.stringify leaves a property whose toJSON gives undefined out. */
	toJSON(): undefined {
		return undefined;
	}
}

export class MemorySource implements RecordSource {
	readonly origin: string;

	constructor(
		private readonly given: GivenRecords,
		private readonly resolved: ResolvedQuery,
		private readonly pageSize = 100,
	) {
		this.origin = `memory:${given.label}`;
	}

	async *pages(signal?: AbortSignal, from?: string): AsyncIterable<SourcePage> {
		const records = this.given.records as readonly GraphRecord[];
		const {server, local} = this.resolved;
		const size = Math.max(1, this.pageSize);
		for (let at = Math.max(0, Number(from ?? 0) || 0); at < records.length || at === 0; at += size) {
			signal?.throwIfAborted();
			const page = records.slice(at, at + size);
			const end = at + page.length;
			yield {
				records: page.filter(r => (!server || evaluate(server, r)) && (!local || evaluate(local, r))),
				fetched: page.length,
				next: end < records.length ? String(end) : undefined,
				from: String(at),
			};
			if (end >= records.length) return;
		}
	}
}
