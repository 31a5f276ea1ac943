/**
 * `open FILE` in a pty while its temp folder fails under it (checker3 F6: TMPDIR full while paging killed the TUI with
 * an uncaught ENOSPC and a stack trace, from the summary's feed writing its chunk while idle). No small file system can
 * be mounted in a test, so the failures are real ones made another way: a TMPDIR that does not exist when the records
 * spill (every write there fails, as on a full disk), and the list's own temp folder removed once the records spill (the records'
 * open file goes on; the rows' and the summary's chunks, written later, cannot be). The TUI keeps running, says what
 * failed and what to do, loses no page, and each row stays its own record. `y` of a record too big for OSC 52, saved
 * to a temp file, says so too.
 */
import {mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {Terminal, until} from '../helpers/terminal.js';

const dir = mkdtempSync(join(tmpdir(), 'entra-logs-temp-fails-e2e-'));
afterAll(() => rmSync(dir, {recursive: true, force: true}));

const COUNT = 5000;
const upn = (i: number): string => `u${String(i).padStart(5, '0')}@contoso.com`;
/** Sign-ins newest first, record i (from 1) named by its UPN. */
const file = join(dir, 'signins.ndjson');
writeFileSync(
	file,
	Array.from({length: COUNT}, (_, k) =>
		JSON.stringify({
			id: `r${k + 1}`,
			createdDateTime: new Date(Date.UTC(2026, 10, 30, 12) - k * 1000).toISOString(),
			userPrincipalName: upn(k + 1),
			appDisplayName: 'Azure Portal',
			// The first too big for OSC 52: y saves it to a temp file.
			...(k === 0 ? {userAgent: 'x'.repeat(120_000)} : {}),
			status: {errorCode: 0},
		}),
	).join('\n') + '\n',
);

/** The TUI on the file, with its own TMPDIR (made first, unless `missing`). */
function openWith(name: string, missing = false): {t: Terminal; temp: string} {
	const temp = join(dir, name);
	if (!missing) mkdirSync(temp);
	const t = new Terminal(
		['open', file],
		{TMPDIR: temp, ENTRA_LOGS_CONFIG_DIR: join(dir, `${name}-config`)},
		process.cwd(),
		// Wide enough for the status line to hold the whole message with the test's long TMPDIR.
		240,
		35,
	);
	return {t, temp};
}

const loaded = (n: number): RegExp => new RegExp(`/${n} loaded`);
/** Records in the first page, as the status line says (a screen of them); the pages after it hold 1,000. */
const firstPage = (screen: string): number => Number(/\/(\d+) loaded/.exec(screen)![1]);
/** The row the cursor is on. */
const cursorRow = (screen: string): string | undefined => screen.split('\n').find(line => line.startsWith('›'));

describe('open FILE while its temp folder fails', () => {
	it('TMPDIR missing when the records first spill: the page fails with a line that says so; with it there, n loads that page, none skipped', async () => {
		// Missing from the start: the page read ahead after the first may spill before a test could remove it.
		const {t, temp} = openWith('gone', true);
		try {
			await t.waitFor(upn(1), 30_000);
			const first = firstPage(await t.waitFor(/\/\d+ loaded/));
			// y on the first record, too big for OSC 52, would save it in TMPDIR: said, not thrown.
			await t.key('y');
			await t.waitFor('too big for the terminal clipboard, and not saved: the temp folder');
			await t.key('n');
			const failed = await t.waitFor(/error \(n tries again\)/, 30_000);
			expect(failed).toContain(
				`error (n tries again): the temp folder ${temp} does not exist (any more): make it, or set TMPDIR to a folder that does`,
			);
			expect(failed).not.toMatch(/ENOENT/);
			expect(t.exitCode).toBeUndefined();
			mkdirSync(temp);
			await t.key('n');
			await t.waitFor(loaded(first + 1000), 30_000);
			// The list's last row is the page's last record, and its detail is that record: the page that failed was
			// neither skipped nor kept twice.
			await t.key('G');
			const bottom = await t.waitFor(new RegExp(`^› .*${upn(first + 1000)}`, 'm'));
			expect(cursorRow(bottom)).toContain(upn(first + 1000));
			await t.key('\r');
			const detail = await t.waitFor(new RegExp(`r${first + 1000}\\b`));
			expect(detail).toContain(upn(first + 1000));
			expect(t.exitCode).toBeUndefined();
		} finally {
			t.kill();
		}
	}, 120_000);

	it('its own temp folder removed once the records spill: paging on to the end and the summary go on, nothing lost', async () => {
		const {t, temp} = openWith('removed');
		try {
			const first = firstPage(await t.waitFor(/\/\d+ loaded/, 30_000));
			await t.key('n');
			await t.waitFor(loaded(first + 1000), 30_000);
			const store = await until(
				() => readdirSync(temp).find(name => name.startsWith('entra-logs-store-')),
				'the list’s temp folder',
			);
			rmSync(join(temp, store), {recursive: true, force: true});
			// Past 4,096 records the rows' and the summary's first chunks are written: their file cannot be made now.
			for (const n of [first + 2000, first + 3000, first + 4000, COUNT]) {
				await t.key('n');
				await t.waitFor(loaded(n), 30_000);
			}
			await t.key('s');
			const summary = await t.waitFor(`Summary of the ${COUNT.toLocaleString('en-US')} loaded records`, 30_000);
			expect(summary).not.toMatch(/Incomplete|error/);
			await t.key('\u001b');
			await t.key('G');
			await t.waitFor(new RegExp(`^› .*${upn(COUNT)}`, 'm'));
			expect(t.exitCode).toBeUndefined();
			await t.key('q');
			expect(await t.exited(20_000)).toBe(0);
			expect(t.all).not.toMatch(/\n\s+at |ENOENT/);
		} finally {
			t.kill();
		}
	}, 120_000);
});
