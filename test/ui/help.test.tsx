/**
 * Help: every binding of the one key table, scrolling when the terminal is shorter than it; over a report's list, the
 * report's own pivots in place of the key table's general ones, each saying what it shows.
 */
import {describe, expect, it} from 'vitest';
import {emptyQuery} from '../../source/query/query.js';
import {reportById} from '../../source/reports/index.js';
import {KEYMAP} from '../../source/ui/keymap.js';
import {KEYS, tick, waitFor, tuiSuite} from '../helpers/tui.js';

/** This file's emulator, and the App as the CLI wires it against it. */
const suite = tuiSuite();
const {setup} = suite;

const PIVOT_COMMANDS = new Set([
	'pivotUser',
	'pivotApp',
	'pivotIp',
	'pivotCorrelation',
	'pivotAudits',
	'pivotGroup',
	'pivotSignIns',
]);

describe('the TUI: help', () => {
	it("help lists every binding of the one keymap, and over audits the report's pivots in place of the general ones", async () => {
		const t = await setup({initialQuery: emptyQuery('audits')});
		await waitFor(t.frame, f => /[1-9]\d*\/\d+ loaded/.test(f), 'the list');
		await t.press('?', f => f.includes('Keys'), 'help');
		// Every binding is on screen, scrolling down when the table is taller than the terminal.
		const seen = new Set<string>();
		const pivots = new Set<string>();
		const audits = reportById('audits').pivots;
		for (let i = 0; i <= KEYMAP.length + audits.length; i++) {
			for (const b of KEYMAP) if (t.frame().includes(b.description)) seen.add(b.description);
			for (const p of audits) if (new RegExp(`^${p.key} +pivot: ${p.label}: `, 'm').test(t.frame())) pivots.add(p.key);
			t.app.stdin.write(KEYS.down);
			await tick();
		}
		expect([...seen].sort()).toEqual(
			KEYMAP.filter(b => !PIVOT_COMMANDS.has(b.command))
				.map(b => b.description)
				.sort(),
		);
		expect([...pivots].sort()).toEqual(audits.map(p => p.key).sort());
		expect(t.frame()).toContain('Keys');
		await t.close();
	});

	it('the pivots with their meaning: in audits u is the initiator and i the target; S opens sign-ins', async () => {
		const t = await setup({initialQuery: emptyQuery('audits'), size: {width: 120, height: 80}});
		await waitFor(t.frame, f => /[1-9]\d*\/\d+ loaded/.test(f), 'the list');
		await t.press('?', f => f.includes('Pivots in Directory audits'), 'help');
		const f = t.frame();
		expect(f).toMatch(/^u +pivot: same initiator: audits by the same user or app: who did it$/m);
		expect(f).toMatch(/^i +pivot: same target: audits about the same object: what it was done to$/m);
		expect(f).toMatch(/^m +pivot: the group's membership changes: members added and removed/m);
		expect(f).toMatch(/^S +pivot: the initiator's sign-ins: .* \(opens Sign-ins\)$/m);
		// The key table's general words for u (a sign-in's user) are not what u means here.
		expect(f).not.toContain('pivot: same user');
		await t.press(KEYS.esc, f => !f.includes('Pivots in'), 'the list again');
		// Over sign-ins, the same key means the user, and A opens the user's audits.
		await t.press(':', f => f.includes('Pick a report'), 'the picker');
		for (let i = 0; i < 4; i++) t.app.stdin.write(KEYS.up);
		await t.press(KEYS.enter, f => f.includes('User / principal') && /1\/\d+ loaded/.test(f), 'sign-ins');
		await t.press('?', f => f.includes('Pivots in Sign-ins'), 'help');
		expect(t.frame()).toMatch(/^u +pivot: same user: the user's sign-ins$/m);
		expect(t.frame()).toMatch(/^A +pivot: audits about the user: .* \(opens Directory audits\)$/m);
		await t.close();
	});

	it('names screens in words, as a person calls them, not by their names in code', async () => {
		const t = await setup({initialQuery: emptyQuery('signins'), size: {width: 120, height: 200}});
		await waitFor(t.frame, f => /[1-9]\d*\/\d+ loaded/.test(f), 'the list');
		await t.press('?', f => f.includes('Keys'), 'help');
		const f = t.frame();
		expect(f).toContain('Here (list)');
		expect(f).toMatch(/^Y +copy as .*\(list, detail, timeline\)$/m);
		expect(f).toMatch(/\(column chooser\)$/m);
		expect(f).toMatch(/\(copy as, column chooser\)$/m);
		expect(f).not.toMatch(/copyAs|\bcolumns\)/);
		await t.close();
	});
});
