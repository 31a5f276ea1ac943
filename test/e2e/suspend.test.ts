/**
 * ctrl-z in the TUI, in a real tmux with its default settings and an interactive bash (job control) in the pane: the
 * shell gets its screen and the terminal back (bash says the job stopped), a command typed there runs in the shell,
 * and `fg` brings the TUI back as it was, answering keys. Before, ctrl-z did nothing: the command typed for the shell
 * went into the TUI as keys (found by an independent check). Where nothing would continue it (no job control: the
 * CLI as the pane's own command), the kernel drops the stop and the TUI stays, drawn whole.
 */
import {spawn, spawnSync} from 'node:child_process';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';
import {tmuxPane, type TmuxPane} from '../helpers/tmux-pane.js';
import {sandbox, signIns} from '../safety/sandbox.js';

const quote = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;
const list = (rows: readonly string[]): string => rows.filter(r => r.trim() !== '').join('\n');

/** The pane's command: an interactive bash of no configuration; the CLI is typed into it, as a user starts it. */
function inBash(args: readonly string[], env: Record<string, string>): TmuxPane {
	let line = '';
	const pane = tmuxPane(args, env, 120, 32, command => {
		line = command;
		return `env -u CI PS1='$ ' bash --norc --noprofile -i`;
	});
	pane.type(line);
	pane.keys('Enter');
	return pane;
}

describe('ctrl-z', () => {
	it('stops the TUI for the shell, and fg brings it back as it was', async () => {
		const {root, env} = sandbox();
		const pane = inBash(['open', signIns(join(root, 'signins.ndjson'), 1000)], env);
		await pane.waitForText(/^1\/\d+ loaded/m);
		pane.keys('j', 'j');
		const before = await pane.waitFor(rows => rows.some(r => /\b3\/\d+ loaded/.test(r)), 'the cursor on row 3');

		pane.keys('C-z');
		const shell = await pane.waitForText(/Stopped/);
		// The shell's screen: bash's word on the job and a prompt; none of the TUI's rows.
		expect(shell).toMatch(/^\[1\]\+ +Stopped/m);
		expect(shell).toMatch(/^\$\s*$/m);
		expect(shell).not.toContain('loaded');
		pane.type(`echo ${quote('in the shell')}`);
		pane.keys('Enter');
		await pane.waitForText(/^in the shell$/m);

		pane.type('fg');
		pane.keys('Enter');
		const back = await pane.waitFor(rows => list(rows) === list(before), 'the TUI as it was');
		expect(list(back)).toBe(list(before));
		// It answers keys, the query untouched by what was typed for the shell.
		pane.keys('j');
		const moved = await pane.waitFor(rows => rows.some(r => /\b4\/\d+ loaded/.test(r)), 'the cursor on row 4');
		expect(moved.join('\n')).not.toContain('in the shell');
		expect(moved[0]).toBe(before[0]);
		// q: the TUI ends, the shell's screen and prompt are back.
		pane.keys('q');
		await pane.waitForText(/^\$ fg\n(.*\n)*\$\s*$/m);
	});

	it('stops a run still waiting for its pipe (keys held for the list, unechoed, until then): fg goes on waiting', async () => {
		const {root, env} = sandbox();
		const fifo = join(root, 'in.fifo');
		expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
		const pane = inBash(['open', fifo], env);
		await pane.waitForText(/waiting for something to write into/);
		pane.keys('C-z');
		await pane.waitForText(/^\[1\]\+ +Stopped/m);
		pane.type('fg');
		pane.keys('Enter');
		await pane.waitForText(/waiting for something to write into/);
		// A key typed now waits for the list, which shows once something writes.
		pane.keys('j');
		const writer = spawn('sh', ['-c', `cat ${quote(signIns(join(root, 'in.ndjson'), 300))} > ${quote(fifo)}`]);
		try {
			await pane.waitFor(rows => rows.some(r => /\b2\/\d+ loaded/.test(r)), 'the list, the cursor on row 2');
		} finally {
			writer.kill();
		}
		pane.keys('q');
		await pane.waitForText(/^\$\s*$/m);
	});

	it('leaves the TUI as it was where nothing would continue it (no job control)', async () => {
		const {root, env} = sandbox();
		const file = signIns(join(root, 'signins.ndjson'), 1000);
		const pane = tmuxPane(['open', file], env, 120, 32);
		await pane.waitForText(/^1\/\d+ loaded/m);
		pane.keys('j');
		const before = await pane.waitFor(rows => rows.some(r => /\b2\/\d+ loaded/.test(r)), 'the cursor on row 2');
		pane.keys('C-z', 'j');
		const after = await pane.waitFor(rows => rows.some(r => /\b3\/\d+ loaded/.test(r)), 'the cursor on row 3');
		expect(after[0]).toBe(before[0]);
		expect(after.filter(r => r.startsWith('›'))).toHaveLength(1);
		await pane.quit();
	});
});
