/**
 * The top line: where the records come from, who is signed in, and the query (report, then its filters). When it does
 * not fit, the source and the filters are what stays: the account goes, then the report's name and the source are
 * shortened, then the filters take a second line; they are cut only when nothing else is left to give.
 */
import {displayWidth, cut} from '../terminal/width.js';
import {typedPath} from '../fs/typed-path.js';

export interface HeaderParts {
	/** The tenant's Graph, the demo, a workspace (workspaceHeader), or an offline file's path (a pipe's as typed). */
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
		// A file's name; the demo without its note ("demo tenant (local emulator)").
		return (
			source
				.split('/')
				.filter(Boolean)
				.at(-1)
				?.replace(/ \(.*\)$/, '') ?? source
		);
	}
}

/**
 * The header after the "entra-logs " brand: one line of at most `width` columns when it fits, else two (the second
 * `full` columns wide), the filters broken between them. The source (Graph, the demo, a workspace, a file) always
 * shows, whole or in its short form (a workspace's ID, a file's name, a URL's host): the account goes first, then the
 * report's name and the source are shortened; the filters are cut only when even two lines do not hold them.
 */
export function headerLines(parts: HeaderParts, width: number, full: number): string[] {
	const {account, report, filters} = parts;
	// A pipe `open` read into a private copy: named as the user typed it, not by the copy's path.
	const source = typedPath(parts.source);
	const short = shortSource(source);
	const join = (...p: Array<string | undefined>): string => p.filter(Boolean).join(' · ');
	const heads = [
		join(source, account, report?.title),
		join(source, report?.title),
		join(source, report?.short),
		join(short, report?.title),
		join(short, report?.short),
	];
	for (const head of heads) if (displayWidth(join(head, filters)) <= width) return [join(head, filters)];
	if (!filters) return [cut(heads.at(-1)!, width)];
	// Two lines: the source and the report, then the filters, broken between them; the most of the source and the
	// report that leaves every filter whole.
	const layout = (head: string): string[] => {
		const lines = [head];
		for (const part of filters.split(' · ').filter(Boolean)) {
			const joined = `${lines.at(-1)!} · ${part}`;
			if (displayWidth(joined) <= (lines.length === 1 ? width : full)) lines[lines.length - 1] = joined;
			else if (lines.length === 1) lines.push(part);
			else lines[1] = joined;
		}
		return lines;
	};
	for (const head of heads) {
		if (displayWidth(head) > width) continue;
		const lines = layout(head);
		if (displayWidth(lines[0]!) <= width && (lines[1] === undefined || displayWidth(lines[1]) <= full)) return lines;
	}
	return layout(heads.at(-1)!).map((l, i) => cut(l, i === 0 ? width : full));
}
