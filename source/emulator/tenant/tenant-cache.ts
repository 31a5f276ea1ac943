/**
 * The demo tenant kept between runs: generateTenant's records for a seed and options, made once a (UTC) day and read
 * back newest first, so that a demo's first page is there at once instead of after seconds of generation.
 *
 * A run later in the day serves the records moved on to its own clock (servedAt: whole steps of ten minutes), so the
 * newest stay near its now.
 *
 * One gzip file per seed and options (`demo-tenant-<hash>.ndjson.gz`, 0600, in a private folder: the caller's), each
 * line `<sha256 of the rest> <text>`: a header (format, generator version, options, day, the clock the tenant was
 * made at, counts), then slices of records, the three reports' slices taken in turn, each report newest first. A
 * line whose hash does not match, a header of another version, options or day, or any error reading it: the file is
 * not used from there on (the records it gave so far were checked; the rest are generated, and the file written
 * anew). It holds the tenant's records and nothing else: no token, no key (the emulator's certificate and the tokens it
 * issues are made at start-up and kept in memory).
 */
import {createHash} from 'node:crypto';
import {constants, readdirSync, readFileSync, rmSync, statSync} from 'node:fs';
import {open, rename, rm} from 'node:fs/promises';
import {dirname, join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {createGunzip, gzipSync} from 'node:zlib';
import type {GraphRecord, Tenant, TenantOptions} from './tenant.js';

export const TABLES = ['signIns', 'directoryAudits', 'provisioning'] as const;
export type Table = (typeof TABLES)[number];
export type Counts = Record<Table, number>;

const FORMAT = 'entra-logs demo tenant 1';
/** Records per slice: a slice is one line of the file and one message to the emulator's thread (a short pause for it). */
export const SLICE = 250;

/** What the tenant depends on besides the clock (plain data). */
export type CacheKey = Pick<
	TenantOptions,
	'seed' | 'days' | 'signIns' | 'users' | 'tenantId' | 'domain' | 'displayName' | 'hostileRecords' | 'plant'
>;

interface Header {
	readonly format: string;
	readonly version: string;
	readonly key: string;
	readonly day: string;
	readonly now: string;
	readonly counts: Counts;
}

const sha256 = (text: string | Uint8Array): string => createHash('sha256').update(text).digest('hex');

function keyText(key: CacheKey): string {
	const {seed, days, signIns, users, tenantId, domain, displayName, hostileRecords, plant} = key;
	return JSON.stringify({seed, days, signIns, users, tenantId, domain, displayName, hostileRecords, plant});
}

/** The cache file for these options in `dir` (one per seed and options: a new day's tenant replaces the last). */
export function cacheFile(dir: string, key: CacheKey): string {
	return join(dir, `demo-tenant-${sha256(keyText(key)).slice(0, 16)}.ndjson.gz`);
}

/** The UTC day of a clock: a cached tenant serves the runs of its day. */
export function dayOf(now: Date): string {
	return now.toISOString().slice(0, 10);
}

let version: string | undefined;
/**
 * The generator's version: a hash of its code as it runs. Built, the code is in a chunk whose name carries a hash of
 * its content and of the chunks it imports; from the sources, every file of the generator (this folder, instants).
 */
export function generatorVersion(): string {
	if (version) return version;
	const here = fileURLToPath(import.meta.url);
	const files = here.endsWith('.ts')
		? [
				...readdirSync(dirname(here))
					.filter(f => f.endsWith('.ts'))
					.sort()
					.map(f => join(dirname(here), f)),
				join(dirname(here), '..', 'instant.ts'),
			]
		: [here];
	const hash = createHash('sha256');
	for (const f of files) hash.update(f.slice(dirname(here).length)).update(readFileSync(f));
	version = hash.digest('hex').slice(0, 32);
	return version;
}

const line = (text: string): string => `${sha256(text)} ${text}\n`;

/**
 * Reads the tenant cached for `key` on `day`, handing each checked slice's text (`{"table", "records"}`) to `on.slice`
 * as it comes, after the counts and the clock it was made at. Resolves with the records it handed over; stops quietly
 * at the first thing wrong (then `complete` is false), at once when there is no file or it is another's.
 */
export async function readCache(
	file: string,
	key: CacheKey,
	day: string,
	on: {header(now: Date, counts: Counts): void; slice(text: string, table: Table, count: number): Promise<void>},
): Promise<{complete: boolean; now?: Date; given: Counts}> {
	const given: Counts = {signIns: 0, directoryAudits: 0, provisioning: 0};
	let header: Header | undefined;
	let handle: Awaited<ReturnType<typeof open>> | undefined;
	try {
		// Never through a link; a missing file is the usual first run of a day.
		handle = await open(file, constants.O_RDONLY | constants.O_NOFOLLOW);
		const input = handle.createReadStream({highWaterMark: 1 << 20}).pipe(createGunzip({chunkSize: 1 << 18}));
		for await (const text of lines(input)) {
			const body = text.subarray(65);
			if (text[64] !== 0x20 || sha256(body) !== text.toString('latin1', 0, 64)) break;
			if (!header) {
				const h = JSON.parse(body.toString('utf8')) as Header;
				if (h.format !== FORMAT || h.version !== generatorVersion() || h.key !== keyText(key) || h.day !== day) break;
				header = h;
				on.header(new Date(h.now), h.counts);
				continue;
			}
			// The table and the count are in the line's own words: `{"table":"signIns","count":250,"records":[...`.
			const m = /^\{"table":"(\w+)","count":(\d+),/.exec(body.toString('latin1', 0, 64));
			const table = m?.[1] as Table | undefined;
			if (!m || !table || !TABLES.includes(table)) break;
			given[table] += Number(m[2]);
			await on.slice(body.toString('utf8'), table, Number(m[2]));
		}
	} catch {
		// corrupt (gzip, JSON), unreadable or missing: what was handed over stands, the rest is generated
	} finally {
		await handle?.close().catch(() => undefined);
	}
	const complete = header !== undefined && TABLES.every(t => given[t] === header!.counts[t]);
	return {complete, now: header ? new Date(header.now) : undefined, given};
}

/** A cached tenant is served shifted to the run's clock by whole steps of this: runs this close serve it as made. */
export const SHIFT_STEP_MS = 10 * 60_000;

/**
 * How a cached tenant's slices are served at a run's `clock`: every instant in them moved on by the whole steps
 * (SHIFT_STEP_MS) from the clock it was `made` at, so that the newest records stay near the run's now however late in
 * the day it is (a run at 23:00 of a tenant made at 01:00 would otherwise end 22 hours ago). The identity when there
 * is nothing to move.
 */
export function servedAt(made: Date, clock: Date): (text: string) => string {
	const steps = Math.floor((clock.getTime() - made.getTime()) / SHIFT_STEP_MS);
	return steps > 0 ? text => shiftInstants(text, steps * SHIFT_STEP_MS) : text => text;
}

/**
 * A slice's JSON text (JSON.stringify's: compact) with every instant value (`"2026-11-20T09:15:00Z"`, any fraction,
 * kept as written) moved on by `ms` (whole seconds). Only string values are touched: one opens after `:`, `,` or
 * `[` and closes before `,`, `]` or `}` (inside a string every quote is escaped), so keys and text that merely holds an
 * instant stay as they are. Found from their `Z"` (rare elsewhere): a regular expression over the text took 4x longer.
 */
export function shiftInstants(text: string, ms: number): string {
	let out = '';
	let last = 0;
	for (let z = text.indexOf('Z"'); z >= 0; z = text.indexOf('Z"', z + 2)) {
		const open = text.lastIndexOf('"', z - 1);
		if (open < 1 || z - open < 20 || z - open > 30 || !VALUE_BEFORE.has(text[open - 1]!)) continue;
		if (!VALUE_AFTER.has(text[z + 2] ?? '')) continue;
		const m = INSTANT.exec(text.slice(open + 1, z));
		if (!m) continue;
		const t = Date.parse(`${m[1]}Z`) + ms;
		// Not a real time (month 13, hour 25), or a year past 9999, written otherwise (+010000-…): left as it was.
		const iso = Number.isFinite(t) && Math.abs(t) <= 8.64e15 ? new Date(t).toISOString() : '';
		if (iso.length !== 24) continue;
		out += `${text.slice(last, open + 1)}${iso.slice(0, 19)}${m[2] ?? ''}`;
		last = z;
	}
	return last === 0 ? text : out + text.slice(last);
}

const INSTANT = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(\.\d{1,9})?$/;
const VALUE_BEFORE = new Set([':', ',', '[']);
const VALUE_AFTER = new Set([',', ']', '}']);

/** The lines of a stream of bytes, each without its newline (a last line without one is left out: cut short). */
async function* lines(input: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
	let parts: Buffer[] = [];
	for await (const chunk of input) {
		let from = 0;
		for (let nl = chunk.indexOf(10); nl >= 0; nl = chunk.indexOf(10, from)) {
			parts.push(chunk.subarray(from, nl));
			yield parts.length === 1 ? parts[0]! : Buffer.concat(parts);
			parts = [];
			from = nl + 1;
		}
		if (from < chunk.length) parts.push(chunk.subarray(from));
	}
}

/** A slice as the file and the messages carry it: its table and count first, so that a reader need not parse it. */
export function sliceText(table: Table, records: readonly GraphRecord[]): string {
	return JSON.stringify({table, count: records.length, records});
}

/** The slices of a tenant in the file's (and the messages') order: the three reports in turn, each newest first. */
export function* slices(tenant: Pick<Tenant, Table>): Generator<{table: Table; records: GraphRecord[]}> {
	for (let i = 0; TABLES.some(t => i < tenant[t].length); i += SLICE)
		for (const table of TABLES) if (i < tenant[table].length) yield {table, records: tenant[table].slice(i, i + SLICE)};
}

/** A slice's text as a member of the cache file (gzip members one after another make one gzip stream). */
export function cacheMember(text: string): Buffer {
	return gzipSync(line(text), {level: 1});
}

/**
 * Writes the cache for `key`: the tenant made at `now`, of `counts` records, as the members of its slices (cacheMember
 * of each sliceText of `slices(tenant)`), to `tmp` (new, 0600, never through a link) renamed over `file`. Temp files
 * of runs that ended mid-write (an hour old) are removed from the folder.
 */
export async function writeCache(
	file: string,
	tmp: string,
	key: CacheKey,
	now: Date,
	counts: Counts,
	members: readonly Buffer[],
): Promise<void> {
	const header: Header = {
		format: FORMAT,
		version: generatorVersion(),
		key: keyText(key),
		day: dayOf(now),
		now: now.toISOString(),
		counts,
	};
	const handle = await open(
		tmp,
		constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW,
		0o600,
	);
	try {
		// 0600 whatever the umask says.
		await handle.chmod(0o600);
		await handle.writev([cacheMember(JSON.stringify(header)), ...members]);
		await handle.close();
		await rename(tmp, file);
	} catch (error) {
		await handle.close().catch(() => undefined);
		await rm(tmp, {force: true});
		throw error;
	}
	sweepTemp(dirname(file));
}

/** Removes the demo cache's temp files an hour old or more (left by runs killed while writing). */
function sweepTemp(dir: string): void {
	try {
		for (const name of readdirSync(dir)) {
			if (!/^\.demo-tenant-[0-9a-f]{16}\.ndjson\.gz\.[0-9a-f]+\.tmp$/.test(name)) continue;
			const path = join(dir, name);
			if (Date.now() - statSync(path).mtimeMs > 3_600_000) rmSync(path, {force: true});
		}
	} catch {
		// nothing to sweep
	}
}
