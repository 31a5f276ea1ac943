/**
 * The list's columns as a user sees them: what shows at 80 and at 200 columns and what is said to be hidden; the
 * column chooser (C) shows, hides and orders them, and its choice is still there after a restart (a real config
 * folder, as the CLI keeps it); service principal and managed identity lists have their own defaults; the Status
 * column says the outcome (an MFA prompt is an interrupt, not a failure).
 */
import {mkdtempSync, readFileSync, rmSync, statSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import stringWidth from 'string-width';
import fc from 'fast-check';
import {emptyQuery} from '../../source/query/query.js';
import {catalogueOf} from '../../source/reports/catalogue.list.js';
import type {GraphRecord, ReportId} from '../../source/reports/report.js';
import {KEYS, waitFor, tuiSuite} from '../helpers/tui.js';

const suite = tuiSuite();
const {setup} = suite;
const dirs: string[] = [];
afterAll(() => {
	for (const d of dirs) rmSync(d, {recursive: true, force: true});
});

const plain = (frame: string): string[] => frame.replace(/\u001b\[[0-9;]*m/g, '').split('\n');
const headerOf = (frame: string, label = 'Date (UTC)'): string => plain(frame).find(l => l.includes(label)) ?? '';
const statusOf = (frame: string): string => plain(frame).find(l => / loaded · /.test(l)) ?? '';
const loaded = (f: string): boolean => /[1-9]\d*\/\d+ loaded/.test(f) && !f.includes('loading');
/** The labels of the header, in order (two spaces or more apart, or one where a column was cut to its width). */
const labels = (header: string): string[] =>
	header
		.trim()
		.split(/\s{2,}| (?=[A-Z+])/)
		.filter(Boolean);

describe('columns at 80 and 200', () => {
	it('at 200 every default column shows and nothing is hidden; at 80 the header counts and the status names those left out', async () => {
		const wide = await setup({initialQuery: emptyQuery('signins'), size: {width: 200, height: 20}});
		await waitFor(wide.frame, loaded, 'the list at 200');
		const header = headerOf(wide.frame());
		for (const label of ['Date (UTC)', 'User / principal', 'Application', 'Status', 'IP address', 'Location', 'CA'])
			expect(header).toContain(label);
		expect(wide.frame()).not.toContain('hidden');
		await wide.close();

		const narrow = await setup({initialQuery: emptyQuery('signins'), size: {width: 80, height: 20}});
		await waitFor(narrow.frame, loaded, 'the list at 80');
		for (const line of plain(narrow.frame())) expect(stringWidth(line)).toBeLessThanOrEqual(80);
		const small = headerOf(narrow.frame());
		for (const label of ['Date (UTC)', 'User / principal', 'Application', 'Status']) expect(small).toContain(label);
		for (const label of ['IP address', 'Location', 'CA']) expect(small).not.toContain(label);
		expect(small).toMatch(/ \+3 hidden$/);
		expect(statusOf(narrow.frame())).toContain('hidden: IP address, Location, CA (C)');
		await narrow.close();
	});

	it('the Status column says the outcome in words: an MFA prompt is an interrupt, not a failure', async () => {
		const t = await setup({
			initialQuery: {...emptyQuery('signins'), filters: {error: '50074'}},
			size: {width: 200, height: 12},
		});
		await waitFor(t.frame, loaded, 'the prompts');
		const rows = plain(t.frame()).filter(l => /^[ ›] \d{4}-\d\d-\d\d /.test(l));
		expect(rows.length).toBeGreaterThan(0);
		for (const row of rows) expect(row).toContain('Interrupt 50074');
		await t.close();
		const failures = await setup({
			initialQuery: {...emptyQuery('signins'), filters: {error: '50126'}},
			size: {width: 200, height: 12},
		});
		await waitFor(failures.frame, loaded, 'the failures');
		expect(plain(failures.frame()).filter(l => l.includes('Failure 50126')).length).toBeGreaterThan(0);
		await failures.close();
	});
});

describe('the column chooser', () => {
	it('C shows the catalogue, space and K/J choose and order, enter applies; the order is still there after a restart', async () => {
		const configDir = mkdtempSync(join(tmpdir(), 'entra-logs-columns-'));
		dirs.push(configDir);
		const first = await setup({initialQuery: emptyQuery('signins'), size: {width: 120, height: 60}, configDir});
		await waitFor(first.frame, loaded, 'the list');
		await first.press('C', f => f.includes('Columns: users'), 'the chooser');
		const chooser = first.frame();
		// The shown columns first, checked, then the rest of the catalogue (about forty), unchecked.
		expect(chooser).toContain('(7 of ');
		expect(Number(/7 of (\d+) shown/.exec(chooser)![1])).toBeGreaterThanOrEqual(40);
		expect(chooser).toMatch(/› \[x\] Date \(UTC\)/);
		for (const label of ['Failure reason', 'Auth requirement', 'MFA result', 'MFA method', 'Client app', 'Compliant'])
			expect(chooser).toContain(`[ ] ${label}`);
		for (const label of ['Join type', 'OS', 'Browser', 'Resource', 'Auth protocol', 'Incoming token', 'Cross-tenant'])
			expect(chooser).toContain(`[ ] ${label}`);
		for (const label of ['Token issuer', 'User type', 'Risk (sign-in)', 'Risk state', 'Outcome'])
			expect(chooser).toContain(`[ ] ${label}`);

		// Hide Date (UTC): space on the first row.
		await first.press(' ', f => f.includes('[ ] Date (UTC)'), 'date hidden');
		// Move "Status" (the third) to the top: K twice.
		for (let i = 0; i < 2; i++) first.app.stdin.write('j');
		await waitFor(first.frame, f => /› \[x\] Status/.test(f), 'the cursor on Status');
		first.app.stdin.write('KK');
		await waitFor(first.frame, f => plain(f)[2]?.includes('› [x] Status') === true, 'Status at the top');
		// Show "Failure reason": down to it and space.
		const at = plain(first.frame()).findIndex(l => l.includes('[ ] Failure reason'));
		const cursorAt = plain(first.frame()).findIndex(l => l.includes('›'));
		for (let i = 0; i < at - cursorAt; i++) first.app.stdin.write('j');
		await waitFor(first.frame, f => /› \[ \] Failure reason/.test(f), 'the cursor on Failure reason');
		await first.press(' ', f => /› \[x\] Failure reason/.test(f), 'failure reason shown');
		await first.press(KEYS.enter, f => f.includes('loaded') && !f.includes('Columns:'), 'back to the list');
		const chosen = labels(headerOf(first.frame(), 'Failure reason'));
		expect(chosen.slice(0, 3)).toEqual(['Status', 'User / principal', 'Application']);
		expect(chosen).toContain('Failure reason');
		expect(chosen).not.toContain('Date (UTC)');
		// The saved choice is conf's file in the config folder, private.
		await waitFor(
			() => {
				try {
					return readFileSync(join(configDir, 'columns.json'), 'utf8');
				} catch {
					return '';
				}
			},
			f => f.includes('failureReason'),
			'the choice on disk',
		);
		expect(statSync(join(configDir, 'columns.json')).mode & 0o777).toBe(0o600);
		await first.close();

		// A restart with the same config folder: the same columns in the same order.
		const again = await setup({initialQuery: emptyQuery('signins'), size: {width: 120, height: 60}, configDir});
		await waitFor(again.frame, f => loaded(f) && f.includes('Failure reason'), 'the list as chosen');
		expect(labels(headerOf(again.frame(), 'Failure reason'))).toEqual(chosen);
		// Other lists keep their own columns.
		await again.press(':', f => f.includes('Pick a report'), 'the picker');
		await again.press('j', f => /› Sign-ins: non-interactive/.test(f), 'non-interactive');
		await again.press(KEYS.enter, f => loaded(f) && f.includes('type=non-interactive'), 'its list');
		expect(labels(headerOf(again.frame(), 'Failure reason'))).toEqual(chosen);
		await again.close();
	});

	it('a column too wide for the window is named in the header', async () => {
		const t = await setup({initialQuery: emptyQuery('audits'), size: {width: 130, height: 60}});
		await waitFor(t.frame, loaded, 'the audits');
		expect(headerOf(t.frame())).not.toContain('hidden');
		await t.press('C', f => f.includes('Columns: directory audits'), 'the chooser');
		const at = plain(t.frame()).findIndex(l => l.includes('[ ] Correlation id'));
		for (let i = 0; i < at - 2; i++) t.app.stdin.write('j');
		await waitFor(t.frame, f => /› \[ \] Correlation id/.test(f), 'the cursor on Correlation id');
		await t.press(' ', f => /› \[x\] Correlation id/.test(f), 'shown');
		await t.press(KEYS.enter, f => f.includes('loaded') && !f.includes('Columns:'), 'back to the list');
		expect(headerOf(t.frame())).toMatch(/ hidden: Correlation id$/);
		await t.close();
	});
});

describe('apps sign in with their own columns', () => {
	it.each([
		['service-principal', ['Service principal', 'Resource', 'Status', 'Credential'], 'Managed identity type'],
		['managed-identity', ['Service principal', 'Resource', 'Status', 'Managed identity type'], 'Credential'],
	] as const)('%s sign-ins show their defaults, not the user columns', async (type, shown, notShown) => {
		const t = await setup({
			initialQuery: {...emptyQuery('signins'), eventTypes: [type]},
			size: {width: 200, height: 12},
		});
		await waitFor(t.frame, f => loaded(f) && f.includes('Service principal'), 'the list');
		const header = headerOf(t.frame());
		for (const label of shown) expect(header).toContain(label);
		expect(header).not.toContain(notShown);
		expect(header).not.toContain('User / principal');
		await t.close();
	});
});

describe('every column of every catalogue, whatever a record holds', () => {
	it.each(['signins', 'audits', 'provisioning'] as const)(
		'%s: a cell is text and a tone is a tone, never a throw',
		(report: ReportId) => {
			const real =
				suite.emu.tenant[report === 'signins' ? 'signIns' : report === 'audits' ? 'directoryAudits' : 'provisioning'];
			const tones = new Set(['default', 'success', 'failure', 'warning', 'muted']);
			fc.assert(
				fc.property(fc.constantFrom(...real.slice(0, 50)), fc.anything(), fc.nat(), (record, hostile, pick) => {
					const keys = Object.keys(record);
					const r = {...record, [keys[pick % keys.length]!]: hostile} as GraphRecord;
					for (const c of catalogueOf(report)) {
						expect(typeof c.value(r)).toBe('string');
						if (c.tone) expect(tones.has(c.tone(r))).toBe(true);
					}
				}),
				{numRuns: 300},
			);
		},
	);
});
