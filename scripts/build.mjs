// Bundles cli.tsx and source/ into dist/cli.js (one file, ESM); dependencies stay in node_modules.
// A bundle starts faster than tsx compiling on the fly: see bench/ for the start-up figures.
import {build} from 'esbuild';
import {chmod, readFile, rm} from 'node:fs/promises';

// ENTRA_LOGS_BUILD_DIR: a build of one's own elsewhere (tests take it as ENTRA_LOGS_TEST_CLI) while others rebuild dist/.
const out = process.env.ENTRA_LOGS_BUILD_DIR ?? 'dist';
await rm(out, {recursive: true, force: true});

await build({
	// The demo tenant's worker thread is an entry of its own (dist/tenant-worker.js): the emulator's chunk starts it.
	entryPoints: ['cli.tsx', 'source/emulator/tenant/tenant-worker.ts'],
	outdir: out,
	entryNames: '[name]',
	chunkNames: 'chunks/[name]-[hash]',
	bundle: true,
	platform: 'node',
	target: 'node20',
	format: 'esm',
	// Dependencies stay in node_modules, except the TUI's: Ink, React and what they import are bundled into the
	// TUI's chunk, because Node resolving and loading their ~100 small modules took ~350 ms of each start (bundled:
	// ~80 ms). MSAL, node-fetch, conf and the rest load from node_modules as they are.
	// chalk is Ink's own colour library: bundled with it, so that the TUI's colour switch (NO_COLOR) is Ink's instance.
	// string-width too, so that our width.ts and Ink share one copy, which loads when first asked (lazyStringWidth).
	plugins: [
		bundleOnly(['ink', 'react', 'react/jsx-runtime', 'chalk', 'string-width']),
		yogaWithoutFetch(),
		lazyStringWidth(),
	],
	// React's production build (the CLI sets NODE_ENV at run time too; this drops the development code from the chunk).
	define: {'process.env.NODE_ENV': '"production"'},
	jsx: 'automatic',
	sourcemap: 'linked',
	// Split chunks so that dynamic imports stay lazy: MSAL, the emulator and Ink load only when needed.
	splitting: true,
	// CommonJS code in the bundled TUI chunk (React) may require Node's built-ins: give each chunk a real require.
	banner: {
		js: "#!/usr/bin/env node\nimport {createRequire as __entraLogsRequire} from 'node:module';\nconst require = __entraLogsRequire(import.meta.url);",
	},
	logLevel: 'warning',
});
await chmod(`${out}/cli.js`, 0o755);

/** Marks every package import external except `names` and whatever those packages import themselves. */
function bundleOnly(names) {
	return {
		name: 'bundle-only',
		setup(b) {
			b.onResolve({filter: /^[^./]/}, args => {
				if (args.path.startsWith('node:')) return {external: true};
				// Ink's devtools load only with DEV=true, from a package we do not ship.
				if (args.path === 'react-devtools-core') return {external: true};
				const fromDependency = args.importer.includes('/node_modules/');
				if (fromDependency || names.includes(args.path)) return undefined;
				return {external: true};
			});
		},
	};
}

/**
 * Yoga (Ink's layout engine) is WebAssembly embedded as a data: URL, and its Emscripten loader reads it with `fetch`
 * whenever `fetch` is a function: in Node that loads undici, http, http2, tls and worker_threads (~60 ms of each TUI
 * start) only to decode base64. The probe's outcome is fixed here ("no fetch"), so the loader decodes the bytes
 * itself, as it does wherever fetch is missing; nothing else in the file changes.
 */
function yogaWithoutFetch() {
	return {
		name: 'yoga-without-fetch',
		setup(b) {
			b.onLoad({filter: /yoga-layout[\\/]dist[\\/]binaries[\\/]yoga-wasm-base64-esm\.js$/}, async args => {
				const text = await readFile(args.path, 'utf8');
				const probe = '"function"!=typeof fetch';
				const found = text.split(probe).length - 1;
				if (found !== 2)
					throw new Error(`yoga-layout changed: expected its fetch probe twice, found it ${found} times`);
				return {contents: text.replaceAll(probe, '!0'), loader: 'js'};
			});
		},
	};
}

/**
 * string-width takes longer to load than `open`'s first frame takes to draw (it makes an Intl.Segmenter and compiles
 * Unicode property patterns when imported), and that frame's text is narrow (width.ts measures it without it). Its
 * import in width.ts becomes a require() here, which esbuild turns into a module loaded on the first call (and by
 * Ink's own import, once Ink loads): one copy, loaded when text needs it. The source keeps its plain import.
 */
function lazyStringWidth() {
	return {
		name: 'lazy-string-width',
		setup(b) {
			b.onLoad({filter: /source[\\/]terminal[\\/]width\.ts$/}, async args => {
				const text = await readFile(args.path, 'utf8');
				const from = "import stringWidth from 'string-width';";
				if (text.split(from).length !== 2) throw new Error(`width.ts changed: expected "${from}" once`);
				const lazy = [
					'let loaded: ((t: string) => number) | undefined;',
					"const stringWidth = (text: string): number => (loaded ??= (require('string-width') as {default: (t: string) => number}).default)(text);",
				].join('\n');
				return {contents: text.replace(from, lazy), loader: 'ts'};
			});
		},
	};
}
