/** Pages of a Query from Graph: the first URL from the Query, then each @odata.nextLink verbatim. */
import {evaluate} from '../query/filter.js';
import {graphUrlFor, type Query, type ResolvedQuery} from '../query/query.js';
import type {GraphClient} from '../graph/client.js';
import type {GraphRecord} from '../reports/report.js';
import type {RecordSource, SourcePage} from './source.js';

export class GraphSource implements RecordSource {
	readonly origin: string;

	constructor(
		private readonly client: GraphClient,
		private readonly resolved: ResolvedQuery,
		query: Query,
		options: {readonly graphBase: string; readonly pageSize?: number},
	) {
		this.origin = graphUrlFor(resolved, query, options);
	}

	async *pages(signal?: AbortSignal, from?: string): AsyncIterable<SourcePage> {
		let url: string | undefined = from ?? this.origin;
		const local = this.resolved.local;
		while (url) {
			const page = await this.client.getPage(url, signal);
			const all = page.value as readonly GraphRecord[];
			yield {
				records: local ? all.filter(r => evaluate(local, r)) : all,
				fetched: all.length,
				next: page.nextLink,
				from: url,
			};
			url = page.nextLink;
		}
	}
}
