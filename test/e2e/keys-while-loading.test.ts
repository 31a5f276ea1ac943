/**
 * Keys typed while a Graph list's first page is on its way wait for its rows and then count, in order, as they do
 * when typed before `open`'s first frame; the keys that leave (esc, q) still act at once. Before, the list took them
 * with no rows to move over: 60 j sent by tmux every 30 ms after Enter at the picker left the cursor on row 48 (found
 * by an independent check). The built CLI in a real pty against the emulator over HTTPS, its Graph answering 429
 * (Retry-After) until the test has written its keys: the list is loading for as long as the test needs, no clock.
 */
import {existsSync} from 'node:fs';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';
import {emulatorForCli} from '../helpers/emulator-cli.js';
import {CLI, Terminal, until} from '../helpers/terminal.js';

/** The list's status line while its first page is asked for again and again: no rows yet. */
const LOADING = /^0\/0 loaded · 0 pages · loading\.\.\. · \d+ retries/m;
/** The list's status line with the cursor on `row` (1-based) of the first page of 50. */
const atRow = (row: number): RegExp => new RegExp(`^${row}/50 loaded · 1 page`, 'm');
/** Graph answers every request 429, Retry-After 1 s (the client tries 8 times more): no page until the faults go. */
const THROTTLED = {throttleEvery: 1, retryAfter: '1'};

describe('keys typed while the first page loads', () => {
	const emulator = emulatorForCli('loading');

	it('j, k, G, g, / and its text wait for the rows and then all count; esc and q while loading act at once', async () => {
		expect(existsSync(CLI), 'npm run build first').toBe(true);
		const {emu, cwd} = emulator;
		/** Sign-in pages answered so far. */
		const answered = (): number =>
			emu.log.filter(e => e.path.endsWith('/auditLogs/signIns') && e.status === 200).length;
		const t = new Terminal(
			[
				...['signins', '--since', '2020-01-01T00:00:00Z', '--type', 'interactive', '--page-size', '50'],
				...emulator.flags(),
			],
			{ENTRA_LOGS_CONFIG_DIR: join(cwd, 'config')},
			cwd,
			120,
			35,
		);
		try {
			await emu.control('faults', THROTTLED);
			await emulator.signIn(t);
			await t.waitFor(LOADING, 60_000);
			// Each key in a write of its own, as typed or sent by tmux; then a few in one write.
			for (const key of ['j', 'j', 'j', 'j', 'j', 'j', 'G', 'g', 'j', 'j', 'j', 'j', 'j', 'j', 'j', 'k'])
				await t.key(key);
			await t.key('jjjj');
			// A search typed ahead: its text goes into the field and enter looks for it in the rows that came.
			for (const key of ['/', 'z', 'z', 'x', 'z', 'z', '\r']) await t.key(key);
			expect(answered()).toBe(0);
			expect(t.screen).toMatch(LOADING);
			await emu.control('faults', {});
			await t.waitFor(atRow(11), 60_000);
			await t.waitFor('/zzxzz: not in the 50 loaded rows');
			// The second page, read ahead; after it Graph answers nothing more until the end.
			await until(() => answered() === 2, 'the second page read ahead', 60_000);

			// r lists it again: esc while it loads goes back to the picker at once, and the keys typed before it for the
			// list go with it (they do not move the picker's cursor).
			await emu.control('faults', THROTTLED);
			await t.key('r');
			await t.waitFor(LOADING, 60_000);
			// A key that needs no rows acts at once: f opens the filter editor while the list loads, esc comes back to it.
			await t.key('f');
			await t.waitFor(/Filters: Sign-ins/, 30_000);
			expect(answered()).toBe(2);
			await t.key('\u001B');
			await t.waitFor(LOADING, 30_000);
			await t.key('j');
			await t.key('j');
			await t.key('\u001B');
			const picker = await t.waitFor('Pick a report', 30_000);
			expect(answered()).toBe(2);
			expect(picker).toMatch(/^› Sign-ins: interactive$/m);
			// A report opened from the picker, still throttled: q while it loads quits at once.
			await t.key('\r');
			await t.waitFor(LOADING, 60_000);
			await t.key('j');
			await t.key('q');
			expect(await t.exited(30_000)).toBe(0);
			expect(answered()).toBe(2);
		} finally {
			await emu.control('faults', {});
			t.kill();
		}
	}, 90_000);
});
