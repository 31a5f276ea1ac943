/** Recent queries, kept with conf in the config directory, to reopen from the report picker in one key. */
import Conf from 'conf';
import type {Query} from '../query/query.js';
import {PRIVATE_FILE, ensurePrivateDir} from '../fs/private.js';

const MAX = 9;

export interface RecentQueries {
	list(): Query[];
	add(query: Query): void;
}

export function recentQueries(configDir: string): RecentQueries {
	// Queries name users, apps and IPs: the file is 0600, and the folder, when conf would create it (0755), 0700.
	ensurePrivateDir(configDir);
	const conf = new Conf<{recent: Query[]}>({
		projectName: 'entra-logs',
		cwd: configDir,
		configName: 'recent',
		defaults: {recent: []},
		configFileMode: PRIVATE_FILE,
	});
	return {
		list: () => conf.get('recent'),
		add: query => {
			const key = JSON.stringify(query);
			const rest = conf.get('recent').filter(q => JSON.stringify(q) !== key);
			conf.set('recent', [query, ...rest].slice(0, MAX));
		},
	};
}
