/** The record store against the emulator: pages on demand with prefetch, spill past the memory bound, cancel, pivots. */
import {existsSync} from 'node:fs';
import {mkdtemp, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {Auth} from '../../source/auth/auth.js';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {RecordStore} from '../../source/store/record-store.js';
import {resolveQuery, emptyQuery, type Query} from '../../source/query/query.js';
import {GraphSource} from '../../source/sources/graph-source.js';
import {startTestEmulator, type TestEmulator} from '../helpers/emulator.js';
import {signedInClient, type TestClient} from '../helpers/client.js';
import {GraphClient} from '../../source/graph/client.js';
import {FileSource} from '../../source/sources/file-source.js';
import {recordJson} from '../../source/sources/source.js';
import {clipLine} from '../../source/terminal/sanitize.js';

let emu: TestEmulator;
let c: TestClient;
beforeAll(async () => {
	emu = await startTestEmulator();
	c = await signedInClient(emu);
});
afterAll(() => emu.close());

const ALL: Query = {
	...emptyQuery('signins'),
	eventTypes: ['interactive', 'non-interactive', 'service-principal', 'managed-identity'],
};

function makeStore(limit: number, pageSize = 100): RecordStore {
	return new RecordStore(q => {
		const resolved = resolveQuery(q);
		return {source: new GraphSource(c.client, resolved, q, {graphBase: emu.origin, pageSize}), report: resolved.report};
	}, limit);
}

async function settle(store: RecordStore): Promise<void> {
	for (let i = 0; i < 500 && store.getSnapshot().loading; i++) await new Promise(r => setTimeout(r, 10));
}

describe('record store', () => {
	it('pages on demand, prefetching the next page while the current one is read', async () => {
		// Graph requests are polled for, not timed: a loaded CI machine is slow.
		const count = (): number => emu.log.filter(e => e.path.endsWith('/auditLogs/signIns')).length;
		const until = async (n: number): Promise<void> => {
			for (let i = 0; i < 1000 && count() < n; i++) await new Promise(r => setTimeout(r, 10));
		};
		const base = count();
		const store = makeStore(10_000);
		store.setQuery(ALL);
		await settle(store);
		expect(store.getSnapshot().rows).toHaveLength(100);
		// The next page is asked for already: two Graph requests for one page shown.
		await until(base + 2);
		expect(count()).toBe(base + 2);
		await store.loadNext();
		expect(store.getSnapshot().rows).toHaveLength(200);
		expect(store.getSnapshot().pages).toBe(2);
		// Showing the prefetched page asks for the one after it, and only that one.
		await until(base + 3);
		await new Promise(r => setTimeout(r, 100));
		expect(count()).toBe(base + 3);
		store.close();
	});

	it('n after a pause shows the prefetched page at once: fetched from Graph before the key, on screen in the same turn', async () => {
		const answered = (): number =>
			emu.log.filter(e => e.path.endsWith('/auditLogs/signIns') && e.status === 200).length;
		const base = answered();
		const store = makeStore(10_000);
		store.setQuery(ALL);
		await settle(store);
		const first = store.getSnapshot().rows.cells(0);
		// The emulator's request log: a second page (the first page's nextLink) was answered, and its records are in.
		const next = (): boolean => answered() >= base + 2;
		for (let i = 0; i < 1000 && !(next() && store.prefetched); i++) await new Promise(r => setTimeout(r, 10));
		expect(next()).toBe(true);
		const requests = emu.log.length;
		// The key: the page is appended before anything else runs, with no loading state in between.
		const states: boolean[] = [];
		const off = store.subscribe(() => states.push(store.getSnapshot().loading));
		void store.loadNext();
		expect(store.getSnapshot().pages).toBe(2);
		expect(store.getSnapshot().rows).toHaveLength(200);
		expect(states).not.toContain(true);
		expect(store.getSnapshot().rows.cells(0)).toEqual(first);
		// It came from the request made before the key; the one after it is the new prefetch.
		expect(emu.log.slice(requests).filter(e => e.path.endsWith('/auditLogs/signIns')).length).toBeLessThanOrEqual(1);
		off();
		store.close();
	});

	it("n on a prefetched page only appends it: its rows and texts were made when it came in, not in the key's turn", async () => {
		let cells = 0;
		const store = new RecordStore(q => {
			const resolved = resolveQuery(q);
			const columns = resolved.report.columns.map(c => ({
				...c,
				value: (r: Parameters<typeof c.value>[0]) => {
					cells++;
					return c.value(r);
				},
			}));
			return {
				source: new GraphSource(c.client, resolved, q, {graphBase: emu.origin, pageSize: 100}),
				report: {...resolved.report, columns},
			};
		});
		try {
			store.setQuery(ALL);
			await settle(store);
			for (let i = 0; i < 1000 && !store.prefetched; i++) await new Promise(r => setTimeout(r, 10));
			expect(store.prefetched).toBe(true);
			const before = cells;
			void store.loadNext();
			expect(store.getSnapshot().rows).toHaveLength(200);
			expect(cells).toBe(before);
			// The rows are those of the records, all the same.
			const snap = store.getSnapshot();
			const columns = snap.report!.columns;
			for (const i of [100, 150, 199])
				expect(snap.rows.cells(i)).toEqual(columns.map(col => clipLine(col.value(snap.records.at(i)!))));
		} finally {
			store.close();
		}
	});

	it('a page that fails past the retries: the error shows, and the next try fetches that page, nothing skipped or doubled', async () => {
		const impatient = new GraphClient({
			network: emu.network,
			getToken: o => c.auth.getToken(o),
			rateLimit: null,
			baseDelayMs: 5,
			maxDelayMs: 10,
			maxRetries: 1,
		});
		const store = new RecordStore(q => {
			const resolved = resolveQuery(q);
			return {
				source: new GraphSource(impatient, resolved, q, {graphBase: emu.origin, pageSize: 500}),
				report: resolved.report,
			};
		});
		const query: Query = ALL;
		try {
			store.setQuery(query);
			await settle(store);
			expect(store.getSnapshot().pages).toBe(1);
			// Graph goes away: the prefetched page and its retry fail, then the next page asked for fails too.
			emu.setFaults({unavailableEvery: 1, retryAfter: '0'});
			await new Promise(r => setTimeout(r, 200));
			await store.loadNext();
			expect(store.getSnapshot().error).toMatch(/serviceNotAvailable|HTTP 503/);
			expect(store.getSnapshot().more).toBe(true);
			emu.setFaults({});
			while (store.getSnapshot().more) await store.loadNext();
			expect(store.getSnapshot().error).toBeUndefined();
			const ids = Array.from(
				{length: store.getSnapshot().records.length},
				(_, i) => store.getSnapshot().records.at(i)!.id,
			);
			const expected = (await emu.control('state')) as {counts: {signIns: number}};
			expect(ids).toHaveLength(expected.counts.signIns);
			expect(new Set(ids).size).toBe(ids.length);
		} finally {
			emu.setFaults({});
			store.close();
		}
	});

	it('a pivot while a page is on its way: back on the list, that page still comes, nothing skipped or doubled', async () => {
		const store = makeStore(100_000, 500);
		try {
			store.setQuery(ALL);
			await settle(store);
			expect(store.getSnapshot().pages).toBe(1);
			// n, and at once u (a pivot) before the page lands: the page is dropped from the screen...
			const inFlight = store.loadNext();
			store.pushQuery({...ALL, filters: {user: 'alice@contoso.com'}});
			await inFlight;
			await settle(store);
			expect(store.popQuery()).toBe(true);
			expect(store.getSnapshot().pages).toBe(1);
			// ...and fetched again when the list goes on.
			while (store.getSnapshot().more) await store.loadNext();
			const ids = Array.from(
				{length: store.getSnapshot().records.length},
				(_, i) => store.getSnapshot().records.at(i)!.id,
			);
			const expected = (await emu.control('state')) as {counts: {signIns: number}};
			expect(ids).toHaveLength(expected.counts.signIns);
			expect(new Set(ids).size).toBe(ids.length);
		} finally {
			store.close();
		}
	});

	it("n pressed three times while a new query's first page still comes (r, or filters applied): three pages more, none lost", async () => {
		const store = makeStore(100_000, 500);
		try {
			store.setQuery(ALL);
			await settle(store);
			// r, then n n n at once, before the first page of the refresh is in (found by an independent check: three
			// pages in mid-list went missing, and the list later said "all loaded").
			store.refresh();
			const keys = [store.loadNext(), store.loadNext(), store.loadNext()];
			await Promise.all(keys);
			await settle(store);
			// Each n counts: the first page and the three asked for, in order.
			expect(store.getSnapshot().pages).toBe(4);
			while (store.getSnapshot().more) await store.loadNext();
			const snap = store.getSnapshot();
			const ids = Array.from({length: snap.records.length}, (_, i) => snap.records.at(i)!.id);
			// The oracle: the same query's pages read from Graph by a source of their own, in order.
			const expected: string[] = [];
			const source = new GraphSource(c.client, resolveQuery(ALL), ALL, {graphBase: emu.origin, pageSize: 500});
			for await (const page of source.pages()) for (const r of page.records) expected.push(r.id as string);
			expect(ids.length).toBe(expected.length);
			expect(ids).toEqual(expected);
		} finally {
			store.close();
		}
	});

	it('past the memory bound, full records go to a temp file and come back identical; the file goes at close', async () => {
		const store = makeStore(150);
		store.setQuery(ALL);
		await settle(store);
		for (let i = 0; i < 5; i++) await store.loadNext();
		const snap = store.getSnapshot();
		expect(snap.records.length).toBe(600);
		// Whole blocks of 32 go to the file: 450 over the bound is 14 blocks.
		expect(snap.records.spilled).toBe(448);
		const file = snap.records.spillFile!;
		expect(existsSync(file)).toBe(true);
		// As beta serves them: beta Prod has no riskEventTypes (the emulator stores it for v1.0).
		const expected = emu.tenant.signIns.slice(0, 600).map(({riskEventTypes: _, ...served}) => served);
		for (let i = 0; i < 600; i++) expect(snap.records.at(i)).toEqual(expected[i]);
		expect(snap.rows.cells(599)[1]).toBe(
			expected[599]!['userPrincipalName'] ?? expected[599]!['servicePrincipalName'] ?? expected[599]!['appDisplayName'],
		);
		store.close();
		expect(existsSync(file)).toBe(false);
	});

	it("a file's records read back from the spill file are its own bytes (1.50, 2^64, escapes), for the detail and y", async () => {
		const dir = await mkdtemp(join(tmpdir(), 'entra-logs-spill-'));
		const lines = Array.from(
			{length: 300},
			(_, i) =>
				`{"id":"r${i}", "createdDateTime":"2026-11-19T19:${String(59 - Math.floor(i / 60)).padStart(2, '0')}:${String(59 - (i % 60)).padStart(2, '0')}Z","n":1.50,"big":18446744073709551616,"u":"Ren\\u00e9e"}`,
		);
		await writeFile(join(dir, 'r.ndjson'), `${lines.join('\n')}\n`);
		const store = new RecordStore(q => {
			const resolved = resolveQuery(q);
			return {source: new FileSource(join(dir, 'r.ndjson'), resolved), report: resolved.report};
		}, 64);
		store.setQuery(ALL);
		await settle(store);
		while (store.getSnapshot().more) await store.loadNext();
		const records = store.getSnapshot().records;
		expect(records.length).toBe(300);
		expect(records.spilled).toBeGreaterThan(200);
		for (const i of [0, 1, 150, 299]) expect(recordJson(records.at(i)!)).toBe(lines[i]);
		store.close();
		await rm(dir, {recursive: true, force: true});
	});

	it('a new query cancels the old one: no stale page lands in the new list', async () => {
		const store = makeStore(10_000);
		emu.setFaults({latencyMs: 150});
		try {
			store.setQuery(ALL);
			store.setQuery({...emptyQuery('audits')});
			await settle(store);
			await new Promise(r => setTimeout(r, 300));
			const snap = store.getSnapshot();
			expect(snap.report?.id).toBe('audits');
			for (const r of snap.records) expect(r).toHaveProperty('activityDisplayName');
		} finally {
			emu.setFaults({});
			store.close();
		}
	});

	it('a query that cannot be sent: its message holds no control character of what was typed', () => {
		const store = makeStore(10_000);
		try {
			// A time pasted with an escape sequence in it: the message quotes it, and the status line shows the message.
			store.setQuery({...ALL, since: '\u001b]52;c;cHduZWQ=\u0007\u001b[31mtomorrow'});
			const {error, errorKind} = store.getSnapshot();
			expect(errorKind).toBe('query');
			expect(error).toMatch(/is not a time/);
			expect(error).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
		} finally {
			store.close();
		}
	});

	it('a Graph error shows in the snapshot as one line with the request-id', async () => {
		const store = makeStore(10_000);
		store.setQuery({...ALL, rawFilter: 'status/errorCode ne 0'});
		await settle(store);
		expect(store.getSnapshot().error).toMatch(
			/Invalid filter clause \(BadRequest, HTTP 400, request-id [0-9a-f-]{36}\)/,
		);
		expect(store.getSnapshot().needsLogin).toBe(false);
		store.close();
	});

	it('a source that needs a sign-in (nobody is signed in with this token cache) says so: the TUI then shows the sign-in', async () => {
		const dir = await mkdtemp(join(tmpdir(), 'entra-logs-store-'));
		const auth = new Auth({
			loginHost: emu.origin,
			graphResource: 'https://graph.microsoft.com',
			tenant: emu.tenantId,
			cacheFile: join(dir, 'cache.json'),
			network: emu.network,
			knownAuthorities: [new URL(emu.origin).host],
		});
		const client = new GraphClient({network: emu.network, getToken: o => auth.getToken(o), rateLimit: null});
		const store = new RecordStore(q => {
			const resolved = resolveQuery(q);
			return {source: new GraphSource(client, resolved, q, {graphBase: emu.origin}), report: resolved.report};
		});
		try {
			store.setQuery(ALL);
			await settle(store);
			expect(store.getSnapshot()).toMatchObject({needsLogin: true, error: 'not signed in: run entra-logs login'});
		} finally {
			store.close();
			await rm(dir, {recursive: true, force: true});
		}
	});
});
