/**
 * Screens driven by keys (ink-testing-library), reading a store that fetches from the emulator over HTTPS through
 * the real client: login, picker, list, paging, detail, filters, pivots and back, copy, help, hostile strings.
 */
import React from 'react';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {render} from 'ink-testing-library';
import {App} from '../../source/ui/app.js';
import {RecordStore} from '../../source/store/record-store.js';
import {resolveQuery, toGraphUrl, emptyQuery, type Query} from '../../source/query/query.js';
import {GraphSource} from '../../source/sources/graph-source.js';
import {KEYMAP} from '../../source/ui/keymap.js';
import {reportById} from '../../source/reports/index.js';
import {startTestEmulator, type TestEmulator} from '../helpers/emulator.js';
import {signedInClient, type TestClient} from '../helpers/client.js';
import {copyText, osc52} from '../../source/terminal/clipboard.js';
import {sanitizeText} from '../../source/terminal/sanitize.js';
import {recentQueries, type RecentQueries} from '../../source/ui/recent.js';
import {mkdtempSync, readFileSync, statSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';

let emu: TestEmulator;
let c: TestClient;

beforeAll(async () => {
	emu = await startTestEmulator();
	c = await signedInClient(emu);
});
afterAll(() => emu.close());

const KEYS = {down: '\u001B[B', up: '\u001B[A', enter: '\r', esc: '\u001B', right: '\u001B[C'};
// A new screen subscribes to input in an effect after its first frame: give it that moment, as a person would.
const tick = () => new Promise(r => setTimeout(r, 20));

async function waitFor(frame: () => string | undefined, predicate: (f: string) => boolean, what: string): Promise<string> {
	for (let i = 0; i < 1000; i++) {
		const f = frame() ?? '';
		if (predicate(f)) return f;
		await new Promise(r => setTimeout(r, 10));
	}
	throw new Error(`timed out waiting for ${what}; last frame:\n${frame()}`);
}

function setup(initialQuery?: Query, loginDelay = 0, recent?: RecentQueries, size = {width: 120, height: 30}, loginError?: string, exportMs = 50) {
	const store = new RecordStore(q => {
		const resolved = resolveQuery(q);
		return {source: new GraphSource(c.client, resolved, q, {graphBase: emu.origin, pageSize: 20}), report: resolved.report};
	});
	const copied: string[] = [];
	const exports: Array<{report: string; format: string; path: string}> = [];
	const app = render(
		<App
			store={store}
			login={{
				silent: async () => undefined,
				deviceCode: async onCode => {
					if (loginError) throw new Error(loginError);
					onCode({userCode: 'ABCD12345', verificationUri: 'https://microsoft.com/devicelogin'});
					await new Promise(r => setTimeout(r, loginDelay));
					return 'alice@contoso.com';
				},
			}}
			initialQuery={initialQuery}
			emptyQuery={emptyQuery}
			describeRequest={q => { try { return toGraphUrl(q, {graphBase: emu.origin, pageSize: 20}); } catch (e) { return `!${(e as Error).message}`; } }}
			copy={text => { copied.push(text); return `copied ${text.length} characters (OSC 52)`; }}
			exportQuery={async (q, target, onProgress) => {
				exports.push({report: q.report, ...target});
				onProgress({records: 1000, pages: 1, startedAt: Date.now(), done: false, resumed: false});
				await new Promise(r => setTimeout(r, exportMs));
				return `exported to ${target.path}`;
			}}
			header="test tenant"
			recent={recent}
			width={size.width}
			height={size.height}
		/>,
	);
	const frame = () => app.lastFrame() ?? '';
	const press = async (key: string, until?: (f: string) => boolean, what = key) => {
		app.stdin.write(key);
		await tick();
		if (until) {
			await waitFor(frame, until, what);
			await tick();
		}
	};
	return {app, store, copied, exports, frame, press};
}

describe('the TUI', () => {
	it('shows the device code, then the picker, then a list of sign-ins; n fetches the next page', async () => {
		const t = setup(undefined, 1000);
		await waitFor(t.frame, f => f.includes('ABCD12345'), 'the device code');
		expect(t.frame()).toContain('https://microsoft.com/devicelogin');
		// A spinner turns while the sign-in is polled.
		const glyphs = (): Set<string> => new Set(t.app.frames.map(f => /([⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏]) waiting for approval/.exec(f)?.[1]).filter(Boolean) as string[]);
		await waitFor(() => String(glyphs().size), n => Number(n) >= 2, 'the spinner turning');
		await waitFor(t.frame, f => f.includes('Pick a report'), 'the picker');
		expect(t.frame()).toContain('alice@contoso.com');
		await t.press(KEYS.enter, f => f.includes('1/20 loaded'), 'the first page');
		expect(t.frame()).toContain('User / principal');
		await t.press('n', f => f.includes('2 pages'), 'the second page');
		expect(t.frame()).toContain('/40 loaded');
		t.app.unmount();
		t.store.close();
	});

	it('opens a record with the error code decoded, moves with arrows, copies JSON, goes back', async () => {
		const t = setup({...emptyQuery('signins'), filters: {error: '50126'}});
		await waitFor(t.frame, f => /[1-9]\d*\/\d+ loaded/.test(f), 'the list');
		await t.press(KEYS.enter, f => f.includes('Basic info'), 'the detail');
		expect(t.frame()).toContain('InvalidUserNameOrPassword');
		expect(t.frame()).toContain('https://login.microsoftonline.com/error?code=50126');
		await t.press(KEYS.right, f => f.includes('record 2/'), 'the next record');
		await t.press('y', f => f.includes('copied'), 'the copy message');
		const copied = JSON.parse(t.copied[0]!) as {id: string; status: {errorCode: number}};
		expect(copied.status.errorCode).toBe(50126);
		expect(copied.id).toBe(t.store.getSnapshot().records.at(1)!.id);
		await t.press(KEYS.esc, f => f.includes('User / principal'), 'the list again');
		t.app.unmount();
		t.store.close();
	});

	it('pivots to the same user and esc returns to the exact list and row', async () => {
		const t = setup(emptyQuery('signins'));
		await waitFor(t.frame, f => f.includes('1/20 loaded'), 'the list');
		await t.press(KEYS.down);
		await t.press(KEYS.down, f => f.includes('3/20 loaded'), 'row 3');
		const user = t.store.getSnapshot().records.at(2)!['userPrincipalName'] as string;
		await t.press('u', f => f.includes(`same user: ${user}`), 'the pivot');
		await waitFor(t.frame, f => !f.includes('loading'), 'pivot loaded');
		for (const r of t.store.getSnapshot().records) expect(r['userPrincipalName']).toBe(user);
		await t.press(KEYS.esc, f => f.includes('3/20 loaded'), 'back at row 3');
		t.app.unmount();
		t.store.close();
	});

	it('the filter editor shows the exact Graph request live and validates inline', async () => {
		const t = setup(emptyQuery('signins'));
		await waitFor(t.frame, f => /[1-9]\d*\/\d+ loaded/.test(f), 'the list');
		await t.press('f', f => f.includes('Filters: Sign-ins'), 'the editor');
		await t.press('x', f => f.includes('is not a time'), 'an inline error');
		await t.press('\u007F');
		await t.press('2');
		await t.press('4');
		await t.press('h', f => f.includes('createdDateTime%20ge%20'), 'the live URL');
		// single letters are text here, not commands: q did not quit
		await t.press(KEYS.down);
		await t.press(KEYS.down);
		for (const ch of 'alice@contoso.com') await t.press(ch);
		await waitFor(t.frame, f => f.includes("userPrincipalName%20eq%20'alice%40contoso.com'") || f.includes('userPrincipalName%20eq%20%27alice%40contoso.com%27'), 'user in URL');
		await t.press(KEYS.enter, f => f.includes('User / principal'), 'the filtered list');
		await waitFor(t.frame, f => f.includes('loaded') && !f.includes('loading'), 'loaded');
		for (const r of t.store.getSnapshot().records) expect(r['userPrincipalName']).toBe('alice@contoso.com');
		t.app.unmount();
		t.store.close();
	});

	it('keys typed faster than a frame (a paste, a fast typist) all count, in order', async () => {
		const t = setup();
		await waitFor(t.frame, f => f.includes('Pick a report'), 'the picker');
		// down, down, enter in one go: the third report opens, not the first.
		t.app.stdin.write(KEYS.down);
		t.app.stdin.write(KEYS.down);
		t.app.stdin.write(KEYS.enter);
		await waitFor(t.frame, f => /[1-9]\d*\/\d+ loaded/.test(f) && !f.includes('loading'), 'the list');
		expect(t.store.getSnapshot().query?.eventTypes).toEqual(['service-principal']);
		t.app.stdin.write(KEYS.down);
		t.app.stdin.write(KEYS.down);
		await waitFor(t.frame, f => f.includes('3/20 loaded'), 'row 3');
		// Keys that arrive as one chunk (a held key over SSH, tmux send-keys): each one counts.
		t.app.stdin.write('jjj');
		await waitFor(t.frame, f => f.includes('6/20 loaded'), 'row 6');
		t.app.stdin.write('kk');
		await waitFor(t.frame, f => f.includes('4/20 loaded'), 'row 4');
		await t.press('f', f => f.includes('Filters: Sign-ins'), 'the editor');
		// down to the third field and type a whole value, then enter: every letter lands in that field.
		const field = reportById('signins').fields[0]!.label;
		t.app.stdin.write(KEYS.down);
		t.app.stdin.write(KEYS.down);
		for (const ch of 'zq9') t.app.stdin.write(ch);
		t.app.stdin.write(KEYS.up);
		await waitFor(t.frame, f => f.includes('zq9'), 'the typed value');
		expect(t.frame().split('\n').find(l => l.includes('zq9'))).toContain(field);
		expect(t.frame()).toMatch(/›\s*Until/);
		// A paste with enter at its end: typed, then applied.
		t.app.stdin.write('\u0015');
		t.app.stdin.write('1h\r');
		await waitFor(t.frame, f => f.includes('User / principal'), 'the list with the new filters');
		expect(t.store.getSnapshot().query?.until).toBe('1h');
		t.app.unmount();
		t.store.close();
	});

	it('recent queries are kept on disk and reopen from the picker with one key', async () => {
		const dir = mkdtempSync(join(tmpdir(), 'entra-logs-recent-'));
		const first = setup(undefined, 0, recentQueries(dir));
		await waitFor(first.frame, f => f.includes('Pick a report'), 'the picker');
		await first.press(KEYS.down, f => f.includes('› Sign-ins: non-interactive'), 'the second report');
		await first.press(KEYS.enter, f => /[1-9]\d*\/\d+ loaded/.test(f), 'its list');
		first.app.unmount();
		first.store.close();
		const second = setup(undefined, 0, recentQueries(dir));
		await waitFor(second.frame, f => f.includes('Recent'), 'the recent list');
		expect(second.frame()).toContain('type=non-interactive');
		await second.press('1', f => /[1-9]\d*\/\d+ loaded/.test(f), 'the reopened query');
		expect(second.store.getSnapshot().query?.eventTypes).toEqual(['non-interactive']);
		second.app.unmount();
		second.store.close();
	});

	it('a 40x10 terminal: the list fits, columns are dropped from the right, nothing wraps', async () => {
		const t = setup(emptyQuery('signins'), 0, undefined, {width: 40, height: 10});
		await waitFor(t.frame, f => /1\/20 loaded/.test(f), 'the list');
		const lines = t.frame().replace(/\u001b\[[0-9;]*m/g, '').split('\n');
		expect(lines.length).toBeLessThanOrEqual(10);
		for (const line of lines) expect([...line].length).toBeLessThanOrEqual(40);
		expect(t.frame()).toContain('Date (UTC)');
		expect(t.frame()).not.toContain('IP address');
		await t.press(KEYS.enter, f => f.includes('Basic info'), 'the detail');
		for (const line of t.frame().replace(/\u001b\[[0-9;]*m/g, '').split('\n')) expect([...line].length).toBeLessThanOrEqual(40);
		t.app.unmount();
		t.store.close();
	});

	it('a failed sign-in says why; enter tries again, esc quits', async () => {
		const t = setup(undefined, 0, undefined, undefined, 'the code expired before anyone entered it: sign in again');
		await waitFor(t.frame, f => f.includes('Sign-in failed: the code expired'), 'the error');
		await t.press(KEYS.enter, f => f.includes('Sign-in failed'), 'the retry (fails again)');
		t.app.stdin.write(KEYS.esc);
		await tick();
		await tick();
		expect(t.frame()).toContain('Sign-in failed');
		t.app.unmount();
		t.store.close();
	});

	it('list keys: G and g, / search, r refresh, e export, : switch report', async () => {
		const t = setup(emptyQuery('signins'));
		await waitFor(t.frame, f => /1\/20 loaded/.test(f), 'the list');
		// The bottom of what is loaded: reaching it fetches the next page.
		await t.press('G', f => /20\/40 loaded/.test(f), 'the bottom, and the next page');
		await t.press('g', f => /1\/40 loaded/.test(f), 'the top');
		const user = String(t.store.getSnapshot().records.at(7)!['userPrincipalName'] ?? '');
		await t.press('/', f => f.includes('/') , 'the search prompt');
		// Typed faster than a frame (as a paste or a fast typist does): every key counts, enter searches all of them.
		for (const ch of user) t.app.stdin.write(ch);
		await t.press(KEYS.enter, f => f.includes(`/${user}: row`), 'the search result');
		expect(t.frame()).not.toContain('Basic info');
		await t.press('r', f => f.includes('1/20 loaded'), 'the refreshed list');
		// e asks where and in which format; tab cycles the format and the file name follows; the export runs on.
		await t.press('e', f => f.includes('Export ') && /entra-logs-signins-[\d-]+\.ndjson/.test(f), 'the export prompt');
		await t.press('\t', f => /entra-logs-signins-[\d-]+\.json\b/.test(f), 'JSON');
		await t.press('\t', f => /entra-logs-signins-[\d-]+\.csv/.test(f), 'CSV');
		for (let i = 0; i < 4; i++) t.app.stdin.write('\u007F');
		for (const ch of 'q.csv') t.app.stdin.write(ch);
		await t.press(KEYS.enter, f => f.includes('exported to'), 'the export message');
		expect(t.exports).toHaveLength(1);
		expect(t.exports[0]).toMatchObject({report: 'signins', format: 'csv'});
		expect(t.exports[0]!.path).toMatch(/^entra-logs-signins-[\d-]+q\.csv$/);
		expect(t.frame()).toContain('User / principal');
		await t.press(':', f => f.includes('Pick a report'), 'the picker');
		t.app.unmount();
		t.store.close();
	});

	it('q while an export runs asks again instead of quitting; the list stays usable', async () => {
		const t = setup(emptyQuery('signins'), 0, undefined, undefined, undefined, 60_000);
		await waitFor(t.frame, f => /1\/20 loaded/.test(f), 'the list');
		await t.press('e', f => f.includes('Export '), 'the export prompt');
		await t.press(KEYS.enter, f => f.includes('exporting to'), 'the running export');
		await t.press('q', f => f.includes('is running: q again stops it'), 'the warning');
		await t.press(KEYS.down, f => f.includes('2/20 loaded'), 'the list, still there');
		await t.press('e', f => f.includes('an export is running'), 'one export at a time');
		// The key that leaves a text field is not also a list command: esc from the filters is not "back".
		await t.press('f', f => f.includes('Filters: Sign-ins'), 'the filters');
		await t.press(KEYS.esc, f => f.includes('User / principal'), 'the list again');
		await t.press(KEYS.down, f => f.includes('3/20 loaded'), 'the same list');
		expect(t.frame()).not.toContain('Pick a report');
		t.app.unmount();
		t.store.close();
	});

	it('help lists every binding of the one keymap', async () => {
		const t = setup(emptyQuery('audits'));
		await waitFor(t.frame, f => /[1-9]\d*\/\d+ loaded/.test(f), 'the list');
		await t.press('?', f => f.includes('Keys'), 'help');
		// Every binding is on screen, scrolling down when the table is taller than the terminal.
		const seen = new Set<string>();
		for (let i = 0; i <= KEYMAP.length; i++) {
			for (const b of KEYMAP) if (t.frame().includes(b.description)) seen.add(b.description);
			t.app.stdin.write(KEYS.down);
			await tick();
		}
		expect([...seen].sort()).toEqual(KEYMAP.map(b => b.description).sort());
		expect(t.frame()).toContain('Keys');
		t.app.unmount();
		t.store.close();
	});

	it('hostile record strings reach the screen without control sequences', async () => {
		const hostile = emu.tenant.signIns.find(r => String(r['appDisplayName']).includes('\u001b'))!;
		const t = setup({...emptyQuery('signins'), filters: {request: hostile.id}, eventTypes: ['interactive', 'non-interactive', 'service-principal', 'managed-identity']});
		await waitFor(t.frame, f => f.includes('1/1 loaded'), 'the hostile record');
		await t.press(KEYS.enter, f => f.includes('Basic info'), 'its detail');
		expect(t.frame()).toContain('Evil App');
		await t.press('G', f => f.includes('"agent"') || f.includes('line '), 'the raw JSON');
		for (const f of t.app.frames) {
			// Ink's own SGR colours are fine; nothing else: no OSC, no cursor moves, no C1, no bidi overrides.
			const stripped = f.replace(/\u001b\[[0-9;]*m/g, '');
			expect(stripped).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
		}
		t.app.unmount();
		t.store.close();
	});
});

describe('terminal helpers', () => {
	it('OSC 52 carries the JSON, wrapped for tmux, refused past the cap', () => {
		const seq = osc52('{"a":1}', {})!;
		expect(seq).toBe(`\u001b]52;c;${Buffer.from('{"a":1}').toString('base64')}\u0007`);
		expect(osc52('x', {TMUX: '/tmp/t'})!.startsWith('\u001bPtmux;\u001b\u001b]52;c;')).toBe(true);
		expect(osc52('x'.repeat(80_000), {})).toBeUndefined();
	});

	it('y over SSH: OSC 52 when it fits; past the cap a private file, and the message says which', () => {
		const dir = mkdtempSync(join(tmpdir(), 'entra-logs-copy-'));
		const saved = process.env['TMPDIR'];
		process.env['TMPDIR'] = dir;
		try {
			const env = {SSH_CONNECTION: '10.0.0.1 5000 10.0.0.2 22', TERM: 'xterm-256color'};
			const written: string[] = [];
			const small = copyText('{"id":"1"}', d => written.push(d), env);
			expect(small).toEqual({how: 'osc52', message: 'copied 10 characters (OSC 52)'});
			expect(written).toEqual([osc52('{"id":"1"}', env)]);
			const big = JSON.stringify({id: '2', blob: 'x'.repeat(120_000)});
			const result = copyText(big, d => written.push(d), env);
			expect(written).toHaveLength(1);
			expect(result.how).toBe('file');
			const file = /saved to (\S+)$/.exec(result.message)![1]!;
			expect(file.startsWith(dir)).toBe(true);
			expect(readFileSync(file, 'utf8')).toBe(big);
			expect(statSync(file).mode & 0o777).toBe(0o600);
		} finally {
			if (saved === undefined) delete process.env['TMPDIR'];
			else process.env['TMPDIR'] = saved;
		}
	});

	it('the sanitizer removes escape sequences and keeps the text', () => {
		expect(sanitizeText('\u001b[2J\u001b[31mEvil\u001b[0m \u001b]52;c;abc\u0007ok\u202e\u009b31m')).toBe('Evil ok');
	});
});
