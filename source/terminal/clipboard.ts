/**
 * Copying over SSH. Outside tmux: OSC 52 (DCS-wrapped for screen), a native tool when there is a display, else a
 * private file. Inside tmux (`$TMUX`): with tmux's defaults (3.3: `set-clipboard external`, `allow-passthrough off`)
 * an application's OSC 52 is ignored and a passthrough-wrapped one dropped, so the text goes to
 * `tmux load-buffer -w -`, which fills tmux's paste buffer and forwards it to the outer terminal's clipboard; plain
 * OSC 52 is sent as well (for `set-clipboard on`), and the passthrough wrap only for an old tmux without `-w`.
 * A terminal never says whether it took an OSC 52 sequence: the message says what was done, never more.
 * What is copied is the text's bytes as a file held them: a byte that is not UTF-8 (read as U+DC80 + byte, as
 * byte-text.ts decodes a file) is copied as that byte, as exports write it, not as U+FFFD.
 */
import {spawnSync} from 'node:child_process';
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {textBytes} from '../fs/byte-text.js';
import {createPrivateFileSync} from '../fs/private.js';
import {tempWriteProblem} from '../fs/temp-write.js';

/** The widely used conservative cap for one OSC 52 sequence (hterm/osc52.vim). */
export const OSC52_MAX = 100_000;

type Env = Readonly<Record<string, string | undefined>>;

const plain = (bytes: Buffer): string => `\u001b]52;c;${bytes.toString('base64')}\u0007`;
const tmuxPassthrough = (seq: string): string => `\u001bPtmux;${seq.replace(/\u001b/g, '\u001b\u001b')}\u001b\\`;

/** The OSC 52 sequence for this terminal with no help from tmux: wrapped for tmux or screen; undefined past the cap. */
export function osc52(text: string, env: Env): string | undefined {
	const seq = plain(textBytes(text));
	if (seq.length > OSC52_MAX) return undefined;
	if (env['TMUX']) return tmuxPassthrough(seq);
	if (env['TERM']?.startsWith('screen')) return `\u001bP${seq}\u001b\\`;
	return seq;
}

export interface CopyResult {
	readonly how: 'tmux' | 'osc52' | 'native' | 'file' | 'none';
	readonly message: string;
}

/** Runs a command with `input` on its stdin and `env` as its environment, output discarded: whether it succeeded. */
export type RunWithInput = (command: string, args: readonly string[], input: Buffer, env: Env) => boolean;

const run: RunWithInput = (command, args, input, env) =>
	spawnSync(command, args, {input, env: {...env}, stdio: ['pipe', 'ignore', 'ignore'], timeout: 2000}).status === 0;

const NATIVE = [
	['pbcopy'],
	['wl-copy'],
	['xclip', '-selection', 'clipboard'],
	['xsel', '--clipboard', '--input'],
	['clip.exe'],
] as const;

/**
 * Copies text and says what was done. `write` goes to the terminal (OSC 52); `runCommand` runs tmux or a native tool.
 * A text too long for OSC 52 that no tool took is saved to a private file (0600, in a new 0700 temp folder).
 */
export function copyText(
	text: string,
	write: (data: string) => void,
	env: Env,
	runCommand: RunWithInput = run,
): CopyResult {
	const chars = `${text.length.toLocaleString('en-US')} characters`;
	const bytes = textBytes(text);
	const seq = plain(bytes);
	const fits = seq.length <= OSC52_MAX;
	if (env['TMUX']) {
		if (runCommand('tmux', ['load-buffer', '-w', '-'], bytes, env)) {
			if (fits) write(seq);
			return {how: 'tmux', message: `copied ${chars} to the tmux buffer and sent them to the terminal's clipboard`};
		}
		// An old tmux (before 3.2) has no -w, but lets a passthrough-wrapped sequence through.
		const buffer = runCommand('tmux', ['load-buffer', '-'], bytes, env);
		if (fits) write(tmuxPassthrough(seq));
		if (buffer)
			return {
				how: 'tmux',
				message: `copied ${chars} to the tmux buffer${fits ? '; sent OSC 52 (the terminal must allow it)' : ''}`,
			};
	} else if (fits) {
		write(osc52(text, env)!);
	}
	if (!env['SSH_CONNECTION'] && (env['DISPLAY'] || env['WAYLAND_DISPLAY'] || process.platform === 'darwin')) {
		for (const [cmd, ...args] of NATIVE) {
			if (runCommand(cmd, args, bytes, env)) return {how: 'native', message: `copied ${chars} with ${cmd}`};
		}
	}
	if (fits) return {how: 'osc52', message: `sent ${chars} by OSC 52 (the terminal must allow it)`};
	let folder: string | undefined;
	let file: string;
	try {
		folder = mkdtempSync(join(tmpdir(), 'entra-logs-copy-'));
		file = join(folder, 'record.json');
		createPrivateFileSync(file, bytes);
	} catch (error) {
		// A record cut short is not left behind.
		if (folder) rmSync(folder, {recursive: true, force: true});
		// Asked from a key (y): said on the status line, not thrown.
		return {how: 'none', message: `too big for the terminal clipboard, and not saved: ${tempWriteProblem(error)}`};
	}
	// Kept after the run, to be read then; a start a day later removes it (cleanup.ts sweepLeftovers).
	return {how: 'file', message: `too big for the terminal clipboard, kept for a day: saved to ${file}`};
}

/** Copies a sign-in code (a few characters: never saved to a file) and says in words where it went. */
export function copyCode(
	code: string,
	write: (data: string) => void,
	env: Env,
	runCommand: RunWithInput = run,
): string {
	switch (copyText(code, write, env, runCommand).how) {
		case 'tmux':
			return 'the code is in the tmux buffer, sent on to your clipboard';
		case 'native':
			return 'the code is in your clipboard';
		default:
			return 'the code was sent to your clipboard by OSC 52, if the terminal allows it';
	}
}
