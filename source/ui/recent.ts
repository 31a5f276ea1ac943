/** Recent queries, kept with conf in the config directory, to reopen from the report picker in one key. */
import Conf from 'conf';
import type {Query} from '../query/query.js';

const MAX = 9;

export interface RecentQueries {
	list(): Query[];
	add(query: Query): void;
}

export function recentQueries(configDir: string): RecentQueries {
	const conf = new Conf<{recent: Query[]}>({projectName: 'entra-logs', cwd: configDir, configName: 'recent', defaults: {recent: []}});
	return {
		list: () => conf.get('recent'),
		add: query => {
			const key = JSON.stringify(query);
			const rest = conf.get('recent').filter(q => JSON.stringify(q) !== key);
			conf.set('recent', [query, ...rest].slice(0, MAX));
		},
	};
}
