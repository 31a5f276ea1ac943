/**
 * A workspace's pages over the emulator's HTTPS query API: the next page's query leaves as soon as a page's last row
 * is known, while the caller still holds that page (the workspace runs one query while we read another's rows), and
 * the pages are the same ones, in the same order, as when each is asked for in turn.
 */
import {describe, expect, it} from 'vitest';
import {LogAnalyticsClient} from '../../source/net/log-analytics-client.js';
import {WorkspaceSource} from '../../source/sources/workspace-source.js';
import type {Query} from '../../source/query/query.js';
import {deviceToken, withLaEmulator} from './la-client.js';

const env = withLaEmulator();

const query = (workspace: string): Query => ({
	report: 'signins',
	filters: {},
	eventTypes: ['interactive', 'non-interactive', 'service-principal', 'managed-identity'],
	workspace,
	order: 'newest',
});

describe('workspace pages', () => {
	it("asks for the next page while the caller still holds this one, and the pages are each page's own", async () => {
		const {emu, la} = env;
		const token = await deviceToken(emu, ['https://api.loganalytics.io/.default']);
		const client = new LogAnalyticsClient({network: emu.network, base: emu.origin, getToken: async () => token});
		const queries = (): number => emu.log.filter(e => e.method === 'POST' && e.path.endsWith('/query')).length;
		const source = new WorkspaceSource(client, query(la.workspace), la.workspace, {take: 500});
		const pages = source.pages()[Symbol.asyncIterator]();
		const before = queries();
		const first = await pages.next();
		if (first.done) throw new Error('no first page');
		// Page 1 is held (no next() yet): the query for page 2 leaves anyway.
		const deadline = Date.now() + 60_000;
		while (queries() < before + 2 && Date.now() < deadline) await new Promise(r => setTimeout(r, 20));
		expect(queries()).toBe(before + 2);
		const ids = first.value.records.map(r => r.id);
		for (let page = await pages.next(); !page.done; page = await pages.next())
			ids.push(...page.value.records.map(r => r.id));

		// The oracle: the same query's pages from a fresh source, each asked for only after the one before was read.
		const oneByOne: string[] = [];
		const again = new WorkspaceSource(client, query(la.workspace), la.workspace, {take: 500});
		for await (const page of again.pages()) oneByOne.push(...page.records.map(r => r.id));
		expect(ids.length).toBeGreaterThan(1000);
		expect(new Set(ids).size).toBe(ids.length);
		expect(ids).toEqual(oneByOne);
	}, 180_000);
});
