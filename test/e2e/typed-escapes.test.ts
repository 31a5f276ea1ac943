/**
 * The TUI in a pty (the built CLI, `open FILE`, its screen through xterm.js): what the screen shows escaped can be typed
 * back into the filter editor and finds the record; the detail tells a line feed in a value from a space.
 */
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {Terminal} from '../helpers/terminal.js';
import {testTenant, TEST_NOW} from '../helpers/emulator.js';

const dir = mkdtempSync(join(tmpdir(), 'entra-logs-typed-e2e-'));
afterAll(() => rmSync(dir, {recursive: true, force: true}));

const base = testTenant().signIns.find(
	s => (s['signInEventTypes'] as string[] | undefined)?.[0] === 'interactiveUser',
)!;
const record = (i: number, upn: string, app: string): Record<string, unknown> => ({
	...structuredClone(base),
	id: `0000000${i}-aaaa-4aaa-8aaa-00000000000${i}`,
	createdDateTime: new Date(TEST_NOW.getTime() - 60_000 * (i + 1)).toISOString(),
	userPrincipalName: upn,
	appDisplayName: app,
});
const file = join(dir, 'hidden.ndjson');
writeFileSync(
	file,
	`${[
		record(0, 'alice\u200b@contoso.com', 'Line one\nLine two'),
		record(1, 'alice@contoso.com', 'Line one Line two'),
		record(2, 'carol@contoso.com', 'Other'),
		// Its UPN holds the text \u200b itself (a backslash): shown as alice's hidden one is.
		record(3, 'dave\\u200b@contoso.com', 'Literal'),
	]
		.map(r => JSON.stringify(r))
		.join('\n')}\n`,
);

describe('typing back what the TUI shows', () => {
	const open = async (): Promise<Terminal> => {
		const t = new Terminal(['open', file], {ENTRA_LOGS_CONFIG_DIR: join(dir, 'config')}, process.cwd(), 120, 30);
		await t.waitFor('1/4 loaded · 1 page · all loaded');
		expect(t.screen).toContain('alice\\u200b@contoso');
		return t;
	};

	it('the detail shows a line feed in a value as \\u000a; a space stays a space', async () => {
		const t = await open();
		try {
			// The newest record's detail, then the next one's.
			await t.key('\r');
			await t.waitFor('record 1/4');
			expect(t.screen).toContain('Line one\\u000aLine two');
			await t.key('\u001b[C');
			await t.waitFor('record 2/4');
			expect(t.screen).toContain('Line one Line two');
			expect(t.screen).not.toContain('\\u000a');
		} finally {
			t.kill();
		}
	});

	// Typed as the list shows it, or pasted as the character itself (which was taken off: the filter then found the
	// look-alike alice@contoso.com, found by an independent check): the field shows it escaped, the filter finds it.
	it.each([
		['typed as the list shows it', 'alice\\u200b@contoso.com'],
		['pasted with the character itself', '\u001b[200~alice\u200b@contoso.com\u001b[201~'],
	])(
		'the filter editor takes alice\\u200b@contoso.com %s and finds that UPN, not the look-alike',
		async (_how, keys) => {
			const t = await open();
			try {
				// The filters: Since, Until, then User.
				await t.key('f');
				await t.waitFor('Filters:');
				await t.key('\u001b[B');
				await t.key('\u001b[B');
				await t.key(keys);
				await t.waitFor('alice\\u200b@contoso.com ');
				await t.key('\r');
				const screen = await t.waitFor(/1\/1 loaded|No records match/);
				expect(screen).toContain('1/1 loaded');
				expect(screen).toContain('alice\\u200b@contoso');
				expect(screen).not.toContain('carol@');
			} finally {
				t.kill();
			}
		},
	);

	it("a pivot's value shows in the filter editor as the list shows it, and applies as it was (the text \\u200b too)", async () => {
		const t = await open();
		/** u on the selected row, then the filters: the field shows the UPN as the list does; enter keeps the value. */
		const pivotAndApply = async (upn: RegExp, shown: string): Promise<string> => {
			await t.key('u');
			await t.waitFor('1/1 loaded');
			await t.key('f');
			await t.waitFor(upn);
			await t.key('\r');
			const screen = await t.waitFor(/1\/1 loaded|No records match/);
			expect(screen).toContain('1/1 loaded');
			expect(screen).toContain(shown);
			return screen;
		};
		try {
			// alice's hidden character: before, the field held it raw (unseen).
			expect(await pivotAndApply(/User +alice\\u200b@contoso\.com/, 'alice\\u200b@contoso')).not.toContain('dave');
			// The same query applied again is loaded anew (no list of its own): esc goes back to the whole file.
			await t.key('\u001b');
			await t.waitFor('/4 loaded');
			// dave's UPN holds the text \u200b itself: left as it was, the field keeps that text.
			await t.key('G');
			await t.waitFor('4/4 loaded');
			await pivotAndApply(/User +dave\\u200b@contoso\.com/, 'dave\\u200b@contoso');
		} finally {
			t.kill();
		}
	});
});
