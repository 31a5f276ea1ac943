/**
 * `entra-logs open` on a big export, in its own process: time to index the file and show the first page, then
 * every page read back (as paging to the end would), with peak memory, then a second query's first page. Prints one JSON line: rows for the table.
 */
import {statSync} from 'node:fs';
import {resolveQuery, type Query} from '../source/query/query.js';
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
for await (const page of new FileSource(file, resolveQuery(query)).pages()) {
	if (first === 0) first = performance.now() - started;
	records += page.fetched;
}
const seconds = (performance.now() - started) / 1000;
// A second query on the same file, as a filter change or a pivot in the TUI makes: the index is kept.
const again = performance.now();
for await (const page of new FileSource(file, resolveQuery({...query, order: 'oldest'})).pages()) {
	if (page.records.length > 0) break;
}
const second = performance.now() - again;
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
	])}\n`,
);
