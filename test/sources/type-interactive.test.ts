/**
 * An explicit `--type interactive` picks interactive sign-ins wherever records are filtered here: a file of beta
 * records (signInEventTypes), of v1.0 records (isInteractive), a workspace export and a diagnostic-settings archive
 * (the category). Graph v1.0 lists interactive sign-ins only, so what is sent to Graph does not change. The oracle is
 * the emulator's tenant: every generated sign-in knows its event type.
 */
import {mkdirSync, mkdtempSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';
import {runCli} from './run-cli.js';
import {testTenant} from '../helpers/emulator.js';
import {shapeRecord} from '../../source/emulator/graph/schema.js';
import {describeQuery, emptyQuery, toGraphUrl} from '../../source/query/query.js';
import {printQuery} from '../../source/query/print.js';

const dir = mkdtempSync(join(tmpdir(), 'entra-logs-type-interactive-'));
const cli = (args: string[]): ReturnType<typeof runCli> => runCli(args, join(dir, 'config'));
type Rec = Record<string, unknown> & {id: string};
const ids = (ndjson: string): string[] =>
	ndjson
		.split('\n')
		.filter(Boolean)
		.map(l => (JSON.parse(l) as Rec).id)
		.sort();

const TYPES = ['interactiveUser', 'nonInteractiveUser', 'servicePrincipal', 'managedIdentity'] as const;
const tenant = testTenant();
const typesOf = (r: Rec): string[] => r['signInEventTypes'] as string[];
const sample: Rec[] = TYPES.flatMap(t => tenant.signIns.filter(s => typesOf(s).includes(t)).slice(0, 40));
const interactive = sample
	.filter(s => typesOf(s).includes('interactiveUser'))
	.map(s => s.id)
	.sort();

function write(name: string, records: readonly object[]): string {
	const path = join(dir, name);
	writeFileSync(path, records.map(r => `${JSON.stringify(r)}\n`).join(''));
	return path;
}

async function interactiveOf(path: string): Promise<string[]> {
	const r = await cli(['open', path, '--type', 'interactive', '--output', 'ndjson']);
	expect(r.stderr).not.toContain('entra-logs:');
	expect(r.code).toBe(0);
	return ids(r.stdout);
}

describe('--type interactive offline', () => {
	it('a file of beta records, with or without signInEventTypes, gives its interactive sign-ins only', async () => {
		expect(interactive).toHaveLength(40);
		expect(await interactiveOf(write('beta.ndjson', sample))).toEqual(interactive);
		const bare = sample.map(({signInEventTypes: _, ...rest}) => rest);
		expect(await interactiveOf(write('bare.ndjson', bare))).toEqual(interactive);
		// Without --type a file shows every type, as before.
		const all = await cli(['open', join(dir, 'beta.ndjson'), '--output', 'ndjson']);
		expect(ids(all.stdout)).toHaveLength(sample.length);
	});

	it('v1.0 records (isInteractive) and a workspace export (non-interactive only) are filtered too', async () => {
		const v1 = sample.map(s => shapeRecord(s, 'signIns', 'v1.0', {canReadConditionalAccess: true, license: 'p2'}));
		expect(v1.some(r => 'signInEventTypes' in r)).toBe(false);
		expect(await interactiveOf(write('v1.ndjson', v1))).toEqual(interactive);
		// A workspace export of non-interactive sign-ins: isInteractive false, signInEventTypes nonInteractiveUser.
		const la = sample
			.filter(s => typesOf(s).includes('nonInteractiveUser'))
			.map((s): Rec => ({...s, '@logAnalytics.row': {Category: 'NonInteractiveUserSignInLogs'}}));
		expect(la.every(r => r['isInteractive'] === false)).toBe(true);
		expect(await interactiveOf(write('la.ndjson', la))).toEqual([]);
	});

	it('a diagnostic-settings archive: the category gives the type', async () => {
		const root = join(dir, 'archive');
		const categories = {
			interactiveUser: 'SignInLogs',
			nonInteractiveUser: 'NonInteractiveUserSignInLogs',
			servicePrincipal: 'ServicePrincipalSignInLogs',
			managedIdentity: 'ManagedIdentitySignInLogs',
		} as const;
		for (const type of TYPES) {
			const category = categories[type];
			const hour = join(root, `insights-logs-${category.toLowerCase()}`, 'y=2026', 'm=11', 'd=20', 'h=10', 'm=00');
			mkdirSync(hour, {recursive: true});
			const lines = sample
				.filter(s => typesOf(s).includes(type))
				.map(({signInEventTypes: _, ...properties}) =>
					JSON.stringify({time: properties['createdDateTime'], category, properties}),
				);
			writeFileSync(join(hour, 'PT1H.json'), `${lines.join('\n')}\n`);
		}
		expect(await interactiveOf(root)).toEqual(interactive);
	});

	it('what Graph is sent does not change (v1.0 lists interactive sign-ins only); the header names the type', () => {
		const plain = {...emptyQuery('signins'), filters: {user: 'a@contoso.com'}, since: '24h'};
		const typed = {...plain, eventTypes: ['interactive'] as const};
		const now = new Date('2026-11-20T12:00:00Z');
		const graphBase = 'https://graph.microsoft.com';
		expect(toGraphUrl(typed, {graphBase, now})).toBe(toGraphUrl(plain, {graphBase, now}));
		expect(toGraphUrl(typed, {graphBase, now})).toContain('/v1.0/auditLogs/signIns?');
		expect(toGraphUrl(typed, {graphBase, now})).not.toContain('signInEventTypes');
		expect(printQuery('powershell', typed, {graphBase, now})).toBe(printQuery('powershell', plain, {graphBase, now}));
		expect(describeQuery(typed)).toBe('Sign-ins · type=interactive · user=a@contoso.com · since 24h');
	});
});
