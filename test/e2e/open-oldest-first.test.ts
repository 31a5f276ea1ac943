/**
 * `open FILE` of a file written oldest first (what `export --order oldest` writes, and many admin center downloads),
 * in a pty at 120x35: its newest record is at the top while the file is still being indexed ("indexing… N records so
 * far"), and once indexed the list is newest first, as sorted. Every screen the program drew is looked at (its
 * output replayed frame by frame into a terminal of the same size), so a frame that came and went is not missed.
 */
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import xterm from '@xterm/headless';
import {afterAll, describe, expect, it} from 'vitest';
import {Terminal} from '../helpers/terminal.js';
import {generateTenant} from '../../source/emulator/tenant/tenant.js';

const dir = mkdtempSync(join(tmpdir(), 'entra-logs-oldest-first-e2e-'));
afterAll(() => rmSync(dir, {recursive: true, force: true}));

const COUNT = 2000;
const records = generateTenant({seed: 'oldest-first-e2e', signIns: COUNT, hostileRecords: 0}).signIns;
const time = (r: unknown): string => String((r as {createdDateTime: string}).createdDateTime);
/** As the list shows a time: `2026-11-19 12:00:00`. */
const shown = (r: unknown): string => time(r).slice(0, 19).replace('T', ' ');
const newestFirst = [...records].sort((a, b) => Date.parse(time(b)) - Date.parse(time(a)));
const file = join(dir, 'oldest-first.ndjson');
writeFileSync(
	file,
	`${[...newestFirst]
		.reverse()
		.map(r => JSON.stringify(r))
		.join('\n')}\n`,
);

/** Each screen the output drew: replayed into a terminal of its size, a frame (a synchronized update) at a time. */
async function screens(raw: string, cols: number, rows: number): Promise<string[]> {
	const term = new xterm.Terminal({cols, rows, allowProposedApi: true});
	const out: string[] = [];
	for (const piece of raw.split(/(?=\u001b\[\?2026h)/)) {
		await new Promise<void>(resolve => term.write(piece, resolve));
		const buffer = term.buffer.active;
		out.push(
			Array.from({length: rows}, (_, i) => buffer.getLine(buffer.viewportY + i)?.translateToString(true) ?? '').join(
				'\n',
			),
		);
	}
	return out;
}

/** The times of the list's rows, top first. */
const rowTimes = (screen: string): string[] =>
	screen
		.split('\n')
		.map(line => /^[› ] (\d{4}-\d\d-\d\d \d\d:\d\d:\d\d) /.exec(line)?.[1])
		.filter((t): t is string => t !== undefined);

describe('open FILE of a file written oldest first', () => {
	it('shows its newest record at the top while the file is still being indexed, then the whole file newest first', async () => {
		const t = new Terminal(['open', file], {ENTRA_LOGS_CONFIG_DIR: join(dir, 'config')}, process.cwd(), 120, 35);
		try {
			// Indexed whole: the count is said.
			const last = await t.waitFor(/note: 2,000 records(?! so far)/, 90_000);
			const drawn = await screens(t.all, 120, 35);
			const early = drawn.find(s => {
				const indexed = /indexing… ([\d,]+) records so far/.exec(s)?.[1];
				return indexed !== undefined && Number(indexed.replace(/,/g, '')) < COUNT && rowTimes(s)[0] !== undefined;
			});
			expect(early, `no screen with rows while indexing; the screens:\n${drawn.join('\n----\n')}`).toBeDefined();
			expect(rowTimes(early!)[0]).toBe(shown(newestFirst[0]));
			// Once indexed: the rows on screen are the newest, newest first, as the sort gives them.
			const rows = rowTimes(last);
			expect(rows.length).toBeGreaterThan(20);
			expect(rows).toEqual(newestFirst.slice(0, rows.length).map(shown));
		} finally {
			t.kill();
		}
	}, 120_000);

	// Oldest first at its head and at its end, with the newest record far from either (a file put together by hand):
	// the rows first shown are not the newest. That is said once the file is indexed, not when the next page is asked
	// for (before, only after ten pages; found by an independent check).
	it('a file out of order within: once indexed, the status says the rows are shown from its end and r sorts them', async () => {
		const lines = [...newestFirst].reverse().map(r => JSON.stringify(r));
		const newest = lines.pop()!;
		lines.splice(200, 0, newest);
		const mixed = join(dir, 'mixed.ndjson');
		writeFileSync(mixed, `${lines.join('\n')}\n`);
		const t = new Terminal(['open', mixed], {ENTRA_LOGS_CONFIG_DIR: join(dir, 'config')}, process.cwd(), 120, 35);
		try {
			// Both said, with no key pressed (the count and the order's note may come a frame apart).
			const last = await t.waitFor(
				/(?=[\s\S]*note: 2,000 records(?! so far))(?=[\s\S]*not in time order: shown from its end \(r sorts it\))/,
				90_000,
			);
			expect(rowTimes(last)[0]).not.toBe(shown(newestFirst[0]));
		} finally {
			t.kill();
		}
	}, 120_000);
});
