/**
 * An export stopped by a signal exits as a shell reports a process ended by it: 128 + the signal's number, 130 for
 * SIGINT (Ctrl-C) and 143 for SIGTERM (a job runner's or `timeout`'s stop), so a script tells a cancel from a kill.
 * Before, both gave 130. The built CLI, on a file, its output held back by an unread pipe so that it is mid-export.
 */
import {spawn} from 'node:child_process';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';
import {sandbox, signIns} from '../safety/sandbox.js';

const CLI = join(process.cwd(), 'dist', 'cli.js');

describe('an export stopped by a signal', () => {
	it.each([
		['SIGINT', 130],
		['SIGTERM', 143],
	] as const)('%s: exit %i, and it says how far it got', async (signal, expected) => {
		const {tmp, env} = sandbox();
		const file = signIns(join(tmp, '..', 'many.ndjson'), 3000);
		const child = spawn(process.execPath, [CLI, 'open', file, '--output', 'ndjson'], {
			env,
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		let stderr = '';
		child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
		// The first bytes of the export; the pipe then stays unread, so the export waits mid-way to write more.
		await new Promise<void>(resolve => child.stdout.once('readable', () => resolve()));
		const exited = new Promise<number | null>(resolve => child.on('exit', code => resolve(code)));
		child.kill(signal);
		child.stdout.resume();
		expect(await exited).toBe(expected);
		expect(stderr).toMatch(/interrupted after [\d,]+ records/);
	});
});
