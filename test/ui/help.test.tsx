/**
 * Help: every binding of the one key table, scrolling when the terminal is shorter than it.
 */
import {describe, expect, it} from 'vitest';
import {emptyQuery} from '../../source/query/query.js';
import {KEYMAP} from '../../source/ui/keymap.js';
import {KEYS, tick, waitFor, tuiSuite} from '../helpers/tui.js';

/** This file's emulator, and the App as the CLI wires it against it. */
const suite = tuiSuite();
const {setup} = suite;

describe('the TUI: help', () => {
	it('help lists every binding of the one keymap', async () => {
		const t = await setup({initialQuery: emptyQuery('audits')});
		await waitFor(t.frame, f => /[1-9]\d*\/\d+ loaded/.test(f), 'the list');
		await t.press('?', f => f.includes('Keys'), 'help');
		// Every binding is on screen, scrolling down when the table is taller than the terminal.
		const seen = new Set<string>();
		for (let i = 0; i <= KEYMAP.length; i++) {
			for (const b of KEYMAP) if (t.frame().includes(b.description)) seen.add(b.description);
			t.app.stdin.write(KEYS.down);
			await tick();
		}
		expect([...seen].sort()).toEqual(KEYMAP.map(b => b.description).sort());
		expect(t.frame()).toContain('Keys');
		await t.close();
	});
});
