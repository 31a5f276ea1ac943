/**
 * Export throughput from a Log Analytics workspace, in its own process: entra-logs' WorkspaceSource + export writer
 * (pages of WORKSPACE_EXPORT_TAKE rows, the documented limiter) against Azure's LogsQueryClient
 * (@azure/monitor-query-logs) running the same compiled pages by the same keyset and writing each row as NDJSON, on
 * the same emulator (its scaled table: `records` sign-ins of the four tables, default 50,000). The emulator scans its
 * tables for every query, so both pay the same server time; the difference is the client's. Prints one JSON line of
 * rows for the table. `node --import tsx bench/workspace-worker.ts [records] [rounds]`
 */
import {createWriteStream} from 'node:fs';
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {LogsQueryClient, LogsQueryResultStatus} from '@azure/monitor-query-logs';
import {Auth, WORKSPACE_CLIENT_ID, logAnalyticsScopes} from '../source/auth/auth.js';
import {startEmulator} from '../source/emulator/server.js';
import {workspaceIdFor} from '../source/emulator/log-analytics/index.js';
import {LogAnalyticsClient} from '../source/net/log-analytics-client.js';
import {createNetwork} from '../source/net/network.js';
import {compileKql, kqlPage, type KeysetCursor} from '../source/query/kql.js';
import type {Query} from '../source/query/query.js';
import {runExport} from '../source/export/export.js';
import {WORKSPACE_EXPORT_TAKE, WorkspaceSource} from '../source/sources/workspace-source.js';

const records = Number(process.argv[2] ?? 50_000);
const rounds = Number(process.argv[3] ?? 3);
const emu = await startEmulator({seed: 'bench', scaleSignIns: records, pollInterval: 0, autoApproveMs: 50});
const dir = mkdtempSync(join(tmpdir(), 'entra-logs-bench-ws-'));
const network = createNetwork({ca: [emu.caCert]});
const auth = new Auth({
	loginHost: emu.origin,
	graphResource: 'https://graph.microsoft.com',
	tenant: emu.tenantId,
	clientId: WORKSPACE_CLIENT_ID,
	scopes: logAnalyticsScopes('https://api.loganalytics.io'),
	cacheFile: join(dir, 'msal-cache.json'),
	network,
	knownAuthorities: [new URL(emu.origin).host],
});
await auth.login(() => undefined);
const workspace = workspaceIdFor(emu.tenantId);
const query: Query = {
	report: 'signins',
	filters: {},
	order: 'newest',
	workspace,
	eventTypes: ['interactive', 'non-interactive', 'service-principal', 'managed-identity'],
};
const rows: Array<[string, string]> = [];
const median = (xs: readonly number[]): number => {
	const s = [...xs].sort((a, b) => a - b);
	return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
/** One timed run: its records, pages, wall ms and the process's CPU ms (emulator and client: both share it). */
interface Run {
	readonly records: number;
	readonly pages: number;
	readonly ms: number;
	readonly cpuMs: number;
}
const timed = async (run: () => Promise<{records: number; pages: number}>): Promise<Run> => {
	const cpu = process.cpuUsage();
	const t = performance.now();
	const r = await run();
	const used = process.cpuUsage(cpu);
	return {...r, ms: performance.now() - t, cpuMs: (used.user + used.system) / 1000};
};

// entra-logs: the export as `signins --workspace ID --output ndjson --out FILE` runs it.
const ours = async (): Promise<{records: number; pages: number}> => {
	const client = new LogAnalyticsClient({network, base: emu.origin, getToken: o => auth.getToken(o)});
	const source = new WorkspaceSource(client, query, workspace, {take: WORKSPACE_EXPORT_TAKE});
	return runExport({
		source,
		report: 'signins',
		format: 'ndjson',
		out: join(dir, 'entra-logs.ndjson'),
		queryKey: 'bench',
	});
};

// LogsQueryClient: the same pages by the same keyset, each row written as a JSON line.
const sdk = new LogsQueryClient(
	{getToken: async () => ({token: await auth.getToken(), expiresOnTimestamp: Date.now() + 3_000_000})},
	{endpoint: `${emu.origin}/v1`, tlsOptions: {ca: emu.caCert}},
);
const theirs = async (): Promise<{records: number; pages: number}> => {
	const compiled = compileKql(query);
	const [start, end] = (compiled.timespan ?? `${new Date(0).toISOString()}/${new Date().toISOString()}`).split('/');
	const out = createWriteStream(join(dir, 'sdk.ndjson'));
	let after: KeysetCursor | undefined;
	let n = 0;
	let pages = 0;
	for (;;) {
		const text = `${kqlPage(compiled, {take: WORKSPACE_EXPORT_TAKE, after})}\n| extend TimeText = tostring(TimeGenerated)`;
		const result = await sdk.queryWorkspace(workspace, text, {startTime: new Date(start!), endTime: new Date(end!)});
		if (result.status !== LogsQueryResultStatus.Success) throw new Error(`the SDK's page: ${result.status}`);
		const table = result.tables[0]!;
		const names = table.columnDescriptors.map(c => c.name!);
		let chunk = '';
		for (const cells of table.rows)
			chunk += `${JSON.stringify(Object.fromEntries(names.map((c, i) => [c, cells[i]])))}\n`;
		if (!out.write(chunk)) await new Promise<void>(r => out.once('drain', () => r()));
		n += table.rows.length;
		pages++;
		if (table.rows.length < WORKSPACE_EXPORT_TAKE) break;
		// The SDK hands datetimes back as Dates (to the millisecond): the keyset needs the service's 7 digits,
		// so the cursor comes from the time asked for as text (TimeText).
		const last = table.rows.at(-1)!;
		after = {time: String(last[names.indexOf('TimeText')]), id: String(last[names.indexOf('Id')])};
	}
	await new Promise<void>(r => out.end(() => r()));
	return {records: n, pages};
};

try {
	// One run of each first, not counted: it warms the emulator (its lazily projected rows) and the JIT up. Then the
	// two in turns, `rounds` times, so that a change of load on a shared machine falls on both alike: the figures are
	// medians, and the ratio is the median of each round's ratio.
	await ours();
	await theirs();
	const a: Run[] = [];
	const b: Run[] = [];
	for (let i = 0; i < rounds; i++) {
		a.push(await timed(ours));
		b.push(await timed(theirs));
	}
	const rate = (runs: readonly Run[]): string => {
		const ms = median(runs.map(r => r.ms));
		const n = runs[0]!.records;
		return `${Math.round(n / (ms / 1000)).toLocaleString('en-US')} records/s (median of ${runs.length}: ${n.toLocaleString('en-US')} in ${(ms / 1000).toFixed(1)} s; CPU ${median(runs.map(r => r.cpuMs / (r.records / 1000))).toFixed(0)} ms per 1,000, emulator included)`;
	};
	rows.push([`workspace export, entra-logs (${a[0]!.pages} pages)`, rate(a)]);
	rows.push([`workspace export, LogsQueryClient (${b[0]!.pages} pages)`, rate(b)]);
	const ratio = median(a.map((r, i) => b[i]!.ms / r.ms));
	const cpuRatio = median(a.map((r, i) => b[i]!.cpuMs / r.cpuMs));
	rows.push([
		'workspace export vs LogsQueryClient',
		`${ratio.toFixed(2)}x the records/s (CPU ${cpuRatio.toFixed(2)}x: its CPU over ours, emulator included)`,
	]);
	if (a.some(r => r.records !== b[0]!.records))
		rows.push(['workspace export: the two differ', `${a[0]!.records} vs ${b[0]!.records} records`]);
} finally {
	network.close();
	await emu.close();
	rmSync(dir, {recursive: true, force: true});
}
process.stdout.write(`${JSON.stringify(rows)}\n`);
