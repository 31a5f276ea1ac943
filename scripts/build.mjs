// Bundles cli.tsx and source/ into dist/cli.js (one file, ESM); dependencies stay in node_modules.
// A bundle starts faster than tsx compiling on the fly: see bench/ for the start-up figures.
import {build} from 'esbuild';
import {chmod, rm} from 'node:fs/promises';

await rm('dist', {recursive: true, force: true});

await build({
	entryPoints: ['cli.tsx'],
	outdir: 'dist',
	entryNames: '[name]',
	chunkNames: 'chunks/[name]-[hash]',
	bundle: true,
	platform: 'node',
	target: 'node20',
	format: 'esm',
	packages: 'external',
	jsx: 'automatic',
	sourcemap: 'linked',
	// Split chunks so that dynamic imports stay lazy: MSAL, the emulator and Ink load only when needed.
	splitting: true,
	banner: {js: '#!/usr/bin/env node'},
	logLevel: 'warning',
});
await chmod('dist/cli.js', 0o755);
