/**
 * The record detail: decoded error codes, Conditional Access results, beta's authentication steps (b keeps the
 * record), service principal and managed identity sign-ins, long values wrapped at 80 columns, / inside the detail.
 */
import {describe, expect, it} from 'vitest';
import stringWidth from 'string-width';
import {emptyQuery} from '../../source/query/query.js';
import {KEYS, waitFor, tuiSuite} from '../helpers/tui.js';

/** This file's emulator, and the App as the CLI wires it against it. */
const suite = tuiSuite();
const {setup} = suite;

describe('the TUI: detail', () => {
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
		const t = await setup({
			initialQuery: {...emptyQuery('signins'), filters: {error: '53003'}},
			size: {width: 150, height: 160},
		});
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
		await t.press(
			'b',
			f => /Authentication details\n\s+\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\S* +\w.*, succeeded: (true|false)/.test(f),
			'the steps from beta',
		);
		expect(/Request id\s+(\S+)/.exec(t.frame())![1]).toBe(id);
		expect(t.frame()).toContain('record 2/');
		expect(t.frame()).toContain('Graph beta: authentication steps');
		expect(t.store.getSnapshot().query?.beta).toBe(true);
		// And back to v1.0 with b again.
		await t.press('b', f => f.includes('(not in v1.0)') && f.includes(`${id}`), 'v1.0 again');
		await t.close();
	});

	it('service principal and managed identity sign-ins: the detail names the principal, its credential and its resource', async () => {
		for (const [type, want] of [
			['service-principal', /Credential\s+(clientSecret|certificate)\n/],
			[
				'managed-identity',
				/Managed identity type\s+(user|system)Assigned\n(.*\n)*\s+Associated resource\s+\/subscriptions\//,
			],
		] as const) {
			const t = await setup({
				initialQuery: {...emptyQuery('signins'), eventTypes: [type]},
				size: {width: 150, height: 60},
			});
			await waitFor(t.frame, f => /[1-9]\d*\/\d+ loaded/.test(f), 'the list');
			await t.press(KEYS.enter, f => f.includes('Service principal\n'), 'the detail');
			const name = String(t.store.getSnapshot().records.at(0)!['servicePrincipalName']);
			expect(t.frame()).toMatch(new RegExp(`Service principal\\n\\s+Name\\s+${name}\\n\\s+Id\\s+[0-9a-f-]{36}`));
			expect(t.frame()).toMatch(want);
			await t.close();
		}
	});

	it('long values wrap at 80 columns instead of ending in …: failure reason, user agent, GUIDs', async () => {
		const t = await setup({
			initialQuery: {...emptyQuery('signins'), filters: {error: '53003'}},
			size: {width: 80, height: 60},
		});
		await waitFor(t.frame, f => /[1-9]\d*\/\d+ loaded/.test(f), 'the list');
		await t.press(KEYS.enter, f => f.includes('Basic info'), 'the detail');
		const record = t.store.getSnapshot().records.at(0)!;
		const f = t.frame();
		// Nothing cut: no row wider than the terminal, no row ending in an ellipsis.
		for (const row of f.split('\n')) {
			expect(stringWidth(row), row).toBeLessThanOrEqual(80);
			expect(row.trimEnd().endsWith('…'), row).toBe(false);
		}
		// Each value whole, its next rows under it: read back by joining the rows it was broken into.
		const joined = f.replace(/\n {4,}/g, ' ');
		const reason = (record['status'] as {failureReason: string}).failureReason;
		expect(reason.length).toBeGreaterThan(80 - 36);
		expect(joined).toMatch(new RegExp(`Failure reason +${escape(reason)}\n`));
		expect(String(record['userAgent']).length).toBeGreaterThan(80);
		expect(joined).toMatch(new RegExp(`User agent +${escape(String(record['userAgent']))}\n`));
		// A GUID after a long name goes whole onto the next row rather than being split or cut.
		expect(f).toMatch(new RegExp(`\n {4,}\\(${record['resourceId']}\\)\n`));
		await t.close();
	});

	it('/ finds text in the detail: the line scrolls into view and is marked, / enter finds the next, and a miss is said', async () => {
		const t = await setup({initialQuery: emptyQuery('signins'), size: {width: 120, height: 16}});
		await waitFor(t.frame, f => /[1-9]\d*\/\d+ loaded/.test(f), 'the list');
		await t.press(KEYS.enter, f => f.includes('Basic info'), 'the detail');
		const device = String((t.store.getSnapshot().records.at(0)!['deviceDetail'] as {browser: string}).browser);
		expect(device).not.toBe('');
		expect(t.frame()).not.toContain('Device info');
		await t.press('/', f => /^\/$/m.test(f), 'the search field');
		// Typed as a paste: letters that are commands elsewhere (y copies, u pivots) are text here.
		const needle = 'device info';
		for (const ch of needle) t.app.stdin.write(ch);
		await waitFor(t.frame, f => f.includes(`/${needle}`), 'the text typed');
		await t.press(KEYS.enter, f => /›Device info/.test(f), 'the heading found, in view, marked');
		expect(t.frame()).toMatch(/\/device info: line \d+ of \d+/);
		expect(t.copied()).toHaveLength(1);
		// Found again from the top when it is the only line that holds it.
		await t.press('/', f => /^\/$/m.test(f), 'the search field');
		await t.press(KEYS.enter, f => /\/device info: line \d+ of \d+ \(from the top\)/.test(f), 'the same line');
		await t.press('/', f => /^\/$/m.test(f), 'the search field');
		for (const ch of device) t.app.stdin.write(ch);
		await t.press(KEYS.enter, f => new RegExp(`›.*Browser +${escape(device)}`).test(f), 'the browser line');
		// / enter again: the next line that holds it, further down (the raw JSON's), brought into view.
		await t.press('/', f => /^\/$/m.test(f), 'the search field');
		await t.press(KEYS.enter, f => new RegExp(`› *"browser": "${escape(device)}"`).test(f), 'the next match');
		expect(t.frame()).not.toMatch(/›.*Browser +/);
		// A miss says so, and the detail stays where it was.
		await t.press('/', f => /^\/$/m.test(f), 'the search field');
		for (const ch of 'zz-not-here') t.app.stdin.write(ch);
		await t.press(KEYS.enter, f => f.includes('/zz-not-here: not in this record'), 'the miss');
		await t.close();
	});
});

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
