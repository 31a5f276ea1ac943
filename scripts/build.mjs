// Bundles cli.tsx and source/ into dist/cli.js (one file, ESM); dependencies stay in node_modules.
// A bundle starts faster than tsx compiling on the fly: see bench/ for the start-up figures.
import {build} from 'esbuild';
import {chmod} from 'node:fs/promises';

await build({
	entryPoints: ['cli.tsx'],
	outfile: 'dist/cli.js',
	bundle: true,
	platform: 'node',
	target: 'node20',
	format: 'esm',
	packages: 'external',
	jsx: 'automatic',
	sourcemap: 'linked',
	splitting: false,
	banner: {js: '#!/usr/bin/env node'},
	logLevel: 'warning',
});
await chmod('dist/cli.js', 0o755);
