/**
 * A failed fetch says what to do about it (found by an independent check: the list offered "n tries again" for a
 * 400 that fails the same way each time). Against the emulator over HTTPS, through the App: a filter Graph refuses
 * (400, "Invalid filter clause", as graph-api.md documents) says f edits the filters, and f opens them; an
 * unlicensed tenant (403) says what it lacks and offers no key; errors that asking again can cure (a 503 past the
 * retries, a connection refused) stay "n tries again".
 */
import {createServer} from 'node:net';
import {describe, expect, it} from 'vitest';
import {emptyQuery} from '../../source/query/query.js';
import {GraphClient} from '../../source/graph/client.js';
import {errorKind, errorLine} from '../../source/sources/source-error.js';
import {errorState} from '../../source/ui/error-state.js';
import {signedInClient} from '../helpers/client.js';
import {tuiSuite, waitFor} from '../helpers/tui.js';

const suite = tuiSuite();
/** Wide enough for the whole status line. */
const WIDE = {width: 400, height: 30};
/** The list's status line. */
const statusLine = (frame: string): string => frame.split('\n').find(l => /^\d+\/\d+ loaded · /.test(l)) ?? '';

describe('a failed fetch says what to do', () => {
	it('a filter Graph refuses (400), or one that cannot be sent: f edits the filters, no n; f opens them', async () => {
		const refused = {filter: 'status/errorCode ne 0', says: /Invalid filter clause \(BadRequest, HTTP 400/};
		const unsent = {filter: "userPrincipalName eq 'x", says: /quote/};
		for (const {filter, says} of [refused, unsent]) {
			const t = await suite.setup({initialQuery: {...emptyQuery('signins'), rawFilter: filter}, size: WIDE});
			try {
				const f = await waitFor(t.frame, f => statusLine(f).includes('error'), `the error of ${filter}`);
				const status = statusLine(f);
				expect(status).toMatch(/ · error \(f edits the filters\): /);
				expect(status).toMatch(says);
				expect(status).not.toContain('tries again');
				// n asks Graph nothing again (found by a second check: it re-sent the refused request).
				const asked = (): number => suite.emu.log.filter(e => e.path.endsWith('/auditLogs/signIns')).length;
				const before = asked();
				await t.press('n', f => statusLine(f).includes('edits the filters'), 'the same advice');
				await t.press('f', f => f.includes(filter) && !statusLine(f).includes('error'), 'the filters');
				expect(asked()).toBe(before);
			} finally {
				await t.close();
			}
		}
	}, 120_000);

	it('an unlicensed tenant (403): the licence it needs, and no key that cannot help', async () => {
		await suite.emu.control('license', {license: 'free'});
		try {
			const t = await suite.setup({initialQuery: emptyQuery('signins'), size: WIDE});
			try {
				const f = await waitFor(t.frame, f => statusLine(f).includes('error'), 'the error');
				const status = statusLine(f);
				expect(status).toMatch(/ · error: .*HTTP 403.*P1 or P2/);
				expect(status).not.toMatch(/tries again|edits the filters/);
			} finally {
				await t.close();
			}
		} finally {
			await suite.emu.control('license', {license: 'p2'});
		}
	}, 120_000);

	it('errors asking again can cure stay "n tries again": a 503 past the retries, a connection refused', async () => {
		const c = await signedInClient(suite.emu);
		const client = new GraphClient({
			network: suite.emu.network,
			getToken: o => c.auth.getToken(o),
			rateLimit: null,
			baseDelayMs: 1,
			maxDelayMs: 5,
			maxRetries: 1,
		});
		const url = `${suite.emu.origin}/beta/auditLogs/signIns?$top=5`;
		suite.emu.setFaults({unavailableEvery: 1, retryAfter: '0.01'});
		const unavailable = await client.getPage(url).catch((e: unknown) => e);
		suite.emu.setFaults({});
		// A port nobody listens on.
		const server = createServer().listen(0);
		await new Promise(r => server.once('listening', r));
		const port = (server.address() as {port: number}).port;
		await new Promise(r => server.close(r));
		const refused = await client.getPage(`https://127.0.0.1:${port}/beta/auditLogs/signIns`).catch((e: unknown) => e);
		for (const error of [unavailable, refused]) {
			expect(error).toBeInstanceOf(Error);
			expect(errorKind(error)).toBe('transient');
			expect(errorState(errorLine(error), errorKind(error))).toMatch(/^error \(n tries again\): /);
		}
	}, 120_000);
});
