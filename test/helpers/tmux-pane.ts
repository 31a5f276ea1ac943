/**
 * The built CLI in a real tmux server of its own (`-L`, no configuration file: tmux's defaults), in a pane of a given
 * size: `capture-pane` is what a user sees. Removed with its socket when the test ends.
 */
import {spawnSync} from 'node:child_process';
import {rmSync} from 'node:fs';
import {onTestFinished} from 'vitest';
import {CLI, until} from './terminal.js';

export interface TmuxPane {
	/** The pane's rows as tmux holds them. */
	screen(): string[];
	/** Sends tmux key names (`Enter`, `PageDown`) or literal text (`-l`). */
	keys(...keys: string[]): void;
	type(text: string): void;
	/** The screen once `check` holds for it (a failure shows the last screen). */
	waitFor(check: (rows: string[]) => boolean, what: string, ms?: number): Promise<string[]>;
}

/** `node dist/cli.js ...args` in a detached tmux pane of `width` x `height`. */
export function tmuxPane(
	args: readonly string[],
	env: Record<string, string>,
	width: number,
	height: number,
): TmuxPane {
	const socket = `pane-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
	const run = (...a: string[]): string =>
		spawnSync('tmux', ['-L', socket, '-f', '/dev/null', ...a], {encoding: 'utf8'}).stdout;
	const quote = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;
	const command = ['env', '-u', 'CI', ...Object.entries(env).map(([k, v]) => `${k}=${quote(v)}`)];
	command.push(...[process.execPath, CLI, ...args].map(quote));
	const started = spawnSync(
		'tmux',
		[
			'-L',
			socket,
			'-f',
			'/dev/null',
			'new-session',
			'-d',
			'-x',
			String(width),
			'-y',
			String(height),
			'-s',
			'p',
			command.join(' '),
		],
		{encoding: 'utf8'},
	);
	if (started.status !== 0) throw new Error(`tmux new-session: ${started.stderr}`);
	const path = run('display-message', '-p', '-t', 'p', '#{socket_path}').trim();
	onTestFinished(() => {
		run('kill-server');
		if (path) rmSync(path, {force: true});
	});
	const screen = (): string[] => run('capture-pane', '-p', '-t', 'p').split('\n').slice(0, height);
	return {
		screen,
		keys: (...keys) => void run('send-keys', '-t', 'p', ...keys),
		type: text => void run('send-keys', '-t', 'p', '-l', text),
		async waitFor(check, what, ms = 30_000) {
			let last: string[] = [];
			try {
				return await until(() => ((last = screen()), check(last) && last), what, ms);
			} catch {
				throw new Error(`timed out waiting for ${what}; the screen:\n${last.join('\n')}`);
			}
		},
	};
}
