/**
 * Leaving the TUI while an export runs says what the export's checkpoint holds (found by an independent check: "at
 * 1,100 records, 2 pages" where the file and checkpoint held 2,100 records, 3 pages: the page being written at the
 * stop is finished and kept, but the line was made before it). The built CLI in a real tmux, `open` of a file, whose
 * pages come as fast as they are written; the oracle is the checkpoint and the lines in the file.
 */
import {readFileSync} from 'node:fs';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';
import {tmuxPane} from '../helpers/tmux-pane.js';
import {sandbox, signIns} from '../safety/sandbox.js';

describe('leaving during an export', () => {
	for (const how of ['ctrl-c', 'q twice'] as const)
		it(`${how}: the line said after the TUI is gone counts what the file and its checkpoint hold`, async () => {
			const {root, env} = sandbox();
			const file = signIns(join(root, 'in.ndjson'), 150_000);
			const out = join(root, 'out.ndjson');
			const pane = tmuxPane(['open', file], env, 120, 20, command => `${command}; echo "EXIT=$?"; sleep 600`);
			await pane.waitFor(r => r.some(l => /^1\/\d+ loaded/.test(l)), 'the list');
			pane.keys('e');
			await pane.waitForText(/entra-logs-signins-[\d-]+\.ndjson/);
			pane.keys('C-u');
			pane.type(out);
			pane.keys('Enter');
			await pane.waitForText(/exporting to .*out\.ndjson: [1-9][\d,]* records/);
			if (how === 'ctrl-c') pane.keys('C-c');
			else pane.keys('q', 'q');
			await pane.waitForText('EXIT=');
			// The pane's lines with wrapped ones joined (-J), as the line was written.
			const text = pane.run('capture-pane', '-p', '-J', '-t', 'p').stdout;
			const said = /stopped exporting to \S*out\.ndjson at ([\d,]+) records, (\d+) pages?: run the same export/.exec(
				text,
			);
			expect(said, text).not.toBeNull();
			const cp = JSON.parse(readFileSync(`${out}.checkpoint.json`, 'utf8')) as {records: number; pages: number};
			expect([Number(said![1]!.replace(/,/g, '')), Number(said![2])]).toEqual([cp.records, cp.pages]);
			expect(readFileSync(out, 'utf8').split('\n').length - 1).toBe(cp.records);
		}, 120_000);
});
