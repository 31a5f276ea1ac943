/**
 * The TUI on a workspace, against the emulator over HTTPS: copy as gives the Log Analytics query API's URL under its
 * own name, percent-encoded, read back by Python's urllib.parse (an independent reader) as the documented GET form
 * (shared/log-analytics.md §1.1) holding the KQL "copy as KQL" gives; and a record opened from the timeline is listed
 * under the query it answers, so the header never names the user as the initiator of an audit someone else made.
 */
import {spawnSync} from 'node:child_process';
import {describe, expect, it} from 'vitest';
import {emptyQuery, type Query} from '../../source/query/query.js';
import {KEYS, waitFor, tuiSuite} from '../helpers/tui.js';
import {workspaceIdFor} from '../../source/emulator/log-analytics/index.js';
import type {GraphRecord} from '../../source/reports/report.js';

const suite = tuiSuite();
const {setup} = suite;

const at = (r: unknown, ...path: string[]): unknown =>
	path.reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined), r);

/** The TUI on the emulator's workspace, on a user's sign-ins since 2020. */
async function onWorkspace(user: string, width: number) {
	const ws = workspaceIdFor(suite.emu.tenantId);
	const query: Query = {...emptyQuery('signins'), filters: {user}, since: '2020-01-01T00:00:00Z', workspace: ws};
	return {ws, t: await setup({initialQuery: query, args: ['--workspace', ws], size: {width, height: 30}})};
}

describe('copy as on a workspace', () => {
	it('the Log Analytics query URL, so named, percent-encoded: urllib.parse reads back the KQL and the timespan', async () => {
		// A value with the characters a URL gives a meaning to (`+ & # %` and a space).
		const {ws, t} = await onWorkspace('o+k&a#b %20c@contoso.com', 140);
		await waitFor(t.frame, f => /\d+\/\d+ loaded/.test(f) && !f.includes('loading'), 'the list', 120_000);
		await t.press('Y', f => f.includes('Copy as') && f.includes('SigninLogs'), 'the choices');
		expect(t.frame()).toContain('the query as the Log Analytics query URL');
		expect(t.frame()).not.toContain('Graph URL');
		await t.press(KEYS.down);
		await t.press(KEYS.enter, f => f.includes('by OSC 52'), 'the URL');
		const url = t.copied().at(-1)!;
		await t.press('Y', f => f.includes('Copy as'), 'the choices again');
		for (let k = 0; k < 3; k++) await t.press(KEYS.down);
		await t.press(KEYS.enter, () => t.copied().at(-1) !== url, 'the KQL');
		const kql = t.copied().at(-1)!;
		expect(kql).toContain('o+k&a#b %20c@contoso.com');
		// Nothing a URL cannot hold as it is (RFC 3986: unreserved, reserved, or a percent escape).
		expect(url).toMatch(/^[A-Za-z0-9\-._~:/?#[\]@!$&'()*+,;=%]+$/);
		const py = spawnSync(
			'python3',
			[
				'-c',
				[
					'import sys, json, urllib.parse as u',
					's = u.urlsplit(sys.stdin.read())',
					'print(json.dumps({"scheme": s.scheme, "path": s.path, "fragment": s.fragment, "q": u.parse_qs(s.query, keep_blank_values=True, strict_parsing=True)}))',
				].join('\n'),
			],
			{input: url, encoding: 'utf8'},
		);
		expect(py.status, py.stderr).toBe(0);
		const parsed = JSON.parse(py.stdout) as {
			scheme: string;
			path: string;
			fragment: string;
			q: Record<string, string[]>;
		};
		expect(parsed.scheme).toBe('https');
		expect(parsed.path).toBe(`/v1/workspaces/${ws}/query`);
		expect(parsed.fragment).toBe('');
		expect(Object.keys(parsed.q).sort()).toEqual(['query', 'timespan']);
		expect(parsed.q['query']).toEqual([kql]);
		expect(parsed.q['timespan']![0]).toMatch(/^\d{4}-\d\d-\d\dT[^/]+\/\d{4}-\d\d-\d\dT|^P/);
		await t.close();
	}, 180_000);
});

describe('a record opened from a workspace timeline', () => {
	it('an audit about the user, made by another: its list is the audits about the user, not "initiated-by" the user', async () => {
		const {signIns, directoryAudits} = suite.emu.tenant;
		const aliceId = signIns.find(r => r['userPrincipalName'] === 'alice@contoso.com')!['userId'] as string;
		// The oracle: an audit whose target is Alice and whose initiator is a user other than her.
		const about = directoryAudits.filter((a: GraphRecord) => {
			const targets = (a['targetResources'] as Array<{id?: string}> | undefined) ?? [];
			const by = at(a, 'initiatedBy', 'user', 'userPrincipalName');
			return targets.some(x => x.id === aliceId) && typeof by === 'string' && by !== 'alice@contoso.com';
		});
		expect(about.length).toBeGreaterThan(0);
		const other = at(about[0], 'initiatedBy', 'user', 'userPrincipalName') as string;
		const {t} = await onWorkspace('alice@contoso.com', 160);
		await waitFor(t.frame, f => /1\/\d+ loaded/.test(f), 'the list', 120_000);
		await t.press('t', f => f.includes('Timeline of') && f.includes('all loaded'), 'the whole timeline');
		await t.press('/');
		for (const ch of other) await t.press(ch);
		await t.press(KEYS.enter, f => f.includes(`/${other}: row`), 'an audit by the other user');
		await t.press(KEYS.enter, f => f.includes('Initiated by'), 'the audit');
		const header = t.frame().split('\n')[0]!;
		expect(header).not.toContain(`initiated-by=${aliceId}`);
		expect(header).toContain(`target=${aliceId}`);
		// Every record of the list is one its query asks for: an audit about Alice.
		const snap = t.store.getSnapshot();
		expect(snap.query?.filters).toEqual({target: aliceId});
		for (let i = 0; i < snap.records.length; i++) {
			const targets = (snap.records.at(i)!['targetResources'] as Array<{id?: string}> | undefined) ?? [];
			expect(targets.some(x => x.id === aliceId)).toBe(true);
		}
		await t.close();
	}, 180_000);
});
