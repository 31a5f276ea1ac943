/**
 * The summary screen (`s`) in the App as the CLI wires it, against the emulator over HTTPS: what is loaded, counted
 * here too; enter on a detection opens exactly its records, enter on a group opens the list filtered to it, esc
 * comes back to the summary; F summarises the whole query in the background (the planted detections), esc stops it.
 */
import {describe, expect, it} from 'vitest';
import {emptyQuery, type Query} from '../../source/query/query.js';
import {KEYS, waitFor, tuiSuite} from '../helpers/tui.js';

const suite = tuiSuite();
const everything: Query = {...emptyQuery('signins'), since: '2020-01-01T00:00:00Z'};

describe('the TUI: summary', () => {
	it('s: the loaded records; enter on a detection, then on a group; esc back each time; F: the whole query', async () => {
		const t = await suite.setup({initialQuery: everything, size: {width: 120, height: 40}});
		await waitFor(t.frame, f => /1\/20 loaded/.test(f), 'the first page');
		await t.press('s', f => f.includes('Summary of the 20 loaded records'), 'the summary');
		// Its outcome line against a count made here over the same 20 records.
		const loaded = Array.from({length: 20}, (_, i) => t.store.getSnapshot().records.at(i)!);
		const successes = loaded.filter(r => (r['status'] as {errorCode: number}).errorCode === 0).length;
		expect(t.frame()).toContain(`Outcome: success ${successes} (${((successes / 20) * 100).toFixed(1)}%)`);

		// The planted impossible travel is among the newest sign-ins: the first line enter opens.
		const travel = suite.emu.tenant.planted!.find(p => p.kind === 'impossible-travel')!;
		expect(t.frame()).toMatch(/›\s+impossible-travel/);
		await t.press(KEYS.enter, f => f.includes(`impossible-travel ${travel.subject}`), 'the detection’s records');
		await waitFor(t.frame, f => /1\/2 loaded/.test(f), 'its two records');
		const ids = [0, 1].map(i => t.store.getSnapshot().records.at(i)!.id).sort();
		expect(ids).toEqual([...travel.ids].sort());
		expect(t.frame()).toContain('esc back to the summary');
		await t.press(KEYS.esc, f => f.includes('Summary of the 20 loaded records'), 'the summary again');
		expect(t.frame()).toMatch(/›\s+impossible-travel/);
		expect(t.store.depth).toBe(0);

		// Down to the first application: enter filters the list to it (a query, fetched from Graph).
		const firstApp = /Application[^\n]*\n\s+(\S[^\n]*?)\s{2,}\d/.exec(t.frame())?.[1];
		expect(firstApp).toBeTruthy();
		for (let k = 0; k < 40 && !new RegExp(`›\\s+${firstApp}`).test(t.frame()); k++) await t.press(KEYS.down);
		await t.press(KEYS.enter, f => f.includes(`app=${firstApp}`), 'the list filtered to the app');
		expect(t.store.getSnapshot().query?.filters).toEqual({app: firstApp});
		await t.press(KEYS.esc, f => f.includes('Summary of the 20 loaded records'), 'the summary again');
		expect(t.store.getSnapshot().query).toEqual(everything);

		// F: every page of the query in the background; v1.0 has no authenticationProtocol, so seven of the eight.
		const interactive = suite.emu.tenant.signIns.filter(
			r => (r['signInEventTypes'] as string[])[0] === 'interactiveUser',
		).length;
		await t.press(
			'F',
			f => f.includes(`Summary of the whole query: ${interactive.toLocaleString('en-US')} records`),
			'the whole query',
		);
		await waitFor(t.frame, f => f.includes('Detections (7)'), 'the planted detections');
		// esc: back to the list, which stayed as it was.
		await t.press(KEYS.esc, f => /1\/20 loaded/.test(f), 'the list');
		await t.close();
	}, 120_000);

	it('provisioning, whole query: enter on an error code (no filter says it) opens the records that carry it', async () => {
		const provisioning: Query = {...emptyQuery('provisioning'), since: '2020-01-01T00:00:00Z'};
		const t = await suite.setup({initialQuery: provisioning, size: {width: 120, height: 60}});
		await waitFor(t.frame, f => /1\/20 loaded/.test(f), 'the first page');
		await t.press('s', f => f.includes('Summary of the 20 loaded records'), 'the summary');
		const all = suite.emu.tenant.provisioning.length.toLocaleString('en-US');
		// Pages of 1,000 within the client's throttle (5 requests in 10 s): some seconds.
		await t.press('F');
		await waitFor(t.frame, f => f.includes(`Summary of the whole query: ${all} records`), 'the whole query', 90_000);
		// Down to the first value under "Error code".
		const selectedAfterHeading = (f: string): boolean => {
			const lines = f.split('\n');
			const at = lines.findIndex(l => l.startsWith('›'));
			return at > 0 && /^\s*Error code/.test(lines[at - 1]!);
		};
		for (let k = 0; k < 60 && !selectedAfterHeading(t.frame()); k++) await t.press(KEYS.down);
		expect(selectedAfterHeading(t.frame())).toBe(true);
		const code = /›\s+(\S+)/.exec(t.frame())![1]!;
		const expected = suite.emu.tenant.provisioning.filter(
			r =>
				(r['provisioningStatusInfo'] as {errorInformation?: {errorCode?: string}}).errorInformation?.errorCode === code,
		);
		expect(expected.length).toBeGreaterThan(0);
		await t.press(KEYS.enter, f => f.includes(`Error code = ${code}`), 'the records with that code');
		// The list is of exactly those records (shown a page of the list's size at a time).
		const given = t.store.getSnapshot().query?.given?.records as Array<{id: string}>;
		expect(given.map(r => r.id).sort()).toEqual(expected.map(r => r.id).sort());
		await waitFor(t.frame, f => /1\/20 loaded · 1 page · more available/.test(f), 'its first page');
		await t.press(KEYS.esc, f => f.includes('Summary of the whole query'), 'the summary again');
		await t.close();
	}, 120_000);

	it('F while Graph is slow: progress, and esc stops it with what it has', async () => {
		const t = await suite.setup({initialQuery: everything, size: {width: 120, height: 40}});
		try {
			await waitFor(t.frame, f => /1\/20 loaded/.test(f), 'the first page');
			await t.press('s', f => f.includes('Summary of the 20 loaded records'), 'the summary');
			await suite.emu.control('faults', {latencyMs: 4000});
			await t.press('F', f => f.includes('Summary of the whole query: fetching...'), 'the fetch under way');
			// Once its first page is in: counts so far, and no "none" for detections not looked for yet.
			await waitFor(
				t.frame,
				f => /fetching\.\.\. [1-9][\d,]* records/.test(f) && f.includes('looked for once every record is in'),
				'the first page of the whole query',
			);
			expect(t.frame()).not.toMatch(/Detections \(0\)/);
			await t.press(KEYS.esc, f => /stopped at [\d,]+ records/.test(f), 'stopped');
			// Still the summary: a second esc goes back.
			expect(t.frame()).toContain('Summary of the whole query');
			await t.press(KEYS.esc, f => /1\/20 loaded/.test(f), 'the list');
		} finally {
			await suite.emu.control('faults', {latencyMs: 0});
			await t.close();
		}
	}, 120_000);
});
