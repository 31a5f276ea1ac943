/**
 * Pivots a responder needs, against the emulator: from a sign-in to the audits about its user (the list switches
 * report, esc comes back to the sign-in's row), and from a group's audit to the group's membership changes. The
 * expected records are counted here from the emulator's tenant, independently of the filters the pivots build.
 */
import {describe, expect, it} from 'vitest';
import {emptyQuery} from '../../source/query/query.js';
import type {GraphRecord} from '../../source/reports/report.js';
import {testTenant} from '../helpers/emulator.js';
import {KEYS, waitFor, tuiSuite, type Tui} from '../helpers/tui.js';
import {workspaceIdFor} from '../../source/emulator/log-analytics/index.js';

const suite = tuiSuite();
const {setup} = suite;

/** The ids of an audit's targets. */
const targetIds = (a: GraphRecord): string[] =>
	(a['targetResources'] as Array<{id: string; type: string}>).map(t => t.id);

/**
 * Selects the first of the list's 20 sign-ins whose user some audit is about (counted from the tenant, not through a
 * filter): its row, its user, and those audits.
 */
async function rowOfAuditedUser(t: Tui): Promise<{row: number; userId: string; about: GraphRecord[]}> {
	const audits = testTenant().directoryAudits;
	const records = Array.from({length: 20}, (_, i) => t.store.getSnapshot().records.at(i)!);
	const row = records.findIndex(r => audits.some(a => targetIds(a).includes(String(r['userId']))));
	expect(row).toBeGreaterThanOrEqual(0);
	const userId = String(records[row]!['userId']);
	for (let i = 0; i < row; i++) await t.press(KEYS.down, f => f.includes(`${i + 2}/20 loaded`), `row ${i + 2}`);
	return {row, userId, about: audits.filter(a => targetIds(a).includes(userId))};
}

describe('the TUI: pivots across reports', () => {
	it("A on a sign-in: the directory audits about its user; esc returns to the sign-in's row", async () => {
		const t = await setup({initialQuery: emptyQuery('signins')});
		await waitFor(t.frame, f => f.includes('1/20 loaded'), 'the list');
		// A sign-in has no group: m says so rather than doing nothing.
		await t.press('m', f => f.includes('Sign-ins has no pivot on m (? lists them)'), 'the word on m');
		const {row, userId, about} = await rowOfAuditedUser(t);
		await t.press(
			'A',
			f => f.includes(`audits about the user: ${userId}`) && f.includes('Activity'),
			'the audits about the user',
		);
		await waitFor(t.frame, f => /\d+\/\d+ loaded/.test(f) && !f.includes('loading'), 'the audits loaded');
		const snap = t.store.getSnapshot();
		expect(snap.report?.id).toBe('audits');
		expect(snap.rows.length).toBe(Math.min(20, about.length));
		for (let i = 0; i < snap.rows.length; i++) expect(targetIds(snap.records.at(i)!)).toContain(userId);
		// esc: the sign-ins again, on the row the pivot came from.
		await t.press(KEYS.esc, f => f.includes('User / principal') && f.includes(`${row + 1}/20 loaded`), 'back');
		expect(t.store.getSnapshot().report?.id).toBe('signins');
		await t.close();
	});

	it("m on a group's audit: the group's membership changes", async () => {
		const t = await setup({initialQuery: {...emptyQuery('audits'), filters: {activity: 'Add member to group'}}});
		await waitFor(t.frame, f => /1\/\d+ loaded/.test(f) && !f.includes('loading'), 'the list');
		const record = t.store.getSnapshot().records.at(0)!;
		const group = (record['targetResources'] as Array<{id: string; type: string}>).find(x => x.type === 'Group')!;
		const expected = testTenant().directoryAudits.filter(a => targetIds(a).includes(group.id));
		expect(expected.length).toBeGreaterThan(0);
		await t.press('m', f => f.includes(`membership changes: ${group.id}`), 'the pivot');
		await waitFor(t.frame, f => /\d+\/\d+ loaded/.test(f) && !f.includes('loading'), 'the group audits loaded');
		const snap = t.store.getSnapshot();
		expect(snap.rows.length).toBe(Math.min(20, expected.length));
		for (let i = 0; i < snap.rows.length; i++) {
			expect(targetIds(snap.records.at(i)!)).toContain(group.id);
			expect(String(snap.records.at(i)!['activityDisplayName'])).toMatch(/member|group/i);
		}
		await t.press(KEYS.esc, f => f.includes('Add member to group') && !f.includes('membership changes:'), 'back');
		await t.close();
	});
});

/** The filter editor on the list, its Category field set: the frame it shows then. */
async function categoryFilter(t: Tui): Promise<string> {
	await t.press('f', f => f.includes('Filters: Directory audits'), 'the filter editor');
	for (let i = 0; i < 12 && !/› Category/.test(t.frame()); i++) await t.press(KEYS.down);
	expect(t.frame()).toMatch(/› Category/);
	for (const ch of 'GroupManagement') await t.press(ch);
	return waitFor(t.frame, f => f.includes('› Category            GroupManagement'), 'the category typed');
}

describe('the TUI: pivots on a workspace', () => {
	it('A from a sign-in’s detail: the audits about its user from the same workspace, where KQL checks category', async () => {
		const ws = workspaceIdFor(suite.emu.tenantId);
		const t = await setup({initialQuery: {...emptyQuery('signins'), workspace: ws}, args: ['--workspace', ws]});
		await waitFor(t.frame, f => f.includes('1/20 loaded'), 'the list', 120_000);
		const {userId, about} = await rowOfAuditedUser(t);
		await t.press(KEYS.enter, f => f.includes('Basic info'), 'the sign-in');
		await t.press('A', f => f.includes(`audits about the user: ${userId}`) && f.includes('Activity'), 'the pivot');
		await waitFor(t.frame, f => /\d+\/\d+ loaded/.test(f) && !f.includes('loading'), 'the audits loaded');
		expect(t.store.getSnapshot().rows.length).toBe(Math.min(20, about.length));
		// Read from the workspace: the record keeps its AuditLogs row.
		expect(Object.keys(t.store.getSnapshot().records.at(0)!)).toContain('@logAnalytics.row');

		// The filter editor asks the workspace, which filters the category in KQL: it is not "checked here". The target,
		// an element of a list, KQL only narrows: that one is.
		const f = await categoryFilter(t);
		expect(f).toContain(`/v1/workspaces/${ws}/query?query=AuditLogs`);
		expect(f).not.toMatch(/Category .*checked here/);
		expect(f).toContain(`checked here (KQL only narrows it: an element of a list): Target ${userId}`);
		expect(f).not.toContain('Category GroupManagement ·');
		await t.close();
	}, 180_000);

	it('on Graph the same filter is checked here, as Graph has no filter for an audit’s category', async () => {
		const t = await setup({initialQuery: emptyQuery('audits')});
		await waitFor(t.frame, f => /1\/\d+ loaded/.test(f), 'the list');
		const f = await categoryFilter(t);
		expect(f).toContain('checked here (Graph has no filter for it): Category GroupManagement');
		await t.close();
	});
});
