/**
 * What the App hands every route's screen: the ports (AppProps), the store and its snapshot, the route stack and
 * navigation, the status bar, the selected record, the browsing history (use-browse.ts) and the background job.
 */
import type {Query} from '../query/query.js';
import type {RecordSource} from '../sources/source.js';
import type {RecordStore, StoreSnapshot} from '../store/record-store.js';
import type {ReportId} from '../reports/report.js';
import type {ExportFormat, ExportProgress} from '../export/export.js';
import type {LoginPort} from './screens/login.js';
import type {TimelinePort, TimelineRoute} from './screens/timeline.js';
import type {RecentQueries} from './recent.js';
import type {ColumnChoices} from './column-choices.js';
import type {ListCursor} from './use-list-cursor.js';
import type {BackgroundJob} from './use-background-job.js';
import type {Browse} from './use-browse.js';

export type Route =
	/** `again`: the session ended while browsing; signing in returns to the list where it was. */
	| {readonly name: 'login'; readonly again?: boolean}
	| {readonly name: 'picker'}
	| {readonly name: 'list'}
	| {readonly name: 'detail'}
	| {readonly name: 'filters'}
	| {readonly name: 'export'}
	| {readonly name: 'help'}
	/** The column chooser of the list's report (screens/column-chooser.tsx). */
	| {readonly name: 'columns'}
	/** The summary of the list's query (screens/summary.tsx). */
	| {readonly name: 'summary'}
	| TimelineRoute
	| {readonly name: 'copyAs'};

export interface Nav {
	readonly stack: readonly Route[];
}

export type NavAction =
	| {readonly type: 'push'; readonly route: Route}
	| {readonly type: 'pop'}
	| {readonly type: 'replace'; readonly route: Route}
	/** A new start: this route alone (a report chosen from the picker). */
	| {readonly type: 'reset'; readonly route: Route};

export function navigate(state: Nav, action: NavAction): Nav {
	switch (action.type) {
		case 'push':
			return {stack: [...state.stack, action.route]};
		case 'pop':
			return state.stack.length > 1 ? {stack: state.stack.slice(0, -1)} : state;
		case 'replace':
			return {stack: [...state.stack.slice(0, -1), action.route]};
		case 'reset':
			return {stack: [action.route]};
	}
}

export interface ExportTarget {
	readonly format: ExportFormat;
	readonly path: string;
}

/** The Graph request for a query exactly as it is sent, or why the query cannot be sent. */
export type RequestPreview =
	{readonly ok: true; readonly request: string} | {readonly ok: false; readonly error: string};

export interface AppProps {
	readonly store: RecordStore;
	readonly login: LoginPort;
	readonly initialQuery?: Query;
	readonly emptyQuery: (report: ReportId) => Query;
	/** The exact Graph request for a query (shown live in the filter editor), or why there is none. */
	readonly describeRequest: (query: Query) => RequestPreview;
	readonly copy: (text: string) => string;
	/** Gives the terminal back to the shell until the job is continued (ctrl-z; where job control stops it). */
	readonly suspend?: () => void;
	/** Exports a query to a file; resolves to the line to show when done. Aborted, it stops with its checkpoint kept. */
	readonly exportQuery: (
		query: Query,
		target: ExportTarget,
		onProgress: (p: ExportProgress) => void,
		signal?: AbortSignal,
	) => Promise<string>;
	/** What an export to a file would do: a new file, finishing an interrupted export of this query, or replacing a file. */
	readonly exportTarget: (query: Query, target: ExportTarget) => 'new' | 'resume' | 'replace';
	readonly header: string;
	/** Browsing a file: nothing is fetched, so v1.0 or beta makes no difference. */
	readonly offline?: boolean;
	/** Offline, the file or archive folder being read: the export prompt refuses it (and any file inside the folder). */
	readonly input?: string;
	/** Offline, the reports the source holds (an archive's categories): `:`, pivots and the timeline move among them. */
	readonly reports?: readonly ReportId[];
	/** One user's timeline, and records in hand shown as a list (absent offline: a file holds one report). */
	readonly timeline?: TimelinePort;
	/** The pages of a query, Graph's largest (a summary of the whole query); absent where a list cannot be fetched again. */
	readonly openQuery?: (query: Query) => RecordSource;
	/** Recent queries to reopen from the picker (kept with conf). */
	readonly recent?: RecentQueries;
	/** The columns chosen per list (column-choices.ts); without it the lists show their defaults. */
	readonly columns?: ColumnChoices;
	readonly width: number;
	readonly height: number;
}

export interface Shell {
	readonly props: AppProps;
	readonly store: RecordStore;
	readonly snap: StoreSnapshot;
	readonly stack: readonly Route[];
	readonly dispatch: (action: NavAction) => void;
	readonly setStatus: (line: string) => void;
	/** The selected record (the list's row, the detail's record). */
	readonly cursor: ListCursor;
	readonly browse: Browse;
	readonly job: BackgroundJob;
	readonly exit: () => void;
	readonly width: number;
	/** The screen's height (between the header and the status bar). */
	readonly height: number;
}
