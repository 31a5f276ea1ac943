/**
 * The built CLI (dist/cli.js, or ENTRA_LOGS_TEST_CLI: a build of one's own while others rebuild dist/) on a file,
 * offline: its exit code, stdout and stderr.
 */
import {spawn} from 'node:child_process';
import {join} from 'node:path';

export function runCli(
	args: readonly string[],
	configDir: string,
	/** Run as another user (a test that needs file modes to hold: root reads a file of mode 000). */
	as?: {readonly uid: number; readonly gid: number},
	/** node's own flags (a small heap). */
	nodeFlags: readonly string[] = [],
): Promise<{code: number | null; stdout: string; stderr: string}> {
	return new Promise(resolve => {
		const cli = process.env['ENTRA_LOGS_TEST_CLI'] ?? join(process.cwd(), 'dist', 'cli.js');
		const child = spawn(process.execPath, [...nodeFlags, cli, ...args], {
			stdio: ['ignore', 'pipe', 'pipe'],
			env: {...process.env, ENTRA_LOGS_CONFIG_DIR: configDir, ...(as ? {TMPDIR: configDir} : {})},
			...as,
		});
		const out: Buffer[] = [];
		let stderr = '';
		child.stdout.on('data', (d: Buffer) => out.push(d));
		child.stderr.on('data', (d: Buffer) => {
			stderr += d.toString();
		});
		child.on('close', code => resolve({code, stdout: Buffer.concat(out).toString('utf8'), stderr}));
	});
}

/** An ink-testing-library app's last frame without colours, and a wait for a frame that passes `ok` (60 s at most). */
export function frames(app: {lastFrame(): string | undefined}): {
	frame(): string;
	until(ok: (f: string) => boolean, what: string, ms?: number): Promise<string>;
} {
	const frame = (): string => (app.lastFrame() ?? '').replace(/\u001b\[[0-9;]*m/g, '');
	const until = async (ok: (f: string) => boolean, what: string, ms = 60_000): Promise<string> => {
		const started = Date.now();
		while (!ok(frame())) {
			if (Date.now() - started > ms) throw new Error(`timed out waiting for ${what}:\n${frame()}`);
			await new Promise(r => setTimeout(r, 20));
		}
		return frame();
	};
	return {frame, until};
}
