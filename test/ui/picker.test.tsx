/**
 * The report picker: choosing a report, : over the list and esc back (the list's status line left with it), a
 * history per report, recent queries kept on disk, and keys that arrive faster than a frame.
 */
import {describe, expect, it} from 'vitest';
import {emptyQuery} from '../../source/query/query.js';
import {reportById} from '../../source/reports/index.js';
import {KEYS, waitFor, tuiSuite} from '../helpers/tui.js';
import {mkdtempSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';

/** This file's emulator, and the App as the CLI wires it against it. */
const suite = tuiSuite();
const {setup} = suite;

describe('the TUI: picker', () => {
	it('a report switch starts a new history: esc does not lead back into an old pivot; esc closes the : picker; a message stays with its screen', async () => {
		const t = await setup({initialQuery: emptyQuery('signins')});
		await waitFor(t.frame, f => f.includes('1/20 loaded'), 'the list');
		const user = t.store.getSnapshot().records.at(0)!['userPrincipalName'] as string;
		await t.press(
			'u',
			f => f.includes(`same user: ${user}`) && f.includes('esc back to Sign-ins'),
			'the pivot, saying where esc goes',
		);
		await waitFor(t.frame, f => /1\/\d+ loaded/.test(f) && !f.includes('loading'), 'the pivot loaded');
		// : opens the picker over the list, and esc closes it: the same pivoted list.
		await t.press(':', f => f.includes('Pick a report'), 'the picker');
		expect(t.frame()).toContain('(esc: back to the list)');
		await t.press(KEYS.esc, f => f.includes('User / principal'), 'the list again');
		expect(t.store.getSnapshot().query?.filters).toEqual({user});
		// Directory audits, then sign-ins again: two report switches.
		await t.press(':', f => f.includes('Pick a report'), 'the picker');
		for (let i = 0; i < 4; i++) t.app.stdin.write(KEYS.down);
		await t.press(KEYS.enter, f => f.includes('Activity') && /1\/\d+ loaded/.test(f), 'the audits');
		expect(t.frame()).not.toContain('same user');
		expect(t.frame()).not.toContain('esc back to');
		await t.press(':', f => f.includes('Pick a report'), 'the picker');
		for (let i = 0; i < 4; i++) t.app.stdin.write(KEYS.up);
		await t.press(KEYS.enter, f => f.includes('User / principal') && /1\/\d+ loaded/.test(f), 'sign-ins again');
		// y says what it copied, under the list; that line is the list's: the picker esc leads to does not show it
		// (it stayed under the picker, found by an independent check), nor does the list when esc comes back to it.
		const copied = /sent [\d,]+ characters by OSC 52/;
		await t.press('y', f => copied.test(f), 'the copy said');
		// esc: not back into the pivot from before the switches, but the picker (over this list).
		await t.press(KEYS.esc, f => f.includes('Pick a report'), 'the picker');
		expect(t.frame()).not.toMatch(copied);
		expect(t.frame().split('\n').at(-1)).toContain('esc back');
		expect(t.store.getSnapshot().query?.filters).toEqual({});
		expect(t.store.depth).toBe(0);
		await t.press(KEYS.esc, f => f.includes('User / principal'), 'the list again');
		expect(t.frame()).not.toMatch(copied);
		expect(t.store.getSnapshot().query).toEqual(emptyQuery('signins'));
		await t.close();
	});

	it('recent queries are kept on disk and reopen from the picker with one key', async () => {
		const dir = mkdtempSync(join(tmpdir(), 'entra-logs-recent-'));
		const first = await setup({configDir: dir});
		await waitFor(first.frame, f => f.includes('Pick a report'), 'the picker');
		await first.press(KEYS.down, f => f.includes('› Sign-ins: non-interactive'), 'the second report');
		await first.press(KEYS.enter, f => /[1-9]\d*\/\d+ loaded/.test(f), 'its list');
		await first.close();
		// Signed in from the token cache this time: no code, straight to the picker.
		const second = await setup({configDir: dir, approve: false});
		await waitFor(second.frame, f => f.includes('Recent'), 'the recent list');
		expect(second.frame()).toContain('type=non-interactive');
		await second.press('1', f => /[1-9]\d*\/\d+ loaded/.test(f), 'the reopened query');
		expect(second.store.getSnapshot().query?.eventTypes).toEqual(['non-interactive']);
		expect(second.copied()).toEqual([]);
		await second.close();
	});

	it('keys typed faster than a frame (a paste, a fast typist) all count, in order', async () => {
		const t = await setup();
		await waitFor(t.frame, f => f.includes('Pick a report'), 'the picker');
		// down, down, enter in one go: the third report opens, not the first.
		t.app.stdin.write(KEYS.down);
		t.app.stdin.write(KEYS.down);
		t.app.stdin.write(KEYS.enter);
		await waitFor(t.frame, f => /[1-9]\d*\/\d+ loaded/.test(f) && !f.includes('loading'), 'the list');
		expect(t.store.getSnapshot().query?.eventTypes).toEqual(['service-principal']);
		t.app.stdin.write(KEYS.down);
		t.app.stdin.write(KEYS.down);
		await waitFor(t.frame, f => f.includes('3/20 loaded'), 'row 3');
		// Keys that arrive as one chunk (a held key over SSH, tmux send-keys): each one counts.
		t.app.stdin.write('jjj');
		await waitFor(t.frame, f => f.includes('6/20 loaded'), 'row 6');
		t.app.stdin.write('kk');
		await waitFor(t.frame, f => f.includes('4/20 loaded'), 'row 4');
		await t.press('f', f => f.includes('Filters: Sign-ins'), 'the editor');
		// down to the fourth field (the application: service principals have no user) and type a whole value, then
		// enter: every letter lands in that field.
		const field = reportById('signins').fields[1]!.label;
		for (let i = 0; i < 3; i++) t.app.stdin.write(KEYS.down);
		for (const ch of 'zq9') t.app.stdin.write(ch);
		t.app.stdin.write(KEYS.up);
		t.app.stdin.write(KEYS.up);
		await waitFor(t.frame, f => f.includes('zq9'), 'the typed value');
		expect(
			t
				.frame()
				.split('\n')
				.find(l => l.includes('zq9')),
		).toContain(field);
		expect(t.frame()).toMatch(/›\s*Until/);
		// A paste with enter at its end: typed, then applied.
		t.app.stdin.write('\u0015');
		t.app.stdin.write('1h\r');
		// A service principal list, with its own columns (the credential, not the user).
		await waitFor(t.frame, f => f.includes('Credential') && f.includes('loaded'), 'the list with the new filters');
		expect(t.store.getSnapshot().query?.until).toBe('1h');
		await t.close();
	});
});
