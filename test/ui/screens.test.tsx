/**
 * Screens rendered from a fixed store snapshot (test/helpers/screen.tsx): what each one shows for known records, and
 * which keys it consumes and which it lets through to the App's global bindings (quit, help, back).
 */
import {afterEach, describe, expect, it} from 'vitest';
import type {GraphRecord} from '../../source/reports/report.js';
import {RecordList} from '../../source/ui/screens/record-list.js';
import {RecordDetail} from '../../source/ui/screens/record-detail.js';
import {HelpScreen} from '../../source/ui/screens/help.js';
import {FilterScreen} from '../../source/ui/screens/filter-editor.js';
import {Picker} from '../../source/ui/screens/picker.js';
import {fixedStore, renderScreen} from '../helpers/screen.js';
import {KEYS} from '../helpers/tui.js';
import type {RecordStore} from '../../source/store/record-store.js';

const signIn = (i: number, user: string, code: number, ip: string): GraphRecord => ({
	id: `00000000-0000-0000-0000-00000000000${i}`,
	createdDateTime: `2026-11-20T10:0${i}:00Z`,
	userPrincipalName: user,
	appDisplayName: 'Microsoft Teams',
	appId: '1fec8e78-bce4-4aaf-ab1b-5451cc387264',
	ipAddress: ip,
	location: {city: 'Paris', countryOrRegion: 'FR'},
	status: {errorCode: code},
});

const SIGN_INS = [
	signIn(1, 'alice@contoso.com', 0, '203.0.113.5'),
	signIn(2, 'bob@contoso.com', 50126, '198.51.100.7'),
	signIn(3, 'alice@contoso.com', 50074, '203.0.113.5'),
];

let stores: RecordStore[] = [];
const store = async (records = SIGN_INS, pageSize?: number): Promise<RecordStore> => {
	const s = await fixedStore('signins', records, pageSize);
	stores.push(s);
	return s;
};
afterEach(() => {
	for (const s of stores) s.close();
	stores = [];
});

describe('screens from a fixed snapshot', () => {
	it('the list: columns fitted to 100 columns, the cursor marked, the status line', async () => {
		const t = renderScreen(RecordList, {store: await store(), width: 100, height: 7});
		expect(t.frame()).toMatchInlineSnapshot(`
			"  Date (UTC)          User / principal   Status          Application   IP address      Location   +…
			› 2026-11-20 10:01:00 alice@contoso.com  Success         Microsoft Te… 203.0.113.5     Paris, FR
			  2026-11-20 10:02:00 bob@contoso.com    Failure 50126   Microsoft Te… 198.51.100.7    Paris, FR
			  2026-11-20 10:03:00 alice@contoso.com  Interrupt 50074 Microsoft Te… 203.0.113.5     Paris, FR
			1/3 loaded · 1 page · all loaded · hidden: CA (C)

			"
		`);
		t.close();
	});

	it("the list consumes its keys and lets quit, help and the search field's text be", async () => {
		const t = renderScreen(RecordList, {store: await store()});
		await t.press('j', f => f.includes('2/3 loaded'), 'row 2');
		await t.press('G', f => f.includes('3/3 loaded'), 'the bottom');
		expect(t.log.global).toEqual([]);
		await t.press('?', () => t.log.global.length === 1, 'help');
		await t.press('q', () => t.log.global.length === 2, 'quit');
		expect(t.log.global).toEqual(['help', 'quit']);
		// esc on a list with no pivot behind it opens the picker over it.
		await t.press(KEYS.esc, () => t.log.dispatched.length === 1, 'the picker');
		expect(t.log.dispatched).toEqual([{type: 'push', route: {name: 'picker'}}]);
		// In the search field every letter is text, esc closes the field and is no "back": nothing reaches the App.
		await t.press('/', f => f.split('\n').some(l => l.trim() === '/'), 'the search field');
		await t.press('q?x', f => f.includes('/q?x'), 'the typed text');
		await t.press('\u0015', f => f.split('\n').some(l => l.trim() === '/'), 'the field cleared');
		await t.press('bob', f => f.includes('/bob'), 'a name');
		await t.press(KEYS.enter, f => f.includes('/bob: row 2'), 'the match');
		expect(t.frame()).toContain('2/3 loaded');
		await t.press('/', f => f.split('\n').some(l => l.trim() === '/'), 'the search field again');
		await t.press(KEYS.esc, f => f.includes('2/3 loaded'), 'the list again');
		expect(t.log.global).toEqual(['help', 'quit']);
		expect(t.log.dispatched).toHaveLength(1);
		t.close();
	});

	it('the list: a pivot narrows the query, esc comes back to the row it came from', async () => {
		const s = await store();
		const t = renderScreen(RecordList, {store: s});
		await t.press(KEYS.down, f => f.includes('2/3 loaded'), 'row 2');
		await t.press('i', f => f.includes('same IP: 198.51.100.7 · esc back to Sign-ins'), 'the pivot');
		expect(s.getSnapshot().query?.filters).toEqual({ip: '198.51.100.7'});
		await t.press(KEYS.esc, f => f.includes('2/3 loaded'), 'row 2 again');
		expect(s.getSnapshot().query?.filters).toEqual({});
		expect(t.log.dispatched).toEqual([]);
		t.close();
	});

	it('the detail: ←/→ step through the records, its hint names the keys of the table', async () => {
		const t = renderScreen(RecordDetail, {store: await store(), stack: [{name: 'list'}, {name: 'detail'}], height: 12});
		expect(t.frame()).toMatch(/record 1\/3 · line 1\/\d+ · ←\/→ previous\/next · \/ search · y copy · esc back/);
		await t.press(KEYS.right, f => f.includes('record 2/3'), 'the next record');
		expect(t.frame()).toContain('bob@contoso.com');
		await t.press('y', f => f.includes('by OSC 52'), 'the copy');
		expect(t.log.written).toHaveLength(1);
		await t.press(KEYS.esc, () => t.log.global.length > 0, 'back');
		expect(t.log.global).toEqual(['back']);
		t.close();
	});

	it("help over a report's list: that screen's bindings and the report's pivots by name first", async () => {
		const s = await fixedStore('provisioning', []);
		stores.push(s);
		const t = renderScreen(HelpScreen, {store: s, stack: [{name: 'list'}, {name: 'help'}], height: 40});
		const lines = t.frame().split('\n');
		expect(lines[0]).toBe('Keys');
		expect(lines[1]).toBe('Here (list)');
		expect(lines[2]).toMatch(/^↑ k\s+move up \(report picker, list, detail, help[,)]/);
		const pivots = lines.indexOf('Pivots in Provisioning');
		// Each pivot by its key and name, then what it shows (cut at the width).
		expect(lines.slice(pivots + 1, pivots + 7).map(l => /^(\S+) +pivot: ([^:]+): \w/.exec(l)?.slice(1))).toEqual([
			['u', 'same identity'],
			['a', 'same job'],
			['i', 'same target system'],
			['c', 'same cycle'],
			['A', 'audits about the identity'],
			['S', "the identity's sign-ins"],
		]);
		expect(lines.indexOf('Everywhere')).toBeGreaterThan(pivots);
		t.close();
	});

	it('the filter editor: a request that cannot be sent is said in its place, and enter does not apply it', async () => {
		const t = renderScreen(FilterScreen, {
			store: await store(),
			stack: [{name: 'list'}, {name: 'filters'}],
			height: 20,
			ports: {describeRequest: () => ({ok: false, error: "since: 'x' is not a time"})},
		});
		expect(t.frame()).toContain("since: 'x' is not a time");
		expect(t.frame()).not.toContain('GET ');
		await t.press(KEYS.enter);
		await t.press('q');
		expect(t.log.dispatched).toEqual([]);
		expect(t.log.global).toEqual([]);
		// esc leaves the form (and is not also "back" for the App).
		await t.press(KEYS.esc, () => t.log.dispatched.length > 0, 'the form closed');
		expect(t.log.dispatched).toEqual([{type: 'pop'}]);
		expect(t.log.global).toEqual([]);
		t.close();
	});
	it('the picker over a list starts on the report the list shows; enter opens it anew, esc goes back', async () => {
		const s = await fixedStore('audits', []);
		stores.push(s);
		const t = renderScreen(Picker, {store: s, stack: [{name: 'list'}, {name: 'picker'}], height: 12});
		expect(t.frame()).toContain('Pick a report (esc: back to the list)');
		expect(t.frame()).toMatch(/› Directory audits/);
		await t.press(KEYS.esc, () => t.log.global.length > 0, 'back');
		expect(t.log.global).toEqual(['back']);
		await t.press(KEYS.enter, () => t.log.dispatched.length > 0, 'the list');
		expect(t.log.dispatched).toEqual([{type: 'reset', route: {name: 'list'}}]);
		expect(s.getSnapshot().query?.report).toBe('audits');
		t.close();
	});
});
