/**
 * A diagnostic-settings archive as a source (`entra-logs open DIR`): a storage account's tree of hourly `PT1H.json`
 * files (archive-tree.ts), one such file, or an Event Hubs message dump (archive-file.ts), read as one report
 * (reports/azure-monitor.ts maps the envelope to Graph's shape). Hours are read in the query's order, an hour's
 * files at a time and only as far as pages are asked for, so the first rows of a tree of thousands of files come
 * from its newest hour; folders outside `--since`/`--until` are never opened (but for the hour after `--until`,
 * which may hold its last records: LATE_MS). Within an hour, records are in time
 * order (all the report's categories of the hour merged). A page holds 1,000 records, across hours; `next` is
 * `<hour ms>:<records into it>`. What is left out is counted and said in one note (archive-tally.ts).
 */
// fs.promises read where it is used: node:fs/promises loads with the first call, not on `open`'s way to its first frame.
import {promises as fsp, type Dirent} from 'node:fs';
import {join, relative} from 'node:path';
import {evaluate, hasRaw} from '../query/filter.js';
import type {ResolvedQuery} from '../query/query.js';
import {QueryError} from '../query/time.js';
import type {GraphRecord, ReportId} from '../reports/report.js';
import {categoryOf, type Category} from '../reports/azure-monitor.js';
import type {RecordSource, SourcePage} from './source.js';
import {FileFormatError, cannotRead, sniffReport} from './file-format.js';
import {hourFiles, isArchivePath, pathContext, TreeNotes, type HourFile} from './archive-tree.js';
import {indexArchiveFile, readEntries, type Entry} from './archive-file.js';
import {ArchiveTally} from './archive-tally.js';

export {isArchivePath} from './archive-tree.js';

const PAGE = 1000;
/** A page that has a screen of records is given after this long even if not full: the first rows come at once. */
const PAGE_DUE_MS = 200;
const PAGE_DUE_RECORDS = 100;
const HOUR = 3_600_000;
/**
 * An hour's file holds what was appended during that hour (shared/log-analytics.md §4: "events are appended during
 * the hour"), so a record timed near the end of an hour can be in the next hour's file: with --until, the folders of
 * this long after it are read too (their records are still held to the query's times).
 */
const LATE_MS = HOUR;
/** A note that changes is told again at most this often while reading (and always at the end). */
const NOTE_EVERY_MS = 1000;

export class ArchiveSource implements RecordSource {
	readonly origin = '';
	readonly input: string;
	private said?: string;
	private toldAt = 0;

	constructor(
		private readonly root: string,
		private readonly resolved: ResolvedQuery,
		/** Told what was left out (the CLI's stderr, the TUI's status bar). */
		private readonly onNote?: (message: string) => void,
	) {
		if (hasRaw(resolved.server))
			throw new QueryError('a raw --filter cannot be applied to an archive; use the field options instead');
		this.input = root;
	}

	/** The archive is there and can be read: fails before anything is written. */
	async ready(): Promise<void> {
		try {
			if ((await fsp.stat(this.root)).isDirectory()) await fsp.readdir(this.root);
		} catch (error) {
			throw cannotRead(this.root, error);
		}
	}

	async *pages(signal?: AbortSignal, from?: string): AsyncIterable<SourcePage> {
		await this.ready();
		const report = this.resolved.report.id;
		const newest = this.resolved.order !== 'oldest';
		const at = parseFrom(from);
		let since = this.resolved.since?.getTime();
		let until = this.resolved.until === undefined ? undefined : this.resolved.until.getTime() + LATE_MS;
		// Resuming: the hours before the one the page is in are done (in the query's order).
		if (at && !Number.isNaN(at.hour)) {
			if (newest) until = Math.min(until ?? Infinity, at.hour + HOUR - 1);
			else since = Math.max(since ?? -Infinity, at.hour);
		}
		const notes = new TreeNotes();
		const tally = new ArchiveTally();
		const match = (r: GraphRecord): boolean =>
			(!this.resolved.server || evaluate(this.resolved.server, r)) &&
			(!this.resolved.local || evaluate(this.resolved.local, r));
		const files = hourFiles(this.root, {report, since, until, order: newest ? 'newest' : 'oldest'}, notes);
		let pending = await files.next();
		let skip = at?.skip ?? 0;
		// A page holds PAGE records across hours (an hour of a small tenant holds a few): the list fills its screen.
		let page: {records: GraphRecord[]; fetched: number; taken: number; from?: string; started: number} = {
			records: [],
			fetched: 0,
			taken: 0,
			started: 0,
		};
		while (!pending.done) {
			signal?.throwIfAborted();
			const group: HourFile[] = [pending.value];
			pending = await files.next();
			while (!pending.done && sameHour(pending.value.hour, group[0]!.hour)) {
				group.push(pending.value);
				pending = await files.next();
			}
			const hour = group[0]!.hour;
			const entries = await this.indexHour(group, report, tally, newest);
			// Resuming inside an hour: only that hour's first records are done (a later hour starts at its first).
			if (!sameHour(hour, at?.hour ?? Number.NaN)) skip = 0;
			for (let i = skip; i < entries.length;) {
				signal?.throwIfAborted();
				if (page.from === undefined) {
					page.from = `${hour}:${i}`;
					page.started = performance.now();
				}
				const take = Math.min(PAGE - page.taken, entries.length - i);
				const records = await readEntries(entries.slice(i, i + take), {report, tally});
				page.records.push(...records.filter(match));
				page.fetched += records.length;
				page.taken += take;
				i += take;
				// Full, or the first rows are due: a tree of small hours fills a page from hundreds of files.
				const due = page.records.length >= PAGE_DUE_RECORDS && performance.now() - page.started > PAGE_DUE_MS;
				if (page.taken < PAGE && !due) continue;
				const next = i < entries.length ? `${hour}:${i}` : pending.done ? undefined : `${pending.value.hour}:0`;
				// The last page's note is told whatever the time: a reader may stop at a page without `next`.
				this.tell(tally, notes, next === undefined);
				yield {records: page.records, fetched: page.fetched, next, from: page.from};
				page = {records: [], fetched: 0, taken: 0, started: 0};
			}
			skip = 0;
		}
		this.tell(tally, notes, true);
		if (page.from !== undefined) yield {records: page.records, fetched: page.fetched, from: page.from};
	}

	/** An hour's files indexed and merged in the query's order (equal times keep the files' order). */
	private async indexHour(
		group: readonly HourFile[],
		report: ReportId,
		tally: ArchiveTally,
		newest: boolean,
	): Promise<Entry[]> {
		const entries: Entry[] = [];
		for (const file of group) {
			const name = relative(this.root, file.path) || file.path;
			entries.push(...(await indexArchiveFile(file.path, {report, category: file.category, name, tally})));
		}
		return entries.sort((a, b) => (newest ? b.ms - a.ms || b.ns - a.ns : a.ms - b.ms || a.ns - b.ns));
	}

	/** The note when it changed: at most once a second while reading, and at the end. */
	private tell(tally: ArchiveTally, notes: TreeNotes, end: boolean): void {
		const message = tally.describe(this.root, notes);
		if (message === undefined || message === this.said) return;
		if (!end && Date.now() - this.toldAt < NOTE_EVERY_MS) return;
		this.said = message;
		this.toldAt = Date.now();
		this.onNote?.(message);
	}
}

function sameHour(a: number, b: number): boolean {
	return a === b || (Number.isNaN(a) && Number.isNaN(b));
}

function parseFrom(from: string | undefined): {readonly hour: number; readonly skip: number} | undefined {
	if (!from) return undefined;
	const m = /^(-?\d+|NaN):(\d+)$/.exec(from);
	if (!m) throw new QueryError(`not a place in an archive: ${from}`);
	return {hour: Number(m[1]), skip: Number(m[2])};
}

const ORDER: readonly ReportId[] = ['signins', 'audits', 'provisioning'];

/**
 * The reports an archive holds, sign-ins first: from its containers' names (`insights-logs-auditlogs`, in the
 * archive or its own path), else from the records of its newest file. Empty when it holds none entra-logs reads.
 */
export async function archiveReports(root: string): Promise<ReportId[]> {
	const found = new Set<ReportId>();
	const own = pathContext(root).category;
	if (own) found.add(own.report);
	let isDir: boolean;
	try {
		isDir = (await fsp.stat(root)).isDirectory();
	} catch (error) {
		throw cannotRead(root, error);
	}
	if (!own && isDir) for (const category of await containers(root, 2)) found.add(category.report);
	if (found.size === 0) {
		// No container names it: the newest file's records say.
		const notes = new TreeNotes();
		for await (const file of hourFiles(root, {order: 'newest'}, notes)) {
			const tally = new ArchiveTally();
			const name = relative(root, file.path) || file.path;
			const kept = await indexArchiveFile(file.path, {report: 'signins', name, tally});
			if (kept.length > 0) found.add('signins');
			for (const report of tally.otherReports()) found.add(report);
			if (found.size > 0) break;
		}
	}
	return ORDER.filter(r => found.has(r));
}

/** The categories of the containers (`insights-logs-…`) in a folder, or `depth - 1` folders down. */
async function containers(dir: string, depth: number): Promise<Category[]> {
	let entries: Dirent[];
	try {
		entries = await fsp.readdir(dir, {withFileTypes: true});
	} catch (error) {
		throw cannotRead(dir, error);
	}
	const out: Category[] = [];
	for (const entry of entries) {
		if (!entry.isDirectory()) continue;
		const category = categoryOf(entry.name);
		if (category) out.push(category);
		else if (depth > 1 && !/^insights-logs-|^[ymdh]=\d+$/i.test(entry.name))
			out.push(...(await containers(join(dir, entry.name), depth - 1).catch(() => [])));
	}
	return out;
}

/**
 * The reports an offline path holds, for moving among them (`:`, pivots, the timeline): an archive's, from
 * archiveReports; undefined for any other file, which holds one.
 */
export async function offlineReports(path: string): Promise<readonly ReportId[] | undefined> {
	return isArchivePath(path) ? archiveReports(path) : undefined;
}

const WORDS: Readonly<Record<ReportId, string>> = {signins: 'sign-ins', audits: 'audits', provisioning: 'provisioning'};

/**
 * The report `open PATH [REPORT]` shows: for an archive, the one named (which it must hold), else its sign-ins, else
 * the one it holds; for any other file, what its records are (sniffReport), which a named report must match.
 */
export async function openReport(path: string, picked?: ReportId): Promise<ReportId | undefined> {
	if (!isArchivePath(path)) {
		const report = await sniffReport(path);
		if (picked && report && picked !== report)
			throw new FileFormatError(`${path} holds ${WORDS[report]}, not ${WORDS[picked]}`);
		return report;
	}
	const held = await archiveReports(path);
	if (held.length === 0)
		throw new FileFormatError(
			`${path} holds no sign-in, audit or provisioning logs (diagnostic settings' insights-logs-… folders or PT1H.json files)`,
		);
	if (picked && !held.includes(picked))
		throw new FileFormatError(`${path} holds no ${WORDS[picked]} (it holds ${held.map(r => WORDS[r]).join(', ')})`);
	return picked ?? held[0];
}
