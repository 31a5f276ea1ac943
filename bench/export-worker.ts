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

if (!['entra-logs', 'sdk-page-iterator', 'bare'].includes(process.argv[2] ?? '')) {
	await drive();
	process.exit(0);
}

/**
 * Alone: `npx tsx bench/export-worker.ts [--records N] [--runs R] [--modes a,b] [-- NODE_FLAGS…]` starts the
 * emulator (its scaled table: 50,000 generated sign-ins served as N, 50,000 by default) here and runs each mode R
 * times (5 by default), interleaved, each in a child; prints each run and the medians' ratios. Node flags after
 * `--` go to the entra-logs child (`-- --cpu-prof --cpu-prof-dir=DIR` profiles it).
 */
async function drive(): Promise<void> {
	const {spawn} = await import('node:child_process');
	const {mkdtempSync, rmSync} = await import('node:fs');
	const {tmpdir} = await import('node:os');
	const {join} = await import('node:path');
	const {fileURLToPath} = await import('node:url');
	const {signedInEmulator} = await import('./bench-emulator.js');
	const arg = (name: string, fallback: string): string => {
		const at = process.argv.indexOf(name);
		return at > 0 ? process.argv[at + 1]! : fallback;
	};
	const size = Number(arg('--records', '50000'));
	const runs = Number(arg('--runs', '5'));
	const modes = arg('--modes', 'entra-logs,sdk-page-iterator,bare').split(',');
	const dash = process.argv.indexOf('--');
	const flags = dash > 0 ? process.argv.slice(dash + 1) : [];
	const dir = mkdtempSync(join(tmpdir(), 'entra-logs-bench-export-'));
	const {emu, caFile: ca, cacheFile: cache} = await signedInEmulator(size, dir);
	try {
		const results = new Map<string, Array<{rate: number; cpu: number; rss: number}>>();
		for (let i = 0; i < runs; i++)
			for (const m of modes) {
				const file = join(dir, `${m}.ndjson`);
				const child = spawn(
					process.execPath,
					[
						...(m === 'entra-logs' ? flags : []),
						'--import',
						'tsx',
						fileURLToPath(import.meta.url),
						m,
						emu.origin,
						emu.tenantId,
						ca,
						cache,
						file,
					],
					{stdio: ['ignore', 'pipe', 'inherit'], env: {...process.env, NODE_EXTRA_CA_CERTS: ca}},
				);
				let text = '';
				child.stdout.on('data', (d: Buffer) => (text += d.toString()));
				const status = await new Promise<number | null>(resolve => child.on('exit', resolve));
				rmSync(file, {force: true});
				if (status !== 0) throw new Error(`${m} exited with ${status}`);
				const r = JSON.parse(text.trim().split('\n').pop()!) as {
					records: number;
					seconds: number;
					peakRssMb: number;
					cpuSeconds: number;
				};
				const list = results.get(m) ?? [];
				list.push({rate: r.records / r.seconds, cpu: r.cpuSeconds, rss: r.peakRssMb});
				results.set(m, list);
				process.stdout.write(
					`${m}: ${Math.round(r.records / r.seconds)} rec/s, CPU ${r.cpuSeconds.toFixed(2)} s, peak RSS ${r.peakRssMb} MB, ${r.records} records\n`,
				);
			}
		const med = (m: string, k: 'rate' | 'cpu' | 'rss'): number => {
			const xs = (results.get(m) ?? []).map(r => r[k]).sort((a, b) => a - b);
			return xs[Math.floor(xs.length / 2)] ?? NaN;
		};
		process.stdout.write(
			`medians of ${runs}: vs the SDK ${(med('entra-logs', 'rate') / med('sdk-page-iterator', 'rate')).toFixed(2)}x records/s; ` +
				`CPU vs bare ${(med('entra-logs', 'cpu') / med('bare', 'cpu')).toFixed(2)}x; ` +
				`peak RSS ${med('entra-logs', 'rss')} vs ${med('sdk-page-iterator', 'rss')} MB\n`,
		);
	} finally {
		await emu.close();
		rmSync(dir, {recursive: true, force: true});
	}
}

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
