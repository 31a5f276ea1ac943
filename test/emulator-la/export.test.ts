/**
 * A large export from the workspace under every fault the emulator has at once: 429s with Retry-After, 503s, dropped
 * connections, answers cut in half, tokens expired under the client, partial results, and a per-query size limit
 * that cuts most pages short (a PartialError with the rows so far). Interrupted after a few pages and resumed from
 * its checkpoint, the file must hold every sign-in of the four tables exactly once. CI runs it on the test tenant
 * (6,000 sign-ins); the million-record run is in bench/ (npm run bench: the emulator scans its tables per query).
 */
import {mkdtemp, readFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';
import {LogAnalyticsClient} from '../../source/net/log-analytics-client.js';
import {WorkspaceSource} from '../../source/sources/workspace-source.js';
import {exportKey, runExport} from '../../source/export/export.js';
import type {Query} from '../../source/query/query.js';
import {deviceToken, laService, withLaEmulator} from './la-client.js';

const env = withLaEmulator();

describe('export from a workspace under faults', () => {
	it('every sign-in of the four tables exactly once, through faults, cut pages and a resume', async () => {
		const {emu, la} = env;
		const service = laService(emu);
		// Pages of 500 rows are about 2.5 MB: a 1 MB limit cuts most of them (the documented PartialError).
		service.settings.maxBytes = 1_000_000;
		service.settings.partialEvery = 5;
		service.settings.rateLimit = 1_000_000;
		await emu.control('faults', {
			throttleEvery: 3,
			retryAfter: '0.05',
			unavailableEvery: 7,
			dropEvery: 11,
			truncateEvery: 13,
			expireTokenEvery: 10,
		});
		let token: string | undefined;
		let refreshes = 0;
		const retries: string[] = [];
		const notes: string[] = [];
		const client = new LogAnalyticsClient({
			network: emu.network,
			base: emu.origin,
			baseDelayMs: 10,
			maxRetries: 12,
			getToken: async ({forceRefresh}) => {
				if (forceRefresh) refreshes++;
				if (forceRefresh || !token) token = await deviceToken(emu, ['https://api.loganalytics.io/.default']);
				return token;
			},
			onRetry: info => retries.push(info.reason),
		});
		const query: Query = {
			report: 'signins',
			filters: {},
			eventTypes: ['interactive', 'non-interactive', 'service-principal', 'managed-identity'],
			workspace: la.workspace,
			order: 'newest',
		};
		const source = (): WorkspaceSource =>
			new WorkspaceSource(client, query, la.workspace, {take: 500, onNote: n => notes.push(n)});
		const dir = await mkdtemp(join(tmpdir(), 'entra-logs-ws-export-'));
		const out = join(dir, 'all.ndjson');
		const first = source();
		const queryKey = exportKey(query, first);
		const stop = new AbortController();
		try {
			const interrupted = await runExport({
				source: first,
				report: 'signins',
				format: 'ndjson',
				out,
				queryKey,
				signal: stop.signal,
				onProgress: p => {
					if (p.pages === 3) stop.abort(new Error('interrupted'));
				},
			}).then(
				() => 'finished',
				() => 'interrupted',
			);
			expect(interrupted).toBe('interrupted');
			const done = await runExport({
				source: source(),
				report: 'signins',
				format: 'ndjson',
				out,
				queryKey,
				resume: true,
			});
			const ids = (await readFile(out, 'utf8'))
				.trim()
				.split('\n')
				.map(l => (JSON.parse(l) as {id: string}).id);
			const expected = emu.tenant.signIns.map(r => r.id);
			expect(new Set(ids).size).toBe(ids.length);
			expect(ids.length).toBe(expected.length);
			expect([...ids].sort()).toEqual([...expected].sort());
			expect(done.records).toBe(expected.length);
			// The faults did happen, and the cut pages were said.
			for (const reason of ['HTTP 429', 'HTTP 503']) expect(retries).toContain(reason);
			expect(retries.some(r => /unparsable|empty|socket|ECONNRESET|closed|terminated/i.test(r))).toBe(true);
			expect(refreshes).toBeGreaterThan(0);
			expect(notes.some(n => /internal data size limit/.test(n))).toBe(true);
		} finally {
			await emu.control('faults', {
				throttleEvery: 0,
				unavailableEvery: 0,
				dropEvery: 0,
				truncateEvery: 0,
				expireTokenEvery: 0,
			});
			service.settings.maxBytes = 64_000_000;
			service.settings.partialEvery = 0;
		}
	}, 300_000);
});
