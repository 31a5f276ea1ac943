/**
 * `n` on a page prefetched while the user read (issue 10: a page switch is a row swap): the turn of the key parses
 * no record (the summary reads the page while idle, from the objects the prefetch parsed), the frame it draws has
 * the page, and the summary still counts every record the list loaded exactly once, however the pages came (read
 * ahead, asked for before they were in, dropped by a pivot and fetched again, `s` before the idle work is done):
 * checked against the pages the emulator serves over HTTPS to a client of this test's own.
 */
import {statSync} from 'node:fs';
import {describe, expect, it, vi} from 'vitest';
import {GraphClient} from '../../source/graph/client.js';
import {emptyQuery, type Query} from '../../source/query/query.js';
import type {GraphRecord} from '../../source/reports/report.js';
import {SpillableRecords, SPILL_BLOCK} from '../../source/store/spill.js';
import {summarize} from '../../source/triage/summary.js';
import {SCREEN_TOP, summaryModelOf} from '../../source/ui/use-summary.js';
import {KEYS, tick, tuiSuite, waitFor} from '../helpers/tui.js';

const suite = tuiSuite();
const everything: Query = {...emptyQuery('signins'), since: '2020-01-01T00:00:00Z'};
/** Lets the idle work run (slices of setImmediate) until `done`. */
const idle = async (done: () => boolean, what: string): Promise<void> => {
	const end = Date.now() + 60_000;
	while (!done()) {
		if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
		await new Promise(r => setTimeout(r, 5));
	}
};

describe('n on a prefetched page', () => {
	it('parses, writes and asks Graph for nothing in the key’s turn, draws the page at once, and the summary counts each loaded record once', async () => {
		const t = await suite.setup({initialQuery: everything, size: {width: 120, height: 40}});
		try {
			await waitFor(t.frame, f => /1\/20 loaded/.test(f), 'the first page');
			const model = summaryModelOf(t.store);
			// Past the 256 records kept as text (pages of 20), so that showing a page spills the oldest to the file.
			const PAGES = 18;
			for (let page = 2; page <= PAGES; page++) {
				// The reader pauses: the next page comes in and is read ahead.
				await idle(() => t.store.prefetched && model.settled(t.store.getSnapshot()), 'the page read ahead');
				await tick();
				const spillFile = t.store.getSnapshot().records.spillFile;
				const spilled = spillFile ? statSync(spillFile).size : 0;
				const parse = vi.spyOn(JSON, 'parse');
				const asks = [vi.spyOn(GraphClient.prototype, 'getPage'), vi.spyOn(GraphClient.prototype, 'getRawPage')];
				try {
					t.app.stdin.write('n');
					// The key's turn: its handler and React's render run in it (microtasks), the idle work after it.
					for (let i = 0; i < 20; i++) await Promise.resolve();
					expect(t.frame()).toMatch(new RegExp(`1/${page * 20} loaded · ${page} pages`));
					expect(parse).not.toHaveBeenCalled();
					// The blocks this page spills were written when it came in; the page after it is asked for after the
					// frame.
					const file = t.store.getSnapshot().records.spillFile;
					expect(file ? statSync(file).size : 0).toBe(spilled);
					for (const ask of asks) expect(ask).not.toHaveBeenCalled();
				} finally {
					parse.mockRestore();
					for (const ask of asks) ask.mockRestore();
				}
			}
			expect(t.store.getSnapshot().records.spilled).toBeGreaterThan(0);
			// n twice in a row: the second page may be asked for before it is in (then parsed from the list's text).
			const rows = (pages: number): RegExp => new RegExp(`1/${(PAGES + pages) * 20} loaded`);
			await t.press('n', f => rows(1).test(f), 'one more page');
			await t.press('n', f => rows(2).test(f), 'two more pages');
			// A pivot while the next page is on its way drops it; back, it is fetched again.
			await t.press('n');
			await t.press('a', f => f.includes('esc back to'), 'the pivot');
			await t.press(KEYS.esc, f => rows(2).test(f) || rows(3).test(f), 'the list again');
			await t.press('n', f => rows(3).test(f) || rows(4).test(f), 'the page fetched again');
			// n then s in one go: the summary is asked for before the idle work has read the page.
			const before = t.store.getSnapshot().records.length;
			t.app.stdin.write('n');
			t.app.stdin.write('s');
			const total = before + 20;
			await waitFor(t.frame, f => f.includes(`Summary of the ${total} loaded records`), 'the summary');

			// What the emulator serves, fetched here: the same query's pages, in order.
			const token = await suite.emu.token();
			const served: GraphRecord[] = [];
			let url: string | undefined =
				`/v1.0/auditLogs/signIns?$filter=${encodeURIComponent('createdDateTime ge 2020-01-01T00:00:00Z')}&$top=100`;
			while (url && served.length < total) {
				const {status, body}: {status: number; body: Record<string, unknown>} = await suite.emu.get(url, token);
				expect(status).toBe(200);
				served.push(...(body['value'] as GraphRecord[]));
				url = body['@odata.nextLink'] as string | undefined;
			}
			const snap = t.store.getSnapshot();
			const ids = Array.from({length: total}, (_, i) => (JSON.parse(snap.records.text(i)!) as GraphRecord).id);
			expect(ids).toEqual(served.slice(0, total).map(r => r.id));
			const summary = model.loadedSummary(snap)!;
			expect(summary.total).toBe(total);
			const successes = served.slice(0, total).filter(r => (r['status'] as {errorCode: number}).errorCode === 0);
			expect(summary.outcomes['success']).toBe(successes.length);
			expect(summary).toEqual(summarize('signins', served.slice(0, total), {top: SCREEN_TOP}));
			expect(t.frame()).toContain(`Outcome: success ${successes.length} `);
		} finally {
			await t.close();
		}
	});
});

describe('blocks compressed ahead of their spill', () => {
	it('come back as the texts pushed, whatever the sizes of the pages and of what was compressed ahead', () => {
		expect(new SpillableRecords(8).startOf(['{}'])).toBeUndefined();
		for (let run = 0; run < 30; run++) {
			const limit = 1 + ((run * 37) % 200);
			const kept = new SpillableRecords(limit);
			const texts: string[] = [];
			try {
				for (let p = 0; p < 12; p++) {
					const size = 1 + ((run * 13 + p * 29) % 150);
					const page = Array.from({length: size}, (_, i) => `{"id":"${run}-${p}-${i}","n":${texts.length + i}}`);
					// As the store does when a prefetched page comes in (its blocks compressed ahead); sometimes a page that
					// never comes, of another size or of the same size (another array).
					const never = (n: number): string[] => Array.from({length: n}, (_, i) => `{"id":"never-${run}-${p}-${i}"}`);
					kept.writeAhead([page, never(size + 40), never(size), page][(run + p) % 4]!);
					kept.push(
						page.map(text => JSON.parse(text) as GraphRecord),
						page,
					);
					// Where the page was put, found by its array of texts (the summary's way to its records).
					expect(kept.startOf(page)).toBe(texts.length);
					texts.push(...page);
				}
				expect(kept.spilled % SPILL_BLOCK).toBe(0);
				expect(kept.spilled).toBeGreaterThan(0);
				for (let i = 0; i < texts.length; i++) expect(kept.text(i)).toBe(texts[i]);
			} finally {
				kept.close();
			}
		}
	});
});
