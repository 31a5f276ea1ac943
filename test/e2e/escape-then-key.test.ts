/**
 * Escape and the next key read in one go ("\x1bf": typed fast over a slow SSH link, or delivered together by a loaded
 * machine) are the two keys the user pressed. Ink reads such a pair as alt and the key, which nothing here binds, so
 * both were lost: the screen stayed where it was. The built CLI in a real pty, the pair written in one write.
 */
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {generateTenant} from '../../source/emulator/tenant/tenant.js';
import {Terminal} from '../helpers/terminal.js';

const dir = mkdtempSync(join(tmpdir(), 'entra-logs-escape-'));
afterAll(() => rmSync(dir, {recursive: true, force: true}));

describe('escape, then a key, in one read', () => {
	it('leaves the detail and opens the filter editor; leaves the editor and opens the detail', async () => {
		const file = join(dir, 'signins.ndjson');
		const tenant = generateTenant({seed: 'escape', signIns: 200, days: 2, users: 20});
		writeFileSync(file, tenant.signIns.map(r => `${JSON.stringify(r)}\n`).join(''));
		const t = new Terminal(['open', file]);
		try {
			await t.waitFor(/1\/\d+ loaded/, 60_000);
			await t.key('\r');
			await t.waitFor('Basic info');
			await t.key('\u001Bf');
			await t.waitFor('Filters: Sign-ins');
			expect(t.screen).not.toContain('Basic info');
			await t.key('\u001B\r');
			await t.waitFor('Basic info');
			expect(t.screen).not.toContain('Filters: Sign-ins');
			await t.key('\u001Bq');
			expect(await t.exited()).toBe(0);
		} finally {
			t.kill();
		}
	}, 120_000);
});
