/**
 * Export at the wire's speed, against real local HTTPS servers: the next page is asked for while the one before it
 * still arrives (Graph names it before `value`), a guess its page's own nextLink does not confirm is not followed,
 * compressed pages are written as Graph's bytes, the token is reused across pages, a body that stalls times out.
 */
import {mkdtempSync, readFileSync, rmSync} from 'node:fs';
import type {ServerResponse} from 'node:http';
import {createServer, type Server} from 'node:https';
import type {AddressInfo} from 'node:net';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {gzipSync, brotliCompressSync} from 'node:zlib';
import fc from 'fast-check';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {generateCertificate, type TlsMaterial} from '../../source/emulator/tls.js';
import {GraphClient, rawPageOf} from '../../source/graph/client.js';
import {valueRecords} from '../../source/graph/page-records.js';
import {createNetwork, type Network} from '../../source/net/network.js';
import {resolveQuery, type Query} from '../../source/query/query.js';
import {GraphSource} from '../../source/sources/graph-source.js';
import {runExport} from '../../source/export/export.js';
import {scanJsonRecords} from '../../source/sources/json-scan.js';
import {TEST_NOW} from '../helpers/emulator.js';

const query: Query = {
	report: 'signins',
	filters: {},
	order: 'newest',
	eventTypes: ['interactive', 'non-interactive', 'service-principal', 'managed-identity'],
};
const dir = mkdtempSync(join(tmpdir(), 'entra-logs-export-stream-'));
let tls: TlsMaterial;
beforeAll(async () => {
	tls = await generateCertificate();
});
afterAll(() => rmSync(dir, {recursive: true, force: true}));

/** A record as Graph writes it, padded so that a page is many TLS records long. */
const record = (id: string, second: number): string =>
	`{"id":"${id}","createdDateTime":"2026-11-19T19:15:${String(59 - second).padStart(2, '0')}Z","pad":"${'x'.repeat(3000)}"}`;

async function serve(
	handler: (url: URL, res: ServerResponse, accept: string) => void,
): Promise<{server: Server; origin: string}> {
	const server = createServer({key: tls.key, cert: tls.cert}, (req, res) =>
		handler(new URL(req.url!, 'https://x'), res, String(req.headers['accept-encoding'] ?? '')),
	);
	await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
	return {server, origin: `https://127.0.0.1:${(server.address() as AddressInfo).port}`};
}

async function exportFrom(
	origin: string,
	network: Network,
	getToken: () => Promise<string> = async () => 'token',
): Promise<string> {
	const client = new GraphClient({network, getToken, rateLimit: null, baseDelayMs: 1});
	const source = new GraphSource(client, resolveQuery(query, TEST_NOW), query, {graphBase: origin});
	const out = join(dir, `${Math.random().toString(36).slice(2)}.ndjson`);
	await runExport({source, report: 'signins', format: 'ndjson', out, queryKey: 'k'});
	return readFileSync(out, 'utf8');
}

describe('export of Graph pages as they stream', () => {
	let network: Network;
	beforeAll(() => {
		network = createNetwork({ca: [tls.cert]});
	});
	afterAll(() => network.close());

	it('asks for the next page as soon as a page names it, while that page still arrives', async () => {
		const first = Array.from({length: 40}, (_, i) => record(`a${i}`, 0));
		const second = [record('b0', 1), record('b1', 1)];
		const events: string[] = [];
		let release: (() => void) | undefined;
		const {server, origin} = await serve((url, res) => {
			res.writeHead(200, {'content-type': 'application/json'});
			if (url.searchParams.get('$skiptoken') === '2') {
				events.push('page 2 asked');
				release?.();
				res.end(`{"@odata.context":"x","value":[${second.join(',')}]}`);
				return;
			}
			const next = `${origin}/beta/auditLogs/signIns?$skiptoken=2`;
			// The head and the first record now; the rest once page 2 is asked for (or after 5 s, so that a client that
			// waits for the whole page still finishes, late).
			res.write(`{"@odata.context":"x","@odata.nextLink":"${next}","value":[${first[0]}`);
			const timer = setTimeout(() => release?.(), 5000);
			release = () => {
				release = undefined;
				clearTimeout(timer);
				events.push('page 1 ends');
				res.end(`,${first.slice(1).join(',')}]}`);
			};
		});
		try {
			const written = await exportFrom(origin, network);
			expect(written).toBe(`${[...first, ...second].join('\n')}\n`);
			expect(events).toEqual(['page 2 asked', 'page 1 ends']);
		} finally {
			server.close();
		}
	});

	it("follows the page's own nextLink when an earlier one in its head was another (JSON keeps the last)", async () => {
		const asked: string[] = [];
		const {server, origin} = await serve((url, res) => {
			const token = url.searchParams.get('$skiptoken') ?? 'first';
			asked.push(token);
			res.writeHead(200, {'content-type': 'application/json'});
			if (token === 'first') {
				const link = (t: string): string => `${origin}/beta/auditLogs/signIns?$skiptoken=${t}`;
				res.end(
					`{"@odata.nextLink":"${link('guess')}","value":[${record('a', 0)}],"@odata.nextLink":"${link('real')}"}`,
				);
			} else res.end(`{"value":[${record(token, 1)}]}`);
		});
		try {
			const written = await exportFrom(origin, network);
			expect(written).toBe(`${record('a', 0)}\n${record('real', 1)}\n`);
			expect(asked).toContain('real');
		} finally {
			server.close();
		}
	});

	it.each([
		['gzip', gzipSync],
		['br', brotliCompressSync],
	] as const)(
		'a page sent with Content-Encoding %s is written as the JSON Graph sent, byte for byte',
		async (name, compress) => {
			// Forms a parse and stringify would rewrite: the bytes must be the decompressed body's own.
			const records = [
				'{"id":"z","createdDateTime":"2026-11-19T19:15:42Z","n":1.50,"s":"Ren\\u00e9e"}',
				record('y', 1),
			];
			let accepted = '';
			const {server, origin} = await serve((_url, res, accept) => {
				accepted = accept;
				res.writeHead(200, {'content-type': 'application/json', 'content-encoding': name});
				res.end(compress(Buffer.from(`{"@odata.context":"x","value":[${records.join(',')}]}`)));
			});
			try {
				expect(await exportFrom(origin, network)).toBe(`${records.join('\n')}\n`);
				expect(accepted).toContain(name);
			} finally {
				server.close();
			}
		},
	);

	it('asks for a token once for a run of pages (not once a page), and a new one after a 401', async () => {
		let issued = 0;
		const calls: boolean[] = [];
		const {server, origin} = await serve((url, res) => {
			const page = Number(url.searchParams.get('$skiptoken') ?? '0');
			if (page === 2 && issued < 2) {
				res.writeHead(401, {'content-type': 'application/json'});
				res.end('{"error":{"code":"InvalidAuthenticationToken","message":"Access token has expired."}}');
				return;
			}
			res.writeHead(200, {'content-type': 'application/json'});
			const next = page < 4 ? `,"@odata.nextLink":"${origin}/beta/auditLogs/signIns?$skiptoken=${page + 1}"` : '';
			res.end(`{"value":[${record(`p${page}`, page)}]${next}}`);
		});
		try {
			const written = await exportFrom(origin, network, async (options?: {forceRefresh?: boolean}) => {
				calls.push(options?.forceRefresh ?? false);
				issued++;
				return `token-${issued}`;
			});
			expect(written.split('\n').filter(Boolean)).toHaveLength(5);
			expect(calls).toEqual([false, true]);
		} finally {
			server.close();
		}
	});

	it('a body that stops arriving fails after the timeout, in one line', async () => {
		const {server, origin} = await serve((_url, res) => {
			res.writeHead(200, {'content-type': 'application/json', 'content-length': '1000'});
			res.write('{"value":[');
		});
		const quick = createNetwork({ca: [tls.cert], timeoutMs: 300});
		try {
			const res = await quick.stream(`${origin}/beta/auditLogs/signIns`);
			expect(res.status).toBe(200);
			await expect(res.text()).rejects.toThrow(/^timed out after 300 ms$/);
		} finally {
			quick.close();
			server.closeAllConnections();
			server.close();
		}
	});
});

describe('the byte scanner', () => {
	it('gives each record the same offset and line whether a body comes whole or a few bytes at a time', async () => {
		const body = Buffer.from(
			`{"@odata.context":"x",\n"value":[${record('a', 0)},\n\n${record('b', 1)},${record('c', 2)}\n,{"id":"d\\n"}\n]}`,
		);
		const found = async (size: number): Promise<Array<[number, number, string]>> => {
			const out: Array<[number, number, string]> = [];
			async function* pieces(): AsyncIterable<Buffer> {
				for (let i = 0; i < body.length; i += size) yield body.subarray(i, i + size);
			}
			await scanJsonRecords(pieces(), (bytes, offset, _n, line) => {
				out.push([offset, line, bytes.toString('utf8')]);
			});
			return out;
		};
		const whole = await found(body.length);
		expect(whole.map(([, line]) => line)).toEqual([2, 4, 4, 5]);
		for (const size of [1, 7, 64, 1000]) expect(await found(size)).toEqual(whole);
	});
});

describe("a Graph page's records as its bytes", () => {
	/** Records of any JSON: strings of any code points (quotes, backslashes, brackets), keys named `value`. */
	const records = fc.array(
		fc.oneof(
			fc.dictionary(fc.string({unit: 'binary'}), fc.jsonValue({maxDepth: 3})),
			fc.record({value: fc.array(fc.jsonValue({maxDepth: 2})), id: fc.constantFrom('"}]\\', '\\\\"', '{[', 'value')}),
		),
		{maxLength: 8},
	);
	const pages = fc.record({
		records,
		// Graph's order (nextLink before value) or another; members of any JSON around them, a nested `value` too.
		order: fc.constantFrom('link-first', 'value-first', 'link-last'),
		extra: fc.dictionary(
			fc.string({unit: 'binary'}).filter(k => k !== 'value'),
			fc.oneof(fc.jsonValue({maxDepth: 2}), fc.constant({value: [{id: 'not a record'}]})),
			{maxKeys: 3},
		),
		indent: fc.constantFrom(undefined, 2, '\t'),
	});
	const text = (p: {records: unknown[]; order: string; extra: object; indent: string | number | undefined}): Buffer => {
		const link = {'@odata.nextLink': 'https://graph.microsoft.com/beta/auditLogs/signIns?$skiptoken="value"'};
		const page =
			p.order === 'link-first'
				? {'@odata.context': 'value', ...link, ...p.extra, value: p.records}
				: p.order === 'value-first'
					? {value: p.records, ...p.extra, ...link}
					: {...p.extra, value: p.records, ...link};
		return Buffer.from(JSON.stringify(page, null, p.indent), 'utf8');
	};

	it("gives each record of value, in order, as bytes that JSON.parse reads as the page's own; no others", () => {
		fc.assert(
			fc.property(pages, p => {
				const body = text(p);
				const oracle = (JSON.parse(body.toString('utf8')) as {value: unknown[]}).value;
				const {records: got, starts} = valueRecords(body);
				expect(got.map(b => JSON.parse(b.toString('utf8')) as unknown)).toEqual(oracle);
				got.forEach((b, i) => expect(body.subarray(starts[i], starts[i]! + b.length).equals(b)).toBe(true));
				const page = rawPageOf(body);
				expect(page.records).toEqual(got);
				expect(page.nextLink).toBe('https://graph.microsoft.com/beta/auditLogs/signIns?$skiptoken="value"');
			}),
			{numRuns: 150},
		);
	});

	it('refuses a page cut short anywhere, or whose value holds anything but records', () => {
		fc.assert(
			fc.property(pages, fc.nat(), (p, at) => {
				const body = text(p);
				expect(() => rawPageOf(body.subarray(0, at % body.length))).toThrow();
			}),
			{numRuns: 150},
		);
		for (const value of ['[1]', '[{"id":"a"},"b"]', '[{"id":"a"},[]]', '{"id":"a"}', 'null'])
			expect(() => rawPageOf(Buffer.from(`{"value":${value}}`))).toThrow('no value array');
	});
});
