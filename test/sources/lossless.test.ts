/**
 * Lossless, to the last digit: `open FILE` hands records back as the bytes that came in, compares times as instants
 * at Graph's full precision (7 fractional digits, any offset), and our CSV read back keeps every cell's type. Files
 * are written to a real temp dir and read through the built CLI; csv-parse is the independent CSV oracle.
 */
import {mkdtempSync, readFileSync, writeFileSync} from 'node:fs';
import {createServer as createHttpsServer, request as httpsRequest} from 'node:https';
import type {AddressInfo} from 'node:net';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {parse as csvParse} from 'csv-parse/sync';
import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {runCli} from './run-cli.js';
import {CSV_COLUMNS, csvRow, parseCsv} from '../../source/export/csv.js';
import {evaluate} from '../../source/query/filter.js';
import {printFilter} from '../../source/query/odata.js';
import {parseTime} from '../../source/query/time.js';
import {resolveQuery, type Query} from '../../source/query/query.js';
import {FileSource} from '../../source/sources/file-source.js';
import type {GraphRecord} from '../../source/reports/report.js';
import {GraphSource} from '../../source/sources/graph-source.js';
import {GraphClient} from '../../source/graph/client.js';
import {createNetwork} from '../../source/net/network.js';
import {runExport} from '../../source/export/export.js';
import {generateCertificate} from '../../source/emulator/tls.js';
import {generateTenant} from '../../source/emulator/tenant/tenant.js';
import {startTestEmulator, TEST_NOW} from '../helpers/emulator.js';
import {signedInClient} from '../helpers/client.js';

const dir = mkdtempSync(join(tmpdir(), 'entra-logs-lossless-'));

const cli = (args: string[]): ReturnType<typeof runCli> => runCli(args, join(dir, 'config'));

function file(name: string, text: string): string {
	const path = join(dir, name);
	writeFileSync(path, text);
	return path;
}

async function read(path: string, query: Query): Promise<GraphRecord[]> {
	const out: GraphRecord[] = [];
	for await (const page of new FileSource(path, resolveQuery(query)).pages()) out.push(...page.records);
	return out;
}

// Sign-ins of one second as Graph v1.0 writes them (7 digits, trailing zeros dropped), with JSON a parse and
// stringify would rewrite: 1.50, 1e2, \u00e9 escapes, a number past 2^53, spaces after colons, key order.
const LINES = [
	'{"id":"s41","createdDateTime":"2026-11-19T19:15:41Z","userPrincipalName":"alice@contoso.com","n":1.50}',
	'{"createdDateTime":"2026-11-19T19:15:41.6195833Z","id":"s41.6195833","userDisplayName":"Ren\\u00e9e","big":12345678901234567890}',
	'{"id":"s41.0000001", "createdDateTime": "2026-11-19T19:15:41.0000001Z", "e": 1e2}',
	'{"id":"s41.62","createdDateTime":"2026-11-19T19:15:41.62Z","status":{"errorCode":0}}',
	'{"id":"s42","createdDateTime":"2026-11-19T19:15:42Z"}',
	// The same instant as s41.6195833, with an offset: equal instants keep the file's order.
	'{"id":"s41.6195833+01","createdDateTime":"2026-11-19T20:15:41.6195833+01:00"}',
];
const NEWEST_FIRST = ['s42', 's41.62', 's41.6195833', 's41.6195833+01', 's41.0000001', 's41'];
const lineOf = (id: string): string => LINES.find(l => l.includes(`"id":"${id}"`))!;

describe('open FILE --output ndjson returns every record byte for byte', () => {
	it('NDJSON: each line as it came (7-digit fractions, number and escape forms), newest first by instant', async () => {
		const path = file('graph.ndjson', `${LINES.join('\n')}\n`);
		const r = await cli(['open', path, '--output', 'ndjson']);
		expect(r.stderr).not.toContain('entra-logs:');
		expect(r.code).toBe(0);
		expect(r.stdout).toBe(NEWEST_FIRST.map(id => `${lineOf(id)}\n`).join(''));
		// --output json: the same bytes, a record a line.
		const json = await cli(['open', path, '--output', 'json']);
		expect(json.stdout).toBe(`[\n${NEWEST_FIRST.map(lineOf).join(',\n')}\n]\n`);
	});

	it('what the detail and copy show keeps every digit of the time', async () => {
		const path = file('detail.ndjson', `${LINES.join('\n')}\n`);
		const records = await read(path, {report: 'signins', filters: {}, order: 'newest'});
		const record = records.find(r => r.id === 's41.6195833')!;
		// The detail's raw JSON is JSON.stringify(record, null, 2).
		expect(JSON.stringify(record, null, 2)).toContain('"createdDateTime": "2026-11-19T19:15:41.6195833Z"');
		// An offset form shows as Graph's UTC form, every digit kept.
		expect(records.find(r => r.id === 's41.6195833+01')!['createdDateTime']).toBe('2026-11-19T19:15:41.6195833Z');
	});

	it('a pretty-printed download: each record on one line, its lines joined, every byte else as it was', async () => {
		const pretty = `[\n${NEWEST_FIRST.map(id => `  ${lineOf(id).replace(/,"/g, ',\n    "').replace(/^\{/, '{\n    ').replace(/\}$/, '\n  }')}`).join(',\n')}\n]\n`;
		const path = file('pretty.json', pretty);
		const r = await cli(['open', path, '--output', 'ndjson']);
		expect(r.code).toBe(0);
		const got = r.stdout.trim().split('\n');
		// Its line breaks and their indentation go (a line of NDJSON cannot hold them); nothing else.
		expect(got).toEqual(NEWEST_FIRST.map(lineOf));
		expect(r.stdout).toContain('"n":1.50');
		expect(r.stdout).toContain('12345678901234567890');
		expect(r.stdout).toContain('Ren\\u00e9e');
	});
});

describe('times compare as instants at full precision', () => {
	const query = (q: Partial<Query>): Query => ({report: 'signins', filters: {}, order: 'newest', ...q});

	it('--until …41Z leaves out …41.0000001Z and …41.6195833Z; --since …42Z leaves out …41.62Z', async () => {
		const path = file('window.ndjson', `${LINES.join('\n')}\n`);
		const until = await cli(['open', path, '--until', '2026-11-19T19:15:41Z', '--output', 'ndjson']);
		expect(until.code).toBe(0);
		expect(until.stdout).toBe(`${lineOf('s41')}\n`);
		const since = await cli(['open', path, '--since', '2026-11-19T19:15:42Z', '--output', 'ndjson']);
		expect(since.stdout).toBe(`${lineOf('s42')}\n`);
		// The same through the TUI's source; oldest first is the exact reverse.
		expect((await read(path, query({since: '2026-11-19T19:15:41Z', order: 'oldest'}))).map(r => r.id)).toEqual(
			[...NEWEST_FIRST].reverse(),
		);
		expect((await read(path, query({until: '2026-11-19T19:15:41Z', order: 'oldest'}))).map(r => r.id)).toEqual(['s41']);
	});

	it("a time typed with 7 digits (a record's own) is exact: Graph is asked to the second, outward, and trimmed here", async () => {
		const path = file('typed.ndjson', `${LINES.join('\n')}\n`);
		const since = await cli(['open', path, '--since', '2026-11-19T19:15:41.6195833Z', '--output', 'ndjson']);
		expect(
			since.stdout
				.trim()
				.split('\n')
				.map(l => (JSON.parse(l) as {id: string}).id),
		).toEqual(['s42', 's41.62', 's41.6195833', 's41.6195833+01']);
		const until = await cli(['open', path, '--until', '2026-11-19T19:15:41.0000001Z', '--output', 'ndjson']);
		expect(until.stdout).toBe(`${lineOf('s41.0000001')}\n${lineOf('s41')}\n`);
		// What Graph is sent: whole seconds, the window never narrower than asked.
		const resolved = resolveQuery(
			query({since: '2026-11-19T19:15:41.0000001Z', until: '2026-11-19T19:15:41.6195833Z'}),
		);
		expect(printFilter(resolved.server!)).toBe(
			'createdDateTime ge 2026-11-19T19:15:41Z and createdDateTime le 2026-11-19T19:15:42Z',
		);
		expect(
			(await read(path, query({since: '2026-11-19T19:15:41.0000001Z', until: '2026-11-19T19:15:41.6195833Z'}))).map(
				r => r.id,
			),
		).toEqual(['s41.6195833', 's41.6195833+01', 's41.0000001']);
	});

	it('the evaluator: a time typed with 7 digits selects exactly that record', () => {
		const at = parseTime('2026-11-19T19:15:41.6195833Z');
		const le = (t: string): boolean =>
			evaluate(
				{kind: 'cmp', path: 'createdDateTime', op: 'le', value: {type: 'datetime', value: at}},
				{createdDateTime: t},
			);
		expect(le('2026-11-19T19:15:41.6195833Z')).toBe(true);
		expect(le('2026-11-19T20:15:41.6195833+01:00')).toBe(true);
		expect(le('2026-11-19T19:15:41.6195834Z')).toBe(false);
		expect(le('2026-11-19T19:15:41.61958Z')).toBe(true);
		expect(le('2026-11-19T19:15:41.619584Z')).toBe(false);
		expect(le('not a time')).toBe(false);
	});

	it('provisioning (gt/lt on the server, trimmed here): the same instants', async () => {
		const prov = ['41Z', '41.0000001Z', '41.9999999Z', '42Z'].map(t =>
			JSON.stringify({
				id: `p${t}`,
				activityDateTime: `2026-11-19T19:15:${t}`,
				jobId: 'j',
				provisioningAction: 'create',
			}),
		);
		const path = file('prov.ndjson', `${prov.join('\n')}\n`);
		const got = await read(path, {
			report: 'provisioning',
			filters: {},
			order: 'newest',
			since: '2026-11-19T19:15:41.0000001Z',
			until: '2026-11-19T19:15:41.9999999Z',
		});
		expect(got.map(r => r.id)).toEqual(['p41.9999999Z', 'p41.0000001Z']);
	});
});

describe('our CSV read back keeps every type', () => {
	// Text that looks like a number, a boolean, JSON or a formula, in text columns; real numbers, booleans and arrays
	// in the columns Graph types so.
	const record = {
		id: '00123',
		createdDateTime: '2026-11-19T19:15:41.6195833Z',
		userDisplayName: '-5',
		userPrincipalName: 'true',
		appDisplayName: '[1,2]',
		resourceDisplayName: '{"a":1}',
		userAgent: '=HYPERLINK("x")',
		correlationId: '1e5',
		ipAddress: 'null',
		location: {city: '007', state: 'false', countryOrRegion: 'GB'},
		status: {errorCode: 50126, failureReason: '0', additionalDetails: ' padded '},
		isInteractive: false,
		signInEventTypes: ['interactive'],
		deviceDetail: {isCompliant: true, isManaged: false, operatingSystem: '10'},
		appliedConditionalAccessPolicies: [{id: 'p', result: 'success', enforcedGrantControls: ['mfa']}],
	};

	it('exported with --output csv and opened again: the same values, the same types', async () => {
		const source = file('typed.ndjson', `${JSON.stringify(record)}\n`);
		const csv = join(dir, 'typed.csv');
		expect((await cli(['open', source, '--output', 'csv', '--out', csv])).code).toBe(0);
		// The oracle reads our cells as we meant them.
		const cells = csvParse(readFileSync(csv), {bom: true}) as string[][];
		expect(cells[0]).toEqual([...CSV_COLUMNS.signins]);
		expect(cells[1]![cells[0]!.indexOf('id')]).toBe('00123');
		const back = await cli(['open', csv, '--output', 'ndjson']);
		expect(back.code).toBe(0);
		expect(JSON.parse(back.stdout)).toEqual(record);
	});

	it('any text in any text column comes back as that text (csv-parse agrees on every cell)', async () => {
		const text = fc.string({unit: 'binary', maxLength: 40});
		let runs = 0;
		await fc.assert(
			fc.asyncProperty(
				fc.record({userDisplayName: text, userAgent: text, appDisplayName: text, correlationId: text}),
				async values => {
					const r = {id: 'x', createdDateTime: '2026-11-19T19:15:41Z', ...values};
					const line = csvRow(r, CSV_COLUMNS.signins);
					expect(parseCsv(line)).toEqual(csvParse(line, {relax_column_count: true}));
					const path = file(`any-${++runs}.csv`, `${CSV_COLUMNS.signins.join(',')}\r\n${line}`);
					const [got] = await read(path, {report: 'signins', filters: {}, order: 'newest'});
					// An empty cell is no value: CSV cannot tell '' from none.
					for (const [k, v] of Object.entries(values)) expect(got?.[k]).toBe(v === '' ? undefined : v);
				},
			),
			{numRuns: 150},
		);
	});
});

describe('an export from Graph writes the bytes Graph sent', () => {
	/** A page's body as it came over plain https (no client of ours), and its value array's bytes. */
	function httpsGet(url: string, ca: string, token: string): Promise<Buffer> {
		return new Promise((resolve, reject) => {
			httpsRequest(url, {ca, headers: {authorization: `Bearer ${token}`}}, res => {
				const parts: Buffer[] = [];
				res.on('data', (d: Buffer) => parts.push(d));
				res.on('end', () => resolve(Buffer.concat(parts)));
				res.on('error', reject);
			})
				.on('error', reject)
				.end();
		});
	}
	const query: Query = {
		report: 'signins',
		filters: {},
		order: 'newest',
		eventTypes: ['interactive', 'non-interactive', 'service-principal', 'managed-identity'],
	};

	it("the emulator's pages, fetched again with plain https: each page's records, byte for byte (NDJSON and JSON)", async () => {
		const emu = await startTestEmulator({
			tenant: generateTenant({seed: 'lossless', now: TEST_NOW, signIns: 2500, hostileRecords: 3}),
		});
		try {
			const {client} = await signedInClient(emu);
			const source = new GraphSource(client, resolveQuery(query, TEST_NOW), query, {
				graphBase: emu.origin,
				pageSize: 1000,
			});
			const ndjson = join(dir, 'graph.ndjson');
			const json = join(dir, 'graph.json');
			await runExport({source, report: 'signins', format: 'ndjson', out: ndjson, queryKey: 'n'});
			await runExport({source, report: 'signins', format: 'json', out: json, queryKey: 'j'});
			// The oracle: the bodies themselves. The emulator writes `…,"value":[r1,r2,…]}`; the records of a page are
			// the bytes between the brackets, and an NDJSON export holds them with a line break for each comma between.
			const token = await emu.token();
			const values: Buffer[] = [];
			for (let url: string | undefined = source.origin; url;) {
				const body = await httpsGet(url, emu.caCert, token);
				const page = JSON.parse(body.toString('utf8')) as {value: unknown[]; '@odata.nextLink'?: string};
				const start = body.indexOf('"value":[') + '"value":['.length;
				expect(body.subarray(body.length - 2).toString()).toBe(']}');
				values.push(body.subarray(start, body.length - 2));
				expect(page.value.length).toBeGreaterThan(0);
				url = page['@odata.nextLink'];
			}
			expect(values).toHaveLength(3);
			const lines = readFileSync(ndjson).toString('utf8').split('\n');
			expect(lines.pop()).toBe('');
			let at = 0;
			for (const value of values) {
				const count = (JSON.parse(`[${value.toString('utf8')}]`) as unknown[]).length;
				expect(Buffer.from(lines.slice(at, at + count).join(','), 'utf8').equals(value)).toBe(true);
				at += count;
			}
			expect(at).toBe(lines.length);
			expect(readFileSync(json).toString('utf8')).toBe(`[\n${lines.join(',\n')}\n]\n`);
		} finally {
			await emu.close();
		}
	});

	it('records in forms a parse and stringify would rewrite (1.50, 2^64, \\u00e9, spaces, key order) stay as sent', async () => {
		// A real HTTPS server sending Graph pages in forms JSON allows and JSON.stringify does not write.
		const tls = await generateCertificate();
		const records = [
			'{"id":"a","createdDateTime":"2026-11-19T19:15:42Z","latitude":47.60,"big":18446744073709551616}',
			'{ "createdDateTime" : "2026-11-19T19:15:41.6195833Z", "id" : "b", "userDisplayName":"Ren\\u00e9e \\/ \\"q\\"" }',
			'{"id":"c","createdDateTime":"2026-11-19T19:15:41Z","e":1E3,"z":-0.0,"nested":{"x":[1.0,{}]}}',
		];
		const server = createHttpsServer({key: tls.key, cert: tls.cert}, (req, res) => {
			const second = req.url!.includes('skiptoken=2');
			const next = `https://127.0.0.1:${(server.address() as AddressInfo).port}/beta/auditLogs/signIns?$skiptoken=2`;
			res.writeHead(200, {'content-type': 'application/json'});
			res.end(
				second
					? `{"@odata.context":"x","value":[${records[2]}]}`
					: `{"@odata.context":"x","value":[${records[0]},\n ${records[1]}],"@odata.nextLink":"${next}"}`,
			);
		});
		await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
		const network = createNetwork({ca: [tls.cert]});
		try {
			const client = new GraphClient({network, getToken: async () => 'token', rateLimit: null});
			const origin = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
			const source = new GraphSource(client, resolveQuery(query, TEST_NOW), query, {graphBase: origin});
			const out = join(dir, 'forms.ndjson');
			await runExport({source, report: 'signins', format: 'ndjson', out, queryKey: 'f'});
			expect(readFileSync(out, 'utf8')).toBe(`${records.join('\n')}\n`);
		} finally {
			network.close();
			server.close();
		}
	});
});
