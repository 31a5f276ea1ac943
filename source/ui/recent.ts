/**
 * Recent queries, kept with conf in the config directory, to reopen from the report picker in one key. conf (and
 * what it imports: ajv, crypto) loads only when a query is saved: its import took a third of each TUI start, an
 * offline `open` included. The list is read straight from conf's file (`recent.json`, plain JSON) when first shown.
 */
import {readFileSync} from 'node:fs';
import {join} from 'node:path';
import type Conf from 'conf';
import type {Query} from '../query/query.js';
import {PRIVATE_FILE, ensurePrivateDir} from '../fs/private.js';

const MAX = 9;
const NAME = 'recent';

export interface RecentQueries {
	list(): Query[];
	/** Puts `query` first; resolves once it is on disk. Never rejects: a list that could not be saved stops nothing. */
	add(query: Query): Promise<void>;
	/** Resolves once every query added so far is on disk (or could not be saved). */
	settled(): Promise<void>;
}

export function recentQueries(configDir: string): RecentQueries {
	let recent: Query[] | undefined;
	let conf: Promise<Conf<{recent: Query[]}>> | undefined;
	let saved = Promise.resolve();
	const current = (): Query[] => (recent ??= readRecent(configDir));
	return {
		list: () => current(),
		add: query => {
			const key = JSON.stringify(query);
			const next = [query, ...current().filter(q => JSON.stringify(q) !== key)].slice(0, MAX);
			recent = next;
			// Queries name users, apps and IPs: the file is 0600, and the folder, when conf would create it (0755), 0700.
			saved = saved
				.then(async () => {
					// Before conf, which makes a missing folder 0755 as it opens.
					ensurePrivateDir(configDir);
					(await (conf ??= openConf(configDir))).set(NAME, next);
				})
				.catch(() => undefined);
			return saved;
		},
		settled: () => saved,
	};
}

async function openConf(configDir: string): Promise<Conf<{recent: Query[]}>> {
	const {default: Conf} = await import('conf');
	return new Conf<{recent: Query[]}>({
		projectName: 'entra-logs',
		cwd: configDir,
		configName: NAME,
		defaults: {recent: []},
		configFileMode: PRIVATE_FILE,
	});
}

/** conf's file as conf writes it; none yet, or not readable, is an empty list. */
function readRecent(configDir: string): Query[] {
	try {
		const value = (JSON.parse(readFileSync(join(configDir, `${NAME}.json`), 'utf8')) as {recent?: unknown}).recent;
		return Array.isArray(value) ? (value as Query[]) : [];
	} catch {
		return [];
	}
}
