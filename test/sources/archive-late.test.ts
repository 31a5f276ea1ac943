/**
 * An hour's PT1H.json holds what was appended during that hour (shared/log-analytics.md §4), so a record timed at
 * 05:59:59 can sit in the h=06 file. `--until` inside hour 05 must still find it (the folder of the hour after is
 * read too), and paging page by page from each `next` gives every record exactly once. The oracle is the records the
 * test wrote, filtered by their own times.
 */
import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {emptyQuery, resolveQuery} from '../../source/query/query.js';
import {ArchiveSource} from '../../source/sources/archive-source.js';
import {runCli} from './run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'entra-logs-archive-late-'));
afterAll(() => rmSync(dir, {recursive: true, force: true}));
const root = join(dir, 'download');

interface Written {
	readonly id: string;
	readonly ms: number;
}
const written: Written[] = [];

function hourFile(h: number, records: readonly Written[]): void {
	const folder = join(
		root,
		'insights-logs-signinlogs',
		'tenantId=t',
		'y=2026',
		'm=11',
		'd=15',
		`h=${String(h).padStart(2, '0')}`,
		'm=00',
	);
	mkdirSync(folder, {recursive: true});
	const text = records
		.map(r =>
			JSON.stringify({
				time: new Date(r.ms).toISOString().replace('Z', '0000Z'),
				category: 'SignInLogs',
				properties: {id: r.id, createdDateTime: new Date(r.ms).toISOString(), userPrincipalName: 'a@contoso.com'},
			}),
		)
		.join('\n');
	writeFileSync(join(folder, 'PT1H.json'), `${text}\n`);
	written.push(...records);
}

const at = (h: number, m: number, s = 0): number => Date.UTC(2026, 10, 15, h, m, s);
// Hour 05: 1,200 records; hour 06: 1,200 of its own and two that arrived late, timed in hour 05.
hourFile(
	5,
	Array.from({length: 1200}, (_, i) => ({id: `h5-${i}`, ms: at(5, 0, 2) + i * 2000})),
);
hourFile(6, [
	{id: 'late-1', ms: at(5, 59, 59)},
	...Array.from({length: 1200}, (_, i) => ({id: `h6-${i}`, ms: at(6, 0, 1) + i * 2000})),
	{id: 'late-2', ms: at(5, 59, 58)},
]);

const SINCE = new Date(at(5, 0)).toISOString();
const UNTIL = new Date(at(5, 59, 59) + 500).toISOString();
const expected = written
	.filter(r => r.ms >= at(5, 0) && r.ms <= at(5, 59, 59) + 500)
	.map(r => r.id)
	.sort();

describe('records appended to the next hour’s file', () => {
	it('--until inside an hour finds its records that sit in the next hour’s file', async () => {
		const run = await runCli(
			['open', root, '--since', SINCE, '--until', UNTIL, '--output', 'ndjson'],
			join(dir, 'config'),
		);
		expect(run.code, run.stderr).toBe(0);
		const ids = run.stdout
			.trim()
			.split('\n')
			.map(l => (JSON.parse(l) as {id: string}).id);
		expect(ids.sort()).toEqual(expected);
		expect(expected).toContain('late-1');
	});

	it('page by page from each next: every record once', async () => {
		const query = resolveQuery({...emptyQuery('signins'), since: SINCE, until: UNTIL});
		const ids: string[] = [];
		let from: string | undefined;
		for (let pages = 0; pages < 20; pages++) {
			let next: string | undefined;
			for await (const page of new ArchiveSource(root, query).pages(undefined, from)) {
				ids.push(...page.records.map(r => String(r['id'])));
				next = page.next;
				break;
			}
			if (next === undefined) break;
			from = next;
		}
		expect(ids.sort()).toEqual(expected);
	});
});
