/**
 * A V8 code cache for the built CLI's two largest files (dist/cli.js and the chunk of `open`'s first frame): Node 20
 * compiles an ES module from its text at each start (it has no compile cache before Node 22), and those two took
 * ~10 ms of V8's compiling before the first frame, plus each function's own as it first ran. The build
 * (scripts/code-cache.mjs) writes each as a script (CommonJS-shaped, `*.script.js`) that its module, kept at the same
 * path for the others that import it, runs through `vm.Script` with the bytecode V8 made for it last time; the
 * module exports what the script does. cli.js's module is CommonJS and runs the first frame's script too, once
 * (`runCachedScriptOnce`): no ES module loads before the first frame.
 *
 * The cache is the user's (XDG's cache folder, else ~/.cache: `entra-logs/code-<name>-<hash>.bin`, the folder made 0700 if
 * missing, the file 0600 written whole then renamed into place). It holds V8 bytecode of our own code only (no record,
 * path or token: made before any reaches it, from the script's text), and is used only for the same build's script
 * on the same Node and architecture (a key in the file); V8 rejects it too if its own version or flags differ. Any
 * failure compiles the script from its text, as without a cache; a cache missing or rejected is made again after
 * the first frame (`saveCodeCaches`), or at exit. ENTRA_LOGS_CODE_CACHE=0 turns it off.
 */
import {
	closeSync,
	constants,
	fstatSync,
	mkdirSync,
	openSync,
	readFileSync,
	readdirSync,
	renameSync,
	rmSync,
	statSync,
	writeSync,
} from 'node:fs';
import {createRequire} from 'node:module';
import {basename, dirname, join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {Script} from 'node:vm';
import type {ChangedFlags} from './v8-flags.js';
import {cacheDir} from '../fs/cache-dir.js';

/** Scripts run without a cache (or with one V8 refused): their cache is written when `saveCodeCaches` is called. */
interface Pending {
	readonly script: Script;
	readonly file: string;
	readonly key: string;
}

const REGISTRY = Symbol.for('entra-logs.code-cache');

/** Shared by every copy of this module (each built file that runs a script bundles one). */
function pending(): Pending[] {
	const g = globalThis as {[REGISTRY]?: Pending[]};
	return (g[REGISTRY] ??= []);
}

const SWEPT = Symbol.for('entra-logs.code-cache-good');

/** The cache files found good this run (shared like `pending`): their folder's stale temp files are swept. */
function swept(): string[] {
	const g = globalThis as {[SWEPT]?: string[]};
	return (g[SWEPT] ??= []);
}

export interface CachedScript {
	/** The cache's name (`code-<name>-<hash>.bin`). */
	readonly name: string;
	/** The script's own hash, from the build: a cache made for other text is never used. */
	readonly hash: string;
	/** The script's file. */
	readonly file: URL;
	/** What its `require` gives for the specifiers it imports from our other modules (already loaded). */
	readonly modules: Readonly<Record<string, unknown>>;
	/** A dynamic import, relative to where the module that runs the script is. */
	readonly load: (specifier: string) => Promise<unknown>;
	/** `import.meta.url` for the script: its module's. */
	readonly url: string;
}

/** Runs the script (from V8's cache when there is a good one) and returns its exports. */
export function runCachedScript(options: CachedScript): Record<string, unknown> {
	const path = fileURLToPath(options.file);
	const text = readFileSync(path, 'utf8');
	const use = process.env['ENTRA_LOGS_CODE_CACHE'] !== '0';
	const key = `${options.hash} ${process.version} ${process.arch}`;
	let file: string | undefined;
	let cachedData: Buffer | undefined;
	if (use)
		try {
			// One file a build (several may be in use: an installed one, a checkout's), the key inside checks Node's.
			file = join(cacheDir(process.env), `code-${options.name}-${options.hash}.bin`);
			cachedData = readCache(file, key);
			if (cachedData && !claim(file)) cachedData = undefined;
		} catch {
			cachedData = undefined;
		}
	let script: Script;
	try {
		script = new Script(text, {filename: path, cachedData});
	} catch (error) {
		if (!cachedData) throw error;
		// Never because of the cache (V8 rejects a bad one and compiles the text), but a start must not fail on it.
		cachedData = undefined;
		script = new Script(text, {filename: path});
	}
	if (file && (!cachedData || script.cachedDataRejected)) remember({script, file, key});
	else if (file) swept().push(file);
	const require = createRequire(options.url);
	const module = {exports: {} as Record<string, unknown>};
	const fn = script.runInThisContext() as (
		exports: unknown,
		require: (specifier: string) => unknown,
		module: unknown,
		load: (specifier: string) => Promise<unknown>,
		url: string,
	) => void;
	fn.call(
		undefined,
		module.exports,
		specifier => (specifier in options.modules ? options.modules[specifier] : require(specifier)),
		module,
		options.load,
		options.url,
	);
	return module.exports;
}

const RAN = Symbol.for('entra-logs.scripts-run');

/**
 * `runCachedScript` once per script file in the process: later calls (the script's own module, imported after the
 * module that runs it in-process, scripts/code-cache.mjs) get the exports of the first, the same objects.
 */
export function runCachedScriptOnce(options: CachedScript): Record<string, unknown> {
	const g = globalThis as {[RAN]?: Map<string, Record<string, unknown>>};
	const ran = (g[RAN] ??= new Map());
	const key = options.file.href;
	let exported = ran.get(key);
	if (!exported) ran.set(key, (exported = runCachedScript(options)));
	return exported;
}

/**
 * Whether the cache in `file` may be used by this start: not when a start that used it died (its mark is still
 * there). V8 checks that a cache is for this script, its own version and flags, but not that its bytes are the ones
 * it wrote: one byte changed on disk (a bad sector, another program) made every start die in V8, --version and
 * --help too (found by an independent check: a V8 fatal error; a segfault for a zeroed half). Checking the bytes
 * cost 2-8 ms a start; instead each start that uses a cache marks it (`<file>.using`, removed as the process ends),
 * and a start that finds the mark of one that died removes the cache: it is made again, one failed start at most.
 * A mark left by a run still going (two at once) costs the other a start from the text.
 */
function claim(file: string): boolean {
	const mark = `${file}.using`;
	try {
		closeSync(openSync(mark, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o600));
	} catch {
		// Marked already: a start that used it died, or one runs now. Made again (after the first frame, or at exit).
		rmSync(file, {force: true});
		rmSync(mark, {force: true});
		return false;
	}
	process.once('exit', () => rmSync(mark, {force: true}));
	return true;
}

/** A cache file bigger than this is not one of ours (ours are a few hundred kB). */
const MAX_CACHE = 64 << 20;

/** The cache in `file` when it was made for `key`: 4 bytes of the key's length, the key, then V8's data. */
function readCache(file: string, key: string): Buffer | undefined {
	let bytes: Buffer;
	let fd: number | undefined;
	try {
		// Only a regular file, and never waiting to open it: a FIFO or a device put there (a symlink to /dev/zero) hung
		// every start, --help included (found by an independent check).
		fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
		const stat = fstatSync(fd);
		if (!stat.isFile() || stat.size > MAX_CACHE) return undefined;
		bytes = readFileSync(fd);
	} catch {
		return undefined;
	} finally {
		if (fd !== undefined) closeSync(fd);
	}
	if (bytes.length < 4) return undefined;
	const length = bytes.readUInt32LE(0);
	if (4 + length > bytes.length || bytes.toString('utf8', 4, 4 + length) !== key) return undefined;
	return bytes.subarray(4 + length);
}

let atExit = false;

function remember(p: Pending): void {
	pending().push(p);
	if (atExit) return;
	atExit = true;
	// Commands that end without a first frame (export, --help) save theirs as they leave.
	process.once('exit', saveCodeCaches);
}

/**
 * Writes the cache of each script that ran without a good one, with the functions compiled since it started (call it
 * once what is worth keeping has run: after `open`'s first frame). Never throws; a cache not written is made next time.
 */
export function saveCodeCaches(): void {
	// A good cache is not written again; the temp files a run killed mid-write left beside it go now (a folder read).
	for (const file of swept().splice(0))
		try {
			removeStale(file);
		} catch {
			// A folder it may not read: nothing of ours to sweep.
		}
	const list = pending();
	while (list.length > 0) {
		const {script, file, key} = list.shift()!;
		const tmp = `${file}.${process.pid}.tmp`;
		try {
			const data = withStartFlags(() => script.createCachedData());
			const head = Buffer.alloc(4);
			const keyBytes = Buffer.from(key);
			head.writeUInt32LE(keyBytes.length, 0);
			// The folder is made 0700 where missing; one already there keeps its mode.
			mkdirSync(dirname(file), {recursive: true, mode: 0o700});
			removeStale(file);
			const fd = openSync(tmp, 'wx', 0o600);
			try {
				for (const part of [head, keyBytes, data]) writeSync(fd, part);
			} finally {
				closeSync(fd);
			}
			renameSync(tmp, file);
		} catch {
			// Not written (a folder it may not write in, a full disk): the next start makes it; never an error.
			try {
				rmSync(tmp, {force: true});
			} catch {
				// Nothing of ours there.
			}
		}
	}
}

/** Runs `fn` with the V8 flags our code changed (v8-flags.ts) at their start values, then as they were set. */
function withStartFlags<T>(fn: () => T): T {
	const changed = (globalThis as {[key: symbol]: ChangedFlags | undefined})[Symbol.for('entra-logs.v8-flags')];
	const all = [...(changed?.flags ?? [])];
	for (const [flag, {start}] of all) changed!.set(`${flag}=${start}`);
	try {
		return fn();
	} finally {
		for (const [flag, {now}] of all) changed!.set(`${flag}=${now}`);
	}
}

/**
 * Temp files of this cache that a process killed while writing left (a minute old or more), and the caches of other
 * builds of this script not written for a week (a build in use writes its own again once, if it was one of them).
 */
function removeStale(file: string): void {
	const own = basename(file);
	const prefix = own.replace(/-[0-9a-f]+\.bin$/, '-');
	for (const name of readdirSync(dirname(file))) {
		const temp = name.startsWith(`${own}.`) && name.endsWith('.tmp');
		const other = name !== own && name.startsWith(prefix) && /^[0-9a-f]+\.bin$/.test(name.slice(prefix.length));
		if (!temp && !other) continue;
		try {
			const path = join(dirname(file), name);
			if (Date.now() - statSync(path).mtimeMs > (temp ? 60_000 : 7 * 86_400_000)) rmSync(path, {force: true});
		} catch {
			// Gone already, or not ours to remove: left.
		}
	}
}
