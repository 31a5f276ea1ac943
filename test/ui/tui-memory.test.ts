/**
 * The TUI's memory does not grow with the rows paged through while its summary feed lags (issue 10: the built CLI
 * paging a 50,000-record file had 736 MB of RSS and died at about 17,000 rows with a 150 MB heap). The summary of the
 * loaded list is read while idle, a millisecond at a time, from the objects the prefetch parsed; it used to keep every
 * page it had not read yet, parsed (about 12 MB for 1,000 sign-ins), and falls behind whenever the main thread is
 * busy (a big file still being indexed). Measured in a process of its own: its JS heap after a full GC.
 */
import {spawnSync} from 'node:child_process';
import {dirname, join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {describe, expect, it} from 'vitest';

const CHILD = join(dirname(fileURLToPath(import.meta.url)), 'tui-memory-child.ts');

describe('the summary feed of the loaded list', () => {
	it('30,000 sign-ins shown while the feed gets no time keep a few pages of objects, each read once, and the summary is whole after', () => {
		const run = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', CHILD, '30000'], {
			encoding: 'utf8',
			timeout: 170_000,
		});
		expect(run.stderr).toBe('');
		const {rows, total, before, after, same, parsed} = JSON.parse(run.stdout.trim()) as {
			rows: number;
			total: number;
			before: number;
			after: number;
			same: boolean;
			parsed: number;
		};
		expect(rows).toBe(30_000);
		// The feed caught up and counted each record once: the summary is that of the records themselves.
		expect(total).toBe(30_000);
		expect(same).toBe(true);
		// Each record read from the objects the prefetch parsed, none parsed again from the list's text: a feed that
		// dropped the pages it lagged behind parsed 29,000 of them again, seconds of CPU spent through the keys typed
		// after the last page (29 ms of CPU a key over 100,000 loaded rows).
		expect(parsed).toBe(0);
		// Four pages of objects at most (two shown and not read yet, two read ahead), not thirty.
		expect((after - before) / 1e6).toBeLessThan(60);
	}, 180_000);
});
