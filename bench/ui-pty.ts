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
