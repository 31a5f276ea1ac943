/**
 * The built CLI in a real pseudo-terminal against its demo emulator: the newest sign-ins, `s` for their summary, enter
 * on the planted impossible travel (the demo's newest attack) for its two records, esc back to the summary as it
 * was, esc back to the list. Every wait is on what the screen shows.
 */
import {existsSync, mkdtempSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';
import {CLI, Terminal} from '../helpers/terminal.js';

describe('the summary in a pseudo-terminal', () => {
	it('demo: s, enter on a detection → its records, esc back to the summary, esc back to the list', async () => {
		expect(existsSync(CLI), 'npm run build first').toBe(true);
		const cwd = mkdtempSync(join(tmpdir(), 'entra-logs-e2e-summary-'));
		const t = new Terminal(['signins', '--demo', '--since', '7d'], {}, cwd, 120, 36);
		try {
			await t.waitFor('the emulator approves this code itself', 60_000);
			const list = await t.waitFor(/1\/(\d+) loaded/, 60_000);
			const loaded = /1\/(\d+) loaded/.exec(list)![1]!;

			await t.key('s');
			const summary = await t.waitFor(`Summary of the ${loaded} loaded records`);
			expect(summary).toMatch(/Outcome: success [\d,]+ \(/);
			expect(summary).toMatch(/Detections \([1-9]\d*\)/);
			// The cursor starts on the first detection: the demo's newest attack, a stolen session 45 minutes away.
			await t.waitFor(/›\s+impossible-travel\s+\S+@contoso\.com: signed in from/);

			await t.key('\r');
			await t.waitFor(/Sign-ins · since 7d · impossible-travel \S+@contoso\.com/);
			const records = await t.waitFor(/1\/2 loaded · 1 page · all loaded/);
			expect(records).toContain('esc back to the summary');

			await t.key('\u001B');
			await t.waitFor(`Summary of the ${loaded} loaded records`);
			await t.waitFor(/›\s+impossible-travel/);

			await t.key('\u001B');
			await t.waitFor(new RegExp(`1/${loaded} loaded`));
			expect(t.screen).not.toContain('Summary of the');
			await t.key('q');
			expect(await t.exited()).toBe(0);
		} finally {
			t.kill();
		}
	}, 180_000);
});
