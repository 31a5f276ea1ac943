/**
 * The TUI's record store paging through a whole report (as a user pressing n to the end would), in its own process
 * so that its peak memory is its own: RSS at checkpoints, the spill file's size, how long a detail read back from
 * the spill file takes, and that the file is gone after close. Prints one JSON line: rows for the table.
 */
import {statSync, existsSync} from 'node:fs';
import {Auth} from '../source/auth/auth.js';
import {GraphClient} from '../source/graph/client.js';
import {createNetwork} from '../source/net/network.js';
import {resolveQuery, type Query} from '../source/query/query.js';
import {GraphSource} from '../source/sources/graph-source.js';
import {RecordStore} from '../source/store/record-store.js';

const [origin, tenantId, caFile, cacheFile, totalText] = process.argv.slice(2) as [
	string,
	string,
	string,
	string,
	string,
];
const total = Number(totalText);
const network = createNetwork({caFiles: [caFile]});
const auth = new Auth({
	loginHost: origin,
	graphResource: 'https://graph.microsoft.com',
	tenant: tenantId,
	cacheFile,
	network,
	knownAuthorities: [new URL(origin).host],
});
const client = new GraphClient({network, getToken: o => auth.getToken(o), rateLimit: null});
const query: Query = {
	report: 'signins',
	filters: {},
	order: 'newest',
	eventTypes: ['interactive', 'non-interactive', 'service-principal', 'managed-identity'],
};
const store = new RecordStore(q => {
	const resolved = resolveQuery(q);
	return {source: new GraphSource(client, resolved, q, {graphBase: origin, pageSize: 1000}), report: resolved.report};
});

let peak = 0;
const sample = setInterval(() => {
	peak = Math.max(peak, process.memoryUsage().rss);
}, 20);
const mb = (n: number): string => `${Math.round(n / 1e6)} MB`;
const checkpoints = new Map<number, NodeJS.MemoryUsage>();
const started = performance.now();
store.setQuery(query);
for (;;) {
	const snap = store.getSnapshot();
	if (snap.error) throw new Error(snap.error);
	if (!snap.loading && !snap.more) break;
	for (const c of [100_000, total / 2, total]) {
		if (snap.rows.length >= c && !checkpoints.has(c)) {
			global.gc?.();
			checkpoints.set(c, process.memoryUsage());
		}
	}
	if (!snap.loading) await store.loadNext();
	else await new Promise(r => setTimeout(r, 1));
}
const seconds = (performance.now() - started) / 1000;
clearInterval(sample);
const snap = store.getSnapshot();
global.gc?.();
checkpoints.set(snap.rows.length, process.memoryUsage());
const file = snap.records.spillFile!;
const fileSize = statSync(file).size;

// Details read back from the spill file: random rows far from the in-memory tail.
const times: number[] = [];
for (let i = 0; i < 101; i++) {
	const index = Math.floor(Math.random() * snap.records.spilled);
	const t = performance.now();
	const record = snap.records.at(index);
	times.push(performance.now() - t);
	if (!record?.id) throw new Error(`no record at ${index}`);
}
times.sort((a, b) => a - b);
store.close();
const label = (n: number): string => n.toLocaleString('en-US');
process.stdout.write(
	`${JSON.stringify([
		[
			`store pages through ${label(snap.rows.length)} sign-ins (TUI, n to the end)`,
			`${Math.round(snap.rows.length / seconds).toLocaleString('en-US')} rec/s, peak RSS ${mb(peak)}`,
		],
		[
			`store RSS after GC at ${[...checkpoints.keys()].map(label).join(' / ')} records`,
			[...checkpoints.values()].map(m => mb(m.rss)).join(' / '),
		],
		[
			`store JS heap after GC at ${[...checkpoints.keys()].map(label).join(' / ')} records`,
			[...checkpoints.values()].map(m => mb(m.heapUsed)).join(' / '),
		],
		[
			`store spill file at ${label(snap.rows.length)} records`,
			`${mb(fileSize)} on disk, ${existsSync(file) ? 'NOT removed at close' : 'removed at close'}`,
		],
		['store detail read back from the spill file (median of 101)', `${times[50]!.toFixed(2)} ms`],
	])}\n`,
);
network.close();
