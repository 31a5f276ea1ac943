/**
 * The built CLI in a pseudo-terminal, its output fed to a headless xterm: tests read the screen as a person sees it
 * (what is on it now, not text that was drawn and erased), and the raw stream for what never shows (OSC 52, the
 * alternate screen's enter and leave).
 */
import {join} from 'node:path';
import pty from '@lydell/node-pty';
import xterm from '@xterm/headless';
import unicode11 from '@xterm/addon-unicode11';

// ENTRA_LOGS_TEST_CLI: a build of one's own while others rebuild dist/ on the same checkout.
export const CLI = process.env['ENTRA_LOGS_TEST_CLI'] ?? join(process.cwd(), 'dist', 'cli.js');

export class Terminal {
	private output = '';
	exitCode: number | undefined;
	/** The signal that ended the process, if one did. */
	exitSignal: number | undefined;
	private readonly proc: pty.IPty;
	private readonly term: xterm.Terminal;

	constructor(args: string[], extraEnv: Record<string, string> = {}, cwd = process.cwd(), cols = 120, rows = 32) {
		this.term = new xterm.Terminal({cols, rows, allowProposedApi: true});
		// Character widths as today's terminals have them (Unicode 11: emoji take two columns), not xterm's Unicode 6.
		this.term.loadAddon(new unicode11.Unicode11Addon());
		this.term.unicode.activeVersion = '11';
		// A person's terminal: no CI variables (Ink renders only the last frame under CI, and chalk drops colour for
		// any CI, even CI=false), no NO_COLOR unless a test sets it.
		const env: Record<string, string> = {};
		for (const [k, v] of Object.entries(process.env))
			if (v !== undefined && !['CI', 'CONTINUOUS_INTEGRATION', 'NO_COLOR', 'FORCE_COLOR'].includes(k)) env[k] = v;
		this.proc = pty.spawn(process.execPath, [CLI, ...args], {
			name: 'xterm-256color',
			cols,
			rows,
			cwd,
			env: {...env, TERM: 'xterm-256color', TMUX: '', SSH_CONNECTION: '1', ...extraEnv},
		});
		this.proc.onData(d => {
			this.output += d;
			this.term.write(d);
		});
		this.proc.onExit(e => {
			this.exitSignal = e.signal || undefined;
			this.exitCode = e.exitCode;
		});
	}

	/** The CLI's process id (the pty runs node itself, not a shell). */
	get pid(): number {
		return this.proc.pid;
	}

	/** The visible screen, a line per row (trailing blanks trimmed). */
	get screen(): string {
		const buffer = this.term.buffer.active;
		return Array.from(
			{length: this.term.rows},
			(_, i) => buffer.getLine(buffer.viewportY + i)?.translateToString(true) ?? '',
		).join('\n');
	}

	/** The cells of a screen row as the terminal laid them out: each one's text ('' for the right half of a wide one) and width. */
	cells(row: number): Array<{chars: string; width: number}> {
		const buffer = this.term.buffer.active;
		const line = buffer.getLine(buffer.viewportY + row);
		return Array.from({length: this.term.cols}, (_, x) => {
			const cell = line?.getCell(x);
			return {chars: cell?.getChars() ?? '', width: cell?.getWidth() ?? 1};
		});
	}

	/** Everything the program wrote, escape sequences included. */
	get all(): string {
		return this.output;
	}

	async waitFor(text: string | RegExp, ms = 20_000): Promise<string> {
		const started = Date.now();
		while (Date.now() - started < ms) {
			const screen = this.screen;
			if (typeof text === 'string' ? screen.includes(text) : text.test(screen)) return screen;
			await new Promise(r => setTimeout(r, 25));
		}
		throw new Error(`timed out waiting for ${String(text)}; the screen:\n${this.screen}`);
	}

	async key(data: string): Promise<void> {
		this.proc.write(data);
		await new Promise(r => setTimeout(r, 60));
	}

	resize(cols: number, rows: number): void {
		this.proc.resize(cols, rows);
		this.term.resize(cols, rows);
	}

	async exited(ms = 10_000): Promise<number | undefined> {
		const started = Date.now();
		while (this.exitCode === undefined && Date.now() - started < ms) await new Promise(r => setTimeout(r, 25));
		return this.exitCode;
	}

	kill(): void {
		if (this.exitCode === undefined) this.proc.kill();
	}
}

/** Polls `check` until it returns something other than undefined or false; fails after `ms` saying `what`. */
export async function until<T>(check: () => T | undefined | false, what: string, ms = 20_000): Promise<T> {
	const started = Date.now();
	for (;;) {
		const value = check();
		if (value !== undefined && value !== false) return value;
		if (Date.now() - started > ms) throw new Error(`timed out waiting for ${what}`);
		await new Promise(r => setTimeout(r, 25));
	}
}
