import {defineConfig} from 'vitest/config';

export default defineConfig({
	test: {
		include: ['test/**/*.test.{ts,tsx}'],
		setupFiles: ['test/setup.ts'],
		// Generous: tests wait on what they see, and a loaded 2-CPU machine (CI, or 8 jobs at once) can take 3-4x longer.
		testTimeout: 120_000,
		hookTimeout: 120_000,
		pool: 'forks',
	},
});
