/** The UI's pure parts: navigation, column fitting, the detail's lines, the list cursor, text editing, hints. */
import {describe, expect, it} from 'vitest';
import fc from 'fast-check';
import type {Key} from 'ink';
import {navigate, type Route} from '../../source/ui/shell.js';
import {fitColumns, hiddenLabel} from '../../source/ui/screens/record-list.js';
import {RAW_JSON_MAX, detailLines} from '../../source/ui/screens/record-detail.js';
import {keepInView, moveCursor} from '../../source/ui/use-list-cursor.js';
import {editText} from '../../source/ui/use-text-field.js';
import {DESCRIPTIONS, KEYMAP, hints, keyName} from '../../source/ui/keymap.js';
import type {Column, GraphRecord} from '../../source/reports/report.js';
import {reportById} from '../../source/reports/index.js';
import {fixedStore} from '../helpers/screen.js';

const key = (k: Partial<Key> = {}): Key =>
	({
		upArrow: false,
		downArrow: false,
		leftArrow: false,
		rightArrow: false,
		pageDown: false,
		pageUp: false,
		return: false,
		escape: false,
		ctrl: false,
		shift: false,
		tab: false,
		backspace: false,
		delete: false,
		meta: false,
		...k,
	}) as Key;

describe('navigate', () => {
	const list: Route = {name: 'list'};
	const help: Route = {name: 'help'};
	it('push, pop (never below the last route), replace and reset, without changing the stack it was given', () => {
		const start = {stack: [list]} as const;
		const pushed = navigate(start, {type: 'push', route: help});
		expect(pushed.stack).toEqual([list, help]);
		expect(start.stack).toEqual([list]);
		expect(navigate(pushed, {type: 'pop'}).stack).toEqual([list]);
		const root = navigate(start, {type: 'pop'});
		expect(root).toBe(start);
		expect(navigate(pushed, {type: 'replace', route: {name: 'detail'}}).stack).toEqual([list, {name: 'detail'}]);
		expect(navigate(pushed, {type: 'reset', route: {name: 'picker'}}).stack).toEqual([{name: 'picker'}]);
	});
});

describe('fitColumns', () => {
	const col = (width: number, grow?: number): Column => ({
		key: `c${width}`,
		label: `C${width}`,
		width,
		grow,
		value: () => '',
	});

	it('worked examples: the spare columns go to the growing ones; what does not fit is hidden from the right', () => {
		// 2 (the cursor's mark) + 10 + 1 + 5 + 1 = 19 of 30: 11 spare, all to the one column that grows.
		expect(fitColumns([col(10), col(5, 1)], 30)).toEqual({widths: [10, 16], hidden: [], label: ''});
		// Two growing 1:3 share 20 spare: 5 and 15.
		expect(fitColumns([col(4, 1), col(4, 3)], 2 + 5 + 5 + 20)).toEqual({widths: [9, 19], hidden: [], label: ''});
		// 15 columns: the second does not fit; "+1 hidden" (10 with its space) does not fit in the 2 left either.
		const narrow = fitColumns([col(10, 1), col(5, 1)], 15);
		expect(narrow.widths).toEqual([12]);
		expect(narrow.hidden.map(c => c.width)).toEqual([5]);
		// With room for the label, it is kept free: 40 - 13 = 27 spare, less "hidden: c30 " (12) = 15 to grow.
		const named = fitColumns([col(10, 1), {...col(30), label: 'c30'}], 40);
		expect(named.widths).toEqual([25]);
		expect(named.label).toBe('hidden: c30');
		// Names that do not fit are counted instead.
		expect(hiddenLabel([col(5), col(5)], 8)).toBe('+2 hidden');
	});

	it('for any columns and width: never wider than the width, at least each minimum, hidden ones a suffix', () => {
		const columns = fc.array(
			fc.record({
				width: fc.integer({min: 1, max: 40}),
				grow: fc.option(fc.integer({min: 0, max: 5}), {nil: undefined}),
			}),
			{maxLength: 10},
		);
		fc.assert(
			fc.property(columns, fc.integer({min: 0, max: 300}), (specs, width) => {
				const cols = specs.map((s, i) => ({...col(s.width, s.grow), key: `k${i}`}));
				const {widths, hidden} = fitColumns(cols, width);
				expect(widths.length + hidden.length).toBe(cols.length);
				expect(hidden).toEqual(cols.slice(widths.length));
				widths.forEach((w, i) => expect(w).toBeGreaterThanOrEqual(cols[i]!.width));
				if (widths.length > 0) expect(2 + widths.reduce((s, w) => s + w + 1, 0)).toBeLessThanOrEqual(width);
			}),
			{numRuns: 2000},
		);
	});

	it("the sign-in report's columns at 80: the first four whole, the header's label fits and says what is hidden", () => {
		const {widths, hidden, label} = fitColumns(reportById('signins').columns, 80);
		expect(widths.length).toBeGreaterThanOrEqual(4);
		expect(label).toBe(hidden.length > 0 ? `+${hidden.length} hidden` : '');
		expect(2 + widths.reduce((s, w) => s + w + 1, 0) + label.length + 1).toBeLessThanOrEqual(81);
	});
});

describe("the detail's lines", () => {
	const signIn = (extra: Record<string, unknown>): GraphRecord => ({
		id: '00000000-0000-0000-0000-000000000001',
		createdDateTime: '2026-11-20T10:00:00Z',
		userPrincipalName: 'alice@contoso.com',
		appDisplayName: 'Microsoft Teams',
		status: {errorCode: 50126, failureReason: 'Invalid username or password.'},
		...extra,
	});

	it("the report's sections with their headings, aligned labels, empty properties left out, then the raw JSON", async () => {
		const store = await fixedStore('signins', [signIn({ipAddress: ''})]);
		const lines = detailLines(store.getSnapshot(), 0);
		store.close();
		const headings = lines.filter(l => l.heading).map(l => l.text);
		expect(headings[0]).toBe('Basic info');
		expect(headings.at(-1)).toBe('Raw JSON');
		const text = lines.map(l => l.text);
		expect(text.find(l => l.includes('50126'))).toMatch(/^\s+Status\s+Failure \(50126\)$/);
		expect(text.some(l => l.includes('InvalidUserNameOrPassword'))).toBe(true);
		// An empty IP is left out rather than shown empty.
		expect(text.some(l => /^\s+IP address\s*$/.test(l))).toBe(false);
		// The raw JSON as JSON.stringify with 2 spaces writes it.
		const raw = text.slice(text.indexOf('Raw JSON') + 1);
		expect(JSON.parse(raw.join('\n'))).toEqual(store.getSnapshot().records.at(0));
		// Out of range: nothing.
		expect(detailLines(store.getSnapshot(), 5)).toEqual([]);
	});

	it('raw JSON reads back as the record whatever its strings hold: controls and bidi overrides show as escapes', async () => {
		const store = await fixedStore('signins', [signIn({userDisplayName: 'Ali\u202Eec\u202C \u0085\u001b[2J\u0007'})]);
		const lines = detailLines(store.getSnapshot(), 0);
		store.close();
		const raw = lines.slice(lines.findIndex(l => l.text === 'Raw JSON') + 1).map(l => l.text);
		expect(raw.join('\n')).toContain('"userDisplayName": "Ali\\u202eec\\u202c \\u0085\\u001b[2J\\u0007"');
		await fc.assert(
			fc.asyncProperty(fc.string({unit: 'binary', maxLength: 40}), async value => {
				const s = await fixedStore('signins', [signIn({userDisplayName: value})]);
				const text = detailLines(s.getSnapshot(), 0);
				s.close();
				const json = text.slice(text.findIndex(l => l.text === 'Raw JSON') + 1).map(l => l.text);
				expect((JSON.parse(json.join('\n')) as {userDisplayName: string}).userDisplayName).toBe(value);
			}),
			{numRuns: 60},
		);
	});

	it('a record without steps or policies says why in the words of where it came from', async () => {
		const texts = async (extra: Record<string, unknown>): Promise<string> => {
			const record = signIn(extra);
			const store = await fixedStore('signins', [record]);
			const lines = detailLines(store.getSnapshot(), 0).map(l => l.text);
			store.close();
			return lines.join('\n');
		};
		const graph = await texts({});
		expect(graph).toMatch(/\(not in v1\.0\) +Graph returns the authentication steps in beta only/);
		expect(graph).toContain('the signed-in account cannot read Conditional Access data');
		const workspace = await texts({'@logAnalytics.row': {TimeGenerated: '2026-11-30T10:00:00Z'}});
		expect(workspace).toMatch(/\(not in this record\) +the workspace row has no authentication steps/);
		expect(workspace).toContain('the workspace row has no applied Conditional Access policies');
		expect(workspace).not.toMatch(/switches to beta|cannot read Conditional Access/);
		const archived = await texts({'@azureMonitor.envelope': {time: '2026-11-30T10:00:00Z'}});
		expect(archived).toContain('the archived record has no authentication steps');
	});

	it(`raw JSON is cut at ${RAW_JSON_MAX} lines, and the cut says which key copies the whole record`, async () => {
		const store = await fixedStore('signins', [signIn({steps: Array.from({length: RAW_JSON_MAX}, (_, i) => i)})]);
		const lines = detailLines(store.getSnapshot(), 0);
		store.close();
		const raw = lines.slice(lines.findIndex(l => l.text === 'Raw JSON') + 1);
		expect(raw).toHaveLength(RAW_JSON_MAX + 1);
		expect(raw.at(-1)!.text).toBe(`… raw JSON cut at 5,000 lines: ${keyName('copy')} copies the whole record`);
	});
});

describe('the list cursor', () => {
	it('moves by the list commands, clamped to the list; other commands are not moves', () => {
		expect(moveCursor('down', 0, 9, 5)).toBe(1);
		expect(moveCursor('down', 9, 9, 5)).toBe(9);
		expect(moveCursor('up', 0, 9, 5)).toBe(0);
		expect(moveCursor('pageDown', 7, 9, 5)).toBe(9);
		expect(moveCursor('pageUp', 3, 9, 5)).toBe(0);
		expect(moveCursor('top', 7, 9, 5)).toBe(0);
		expect(moveCursor('bottom', 0, 9, 5)).toBe(9);
		expect(moveCursor('bottom', 0, -1, 5)).toBe(0);
		expect(moveCursor('copy', 3, 9, 5)).toBeUndefined();
	});

	it('keeps the cursor in view, near the middle, and the window inside the list', () => {
		fc.assert(
			fc.property(fc.nat(500), fc.nat(500), fc.integer({min: 1, max: 60}), (a, b, visible) => {
				const count = Math.max(a, b) + 1;
				const at = Math.min(a, b);
				const start = keepInView(at, count, visible);
				expect(start).toBeGreaterThanOrEqual(0);
				expect(at).toBeGreaterThanOrEqual(start);
				expect(at).toBeLessThan(start + visible);
				if (count >= visible) expect(start + visible).toBeLessThanOrEqual(count);
			}),
		);
		expect(keepInView(10, 100, 5)).toBe(8);
	});
});

describe('text fields', () => {
	it('typing, backspace, ctrl-u; enter, esc, tab and arrows are no edit; pasted escapes are taken off', () => {
		expect(editText('ab', 'c', key())).toBe('abc');
		expect(editText('abc', '', key({backspace: true}))).toBe('ab');
		expect(editText('abc', '', key({delete: true}))).toBe('ab');
		expect(editText('abc', 'u', key({ctrl: true}))).toBe('');
		expect(editText('abc', '', key({return: true}))).toBeUndefined();
		expect(editText('abc', '', key({escape: true}))).toBeUndefined();
		expect(editText('abc', '', key({tab: true}))).toBeUndefined();
		expect(editText('abc', '', key({upArrow: true}))).toBeUndefined();
		expect(editText('abc', 'a', key({ctrl: true}))).toBeUndefined();
		expect(editText('', '\u001b[31mred\u001b]52;c;eA==\u0007', key())).toBe('red');
	});
});

describe('the key table', () => {
	it("every command has a description, and each binding carries its command's", () => {
		for (const b of KEYMAP) expect(b.description).toBe(DESCRIPTIONS[b.command]);
		expect(new Set(KEYMAP.map(b => b.description)).size).toBe(new Set(KEYMAP.map(b => b.command)).size);
	});

	it('hints name the keys the table binds, in the scope asked for', () => {
		expect(hints('list', ['help', 'detail', 'nextPage', 'filters', 'copy', 'quit'])).toBe(
			'? help · enter detail · n next page · f filters · y copy · q quit',
		);
		expect(hints('export', ['format', 'clearField', 'start', 'back'])).toBe(
			'tab next export format · ctrl-u clear the field · enter start the export · esc back',
		);
		expect(keyName('prevField')).toBe('↑');
		expect(keyName('beta')).toBe('b');
	});
});
