/**
 * The timeline (`t`) and copy as (`Y`) in the App as the CLI wires it, against the emulator over HTTPS: the rows
 * come from the three reports, enter opens the record with its report's sections (pivots from it), esc comes back
 * without fetching again; copy as puts the query's texts on the clipboard (OSC 52, captured).
 */
import {describe, expect, it} from 'vitest';
import {emptyQuery, type Query} from '../../source/query/query.js';
import {powershellCommand} from '../../source/query/print.js';
import {KEYS, waitFor, tuiSuite} from '../helpers/tui.js';
import {workspaceIdFor} from '../../source/emulator/log-analytics/index.js';
import type {GraphRecord} from '../../source/reports/report.js';

const suite = tuiSuite();
const {setup} = suite;

const alice: Query = {...emptyQuery('signins'), filters: {user: 'alice@contoso.com'}, since: '2020-01-01T00:00:00Z'};

describe('the TUI: timeline', () => {
	it('t on a sign-in: the user’s sign-ins, audits and provisioning; enter → the record; esc back; a pivot from it', async () => {
		const t = await setup({initialQuery: alice, size: {width: 140, height: 30}});
		await waitFor(t.frame, f => /1\/\d+ loaded/.test(f), 'the list');
		await t.press('t', f => f.includes('Timeline of') && f.includes('all loaded'), 'the whole timeline');
		const f = t.frame();
		expect(f).toContain('alice@contoso.com');
		expect(f).toMatch(/ audit /);
		expect(f).toMatch(/sign-ins \d+ · audits by \d+ · audits about \d+ · provisioning [1-9]/);

		// The first provisioning row, by search, then its detail: the provisioning report's own sections.
		await t.press('/');
		for (const ch of 'provisioning ') await t.press(ch);
		await t.press(KEYS.enter, f => /\/provisioning : row \d+/.test(f), 'the search');
		await t.press(KEYS.enter, f => /record 1\/\d+ · line 1\//.test(f), 'the provisioning record');
		// The newest of her provisioning events, with the provisioning report's sections.
		expect(t.frame()).toContain('Alice Bailey');
		expect(t.store.getSnapshot().report?.id).toBe('provisioning');
		const depth = t.store.depth;
		expect(depth).toBe(1);

		// esc: the timeline again, as it was (no second fetch: still all loaded at once), and the list's store back.
		await t.press(KEYS.esc, f => f.includes('Timeline of') && f.includes('all loaded'), 'the timeline again');
		expect(t.store.depth).toBe(0);
		expect(t.store.getSnapshot().query).toEqual(alice);

		// A sign-in's detail, then a pivot on its IP: the pivot's list; esc walks back to the timeline's sign-ins, then
		// to the list the timeline was opened from.
		await t.press('g');
		await t.press('/');
		const ip = suite.emu.tenant.signIns.find(r => r['userPrincipalName'] === 'alice@contoso.com')![
			'ipAddress'
		] as string;
		for (const ch of ip) await t.press(ch);
		await t.press(KEYS.enter, f => f.includes(`/${ip}: row`), 'a sign-in row');
		await t.press(KEYS.enter, f => f.includes('Basic info'), 'the sign-in');
		await t.press('i', f => f.includes('same IP') && f.includes('User / principal'), 'the pivot');
		expect(t.store.depth).toBe(2);
		await t.press(KEYS.esc, () => t.store.depth === 1, 'back to the timeline’s sign-ins');
		await t.press(KEYS.esc, () => t.store.depth === 0, 'back to the first list');
		expect(t.store.getSnapshot().query).toEqual(alice);
		await t.close();
	});

	it('t in a record’s detail, then a pivot from a timeline record: the pivot’s list, as a pivot from a detail', async () => {
		const t = await setup({initialQuery: alice, size: {width: 140, height: 30}});
		await waitFor(t.frame, f => /1\/\d+ loaded/.test(f), 'the list');
		await t.press(KEYS.enter, f => f.includes('Basic info'), 'the sign-in');
		await t.press('t', f => f.includes('Timeline of') && f.includes('all loaded'), 'the timeline');
		const ip = suite.emu.tenant.signIns.find(r => r['userPrincipalName'] === 'alice@contoso.com')![
			'ipAddress'
		] as string;
		await t.press('/');
		for (const ch of ip) await t.press(ch);
		await t.press(KEYS.enter, f => f.includes(`/${ip}: row`), 'a sign-in row');
		await t.press(KEYS.enter, f => f.includes('Basic info'), 'its detail');
		// u: the same user's sign-ins, as a list (its header and status line), not a detail of its first record.
		await t.press(
			'u',
			f => f.includes('same user') && f.includes('User / principal') && /1\/\d+ loaded/.test(f),
			'the pivot’s list',
		);
		expect(t.frame()).not.toContain('Basic info');
		expect(t.frame()).not.toMatch(/record 1\/\d+ · line/);
		await t.close();
	});

	it('y copies the selected row’s record as JSON, Y its row as a line of text', async () => {
		const t = await setup({initialQuery: alice, size: {width: 140, height: 30}});
		await waitFor(t.frame, f => /1\/\d+ loaded/.test(f), 'the list');
		await t.press('t', f => f.includes('Timeline of') && f.includes('all loaded'), 'the whole timeline');
		await t.press('y', f => f.includes('by OSC 52'), 'the JSON copied');
		const record = JSON.parse(t.copied().at(-1)!) as {id: string; createdDateTime?: string; activityDateTime?: string};
		const time = (record.createdDateTime ?? record.activityDateTime)!;
		const {signIns, directoryAudits, provisioning} = suite.emu.tenant;
		expect([...signIns, ...directoryAudits, ...provisioning].some(r => r.id === record.id)).toBe(true);
		const before = t.copied().length;
		await t.press('Y', () => t.copied().length > before, 'the row copied');
		const row = t.copied().at(-1)!;
		// The row starts with the record's time as the timeline shows it (to the second).
		expect(row.startsWith(time.slice(0, 19).replace('T', ' '))).toBe(true);
		expect(t.frame()).toContain('Timeline of');
		await t.close();
	});

	it('a planted brute force shows on its victim’s timeline: the rows marked, found by /', async () => {
		const brute = suite.emu.tenant.planted!.find(p => p.kind === 'brute-force')!;
		const t = await setup({
			initialQuery: {...emptyQuery('signins'), filters: {user: brute.subject}, since: '2020-01-01T00:00:00Z'},
			size: {width: 140, height: 30},
		});
		await waitFor(t.frame, f => /1\/\d+ loaded/.test(f), 'the list');
		await t.press('t', f => f.includes('Timeline of') && f.includes('all loaded'), 'the timeline');
		await t.press('/');
		for (const ch of 'brute-force') await t.press(ch);
		await t.press(KEYS.enter, f => /\/brute-force: row \d+/.test(f), 'a marked row');
		const row = t
			.frame()
			.split('\n')
			.find(l => l.startsWith('› '))!;
		expect(row).toMatch(/^› \d{4}-\d\d-\d\d \d\d:\d\d:\d\d sign-in +brute-force/);
		await t.close();
	});

	it('a report that answers 403 is said on the timeline, and the others still show', async () => {
		const t = await setup({
			initialQuery: {...emptyQuery('audits'), filters: {'initiated-by': 'alice@contoso.com'}},
			size: {width: 140, height: 30},
		});
		await waitFor(t.frame, f => /1\/\d+ loaded/.test(f), 'the list');
		// A Free tenant: sign-ins and provisioning answer 403, audits do not.
		await suite.emu.control('license', {license: 'free'});
		try {
			await t.press('t', f => f.includes('Timeline of') && f.includes('all loaded'), 'the timeline');
			const f = t.frame();
			expect(f).toMatch(/could not read sign-ins: .*403|could not read sign-ins: .*NonPremium/);
			expect(f).toMatch(/could not read provisioning: /);
			expect(f).toMatch(/› \d{4}-\d\d-\d\d \d\d:\d\d:\d\d audit /);
			expect(f).toMatch(/audits by [1-9]\d*/);
		} finally {
			await suite.emu.control('license', {license: 'p2'});
		}
		await t.close();
	});

	it('esc closes the timeline; t on a record without a user says so', async () => {
		const t = await setup({initialQuery: alice});
		await waitFor(t.frame, f => /1\/\d+ loaded/.test(f), 'the list');
		await t.press('t', f => f.includes('Timeline of'), 'the timeline');
		await t.press(KEYS.esc, f => f.includes('User / principal') && /1\/\d+ loaded/.test(f), 'the list again');
		expect(t.store.depth).toBe(0);
		await t.close();
		const apps = await setup({initialQuery: {...emptyQuery('signins'), eventTypes: ['service-principal']}});
		await waitFor(apps.frame, f => /1\/\d+ loaded/.test(f), 'the list');
		await apps.press('t', f => f.includes('no user in this record'), 'the message');
		await apps.close();
	});
});

describe('the TUI: timeline on a workspace', () => {
	it('t reads all four queries from the workspace (provisioning by the id, in KQL); a pivot from a record stays there', async () => {
		const ws = workspaceIdFor(suite.emu.tenantId);
		const t = await setup({
			initialQuery: {...alice, workspace: ws},
			args: ['--workspace', ws],
			size: {width: 140, height: 30},
		});
		await waitFor(t.frame, f => /1\/\d+ loaded/.test(f), 'the list', 120_000);
		await t.press('t', f => f.includes('Timeline of') && f.includes('all loaded'), 'the whole timeline');
		// The oracle: the tenant's own provisioning events that name her id on either side.
		const {signIns, provisioning} = suite.emu.tenant;
		const id = signIns.find(r => r['userPrincipalName'] === 'alice@contoso.com')!['userId'] as string;
		const side = (r: GraphRecord, s: string): unknown => (r[`${s}Identity`] as {id?: unknown} | undefined)?.id;
		const hers = provisioning.filter(r => side(r, 'source') === id || side(r, 'target') === id);
		expect(hers.length).toBeGreaterThan(0);
		const f = t.frame();
		expect(f).not.toContain('could not read');
		expect(f).toMatch(
			new RegExp(`sign-ins [1-9]\\d* · audits by [1-9]\\d* · audits about [1-9]\\d* · provisioning ${hers.length} ·`),
		);

		// Her newest provisioning event, read from the workspace: its detail carries the row it came from.
		await t.press('/');
		for (const ch of 'provisioning ') await t.press(ch);
		await t.press(KEYS.enter, f => /\/provisioning : row \d+/.test(f), 'the search');
		await t.press(KEYS.enter, f => /record 1\/\d+ · line 1\//.test(f), 'the provisioning record');
		expect(t.frame()).toContain(`record 1/${hers.length} `);
		await t.press('/');
		for (const ch of '@logAnalytics.row.JobId') await t.press(ch);
		await t.press(KEYS.enter, f => /\/@logAnalytics\.row\.JobId: line \d+/.test(f), 'the row’s JobId');

		// A: the audits about the identity, from the same workspace (their records carry their AuditLogs row too).
		await t.press('A', f => f.includes('audits about the identity') && /1\/\d+ loaded/.test(f), 'the pivot');
		expect(t.store.getSnapshot().query).toMatchObject({report: 'audits', workspace: ws, filters: {target: id}});
		await t.press(KEYS.enter, f => /record 1\/\d+ · line 1\//.test(f), 'an audit');
		await t.press('/');
		for (const ch of '@logAnalytics.row.OperationName') await t.press(ch);
		await t.press(KEYS.enter, f => /\/@logAnalytics\.row\.OperationName: line \d+/.test(f), 'its AuditLogs row');
		await t.close();
	}, 180_000);
});

describe('the TUI: copy as', () => {
	it('Y offers the row, the URL, PowerShell and KQL, and copies the one chosen', async () => {
		const t = await setup({initialQuery: alice});
		await waitFor(t.frame, f => /1\/\d+ loaded/.test(f), 'the list');
		await t.press('Y', f => f.includes('Copy as') && f.includes('Get-MgAuditLogSignIn'), 'the choices');
		expect(t.frame()).toContain('SigninLogs');
		await t.press(KEYS.down);
		await t.press(KEYS.down);
		await t.press(KEYS.enter, f => f.includes('by OSC 52'), 'the copy');
		const copied = t.copied().at(-1)!;
		expect(copied).toBe(powershellCommand(t.store.getSnapshot().query!));
		expect(copied).toMatch(
			/^Get-MgAuditLogSignIn -Filter "createdDateTime ge 2020-01-01T00:00:00Z and userPrincipalName eq 'alice@contoso.com'" -All$/,
		);

		await t.press('Y', f => f.includes('Copy as'), 'the choices again');
		await t.press(KEYS.enter, f => f.includes('by OSC 52'), 'the row');
		const row = t.copied().at(-1)!;
		expect(row).toContain('alice@contoso.com');
		expect(row).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d \| /);

		await t.press('Y', f => f.includes('Copy as'), 'the choices again');
		await t.press(KEYS.down);
		await t.press(KEYS.enter, f => f.includes('by OSC 52'), 'the URL');
		expect(t.copied().at(-1)).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/v1\.0\/auditLogs\/signIns\?\$top=20&\$filter=/);
		await t.close();
	});

	it('Y, ↓ ↓ ↓ and enter sent at once (tmux send-keys, a fast typist) copy the KQL, the fourth choice', async () => {
		const t = await setup({initialQuery: alice});
		await waitFor(t.frame, f => /1\/\d+ loaded/.test(f), 'the list');
		// One chunk, and then each key on its own before the menu's first frame: both reach the menu in order.
		t.app.stdin.write(`Y${KEYS.down}`);
		t.app.stdin.write(KEYS.down);
		t.app.stdin.write(KEYS.down);
		t.app.stdin.write(KEYS.enter);
		await waitFor(t.frame, f => f.includes('by OSC 52'), 'the copy');
		expect(t.copied().at(-1)).toContain('SigninLogs');
		expect(t.frame()).not.toContain('Copy as');
		await t.close();
	});
});
