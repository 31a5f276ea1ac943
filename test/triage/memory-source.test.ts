/**
 * A query's given records (a summary's drill-down) as a source, whatever the origin: pages from an offset, the
 * query's clauses applied with the server's meaning, the label in the query's words, and never saved with a query.
 */
import {describe, expect, it} from 'vitest';
import {describeQuery, emptyQuery, type Query} from '../../source/query/query.js';
import {Given} from '../../source/sources/memory-source.js';
import {openSource} from '../../source/sources/open-source.js';
import {testTenant} from '../helpers/emulator.js';

const records = testTenant().signIns.slice(0, 250);
const given = (q: Query): Query => ({...q, given: new Given('password-spray 102.89.4.7', records)});

async function all(q: Query, pageSize = 100): Promise<{ids: string[]; pages: number; fetched: number}> {
	const source = openSource(q, {kind: 'file', path: '/nonexistent'}, {pageSize});
	const ids: string[] = [];
	let pages = 0;
	let fetched = 0;
	for await (const page of source.pages()) {
		pages++;
		fetched += page.fetched;
		ids.push(...page.records.map(r => r.id));
	}
	return {ids, pages, fetched};
}

describe('given records', () => {
	it('are the list, a page at a time, whatever the origin (a file that does not exist here)', async () => {
		const q = given({
			...emptyQuery('signins'),
			eventTypes: ['interactive', 'non-interactive', 'service-principal', 'managed-identity'],
		});
		const got = await all(q);
		expect(got).toEqual({ids: records.map(r => r.id), pages: 3, fetched: 250});
	});

	it('the query’s filters still apply, as Graph would apply them', async () => {
		const upn = records.find(r => typeof r['userPrincipalName'] === 'string')!['userPrincipalName'] as string;
		const q = given({
			...emptyQuery('signins'),
			eventTypes: ['interactive', 'non-interactive', 'service-principal', 'managed-identity'],
			filters: {user: upn.toUpperCase()},
		});
		const got = await all(q);
		expect(got.ids).toEqual(records.filter(r => r['userPrincipalName'] === upn).map(r => r.id));
		expect(got.fetched).toBe(250);
	});

	it('resume from a page’s next; an empty list is one empty page', async () => {
		const q = given(emptyQuery('signins'));
		const source = openSource(q, {kind: 'file', path: '/nonexistent'}, {pageSize: 100});
		const pages = [];
		for await (const page of source.pages(undefined, '200')) pages.push(page);
		expect(pages.map(p => p.fetched)).toEqual([50]);
		const none = {...emptyQuery('signins'), given: new Given('none', [])};
		expect(await all(none)).toEqual({ids: [], pages: 1, fetched: 0});
	});

	it('say what they are, and are left out of a saved query (recent queries)', () => {
		const q = given({...emptyQuery('signins'), since: '7d'});
		expect(describeQuery(q)).toBe('Sign-ins · since 7d · password-spray 102.89.4.7');
		expect(JSON.parse(JSON.stringify(q))).toEqual({report: 'signins', filters: {}, since: '7d', order: 'newest'});
	});
});
