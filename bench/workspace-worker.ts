/**
 * Export throughput from a Log Analytics workspace: entra-logs' WorkspaceSource + export writer (pages of
 * WORKSPACE_EXPORT_TAKE rows, the documented limiter) against Azure's LogsQueryClient (@azure/monitor-query-logs)
 * running the same compiled pages by the same keyset and writing each row as NDJSON, on the same emulator (its scaled
 * table: `records` sign-ins of the four tables, default 50,000).
 *
 * As bench/export-worker.ts does for Graph, the emulator runs here and each client in a child process of its own, as a
 * workspace answers from elsewhere: a client that asks for the next page while it writes this one (entra-logs does)
 * gains what it would gain against Azure, and each client's CPU is its own. The two run in turns, `rounds` times after
 * a warm-up run of each (not counted), so that a change of load on a shared machine falls on both alike; the figures
 * are medians and the ratio is the median of the rounds' ratios. Prints one JSON line of rows for the table.
 *
 * With `flat` (a bigger count, e.g. 200,000), each client then exports that many once more, in turns, and a row
 * sets each one's peak RSS there against its peak at `records`: an export whose memory is flat holds the same peak
 * at any count. The emulator then serves `flat` records, and the runs at `records` stop there.
 *
 * `npx tsx bench/workspace-worker.ts [records] [rounds] [flat] [-- NODE_FLAGS…]` (flags go to the entra-logs child:
 * `-- --cpu-prof --cpu-prof-dir=DIR` profiles it).
 */
import {spawn} from 'node:child_process';
import {createWriteStream, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {LogsQueryClient, LogsQueryResultStatus} from '@azure/monitor-query-logs';
import {Auth, WORKSPACE_CLIENT_ID, logAnalyticsScopes} from '../source/auth/auth.js';
import {workspaceIdFor} from '../source/emulator/log-analytics/index.js';
import {LogAnalyticsClient} from '../source/net/log-analytics-client.js';
import {createNetwork, type Network} from '../source/net/network.js';
import {compileKql, kqlPage, type KeysetCursor} from '../source/query/kql.js';
import type {Query} from '../source/query/query.js';
import {runExport} from '../source/export/export.js';
import {WORKSPACE_EXPORT_TAKE, WorkspaceSource} from '../source/sources/workspace-source.js';

type Mode = 'entra-logs' | 'sdk';

/** What a child measured: its records, pages, wall and CPU time of the export alone, and its peak RSS. */
interface Run {
	readonly records: number;
	readonly pages: number;
	readonly ms: number;
	readonly cpuMs: number;
	readonly rssMb: number;
	/** RSS when the export began (signed in, modules loaded): what the export adds is the peak over it. */
	readonly baseMb: number;
}

const auth = (network: Network, origin: string, tenant: string, cacheFile: string): Auth =>
	new Auth({
		loginHost: origin,
		graphResource: 'https://graph.microsoft.com',
		tenant,
		clientId: WORKSPACE_CLIENT_ID,
		scopes: logAnalyticsScopes('https://api.loganalytics.io'),
		cacheFile,
		network,
		knownAuthorities: [new URL(origin).host],
	});

const queryOf = (workspace: string): Query => ({
	report: 'signins',
	filters: {},
	order: 'newest',
	workspace,
	eventTypes: ['interactive', 'non-interactive', 'service-principal', 'managed-identity'],
});

const mode = process.argv[2];
if (mode === 'entra-logs' || mode === 'sdk') await child(mode, process.argv.slice(3));
else await drive();

/** One export in this process: `<mode> <origin> <tenant> <ca file> <msal cache file> <out file> <records>`. */
async function child(which: Mode, [origin, tenant, caFile, cacheFile, out, most]: string[]): Promise<void> {
	const max = Number(most);
	const {readFileSync} = await import('node:fs');
	const ca = readFileSync(caFile!, 'utf8');
	const network = createNetwork({ca: [ca]});
	const signedIn = auth(network, origin!, tenant!, cacheFile!);
	const workspace = workspaceIdFor(tenant!);
	const query = queryOf(workspace);
	await signedIn.getToken();
	const baseMb = process.memoryUsage().rss / 1024 / 1024;
	const cpu = process.cpuUsage();
	const t = performance.now();
	let r: {records: number; pages: number};
	if (which === 'entra-logs') {
		// The export as `signins --workspace ID --output ndjson --out FILE` runs it.
		const client = new LogAnalyticsClient({network, base: origin!, getToken: o => signedIn.getToken(o)});
		const source = new WorkspaceSource(client, query, workspace, {take: WORKSPACE_EXPORT_TAKE});
		r = await runExport({source, report: 'signins', format: 'ndjson', out: out!, queryKey: 'bench', max});
	} else {
		// LogsQueryClient: the same pages by the same keyset, each row written as a JSON line.
		const sdk = new LogsQueryClient(
			{getToken: async () => ({token: await signedIn.getToken(), expiresOnTimestamp: Date.now() + 3_000_000})},
			{endpoint: `${origin!}/v1`, tlsOptions: {ca}},
		);
		const compiled = compileKql(query);
		const [start, end] = (compiled.timespan ?? `${new Date(0).toISOString()}/${new Date().toISOString()}`).split('/');
		const file = createWriteStream(out!);
		let after: KeysetCursor | undefined;
		let records = 0;
		let pages = 0;
		for (;;) {
			const text = `${kqlPage(compiled, {take: WORKSPACE_EXPORT_TAKE, after})}\n| extend TimeText = tostring(TimeGenerated)`;
			const result = await sdk.queryWorkspace(workspace, text, {startTime: new Date(start!), endTime: new Date(end!)});
			if (result.status !== LogsQueryResultStatus.Success) throw new Error(`the SDK's page: ${result.status}`);
			const table = result.tables[0]!;
			const names = table.columnDescriptors.map(c => c.name!);
			let chunk = '';
			const rows = table.rows.slice(0, max - records);
			for (const cells of rows) chunk += `${JSON.stringify(Object.fromEntries(names.map((c, i) => [c, cells[i]])))}\n`;
			if (!file.write(chunk)) await new Promise<void>(resolve => file.once('drain', () => resolve()));
			records += rows.length;
			pages++;
			if (table.rows.length < WORKSPACE_EXPORT_TAKE || records >= max) break;
			// The SDK hands datetimes back as Dates (to the millisecond): the keyset needs the service's 7 digits,
			// so the cursor comes from the time asked for as text (TimeText).
			const last = table.rows.at(-1)!;
			after = {time: String(last[names.indexOf('TimeText')]), id: String(last[names.indexOf('Id')])};
		}
		await new Promise<void>(resolve => file.end(() => resolve()));
		r = {records, pages};
	}
	const used = process.cpuUsage(cpu);
	const run: Run = {
		...r,
		ms: performance.now() - t,
		cpuMs: (used.user + used.system) / 1000,
		rssMb: process.resourceUsage().maxRSS / 1024,
		baseMb,
	};
	network.close();
	process.stdout.write(`${JSON.stringify(run)}\n`);
	process.exit(0);
}

async function drive(): Promise<void> {
	const {startEmulator} = await import('../source/emulator/server.js');
	const dash = process.argv.indexOf('--');
	const args = dash > 0 ? process.argv.slice(2, dash) : process.argv.slice(2);
	const flags = dash > 0 ? process.argv.slice(dash + 1) : [];
	const records = Number(args[0] ?? 50_000);
	const rounds = Number(args[1] ?? 3);
	const flat = Number(args[2] ?? 0);
	const emu = await startEmulator({
		seed: 'bench',
		scaleSignIns: Math.max(records, flat),
		pollInterval: 0,
		autoApproveMs: 50,
	});
	const dir = mkdtempSync(join(tmpdir(), 'entra-logs-bench-ws-'));
	const caFile = join(dir, 'ca.pem');
	const cacheFile = join(dir, 'msal-cache.json');
	writeFileSync(caFile, emu.caCert, {mode: 0o600});
	const network = createNetwork({ca: [emu.caCert]});
	const rows: Array<[string, string]> = [];
	const median = (xs: readonly number[]): number => {
		const s = [...xs].sort((a, b) => a - b);
		return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
	};
	/** One export in a child (asynchronously: the emulator lives in this process and must keep answering). */
	const once = (which: Mode, count = records): Promise<Run> =>
		new Promise((resolve, reject) => {
			const self = fileURLToPath(import.meta.url);
			const p = spawn(
				process.execPath,
				[
					...(which === 'entra-logs' ? flags : []),
					'--import',
					'tsx',
					self,
					which,
					emu.origin,
					emu.tenantId,
					caFile,
					cacheFile,
					join(dir, `${which}.ndjson`),
					String(count),
				],
				{stdio: ['ignore', 'pipe', 'pipe']},
			);
			let stdout = '';
			let stderr = '';
			p.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
			p.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
			p.on('error', reject);
			p.on('close', code =>
				code === 0
					? resolve(JSON.parse(stdout.trim().split('\n').pop()!) as Run)
					: reject(new Error(`${which} failed: ${stderr.split('\n').slice(0, 3).join(' ')}`)),
			);
		});
	try {
		await auth(network, emu.origin, emu.tenantId, cacheFile).login(() => undefined);
		// A warm-up run of each, not counted: it warms the emulator (its lazily projected rows) up.
		await once('entra-logs');
		await once('sdk');
		const a: Run[] = [];
		const b: Run[] = [];
		for (let i = 0; i < rounds; i++) {
			a.push(await once('entra-logs'));
			b.push(await once('sdk'));
		}
		const rate = (runs: readonly Run[]): string => {
			const ms = median(runs.map(r => r.ms));
			const n = runs[0]!.records;
			const cpu = median(runs.map(r => r.cpuMs / (r.records / 1000)));
			return `${Math.round(n / (ms / 1000)).toLocaleString('en-US')} records/s (median of ${runs.length}: ${n.toLocaleString('en-US')} in ${(ms / 1000).toFixed(1)} s; its CPU ${cpu.toFixed(0)} ms per 1,000; peak RSS ${Math.round(median(runs.map(r => r.rssMb)))} MB, ${Math.round(median(runs.map(r => r.baseMb)))} MB at its start)`;
		};
		rows.push([`workspace export, entra-logs (${a[0]!.pages} pages)`, rate(a)]);
		rows.push([`workspace export, LogsQueryClient (${b[0]!.pages} pages)`, rate(b)]);
		const ratio = median(a.map((r, i) => b[i]!.ms / r.ms));
		const cpuRatio = median(a.map((r, i) => b[i]!.cpuMs / r.cpuMs));
		rows.push([
			'workspace export vs LogsQueryClient',
			`${ratio.toFixed(2)}x its records/s (its CPU over ours: ${cpuRatio.toFixed(2)}x)`,
		]);
		if (a.some(r => r.records !== b[0]!.records))
			rows.push(['workspace export: the two differ', `${a[0]!.records} vs ${b[0]!.records} records`]);
		if (flat > 0) {
			// Each client once more at the bigger count, in turns: its peak there against its median peak above.
			const big = {ours: await once('entra-logs', flat), sdk: await once('sdk', flat)};
			const peak = (runs: readonly Run[]): number => median(runs.map(r => r.rssMb));
			const at = (run: Run, small: number): string =>
				`${Math.round(run.rssMb)} MB at ${run.records.toLocaleString('en-US')} (${(run.rssMb / small).toFixed(2)}x its ${Math.round(small)} MB at ${records.toLocaleString('en-US')})`;
			rows.push([
				`workspace export peak RSS, ${flat.toLocaleString('en-US')} vs ${records.toLocaleString('en-US')} records`,
				`entra-logs ${at(big.ours, peak(a))}; LogsQueryClient ${at(big.sdk, peak(b))}; entra-logs over LogsQueryClient at ${flat.toLocaleString('en-US')}: ${(big.ours.rssMb / big.sdk.rssMb).toFixed(2)}x`,
			]);
		}
	} finally {
		network.close();
		await emu.close();
		rmSync(dir, {recursive: true, force: true});
	}
	process.stdout.write(`${JSON.stringify(rows)}\n`);
}
