/**
 * The built CLI in a pty, its screen read cell by cell through xterm.js (Unicode 11 widths): applications named with a
 * keycap, Zalgo text, combining accents, an emoji ZWJ sequence and selectors, and the list's next column and the
 * summary's count column start in the same cell on every row.
 */
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {Terminal} from '../helpers/terminal.js';
import {testTenant, TEST_NOW} from '../helpers/emulator.js';

const dir = mkdtempSync(join(tmpdir(), 'entra-logs-columns-e2e-'));
afterAll(() => rmSync(dir, {recursive: true, force: true}));

const APPS = [
	'Plain app',
	'1️⃣ Keycap app',
	'Z̴̡̛͎̈́a̷̰l̶̗g̸̣o̵̙ app',
	'Cafe\u0301 re\u0301sume\u0301',
	'👩‍💻 Dev ❤️ app',
	'漢字 app ✌︎',
];
const base = testTenant().signIns.find(
	s => (s['signInEventTypes'] as string[] | undefined)?.[0] === 'interactiveUser',
)!;
const file = join(dir, 'apps.ndjson');
writeFileSync(
	file,
	`${APPS.map((app, i) =>
		JSON.stringify({
			...structuredClone(base),
			id: `0000000${i}-aaaa-4aaa-8aaa-00000000000${i}`,
			createdDateTime: new Date(TEST_NOW.getTime() - 60_000 * (i + 1)).toISOString(),
			userPrincipalName: 'alice@contoso.com',
			appDisplayName: app,
			status: {errorCode: 0},
		}),
	).join('\n')}\n`,
);

/** The cell where `text` starts on a row, read cell by cell (a wide character's right half is an empty cell). */
function cellOf(t: Terminal, row: number, text: string): number {
	const cells = t.cells(row);
	for (let x = 0; x < cells.length; x++) {
		let at = x;
		let ok = true;
		for (const ch of text) {
			if (cells[at]?.chars !== ch) {
				ok = false;
				break;
			}
			at++;
		}
		if (ok) return x;
	}
	return -1;
}

describe('columns of hostile values, in a terminal', () => {
	it('the list: the column after an application named with a keycap or Zalgo text starts in the same cell on every row', async () => {
		const t = new Terminal(['open', file], {ENTRA_LOGS_CONFIG_DIR: join(dir, 'config')}, process.cwd(), 120, 45);
		try {
			const screen = await t.waitFor('all loaded');
			const rows = screen.split('\n').flatMap((l, y) => (l.includes('Success') ? [y] : []));
			expect(rows).toHaveLength(APPS.length);
			const starts = rows.map(y => cellOf(t, y, 'Success'));
			expect(new Set(starts).size, JSON.stringify(starts)).toBe(1);
			// The summary: each application's count (one each: 16.7%) in one column.
			await t.key('s');
			await t.waitFor('Summary of');
			const summary = (await t.waitFor(/^ ?Application/m)).split('\n');
			const top = summary.findIndex(l => /^ ?Application/.test(l));
			const lines = summary.slice(top + 1, top + 1 + APPS.length).map((_, k) => top + 1 + k);
			const counts = lines.map(y => cellOf(t, y, '16.7%'));
			expect(
				counts.every(x => x > 0),
				summary.join('\n'),
			).toBe(true);
			expect(new Set(counts).size, JSON.stringify(counts)).toBe(1);
		} finally {
			t.kill();
		}
	});
});
