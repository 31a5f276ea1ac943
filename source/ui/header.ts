/**
 * The top line: where the records come from, who is signed in, and the query (report, then its filters). When it does
 * not fit, the filters are what stays: the source is shortened, then the account goes, then the report's name is
 * shortened; the filters are cut only when nothing else is left to give.
 */
import {displayWidth, cut} from '../terminal/width.js';

export interface HeaderParts {
	/** The tenant's Graph, the demo, a workspace (workspaceHeader), or an offline file's path. */
	readonly source: string;
	readonly account?: string;
	/** The report's name and a short form of it. */
	readonly report?: {readonly title: string; readonly short: string};
	/** The query's filters and time range in words ("user=alice@contoso.com · since 24h"). */
	readonly filters?: string;
}

/** The source of a workspace run: its ID, and that it is the demo's. */
export function workspaceHeader(id: string, demo: boolean): string {
	return `workspace ${id}${demo ? ' (demo tenant, local emulator)' : ''}`;
}

/** A path's last part, a URL's host, a workspace's ID: what identifies the source in a few columns. */
function shortSource(source: string): string {
	const workspace = /^workspace (\S+)/.exec(source);
	if (workspace) return `workspace ${workspace[1]!.slice(0, 8)}`;
	try {
		return new URL(source).host;
	} catch {
		return source.split('/').filter(Boolean).at(-1) ?? source;
	}
}

/**
 * The header after the "entra-logs " brand: one line of at most `width` columns when it fits, else the report and its
 * filters over two lines (the second `full` columns wide), cut only when even those do not hold them.
 */
export function headerLines(parts: HeaderParts, width: number, full: number): string[] {
	const {source, account, report, filters} = parts;
	const query = (title?: string): string[] => [title, filters].filter((s): s is string => Boolean(s));
	const candidates = [
		[source, account, ...query(report?.title)],
		[source, ...query(report?.title)],
		[shortSource(source), ...query(report?.title)],
		query(report?.title),
		query(report?.short),
	].map(p => p.filter(Boolean).join(' · '));
	for (const c of candidates) if (displayWidth(c) <= width) return [c];
	if (!filters) return [cut(candidates[0]!, width)];
	// Two lines, broken between filters.
	const lines: string[] = [''];
	for (const part of [report?.title, ...filters.split(' · ')].filter((s): s is string => Boolean(s))) {
		const line = lines.at(-1)!;
		const joined = line ? `${line} · ${part}` : part;
		if (displayWidth(joined) <= (lines.length === 1 ? width : full) || line === '') lines[lines.length - 1] = joined;
		else if (lines.length === 1) lines.push(part);
		else lines[1] = joined;
	}
	return lines.map((l, i) => cut(l, i === 0 ? width : full));
}
