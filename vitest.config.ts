import {defineConfig} from 'vitest/config';

export default defineConfig({
	test: {
		include: ['test/**/*.test.{ts,tsx}'],
		setupFiles: ['test/setup.ts'],
		// Generous: tests wait on what they see, and a loaded 2-CPU machine (CI, or 8 jobs at once) can take 3-4x longer.
		testTimeout: 120_000,
		hookTimeout: 120_000,
		pool: 'forks',
		// Two test files at a time (vitest's default on 2 CPUs is one): most of a test's time is a child process, a pty
		// or the emulator answering, so two share the machine well: 344 s against 619 s one at a time on a clean clone
		// (2 CPUs, load about 1.5), every test passing either way.
		maxWorkers: 2,
	},
});
