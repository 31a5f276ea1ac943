/**
 * A paste is text, not keys. The TUI never turned on bracketed paste, and Ink would not have known its marks: a
 * PowerShell line pasted into the list ran as commands (its `e` opened the export, the rest became the file's name,
 * its line break started it: a 12 MB file; found by an independent check). Now bracketed paste is on while the TUI
 * runs (off when it leaves or is suspended), a paste into a text field is that field's text (a line break is not
 * enter), and anywhere else it is ignored with a note. The built CLI in a real pty, the terminal's marks as a
 * terminal sends them.
 */
import {mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {generateTenant} from '../../source/emulator/tenant/tenant.js';
import {Terminal, until} from '../helpers/terminal.js';
import {tmuxPane} from '../helpers/tmux-pane.js';

const dir = mkdtempSync(join(tmpdir(), 'entra-logs-paste-'));
afterAll(() => rmSync(dir, {recursive: true, force: true}));

const ON = '\u001B[?2004h';
const OFF = '\u001B[?2004l';
const paste = (text: string): string => `\u001B[200~${text}\u001B[201~`;
const POWERSHELL =
	'Get-MgAuditLogSignIn -Filter "userPrincipalName eq \'alice@contoso.com\' and createdDateTime ge 2026-11-25" -All | Export-Csv signins.csv\r';

describe('a bracketed paste', () => {
	it('is ignored by the list with a note (no export, no file), is text in the filter editor, the export file name and the search; the mode is off on leaving and on ctrl-z', async () => {
		const file = join(dir, 'signins.ndjson');
		const tenant = generateTenant({seed: 'paste', signIns: 200, days: 2, users: 20});
		writeFileSync(file, tenant.signIns.map(r => `${JSON.stringify(r)}\n`).join(''));
		const cwd = join(dir, 'cwd');
		mkdirSync(cwd);
		const t = new Terminal(['open', file], {ENTRA_LOGS_CONFIG_DIR: join(dir, 'config'), TMPDIR: dir}, cwd);
		try {
			await t.waitFor(/^1\/\d+ loaded/m, 60_000);

			// Into the list: nothing runs; then j still moves the cursor (the paste held no key back).
			await t.key(`${paste(POWERSHELL)}j`);
			const list = await t.waitFor(/paste ignored|Export |exporting/);
			expect(list).toContain('paste ignored: only a text field takes one');
			await t.waitFor(/^2\/\d+ loaded/m);
			expect(t.screen).not.toMatch(/Export |exporting/);
			expect(readdirSync(cwd)).toEqual([]);
			expect(t.all).toContain(ON);

			// Into the filter editor's User field: the text, its line break not enter (the editor stays open).
			await t.key('f');
			await t.waitFor('Filters: Sign-ins');
			await t.key('\u001B[B\u001B[B');
			await t.waitFor(/^› User/m);
			await t.key(paste('alice@contoso.com\r\n'));
			const editor = await t.waitFor(/^› User +alice@contoso\.com/m);
			expect(editor).toMatch(/^› User +alice@contoso\.com *$/m);
			expect(editor).not.toContain('[20');
			await t.key('\u001B');
			await t.waitFor(/^2\/\d+ loaded/m);

			// Into the export's file name: the name, its line break not enter (nothing exported, no file).
			await t.key('e');
			await t.waitFor(/^› file /m);
			await t.key('\u0015');
			await t.key(paste('my export.ndjson\n'));
			await t.waitFor(/^› file my export\.ndjson *$/m);
			await t.key('\u001B');
			await t.waitFor(/^2\/\d+ loaded/m);
			expect(readdirSync(cwd)).toEqual([]);

			// Into the list's search: a pasted line of two lines is one line of text, not a search started.
			await t.key('/');
			await t.key(paste('alice\r\nbob'));
			await t.waitFor(/^\/alice bob$/m);

			// ctrl-z (no job control in this pty: the stop is dropped): off while the shell has the terminal, on again.
			const before = t.all.length;
			await t.key('\u001A');
			await until(() => t.all.slice(before).includes(ON), 'bracketed paste on again after ctrl-z');
			const suspended = t.all.slice(before);
			expect(suspended.indexOf(OFF)).toBeGreaterThanOrEqual(0);
			expect(suspended.indexOf(OFF)).toBeLessThan(suspended.indexOf('\u001B[?1049l'));
			expect(suspended.indexOf('\u001B[?1049h')).toBeLessThan(suspended.lastIndexOf(ON));

			await t.key('\u001B');
			await t.key('q');
			expect(await t.exited()).toBe(0);
			expect(t.all.lastIndexOf(OFF)).toBeGreaterThan(t.all.lastIndexOf(ON));
			expect(readdirSync(cwd)).toEqual([]);
		} finally {
			t.kill();
		}
	}, 120_000);

	// Found by an independent check: coloured text in a paste, or a stray SGR or status reply typed or sent by the
	// terminal, killed the TUI (Ink read ESC[31m as a ctrl key with no name, and its own input handler threw); a pasted
	// lone escape swallowed the paste's end mark ('[201~' in the search); a paste that stalled for a second on a slow
	// link went on as keys (its `e` opened the export).
	it('holds against escape sequences in and out of a paste, a lone escape in it, and a paste that stalls', async () => {
		const file = join(dir, 'escapes.ndjson');
		writeFileSync(
			file,
			generateTenant({seed: 'paste-esc', signIns: 200, days: 2, users: 20})
				.signIns.map(r => `${JSON.stringify(r)}\n`)
				.join(''),
		);
		const cwd = join(dir, 'escapes-cwd');
		mkdirSync(cwd);
		const t = new Terminal(['open', file], {ENTRA_LOGS_CONFIG_DIR: join(dir, 'escapes-config'), TMPDIR: dir}, cwd);
		try {
			await t.waitFor(/^1\/\d+ loaded/m, 60_000);
			// Raw, in the list: an SGR, reverse video, a terminal's status reply; the list still takes j.
			await t.key('\u001B[31m');
			await t.key('\u001B[7m');
			await t.key('\u001B[0n');
			await t.key('j');
			await t.waitFor(/^2\/\d+ loaded/m);
			// Coloured text pasted into the search, and a lone escape before the end mark: the search holds the text.
			await t.key('/');
			await t.key(paste('white\u001B[31mRED\u001B[0m'));
			await t.key(paste('x\u001B'));
			await t.key('!');
			await t.waitFor(/^\/.*x!$/m);
			expect(t.screen).not.toContain('[201~');
			await t.key('\u001B');
			await t.waitFor(/^2\/\d+ loaded/m);
			// A paste into the list that stalls for longer than a second between its pieces: still a paste.
			const [head, tail] = [POWERSHELL.slice(0, 20), POWERSHELL.slice(20)];
			await t.key(`\u001B[200~${head}`);
			await new Promise(resolve => setTimeout(resolve, 1500));
			await t.key(`${tail}\u001B[201~`);
			await t.waitFor(/paste ignored/);
			expect(t.screen).not.toMatch(/Export |exporting/);
			expect(readdirSync(cwd)).toEqual([]);
			await t.key('q');
			expect(await t.exited()).toBe(0);
		} finally {
			t.kill();
		}
	}, 120_000);

	// tmux brackets a paste (paste-buffer -p) only for a pane whose program turned bracketed paste on: the real
	// terminal side's word that the mode is on, and that the paste is then handled as one.
	it('real tmux (defaults): paste-buffer -p into the list runs nothing; into the search it is the text', async () => {
		const cwd = join(dir, 'tmux-cwd');
		mkdirSync(cwd);
		const file = join(dir, 'tmux.ndjson');
		writeFileSync(
			file,
			generateTenant({seed: 'paste-tmux', signIns: 50, days: 1, users: 5})
				.signIns.map(r => `${JSON.stringify(r)}\n`)
				.join(''),
		);
		const env = {ENTRA_LOGS_CONFIG_DIR: join(dir, 'tmux-config'), TMPDIR: dir};
		const tmux = tmuxPane(['open', file], env, 120, 32, command => `cd '${cwd}' && ${command}`);
		await tmux.waitForText(/^1\/\d+ loaded/m, 60_000);
		tmux.run('set-buffer', '--', POWERSHELL.replace('\r', '\n'));
		tmux.run('paste-buffer', '-p', '-t', 'p');
		tmux.keys('j');
		const list = await tmux.waitForText(/paste ignored|Export |exporting/);
		expect(list).toContain('paste ignored');
		await tmux.waitForText(/^2\/\d+ loaded/m);
		expect(readdirSync(cwd)).toEqual([]);
		tmux.keys('/');
		tmux.run('set-buffer', '--', 'alice@contoso.com\n');
		tmux.run('paste-buffer', '-p', '-t', 'p');
		await tmux.waitForText(/^\/alice@contoso\.com *$/m);
		tmux.keys('Escape');
		await tmux.waitForText(/^2\/\d+ loaded/m);
		await tmux.quit();
		expect(readdirSync(cwd)).toEqual([]);
	}, 120_000);
});
