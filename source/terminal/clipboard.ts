/**
 * Copying over SSH: OSC 52 (wrapped for tmux and screen), a native tool when one is there, else a file.
 * The caller says which happened; there is no reliable "it worked" reply from a terminal.
 */
import {spawnSync} from 'node:child_process';
import {writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';

/** The widely used conservative cap for one OSC 52 sequence (hterm/osc52.vim). */
export const OSC52_MAX = 100_000;

export function osc52(text: string, env: Readonly<Record<string, string | undefined>>): string | undefined {
	const seq = `\u001b]52;c;${Buffer.from(text, 'utf8').toString('base64')}\u0007`;
	if (seq.length > OSC52_MAX) return undefined;
	if (env['TMUX']) return `\u001bPtmux;${seq.replace(/\u001b/g, '\u001b\u001b')}\u001b\\`;
	if (env['TERM']?.startsWith('screen')) return `\u001bP${seq}\u001b\\`;
	return seq;
}

export interface CopyResult {
	readonly how: 'osc52' | 'native' | 'file';
	readonly message: string;
}

/** Copies text: writes the OSC 52 sequence through `write`, tries a native tool, falls back to a file. */
export function copyText(text: string, write: (data: string) => void, env: Readonly<Record<string, string | undefined>>): CopyResult {
	const seq = osc52(text, env);
	if (seq) write(seq);
	const native = [['pbcopy'], ['wl-copy'], ['xclip', '-selection', 'clipboard'], ['xsel', '--clipboard', '--input'], ['clip.exe']];
	if (!env['SSH_CONNECTION'] && (env['DISPLAY'] || env['WAYLAND_DISPLAY'] || process.platform === 'darwin')) {
		for (const [cmd, ...args] of native) {
			const r = spawnSync(cmd!, args, {input: text, stdio: ['pipe', 'ignore', 'ignore'], timeout: 2000});
			if (r.status === 0) return {how: 'native', message: `copied ${text.length.toLocaleString('en-US')} characters with ${cmd}`};
		}
	}
	if (seq) return {how: 'osc52', message: `copied ${text.length.toLocaleString('en-US')} characters (OSC 52)`};
	const file = join(tmpdir(), `entra-logs-record-${Date.now()}.json`);
	writeFileSync(file, text, {mode: 0o600});
	return {how: 'file', message: `too big for the terminal clipboard: saved to ${file}`};
}
