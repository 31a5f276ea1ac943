/**
 * Keys typed on `open FILE`'s first frame, drawn before Ink loads (source/ui/first-frame.ts), are held for Ink
 * (source/terminal/key-input.ts), except ctrl-c, and q typed first: those end the run at once, as the TUI's quit
 * does, without waiting for Ink (found by an independent check: 1.3-2.0 s at load 12 before the prompt came back).
 * The built CLI in a real tmux with its default settings; Ink is kept from loading, for real, by a module hook in the
 * child that holds the import of the TUI's chunk until the test lets it go (what a slow start looks like, every time).
 */
import {execFileSync} from 'node:child_process';
import {writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {pathToFileURL} from 'node:url';
import {describe, expect, it} from 'vitest';
import {tmuxPane} from '../helpers/tmux-pane.js';
import {ours, sandbox, signIns} from '../safety/sandbox.js';

/**
 * A preload for the child (NODE_OPTIONS=--import): the TUI's chunk (chunks/run-*.js, Ink and React in it) is not
 * resolved until `gate` exists.
 */
function holdInk(root: string, gate: string): string {
	const hook = `import {existsSync} from 'node:fs';
export async function resolve(specifier, context, next) {
	if (/(^|\\/)run-[A-Z0-9]+\\.js$/.test(specifier))
		while (!existsSync(${JSON.stringify(gate)})) await new Promise(r => setTimeout(r, 20));
	return next(specifier, context);
}`;
	const preload = join(root, 'hold-ink.mjs');
	writeFileSync(
		preload,
		`import {register} from 'node:module';
register(${JSON.stringify(`data:text/javascript,${encodeURIComponent(hook)}`)});
`,
	);
	return pathToFileURL(preload).href;
}

/**
 * `open FILE` (a .gz: its private copy is a temp file to remove) with Ink held back, `stdin` redirected or not; the
 * pane's shell line then says the exit code and whether the terminal's mode is what it was before (stty -g).
 */
function early(stdin: string) {
	const {root, tmp, env} = sandbox();
	const file = signIns(join(root, 'in.ndjson'), 300);
	execFileSync('gzip', [file]);
	const gate = join(root, 'ink-may-load');
	const pane = tmuxPane(
		['open', `${file}.gz`],
		{...env, NODE_OPTIONS: `--import=${holdInk(root, gate)}`},
		120,
		20,
		command =>
			`s=$(stty -g); ${command} ${stdin}; e=$?; [ "$(stty -g)" = "$s" ] && m=same || m=changed; echo "EXIT=$e TTY=$m"; sleep 600`,
	);
	const frame = (): Promise<string[]> => pane.waitFor(r => r.some(l => /^1\/\d+ loaded/.test(l)), 'the first frame');
	/** Ink may load now (a run that did not end by itself must not hang the test). */
	const letInk = (): void => writeFileSync(gate, '');
	return {tmp, pane, frame, letInk};
}

describe('keys typed on the first frame, before Ink has loaded', () => {
	for (const [key, name, stdin] of [
		['q', 'q (the first key)', ''],
		['C-c', 'ctrl-c (keys from /dev/tty: stdin is not the terminal)', '< /dev/null'],
	] as const) {
		it(`${name} ends the run at once: exit 0, the main screen, the terminal's mode as before, the temp copy gone`, async () => {
			const {tmp, pane, frame, letInk} = early(stdin);
			await frame();
			pane.keys(key);
			let text: string;
			try {
				// While Ink's chunk is still held: the run did not wait for it.
				text = await pane.waitForText('EXIT=', 30_000);
			} finally {
				letInk();
			}
			expect(text).toContain('EXIT=0 TTY=same');
			expect(pane.run('display-message', '-p', '-t', 'p', '#{alternate_on}').stdout.trim()).toBe('0');
			expect(text).not.toMatch(/loaded|entra-logs:/);
			expect(ours(tmp)).toEqual([]);
		}, 120_000);
	}

	it('other keys wait for Ink, in order: a paste of q and ctrl-c (text, not keys), j, then / and q (into the search)', async () => {
		const {pane, frame, letInk} = early('');
		await frame();
		// tmux brackets it: the first frame turned bracketed paste on, as the TUI does.
		pane.run('set-buffer', '--', 'q\u0003');
		pane.run('paste-buffer', '-p', '-t', 'p');
		pane.keys('j');
		pane.keys('/');
		pane.keys('q');
		letInk();
		await pane.waitFor(r => r.some(l => l.startsWith('/q')), 'the search field holding q');
		pane.keys('Escape');
		await pane.waitFor(r => r.some(l => /^2\/\d+ loaded/.test(l)), 'the cursor on row 2');
		pane.keys('q');
		expect(await pane.waitForText('EXIT=')).toContain('EXIT=0 TTY=same');
	}, 120_000);
});
