/**
 * V8 flags our code changes while it runs (v8.setFlagsFromString), each remembered with its value at start. V8 hashes
 * its flags into a code cache and refuses a cache made under other flags than the start's: a cache made after such a
 * change would never be used, so script-cache.ts sets them back to their start values while it makes one
 * (`withStartFlags`), without loading node:v8 itself when nothing was changed. node:v8 loads on the first change,
 * not with the module: it brings six more of Node's modules (~0.5 ms), and the store that imports this is made before
 * `open`'s first frame.
 */
import {createRequire} from 'node:module';

const setFlagsFromString = (flags: string): void =>
	(createRequire(import.meta.url)('node:v8') as typeof import('node:v8')).setFlagsFromString(flags);

/** Shared by every copy of this module and by script-cache.ts (each built file bundles its own copy). */
const REGISTRY = Symbol.for('entra-logs.v8-flags');

export interface ChangedFlags {
	readonly set: (flags: string) => void;
	/** Each flag changed: its value at start, and the one set since. */
	readonly flags: Map<string, {readonly start: string; now: string}>;
}

/** Sets `flag` (`--name`) to `value`; `start` is its value when the process started (V8's default). */
export function setV8Flag(flag: string, value: string, start: string): void {
	const g = globalThis as {[REGISTRY]?: ChangedFlags};
	const registry = (g[REGISTRY] ??= {set: setFlagsFromString, flags: new Map()});
	const known = registry.flags.get(flag);
	if (known) known.now = value;
	else registry.flags.set(flag, {start, now: value});
	setFlagsFromString(`${flag}=${value}`);
}
