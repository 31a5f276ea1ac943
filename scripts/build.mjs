// Bundles cli.tsx and source/ into dist/cli.js (one file, ESM); dependencies stay in node_modules.
// A bundle starts faster than tsx compiling on the fly: see bench/ for the start-up figures.
import {build} from 'esbuild';
import {chmod, readFile, rm, writeFile} from 'node:fs/promises';
import {dirname, join, relative, resolve} from 'node:path';
import {cacheScripts, checkExportsConstant, codeCacheFiles} from './code-cache.mjs';

// ENTRA_LOGS_BUILD_DIR: a build of one's own elsewhere (tests take it as ENTRA_LOGS_TEST_CLI) while others rebuild dist/.
const out = process.env.ENTRA_LOGS_BUILD_DIR ?? 'dist';
await rm(out, {recursive: true, force: true});

const {metafile} = await build({
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
	metafile: true,
});

/**
 * The modules `open FILE` loads before its first frame (cli.tsx's openFile): their chunks become one file. Node loads
 * each chunk as a module of its own (resolving, reading and linking it): the 34 chunks esbuild splits the path into
 * cost more CPU than their code does.
 */
const FIRST_FRAME = [
	'source/fs/seekable.ts',
	'source/sources/archive-source.ts',
	'source/sources/file-source.ts',
	'source/ui/list-store.ts',
	'source/ui/first-frame.ts',
];

/**
 * Sources of chunks that the demo tenant's worker imports and that may be copied into cli.js as well (a chunk of
 * nothing else, or of none: esbuild's own helpers): each holds functions and constants only, no state that two copies
 * in the main thread could disagree on.
 */
const COPYABLE = ['source/fs/private.ts'];

/** Entries that load with or after the first frame's modules (the TUI), or need nearly all of them (sources, export). */
const WITH_FIRST_FRAME = [
	'source/ui/run.tsx',
	'source/sources/open-source.ts',
	'source/sources/workspace-source.ts',
	'source/export/export.ts',
];

/**
 * esbuild splits code shared between entries (each dynamic import is one) into a chunk per set of entries that use
 * it, without knowing that cli.js is always loaded first: cli.js alone imported 17 chunks. Here the chunks cli.js
 * imports are bundled into it, and those of `open`'s first frame into chunks/first-frame.js, by a second esbuild pass
 * over the output (which keeps each chunk's names apart). What a shared chunk exported is exported from there as
 * `name$chunk` (two chunks may export one name), and every other chunk's imports of it are pointed there. Chunks the
 * demo tenant's worker thread imports stay as they are (the worker must not load cli.js), and so does the rest.
 */
async function mergeChunks(meta) {
	const outputs = meta.outputs;
	const abs = file => resolve(file);
	const closure = starts => {
		const seen = new Set();
		const todo = [...starts];
		while (todo.length > 0) {
			const file = todo.pop();
			if (seen.has(file)) continue;
			seen.add(file);
			for (const i of outputs[file].imports) if (i.kind === 'import-statement' && outputs[i.path]) todo.push(i.path);
		}
		return seen;
	};
	const entry = source => Object.keys(outputs).find(f => outputs[f].entryPoint === source);
	const cli = entry('cli.tsx');
	// The demo's emulator thread (source/emulator/thread.ts) loads its own chunk, then the emulator's dynamically: none of
	// them may come to import cli.js either.
	const emulatorThread = [
		'source/emulator/thread.ts',
		'source/emulator/server.ts',
		'source/emulator/log-analytics/index.ts',
	];
	const worker = closure([entry('source/emulator/tenant/tenant-worker.ts'), ...emulatorThread.map(entry)]);
	// A chunk of the worker's that holds no state may be copied into cli.js too: the main thread then uses the copy, the
	// worker's chunks (and their importers in the main thread) the file.
	const copied = new Set(
		Object.keys(outputs).filter(
			f => worker.has(f) && f.endsWith('.js') && Object.keys(outputs[f].inputs).every(i => COPYABLE.includes(i)),
		),
	);
	const mainThread = f => !worker.has(f) || copied.has(f);
	const firstFrameClosure = closure(
		FIRST_FRAME.map(source => {
			const file = entry(source);
			if (!file) throw new Error(`build: ${source} is no longer loaded by a dynamic import`);
			return file;
		}),
	);
	// Chunks that other entries import too (sign-in, Graph's services, the emulator) load without the list's code: those
	// the first frame needs go into cli.js (always loaded first), the others stay apart. The TUI and the sources and
	// exports of records import nearly all of the list's code anyway.
	const alongside = new Set([...FIRST_FRAME, ...WITH_FIRST_FRAME].map(entry));
	const elsewhere = closure(
		Object.keys(outputs).filter(f => outputs[f].entryPoint && f !== cli && !alongside.has(f) && !worker.has(f)),
	);
	const main = [
		...new Set([...closure([cli]), ...[...firstFrameClosure].filter(f => elsewhere.has(f) || worker.has(f))]),
	].filter(mainThread);
	const firstFrameOnly = [...firstFrameClosure].filter(f => !worker.has(f) && !main.includes(f));
	const groups = [
		{into: join(out, 'cli.js'), files: main},
		{into: join(out, 'chunks', 'first-frame.js'), files: firstFrameOnly},
	];
	const workerFiles = new Set([...worker].map(abs));
	const copiedFiles = new Set([...copied].map(abs));
	/** Where each merged chunk now is, and the name each of its exports has there. */
	const movedTo = new Map();
	const exported = new Map();
	for (const g of groups)
		for (const f of g.files) {
			movedTo.set(abs(f), abs(g.into));
			// A dynamic import's own chunk keeps its names: its importer reads them off the module.
			const tag = outputs[f].entryPoint ? '' : `$${f.replace(/^.*\/|\.js$/g, '').replace(/\W/g, '_')}`;
			exported.set(abs(f), new Map(outputs[f].exports.map(name => [name, `${name}${tag}`])));
		}
	const specifier = (from, to) => {
		const path = relative(dirname(from), to);
		return path.startsWith('.') ? path : `./${path}`;
	};
	/** A chunk's text with its imports of merged chunks pointed at where they are now, under the names they have there. */
	const repoint = (file, text, ownGroup) => {
		// A chunk of the same merge is bundled with it, as it is imported.
		const to = path => {
			const from = resolve(dirname(file), path);
			// The worker's chunks import the file of a chunk copied into cli.js (they must not load cli.js).
			if (workerFiles.has(file) && copiedFiles.has(from)) return undefined;
			const target = movedTo.get(from);
			return target === ownGroup ? undefined : target;
		};
		const pointed = text
			.replace(/import\s*\{([^}]*)\}\s*from\s*"(\.{1,2}\/[^"]+\.js)"/g, (all, names, path) => {
				const target = to(path);
				if (!target) return all;
				const renamed = exported.get(resolve(dirname(file), path));
				const bindings = names
					.split(',')
					.map(b => b.trim())
					.filter(Boolean)
					.map(b => {
						const [name, as = name] = b.split(/\s+as\s+/);
						const there = renamed.get(name);
						if (!there) throw new Error(`build: ${file} imports ${name}, which ${path} does not export`);
						return there === as ? there : `${there} as ${as}`;
					});
				return `import {${bindings.join(', ')}} from ${JSON.stringify(specifier(file, target))}`;
			})
			.replace(/(import\(|import )"(\.{1,2}\/[^"]+\.js)"/g, (all, how, path) => {
				const target = to(path);
				return target ? `${how}${JSON.stringify(specifier(file, target))}` : all;
			});
		// Any other form of reaching a merged chunk would be left dangling: refused.
		for (const [, path] of pointed.matchAll(/"(\.{1,2}\/[^"]+\.js)"/g)) {
			const target = resolve(dirname(file), path);
			if (
				movedTo.has(target) &&
				movedTo.get(target) !== ownGroup &&
				!groups.some(g => abs(g.into) === target) &&
				!(workerFiles.has(file) && copiedFiles.has(target))
			)
				throw new Error(`build: ${file} still refers to the merged ${path}`);
		}
		return pointed;
	};
	for (const group of groups) {
		const into = abs(group.into);
		const members = new Set(group.files.map(abs));
		const names = new Set();
		const lines = [];
		for (const f of group.files) {
			if (f === cli) continue;
			// cli.js's chunks move a folder up: a URL made from the chunk's own would then point elsewhere.
			if (
				dirname(abs(f)) !== dirname(into) &&
				/import\.meta\.url/.test((await readFile(f, 'utf8')).replace(/^.*\n.*\n.*\n/, ''))
			)
				throw new Error(`build: ${f} uses import.meta.url and cannot move to ${group.into}`);
			const renamed = [...exported.get(abs(f))];
			for (const [, as] of renamed) {
				if (names.has(as)) throw new Error(`build: ${as} is exported twice from ${group.into}`);
				names.add(as);
			}
			if (renamed.length > 0)
				lines.push(`export {${renamed.map(([n, as]) => `${n} as ${as}`).join(', ')}} from ${JSON.stringify(abs(f))};`);
		}
		// cli.js first: its imports, then its own code, run in their order.
		if (group.files.includes(cli)) lines.unshift(`import ${JSON.stringify(abs(cli))};`);
		await build({
			stdin: {contents: lines.join('\n'), resolveDir: process.cwd(), sourcefile: 'merged.js', loader: 'js'},
			outfile: group.into,
			allowOverwrite: true,
			bundle: true,
			platform: 'node',
			target: 'node20',
			format: 'esm',
			sourcemap: 'linked',
			banner: {js: '#!/usr/bin/env node'},
			logLevel: 'warning',
			plugins: [
				{
					name: 'merge-chunks',
					setup(b) {
						b.onResolve({filter: /.*/}, args => {
							if (!args.path.startsWith('.') && !args.path.startsWith('/')) return {external: true};
							const target = resolve(args.resolveDir, args.path);
							if (members.has(target) && args.kind !== 'dynamic-import') return {path: target};
							// Another chunk, or a merged one: imported from where it is now, relative to this file.
							return {path: specifier(into, movedTo.get(target) ?? target), external: true};
						});
						// Each chunk's hashbang goes (the file gets one); its `require` stays its own.
						b.onLoad({filter: /\.js$/}, async args => ({
							contents: repoint(args.path, (await readFile(args.path, 'utf8')).replace(/^#!.*\n/, ''), into),
							loader: 'js',
						}));
					},
				},
			],
		});
	}
	// The merged chunks go; the others import what they held from where it is now.
	for (const f of movedTo.keys())
		if (!groups.some(g => abs(g.into) === f) && !copiedFiles.has(f))
			await rm(f, {force: true}).then(() => rm(`${f}.map`, {force: true}));
	for (const f of Object.keys(outputs)) {
		if (!f.endsWith('.js') || (movedTo.has(abs(f)) && !copiedFiles.has(abs(f)))) continue;
		const text = await readFile(f, 'utf8');
		const pointed = repoint(abs(f), text);
		if (pointed !== text) await writeFile(f, pointed);
	}
	// The source files each merged file holds.
	return groups.flatMap(g => g.files.flatMap(f => Object.keys(outputs[f].inputs)));
}

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

/**
 * cli.js is a CommonJS module (scripts/code-cache.mjs says why): the build folder's package.json says so for the
 * files at its top, and chunks/ holds ES modules. The demo tenant's worker, an ES module esbuild writes at the top,
 * moves into chunks/; the file the emulator starts (source/emulator/server.ts) imports it from there.
 */
async function commonJsTop() {
	await writeFile(join(out, 'package.json'), `${JSON.stringify({type: 'commonjs'})}\n`);
	await writeFile(join(out, 'chunks', 'package.json'), `${JSON.stringify({type: 'module'})}\n`);
	const worker = await readFile(join(out, 'tenant-worker.js'), 'utf8');
	if (worker.replace(/^.*\n.*\n.*\n/, '').includes('import.meta') || /from\s*"\.\/(?!chunks\/)/.test(worker))
		throw new Error('build: tenant-worker.js refers to its own place: it cannot move into chunks/');
	await writeFile(join(out, 'chunks', 'tenant-worker.js'), worker.replaceAll('"./chunks/', '"./'));
	const map = JSON.parse(await readFile(join(out, 'tenant-worker.js.map'), 'utf8'));
	map.sources = map.sources.map(source => `../${source}`);
	await writeFile(join(out, 'chunks', 'tenant-worker.js.map'), JSON.stringify(map));
	await rm(join(out, 'tenant-worker.js.map'));
	await writeFile(
		join(out, 'tenant-worker.js'),
		"'use strict';\n// The demo tenant's worker thread starts here; its code is an ES module, in chunks/.\nimport('./chunks/tenant-worker.js');\n",
	);
}

const merged = await mergeChunks(metafile);
await commonJsTop();
// The two merged files run from a V8 code cache of the user's (scripts/code-cache.mjs, source/process/script-cache.ts).
await checkExportsConstant(merged);
await cacheScripts(codeCacheFiles(out), join(out, 'cli.js'));
await chmod(`${out}/cli.js`, 0o755);
