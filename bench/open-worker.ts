/**
 * `entra-logs open` on a big export, in its own process: time to index the file and show the first page, then
 * every page read back (as paging to the end would), with peak memory, then a second query's first page, then one
 * user's sign-ins over the whole file (`--user U`: records passed over by the raw-bytes pre-filter, the rest parsed).
 * Prints one JSON line: rows for the table.
 */
import {statSync} from 'node:fs';
import {resolveQuery, type Query} from '../source/query/query.js';
import {queryFromFlags} from '../source/cli/args.js';
import {FileSource} from '../source/sources/file-source.js';

const [file, kind = 'NDJSON export'] = process.argv.slice(2) as [string, string?];
const query: Query = {
	report: 'signins',
	filters: {},
	order: 'newest',
	eventTypes: ['interactive', 'non-interactive', 'service-principal', 'managed-identity'],
};
let peak = 0;
const sample = setInterval(() => {
	peak = Math.max(peak, process.memoryUsage().rss);
}, 20);
const started = performance.now();
let first = 0;
let records = 0;
let upn: string | undefined;
for await (const page of new FileSource(file, resolveQuery(query)).pages()) {
	if (first === 0) first = performance.now() - started;
	records += page.fetched;
	// The user of a record some way in (one with a UPN).
	if (!upn && records >= 5000)
		upn = page.records.map(r => r['userPrincipalName']).find((u): u is string => typeof u === 'string');
}
const seconds = (performance.now() - started) / 1000;
// A second query on the same file, as a filter change or a pivot in the TUI makes: the index is kept.
const again = performance.now();
for await (const page of new FileSource(file, resolveQuery({...query, order: 'oldest'})).pages()) {
	if (page.records.length > 0) break;
}
const second = performance.now() - again;
// One user over the whole file: what the pre-filter passes over is never parsed.
const scanned = performance.now();
let matches = 0;
if (upn) {
	const byUser = resolveQuery({...queryFromFlags('signins', {user: upn}), eventTypes: query.eventTypes});
	for await (const page of new FileSource(file, byUser).pages()) matches += page.records.length;
}
const scan = (performance.now() - scanned) / 1000;
clearInterval(sample);
peak = Math.max(peak, process.memoryUsage().rss);
const gb = (statSync(file).size / 1e9).toFixed(1);
process.stdout.write(
	`${JSON.stringify([
		[
			`open a ${records.toLocaleString('en-US')}-record ${kind} (${gb} GB): first page`,
			`${(first / 1000).toFixed(1)} s (indexing the file)`,
		],
		[
			'open: every page read back',
			`${Math.round(records / seconds).toLocaleString('en-US')} rec/s overall, peak RSS ${Math.round(peak / 1e6)} MB`,
		],
		['open: another query on the same file (a filter change, a pivot): first page', `${Math.round(second)} ms`],
		[
			'open --user U over the whole file (index kept)',
			upn
				? `${scan.toFixed(1)} s, ${Math.round(records / scan).toLocaleString('en-US')} rec/s (${matches.toLocaleString('en-US')} of theirs)`
				: 'no user found',
		],
	])}\n`,
);
