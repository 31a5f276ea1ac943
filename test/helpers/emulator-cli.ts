/**
 * The emulator for the built CLI in a pty: started before a file's tests, with a folder of its own holding its CA
 * certificate (the CLI's `--ca-file`), both gone after them; the flags that point the CLI at it, and its sign-in.
 */
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, beforeAll} from 'vitest';
import {startTestEmulator, type TestEmulator} from './emulator.js';
import type {Terminal} from './terminal.js';

export interface EmulatorForCli {
	readonly emu: TestEmulator;
	/** The folder of the run: the CA certificate is in it; a test's config and files may go there too. */
	readonly cwd: string;
	/** `--emulator ORIGIN --ca-file FILE --tenant ID`. */
	readonly flags: () => string[];
	/** The device code the terminal shows, approved as alice. */
	readonly signIn: (t: Terminal) => Promise<void>;
}

export function emulatorForCli(prefix: string): EmulatorForCli {
	let emu: TestEmulator | undefined;
	let cwd: string | undefined;
	beforeAll(async () => {
		emu = await startTestEmulator();
		cwd = mkdtempSync(join(tmpdir(), `entra-logs-e2e-${prefix}-`));
		writeFileSync(join(cwd, 'ca.pem'), emu.caCert);
	});
	afterAll(async () => {
		await emu?.close();
		if (cwd) rmSync(cwd, {recursive: true, force: true});
	});
	const self: EmulatorForCli = {
		get emu() {
			return emu!;
		},
		get cwd() {
			return cwd!;
		},
		flags: () => ['--emulator', emu!.origin, '--ca-file', join(cwd!, 'ca.pem'), '--tenant', emu!.tenantId],
		signIn: async t => {
			const code = /code\s+([A-Z0-9]{9})/.exec(await t.waitFor(/code\s+[A-Z0-9]{9}/, 60_000))![1]!;
			await emu!.control('approve', {user_code: code});
		},
	};
	return self;
}
