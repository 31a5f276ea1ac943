/**
 * `open`'s first page is a screen of records (50, or the terminal's height if taller): a list that then holds fewer
 * rows than it can show reads on by itself, so that a terminal made taller, or a filter whose first page matched few,
 * still shows a full screen (found by an independent check: 50 rows and blank lines under them until j reached the
 * 50th). The built CLI in a real tmux with default settings.
 */
import {writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';
import {tmuxPane} from '../helpers/tmux-pane.js';
import {sandbox, signIns} from '../safety/sandbox.js';

/** The list's rows on screen: lines that start with the row gutter and a date. */
const rowsOf = (lines: readonly string[]): number => lines.filter(l => /^[› ] {1,2}20\d\d-\d\d-\d\d /.test(l)).length;

describe("open's first page fills the screen", () => {
	it('a pane made taller than its first page: the list reads on and fills it', async () => {
		const {root, env} = sandbox();
		const file = signIns(join(root, 'in.ndjson'), 2000);
		const pane = tmuxPane(['open', file], env, 120, 30, command => `${command}; echo "EXIT=$?"; sleep 600`);
		await pane.waitFor(r => r.some(l => /^1\/50 loaded/.test(l)), 'the first page');
		pane.resize(120, 70);
		const filled = await pane.waitFor(r => r.some(l => /^1\/1050 loaded/.test(l)) && rowsOf(r) > 50, 'a full list');
		// Every line of the list holds a row: the pane's 70 rows but the header, column labels, status and hints.
		expect(rowsOf(filled)).toBeGreaterThanOrEqual(70 - 6);
		pane.keys('q');
		expect(await pane.waitForText('EXIT=')).toContain('EXIT=0');
	}, 120_000);

	it('a filter whose first page matched few: the list reads on until the screen is full', async () => {
		const {root, env} = sandbox();
		// One failure in every 10 records: the first page's 50 records hold 5.
		const lines = Array.from({length: 3000}, (_, i) =>
			JSON.stringify({
				id: `r${i}`,
				createdDateTime: new Date(Date.UTC(2026, 10, 30, 12) - i * 1000).toISOString(),
				userPrincipalName: `u${i}@contoso.com`,
				status: {errorCode: i % 10 === 0 ? 50126 : 0},
			}),
		);
		const file = join(root, 'sparse.ndjson');
		writeFileSync(file, `${lines.join('\n')}\n`);
		const pane = tmuxPane(['open', file, '--status', 'failure'], env, 120, 30);
		const screen = await pane.waitFor(r => rowsOf(r) >= 30 - 6, 'a full list');
		expect(screen.join('\n')).toContain('u0@contoso.com');
		await pane.quit();
	}, 120_000);
});
