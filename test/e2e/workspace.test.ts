/**
 * The built CLI in a real pseudo-terminal reading the demo's Log Analytics workspace (`--demo --workspace demo`):
 * sign-in for the workspace's audience, the picker and the header naming the workspace, the list, a second page, a
 * detail with the original row, a pivot and back, the filter editor's request, quit.
 */
import {existsSync, mkdtempSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';
import {CLI, Terminal} from '../helpers/terminal.js';

describe('a workspace in a pseudo-terminal', () => {
	it('--demo --workspace demo: picker and header name it; list, next page, detail, pivot, back, filters, quit', async () => {
		expect(existsSync(CLI), 'npm run build first').toBe(true);
		const cwd = mkdtempSync(join(tmpdir(), 'entra-logs-e2e-ws-'));
		const t = new Terminal(['--demo', '--workspace', 'demo', '--page-size', '5'], {}, cwd);
		try {
			await t.waitFor('enter the code');
			await t.waitFor('Pick a report');
			await t.waitFor('from workspace demo (demo tenant, local emulator)');
			await t.key('\r');
			// The first query waits for the demo tenant to be generated and projected to the tables: on a loaded machine
			// that can take a minute.
			await t.waitFor('1/5 loaded', 120_000);
			expect(t.screen.split('\n')[0]).toMatch(/^entra-logs workspace demo .*Sign-ins/);

			// The next page comes from the keyset past the last row.
			await t.key('n');
			await t.waitFor(/1\/10 loaded · 2 pages/, 60_000);

			// A detail: the record as Graph's, with the row it came from.
			await t.key('\r');
			await t.waitFor('Basic info');
			// At its end, the raw JSON: the row as the workspace sent it, its dynamic cells as JSON text.
			await t.key('G');
			await t.waitFor('"_IsBillable": "True"');
			expect(t.screen).toMatch(/"Status": "\{\\"errorCode\\":\d+/);
			expect(t.screen).toContain('"TimeGenerated": "20');

			// A pivot to the same user, and back to the list.
			await t.key('\u001B');
			await t.waitFor(/1\/10 loaded/);
			await t.key('u');
			await t.waitFor('same user');
			await t.waitFor(/1\/\d+ loaded/, 60_000);
			await t.key('\u001B');
			await t.waitFor(/1\/10 loaded/);

			// The filter editor shows the workspace query it would send.
			await t.key('f');
			await t.waitFor('Filters: Sign-ins');
			await t.waitFor(/GET https:\/\/127\.0\.0\.1:\d+\/v1\/workspaces\/demo\/query\?query=SigninLogs/);
			await t.key('\u001B');
			await t.waitFor(/1\/10 loaded/);

			// : switches report: the picker opens on the same workspace.
			await t.key(':');
			await t.waitFor('from workspace demo');
			await t.key('q');
			expect(await t.exited()).toBe(0);
		} finally {
			t.kill();
		}
	}, 300_000);
});
