/**
 * A time the filter editor cannot read (Since `abc`) is said in the editor, whole, and enter does not apply it. Before,
 * offline, enter applied it and the list's status bar showed the error cut at the terminal's edge (`"abc" i…` at 60
 * columns; found by an independent check). In a real tmux with its default settings.
 */
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';
import {tmuxPane} from '../helpers/tmux-pane.js';
import {sandbox, signIns} from '../safety/sandbox.js';

describe('a bad time in the filter editor (real tmux)', () => {
	it('Since abc at 60x20: the whole message in the editor, enter applies nothing, esc leaves the list as it was', async () => {
		const {root, env} = sandbox();
		const pane = tmuxPane(['open', signIns(join(root, 'signins.ndjson'), 200)], env, 60, 20);
		const loaded = /^1\/\d+ loaded/m;
		const list = await pane.waitForText(loaded);
		pane.keys('f');
		await pane.waitForText(/^Filters: Sign-ins/m);
		// The cursor starts on Since.
		pane.type('abc');
		const said = await pane.waitForText(/"abc" is not a time/);
		pane.keys('Enter');
		// Still the editor (a key after enter is drawn there), the message whole: wrapped, not cut.
		pane.type('d');
		const after = await pane.waitForText(/^› Since +abcd/m);
		expect(after).toMatch(/^Filters: Sign-ins/m);
		const message = (text: string): string =>
			text
				.split('\n')
				.filter(l => !/^(?:[› ] |Filters|\S+\/\S+ field)/.test(l))
				.join(' ');
		expect(message(said)).toMatch(
			/"abc" is not a time: use 90m, 24h, 7d, 2w, or ISO 8601 such as 2026-11-01 or\s*2026-11-01T08:00:00Z/,
		);
		pane.keys('Escape');
		const back = await pane.waitForText(loaded);
		expect(back).not.toMatch(/error|not a time/);
		expect(back).toBe(list);
		await pane.quit();
	});
});
