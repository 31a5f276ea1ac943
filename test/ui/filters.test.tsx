/**
 * The filter editor: the exact Graph request live, inline validation, tab through choices, ctrl-u and pastes.
 */
import {describe, expect, it} from 'vitest';
import {emptyQuery} from '../../source/query/query.js';
import {reportById} from '../../source/reports/index.js';
import {KEYS, waitFor, tuiSuite} from '../helpers/tui.js';

/** This file's emulator, and the App as the CLI wires it against it. */
const suite = tuiSuite();
const {setup} = suite;

describe('the TUI: filters', () => {
	it('the filter editor shows the exact Graph request live and validates inline', async () => {
		const t = await setup({initialQuery: emptyQuery('signins')});
		await waitFor(t.frame, f => /[1-9]\d*\/\d+ loaded/.test(f), 'the list');
		await t.press('f', f => f.includes('Filters: Sign-ins'), 'the editor');
		await t.press('x', f => f.includes('is not a time'), 'an inline error');
		await t.press('\u007F');
		await t.press('2');
		await t.press('4');
		await t.press('h', f => /createdDateTime ge \d{4}-\d\d-\d\dT/.test(f), 'the live URL');
		// Fields with fixed choices take tab: the presets for Since, success/interrupted/failure for Status.
		await t.press('\t', f => /›\s*Since\s+7d/.test(f), 'the next preset');
		await t.press('\u0015');
		for (let i = 0; i < 8; i++) t.app.stdin.write(KEYS.down);
		await t.press('\t', f => /›\s*Status\s+success/.test(f), 'a status by tab');
		expect(t.frame()).toContain('(tab: success, interrupted, failure)');
		// An interrupt is one of the interrupt codes, each a documented eq, sent to Graph (not "checked here").
		await t.press(
			'\t',
			f => /›\s*Status\s+interrupted/.test(f) && f.includes('status/errorCode eq 50058 or'),
			'interrupted',
		);
		expect(t.frame()).not.toContain('checked here');
		await t.press('\t', f => /›\s*Status\s+failure\s.*checked here/.test(f), 'failure, checked here');
		await t.press('\t', f => /›\s*Status\s+success, interrupted or failure \(tab cycles\)/.test(f), 'empty again');
		for (let i = 0; i < 8; i++) t.app.stdin.write(KEYS.up);
		for (const ch of '24h') t.app.stdin.write(ch);
		await waitFor(t.frame, f => /›\s*Since\s+24h/.test(f), 'since typed again');
		// The test tenant's records end on a fixed day (TEST_NOW): a date from before it, so that alice has some.
		t.app.stdin.write('\u0015');
		for (const ch of '2026-11-01T00:00:00Z') t.app.stdin.write(ch);
		await waitFor(t.frame, f => /›\s*Since\s+2026-11-01T00:00:00Z/.test(f), 'an absolute since');
		// single letters are text here, not commands: q did not quit
		await t.press(KEYS.down);
		await t.press(KEYS.down);
		for (const ch of 'alice@contoso.com') await t.press(ch);
		// The URL exactly as sent, and its $filter decoded for reading.
		await waitFor(
			t.frame,
			f =>
				f.includes("userPrincipalName%20eq%20'alice%40contoso.com'") &&
				f.includes("userPrincipalName eq 'alice@contoso.com'"),
			'user in URL',
		);
		await t.press(KEYS.enter, f => f.includes('User / principal'), 'the filtered list');
		await waitFor(t.frame, f => f.includes('loaded') && !f.includes('loading'), 'loaded');
		expect(t.store.getSnapshot().records.length).toBeGreaterThan(0);
		for (const r of t.store.getSnapshot().records) expect(r['userPrincipalName']).toBe('alice@contoso.com');
		await t.close();
	});

	it('audit category: tab cycles its choices in the filter editor, from a value typed in any case; it is checked here', async () => {
		const t = await setup({initialQuery: emptyQuery('audits')});
		await waitFor(t.frame, f => /[1-9]\d*\/\d+ loaded/.test(f), 'the list');
		await t.press('f', f => f.includes('Filters: Directory audits'), 'the editor');
		const row = ['Since', 'Until', ...reportById('audits').fields.map(f => f.label)].indexOf('Category');
		for (let i = 0; i < row; i++) t.app.stdin.write(KEYS.down);
		await waitFor(t.frame, f => /›\s*Category\s/.test(f), 'the category field');
		// The categories the docs list (graph-api.md §11), in the form's order.
		const choices = reportById('audits').fields.find(f => f.key === 'category')!.choices!;
		expect(choices).toEqual(
			expect.arrayContaining([
				'UserManagement',
				'GroupManagement',
				'RoleManagement',
				'ApplicationManagement',
				'Policy',
			]),
		);
		await t.press('\t', f => new RegExp(`›\\s*Category\\s+${choices[0]}`).test(f), 'the first category');
		await t.press('\t', f => new RegExp(`›\\s*Category\\s+${choices[1]}`).test(f), 'the second');
		expect(t.frame()).toMatch(new RegExp(`Category\\s+${choices[1]} .*checked here`));
		// Typed in lower case, tab goes on from it.
		t.app.stdin.write('\u0015');
		t.app.stdin.write(choices[2]!.toLowerCase());
		await waitFor(t.frame, f => f.includes(choices[2]!.toLowerCase()), 'the typed category');
		await t.press('\t', f => new RegExp(`›\\s*Category\\s+${choices[3]}`).test(f), 'the category after it');
		await t.press(KEYS.enter, f => f.includes('Activity') && /loaded/.test(f) && !f.includes('loading'), 'the list');
		for (const r of t.store.getSnapshot().records) expect(r['category']).toBe(choices[3]);
		await t.close();
	});

	it('ctrl-u and text in one read (a paste, SSH lag): the field is cleared, then the text typed', async () => {
		const t = await setup({initialQuery: emptyQuery('signins')});
		await waitFor(t.frame, f => /1\/20 loaded/.test(f), 'the list');
		await t.press('f', f => f.includes('Filters: Sign-ins'), 'the editor');
		t.app.stdin.write(KEYS.down);
		t.app.stdin.write(KEYS.down);
		t.app.stdin.write('Reset');
		await waitFor(t.frame, f => /›\s*User\s+Reset/.test(f), 'the first value');
		t.app.stdin.write('\u0015Update user');
		await waitFor(t.frame, f => /›\s*User\s+Update user/.test(f), 'the field cleared, then typed');
		expect(t.frame()).not.toContain('ResetUpdate');
		await t.press(KEYS.esc, f => f.includes('1/20 loaded'), 'the list');
		// The export prompt's file field too.
		await t.press('e', f => /entra-logs-signins-[\d-]+\.ndjson/.test(f), 'the export prompt');
		t.app.stdin.write('\u0015mine.ndjson');
		await waitFor(t.frame, f => /› file\s+mine\.ndjson/.test(f), 'only the new name');
		await t.close();
	});

	it('filters applied are a list over the one before: esc comes back to it, on its row; esc again, the picker', async () => {
		const t = await setup({initialQuery: emptyQuery('signins')});
		await waitFor(t.frame, f => /1\/20 loaded/.test(f), 'the list');
		t.app.stdin.write('jj');
		await waitFor(t.frame, f => f.includes('3/20 loaded'), 'row 3');
		await t.press('f', f => f.includes('Filters: Sign-ins'), 'the editor');
		t.app.stdin.write(KEYS.down);
		t.app.stdin.write(KEYS.down);
		t.app.stdin.write('alice@contoso.com');
		await waitFor(t.frame, f => /›\s*User\s+alice@contoso\.com/.test(f), 'the user typed');
		await t.press(
			KEYS.enter,
			f => f.includes('esc back to Sign-ins') && /1\/\d+ loaded/.test(f) && !f.includes('loading'),
			'the filtered list, saying where esc leads',
		);
		for (const r of t.store.getSnapshot().records) expect(r['userPrincipalName']).toBe('alice@contoso.com');
		await t.press(KEYS.esc, f => f.includes('3/20 loaded') && !f.includes('esc back to'), 'the list before, on row 3');
		expect(t.store.getSnapshot().query?.filters).toEqual({});
		await t.press(KEYS.esc, f => f.includes('Pick a report'), 'the picker');
		await t.close();
	});
});
