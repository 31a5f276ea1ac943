// The build's last step (build.mjs): dist/cli.js and chunks/first-frame.js become scripts run with a V8 code cache of
// the user's (source/process/script-cache.ts says why and how). Each ES module `F.js` is converted to CommonJS by
// esbuild and written as `F.script.js`, a function expression taking (exports, require, module, load, url), its dynamic
// imports pointed at `load`; `F.js` becomes a small module at the same path that imports what the script imports from
// our other chunks, runs it, and exports what it exported, so that every other chunk imports the same objects as before.
// cli.js's is a CommonJS module, and runs the first frame's script itself (writeModule).
import {build, transform} from 'esbuild';
import {createHash} from 'node:crypto';
import {readFile, rm, writeFile} from 'node:fs/promises';
import {basename, dirname, join, relative as relativePath, resolve, sep} from 'node:path';

const SOURCE = `${resolve('source')}${sep}`;
const RUNTIME = resolve('source/process/script-cache.ts');

/**
 * `files`: the ES modules (paths under the build folder) to run as cached scripts, in the order they load; `entry`,
 * the one of them Node starts from, is written as CommonJS (see writeModule).
 */
export async function cacheScripts(files, entry) {
	const scripts = [];
	for (const file of files) scripts.push(await toScript(file));
	for (const s of scripts) await writeModule(s, scripts, s.file === resolve(entry));
}

/** The script of one ES module, written beside it; what its module needs to run it. */
async function toScript(file) {
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
	// Dynamic imports (esbuild keeps them as import() in CommonJS, of our chunks and of Node's built-ins): through the
	// module, which can import (a script run by vm.Script cannot: "A dynamic import callback was not specified").
	const dynamic = /\bimport\("([^"]+)"\)/g;
	const loads = [...new Set([...code.matchAll(dynamic)].map(m => m[1]).filter(path => /^\.{1,2}\//.test(path)))];
	const cjs = code
		.replace(dynamic, (_, path) => `__entraLogsLoad(${JSON.stringify(path)})`)
		// Each merged chunk made a require of its own from the same URL (esbuild's banner: ~40 createRequire calls, about a
		// millisecond of the start): the script's own is that one.
		.replace(/\(0, import_node_module\d*\.createRequire\)\(__entraLogsUrl\)/g, 'require');
	const script = ascii(
		`(function (exports, require, module, __entraLogsLoad, __entraLogsUrl) {"use strict";\n${plainExports(cjs, body, file)}\n})`,
	);
	await refuseImports(script, file);
	const scriptFile = file.replace(/\.js$/, '.script.js');
	await writeFile(scriptFile, script);
	// What the script requires from our chunks: imported by the module (in the script's order), and handed to it.
	const relative = [...new Set([...cjs.matchAll(/\brequire\("(\.{1,2}\/[^"]+\.js)"\)/g)].map(m => m[1]))];
	const hash = createHash('sha256').update(script).digest('hex').slice(0, 32);
	return {file: resolve(file), hashbang, body, exported, scriptFile, relative, loads, hash};
}

/**
 * The script in ASCII: one character outside it (a `§` in a comment, a `’` in a regular expression, both kept as they
 * are by esbuild) made V8 hold the whole text in two bytes a character, 500 kB of young generation for cli.js's
 * script at each start (a scavenge sooner). Escaped as `\uXXXX`, which is the same character in a regular expression
 * and plain text in a comment (esbuild escapes strings, templates and names itself).
 */
function ascii(text) {
	return text.replace(/[^\0-\x7f]/g, c => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * esbuild's CommonJS form exports through two layers of getters made as the script starts (`__export` onto one object,
 * `__toCommonJS` copying each onto another: ~200 names in cli.js's script), and a default import of a Node built-in
 * copies every property of it onto a new object (`__toESM`: all of `process`'s). Together ~2 ms of CPU on each start,
 * all before the first frame. Here the exports are one object made as the script ends, when each value is set for
 * good (checkExportsConstant), with a getter only for esbuild's lazily initialised modules' bindings (set when their
 * `init_*` first runs, read again by the module: facadeExports); a built-in's default import is the built-in, its
 * names read through it.
 */
function plainExports(cjs, body, file) {
	const list =
		/^var stdin_exports = \{\};\n__export\(stdin_exports, \{\n((?:  [\w$]+: \(\) => [\w$]+,?\n)*)\}\);\nmodule\.exports = __toCommonJS\(stdin_exports\);\n/m;
	const found = list.exec(cjs);
	const declared = exportsOf(body, file);
	if (!found && declared.length > 0)
		throw new Error(`build: ${file}: esbuild's CommonJS exports are not in the form expected`);
	const entries = found
		? [...found[1].matchAll(/^ {2}([\w$]+): \(\) => ([\w$]+)/gm)].map(m => ({as: m[1], local: m[2]}))
		: [];
	if (entries.length !== declared.length)
		throw new Error(`build: ${file} exports ${declared.length} names, esbuild's CommonJS form ${entries.length}`);
	const lazy = lazyBindings(body);
	const object = entries
		.map(({as, local}) => (lazy.has(local) ? `get ${as}() { return ${local}; }` : `${as}: ${local}`))
		.join(',\n  ');
	const builtins = /\b__toESM\((require\("node:[\w/]+"\))\)/g;
	return `${cjs.replace(list, '').replace(builtins, '__entraLogsBuiltin($1)')}\nmodule.exports = {\n  ${object}\n};\nfunction __entraLogsBuiltin(m) {\n  return {__proto__: m, default: m};\n}`;
}

/** The top-level bindings esbuild's lazily initialised modules declare (`var x, y;`) and set when first initialised. */
function lazyBindings(body) {
	return new Set([...body.matchAll(/^var ([\w$]+(?:, [\w$]+)*);$/gm)].flatMap(m => m[1].split(', ')).filter(Boolean));
}

/**
 * Any import() left in a script would fail when it runs: refused. Looked for in esbuild's output without comments
 * (our comments speak of import()); a string that held one would be refused too, and say so.
 */
async function refuseImports(script, file) {
	const {code} = await transform(script, {minifyWhitespace: true, loader: 'js', logLevel: 'warning'});
	const left = [...code.matchAll(/(?<![\w$.])import\s*\(.{0,40}/g)].map(m => m[0]);
	if (left.length > 0)
		throw new Error(`build: ${file} has ${left.join(', ')}: a script run by vm.Script cannot import`);
}

/**
 * The module at the script's path: it runs the script once (`runCachedScriptOnce`) with the modules it requires.
 * Another of the scripts that it imports dynamically and that requires nothing but this module (the first frame's,
 * from cli.js) is run by it in the same way, without Node loading that module: its module, once imported (by the
 * TUI), finds it run and exports the same objects.
 *
 * The `commonjs` one (cli.js, where Node starts) is a CommonJS module (the build's package.json beside it says so):
 * Node then loads no ES module before it imports one, and its ES module loader's start (~5 ms, as much as the rest
 * of reading and linking the first frame's files) comes after the first frame. It requires none of our chunks (the
 * build merges what it needs into it); the chunks import its exports by name (Node reads the names off the
 * `module.exports = {...}` annotation esbuild writes for the same purpose, and copies the values when first imported:
 * none may change after the script has run).
 */
async function writeModule(s, scripts, commonjs) {
	const {file, hashbang, body, exported, relative, loads} = s;
	const here = dirname(file);
	if (commonjs && relative.length > 0)
		throw new Error(`build: ${file} requires ${relative.join(', ')}: Node would start from an ES module`);
	const meta = commonjs ? '__entraLogsModuleUrl' : 'import.meta.url';
	const specifier = to => {
		const path = relativePath(here, to).split(sep).join('/');
		return path.startsWith('.') ? path : `./${path}`;
	};
	const runs = (script, load) => {
		const at = specifier(script.file);
		return [
			`{`,
			`	name: ${JSON.stringify(basename(script.file, '.js'))},`,
			`	hash: ${JSON.stringify(script.hash)},`,
			`	file: new URL(${JSON.stringify(specifier(script.scriptFile))}, ${meta}),`,
			script === s
				? `	modules: {${relative.map((path, i) => `${JSON.stringify(path)}: m${i}`).join(', ')}},`
				: `	modules: {${JSON.stringify(script.relative[0])}: exported},`,
			`	load: ${load},`,
			script === s ? `	url: ${meta},` : `	url: new URL(${JSON.stringify(at)}, ${meta}).href,`,
			`}`,
		].join('\n');
	};
	const inProcess = loads
		.map(path => scripts.find(o => o.file === resolve(here, path)))
		.filter(o => o && o !== s && o.relative.length === 1 && resolve(dirname(o.file), o.relative[0]) === file);
	const load =
		inProcess.length === 0
			? `specifier => import(specifier)`
			: [
					`specifier => {`,
					...inProcess.map(
						o =>
							`	if (specifier === ${JSON.stringify(specifier(o.file))}) return Promise.resolve().then(() => runCachedScriptOnce(${runs(o, `specifier => import(/^\\.{1,2}\\//.test(specifier) ? new URL(specifier, new URL(${JSON.stringify(specifier(o.file))}, ${meta})).href : specifier)`).replace(/\n/g, '\n\t')}));`,
					),
					`	return import(specifier);`,
					`}`,
				].join('\n');
	const own = runs(s, load);
	const lines = commonjs
		? [
				`const {runCachedScriptOnce} = require(${JSON.stringify(RUNTIME)});`,
				`const ${meta} = require('node:url').pathToFileURL(__filename).href;`,
				`const exported = runCachedScriptOnce(${own});`,
				`module.exports = exported;`,
			]
		: [
				...relative.map((path, i) => `import * as m${i} from ${JSON.stringify(path)};`),
				`import {runCachedScriptOnce} from ${JSON.stringify(RUNTIME)};`,
				`const exported = runCachedScriptOnce(${own});`,
				...facadeExports(body, exported),
			];
	if (commonjs && facadeExports(body, exported).some(l => !l.startsWith('export const {')))
		throw new Error(`build: ${file} exports a value set after its script ran: a CommonJS module cannot export it`);
	await rm(`${file}.map`, {force: true});
	await build({
		stdin: {contents: lines.join('\n'), resolveDir: here, sourcefile: basename(file), loader: 'js'},
		outfile: file,
		allowOverwrite: true,
		bundle: true,
		platform: 'node',
		target: 'node20',
		format: commonjs ? 'cjs' : 'esm',
		// The names a CommonJS module exports, where Node's ES module loader looks for them (esbuild's own annotation).
		footer:
			commonjs && exported.length > 0
				? {js: `0 && (module.exports = {${exported.map(e => e.as).join(', ')}});`}
				: undefined,
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
	const lazy = lazyBindings(body);
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
