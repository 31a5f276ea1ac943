/** Pages of a Query from Graph: the first URL from the Query, then each @odata.nextLink verbatim. */
import {evaluate} from '../query/filter.js';
import {graphUrlFor, type Query, type ResolvedQuery} from '../query/query.js';
import type {GraphClient} from '../graph/client.js';
import type {GraphRecord} from '../reports/report.js';
import type {RecordSource, SourcePage} from './source.js';

/** A page of records as the bytes Graph sent (local clauses applied), for output that must be byte for byte. */
export interface RawSourcePage extends Omit<SourcePage, 'records'> {
	readonly records: readonly Buffer[];
}

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
			// Over node:https into one buffer per page, each record parsed from its own bytes: fetch's body (its stream's
			// chunks, then the page as one string) left 15 MB more of RSS behind after paging 100,000 (bench/store-worker.ts).
			const page = await this.client.getRawPage(url, signal, false);
			const all = page.records.map(b => JSON.parse(b.toString('utf8')) as GraphRecord);
			yield {
				records: local ? all.filter(r => evaluate(local, r)) : all,
				fetched: all.length,
				next: page.nextLink,
				from: url,
			};
			url = page.nextLink;
		}
	}

	/**
	 * The pages as Graph's bytes, each record's JSON as it came (parsed only when a clause is checked here), for
	 * exports. The next page is already on its way while a caller writes this one.
	 */
	async *rawPages(signal?: AbortSignal, from?: string): AsyncIterable<RawSourcePage> {
		const local = this.resolved.local;
		const ahead = new AbortController();
		const stop = (): void => ahead.abort(signal?.reason);
		signal?.addEventListener('abort', stop, {once: true});
		const get = (url: string) => {
			const page = this.client.getRawPage(url, ahead.signal);
			page.catch(() => undefined);
			return page;
		};
		try {
			let url: string | undefined = from ?? this.origin;
			let next = url === undefined ? undefined : get(url);
			while (url && next) {
				const page = await next;
				next = page.nextLink === undefined ? undefined : get(page.nextLink);
				yield {
					records: local
						? page.records.filter(b => evaluate(local, JSON.parse(b.toString('utf8')) as GraphRecord))
						: page.records,
					fetched: page.records.length,
					next: page.nextLink,
					from: url,
				};
				url = page.nextLink;
			}
		} finally {
			signal?.removeEventListener('abort', stop);
			ahead.abort(new Error('export stopped'));
		}
	}
}
