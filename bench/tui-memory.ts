/**
 * Memory of the TUI process itself (issue 10: "memory flat at any count"): the built CLI (dist/cli.js, or
 * ENTRA_LOGS_TEST_CLI) in a pty of 120x35, paging with `n` through N sign-ins of `open FILE` (a generated NDJSON file
 * of the emulator's scaled sign-ins, about 6 KB each) and of Graph (the emulator in this process, pages of 1,000).
 * At the first rows (the reference, same process), at 50,000 and at N it reads the process's RSS and JS heap after a
 * full GC: a hook loaded with --import and --expose-gc answers SIGUSR2 with gc() and writes process.memoryUsage() to a
 * file (nothing of the CLI is changed for it).
 *
 *   npx tsx bench/tui-memory.ts [--records 100000] [--only open|graph]
 *
 * TUI_MEMORY_SNAPSHOTS=DIR also writes a heap snapshot into DIR at each measure (0 the first rows, then one a mark
 * and one after its idle wait).
 */
import {closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync, writeSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {scaledTable} from '../source/emulator/graph/records.js';
import {signedInEmulator} from './bench-emulator.js';
import {Terminal, until} from '../test/helpers/terminal.js';

const arg = (name: string): string | undefined => {
	const at = process.argv.indexOf(name);
	return at < 0 ? undefined : process.argv[at + 1];
};
const total = Number(arg('--records') ?? 100_000);
const only = arg('--only');
const marks = [...new Set([50_000, total].filter(n => n <= total))].sort((a, b) => a - b);
const dir = mkdtempSync(join(tmpdir(), 'entra-logs-bench-tui-memory-'));
const hook = join(dir, 'gc-hook.mjs');
const out = join(dir, 'memory.json');
writeFileSync(
	hook,
	`import {readFileSync, writeFileSync} from 'node:fs';
import {getHeapSpaceStatistics, writeHeapSnapshot} from 'node:v8';
let n = 0;
process.on('SIGUSR2', () => {
	globalThis.gc(); globalThis.gc();
	if (process.env.TUI_MEMORY_SNAPSHOTS) writeHeapSnapshot(process.env.TUI_MEMORY_SNAPSHOTS + '/' + n++ + '.heapsnapshot');
	setTimeout(() => {
		const m = process.memoryUsage();
		const spaces = Object.fromEntries(getHeapSpaceStatistics().map(s => [s.space_name.replace('_space', ''), Math.round(s.space_size / 1e6)]));
		// RSS by kind of mapping (/proc/self/smaps): node's own file, other files, malloc's heap, anonymous.
		const kinds = {};
		let name = '';
		for (const line of readFileSync('/proc/self/smaps', 'utf8').split('\\n')) {
			const head = /^[0-9a-f]+-[0-9a-f]+ \\S+ \\S+ \\S+ \\S+\\s*(.*)$/.exec(line);
			if (head) name = head[1] === process.execPath ? 'node' : head[1] === '' ? 'anon' : head[1].startsWith('/') ? 'files' : head[1];
			else if (line.startsWith('Rss:')) kinds[name] = (kinds[name] ?? 0) + Number(line.split(/\\s+/)[1]) * 1024;
		}
		for (const k of Object.keys(kinds)) kinds[k] = Math.round(kinds[k] / 1e6);
		writeFileSync(${JSON.stringify(out)}, JSON.stringify({rss: m.rss, heap: m.heapUsed, heapTotal: m.heapTotal, external: m.external, arrayBuffers: m.arrayBuffers, spaces, kinds}));
	}, 200);
});
`,
);

interface Memory {
	readonly rss: number;
	readonly heap: number;
	readonly heapTotal: number;
	readonly external: number;
	readonly arrayBuffers: number;
	/** MB committed by each of V8's heap spaces. */
	readonly spaces: Record<string, number>;
	/** MB of RSS by kind of mapping. */
	readonly kinds: Record<string, number>;
}

const mb = (bytes: number): string => `${Math.round(bytes / 1e6)} MB`;
const loaded = (screen: string): number => Number(/\/(\d+) loaded/.exec(screen)?.[1] ?? -1);

async function measure(t: Terminal): Promise<Memory> {
	rmSync(out, {force: true});
	process.kill(t.pid, 'SIGUSR2');
	await until(() => existsSync(out) && readFileSync(out, 'utf8').endsWith('}'), 'the memory after GC', 60_000);
	return JSON.parse(readFileSync(out, 'utf8')) as Memory;
}

/** Where the RSS is: V8's spaces (committed), external and array buffers, RSS by kind of mapping. */
const detail = (m: Memory): string =>
	`heap of ${mb(m.heapTotal)}: ${Object.entries(m.spaces)
		.filter(([, v]) => v > 0)
		.map(([k, v]) => `${k} ${v}`)
		.join(', ')}; external ${mb(m.external)} (array buffers ${mb(m.arrayBuffers)}); RSS by mapping: ${Object.entries(
		m.kinds,
	)
		.filter(([, v]) => v > 0)
		.map(([k, v]) => `${k} ${v}`)
		.join(', ')}`;

/** Pages through to `total` rows with n, measuring at the first rows and at each mark; the lines to print. */
async function run(label: string, args: string[], extraEnv: Record<string, string> = {}): Promise<string[]> {
	const t = new Terminal(
		args,
		{
			NODE_OPTIONS: `--expose-gc --import ${hook} ${process.env['TUI_MEMORY_NODE_OPTIONS'] ?? ''}`.trim(),
			ENTRA_LOGS_CONFIG_DIR: dir,
			...extraEnv,
		},
		process.cwd(),
		120,
		35,
	);
	try {
		await t.waitFor(/ loaded/, 120_000);
		const first = await measure(t);
		const lines = [
			`${label}: first rows (reference) RSS ${mb(first.rss)}, JS heap ${mb(first.heap)}`,
			`  ${detail(first)}`,
		];
		console.log(lines.join('\n'));
		const began = performance.now();
		let peak = 0;
		for (const mark of marks) {
			while (loaded(t.screen) < mark && !/all loaded/.test(t.screen)) {
				const before = loaded(t.screen);
				await t.key('n');
				await until(
					() => t.exitCode !== undefined || loaded(t.screen) > before || /all loaded/.test(t.screen),
					`${label}: the page after ${before}`,
					120_000,
				);
				if (t.exitCode !== undefined) throw new Error(`${label}: the TUI ended at ${before} rows`);
				peak = Math.max(peak, Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${t.pid}/status`, 'utf8'))?.[1]) * 1024);
			}
			const m = await measure(t);
			// Once the summary's feed has caught up and the next page is read ahead (5 s without a key).
			await new Promise(r => setTimeout(r, 5000));
			const idle = await measure(t);
			lines.push(
				`${label}: ${loaded(t.screen).toLocaleString('en-US')} rows, RSS after GC ${mb(m.rss)} (${(m.rss / first.rss).toFixed(2)}x the first rows), JS heap ${mb(m.heap)} of ${mb(m.heapTotal)}, external ${mb(m.external)}, after 5 s idle RSS ${mb(idle.rss)}, JS heap ${mb(idle.heap)}; peak RSS so far ${mb(peak)}, ${((performance.now() - began) / 1000).toFixed(0)} s`,
			);
			lines.push(`  at once: ${detail(m)}`, `  idle: ${detail(idle)}`);
			console.log(lines.slice(-3).join('\n'));
		}
		return lines;
	} finally {
		t.kill();
	}
}

const results: string[] = [];
try {
	if (only !== 'graph') {
		const file = join(dir, 'signins.ndjson');
		const table = scaledTable(
			(await import('../source/emulator/tenant/tenant.js')).generateTenant({
				seed: 'bench',
				signIns: 5000,
				hostileRecords: 0,
			}).signIns,
			total,
		);
		const fd = openSync(file, 'w', 0o600);
		try {
			for (let i = 0; i < total; i += 1000) {
				const lines: string[] = [];
				for (let k = i; k < Math.min(total, i + 1000); k++) lines.push(JSON.stringify(table.at(k)));
				writeSync(fd, `${lines.join('\n')}\n`);
			}
		} finally {
			closeSync(fd);
		}
		try {
			results.push(...(await run('open', ['open', file])));
		} finally {
			rmSync(file, {force: true});
		}
	}
	if (only !== 'open') {
		const {emu, caFile} = await signedInEmulator(total, dir);
		try {
			const args = [
				'signins',
				'--since',
				'2000-01-01T00:00:00Z',
				'--type',
				'interactive,non-interactive,service-principal,managed-identity',
				'--page-size',
				'1000',
				'--emulator',
				emu.origin,
				'--ca-file',
				caFile,
				'--tenant',
				emu.tenantId,
			];
			results.push(...(await run('graph', args)));
		} finally {
			await emu.close();
		}
	}
} finally {
	rmSync(dir, {recursive: true, force: true});
}
console.log(
	`\nTUI memory, ${total.toLocaleString('en-US')} sign-ins, load ${(await import('node:os')).loadavg()[0]!.toFixed(1)}`,
);
for (const line of results) console.log(line);
process.exit(0);
