/**
 * `npm run bench` (`-- --quick` skips the million, `-- --records N` sizes it): start-up, export throughput and memory at 50,000 and 1,000,000
 * records (entra-logs vs the Graph JS SDK's PageIterator on the same emulator), the record store paging through
 * them, the TUI's keypress-to-frame, first page, next page and start to first frame, and `open DIR` on a
 * diagnostic-settings archive of 720 hourly files to its first record (bench/archive-worker.ts). Prints a table of medians.
 */
import {execFileSync, spawn, spawnSync} from 'node:child_process';
import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {generateTenant} from '../source/emulator/tenant/tenant.js';
import {signedInEmulator} from './bench-emulator.js';

function run(
	cmd: string,
	args: string[],
	env: NodeJS.ProcessEnv,
): Promise<{status: number | null; stdout: string; stderr: string}> {
	return new Promise(resolve => {
		const child = spawn(cmd, args, {env});
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (d: Buffer) => {
			stdout += d.toString();
		});
		child.stderr.on('data', (d: Buffer) => {
			stderr += d.toString();
		});
		child.on('exit', status => resolve({status, stdout, stderr}));
	});
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const rows: Array<[string, string]> = [];
const dir = mkdtempSync(join(tmpdir(), 'entra-logs-bench-'));
const cli = join(process.cwd(), 'dist', 'cli.js');

// 1. Start-up: the bundled CLI to its first output (--version, and --help).
for (const args of [['--version'], ['--help']]) {
	const times: number[] = [];
	for (let i = 0; i < 7; i++) {
		const t = performance.now();
		execFileSync(process.execPath, [cli, ...args], {stdio: 'ignore'});
		times.push(performance.now() - t);
	}
	rows.push([`start-up: entra-logs ${args[0]} (median of 7)`, `${median(times).toFixed(0)} ms`]);
}

// 2. Export throughput and peak memory, entra-logs vs PageIterator: 50,000 generated sign-ins, and 1,000,000
//    derived from 50,000 by the emulator's scaled table (it would otherwise hold ~7 GB). `--quick` skips the million.
//    Then the TUI's record store paging through the million (memory, spill file, details read back).
const quick = process.argv.includes('--quick');
const recordsArg = process.argv.indexOf('--records');
const big = recordsArg > 0 ? Number(process.argv[recordsArg + 1]) : 1_000_000;
const sizes = quick ? [50_000] : [50_000, big];
const openRows: Array<[string, string]> = [];
for (const size of sizes) {
	const sub = join(dir, `size-${size}`);
	mkdirSync(sub, {mode: 0o700});
	const {emu, caFile, cacheFile} = await signedInEmulator(size, sub);
	const repeats = size > 100_000 ? 1 : 3;
	const figures = new Map<string, {rate: number; rss: number; cpu: number}>();
	for (const mode of ['entra-logs', 'sdk-page-iterator', 'bare']) {
		const runs = [];
		for (let i = 0; i < repeats; i++) {
			// Asynchronously: the emulator lives in this process and must keep answering.
			const r = await run(
				process.execPath,
				[
					'--import',
					'tsx',
					join('bench', 'export-worker.ts'),
					mode,
					emu.origin,
					emu.tenantId,
					caFile,
					cacheFile,
					join(dir, `${mode}.ndjson`),
				],
				{...process.env, NODE_EXTRA_CA_CERTS: caFile},
			);
			if (r.status !== 0) throw new Error(`${mode} failed: ${r.stderr}`);
			if (mode === 'entra-logs' && i === repeats - 1 && size === sizes.at(-1)) {
				// The export just written, opened offline: index and page through it.
				const o = await run(
					process.execPath,
					['--import', 'tsx', join('bench', 'open-worker.ts'), join(dir, `${mode}.ndjson`)],
					process.env,
				);
				if (o.status !== 0) throw new Error(`open failed: ${o.stderr}`);
				openRows.push(...(JSON.parse(o.stdout.trim().split('\n').pop()!) as Array<[string, string]>));
			}
			rmSync(join(dir, `${mode}.ndjson`), {force: true});
			runs.push(
				JSON.parse(r.stdout.trim().split('\n').pop()!) as {
					records: number;
					seconds: number;
					peakRssMb: number;
					cpuSeconds: number;
				},
			);
		}
		const rate = median(runs.map(r => r.records / r.seconds));
		const cpu = median(runs.map(r => r.cpuSeconds));
		figures.set(mode, {rate, rss: median(runs.map(r => r.peakRssMb)), cpu});
		rows.push([
			`export ${size.toLocaleString('en-US')} sign-ins: ${mode === 'bare' ? 'bare https + JSON.parse, no output' : mode} (${repeats === 1 ? 'one run' : `median of ${repeats}`})`,
			`${Math.round(rate).toLocaleString('en-US')} rec/s, peak RSS ${median(runs.map(r => r.peakRssMb))} MB, CPU ${cpu.toFixed(2)} s, ${runs[0]!.records.toLocaleString('en-US')} records`,
		]);
	}
	{
		const ours = figures.get('entra-logs')!;
		const sdk = figures.get('sdk-page-iterator')!;
		const bare = figures.get('bare')!;
		rows.push([
			`export ${size.toLocaleString('en-US')}: entra-logs vs the SDK (records/s; peak RSS)`,
			`${(ours.rate / sdk.rate).toFixed(2)}x; ${ours.rss} vs ${sdk.rss} MB (target >= 1.5x; <= the SDK's)`,
		]);
		rows.push([
			`export ${size.toLocaleString('en-US')}: entra-logs CPU vs bare https + JSON.parse`,
			`${(ours.cpu / bare.cpu).toFixed(2)}x (target <= 1.2x)`,
		]);
	}
	rows.push(...openRows.splice(0));
	if (size === sizes.at(-1)) {
		const r = await run(
			process.execPath,
			[
				'--expose-gc',
				'--import',
				'tsx',
				join('bench', 'store-worker.ts'),
				emu.origin,
				emu.tenantId,
				caFile,
				cacheFile,
				String(size),
			],
			process.env,
		);
		if (r.status !== 0) throw new Error(`store failed: ${r.stderr}`);
		rows.push(...(JSON.parse(r.stdout.trim().split('\n').pop()!) as Array<[string, string]>));
	}
	await emu.close();
}

// 3. TUI: keypress to frame with 100,000 loaded rows (ink-testing-library render of the real App).
const ui = spawnSync(process.execPath, ['--import', 'tsx', join('bench', 'ui-worker.tsx')], {
	encoding: 'utf8',
	env: {...process.env, CI: '', NODE_ENV: 'production'},
});
if (ui.status === 0) rows.push(...(JSON.parse(ui.stdout.trim().split('\n').pop()!) as Array<[string, string]>));
else rows.push(['keypress to frame', `failed: ${ui.stderr.split('\n')[0]}`]);

// 3b. Keys in a real terminal: the built CLI in a pty of 120x35 with 100,000 rows loaded, bytes and time per `j`.
const keys = spawnSync(process.execPath, ['--import', 'tsx', join('bench', 'ui-keys-worker.tsx')], {
	encoding: 'utf8',
	env: {...process.env, CI: ''},
});
if (keys.status === 0) rows.push(...(JSON.parse(keys.stdout.trim().split('\n').pop()!) as Array<[string, string]>));
else rows.push(['key j in a pty', `failed: ${keys.stderr.split('\n')[0]}`]);

// 4. TUI against the emulator: first page shown, next page with prefetch.
const uiGraph = spawnSync(process.execPath, ['--import', 'tsx', join('bench', 'ui-graph-worker.tsx')], {
	encoding: 'utf8',
	env: {...process.env, CI: '', NODE_ENV: 'production'},
});
if (uiGraph.status === 0)
	rows.push(...(JSON.parse(uiGraph.stdout.trim().split('\n').pop()!) as Array<[string, string]>));
else rows.push(['TUI first page', `failed: ${uiGraph.stderr.split('\n')[0]}`]);

// 4b. Triage: the summary (counts, histogram, detections) of 100,000 loaded sign-ins, whole and a page at a time.
const summary = spawnSync(process.execPath, ['--import', 'tsx', join('bench', 'summary-worker.ts')], {
	encoding: 'utf8',
	maxBuffer: 1e7,
});
if (summary.status === 0)
	rows.push(...(JSON.parse(summary.stdout.trim().split('\n').pop()!) as Array<[string, string]>));
else rows.push(['summary of 100,000 sign-ins', `failed: ${summary.stderr.split('\n')[0]}`]);

// 4c. Triage: one user's timeline (four queries at once under Graph's limiter): first rows, and all of it.
const timeline = spawnSync(process.execPath, ['--import', 'tsx', join('bench', 'timeline-worker.ts')], {
	encoding: 'utf8',
	maxBuffer: 1e7,
});
if (timeline.status === 0)
	rows.push(...(JSON.parse(timeline.stdout.trim().split('\n').pop()!) as Array<[string, string]>));
else rows.push(['timeline of one user', `failed: ${timeline.stderr.split('\n')[0]}`]);

// 4d. A Log Analytics workspace: export records/s, entra-logs against Azure's LogsQueryClient on the same emulator.
const ws = spawnSync(process.execPath, ['--import', 'tsx', join('bench', 'workspace-worker.ts')], {encoding: 'utf8'});
if (ws.status === 0) rows.push(...(JSON.parse(ws.stdout.trim().split('\n').pop()!) as Array<[string, string]>));
else rows.push(['workspace export', `failed: ${ws.stderr.split('\n')[0]}`]);

// 5. An admin-center style download: 50,000 sign-ins in one pretty-printed JSON array, opened offline.
{
	const file = join(dir, 'download.json');
	writeFileSync(
		file,
		JSON.stringify(generateTenant({seed: 'bench', signIns: 50_000, hostileRecords: 0}).signIns, null, 2),
	);
	const o = await run(
		process.execPath,
		['--import', 'tsx', join('bench', 'open-worker.ts'), file, 'pretty-printed JSON download'],
		process.env,
	);
	if (o.status === 0) rows.push(...(JSON.parse(o.stdout.trim().split('\n').pop()!) as Array<[string, string]>));
	else rows.push(['open a pretty-printed JSON download', `failed: ${o.stderr.split('\n')[0]}`]);
	rmSync(file, {force: true});
}

// 5b. A diagnostic-settings archive: `open DIR` on 720 hourly PT1H.json files to its first record, against references.
{
	const o = await run(process.execPath, ['--import', 'tsx', join('bench', 'archive-worker.ts')], process.env);
	if (o.status === 0) rows.push(...(JSON.parse(o.stdout.trim().split('\n').pop()!) as Array<[string, string]>));
	else rows.push(['open DIR: 720 hourly files', `failed: ${o.stderr.split('\n')[0]}`]);
}

// 6. Start-up in a real pty against bare node in the same run: open FILE to its first rows at 2,000, 50,000 and the
//    big size (and --user U's first match against jq … | head -1), --demo to its device code and picker.
{
	const o = await run(
		process.execPath,
		['--import', 'tsx', join('bench', 'startup-pty.ts'), ...(quick ? ['--quick'] : ['--records', String(big)])],
		process.env,
	);
	if (o.status === 0) rows.push(...(JSON.parse(o.stdout.trim().split('\n').pop()!) as Array<[string, string]>));
	else rows.push(['start-up in a pty', `failed: ${o.stderr.split('\n')[0]}`]);
}

rmSync(dir, {recursive: true, force: true});
const width = Math.max(...rows.map(r => r[0].length));
process.stdout.write(`${'measure'.padEnd(width)}  result\n${'-'.repeat(width)}  ------\n`);
for (const [k, v] of rows) process.stdout.write(`${k.padEnd(width)}  ${v}\n`);
