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
import {until} from '../helpers/terminal.js';
import {cells} from '../helpers/screen-cells.js';
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

	// The resize's SIGWINCH goes to the shell (the foreground job then), not to the stopped TUI: the size is read again
	// on fg. Before, the frame was drawn for the old width: rows wrapped, the header scrolled away (found by an
	// independent check). The oracle: a run started at the new size, given the same keys (characters and styles).
	for (const [when, shows, keys, last] of [
		['in the list', /^1\/\d+ loaded/m, ['j', 'j'], /^4\/\d+ loaded/m],
		// ctrl-z as `open`'s first frame shows (before Ink has loaded, or as it takes over).
		['on the first frame', /Date \(UTC\)/, [], /^2\/\d+ loaded/m],
	] as const) {
		it(`fg after the terminal was resized while stopped ${when}: the screen of a run started at the new size`, async () => {
			const {root, env} = sandbox();
			const file = signIns(join(root, 'signins.ndjson'), 1000);
			const pane = inBash(['open', file], env);
			const fresh = tmuxPane(['open', file], env, 80, 24);
			const at = new RegExp(`^${keys.length + 1}/\\d+ loaded`, 'm');
			await pane.waitForText(shows);
			if (keys.length > 0) {
				pane.keys(...keys);
				await pane.waitForText(at);
			}
			pane.keys('C-z');
			await pane.waitForText(/^\[1\]\+ +Stopped/m);
			pane.resize(80, 24);
			pane.type('fg');
			pane.keys('Enter');
			await fresh.waitForText(/^1\/\d+ loaded/m);
			fresh.keys(...keys);
			const styled = (p: TmuxPane): string[] => cells(p.run('capture-pane', '-e', '-p', '-t', 'p').stdout);
			/** Once the fresh run shows `text`, the stopped run's screen becomes its screen (a failure shows both). */
			const same = async (text: RegExp, what: string): Promise<void> => {
				await fresh.waitForText(text);
				let [a, b] = [[''], ['']];
				await until(() => ((a = styled(pane)), (b = styled(fresh)), a.join('\n') === b.join('\n')), what, 20_000).catch(
					() => expect(a.join('\n'), `${what}:\n${pane.text()}\nfresh:\n${fresh.text()}`).toBe(b.join('\n')),
				);
			};
			await same(at, 'after fg, the screen of a fresh run at 80x24');
			// Keys are drawn at that size too.
			pane.keys('j');
			fresh.keys('j');
			await same(last, 'j after fg');
			await fresh.quit();
		});
	}

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
