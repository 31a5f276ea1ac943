/**
 * Screens driven by keys (ink-testing-library), reading a store that fetches from the emulator over HTTPS through
 * the real client: login, picker, list, paging, detail, filters, pivots and back, copy, help, hostile strings.
 */
import {afterAll, beforeAll, describe, expect, it, onTestFinished} from 'vitest';
import {render} from 'ink-testing-library';
import {App} from '../../source/ui/app.js';
import {emptyQuery, resolveQuery, type Query} from '../../source/query/query.js';
import {GraphSource} from '../../source/sources/graph-source.js';
import {exportKey, runExport} from '../../source/export/export.js';
import {KEYMAP} from '../../source/ui/keymap.js';
import {reportById} from '../../source/reports/index.js';
import {startTestEmulator, type TestEmulator} from '../helpers/emulator.js';
import {copyText, osc52} from '../../source/terminal/clipboard.js';
import {buildServices} from '../../source/cli/services.js';
import {parseCli, queryFromFlags} from '../../source/cli/args.js';
import {wireTui} from '../../source/ui/run.js';
import {sanitizeLine, sanitizeText} from '../../source/terminal/sanitize.js';
import fc from 'fast-check';
import stringWidth from 'string-width';

import {existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';

let emu: TestEmulator;

beforeAll(async () => {
	emu = await startTestEmulator();
});
afterAll(() => emu.close());

const KEYS = {down: '\u001B[B', up: '\u001B[A', enter: '\r', esc: '\u001B', right: '\u001B[C'};
// A new screen subscribes to input in an effect after its first frame: give it that moment, as a person would.
const tick = () => new Promise(r => setTimeout(r, 20));

async function waitFor(frame: () => string | undefined, predicate: (f: string) => boolean, what: string, ms = 10_000): Promise<string> {
	const started = Date.now();
	while (Date.now() - started < ms) {
		const f = frame() ?? '';
		if (predicate(f)) return f;
		await new Promise(r => setTimeout(r, 10));
	}
	throw new Error(`timed out waiting for ${what}; last frame:\n${frame()}`);
}

/** The device code as the login screen shows it. */
const CODE = /code\s+([A-Z0-9]{9})/;

interface Setup {
	readonly initialQuery?: Query;
	readonly size?: {width: number; height: number};
	/** Kept across runs (token cache, recent queries); a fresh one by default. */
	readonly configDir?: string;
	/** Approve the device code shown on screen, as a person on another device would (default true). */
	readonly approve?: boolean;
	readonly emulator?: TestEmulator;
	readonly args?: readonly string[];
}

/**
 * The App as `entra-logs --emulator URL` runs it: the CLI's own services and wiring (run.tsx), the real MSAL sign-in,
 * clipboard and export, with OSC 52 writes captured and exports written to a temp directory.
 */
async function setup(o: Setup = {}) {
	const server = o.emulator ?? emu;
	const env = {ENTRA_LOGS_CONFIG_DIR: o.configDir ?? mkdtempSync(join(tmpdir(), 'entra-logs-ui-'))};
	// The emulator's certificate, trusted as a user would: --ca-file.
	const caFile = join(mkdtempSync(join(tmpdir(), 'entra-logs-ca-')), 'ca.pem');
	writeFileSync(caFile, server.caCert);
	const services = await buildServices(parseCli(['--emulator', server.origin, '--ca-file', caFile, ...(o.args ?? [])], env), env);
	const written: string[] = [];
	const cwd = mkdtempSync(join(tmpdir(), 'entra-logs-ui-out-'));
	const {store, props} = wireTui(
		{services, query: o.initialQuery, configDir: services.configDir, emptyQuery, pageSize: 20},
		{write: d => { written.push(d); }, env: {SSH_CONNECTION: '10.0.0.1 5000 10.0.0.2 22', TERM: 'xterm-256color'}, cwd},
	);
	const size = o.size ?? {width: 120, height: 30};
	const app = render(<App {...props} width={size.width} height={size.height} />);
	const frame = () => app.lastFrame() ?? '';
	const press = async (key: string, until?: (f: string) => boolean, what = key) => {
		app.stdin.write(key);
		await tick();
		if (until) {
			await waitFor(frame, until, what);
			await tick();
		}
	};
	/** What went to the clipboard by OSC 52, decoded. */
	const copied = (): string[] => written.join('').match(/\u001b\]52;c;[A-Za-z0-9+/=]+\u0007/g)?.map(s => Buffer.from(s.slice(7, -1), 'base64').toString('utf8')) ?? [];
	const approveCode = async (): Promise<string> => {
		const code = CODE.exec(await waitFor(frame, f => CODE.test(f), 'the device code'))![1]!;
		await server.control('approve', {user_code: code});
		return code;
	};
	if (o.approve !== false) {
		const f = await waitFor(frame, f => CODE.test(f) || f.includes('Pick a report') || f.includes('loaded'), 'a device code or a signed-in screen');
		if (CODE.test(f)) await approveCode();
	}
	/** Whether the app has exited: Ink stops reading the keyboard when it unmounts. */
	const exited = (): boolean => app.stdin.listenerCount('readable') === 0;
	const close = async (): Promise<void> => {
		app.unmount();
		store.close();
		await services.close();
	};
	return {app, store, services, copied, cwd, frame, press, approveCode, exited, close};
}

describe('the TUI', () => {
	it('shows the device code, then the picker, then a list of sign-ins; n fetches the next page', async () => {
		const t = await setup({approve: false});
		await waitFor(t.frame, f => CODE.test(f), 'the device code');
		expect(t.frame()).toContain(`${emu.origin}/devicelogin`);
		// A spinner turns while MSAL polls the token endpoint.
		const glyphs = (): Set<string> => new Set(t.app.frames.map(f => /([⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏]) waiting for approval/.exec(f)?.[1]).filter(Boolean) as string[]);
		await waitFor(() => String(glyphs().size), n => Number(n) >= 2, 'the spinner turning');
		// The code also went to the clipboard by OSC 52, for pasting on the device with the browser.
		const code = await t.approveCode();
		expect(t.copied()).toEqual([code]);
		await waitFor(t.frame, f => f.includes('Pick a report'), 'the picker');
		expect(t.frame()).toContain('alice@contoso.com');
		await t.press(KEYS.enter, f => f.includes('1/20 loaded'), 'the first page');
		expect(t.frame()).toContain('User / principal');
		await t.press('n', f => f.includes('2 pages'), 'the second page');
		expect(t.frame()).toContain('/40 loaded');
		await t.close();
	});

	it('opens a record with the error code decoded, moves with arrows, copies JSON, goes back', async () => {
		const t = await setup({initialQuery: {...emptyQuery('signins'), filters: {error: '50126'}}});
		await waitFor(t.frame, f => /[1-9]\d*\/\d+ loaded/.test(f), 'the list');
		await t.press(KEYS.enter, f => f.includes('Basic info'), 'the detail');
		expect(t.frame()).toContain('InvalidUserNameOrPassword');
		expect(t.frame()).toContain('https://login.microsoftonline.com/error?code=50126');
		await t.press(KEYS.right, f => f.includes('record 2/'), 'the next record');
		await t.press('y', f => f.includes('by OSC 52'), 'the copy message');
		// The OSC 52 sequence as the terminal gets it: the code at sign-in, then the record's whole JSON.
		// A terminal never says whether it took OSC 52: the status says what was sent, not that it was copied.
		expect(t.frame()).toMatch(/sent [\d,]+ characters by OSC 52 \(the terminal must allow it\)/);
		expect(t.copied()).toHaveLength(2);
		const copied = JSON.parse(t.copied()[1]!) as {id: string; status: {errorCode: number}};
		expect(copied.status.errorCode).toBe(50126);
		expect(copied.id).toBe(t.store.getSnapshot().records.at(1)!.id);
		await t.press(KEYS.esc, f => f.includes('User / principal'), 'the list again');
		await t.close();
	});

	it('a sign-in blocked by Conditional Access: the failed policy first, report-only results, authentication steps in beta', async () => {
		const t = await setup({initialQuery: {...emptyQuery('signins'), filters: {error: '53003'}}, size: {width: 150, height: 70}});
		await waitFor(t.frame, f => /[1-9]\d*\/\d+ loaded/.test(f), 'the list');
		await t.press(KEYS.enter, f => f.includes('Report-only'), 'the detail');
		const f = t.frame();
		const lines = f.split('\n').map(l => l.trim());
		const ca = lines.slice(lines.indexOf('Conditional Access') + 1, lines.indexOf('Report-only'));
		expect(ca[0]).toMatch(/^Status\s+failure$/);
		expect(ca[1]).toMatch(/^failure\s+CA\d+: .*\(grant: \w+\)$/);
		expect(ca.slice(2).every(l => !l.startsWith('failure'))).toBe(true);
		expect(lines[lines.indexOf('Report-only') + 1]).toMatch(/^reportOnly\w+\s+CA\d+ \(report-only\)/);
		expect(f).toContain('BlockedByConditionalAccess');
		// v1.0 carries no authentication steps: the detail says where they are; b asks beta for the same record.
		expect(f).toMatch(/\(not in v1\.0\)\s+Graph returns the authentication steps in beta only: b switches to beta/);
		await t.press(KEYS.down);
		await t.press(KEYS.down);
		await t.press(KEYS.right, f => f.includes('record 2/'), 'the second record');
		const id = /Request id\s+(\S+)/.exec(t.frame())![1];
		await t.press('b', f => /Authentication details\n\s+\d{4}-\d\d-\d\d \d\d:\d\d:\d\d \w.*: (succeeded|failed)/.test(f), 'the steps from beta');
		expect(/Request id\s+(\S+)/.exec(t.frame())![1]).toBe(id);
		expect(t.frame()).toContain('record 2/');
		expect(t.frame()).toContain('Graph beta: authentication steps');
		expect(t.store.getSnapshot().query?.beta).toBe(true);
		// And back to v1.0 with b again.
		await t.press('b', f => f.includes('(not in v1.0)') && f.includes(`${id}`), 'v1.0 again');
		await t.close();
	});

	it('service principal and managed identity sign-ins: the detail names the principal, its credential and its resource', async () => {
		for (const [type, want] of [['service-principal', /Credential\s+(clientSecret|certificate)\n/], ['managed-identity', /Managed identity type\s+(user|system)Assigned\n\s+Associated resource\s+\/subscriptions\//]] as const) {
			const t = await setup({initialQuery: {...emptyQuery('signins'), eventTypes: [type]}, size: {width: 150, height: 60}});
			await waitFor(t.frame, f => /[1-9]\d*\/\d+ loaded/.test(f), 'the list');
			await t.press(KEYS.enter, f => f.includes('Service principal\n'), 'the detail');
			const name = String(t.store.getSnapshot().records.at(0)!['servicePrincipalName']);
			expect(t.frame()).toMatch(new RegExp(`Service principal\\n\\s+Name\\s+${name}\\n\\s+Id\\s+[0-9a-f-]{36}`));
			expect(t.frame()).toMatch(want);
			await t.close();
		}
	});

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

	it('a report switch starts a new history: esc does not lead back into an old pivot; esc closes the : picker', async () => {
		const t = await setup({initialQuery: emptyQuery('signins')});
		await waitFor(t.frame, f => f.includes('1/20 loaded'), 'the list');
		const user = t.store.getSnapshot().records.at(0)!['userPrincipalName'] as string;
		await t.press('u', f => f.includes(`same user: ${user}`) && f.includes('esc back to Sign-ins'), 'the pivot, saying where esc goes');
		await waitFor(t.frame, f => /1\/\d+ loaded/.test(f) && !f.includes('loading'), 'the pivot loaded');
		// : opens the picker over the list, and esc closes it: the same pivoted list.
		await t.press(':', f => f.includes('Pick a report'), 'the picker');
		expect(t.frame()).toContain('(esc: back to the list)');
		await t.press(KEYS.esc, f => f.includes('User / principal'), 'the list again');
		expect(t.store.getSnapshot().query?.filters).toEqual({user});
		// Directory audits, then sign-ins again: two report switches.
		await t.press(':', f => f.includes('Pick a report'), 'the picker');
		for (let i = 0; i < 4; i++) t.app.stdin.write(KEYS.down);
		await t.press(KEYS.enter, f => f.includes('Activity') && /1\/\d+ loaded/.test(f), 'the audits');
		expect(t.frame()).not.toContain('same user');
		expect(t.frame()).not.toContain('esc back to');
		await t.press(':', f => f.includes('Pick a report'), 'the picker');
		for (let i = 0; i < 4; i++) t.app.stdin.write(KEYS.up);
		await t.press(KEYS.enter, f => f.includes('User / principal') && /1\/\d+ loaded/.test(f), 'sign-ins again');
		// esc: not back into the pivot from before the switches, but the picker (over this list).
		await t.press(KEYS.esc, f => f.includes('Pick a report'), 'the picker');
		expect(t.store.getSnapshot().query?.filters).toEqual({});
		expect(t.store.depth).toBe(0);
		await t.press(KEYS.esc, f => f.includes('User / principal'), 'the list again');
		expect(t.store.getSnapshot().query).toEqual(emptyQuery('signins'));
		await t.close();
	});

	it('the filter editor shows the exact Graph request live and validates inline', async () => {
		const t = await setup({initialQuery: emptyQuery('signins')});
		await waitFor(t.frame, f => /[1-9]\d*\/\d+ loaded/.test(f), 'the list');
		await t.press('f', f => f.includes('Filters: Sign-ins'), 'the editor');
		await t.press('x', f => f.includes('is not a time'), 'an inline error');
		await t.press('\u007F');
		await t.press('2');
		await t.press('4');
		await t.press('h', f => /createdDateTime ge \d{4}-\d\d-\d\dT/.test(f), 'the live URL');
		// Fields with fixed choices take tab: the presets for Since, success/failure for Status.
		await t.press('\t', f => /›\s*Since\s+7d/.test(f), 'the next preset');
		await t.press('\u0015');
		for (let i = 0; i < 8; i++) t.app.stdin.write(KEYS.down);
		await t.press('\t', f => /›\s*Status\s+success/.test(f), 'a status by tab');
		expect(t.frame()).toContain('(tab: success, failure)');
		await t.press('\t', f => /›\s*Status\s+failure/.test(f), 'the other status');
		await t.press('\t', f => /›\s*Status\s+success or failure \(tab cycles\)/.test(f), 'empty again');
		for (let i = 0; i < 8; i++) t.app.stdin.write(KEYS.up);
		for (const ch of '24h') t.app.stdin.write(ch);
		await waitFor(t.frame, f => /›\s*Since\s+24h/.test(f), 'since typed again');
		// The test tenant's records end on a fixed day (TEST_NOW): a date from before it, so that alice has some.
		t.app.stdin.write('\u0015');
		for (const ch of '2026-11-01T00:00:00Z') t.app.stdin.write(ch);
		await waitFor(t.frame, f => /›\s*Since\s+2026-11-01T00:00:00Z/.test(f), 'an absolute since');
		// single letters are text here, not commands: q did not quit
		await t.press(KEYS.down);
		await t.press(KEYS.down);
		for (const ch of 'alice@contoso.com') await t.press(ch);
		// The URL exactly as sent, and its $filter decoded for reading.
		await waitFor(t.frame, f => f.includes("userPrincipalName%20eq%20'alice%40contoso.com'") && f.includes("userPrincipalName eq 'alice@contoso.com'"), 'user in URL');
		await t.press(KEYS.enter, f => f.includes('User / principal'), 'the filtered list');
		await waitFor(t.frame, f => f.includes('loaded') && !f.includes('loading'), 'loaded');
		expect(t.store.getSnapshot().records.length).toBeGreaterThan(0);
		for (const r of t.store.getSnapshot().records) expect(r['userPrincipalName']).toBe('alice@contoso.com');
		await t.close();
	});

	it('audit category: tab cycles its choices in the filter editor, from a value typed in any case; it is checked here', async () => {
		const t = await setup({initialQuery: emptyQuery('audits')});
		await waitFor(t.frame, f => /[1-9]\d*\/\d+ loaded/.test(f), 'the list');
		await t.press('f', f => f.includes('Filters: Directory audits'), 'the editor');
		const row = ['Since', 'Until', ...reportById('audits').fields.map(f => f.label)].indexOf('Category');
		for (let i = 0; i < row; i++) t.app.stdin.write(KEYS.down);
		await waitFor(t.frame, f => /›\s*Category\s/.test(f), 'the category field');
		// The categories the docs list (graph-api.md §11), in the form's order.
		const choices = reportById('audits').fields.find(f => f.key === 'category')!.choices!;
		expect(choices).toEqual(expect.arrayContaining(['UserManagement', 'GroupManagement', 'RoleManagement', 'ApplicationManagement', 'Policy']));
		await t.press('\t', f => new RegExp(`›\\s*Category\\s+${choices[0]}`).test(f), 'the first category');
		await t.press('\t', f => new RegExp(`›\\s*Category\\s+${choices[1]}`).test(f), 'the second');
		expect(t.frame()).toMatch(new RegExp(`Category\\s+${choices[1]} .*checked here`));
		// Typed in lower case, tab goes on from it.
		t.app.stdin.write('\u0015');
		t.app.stdin.write(choices[2]!.toLowerCase());
		await waitFor(t.frame, f => f.includes(choices[2]!.toLowerCase()), 'the typed category');
		await t.press('\t', f => new RegExp(`›\\s*Category\\s+${choices[3]}`).test(f), 'the category after it');
		await t.press(KEYS.enter, f => f.includes('Activity') && /loaded/.test(f) && !f.includes('loading'), 'the list');
		for (const r of t.store.getSnapshot().records) expect(r['category']).toBe(choices[3]);
		await t.close();
	});

	it('keys typed faster than a frame (a paste, a fast typist) all count, in order', async () => {
		const t = await setup();
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
		// down to the fourth field (the application: service principals have no user) and type a whole value, then
		// enter: every letter lands in that field.
		const field = reportById('signins').fields[1]!.label;
		for (let i = 0; i < 3; i++) t.app.stdin.write(KEYS.down);
		for (const ch of 'zq9') t.app.stdin.write(ch);
		t.app.stdin.write(KEYS.up);
		t.app.stdin.write(KEYS.up);
		await waitFor(t.frame, f => f.includes('zq9'), 'the typed value');
		expect(t.frame().split('\n').find(l => l.includes('zq9'))).toContain(field);
		expect(t.frame()).toMatch(/›\s*Until/);
		// A paste with enter at its end: typed, then applied.
		t.app.stdin.write('\u0015');
		t.app.stdin.write('1h\r');
		await waitFor(t.frame, f => f.includes('User / principal'), 'the list with the new filters');
		expect(t.store.getSnapshot().query?.until).toBe('1h');
		await t.close();
	});

	it('ctrl-u and text in one read (a paste, SSH lag): the field is cleared, then the text typed', async () => {
		const t = await setup({initialQuery: emptyQuery('signins')});
		await waitFor(t.frame, f => /1\/20 loaded/.test(f), 'the list');
		await t.press('f', f => f.includes('Filters: Sign-ins'), 'the editor');
		t.app.stdin.write(KEYS.down);
		t.app.stdin.write(KEYS.down);
		t.app.stdin.write('Reset');
		await waitFor(t.frame, f => /›\s*User\s+Reset/.test(f), 'the first value');
		t.app.stdin.write('\u0015Update user');
		await waitFor(t.frame, f => /›\s*User\s+Update user/.test(f), 'the field cleared, then typed');
		expect(t.frame()).not.toContain('ResetUpdate');
		await t.press(KEYS.esc, f => f.includes('1/20 loaded'), 'the list');
		// The export prompt's file field too.
		await t.press('e', f => /entra-logs-signins-[\d-]+\.ndjson/.test(f), 'the export prompt');
		t.app.stdin.write('\u0015mine.ndjson');
		await waitFor(t.frame, f => /› file\s+mine\.ndjson/.test(f), 'only the new name');
		await t.close();
	});

	it('recent queries are kept on disk and reopen from the picker with one key', async () => {
		const dir = mkdtempSync(join(tmpdir(), 'entra-logs-recent-'));
		const first = await setup({configDir: dir});
		await waitFor(first.frame, f => f.includes('Pick a report'), 'the picker');
		await first.press(KEYS.down, f => f.includes('› Sign-ins: non-interactive'), 'the second report');
		await first.press(KEYS.enter, f => /[1-9]\d*\/\d+ loaded/.test(f), 'its list');
		await first.close();
		// Signed in from the token cache this time: no code, straight to the picker.
		const second = await setup({configDir: dir, approve: false});
		await waitFor(second.frame, f => f.includes('Recent'), 'the recent list');
		expect(second.frame()).toContain('type=non-interactive');
		await second.press('1', f => /[1-9]\d*\/\d+ loaded/.test(f), 'the reopened query');
		expect(second.store.getSnapshot().query?.eventTypes).toEqual(['non-interactive']);
		expect(second.copied()).toEqual([]);
		await second.close();
	});

	it('a 40x10 terminal: the list fits, columns are dropped from the right, nothing wraps', async () => {
		const t = await setup({initialQuery: emptyQuery('signins'), size: {width: 40, height: 10}, approve: false});
		// The sign-in fits too: the URL and the code are whole on screen.
		const login = await waitFor(t.frame, f => CODE.test(f), 'the device code');
		for (const line of login.replace(/\u001b\[[0-9;]*m/g, '').split('\n')) expect([...line].length).toBeLessThanOrEqual(40);
		expect(login.split('\n').length).toBeLessThanOrEqual(10);
		expect(login).toContain(`${emu.origin}/devicelogin`);
		await t.approveCode();
		await waitFor(t.frame, f => /1\/20 loaded/.test(f), 'the list');
		const lines = t.frame().replace(/\u001b\[[0-9;]*m/g, '').split('\n');
		expect(lines.length).toBeLessThanOrEqual(10);
		for (const line of lines) expect([...line].length).toBeLessThanOrEqual(40);
		expect(t.frame()).toContain('Date (UTC)');
		expect(t.frame()).not.toContain('IP address');
		await t.press(KEYS.enter, f => f.includes('Basic info'), 'the detail');
		for (const line of t.frame().replace(/\u001b\[[0-9;]*m/g, '').split('\n')) expect([...line].length).toBeLessThanOrEqual(40);
		await t.close();
	});

	it('an 80x24 terminal: the header keeps every filter, the filter editor fits and scrolls, hidden columns are said', async () => {
		const filters = {user: 'alice@contoso.com', status: 'failure', app: 'Microsoft Teams'};
		const t = await setup({initialQuery: {...emptyQuery('signins'), filters, since: '2026-11-01T00:00:00Z'}, size: {width: 80, height: 24}});
		await waitFor(t.frame, f => /\d+\/\d+ loaded/.test(f) && !f.includes('loading'), 'the list');
		const plain = (): string[] => t.frame().replace(/\u001b\[[0-9;]*m/g, '').split('\n');
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
			for (const label of fields) if (lines.some(l => l.slice(2).startsWith(`${label} `) || l.slice(2) === label)) seen.add(label);
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

	it('the session ends while browsing: sign in again over the list, which goes on from the page it stopped at', async () => {
		const quick = await startTestEmulator();
		try {
			const t = await setup({emulator: quick, initialQuery: {...emptyQuery('signins'), eventTypes: ['interactive', 'non-interactive']}});
			await waitFor(t.frame, f => /1\/20 loaded · 1 page/.test(f), 'the list');
			// The admin revokes the sessions: the access token stops working and the refresh token with it.
			await quick.control('revoke-refresh-tokens', {});
			await quick.control('expire-tokens', {});
			// n: a page prefetched before the revocation still shows; the first request after it asks for a sign-in.
			const ended = (f: string): boolean => f.includes('The session has ended: sign in again') && CODE.test(f);
			await t.press('n', f => ended(f) || /2 pages/.test(f), 'the next page or the sign-in');
			if (!ended(t.frame())) await t.press('n', ended, 'the sign-in, again');
			const before = t.store.getSnapshot().records.length;
			const ids = Array.from({length: before}, (_, i) => t.store.getSnapshot().records.at(i)!.id);
			await t.approveCode();
			await waitFor(t.frame, f => f.includes(`/${before + 20} loaded`) && f.includes('signed in again as alice@contoso.com'), 'the list, one page further');
			// Nothing lost, nothing doubled: the rows from before, then the next page.
			const after = Array.from({length: before + 20}, (_, i) => t.store.getSnapshot().records.at(i)!.id);
			expect(after.slice(0, before)).toEqual(ids);
			expect(new Set(after).size).toBe(before + 20);
			await t.close();
		} finally {
			await quick.close();
		}
	});

	it('a declined sign-in says so; enter asks for a new code, which signs in', async () => {
		const t = await setup({approve: false});
		const first = CODE.exec(await waitFor(t.frame, f => CODE.test(f), 'the device code'))![1]!;
		await emu.control('decline', {user_code: first});
		await waitFor(t.frame, f => f.includes('Sign-in failed: the sign-in was declined'), 'the error');
		expect(t.frame()).toContain('enter: try again');
		await t.press(KEYS.enter, f => CODE.test(f) && !f.includes(first), 'a new code');
		await t.approveCode();
		await waitFor(t.frame, f => f.includes('Pick a report'), 'the picker');
		await t.close();
	});

	it('an expired code and a tenant that does not exist say so in one line; esc leaves', async () => {
		const quick = await startTestEmulator({deviceCodeExpiresIn: 1});
		try {
			const t = await setup({approve: false, emulator: quick});
			await waitFor(t.frame, f => CODE.test(f), 'the device code');
			await waitFor(t.frame, f => f.includes('Sign-in failed: the code expired before anyone entered it'), 'the expiry', 15_000);
			await t.close();
		} finally {
			await quick.close();
		}
		const t = await setup({approve: false, args: ['--tenant', 'nosuchtenant.onmicrosoft.com']});
		await waitFor(t.frame, f => f.includes('Sign-in failed:'), 'the error');
		expect(t.frame()).toMatch(/AADSTS90002: Tenant 'nosuchtenant\.onmicrosoft\.com' not found/);
		expect(t.frame()).toContain('see --tenant and --cloud');
		await t.press(KEYS.esc);
		await waitFor(() => String(t.exited()), f => f === 'true', 'the app to exit');
		await t.close();
	});

	it('list keys: G and g, / search, r refresh, e export, : switch report', async () => {
		const t = await setup({initialQuery: emptyQuery('signins')});
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
		// / and enter again: the next match (wrapping round), the same one when there is only one.
		const rowsOf = (): number[] => Array.from({length: 40}, (_, i) => i).filter(i => t.store.getSnapshot().records.at(i)!['userPrincipalName'] === user);
		const first = Number(/: row (\d+)/.exec(t.frame())![1]);
		await t.press('/');
		await t.press(KEYS.enter, f => f.includes(`/${user}: row`) && (rowsOf().length === 1 || !f.includes(`: row ${first}`)), 'the next match');
		const matches = rowsOf();
		expect(matches[(matches.indexOf(first - 1) + 1) % matches.length]! + 1).toBe(Number(/: row (\d+)/.exec(t.frame())![1]));
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

	it('e into a file that is there asks before replacing it; an interrupted export of the same query is finished, not restarted', async () => {
		const t = await setup({initialQuery: emptyQuery('signins')});
		await waitFor(t.frame, f => /1\/20 loaded/.test(f), 'the list');
		const exportTo = async (name: string, until: (f: string) => boolean, what: string): Promise<void> => {
			await t.press('e', f => f.includes('Export '), 'the export prompt');
			t.app.stdin.write('\u0015');
			for (const ch of name) t.app.stdin.write(ch);
			await t.press(KEYS.enter, until, what);
		};
		const lines = (name: string): string[] => readFileSync(join(t.cwd, name), 'utf8').split('\n').filter(Boolean);

		writeFileSync(join(t.cwd, 'keep.ndjson'), 'precious\n');
		await exportTo('keep.ndjson', f => f.includes('enter again replaces it'), 'the question');
		expect(readFileSync(join(t.cwd, 'keep.ndjson'), 'utf8')).toBe('precious\n');
		await t.press(KEYS.enter, f => /exported [\d,]+ records to/.test(f), 'the export');
		const all = lines('keep.ndjson').map(l => (JSON.parse(l) as {id: string}).id);
		expect(all.length).toBeGreaterThan(1000);

		// An export of the same query stopped after its first page (Ctrl-C, a lost connection), by the real exporter.
		const q = emptyQuery('signins');
		const source = new GraphSource(t.services.client, resolveQuery(q), q, {graphBase: t.services.graphBase, pageSize: 1000});
		const controller = new AbortController();
		const half = join(t.cwd, 'half.ndjson');
		await runExport({source, report: 'signins', format: 'ndjson', out: half, queryKey: exportKey(q, source), signal: controller.signal, onProgress: p => { if (p.pages === 1) controller.abort(); }}).catch(() => undefined);
		expect(lines('half.ndjson')).toHaveLength(1000);
		await t.press('e', f => f.includes('Export '), 'the export prompt');
		t.app.stdin.write('\u0015');
		for (const ch of 'half.ndjson') t.app.stdin.write(ch);
		await waitFor(t.frame, f => f.includes('an interrupted export of this query is there: enter finishes it'), 'the offer to finish it');
		await t.press(KEYS.enter, f => f.includes('(finished an interrupted export)'), 'the finished export');
		expect(lines('half.ndjson').map(l => (JSON.parse(l) as {id: string}).id)).toEqual(all);
		expect(existsSync(`${half}.checkpoint.json`)).toBe(false);
		await t.close();
	});

	it('q while an export runs warns once, and progress leaves the warning be; q again cancels it, keeps its checkpoint and quits', async () => {
		const t = await setup({initialQuery: emptyQuery('signins')});
		await waitFor(t.frame, f => /1\/20 loaded/.test(f), 'the list');
		// A slow Graph from here on: the export's pages take a second each while the loaded list stays at hand.
		await emu.control('faults', {latencyMs: 1000});
		// (once more if the helper's kept-alive connection was closed by the server meanwhile)
		onTestFinished(async () => { await emu.control('faults', {}).catch(() => emu.control('faults', {})); });
		await t.press('e', f => f.includes('Export '), 'the export prompt');
		t.app.stdin.write('\u0015');
		t.app.stdin.write('slow.ndjson');
		await t.press(KEYS.enter, f => f.includes('exporting to slow.ndjson'), 'the running export');
		await t.press(KEYS.down, f => f.includes('2/20 loaded'), 'the list, still there');
		await t.press('e', f => f.includes('an export is running'), 'one export at a time');
		// The key that leaves a text field is not also a list command: esc from the filters is not "back".
		await t.press('f', f => f.includes('Filters: Sign-ins'), 'the filters');
		await t.press(KEYS.esc, f => f.includes('User / principal'), 'the list again');
		await t.press(KEYS.down, f => f.includes('3/20 loaded'), 'the same list');
		expect(t.frame()).not.toContain('Pick a report');
		const warning = 'an export is running: q again cancels it; run the same export with --resume to finish it';
		await t.press('q', f => f.includes(warning), 'the warning');
		// The next pages are written meanwhile: their progress does not replace the warning.
		const file = join(t.cwd, 'slow.ndjson');
		const lines = (): number => (existsSync(file) ? readFileSync(file, 'utf8').split('\n').length - 1 : 0);
		const before = lines();
		await waitFor(() => String(lines()), n => Number(n) >= before + 1000, 'another page written', 20_000);
		await tick();
		expect(t.frame()).toContain(warning);
		expect(t.exited()).toBe(false);
		// q again: the export stops where it is, its checkpoint kept, and the app quits within a second or so.
		const asked = Date.now();
		t.app.stdin.write('q');
		await waitFor(() => String(t.exited()), e => e === 'true', 'the app to exit', 5_000);
		expect(Date.now() - asked).toBeLessThan(2_000);
		expect(existsSync(`${file}.checkpoint.json`)).toBe(true);
		const kept = lines();
		expect(kept).toBeGreaterThanOrEqual(before + 1000);
		// Nothing goes on writing after the app has gone.
		await new Promise(r => setTimeout(r, 1500));
		expect(lines()).toBe(kept);
		await t.close();
	});

	it('help lists every binding of the one keymap', async () => {
		const t = await setup({initialQuery: emptyQuery('audits')});
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
		await t.close();
	});

	it('an offline file whose last line is cut short: the rest browses, the status bar says what was left out', async () => {
		const dir = mkdtempSync(join(tmpdir(), 'entra-logs-offline-'));
		const file = join(dir, 'killed.ndjson');
		const records = emu.tenant.signIns.slice(0, 30);
		writeFileSync(file, `${records.map(r => JSON.stringify(r)).join('\n')}\n${JSON.stringify(emu.tenant.signIns[30]).slice(0, 40)}`);
		const {store, props} = wireTui({offline: {file}, query: queryFromFlags('signins', {}), configDir: dir, emptyQuery}, {write: () => undefined, env: {}, cwd: dir});
		const app = render(<App {...props} width={200} height={20} />);
		try {
			const f = await waitFor(() => app.lastFrame(), f => f.includes('1/30 loaded'), 'the list');
			expect(f).toContain('all loaded · note: ');
			expect(f).toContain('line 31, the last, is cut short');
			// b (beta) means nothing for a file: it says so and keeps the list.
			app.stdin.write('b');
			expect(await waitFor(() => app.lastFrame(), f => f.includes('beta applies to Graph queries'), 'the answer')).toContain('1/30 loaded');
			// Nor does : (another report): the file holds sign-ins only.
			app.stdin.write(':');
			expect(await waitFor(() => app.lastFrame(), f => f.includes('a file holds one report'), 'the answer')).toContain('1/30 loaded');
		} finally {
			app.unmount();
			store.close();
		}
	});

	it('hostile record strings reach the screen without control sequences', async () => {
		const hostile = emu.tenant.signIns.find(r => String(r['appDisplayName']).includes('\u001b'))!;
		const t = await setup({initialQuery: {...emptyQuery('signins'), filters: {request: hostile.id}, eventTypes: ['interactive', 'non-interactive', 'service-principal', 'managed-identity']}});
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
			expect(small).toEqual({how: 'osc52', message: 'sent 10 characters by OSC 52 (the terminal must allow it)'});
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

	it('the sanitizer, for any string: no control, escape or bidi character survives; clean text is untouched; twice is once', () => {
		// Strings built from the pieces that make escape sequences, mixed with any text.
		const pieces = fc.oneof(
			fc.constantFrom('\u001b', '\u001b[', '\u001b]52;c;', '\u001bP', '\u001b\\', '\u0007', '\u009b', '\u009d', '\u009c', '\u0090', '[', ']', ';', '31m', '2J', '\r', '\n', '\t', '\u202e', '\u2066', '\u200f', '\u0000', '\u007f', 'é', '😀', '漢'),
			fc.string({unit: 'binary', maxLength: 8}),
		);
		const hostile = fc.array(pieces, {maxLength: 30}).map(a => a.join(''));
		const unsafe = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;
		fc.assert(fc.property(hostile, s => {
			const line = sanitizeLine(s);
			expect(line).not.toMatch(unsafe);
			expect(sanitizeLine(line)).toBe(line);
			expect(sanitizeText(s)).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
		}), {numRuns: 2000});
		const clean = fc.string({unit: 'grapheme', maxLength: 40}).filter(s => !unsafe.test(s));
		fc.assert(fc.property(clean, s => { expect(sanitizeLine(s)).toBe(s); }), {numRuns: 1000});
	});

	it('the sanitizer removes escape sequences and keeps the text', () => {
		expect(sanitizeText('\u001b[2J\u001b[31mEvil\u001b[0m \u001b]52;c;abc\u0007ok\u202e\u009b31m')).toBe('Evil ok');
	});
});
