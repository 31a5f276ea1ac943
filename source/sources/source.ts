/** Where records come from: Graph (following @odata.nextLink) or a file. Both yield pages and take an AbortSignal. */
import type {GraphRecord} from '../reports/report.js';
import {jsonText} from '../reports/json-text.js';

export interface SourcePage {
	/** Records of this page that match the query (local clauses applied). */
	readonly records: readonly GraphRecord[];
	/** How many records the page held before local clauses. */
	readonly fetched: number;
	/** Where the next page is, if there is one (a Graph nextLink, or a file offset). */
	readonly next?: string;
	/** Where this page came from (for checkpoints). */
	readonly from: string;
}

export interface RecordSource {
	/** Pages from the start, or from a `next` a previous page gave. */
	pages(signal?: AbortSignal, from?: string): AsyncIterable<SourcePage>;
	/** Where the first page is: a URL for Graph, an offset for a file (what `pages(signal, from)` takes). */
	readonly origin: string;
}

/** Records as they came, by record: a file's record keeps its own text, so that output is byte for byte the input. */
const rawText = new WeakMap<object, string>();

/** Remembers the text a record was read from (one line of JSON). */
export function keepRawText(record: object, text: string): void {
	rawText.set(record, text);
}

/** A record as one line of JSON: the text it was read from when it came from a file, else JSON.stringify's (at any depth). */
export function recordJson(record: object): string {
	return rawText.get(record) ?? jsonText(record);
}
