/** The built CLI (dist/cli.js) run against a test emulator, its device code approved as a person would. */
import {spawn} from 'node:child_process';
import {join} from 'node:path';
import type {TestEmulator} from './emulator.js';

// ENTRA_LOGS_TEST_CLI: a build of one's own (ENTRA_LOGS_BUILD_DIR) while others rebuild dist/ on the same checkout.
export const CLI = process.env['ENTRA_LOGS_TEST_CLI'] ?? join(process.cwd(), 'dist', 'cli.js');

export interface CliRun {
	readonly code: number | null;
	readonly stdout: string;
	readonly stderr: string;
}

/**
 * Runs `entra-logs ARGS --emulator … --ca-file … --tenant …` with ENTRA_LOGS_CONFIG_DIR set to `config`; a device
 * code it prints is approved through the emulator's controls.
 */
export function runCli(
	emu: TestEmulator,
	o: {readonly args: readonly string[]; readonly caFile: string; readonly config: string},
	tenant = emu.tenantId,
	env: Record<string, string> = {},
): Promise<CliRun> {
	return new Promise(resolve => {
		const child = spawn(
			process.execPath,
			[CLI, ...o.args, '--emulator', emu.origin, '--ca-file', o.caFile, '--tenant', tenant],
			{env: {...process.env, ENTRA_LOGS_CONFIG_DIR: o.config, ...env}, stdio: ['ignore', 'pipe', 'pipe']},
		);
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (d: Buffer) => {
			stdout += d.toString();
		});
		child.stderr.on('data', (d: Buffer) => {
			stderr += d.toString();
			const code = /enter the code (\w+)/.exec(stderr)?.[1];
			if (code && !stderr.includes('#approved')) {
				stderr += '#approved';
				void emu.control('approve', {user_code: code});
			}
		});
		child.on('exit', code => resolve({code, stdout, stderr}));
	});
}
