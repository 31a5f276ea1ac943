/**
 * `b` (Graph beta) on a workspace: a workspace row holds every column its table has, so there is no beta to switch
 * to. It said "Graph beta: authentication steps and more fields" and ran the query again (found by an independent
 * check); it now says why it does nothing, and the list stays as it was.
 */
import {describe, expect, it} from 'vitest';
import {emptyQuery} from '../../source/query/query.js';
import {workspaceIdFor} from '../../source/emulator/log-analytics/index.js';
import {waitFor, tuiSuite} from '../helpers/tui.js';

const suite = tuiSuite();

describe('the TUI: b on a workspace', () => {
	it('says beta applies to Graph queries, and keeps the list', async () => {
		const ws = workspaceIdFor(suite.emu.tenantId);
		const t = await suite.setup({initialQuery: {...emptyQuery('signins'), workspace: ws}, args: ['--workspace', ws]});
		await waitFor(t.frame, f => f.includes('1/20 loaded'), 'the list', 120_000);
		const ids = (): unknown[] => Array.from({length: 20}, (_, i) => t.store.getSnapshot().records.at(i)?.['id']);
		const before = ids();
		await t.press('b', f => f.includes('beta applies to Graph queries'), 'the reason');
		expect(t.frame()).not.toContain('Graph beta: authentication steps');
		expect(ids()).toEqual(before);
		expect(before.every(id => typeof id === 'string')).toBe(true);
		expect(t.store.getSnapshot().query?.beta).toBeFalsy();
		await t.close();
	}, 180_000);
});
