/** What the benches that drive the built CLI in a pty share: waiting on its output, and its CPU profile. */

/** Polls `test` every millisecond; fails after `ms` saying `what`. */
export async function until(test: () => boolean, what: string, ms = 120_000): Promise<void> {
	const end = performance.now() + ms;
	while (!test()) {
		if (performance.now() > end) throw new Error(`timed out waiting for ${what}`);
		await new Promise(r => setTimeout(r, 1));
	}
}

/** `--cpu-prof DIR` given to the bench: node's flags for the CLI's CPU profile (a sample every 200 µs), written to DIR at exit. */
export function profileFlags(argv: readonly string[]): string[] {
	const at = argv.indexOf('--cpu-prof');
	return at < 0 ? [] : ['--cpu-prof', '--cpu-prof-interval=200', `--cpu-prof-dir=${argv[at + 1] ?? '.'}`];
}

/**
 * `entra-logs emulator` (the built CLI `cli`) in a process of its own, its CA written into `dir`: the 20,000 sign-ins
 * of seed bench-ui, device codes approved at once. Kept apart from the bench's own process, which reads the pty: an
 * emulator there, serving the page the CLI asks for just after a frame, held that frame up.
 */
export async function emulatorApart(
	cli: string,
	dir: string,
): Promise<{origin: string; tenantId: string; caFile: string; close(): Promise<void>}> {
	const {spawn} = await import('node:child_process');
	const {join} = await import('node:path');
	const caFile = join(dir, 'emulator-ca.pem');
	const args = ['emulator', '--seed', 'bench-ui', '--sign-ins', '20000', '--auto-approve', '0'];
	const child = spawn(process.execPath, [cli, ...args, '--poll-interval', '0', '--ca-out', caFile], {
		stdio: ['ignore', 'pipe', 'inherit'],
		env: {...process.env, CI: ''},
	});
	let out = '';
	child.stdout.on('data', (d: Buffer) => (out += d.toString()));
	await until(() => /CA cert/.test(out) || child.exitCode !== null, 'the emulator');
	const origin = /listening on (https:\/\/\S+)/.exec(out)?.[1];
	const tenantId = /tenant\s+([0-9a-f-]{36})/.exec(out)?.[1];
	if (!origin || !tenantId) throw new Error(`the emulator did not start: ${out}`);
	const close = async (): Promise<void> => {
		if (child.exitCode !== null) return;
		const exited = new Promise(resolve => child.once('exit', resolve));
		child.kill();
		await exited;
	};
	return {origin, tenantId, caFile, close};
}
