/**
 * The TUI with stdin that is not a terminal (found by an independent check: `cat f | entra-logs open /dev/stdin` and
 * `entra-logs open f < /dev/null` drew the first frame, then died with Ink's "Raw mode is not supported" and a React
 * stack trace, exit 1). Keys now come from the controlling terminal, as `less` does; with no terminal at all, one
 * line and exit 2. The built CLI in a real tmux with default settings: what the pane shows is the oracle.
 */
import {spawn, spawnSync} from 'node:child_process';
import {writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';
import {tmuxPane} from '../helpers/tmux-pane.js';
import {sandbox, signIns} from '../safety/sandbox.js';

const quote = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;
/** The pane's shell line: the command, then its exit code left on the screen (the pane stays until the test ends). */
const showExit = (tail: string) => (command: string) => `${command} ${tail}; echo "EXIT=$?"; sleep 600`;

/**
 * `open /dev/stdin` fed by a pipe: half of 300 records, then the rest once `rest()` is called (the test has seen the
 * pipe being read).
 */
function pipedInHalves() {
	const {root, env} = sandbox();
	const fifo = join(root, 'in.fifo');
	expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
	const file = signIns(join(root, 'in.ndjson'), 300);
	const go = join(root, 'go');
	const writer = spawn('sh', [
		'-c',
		`{ head -n 150 ${quote(file)}; while [ ! -e ${quote(go)} ]; do sleep 0.05; done; tail -n +151 ${quote(file)}; } > ${quote(fifo)}`,
	]);
	const pane = tmuxPane(['open', '/dev/stdin'], env, 120, 20, showExit(`< ${quote(fifo)}`));
	return {pane, writer, rest: () => writeFileSync(go, '')};
}

describe('keys when stdin is not a terminal', () => {
	it('open /dev/stdin fed by a pipe: the list takes keys from the terminal, q leaves cleanly', async () => {
		const {pane, rest, writer} = pipedInHalves();
		try {
			// Nothing can be shown before the pipe ends: a line says how much is read (before, a blank screen).
			await pane.waitForText(/entra-logs: reading stdin… 0\.\d MB/);
			rest();
			await pane.waitFor(r => r.some(l => /^1\/\d+ loaded/.test(l)), 'the list');
			pane.keys('j');
			await pane.waitFor(r => r.some(l => /^2\/\d+ loaded/.test(l)), 'the cursor on row 2');
			pane.keys('q');
			const text = await pane.waitForText('EXIT=');
			expect(text).toContain('EXIT=0');
			expect(text).not.toMatch(/Raw mode|at .*\.js:\d+/);
			// The line is cleared once the pipe is read: nothing of it is left on the shell's screen.
			expect(text).not.toContain('reading stdin');
		} finally {
			writer.kill();
		}
	}, 120_000);

	it('keys typed while the pipe is read are not echoed (the screen is ours) and count for the list', async () => {
		const {pane, rest, writer} = pipedInHalves();
		try {
			await pane.waitForText(/entra-logs: reading stdin… 0\.\d MB/);
			// Echoed, the search and its Enter (a new line) stayed on the shell's screen after the run (found by a check).
			pane.type('/nosuchthing');
			pane.keys('Enter');
			rest();
			await pane.waitForText(/nosuchthing: not in the \d+ loaded rows/);
			pane.keys('q');
			const text = await pane.waitForText('EXIT=');
			expect(text).toContain('EXIT=0');
			expect(text).not.toMatch(/nosuchthing|reading stdin/);
		} finally {
			writer.kill();
		}
	}, 120_000);

	it('keys typed while the pipe is still read (the terminal not yet raw: Enter comes as a line feed) count', async () => {
		const {root, env} = sandbox();
		const fifo = join(root, 'slow.fifo');
		expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
		const pane = tmuxPane(['open', '/dev/stdin'], env, 120, 20, showExit(`< ${quote(fifo)}`));
		let writer: ReturnType<typeof spawn> | undefined;
		try {
			// Nobody writes to the pipe yet: a search typed now, Enter included, waits in the terminal, which is not raw
			// (its line discipline turns the Enter into a line feed).
			pane.type('/nosuchthing');
			pane.keys('Enter');
			writer = spawn('sh', ['-c', `cat ${quote(signIns(join(root, 'in.ndjson'), 300))} > ${quote(fifo)}`]);
			await pane.waitForText(/nosuchthing: not in the \d+ loaded rows/);
		} finally {
			writer?.kill();
		}
	}, 120_000);

	it('a named FIFO nobody writes to yet: it says it waits, ctrl-c ends it; a writer that comes later is read', async () => {
		const {root, env} = sandbox();
		const fifo = join(root, 'nobody.fifo');
		expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
		// Before, open(2) of the FIFO blocked a libuv thread: a blank screen, and ctrl-c (SIGTERM, SIGHUP) never ended it.
		const pane = tmuxPane(['open', fifo], env, 120, 20, showExit(''));
		const waiting = await pane.waitForText(/^entra-logs: waiting for something to write into \/\S+/m);
		// One row, cut to the width (a wrapped one would leave a row behind when cleared).
		expect(waiting.split('\n').find(l => l.startsWith('entra-logs: waiting'))!.length).toBeLessThan(120);
		// Keys typed meanwhile are not echoed (a search and its Enter stayed on the shell's screen).
		pane.type('/nosuchthing');
		pane.keys('Enter');
		pane.keys('C-c');
		const ended = await pane.waitForText('EXIT=');
		expect(ended).toMatch(/EXIT=(130|2)\b/);
		expect(ended).not.toContain('nosuchthing');
		const again = tmuxPane(['open', fifo], env, 120, 20, showExit(''));
		await again.waitForText('waiting for something to write into');
		const writer = spawn('sh', ['-c', `cat ${quote(signIns(join(root, 'later.ndjson'), 300))} > ${quote(fifo)}`]);
		try {
			await again.waitFor(r => r.some(l => /^1\/\d+ loaded/.test(l)), 'the list');
			again.keys('q');
			expect(await again.waitForText('EXIT=')).toContain('EXIT=0');
		} finally {
			writer.kill();
		}
	}, 120_000);

	it('open FILE < /dev/null: the same', async () => {
		const {root, env} = sandbox();
		const pane = tmuxPane(['open', signIns(join(root, 'in.ndjson'), 300)], env, 120, 20, showExit('< /dev/null'));
		await pane.waitFor(r => r.some(l => /^1\/\d+ loaded/.test(l)), 'the list');
		pane.keys('G');
		// On the last row loaded when G came: the first page's last, a screen's height down (the next page may come in
		// meanwhile: N/300).
		const lastLoaded = (l: string): boolean => {
			const [, row, of] = /^(\d+)\/(\d+) loaded/.exec(l) ?? [];
			return Number(row) > 1 && (row === of || of === '300');
		};
		await pane.waitFor(r => r.some(lastLoaded), 'the cursor on the last row');
		pane.keys('q');
		expect(await pane.waitForText('EXIT=')).toContain('EXIT=0');
	}, 120_000);

	it('no terminal to read keys from at all (setsid, stdin /dev/null): one line, exit 2, nothing drawn', async () => {
		const {root, env} = sandbox();
		const file = signIns(join(root, 'in.ndjson'), 300);
		const pane = tmuxPane(['open', file], env, 120, 20, command => showExit('< /dev/null')(`setsid -w ${command}`));
		const text = await pane.waitForText('EXIT=');
		expect(text).toContain('EXIT=2');
		expect(text).toContain('entra-logs: no terminal to read keys from');
		expect(text).not.toMatch(/loaded|Raw mode|at .*\.js:\d+/);
	}, 120_000);
});
