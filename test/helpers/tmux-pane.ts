/**
 * The built CLI in a real tmux server of its own (`-L`, no configuration file: tmux's defaults), in a pane of a given
 * size: `capture-pane` is what a user sees, `show-buffer` what reached tmux's paste buffer. Removed with its socket
 * (which tmux 3.3 leaves behind) when the test ends.
 */
import {spawnSync} from 'node:child_process';
import {rmSync} from 'node:fs';
import {onTestFinished} from 'vitest';
import {CLI, until} from './terminal.js';

export interface TmuxPane {
	/** tmux on this pane's server. */
	run(...args: string[]): {status: number | null; stdout: string; stderr: string};
	/** The pane's rows as tmux holds them. */
	screen(): string[];
	/** The pane as one text, rows joined by line feeds. */
	text(): string;
	/** The newest paste buffer, or undefined when tmux has none. */
	buffer(): string | undefined;
	/** Sends tmux key names (`Enter`, `PageDown`) or literal text (`-l`). */
	keys(...keys: string[]): void;
	type(text: string): void;
	/** The window made `width` x `height`. */
	resize(width: number, height: number): void;
	/** The screen once `check` holds for it (a failure shows the last screen). */
	waitFor(check: (rows: string[]) => boolean, what: string, ms?: number): Promise<string[]>;
	/** The pane's text once it holds `text` (or matches it). */
	waitForText(text: string | RegExp, ms?: number): Promise<string>;
	/** q, and the wait for the CLI (and so the session) to end. */
	quit(): Promise<void>;
}

const quote = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;

/**
 * `node dist/cli.js ...args` in a detached tmux pane of `width` x `height` (CI unset, `env` added); `shell` makes the
 * pane's shell line of that command line (a redirection, a pipe into it).
 */
export function tmuxPane(
	args: readonly string[],
	env: Record<string, string>,
	width = 120,
	height = 32,
	shell = (command: string): string => command,
): TmuxPane {
	const socket = `pane-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
	const run = (...a: string[]): {status: number | null; stdout: string; stderr: string} => {
		const r = spawnSync('tmux', ['-L', socket, '-f', '/dev/null', ...a], {encoding: 'utf8'});
		return {status: r.status, stdout: r.stdout, stderr: r.stderr};
	};
	const command = ['env', '-u', 'CI', ...Object.entries(env).map(([k, v]) => `${k}=${quote(v)}`)];
	command.push(...[process.execPath, CLI, ...args].map(quote));
	const started = run(
		'new-session',
		'-d',
		'-x',
		String(width),
		'-y',
		String(height),
		'-s',
		'p',
		shell(command.join(' ')),
	);
	if (started.status !== 0) throw new Error(`tmux new-session: ${started.stderr}`);
	const path = run('display-message', '-p', '-t', 'p', '#{socket_path}').stdout.trim();
	onTestFinished(() => {
		run('kill-server');
		if (path) rmSync(path, {force: true});
	});
	let rows = height;
	const text = (): string => run('capture-pane', '-p', '-t', 'p').stdout;
	const screen = (): string[] => text().split('\n').slice(0, rows);
	const keys = (...k: string[]): void => void run('send-keys', '-t', 'p', ...k);
	/** `found` of the screen once it is neither undefined nor false; a failure shows the last screen. */
	const waitOn = async <T>(found: () => T | undefined | false, last: () => string, what: string, ms: number) => {
		try {
			return await until(found, what, ms);
		} catch {
			throw new Error(`timed out waiting for ${what}; the screen:\n${last()}`);
		}
	};
	return {
		run,
		screen,
		text,
		buffer() {
			const r = run('show-buffer');
			return r.status === 0 ? r.stdout : undefined;
		},
		keys,
		type: t => void run('send-keys', '-t', 'p', '-l', t),
		resize(x, y) {
			run('resize-window', '-t', 'p', '-x', String(x), '-y', String(y));
			rows = y;
		},
		waitFor(check, what, ms = 30_000) {
			let last: string[] = [];
			return waitOn(
				() => ((last = screen()), check(last) && last),
				() => last.join('\n'),
				what,
				ms,
			);
		},
		waitForText(wanted, ms = 30_000) {
			let last = '';
			const holds = (): boolean => (typeof wanted === 'string' ? last.includes(wanted) : wanted.test(last));
			return waitOn(
				() => ((last = text()), holds() && last),
				() => last,
				String(wanted),
				ms,
			);
		},
		async quit() {
			keys('q');
			await until(() => run('has-session', '-t', 'p').status !== 0, 'the CLI to quit');
		},
	};
}
