/**
 * A diagnostic-settings archive on disk, as downloaded from a storage account (shared/log-analytics.md §4.2):
 * `insights-logs-<category>/<any prefix>/y=YYYY/m=MM/d=DD/h=HH/m=00/PT1H.json`. The prefix between the container and
 * `y=` (`tenantId=…`, `resourceId=/SUBSCRIPTIONS/…`) is not assumed: every folder is walked, and the `y=/m=/d=/h=`
 * segments are read wherever they are. The path gives each file's hour, so hours come newest first (or oldest first)
 * without opening a file, and folders outside `--since`/`--until` are never read (nor opened).
 */
// fs.promises read where it is used: node:fs/promises loads with the first call, not on `open`'s way to its first frame.
import {closeSync, openSync, readSync, statSync, promises as fsp, type Dirent} from 'node:fs';
import {join, resolve, sep} from 'node:path';
import {categoryOf, type Category} from '../reports/azure-monitor.js';
import type {ReportId} from '../reports/report.js';

/** One file of records, with the hour its path gives (ms, UTC), or NaN when its path gives none. */
export interface HourFile {
	readonly path: string;
	readonly hour: number;
	/** The category of its container (`insights-logs-signinlogs`), when it is in one. */
	readonly category?: Category;
}

/** What a walk passed by without reading, for the note: nothing is left out silently. */
export class TreeNotes {
	/** Containers of another report entra-logs reads: that report → container names. */
	readonly otherReports = new Map<ReportId, Set<string>>();
	/** Containers of categories entra-logs does not read (`insights-logs-riskyusers`). */
	readonly unknown = new Set<string>();
	/** `.json` files that are not in an hour's folder (so have no hour to be ordered by). */
	outside = 0;
	/** Folders that could not be read, and why (the first few named). */
	readonly unreadable: string[] = [];
	unreadableCount = 0;
	/** `.json` files passed by unread (a link to nothing, or to a folder), and why. */
	readonly filesNotRead: Array<{readonly path: string; readonly why: string}> = [];
	filesNotReadCount = 0;

	fileNotRead(path: string, why: string): void {
		this.filesNotReadCount++;
		if (this.filesNotRead.length < 3) this.filesNotRead.push({path, why});
	}
}

export interface WalkOptions {
	/** The report read: containers of other reports are passed by (and noted); undefined reads any. */
	readonly report?: ReportId;
	/** Inclusive bounds, in ms: a folder whose hours all fall outside is skipped. */
	readonly since?: number;
	readonly until?: number;
	readonly order: 'newest' | 'oldest';
}

/** A time segment of a path: `y=2026`, `m=11`, `d=01`, `h=05` (and the minute's `m=00` after `h=`). */
const TIME_SEGMENT = /^([ymdh])=(\d{1,4})$/i;
const CONTAINER = /^insights-logs-/i;

/** Where a walk is: the container's category, and the date parts read so far from the path. */
interface At {
	readonly category?: Category;
	readonly y?: number;
	readonly mo?: number;
	readonly d?: number;
	readonly h?: number;
}

/** What the segments of a path say: the container's category and the date parts, in order. */
export function pathContext(path: string): At {
	let at: At = {};
	for (const segment of resolve(path).split(sep)) {
		if (CONTAINER.test(segment)) at = {category: categoryOf(segment)};
		const next = timeStep(at, segment);
		if (next) at = next;
	}
	return at;
}

/** The hour a path gives (its `y=/m=/d=/h=` segments), or NaN. */
export function hourOfPath(path: string): number {
	const at = pathContext(path);
	return at.h === undefined ? Number.NaN : Date.UTC(at.y!, at.mo! - 1, at.d!, at.h);
}

/** The next date part a segment gives where the walk is, or undefined when it is not the one expected there. */
function timeStep(at: At, segment: string): At | undefined {
	const m = TIME_SEGMENT.exec(segment);
	if (!m) return undefined;
	const unit = m[1]!.toLowerCase();
	const value = Number(m[2]);
	if (at.y === undefined) return unit === 'y' ? {...at, y: value} : undefined;
	if (at.mo === undefined) return unit === 'm' && value >= 1 && value <= 12 ? {...at, mo: value} : undefined;
	if (at.d === undefined) return unit === 'd' && value >= 1 && value <= 31 ? {...at, d: value} : undefined;
	if (at.h === undefined) return unit === 'h' && value <= 23 ? {...at, h: value} : undefined;
	// The minute after the hour (`m=00`): the same hour.
	return unit === 'm' ? at : undefined;
}

/** The hours a folder at `at` covers: [start, end) in ms; the whole of time before a year is known. */
function span(at: At): readonly [number, number] {
	if (at.y === undefined) return [-Infinity, Infinity];
	if (at.mo === undefined) return [Date.UTC(at.y, 0, 1), Date.UTC(at.y + 1, 0, 1)];
	if (at.d === undefined) return [Date.UTC(at.y, at.mo - 1, 1), Date.UTC(at.y, at.mo, 1)];
	if (at.h === undefined) return [Date.UTC(at.y, at.mo - 1, at.d), Date.UTC(at.y, at.mo - 1, at.d + 1)];
	const hour = Date.UTC(at.y, at.mo - 1, at.d, at.h);
	return [hour, hour + 3_600_000];
}

function inside(at: At, options: WalkOptions): boolean {
	const [start, end] = span(at);
	return (
		!(options.since !== undefined && end <= options.since) && !(options.until !== undefined && start > options.until)
	);
}

/**
 * The files of an archive (a folder, or one file), hour by hour in `options.order`: within a folder its time
 * segments are read in order and only as far as the caller goes; sibling prefixes and containers are merged.
 */
export async function* hourFiles(root: string, options: WalkOptions, notes: TreeNotes): AsyncGenerator<HourFile> {
	const at = pathContext(root);
	if (!statSync(root).isDirectory()) {
		const hour = at.h === undefined ? Number.NaN : span(at)[0];
		if (Number.isNaN(hour) || inside(at, options)) yield {path: root, hour, category: at.category};
		return;
	}
	yield* walk(root, at, options, notes);
}

async function* walk(dir: string, at: At, options: WalkOptions, notes: TreeNotes): AsyncGenerator<HourFile> {
	let entries: Dirent[];
	try {
		entries = await fsp.readdir(dir, {withFileTypes: true});
	} catch (error) {
		notes.unreadableCount++;
		if (notes.unreadable.length < 3)
			notes.unreadable.push(`${dir} (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
		return;
	}
	const newest = options.order === 'newest';
	const timed: Array<{readonly name: string; readonly at: At}> = [];
	const streams: Array<AsyncGenerator<HourFile>> = [];
	const files: HourFile[] = [];
	for (const entry of entries) {
		const path = join(dir, entry.name);
		if (entry.isDirectory()) {
			const step = timeStep(at, entry.name);
			if (step) {
				if (inside(step, options)) timed.push({name: entry.name, at: step});
			} else if (CONTAINER.test(entry.name)) {
				const category = categoryOf(entry.name);
				if (!category) notes.unknown.add(entry.name);
				else if (options.report !== undefined && category.report !== options.report) {
					const names = notes.otherReports.get(category.report) ?? new Set<string>();
					names.add(entry.name);
					notes.otherReports.set(category.report, names);
				} else streams.push(walk(path, {category}, options, notes));
			} else if (!TIME_SEGMENT.test(entry.name)) streams.push(walk(path, at, options, notes));
		} else if ((entry.isFile() || entry.isSymbolicLink()) && /\.json$/i.test(entry.name)) {
			// A link is read as the file it points at; one to nothing (or to a folder) is named in the note.
			const why = entry.isSymbolicLink() ? await linkProblem(path) : undefined;
			if (why) notes.fileNotRead(path, why);
			else if (at.h === undefined) notes.outside++;
			else files.push({path, hour: span(at)[0], category: at.category});
		} else if (entry.isSymbolicLink() && (await linkProblem(path)) === 'a link to a folder') {
			// Not followed (a link may lead back up the tree); said unless its name is an hour outside the query's.
			const step = timeStep(at, entry.name);
			if (!step || inside(step, options)) {
				notes.unreadableCount++;
				if (notes.unreadable.length < 3) notes.unreadable.push(`${path} (a link, not followed)`);
			}
		}
	}
	if (files.length > 0) streams.push(list(files));
	if (timed.length > 0) {
		// One unit's folders in time order (y=2026 before y=2025 newest first): one after the other, lazily.
		const key = (t: {readonly at: At}): number => span(t.at)[0];
		timed.sort((a, b) => (newest ? key(b) - key(a) : key(a) - key(b)));
		streams.push(
			(async function* () {
				for (const t of timed) yield* walk(join(dir, t.name), t.at, options, notes);
			})(),
		);
	}
	yield* merge(streams, newest);
}

/** Why a link to a records file cannot be read as one; undefined when it points at a file. */
async function linkProblem(path: string): Promise<string | undefined> {
	try {
		return (await fsp.stat(path)).isFile() ? undefined : 'a link to a folder';
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code;
		return code === 'ENOENT' ? 'a link to nothing' : code === 'ELOOP' ? 'a link in a loop' : (code ?? 'unreadable');
	}
}

async function* list(files: readonly HourFile[]): AsyncGenerator<HourFile> {
	yield* files;
}

/** Streams each in hour order, merged into one in hour order. */
async function* merge(streams: Array<AsyncGenerator<HourFile>>, newest: boolean): AsyncGenerator<HourFile> {
	if (streams.length === 1) {
		yield* streams[0]!;
		return;
	}
	const heads = await Promise.all(streams.map(s => s.next()));
	for (;;) {
		let best = -1;
		for (let i = 0; i < heads.length; i++) {
			const head = heads[i]!;
			if (head.done) continue;
			const current = best < 0 ? undefined : (heads[best]!.value as HourFile);
			if (!current || (newest ? head.value.hour > current.hour : head.value.hour < current.hour)) best = i;
		}
		if (best < 0) return;
		yield heads[best]!.value as HourFile;
		heads[best] = await streams[best]!.next();
	}
}

/**
 * Whether `path` is an archive rather than a file of Graph's records: a folder, or a file whose first record is an
 * Azure Monitor envelope (`time`, `category`, `properties`…) or a `{"records": [...]}` message. Reads at most 64 KiB.
 */
export function isArchivePath(path: string): boolean {
	let fd: number | undefined;
	try {
		if (statSync(path).isDirectory()) return true;
		fd = openSync(path, 'r');
		const buf = Buffer.alloc(1 << 16);
		const head = buf
			.subarray(0, readSync(fd, buf, 0, buf.length, 0))
			.toString('utf8')
			.replace(/^\uFEFF/, '')
			.trimStart();
		return isArchiveHead(head);
	} catch {
		// Not there or not readable: the file reader says so, in its words.
		return false;
	} finally {
		if (fd !== undefined) closeSync(fd);
	}
}

/** An archive file's first bytes: a `records` message, or an envelope (an object with `category` and `properties`). */
export function isArchiveHead(head: string): boolean {
	if (/^\[?\s*\{\s*"records"\s*:\s*\[/i.test(head)) return true;
	if (head.startsWith('[')) return /"properties"\s*:\s*\{/i.test(head) && /"operationName"\s*:/i.test(head);
	if (!head.startsWith('{')) return false;
	const first = head.split('\n', 1)[0]!;
	let value: unknown;
	try {
		value = JSON.parse(first);
	} catch {
		// A pretty-printed envelope: its keys on lines of their own.
		return /"properties"\s*:\s*\{/i.test(head) && /"operationName"\s*:/i.test(head);
	}
	if (!value || typeof value !== 'object' || Array.isArray(value)) return false;
	const keys = Object.keys(value).map(k => k.toLowerCase());
	return keys.includes('records') || (keys.includes('category') && keys.includes('properties'));
}
