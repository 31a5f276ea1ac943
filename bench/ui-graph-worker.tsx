/**
 * The TUI against the emulator: first page shown after a query starts, and the wait after `n` when the next page
 * was prefetched. The real App, store and Graph client; ink-testing-library as the terminal. Then the same in a real
 * terminal: the built CLI (dist/cli.js, or ENTRA_LOGS_TEST_CLI) in a pty of 120x35 against the same emulator, `j` and
 * then `n` pressed after a second of reading each page, key to the frame that shows it (medians of 9); and the same
 * for `open` of a file of those sign-ins.
 * `--cpu-prof DIR`: the CLI's CPU profile of that run, written to DIR at exit (the keys' span on stderr).
 */
import {render} from 'ink-testing-library';
import {App} from '../source/ui/app.js';
import {RecordStore} from '../source/store/record-store.js';
import {emptyQuery, resolveQuery} from '../source/query/query.js';
import {GraphSource} from '../source/sources/graph-source.js';
import {GraphClient} from '../source/graph/client.js';
import {Auth} from '../source/auth/auth.js';
import {createNetwork} from '../source/net/network.js';
import {startEmulator} from '../source/emulator/server.js';
import {generateTenant} from '../source/emulator/tenant/tenant.js';
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {emulatorApart, profileFlags, until} from './ui-pty.js';

const emu = await startEmulator({
	tenant: generateTenant({seed: 'bench-ui', signIns: 20_000}),
	pollInterval: 0,
	autoApproveMs: 0,
});
const network = createNetwork({ca: [emu.caCert]});
const auth = new Auth({
	loginHost: emu.origin,
	graphResource: 'https://graph.microsoft.com',
	tenant: emu.tenantId,
	cacheFile: join(mkdtempSync(join(tmpdir(), 'eb-')), 'c.json'),
	network,
	knownAuthorities: [new URL(emu.origin).host],
});
await auth.login(() => {});
const client = new GraphClient({network, getToken: o => auth.getToken(o), rateLimit: null});
const store = new RecordStore(q => {
	const resolved = resolveQuery(q);
	return {
		source: new GraphSource(client, resolved, q, {graphBase: emu.origin, pageSize: 100}),
		report: resolved.report,
	};
});
const wait = async (p: () => boolean) => {
	while (!p()) await new Promise(r => setTimeout(r, 1));
};
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const first: number[] = [];
const next: number[] = [];
const key: number[] = [];
for (let run = 0; run < 9; run++) {
	const query = {
		...emptyQuery('signins'),
		eventTypes: ['non-interactive' as const],
		filters: (run % 2 ? {} : {status: 'success'}) as Record<string, string>,
	};
	const t = performance.now();
	const app = render(
		<App
			store={store}
			login={{silent: async () => 'bench', deviceCode: async () => 'bench'}}
			initialQuery={query}
			emptyQuery={emptyQuery}
			describeRequest={() => ({ok: true, request: ''})}
			copy={() => ''}
			exportQuery={async () => ''}
			exportTarget={() => 'new'}
			header="bench"
			width={120}
			height={40}
		/>,
	);
	await wait(() => /1\/100 loaded/.test(app.lastFrame() ?? ''));
	first.push(performance.now() - t);
	await new Promise(r => setTimeout(r, 1000)); // a person reads for a second; the next page is prefetched meanwhile
	// When the frame showing `pattern` is written (not when a poll sees it: the emulator answering the next prefetch
	// in this process would be counted too).
	const drawn = (pattern: RegExp): Promise<number> =>
		new Promise(resolve => {
			const write = app.stdout.write.bind(app.stdout);
			app.stdout.write = (frame: string) => {
				write(frame);
				if (pattern.test(frame)) {
					app.stdout.write = write;
					resolve(performance.now());
				}
			};
		});
	// The reference: a key that draws a frame and fetches nothing (j), in the same app just before.
	const j = drawn(/2\/100 loaded/);
	const t1 = performance.now();
	app.stdin.write('j');
	key.push((await j) - t1);
	const n = drawn(/\/200 loaded/);
	const t2 = performance.now();
	app.stdin.write('n');
	next.push((await n) - t2);
	app.unmount();
}
store.close();

// The same in a real terminal: the built CLI signs in by device code (approved at once) and lists the sign-ins.
const ptyModule = await import('@lydell/node-pty');
const pty = (ptyModule as unknown as {default?: typeof ptyModule}).default ?? ptyModule;
const dir = mkdtempSync(join(tmpdir(), 'entra-logs-next-'));
const profile = profileFlags(process.argv);
const cli = process.env['ENTRA_LOGS_TEST_CLI'] ?? join(process.cwd(), 'dist', 'cli.js');
const args = ['signins', '--since', '2020-01-01T00:00:00Z', '--type', 'non-interactive', '--page-size', '100'];
// The emulator in a process of its own (`entra-logs emulator`, ENTRA_LOGS_BENCH_EMULATOR_CLI's or this tree's): in this
// one, serving the next page held up this process reading the frame that n had just drawn.
const served = await emulatorApart(process.env['ENTRA_LOGS_BENCH_EMULATOR_CLI'] ?? cli, dir);
/**
 * `j`, then `n` after a second of reading each page, 9 times, in the built CLI started in a pty with `args` (pages
 * of `size` after a first of `first`); each key's time to the frame that shows it.
 */
async function keysInPty(cliArgs: string[], first: number, size: number): Promise<{key: number[]; next: number[]}> {
	const p = pty.spawn(process.execPath, [...profile, cli, ...cliArgs], {
		cols: 120,
		rows: 35,
		env: {...process.env, CI: '', ENTRA_LOGS_CONFIG_DIR: dir, TERM: 'xterm-256color'} as Record<string, string>,
	});
	let out = '';
	p.onData(d => {
		out += d;
		if (out.length > 1e6) out = out.slice(-1e5);
	});
	await until(() => out.includes(`1/${first} loaded`), 'the first page in the pty');
	const key: number[] = [];
	const next: number[] = [];
	const span = [process.hrtime.bigint() / 1000n];
	for (let page = 1; page <= 9; page++) {
		await new Promise(r => setTimeout(r, 1000)); // reading the page; the next one is prefetched meanwhile
		out = '';
		const t1 = performance.now();
		p.write('j');
		await until(() => out.includes(`${page + 1}/${first + (page - 1) * size} loaded`), `row ${page + 1}`);
		key.push(performance.now() - t1);
		await new Promise(r => setTimeout(r, 50));
		out = '';
		const t2 = performance.now();
		p.write('n');
		await until(() => out.includes(`/${first + page * size} loaded`), `page ${page + 1}`);
		next.push(performance.now() - t2);
	}
	span.push(process.hrtime.bigint() / 1000n);
	if (profile.length > 0) process.stderr.write(`keys from ${span[0]} to ${span[1]} (µs)\n`);
	p.write('q');
	await new Promise<void>(resolve => p.onExit(() => resolve()));
	return {key, next};
}
const graphKeys = await keysInPty(
	[...args, '--emulator', served.origin, '--ca-file', served.caFile, '--tenant', served.tenantId],
	100,
	100,
);
// `open` of a file: its pages after the first are of 1,000 records, more than the store keeps in memory (256), so most of a page is
// spilled (compressed and written) when it is shown: that work is done when the page is read ahead.
const file = join(dir, 'sign-ins.ndjson');
writeFileSync(file, `${emu.tenant.signIns.map(r => JSON.stringify(r)).join('\n')}\n`);
// Its first page is a screen of records (50 in this pty of 35 rows), the pages after it 1,000.
const openKeys = await keysInPty(['open', file], 50, 1000);
await served.close();
rmSync(dir, {recursive: true, force: true});
await emu.close();
network.close();
process.stdout.write(
	`${JSON.stringify([
		['TUI first page shown (100 sign-ins, emulator, median of 9)', `${median(first).toFixed(0)} ms`],
		[
			'TUI n → next page on screen, 1 s after the page showed (prefetch; median of 9), against j → frame just before',
			`${median(next).toFixed(1)} ms vs ${median(key).toFixed(1)} ms (${(median(next) / median(key)).toFixed(2)}x a key that fetches nothing)`,
		],
		[
			'n → next page on screen in a pty at 120x35 (built CLI, emulator), 1 s after the page showed (median of 9), against j → frame just before',
			`${median(graphKeys.next).toFixed(1)} ms vs ${median(graphKeys.key).toFixed(1)} ms (${(median(graphKeys.next) / median(graphKeys.key)).toFixed(2)}x; target: about 1x, 0 wait)`,
		],
		[
			'n → next page on screen, the same for `open` of a file of 20,000 sign-ins (pages of 1,000)',
			`${median(openKeys.next).toFixed(1)} ms vs ${median(openKeys.key).toFixed(1)} ms (${(median(openKeys.next) / median(openKeys.key)).toFixed(2)}x)`,
		],
	])}\n`,
);
process.exit(0);
