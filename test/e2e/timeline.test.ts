/**
 * The built CLI in a real pseudo-terminal against its demo emulator: alice's sign-ins, `t` for her timeline (rows
 * from the three reports), enter on a sign-in row for its detail, esc back to the timeline, esc back to the list.
 * Every wait is on what the screen shows.
 */
import {existsSync, mkdtempSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';
import {CLI, Terminal} from '../helpers/terminal.js';

/** The row under the cursor (the `›` mark), as on screen. */
const selectedRow = (screen: string): string => screen.split('\n').find(l => l.startsWith('› ')) ?? '';

describe('the timeline in a pseudo-terminal', () => {
	it('demo: t on alice, rows from the three reports, enter → detail, esc back twice', async () => {
		expect(existsSync(CLI), 'npm run build first').toBe(true);
		const cwd = mkdtempSync(join(tmpdir(), 'entra-logs-e2e-timeline-'));
		const t = new Terminal(['signins', '--demo', '--user', 'alice@contoso.com', '--since', '30d'], {}, cwd, 140, 36);
		try {
			await t.waitFor('the emulator approves this code itself', 60_000);
			await t.waitFor(/1\/\d+ loaded/, 60_000);
			expect(selectedRow(t.screen)).toContain('alice@contoso.com');

			await t.key('t');
			await t.waitFor('Timeline of');
			const all = await t.waitFor(
				/sign-ins [1-9]\d* · audits by \d+ · audits about \d+ · provisioning [1-9]\d* · all loaded/,
				60_000,
			);
			expect(all).toContain('alice@contoso.com');
			// Audits by or about her: one of the two is there.
			expect(/audits by [1-9]|audits about [1-9]/.test(all)).toBe(true);

			// Each source has its rows: search for each and look at the row the cursor lands on.
			for (const source of ['provisioning', 'audit', 'sign-in']) {
				let found = false;
				for (let tries = 0; tries < 30 && !found; tries++) {
					await t.key('/');
					if (tries === 0) for (const ch of source) await t.key(ch);
					await t.key('\r');
					await t.waitFor(new RegExp(`/${source}: (row \\d+|not in)`));
					const row = selectedRow(t.screen);
					found = new RegExp(`^› \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d ${source} `).test(row);
				}
				expect(found, `a ${source} row`).toBe(true);
			}

			// On a sign-in row: enter opens that sign-in with the sign-in report's sections.
			await t.key('\r');
			await t.waitFor('Basic info');
			expect(t.screen).toContain('alice@contoso.com');
			await t.key('\u001B');
			await t.waitFor('Timeline of');
			expect(selectedRow(t.screen)).toMatch(/ sign-in /);
			await t.key('\u001B');
			await t.waitFor('User / principal');
			await t.waitFor(/\d+\/\d+ loaded/);
			expect(t.screen).not.toContain('Timeline of');

			await t.key('q');
			expect(await t.exited()).toBe(0);
		} finally {
			t.kill();
		}
	}, 180_000);
});
