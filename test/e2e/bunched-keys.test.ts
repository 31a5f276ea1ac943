/**
 * Many screen-changing keys in one read (a paste, a key held over a slow SSH link, a tmux script): each is acted on,
 * in order, and the TUI lives. The router handed the keys that waited for a new screen on inside React's commit
 * that showed it; each that changed the screen again nested a render, and about fifty of them passed React's limit:
 * Ink's error box "Minified React error #185" with a stack trace, exit 1 (found by an independent check). The built
 * CLI in a real pty, and in a real tmux server with its default settings.
 */
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {generateTenant} from '../../source/emulator/tenant/tenant.js';
import {Terminal, until} from '../helpers/terminal.js';
import {tmuxPane} from '../helpers/tmux-pane.js';

const dir = mkdtempSync(join(tmpdir(), 'entra-logs-bunched-'));
afterAll(() => rmSync(dir, {recursive: true, force: true}));
const file = join(dir, 'signins.ndjson');
const tenant = generateTenant({seed: 'bunched', signIns: 200, days: 2, users: 20});
writeFileSync(file, tenant.signIns.map(r => `${JSON.stringify(r)}\n`).join(''));
const env = {ENTRA_LOGS_CONFIG_DIR: join(dir, 'config'), TMPDIR: dir};

/** The list's own status line with the cursor on `row` (1-based): "5/N loaded · …". */
const atRow = (row: number): RegExp => new RegExp(`^${row}/\\d+ loaded`, 'm');

describe('screen-changing keys bunched in one read', () => {
	it('a pty: 60 enter+esc, then summary+esc, filters+esc, enter+PgDn+esc, each in one write: alive, the list, the cursor where the keys leave it', async () => {
		const t = new Terminal(['open', file], env);
		try {
			await t.waitFor(atRow(1), 60_000);
			/** Writes `keys` at once; the screen once the cursor is on `row`, or the end of the process. */
			const burst = async (keys: string, row: number): Promise<string> => {
				await t.key(keys);
				await until(() => t.exitCode !== undefined || atRow(row).test(t.screen), `the cursor on row ${row}`, 60_000);
				expect(/React error.*|getRootForUpdatedFiber.*/.exec(t.all)?.[0]).toBeUndefined();
				expect(t.exitCode).toBeUndefined();
				return t.screen;
			};
			let screen = await burst(`jjj${'\r\u001B'.repeat(60)}j`, 5);
			expect(screen).not.toContain('Basic info');
			screen = await burst(`${'s\u001B'.repeat(30)}${'f\u001B'.repeat(60)}${'\r\u001B[6~\u001B'.repeat(60)}k`, 4);
			expect(screen).not.toMatch(/Basic info|Filters: Sign-ins/);
			// Nothing left waiting: a key now moves the cursor at once.
			await burst('j', 5);
			// 60 j in one read run past the first page's 50 rows: those past its end wait for the next page's, and count
			// (before, they stopped on row 50).
			await burst('j'.repeat(60), 65);
			await t.key('q');
			expect(await t.exited()).toBe(0);
		} finally {
			t.kill();
		}
	}, 120_000);

	it('real tmux (defaults): 60 Enter Escape pairs sent by one send-keys, then j: alive, on row 2', async () => {
		const tmux = tmuxPane(['open', file], env, 120, 32, command => `${command}; echo EXIT=$?; sleep 60`);
		await tmux.waitForText(atRow(1), 60_000);
		tmux.keys(...Array.from({length: 60}, () => ['Enter', 'Escape']).flat(), 'j');
		const screen = await tmux.waitForText(/^2\/\d+ loaded|EXIT=/m, 60_000);
		expect(screen).not.toMatch(/EXIT=|React error/);
		expect(screen).not.toContain('Basic info');
		tmux.keys('q');
		expect(await tmux.waitForText(/EXIT=\d+/)).toContain('EXIT=0');
	}, 120_000);
});
