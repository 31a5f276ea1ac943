/**
 * One export run in its own process, so that its peak memory and CPU are its own: entra-logs' GraphSource + export
 * writer, the Graph JS SDK's PageIterator writing NDJSON, or the floor: a bare https GET + JSON.parse loop following
 * nextLinks and writing nothing. Over the same emulator. Prints one JSON line with the figures.
 */
import {Agent, request} from 'node:https';
import {readFileSync} from 'node:fs';
import {createWriteStream} from 'node:fs';
import {Auth} from '../source/auth/auth.js';
import {GraphClient} from '../source/graph/client.js';
import {createNetwork} from '../source/net/network.js';
import {resolveQuery, type Query} from '../source/query/query.js';
import {GraphSource} from '../source/sources/graph-source.js';
import {runExport} from '../source/export/export.js';

const [mode, origin, tenantId, caFile, cacheFile, out] = process.argv.slice(2) as [
	string,
	string,
	string,
	string,
	string,
	string,
];
const network = createNetwork({caFiles: [caFile]});
const auth = new Auth({
	loginHost: origin,
	graphResource: 'https://graph.microsoft.com',
	tenant: tenantId,
	cacheFile,
	network,
	knownAuthorities: [new URL(origin).host],
});
const query: Query = {
	report: 'signins',
	filters: {},
	order: 'newest',
	eventTypes: ['interactive', 'non-interactive', 'service-principal', 'managed-identity'],
};
let peak = 0;
const sample = setInterval(() => {
	peak = Math.max(peak, process.memoryUsage().rss);
}, 20);
const started = performance.now();
const cpu = process.cpuUsage();
let records = 0;

if (mode === 'entra-logs') {
	const client = new GraphClient({network, getToken: o => auth.getToken(o), rateLimit: null});
	const source = new GraphSource(client, resolveQuery(query), query, {graphBase: origin, pageSize: 1000});
	records = (await runExport({source, report: 'signins', format: 'ndjson', out, queryKey: 'bench'})).records;
} else if (mode === 'bare') {
	// The floor any client pays: the bytes over TLS and one JSON.parse per page.
	const token = await auth.getToken();
	const agent = new Agent({keepAlive: true, ca: readFileSync(caFile, 'utf8')});
	const get = (url: string): Promise<string> =>
		new Promise((resolve, reject) => {
			request(url, {agent, headers: {authorization: `Bearer ${token}`}}, res => {
				const parts: Buffer[] = [];
				res.on('data', (d: Buffer) => parts.push(d));
				res.on('end', () => resolve(Buffer.concat(parts).toString('utf8')));
				res.on('error', reject);
			})
				.on('error', reject)
				.end();
		});
	let url: string | undefined = new GraphSource(undefined as never, resolveQuery(query), query, {
		graphBase: origin,
		pageSize: 1000,
	}).origin;
	while (url) {
		const page = JSON.parse(await get(url)) as {value: unknown[]; '@odata.nextLink'?: string};
		records += page.value.length;
		url = page['@odata.nextLink'];
	}
	agent.destroy();
} else {
	// The Graph JS SDK, as scripts use it: Client + PageIterator, writing NDJSON. It uses Node's fetch,
	// which trusts the emulator through NODE_EXTRA_CA_CERTS (set by the parent).
	const {Client, PageIterator} = await import('@microsoft/microsoft-graph-client');
	const token = await auth.getToken();
	// The SDK adds the token only for hosts it knows as Graph's: name the emulator's.
	const client = Client.init({
		authProvider: done => done(null, token),
		baseUrl: `${origin}/`,
		defaultVersion: 'beta',
		customHosts: new Set([new URL(origin).hostname]),
	});
	const file = createWriteStream(out);
	const url = new URL(
		new GraphSource(undefined as never, resolveQuery(query), query, {graphBase: origin, pageSize: 1000}).origin,
	);
	const first = await client
		.api(url.pathname.replace(/^\/beta/, ''))
		.query(Object.fromEntries(url.searchParams))
		.get();
	const iterator = new PageIterator(client, first, (r: unknown) => {
		file.write(`${JSON.stringify(r)}\n`);
		records++;
		return true;
	});
	await iterator.iterate();
	await new Promise(r => file.end(r));
}
clearInterval(sample);
peak = Math.max(peak, process.memoryUsage().rss);
const used = process.cpuUsage(cpu);
process.stdout.write(
	`${JSON.stringify({mode, records, seconds: (performance.now() - started) / 1000, peakRssMb: Math.round(peak / 1e6), cpuSeconds: (used.user + used.system) / 1e6})}\n`,
);
network.close();
