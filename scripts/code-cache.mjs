// The build's last step (build.mjs): dist/cli.js and chunks/first-frame.js become scripts run with a V8 code cache of
// the user's (source/process/script-cache.ts says why and how). Each ES module `F.js` is converted to CommonJS by
// esbuild and written as `F.script.js`, a function expression taking (exports, require, module, load, url), its dynamic
// imports pointed at `load`; `F.js` becomes a small module at the same path that imports what the script imports from
// our other chunks, runs it, and exports what it exported, so that every other chunk imports the same objects as before.
import {build, transform} from 'esbuild';
import {createHash} from 'node:crypto';
import {readFile, rm, writeFile} from 'node:fs/promises';
import {basename, dirname, join, resolve, sep} from 'node:path';

const SOURCE = `${resolve('source')}${sep}`;
const RUNTIME = resolve('source/process/script-cache.ts');

/** `files`: the ES modules (paths under the build folder) to run as cached scripts, in the order they load. */
export async function cacheScripts(files) {
	for (const file of files) await cacheScript(file);
}

async function cacheScript(file) {
	const esm = await readFile(file, 'utf8');
	const hashbang = esm.startsWith('#!') ? esm.slice(0, esm.indexOf('\n') + 1) : '';
	const body = esm.slice(hashbang.length).replace(/\n\/\/# sourceMappingURL=.*\n?$/, '\n');
	const exported = exportsOf(body, file);
	const {code} = await transform(body, {
		format: 'cjs',
		loader: 'js',
		target: 'node20',
		define: {'import.meta.url': '__entraLogsUrl'},
		logLevel: 'warning',
	});
	// Dynamic imports of our chunks (esbuild keeps them as import() in CommonJS): through the module, which can import.
	const dynamic = /\bimport\("(\.{1,2}\/[^"]+\.js)"\)/g;
	const cjs = code.replace(dynamic, (_, path) => `__entraLogsLoad(${JSON.stringify(path)})`);
	if (/\bimport\(/.test(cjs.replace(/(["'`])(?:\\.|(?!\1)[^\\])*\1/g, '""')))
		throw new Error(`build: ${file} has an import() that is not of a chunk: it cannot run as a cached script`);
	const script = `(function (exports, require, module, __entraLogsLoad, __entraLogsUrl) {"use strict";\n${cjs}\n})`;
	const scriptFile = file.replace(/\.js$/, '.script.js');
	await writeFile(scriptFile, script);
	// What the script requires from our chunks: imported by the module (in the script's order), and handed to it.
	const relative = [...new Set([...cjs.matchAll(/\brequire\("(\.{1,2}\/[^"]+\.js)"\)/g)].map(m => m[1]))];
	const hash = createHash('sha256').update(script).digest('hex').slice(0, 32);
	const lines = [
		...relative.map((path, i) => `import * as m${i} from ${JSON.stringify(path)};`),
		`import {runCachedScript} from ${JSON.stringify(RUNTIME)};`,
		`const exported = runCachedScript({`,
		`	name: ${JSON.stringify(basename(file, '.js'))},`,
		`	hash: ${JSON.stringify(hash)},`,
		`	file: new URL(${JSON.stringify(`./${basename(scriptFile)}`)}, import.meta.url),`,
		`	modules: {${relative.map((path, i) => `${JSON.stringify(path)}: m${i}`).join(', ')}},`,
		`	load: specifier => import(specifier),`,
		`	url: import.meta.url,`,
		`});`,
		...facadeExports(body, exported),
	];
	await rm(`${file}.map`, {force: true});
	await build({
		stdin: {contents: lines.join('\n'), resolveDir: dirname(resolve(file)), sourcefile: basename(file), loader: 'js'},
		outfile: file,
		allowOverwrite: true,
		bundle: true,
		platform: 'node',
		target: 'node20',
		format: 'esm',
		banner: hashbang ? {js: hashbang.trimEnd()} : undefined,
		logLevel: 'warning',
		plugins: [
			{
				name: 'chunks-stay',
				setup(b) {
					// Our other chunks are imported where they are; only the runtime (and what it imports) is bundled into the module.
					b.onResolve({filter: /^\.{1,2}\//}, args =>
						args.importer.startsWith(SOURCE) ? undefined : {path: args.path, external: true},
					);
				},
			},
		],
	});
}

/**
 * The module's exports. Most are values set once (functions, classes, constants) and exported as they are after the
 * script ran. esbuild's lazily initialised modules (a CommonJS-style `require` of an ES module: string-width and what
 * it imports) declare `var x;` and set it when their `init_*` function first runs: those are exported with `let`, and
 * read again from the script after any of its `init_*` functions is called through the module.
 */
function facadeExports(body, exported) {
	if (exported.length === 0) return [];
	const lazy = new Set(
		[...body.matchAll(/^var ([\w$]+(?:, [\w$]+)*);$/gm)].flatMap(m => m[1].split(', ')).filter(Boolean),
	);
	const late = exported.filter(e => lazy.has(e.local));
	const inits = exported.filter(e => /^init_/.test(e.local));
	const plain = exported.filter(e => !lazy.has(e.local) && !/^init_/.test(e.local));
	const lines = [`export const {${plain.map(e => e.as).join(', ')}} = exported;`];
	if (late.length > 0) {
		lines.push(`export let ${late.map(e => `${e.as} = exported.${e.as}`).join(', ')};`);
		lines.push(`const refresh = () => {${late.map(e => `${e.as} = exported.${e.as};`).join(' ')}};`);
	}
	for (const e of inits)
		lines.push(
			late.length > 0
				? `export const ${e.as} = (...args) => {try {return exported.${e.as}(...args);} finally {refresh();}};`
				: `export const ${e.as} = exported.${e.as};`,
		);
	return lines;
}

/** What an esbuild ES module exports (its one `export {a, b as c};` at the end): each local name and its exported name. */
function exportsOf(text, file) {
	const all = [...text.matchAll(/^export\s*\{([^}]*)\};?\s*$/gm)];
	if (all.length > 1) throw new Error(`build: ${file} has ${all.length} export lists`);
	if (/^export\s+(?!\{)/m.test(text)) throw new Error(`build: ${file} exports otherwise than by one list`);
	if (all.length === 0) return [];
	return all[0][1]
		.split(',')
		.map(s => s.trim())
		.filter(Boolean)
		.map(s => {
			const [local, as = local] = s.split(/\s+as\s+/);
			if (!/^[\w$]+$/.test(local) || !/^[\w$]+$/.test(as)) throw new Error(`build: ${file} exports ${s}`);
			return {local, as};
		});
}

/**
 * The module exports each name's value once, when its script has run: a binding its code assigned again later would
 * be seen stale by the chunks that import it. `export let` and `export var` are refused in what the scripts hold.
 */
export async function checkExportsConstant(inputs) {
	for (const input of inputs) {
		const text = await readFile(input, 'utf8');
		const found = text.match(/^\s*export\s+(?:let|var)\s+[\w$]+/m);
		if (found)
			throw new Error(
				`build: ${input}: '${found[0].trim()}' (a cached script exports values, not bindings: use const)`,
			);
		for (const list of text.matchAll(/^\s*export\s*\{([^}]*)\}\s*;?\s*$/gm))
			for (const name of list[1].split(',').map(s => s.trim().split(/\s+as\s+/)[0]))
				if (name && new RegExp(`^(?:let|var)\\s+${name.replace(/\$/g, '\\$')}\\b`, 'm').test(text))
					throw new Error(`build: ${input} exports ${name}, a let or var (a cached script exports values: use const)`);
	}
}

export const codeCacheFiles = out => [join(out, 'cli.js'), join(out, 'chunks', 'first-frame.js')];
