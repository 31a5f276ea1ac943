/** Where records come from: Graph (following @odata.nextLink) or a file. Both yield pages and take an AbortSignal. */
import type {GraphRecord} from '../reports/report.js';
import {jsonText, rawTextOf} from '../reports/json-text.js';

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
	/** Offline, the file or archive folder the records are read from (an export's resume key names it). */
	readonly input?: string;
}

// A file's record keeps its own text (reports/json-text.ts), for output byte for byte and for the detail.
export {keepRawText} from '../reports/json-text.js';

/**
 * A record as one line of JSON: the text it was read from when it came from a file, else JSON.stringify's (at any
 * depth). A pretty-printed record's lines are joined: each line break and the indentation after it go, nothing else
 * (a JSON string cannot hold a raw line break, so none is inside one).
 */
export function recordJson(record: object): string {
	const raw = rawTextOf(record);
	if (raw === undefined) return jsonText(record);
	return raw.includes('\n') ? raw.replace(/\r?\n[ \t]*/g, '') : raw;
}
