/**
 * A start of its own for test/core/script-cache.test.ts: runs SCRIPT through the code cache (XDG_CACHE_HOME is the
 * test's), with `flag` changes the V8 flag our code changes at run time (young-generation.ts) before the cache is made,
 * as the TUI does; then prints whether this start had to make the cache.
 */
import {statSync} from 'node:fs';
import {join} from 'node:path';
import {pathToFileURL} from 'node:url';
import {runCachedScript, saveCodeCaches} from '../../source/process/script-cache.js';
import {setV8Flag} from '../../source/process/v8-flags.js';

const [script, how] = process.argv.slice(2);
const cache = join(process.env['XDG_CACHE_HOME']!, 'entra-logs', 'code-child-h.bin');
const before = (() => {
	try {
		return statSync(cache).ino;
	} catch {
		return undefined;
	}
})();
const exported = runCachedScript({
	name: 'child',
	hash: 'h',
	file: pathToFileURL(script!),
	modules: {'./dep.js': {x: 'child'}},
	load: async s => s,
	url: pathToFileURL(script!).href,
});
(exported['sum'] as (xs: number[]) => number)([1, 2]);
if (how === 'flag') setV8Flag('--semi-space-growth-factor', '1', '2');
saveCodeCaches();
process.stdout.write(statSync(cache).ino === before ? 'used\n' : 'made\n');
