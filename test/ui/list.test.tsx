/**
 * The record list: paging, pivots and back, G/g, / search, refresh, export and : from it, small terminals, filters
 * checked here, an offline file, hostile strings.
 */
import {describe, expect, it} from 'vitest';
import {emptyQuery} from '../../source/query/query.js';
import {reportById} from '../../source/reports/index.js';
import {queryFromFlags} from '../../source/cli/args.js';
import {wireTui} from '../../source/ui/run.js';
import {App} from '../../source/ui/app.js';
import {render} from 'ink-testing-library';
import stringWidth from 'string-width';
import {CODE, KEYS, waitFor, tuiSuite} from '../helpers/tui.js';
import {mkdtempSync, readdirSync, readFileSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';

/** This file's emulator, and the App as the CLI wires it against it. */
const suite = tuiSuite();
const {setup} = suite;

describe('the TUI: list', () => {
	it('pivots to the same user and esc returns to the exact list and row', async () => {
		const t = await setup({initialQuery: emptyQuery('signins')});
		await waitFor(t.frame, f => f.includes('1/20 loaded'), 'the list');
		await t.press(KEYS.down);
		await t.press(KEYS.down, f => f.includes('3/20 loaded'), 'row 3');
		const user = t.store.getSnapshot().records.at(2)!['userPrincipalName'] as string;
		await t.press('u', f => f.includes(`same user: ${user}`), 'the pivot');
		await waitFor(t.frame, f => !f.includes('loading'), 'pivot loaded');
		for (const r of t.store.getSnapshot().records) expect(r['userPrincipalName']).toBe(user);
		await t.press(KEYS.esc, f => f.includes('3/20 loaded'), 'back at row 3');
		await t.close();
	});

	it('list keys: G and g, / search, r refresh, e export, : switch report', async () => {
		const t = await setup({initialQuery: emptyQuery('signins')});
		await waitFor(t.frame, f => /1\/20 loaded/.test(f), 'the list');
		// The bottom of what is loaded: reaching it fetches the next page.
		await t.press('G', f => /20\/40 loaded/.test(f), 'the bottom, and the next page');
		await t.press('g', f => /1\/40 loaded/.test(f), 'the top');
		const user = String(t.store.getSnapshot().records.at(7)!['userPrincipalName'] ?? '');
		await t.press('/', f => f.includes('/'), 'the search prompt');
		// Typed faster than a frame (as a paste or a fast typist does): every key counts, enter searches all of them.
		for (const ch of user) t.app.stdin.write(ch);
		await t.press(KEYS.enter, f => f.includes(`/${user}: row`), 'the search result');
		expect(t.frame()).not.toContain('Basic info');
		// / and enter again: the next match (wrapping round), the same one when there is only one.
		const rowsOf = (): number[] =>
			Array.from({length: 40}, (_, i) => i).filter(
				i => t.store.getSnapshot().records.at(i)!['userPrincipalName'] === user,
			);
		const first = Number(/: row (\d+)/.exec(t.frame())![1]);
		await t.press('/');
		await t.press(
			KEYS.enter,
			f => f.includes(`/${user}: row`) && (rowsOf().length === 1 || !f.includes(`: row ${first}`)),
			'the next match',
		);
		const matches = rowsOf();
		expect(matches[(matches.indexOf(first - 1) + 1) % matches.length]! + 1).toBe(
			Number(/: row (\d+)/.exec(t.frame())![1]),
		);
		await t.press('r', f => f.includes('1/20 loaded'), 'the refreshed list');
		// e asks where and in which format; tab cycles the format and the file name follows; the export runs on.
		await t.press('e', f => f.includes('Export ') && /entra-logs-signins-[\d-]+\.ndjson/.test(f), 'the export prompt');
		await t.press('\t', f => /entra-logs-signins-[\d-]+\.json\b/.test(f), 'JSON');
		await t.press('\t', f => /entra-logs-signins-[\d-]+\.csv/.test(f), 'CSV');
		for (let i = 0; i < 4; i++) t.app.stdin.write('\u007F');
		for (const ch of 'q.csv') t.app.stdin.write(ch);
		await t.press(KEYS.enter, f => /exported [\d,]+ records to/.test(f), 'the export message');
		// The file is in the current directory, a CSV with a header and every record of the query.
		const exported = Number(/exported ([\d,]+) records/.exec(t.frame())![1]!.replace(/,/g, ''));
		const files = readdirSync(t.cwd);
		expect(files).toHaveLength(1);
		expect(files[0]).toMatch(/^entra-logs-signins-[\d-]+q\.csv$/);
		const lines = readFileSync(join(t.cwd, files[0]!), 'utf8').trimEnd().split(/\r?\n/);
		expect(lines[0]).toContain('userPrincipalName');
		expect(exported).toBeGreaterThan(20);
		expect(lines.length).toBeGreaterThanOrEqual(exported + 1);
		expect(t.frame()).toContain('User / principal');
		await t.press(':', f => f.includes('Pick a report'), 'the picker');
		await t.close();
	});

	it('a 40x10 terminal: the list fits, columns are dropped from the right, nothing wraps', async () => {
		const t = await setup({initialQuery: emptyQuery('signins'), size: {width: 40, height: 10}, approve: false});
		// The sign-in fits too: the URL and the code are whole on screen.
		const login = await waitFor(t.frame, f => CODE.test(f), 'the device code');
		for (const line of login.replace(/\u001b\[[0-9;]*m/g, '').split('\n'))
			expect([...line].length).toBeLessThanOrEqual(40);
		expect(login.split('\n').length).toBeLessThanOrEqual(10);
		expect(login).toContain(`${suite.emu.origin}/devicelogin`);
		await t.approveCode();
		await waitFor(t.frame, f => /1\/20 loaded/.test(f), 'the list');
		const lines = t
			.frame()
			.replace(/\u001b\[[0-9;]*m/g, '')
			.split('\n');
		expect(lines.length).toBeLessThanOrEqual(10);
		for (const line of lines) expect([...line].length).toBeLessThanOrEqual(40);
		expect(t.frame()).toContain('Date (UTC)');
		expect(t.frame()).not.toContain('IP address');
		await t.press(KEYS.enter, f => f.includes('Basic info'), 'the detail');
		for (const line of t
			.frame()
			.replace(/\u001b\[[0-9;]*m/g, '')
			.split('\n'))
			expect([...line].length).toBeLessThanOrEqual(40);
		await t.close();
	});

	it('an 80x24 terminal: the header keeps every filter, the filter editor fits and scrolls, hidden columns are said', async () => {
		const filters = {user: 'alice@contoso.com', status: 'failure', app: 'Microsoft Teams'};
		const t = await setup({
			initialQuery: {...emptyQuery('signins'), filters, since: '2026-11-01T00:00:00Z'},
			size: {width: 80, height: 24},
		});
		await waitFor(t.frame, f => /\d+\/\d+ loaded/.test(f) && !f.includes('loading'), 'the list');
		const plain = (): string[] =>
			t
				.frame()
				.replace(/\u001b\[[0-9;]*m/g, '')
				.split('\n');
		const fits = (): void => {
			expect(plain().length).toBeLessThanOrEqual(24);
			for (const line of plain()) expect(stringWidth(line)).toBeLessThanOrEqual(80);
		};
		fits();
		// Every filter whole at the top, whatever else had to give (the tenant's address, the account).
		const top = plain().slice(0, 2).join(' · ');
		for (const [k, v] of Object.entries(filters)) expect(top).toContain(`${k}=${v}`);
		expect(top).toContain('since 2026-11-01T00:00:00Z');
		// Columns that do not fit are said in the header (and by name at the end of the status line, room allowing).
		expect(plain().find(l => l.includes('Date (UTC)'))).toMatch(/ \+3 hidden$/);
		// The filter editor: its title, the current field, a line of the URL and the decoded $filter, within 80x24,
		// and every field reachable by scrolling.
		await t.press('f', f => f.includes('Filters: Sign-ins'), 'the editor');
		fits();
		const fields = ['Since', 'Until', ...reportById('signins').fields.map(f => f.label)];
		const seen = new Set<string>();
		for (let i = 0; i < fields.length; i++) {
			const lines = plain();
			expect(lines.some(l => l.startsWith('Filters: Sign-ins'))).toBe(true);
			expect(lines.some(l => l.startsWith(`› ${fields[i]}`))).toBe(true);
			expect(lines.some(l => l.startsWith('GET https://'))).toBe(true);
			expect(lines.some(l => l.startsWith('$filter '))).toBe(true);
			fits();
			for (const label of fields)
				if (lines.some(l => l.slice(2).startsWith(`${label} `) || l.slice(2) === label)) seen.add(label);
			await t.press(KEYS.down, f => i === fields.length - 1 || f.includes(`› ${fields[i + 1]}`), `field ${i + 2}`);
		}
		expect([...seen].sort()).toEqual([...fields].sort());
		await t.close();
	});

	it('filters checked on this side are marked in the request preview, and the list says how many fetched records they set aside', async () => {
		const t = await setup({initialQuery: {...emptyQuery('signins'), filters: {status: 'failure'}}});
		await waitFor(t.frame, f => /\d+\/\d+ loaded/.test(f) && !f.includes('loading'), 'the list');
		const snap = t.store.getSnapshot();
		// The page held 20 sign-ins; the successful ones were set aside here, and the list says how many of how many.
		expect(snap.records.length).toBeLessThan(20);
		const aside = 20 * snap.pages - snap.records.length;
		expect(aside).toBeGreaterThan(0);
		expect(t.frame()).toContain(`${aside} of ${20 * snap.pages} fetched set aside here (Status)`);
		await t.press('f', f => f.includes('Filters: Sign-ins'), 'the editor');
		expect(t.frame()).toMatch(/Status\s+failure checked here/);
		expect(t.frame()).toContain('checked here (Graph has no filter for it): Status failure');
		// The request itself has no status clause: Graph is not asked for it.
		expect(t.frame()).not.toMatch(/\$filter .*errorCode/);
		await t.close();
	});

	it('an offline file whose last line is cut short: the rest browses, the status bar says what was left out', async () => {
		const dir = mkdtempSync(join(tmpdir(), 'entra-logs-offline-'));
		const file = join(dir, 'killed.ndjson');
		const records = suite.emu.tenant.signIns.slice(0, 30);
		writeFileSync(
			file,
			`${records.map(r => JSON.stringify(r)).join('\n')}\n${JSON.stringify(suite.emu.tenant.signIns[30]).slice(0, 40)}`,
		);
		const {store, props} = wireTui(
			{offline: {file}, query: queryFromFlags('signins', {}), configDir: dir, emptyQuery},
			{write: () => undefined, env: {}, cwd: dir},
		);
		const app = render(<App {...props} width={200} height={20} />);
		try {
			const f = await waitFor(
				() => app.lastFrame(),
				f => f.includes('1/30 loaded'),
				'the list',
			);
			expect(f).toContain('all loaded · note: ');
			expect(f).toContain('line 31, the last, is cut short');
			// b (beta) means nothing for a file: it says so and keeps the list.
			app.stdin.write('b');
			expect(
				await waitFor(
					() => app.lastFrame(),
					f => f.includes('beta applies to Graph queries'),
					'the answer',
				),
			).toContain('1/30 loaded');
			// Nor does : (another report): the file holds sign-ins only.
			app.stdin.write(':');
			expect(
				await waitFor(
					() => app.lastFrame(),
					f => f.includes('a file holds one report'),
					'the answer',
				),
			).toContain('1/30 loaded');
		} finally {
			app.unmount();
			store.close();
		}
	});

	it('hostile record strings reach the screen without control sequences', async () => {
		const hostile = suite.emu.tenant.signIns.find(r => String(r['appDisplayName']).includes('\u001b'))!;
		const t = await setup({
			initialQuery: {
				...emptyQuery('signins'),
				filters: {request: hostile.id},
				eventTypes: ['interactive', 'non-interactive', 'service-principal', 'managed-identity'],
			},
		});
		await waitFor(t.frame, f => f.includes('1/1 loaded'), 'the hostile record');
		await t.press(KEYS.enter, f => f.includes('Basic info'), 'its detail');
		expect(t.frame()).toContain('Evil App');
		await t.press('G', f => f.includes('"agent"') || f.includes('line '), 'the raw JSON');
		for (const f of t.app.frames) {
			// Ink's own SGR colours are fine; nothing else: no OSC, no cursor moves, no C1, no bidi overrides.
			const stripped = f.replace(/\u001b\[[0-9;]*m/g, '');
			expect(stripped).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
		}
		await t.close();
	});
});
