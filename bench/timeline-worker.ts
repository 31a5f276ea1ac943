/**
 * One user's timeline against the emulator (issue 9 §5): time to the first rows and to the whole timeline, for alice
 * (a UPN: her object id learned from her own records) on a tenant of 50,000 sign-ins, through the real Graph client
 * with Graph's documented limiter (5 requests per 10 s; a fresh client each run, as a new process would have). The
 * emulator's latency knob adds a round trip a real tenant would have. Median of 5 runs after one warm-up. Prints
 * one JSON line: rows for the table. `node --import tsx bench/timeline-worker.ts [latency ms]`
 */
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {startEmulator} from '../source/emulator/server.js';
import {generateTenant} from '../source/emulator/tenant/tenant.js';
import {Auth} from '../source/auth/auth.js';
import {GraphClient} from '../source/graph/client.js';
import {createNetwork} from '../source/net/network.js';
import {openSource} from '../source/sources/open-source.js';
import {fetchTimeline} from '../source/sources/timeline-source.js';

const latency = Number(process.argv[2] ?? 150);
const emu = await startEmulator({
	tenant: generateTenant({seed: 'bench-timeline', signIns: 50_000, hostileRecords: 0}),
	pollInterval: 0,
	autoApproveMs: 0,
	faults: {latencyMs: latency},
});
const dir = mkdtempSync(join(tmpdir(), 'entra-logs-bench-timeline-'));
const network = createNetwork({ca: [emu.caCert]});
const auth = new Auth({
	loginHost: emu.origin,
	graphResource: 'https://graph.microsoft.com',
	tenant: emu.tenantId,
	cacheFile: join(dir, 'cache.json'),
	network,
	knownAuthorities: [new URL(emu.origin).host],
});
await auth.login(() => undefined);

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const firsts: number[] = [];
const wholes: number[] = [];
let records = 0;
for (let run = 0; run < 6; run++) {
	const client = new GraphClient({
		network,
		getToken: o => auth.getToken(o),
		rateLimit: {requests: 5, windowMs: 10_000},
	});
	const origin = {kind: 'graph', client, graphBase: emu.origin} as const;
	const t = performance.now();
	let first: number | undefined;
	const state = await fetchTimeline(
		{upn: 'alice@contoso.com'},
		{since: '30d'},
		q => openSource(q, origin, {pageSize: 1000}),
		{
			onUpdate: s => {
				if (first === undefined && s.entries.length > 0) first = performance.now() - t;
			},
		},
	);
	if (state.problems.length > 0) throw new Error(state.problems.join('; '));
	records = state.entries.length;
	if (run > 0) {
		firsts.push(first ?? Number.NaN);
		wholes.push(performance.now() - t);
	}
}
network.close();
await emu.close();
rmSync(dir, {recursive: true, force: true});
const label = `timeline of one user (${records} records, 4 queries, ${latency} ms per request, limiter 5/10 s; median of 5)`;
process.stdout.write(
	`${JSON.stringify([
		[`${label}: first rows`, `${median(firsts).toFixed(0)} ms`],
		[`${label}: all`, `${median(wholes).toFixed(0)} ms`],
	])}\n`,
);
