/**
 * The TUI's record store paging through a whole report (as a user pressing n to the end would), in a process of its
 * own, bundled as the CLI ships and without the emulator that serves it (that lives in the parent), so that the
 * memory measured is the client's alone: RSS and JS heap after GC before the first page (the reference), at 100,000,
 * half and all of the records, with what the RSS is made of (V8's heap as committed, mapped code, the rest: buffers
 * and malloc); peak RSS while paging; the spill file's size; how long a detail read back from it takes; that it is
 * gone after close. Prints one JSON line: rows for the table.
 *
 * Alone: `npx tsx bench/store-worker.ts [--records N] [--page-size P]` (100,000 and the TUI's 100 by default) starts
 * the emulator (its scaled table: 50,000 generated sign-ins served as N) here and measures in a child. bench/run.ts
 * calls the child form: `store-worker.ts ORIGIN TENANT CA_FILE CACHE_FILE N [P]`.
 */
import {spawn} from 'node:child_process';
import {statSync, existsSync, mkdtempSync, readFileSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {getHeapSpaceStatistics} from 'node:v8';
import {Auth} from '../source/auth/auth.js';
import {GraphClient} from '../source/graph/client.js';
import {createNetwork} from '../source/net/network.js';
import {resolveQuery, type Query} from '../source/query/query.js';
import {GraphSource} from '../source/sources/graph-source.js';
import {RecordStore} from '../source/store/record-store.js';

const BUNDLED = 'ENTRA_LOGS_STORE_BENCH_BUNDLED';
if (process.argv.length < 7) await drive();
else if (process.env[BUNDLED]) await measure();
else process.stdout.write(await measureBundled(process.argv.slice(2)));

/**
 * Runs the measuring side bundled (as the CLI ships: one esbuild file, no tsx, whose loader thread alone holds
 * ~35 MB) in a process of its own with --expose-gc; its stdout.
 */
async function measureBundled(args: readonly string[]): Promise<string> {
	const {build} = await import('esbuild');
	// Under node_modules, so that the bundle's packages (left outside it, as in dist/) resolve as the CLI's do.
	const dir = mkdtempSync(join(process.cwd(), 'node_modules', '.cache-entra-logs-bench-'));
	try {
		const bundle = join(dir, 'store-worker.mjs');
		await build({
			entryPoints: [fileURLToPath(import.meta.url)],
			outfile: bundle,
			bundle: true,
			platform: 'node',
			target: 'node20',
			format: 'esm',
			packages: 'external',
			logLevel: 'warning',
		});
		const run = async (argv: readonly string[]): Promise<Array<[string, string]>> => {
			const child = spawn(process.execPath, ['--expose-gc', bundle, ...argv], {
				stdio: ['ignore', 'pipe', 'inherit'],
				env: {...process.env, [BUNDLED]: '1'},
			});
			let out = '';
			child.stdout.on('data', (d: Buffer) => (out += d.toString()));
			const status = await new Promise<number | null>(resolve => child.on('exit', resolve));
			if (status !== 0) throw new Error(`the store's process exited with ${status}`);
			return JSON.parse(out.trim().split('\n').pop()!) as Array<[string, string]>;
		};
		const [origin, tenantId, caFile, cacheFile, total, pageSize = '100'] = args as [
			string,
			string,
			string,
			string,
			string,
		];
		const ours = await run([origin, tenantId, caFile, cacheFile, total, pageSize]);
		// The reference: the same client fetching the same pages and keeping nothing (its memory is flat: 100,000 do).
		const reference = String(Math.min(Number(total), 100_000));
		const fetchOnly = await run([origin, tenantId, caFile, cacheFile, reference, pageSize, 'fetch-only']);
		return `${JSON.stringify([...ours, ...fetchOnly])}\n`;
	} finally {
		rmSync(dir, {recursive: true, force: true});
	}
}

/** Alone: the emulator here, the store in a child process measured on its own. */
async function drive(): Promise<void> {
	const {signedInEmulator} = await import('./bench-emulator.js');
	const at = process.argv.indexOf('--records');
	const size = at > 0 ? Number(process.argv[at + 1]) : 100_000;
	const pageAt = process.argv.indexOf('--page-size');
	const pageSize = pageAt > 0 ? process.argv[pageAt + 1]! : '100';
	const dir = mkdtempSync(join(tmpdir(), 'entra-logs-bench-store-'));
	const {emu, caFile, cacheFile} = await signedInEmulator(size, dir);
	try {
		const out = await measureBundled([emu.origin, emu.tenantId, caFile, cacheFile, String(size), pageSize]);
		for (const [k, v] of JSON.parse(out.trim().split('\n').pop()!) as Array<[string, string]>)
			process.stdout.write(`${k}: ${v}\n`);
	} finally {
		await emu.close();
		rmSync(dir, {recursive: true, force: true});
	}
}

async function measure(): Promise<void> {
	const [origin, tenantId, caFile, cacheFile, totalText, pageText, mode] = process.argv.slice(2) as [
		string,
		string,
		string,
		string,
		string,
		string | undefined,
		string | undefined,
	];
	const total = Number(totalText);
	// The TUI's page (100 records) unless told (--page-size, at most Graph's 1,000).
	const pageSize = Number(pageText ?? 100);
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
		return {source: new GraphSource(client, resolved, q, {graphBase: origin, pageSize}), report: resolved.report};
	});

	const mb = (n: number): string => `${Math.round(n / 1e6)} MB`;
	const label = (n: number): string => n.toLocaleString('en-US');
	/** Memory after a full GC, with what the RSS is made of. */
	const measured = (): string => {
		global.gc?.();
		const m = process.memoryUsage();
		const files = mappedFiles();
		// V8's young generation stays committed at its largest after a burst of pages (empty after the GC).
		const young = getHeapSpaceStatistics().find(space => space.space_name === 'new_space')?.space_size ?? 0;
		const parts = [`JS heap ${mb(m.heapUsed)} used of ${mb(m.heapTotal)} (young generation ${mb(young)})`];
		if (files !== undefined) {
			const heap = mallocHeap();
			const rest = `the rest ${mb(m.rss - m.heapTotal - files)} (Buffers ${mb(m.arrayBuffers)}`;
			parts.push(`code ${mb(files)}`, `${rest}${heap === undefined ? '' : `, malloc's main heap ${mb(heap)}`})`);
		}
		return `RSS ${mb(m.rss)}: ${parts.join(', ')}`;
	};
	// The reference in the same process: before the first page, everything loaded and the client signed in.
	await auth.getToken();
	const before = measured();
	let peak = 0;
	const sample = setInterval(() => {
		peak = Math.max(peak, process.memoryUsage().rss);
	}, 20);
	if (mode === 'fetch-only') {
		let fetched = 0;
		const source = new GraphSource(client, resolveQuery(query), query, {graphBase: origin, pageSize});
		for await (const page of source.pages()) {
			fetched += page.records.length;
			if (fetched >= total) break;
		}
		const after = measured();
		clearInterval(sample);
		process.stdout.write(
			`${JSON.stringify([
				[
					`reference: the same client fetching ${label(fetched)} of them and keeping nothing (after GC; peak)`,
					`${after}; peak RSS ${mb(peak)}`,
				],
			])}\n`,
		);
		network.close();
		return;
	}
	const checkpoints = new Map<number, string>();
	const started = performance.now();
	store.setQuery(query);
	for (;;) {
		const snap = store.getSnapshot();
		if (snap.error) throw new Error(snap.error);
		if (!snap.loading && !snap.more) break;
		for (const c of [100_000, total / 2, total])
			if (snap.rows.length >= c && !checkpoints.has(c)) checkpoints.set(c, measured());
		if (!snap.loading) await store.loadNext();
		else await new Promise(r => setTimeout(r, 1));
	}
	const seconds = (performance.now() - started) / 1000;
	clearInterval(sample);
	const snap = store.getSnapshot();
	if (!checkpoints.has(snap.rows.length)) checkpoints.set(snap.rows.length, measured());
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
	process.stdout.write(
		`${JSON.stringify([
			[
				`store pages through ${label(snap.rows.length)} sign-ins, pages of ${pageSize} (TUI, n to the end)`,
				`${label(Math.round(snap.rows.length / seconds))} rec/s, peak RSS ${mb(peak)}`,
			],
			['store before the first page (same process, after GC)', before],
			...[...checkpoints].map(([n, m]) => [`store at ${label(n)} records (after GC)`, m]),
			[
				`store spill file at ${label(snap.rows.length)} records`,
				`${mb(fileSize)} on disk, ${existsSync(file) ? 'NOT removed at close' : 'removed at close'}`,
			],
			['store detail read back from the spill file (median of 101)', `${times[50]!.toFixed(2)} ms`],
		])}\n`,
	);
	network.close();
}

/** Resident bytes of malloc's main heap (the [heap] mapping: glibc's brk arena), from /proc where there is one. */
function mallocHeap(): number | undefined {
	try {
		const smaps = readFileSync('/proc/self/smaps', 'utf8');
		const at = smaps.search(/^\S+ \S+ \S+ \S+ \S+\s+\[heap\]$/m);
		if (at < 0) return undefined;
		const rss = /^Rss:\s+(\d+) kB/m.exec(smaps.slice(at));
		return rss ? Number(rss[1]) * 1024 : undefined;
	} catch {
		return undefined;
	}
}

/** Bytes of the RSS that are mapped files (Node's own code, shared), from /proc where there is one. */
function mappedFiles(): number | undefined {
	try {
		const rollup = readFileSync('/proc/self/smaps_rollup', 'utf8');
		const kb = (name: string): number => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(rollup)?.[1]);
		const bytes = (kb('Rss') - kb('Anonymous')) * 1024;
		return Number.isFinite(bytes) ? bytes : undefined;
	} catch {
		return undefined;
	}
}
