/**
 * Pages of a Query from a Log Analytics workspace: the Query compiled to KQL once (kql.ts), each page POSTed with the
 * compiled `timespan`, read back into Graph-shaped records (kql-response.ts; each keeps its row under
 * `@logAnalytics.row`), the clauses KQL only approximates checked here, and the next page from the keyset past the
 * last row (TimeGenerated, Id) until a page holds fewer rows than it asked for.
 *
 * Where a page starts is a URL: the query URL, and in its fragment the instant relative times were resolved at and
 * the keyset (`#now=…&t=…&id=…`), so a resumed export reads the same window on from the same row.
 */
import {evaluate} from '../query/filter.js';
import {compileKql, kqlPage, kqlText, type CompiledKql, type KeysetCursor} from '../query/kql.js';
import {
	LaResponseError,
	QueryAnswer,
	pageOutline,
	partialOf,
	readQueryRecords,
	readQueryResponse,
} from '../query/kql-response.js';
import type {GraphRecord, ReportId} from '../reports/report.js';
import type {Query} from '../query/query.js';
import type {LogAnalyticsClient} from '../net/log-analytics-client.js';
import type {RecordSource, SourcePage} from './source.js';

/** A page whose records are made as they are taken (WorkspaceSource.streamedPages): iterate them once. */
export interface StreamedSourcePage {
	readonly records: Iterable<GraphRecord>;
	readonly next?: string;
	readonly from: string;
}

/**
 * Rows per page for an export: a sign-in row of the six tables is a few kB as JSON (7 kB at most in the demo's), so
 * 5,000 rows stay near 35 MB, well inside the ~64 MB and 500,000 rows a query may return, and a million records take
 * 200 queries: inside 200 requests per 30 s even when nothing waits between them.
 */
export const WORKSPACE_EXPORT_TAKE = 4000;

/** A page that came back partial with no row at all is asked again this many times before the source ends. */
const PARTIAL_EMPTY_TRIES = 3;

export interface WorkspaceSourceOptions {
	/** Rows per page (`take`). Default 1,000. */
	readonly take?: number;
	/** Told what a page says beside its rows: `partial results: …`, rows that became no record. */
	readonly onNote?: (message: string) => void;
	/** The instant relative times (`--since 24h`) are resolved at. Default: when the source is made. */
	readonly now?: Date;
}

export class WorkspaceSource implements RecordSource {
	readonly origin: string;
	private readonly take: number;

	constructor(
		private readonly client: LogAnalyticsClient,
		private readonly query: Query,
		private readonly workspace: string,
		private readonly options: WorkspaceSourceOptions = {},
	) {
		this.take = options.take ?? 1000;
		const now = options.now ?? new Date();
		// Compiled now, so that a bad query fails when the source is made (as Graph's does), not at the first page.
		this.compile(now);
		this.origin = `${client.url(workspace)}#${new URLSearchParams({now: now.toISOString()}).toString()}`;
	}

	/** The KQL this source runs (what `--print kql` and "copy as KQL" show: kqlText of it). */
	compile(now: Date): CompiledKql {
		return compileKql(this.query, {now, rawKql: this.query.rawKql});
	}

	/** The pages in order, each page's records read whole (the TUI's pages of 100). */
	async *pages(signal?: AbortSignal, from?: string): AsyncIterable<SourcePage> {
		for await (const {answer, local, report, next, from: here} of this.answers(signal, from)) {
			const read = readQueryResponse(report, answer);
			if (read.partial) this.options.onNote?.(read.partial);
			this.noteSkipped(read.skipped);
			yield {
				records: local ? read.records.filter(r => evaluate(local, r)) : read.records,
				fetched: read.records.length,
				next,
				from: here,
			};
		}
	}

	/**
	 * The pages in order for an export: each page's records made one at a time as the caller takes them, from the
	 * page's bytes (QueryAnswer), so that a page of 4,000 rows never lives as 4,000 records (what held an export's
	 * memory at 600 MB and more). Rows that became no record are told after the page's last record.
	 */
	async *streamedPages(signal?: AbortSignal, from?: string): AsyncIterable<StreamedSourcePage> {
		for await (const {answer, local, report, next, from: here} of this.answers(signal, from)) {
			const partial = partialOf(answer);
			if (partial) this.options.onNote?.(partial);
			const note = (skipped: Readonly<Record<string, number>>): void => this.noteSkipped(skipped);
			yield {records: recordsOf(report, answer, local, note), next, from: here};
		}
	}

	private noteSkipped(skipped: Readonly<Record<string, number>>): void {
		const counts = Object.entries(skipped);
		if (counts.length === 0) return;
		const n = counts.reduce((sum, [, k]) => sum + k, 0);
		this.options.onNote?.(
			`${n} row${n === 1 ? '' : 's'} skipped: ${counts.map(([why, k]) => `${k} ${why}`).join(', ')}`,
		);
	}

	/**
	 * Each page's answer, in order. The next page's query leaves as soon as this page's last row is known (pageOutline),
	 * before its rows become records and while the caller writes them: the workspace runs one query while we read
	 * another's rows. Two queries at most are in flight, inside the 5 a user may run at once, and one answer is read
	 * ahead: its bytes, never its records.
	 */
	private async *answers(
		signal?: AbortSignal,
		from?: string,
	): AsyncIterable<{
		answer: QueryAnswer;
		local: CompiledKql['local'];
		report: ReportId;
		next: string | undefined;
		from: string;
	}> {
		const start = parseFrom(from ?? this.origin);
		const compiled = this.compile(start.now);
		const ahead = new AbortController();
		const stop = (): void => ahead.abort(signal?.reason);
		if (signal?.aborted) stop();
		signal?.addEventListener('abort', stop, {once: true});
		const ask = (after: KeysetCursor | undefined): Promise<QueryAnswer> => {
			const answer = this.client.answer(
				this.workspace,
				{query: kqlPage(compiled, {take: this.take, after}), timespan: compiled.timespan},
				ahead.signal,
			);
			answer.catch(() => undefined);
			return answer;
		};
		try {
			let after = start.after;
			let partialEmpty = 0;
			let pending = ask(after);
			for (;;) {
				const here = this.at(start.now, after);
				const answer = await pending;
				const outline = pageOutline(answer);
				// A partial page may have lost rows past its last one: go on from there rather than take it as the end.
				partialEmpty = outline.partial && outline.rows === 0 ? partialEmpty + 1 : 0;
				const end = outline.partial ? partialEmpty >= PARTIAL_EMPTY_TRIES : outline.rows < this.take;
				const next = outline.cursor ?? after;
				if (!end && outline.rows > 0 && sameCursor(next, after))
					throw new LaResponseError('the workspace answered rows without TimeGenerated and Id: cannot page past them');
				if (!end) pending = ask(next);
				yield {
					answer,
					local: compiled.local,
					report: compiled.report,
					next: end ? undefined : this.at(start.now, next),
					from: here,
				};
				if (end) return;
				after = next;
			}
		} finally {
			signal?.removeEventListener('abort', stop);
			ahead.abort(new Error('the pages were left'));
		}
	}

	private at(now: Date, after: KeysetCursor | undefined): string {
		const params = new URLSearchParams({now: now.toISOString()});
		if (after) {
			params.set('t', after.time);
			params.set('id', after.id);
		}
		return `${this.client.url(this.workspace)}#${params.toString()}`;
	}
}

function parseFrom(from: string): {now: Date; after?: KeysetCursor} {
	const hash = from.includes('#') ? from.slice(from.indexOf('#') + 1) : '';
	const params = new URLSearchParams(hash);
	const now = new Date(params.get('now') ?? '');
	if (Number.isNaN(now.getTime())) throw new LaResponseError(`not a place in a workspace's pages: ${from}`);
	const time = params.get('t');
	const id = params.get('id');
	return {now, after: time !== null && id !== null ? {time, id} : undefined};
}

function sameCursor(a: KeysetCursor | undefined, b: KeysetCursor | undefined): boolean {
	return a?.time === b?.time && a?.id === b?.id;
}

/**
 * A query's request (the filter editor's preview, copy as): the documented GET form of the same query, its KQL and
 * its timespan, against the workspace's query URL.
 */
export function workspaceRequest(url: string, query: Query): string {
	const compiled = compileKql(query, {rawKql: query.rawKql});
	// Each value percent-encoded (shared/log-analytics.md §1.1): the query is the KQL "copy as KQL" gives.
	const params = [`query=${encodeURIComponent(kqlText(compiled))}`];
	if (compiled.timespan) params.push(`timespan=${encodeURIComponent(compiled.timespan)}`);
	return `${url}?${params.join('&')}`;
}

/** A page's records, made one at a time from its rows; the local clauses applied; what was skipped told at the end. */
function* recordsOf(
	report: ReportId,
	answer: QueryAnswer,
	local: CompiledKql['local'],
	note: (skipped: Readonly<Record<string, number>>) => void,
): Generator<GraphRecord, void, undefined> {
	const read = readQueryRecords(report, answer);
	for (const record of read) if (!local || evaluate(local, record)) yield record;
	note(read.skipped);
}
