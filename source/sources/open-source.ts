/**
 * The one place a source is built for a query (k9s's registrar): an origin says where records come from, and its
 * opener makes the source. The CLI's export and `open`, and the TUI's list and exports, all come through here; a new
 * origin (a Log Analytics workspace, an archive) is one more entry.
 */
import {resolveQuery, type Query} from '../query/query.js';
import type {GraphClient} from '../graph/client.js';
import {GraphSource} from './graph-source.js';
import {FileSource} from './file-source.js';
import {ArchiveSource, isArchivePath} from './archive-source.js';
import {WorkspaceSource} from './workspace-source.js';
import type {LogAnalyticsClient} from '../net/log-analytics-client.js';
import {QueryError} from '../query/time.js';
import type {RecordSource} from './source.js';
import {MemorySource} from './memory-source.js';

/** Where records come from. */
export type Origin =
	| {readonly kind: 'graph'; readonly client: GraphClient; readonly graphBase: string}
	/**
	 * A file read offline; `onNote` is told what was left out (the CLI's stderr, the TUI's status bar). With
	 * `streaming` (the TUI), pages come while the file is indexed and the notes say how far indexing is.
	 */
	| {
			readonly kind: 'file';
			readonly path: string;
			readonly onNote?: (message: string) => void;
			readonly streaming?: boolean;
			/** Records in a streaming reading's first page (the TUI's list: its terminal's height). */
			readonly firstPage?: number;
	  }
	/**
	 * A Log Analytics workspace: the query's own `workspace`, else this one; `onNote` is told what a page says beside
	 * its rows (`partial results: …`).
	 */
	| {
			readonly kind: 'workspace';
			readonly client: LogAnalyticsClient;
			readonly workspace?: string;
			readonly onNote?: (message: string) => void;
	  };

export interface OpenOptions {
	/** Records per request, for origins that page on a server (`$top`). */
	readonly pageSize?: number;
}

/** The source each origin opens, so a caller keeps what its origin offers (a file's `ready()`). */
interface Sources {
	readonly graph: GraphSource;
	/** A diagnostic-settings archive (a folder, a PT1H.json, an Event Hubs dump) is a file origin too. */
	readonly file: FileSource | ArchiveSource;
	readonly workspace: WorkspaceSource;
}

type Opener<K extends Origin['kind']> = (
	query: Query,
	origin: Extract<Origin, {kind: K}>,
	options: OpenOptions,
) => Sources[K];

const OPENERS: {readonly [K in Origin['kind']]: Opener<K>} = {
	graph: (query, {client, graphBase}, {pageSize}) =>
		new GraphSource(client, resolveQuery(query), query, {graphBase, pageSize}),
	file: (query, {path, onNote, streaming, firstPage}) =>
		isArchivePath(path)
			? new ArchiveSource(path, resolveQuery(query), onNote)
			: new FileSource(path, resolveQuery(query), onNote, streaming, streaming ? firstPage : undefined),
	workspace: (query, {client, workspace, onNote}, {pageSize}) => {
		const id = query.workspace ?? workspace;
		if (!id) throw new QueryError('no workspace: add --workspace ID');
		return new WorkspaceSource(client, {...query, workspace: id}, id, {take: pageSize, onNote});
	},
};

/** A source of `query`'s records from `origin`; a QueryError when the query is bad or the origin cannot answer it. */
export function openSource<K extends Origin['kind']>(
	query: Query,
	origin: Extract<Origin, {kind: K}>,
	options: OpenOptions = {},
): Sources[K] & RecordSource {
	// Given records (a summary's drill-down) come from memory, whatever the origin.
	if (query.given)
		return new MemorySource(query.given, resolveQuery(query), options.pageSize) as unknown as Sources[K] & RecordSource;
	const open = OPENERS[origin.kind] as Opener<K>;
	return open(query, origin, options);
}
