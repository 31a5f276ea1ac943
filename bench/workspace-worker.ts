/**
 * Export throughput from a Log Analytics workspace, in its own process: entra-logs' WorkspaceSource + export writer
 * (pages of WORKSPACE_EXPORT_TAKE rows, the documented limiter) against Azure's LogsQueryClient
 * (@azure/monitor-query-logs) running the same compiled pages by the same keyset and writing each row as NDJSON, on
 * the same emulator (its scaled table: `records` sign-ins of the four tables, default 50,000). The emulator scans its
 * tables for every query, so both pay the same server time; the difference is the client's. Prints one JSON line of
 * rows for the table. `node --import tsx bench/workspace-worker.ts [records]`
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
let exported = 0;
const rate = (n: number, ms: number): string =>
	`${Math.round(n / (ms / 1000)).toLocaleString('en-US')} records/s (${n.toLocaleString('en-US')} in ${(ms / 1000).toFixed(1)} s)`;

try {
	// entra-logs: the export as `signins --workspace ID --output ndjson --out FILE` runs it. Twice: the first run
	// warms the emulator (its lazily projected rows) and the JIT up, and is not counted.
	for (const counted of [false, true]) {
		const client = new LogAnalyticsClient({network, base: emu.origin, getToken: o => auth.getToken(o)});
		const source = new WorkspaceSource(client, query, workspace, {take: WORKSPACE_EXPORT_TAKE});
		const t = performance.now();
		const r = await runExport({
			source,
			report: 'signins',
			format: 'ndjson',
			out: join(dir, 'entra-logs.ndjson'),
			queryKey: 'bench',
		});
		if (!counted) continue;
		rows.push([`workspace export, entra-logs (${r.pages} pages)`, rate(r.records, performance.now() - t)]);
		exported = r.records;
	}
	// LogsQueryClient: the same pages by the same keyset, each row written as a JSON line.
	{
		const sdk = new LogsQueryClient(
			{getToken: async () => ({token: await auth.getToken(), expiresOnTimestamp: Date.now() + 3_000_000})},
			{endpoint: `${emu.origin}/v1`, tlsOptions: {ca: emu.caCert}},
		);
		const compiled = compileKql(query);
		const [start, end] = (compiled.timespan ?? `${new Date(0).toISOString()}/${new Date().toISOString()}`).split('/');
		const out = createWriteStream(join(dir, 'sdk.ndjson'));
		const t = performance.now();
		let after: KeysetCursor | undefined;
		let n = 0;
		let pages = 0;
		for (;;) {
			const text = `${kqlPage(compiled, {take: WORKSPACE_EXPORT_TAKE, after})}\n| extend TimeText = tostring(TimeGenerated)`;
			const result = await sdk.queryWorkspace(workspace, text, {
				startTime: new Date(start!),
				endTime: new Date(end!),
			});
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
		rows.push([`workspace export, LogsQueryClient (${pages} pages)`, rate(n, performance.now() - t)]);
		if (n !== exported) rows.push(['workspace export: the two differ', `${exported} vs ${n} records`]);
	}
} finally {
	network.close();
	await emu.close();
	rmSync(dir, {recursive: true, force: true});
}
process.stdout.write(`${JSON.stringify(rows)}\n`);
