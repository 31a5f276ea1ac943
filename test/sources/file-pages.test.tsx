/**
 * A file's pages, on real temp files: a filter's pages fill with matches up to the page size (as Graph's do), the
 * ids checked against the records the test wrote; and in the TUI, a file found not newest first after its first
 * page was shown keeps every row where it was, so the cursor stays on the record the user is on.
 */
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {render} from 'ink-testing-library';
import {afterAll, describe, expect, it} from 'vitest';
import {App} from '../../source/ui/app.js';
import {wireTui} from '../../source/ui/run.js';
import {queryFromFlags} from '../../source/cli/args.js';
import {emptyQuery, resolveQuery} from '../../source/query/query.js';
import {FileSource} from '../../source/sources/file-source.js';
import {frames} from './run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'entra-logs-file-pages-'));
afterAll(() => rmSync(dir, {recursive: true, force: true}));

/** `count` sign-ins a second apart, newest first; the last `newerLast` newer than all the others (two files joined). */
function signIns(count: number, user: (i: number) => string, newerLast = 0): string {
	const base = Date.parse('2026-11-19T12:00:00Z');
	const lines: string[] = [];
	for (let i = 0; i < count; i++) {
		const at = i >= count - newerLast ? base + (count - i) * 1000 : base - i * 1000;
		lines.push(`{"id":"r${i}","createdDateTime":"${new Date(at).toISOString()}","userPrincipalName":"${user(i)}"}`);
	}
	return `${lines.join('\n')}\n`;
}

describe('a filtered file', () => {
	it('fills each page after the first with matches, up to the page size, for the CLI and the list alike', async () => {
		const path = join(dir, 'rare.ndjson');
		// One record in 50 is the user's: 480 of 24,000.
		const rare = (i: number): boolean => i % 50 === 7;
		writeFileSync(
			path,
			signIns(24_000, i => (rare(i) ? 'rare@contoso.com' : `u${i % 97}@contoso.com`)),
		);
		const want = Array.from({length: 24_000}, (_, i) => i)
			.filter(rare)
			.map(i => `r${i}`);
		const query = resolveQuery(queryFromFlags('signins', {user: 'rare@contoso.com'}));
		for (const streaming of [false, true]) {
			const sizes: number[] = [];
			const ids: string[] = [];
			for await (const page of new FileSource(path, query, undefined, streaming).pages()) {
				sizes.push(page.records.length);
				ids.push(...page.records.map(r => String(r['id'])));
			}
			expect(ids).toEqual(want);
			// The first page comes with its first matches (those of its first 100 records: the first rows at once);
			// the next holds up to a page (1,000) of them: here all 478 left, not a window's 20 (on a machine so loaded
			// that a second does not read 24,000 short records, what it read).
			expect(sizes[0], `streaming: ${streaming}`).toBe(2);
			expect(sizes[1], `streaming: ${streaming}`).toBeGreaterThanOrEqual(200);
			if (sizes.length === 2) expect(sizes[1]).toBe(478);
		}
	});
});

describe('the list of a file that is not newest first', () => {
	it('keeps its rows where they were when the file is found unsorted: the cursor stays on its record across n', async () => {
		const path = join(dir, 'joined.ndjson');
		writeFileSync(
			path,
			signIns(30_000, i => `u${i}@contoso.com`, 1000),
		);
		const {store, props} = wireTui(
			{offline: {file: path}, query: queryFromFlags('signins', {}), configDir: dir, emptyQuery},
			{write: () => undefined, env: {}, cwd: dir},
		);
		const app = render(<App {...props} width={120} height={20} />);
		const {until} = frames(app);
		const selected = (f: string): string => f.split('\n').find(l => l.startsWith('›')) ?? '';
		try {
			await until(f => /\b1\/100 loaded/.test(f), 'the first page');
			for (let k = 0; k < 5; k++) app.stdin.write('j');
			const before = selected(await until(f => /\b6\/100 loaded/.test(f), 'the cursor on row 6'));
			expect(before).toContain('u5@contoso.com');
			app.stdin.write('n');
			const after = await until(f => /\b6\/1,?100 loaded/.test(f), 'the second page');
			// The same record under the cursor, the first row still the file's first, and the note says why.
			expect(selected(after)).toBe(before);
			expect(after).toContain('u0@contoso.com');
			// Said whole in a status line of 120 columns, what to do included.
			await until(f => f.includes('not newest first: shown in file order (r sorts it)'), 'the note');
		} finally {
			app.unmount();
			store.close();
		}
	});
});
