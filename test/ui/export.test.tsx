/**
 * The export prompt and the export as a background job: replacing a file, finishing an interrupted export, and q
 * while it runs.
 */
import {describe, expect, it, onTestFinished} from 'vitest';
import {emptyQuery, resolveQuery} from '../../source/query/query.js';
import {GraphSource} from '../../source/sources/graph-source.js';
import {exportKey, runExport} from '../../source/export/export.js';
import {KEYS, tick, waitFor, tuiSuite} from '../helpers/tui.js';
import {existsSync, readFileSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';

/** This file's emulator, and the App as the CLI wires it against it. */
const suite = tuiSuite();
const {setup} = suite;

describe('the TUI: export', () => {
	it('e into a file that is there asks before replacing it; an interrupted export of the same query is finished, not restarted', async () => {
		const t = await setup({initialQuery: emptyQuery('signins')});
		await waitFor(t.frame, f => /1\/20 loaded/.test(f), 'the list');
		const exportTo = async (name: string, until: (f: string) => boolean, what: string): Promise<void> => {
			await t.press('e', f => f.includes('Export '), 'the export prompt');
			t.app.stdin.write('\u0015');
			for (const ch of name) t.app.stdin.write(ch);
			await t.press(KEYS.enter, until, what);
		};
		const lines = (name: string): string[] => readFileSync(join(t.cwd, name), 'utf8').split('\n').filter(Boolean);

		writeFileSync(join(t.cwd, 'keep.ndjson'), 'precious\n');
		await exportTo('keep.ndjson', f => f.includes('enter again replaces it'), 'the question');
		expect(readFileSync(join(t.cwd, 'keep.ndjson'), 'utf8')).toBe('precious\n');
		await t.press(KEYS.enter, f => /exported [\d,]+ records to/.test(f), 'the export');
		// The export's last line is the job's, no screen's: it stays on the screen esc leads to (the picker), and back.
		await t.press(KEYS.esc, f => f.includes('Pick a report'), 'the picker');
		expect(t.frame()).toMatch(/exported [\d,]+ records to/);
		await t.press(KEYS.esc, f => f.includes('User / principal'), 'the list again');
		expect(t.frame()).toMatch(/exported [\d,]+ records to/);
		const all = lines('keep.ndjson').map(l => (JSON.parse(l) as {id: string}).id);
		expect(all.length).toBeGreaterThan(1000);

		// An export of the same query stopped after its first page (Ctrl-C, a lost connection), by the real exporter.
		const q = emptyQuery('signins');
		const source = new GraphSource(t.services.client, resolveQuery(q), q, {
			graphBase: t.services.graphBase,
			pageSize: 1000,
		});
		const controller = new AbortController();
		const half = join(t.cwd, 'half.ndjson');
		await runExport({
			source,
			report: 'signins',
			format: 'ndjson',
			out: half,
			queryKey: exportKey(q, source),
			signal: controller.signal,
			onProgress: p => {
				if (p.pages === 1) controller.abort();
			},
		}).catch(() => undefined);
		expect(lines('half.ndjson')).toHaveLength(1000);
		await t.press('e', f => f.includes('Export '), 'the export prompt');
		t.app.stdin.write('\u0015');
		for (const ch of 'half.ndjson') t.app.stdin.write(ch);
		await waitFor(
			t.frame,
			f => f.includes('an interrupted export of this query is there: enter finishes it'),
			'the offer to finish it',
		);
		await t.press(KEYS.enter, f => f.includes('(finished an interrupted'), 'the finished export');
		expect(lines('half.ndjson').map(l => (JSON.parse(l) as {id: string}).id)).toEqual(all);
		expect(existsSync(`${half}.checkpoint.json`)).toBe(false);
		await t.close();
	});

	it('q while an export runs warns once, and progress leaves the warning be; q again cancels it, keeps its checkpoint and quits', async () => {
		const t = await setup({initialQuery: emptyQuery('signins')});
		await waitFor(t.frame, f => /1\/20 loaded/.test(f), 'the list');
		// A slow Graph from here on: the export's pages take a second each while the loaded list stays at hand.
		await suite.emu.control('faults', {latencyMs: 1000});
		// (once more if the helper's kept-alive connection was closed by the server meanwhile)
		onTestFinished(async () => {
			await suite.emu.control('faults', {}).catch(() => suite.emu.control('faults', {}));
		});
		await t.press('e', f => f.includes('Export '), 'the export prompt');
		t.app.stdin.write('\u0015');
		t.app.stdin.write('slow.ndjson');
		await t.press(KEYS.enter, f => f.includes('exporting to slow.ndjson'), 'the running export');
		await t.press(KEYS.down, f => f.includes('2/20 loaded'), 'the list, still there');
		await t.press('e', f => f.includes('an export is running'), 'one export at a time');
		// The key that leaves a text field is not also a list command: esc from the filters is not "back".
		await t.press('f', f => f.includes('Filters: Sign-ins'), 'the filters');
		await t.press(KEYS.esc, f => f.includes('User / principal'), 'the list again');
		await t.press(KEYS.down, f => f.includes('3/20 loaded'), 'the same list');
		expect(t.frame()).not.toContain('Pick a report');
		const warning = 'an export is running: q again cancels it; run the same export with --resume to finish it';
		await t.press('q', f => f.includes(warning), 'the warning');
		// The next pages are written meanwhile: their progress does not replace the warning.
		const file = join(t.cwd, 'slow.ndjson');
		const lines = (): number => (existsSync(file) ? readFileSync(file, 'utf8').split('\n').length - 1 : 0);
		const before = lines();
		await waitFor(
			() => String(lines()),
			n => Number(n) >= before + 1000,
			'another page written',
			20_000,
		);
		await tick();
		expect(t.frame()).toContain(warning);
		expect(t.exited()).toBe(false);
		// q again: the export stops where it is, its checkpoint kept, and the app quits within a second or so.
		const asked = Date.now();
		t.app.stdin.write('q');
		await waitFor(
			() => String(t.exited()),
			e => e === 'true',
			'the app to exit',
			5_000,
		);
		expect(Date.now() - asked).toBeLessThan(2_000);
		expect(existsSync(`${file}.checkpoint.json`)).toBe(true);
		const kept = lines();
		expect(kept).toBeGreaterThanOrEqual(before + 1000);
		// Nothing goes on writing after the app has gone.
		await new Promise(r => setTimeout(r, 1500));
		expect(lines()).toBe(kept);
		await t.close();
	});

	it('e into a folder that is not there says so as the name is typed, and enter waits for a name that can be written', async () => {
		const t = await setup({initialQuery: emptyQuery('signins')});
		await waitFor(t.frame, f => /1\/20 loaded/.test(f), 'the list');
		await t.press('e', f => f.includes('Export '), 'the export prompt');
		t.app.stdin.write('\u0015');
		const missing = join(t.cwd, 'no-such-folder');
		for (const ch of join(missing, 'x.ndjson')) t.app.stdin.write(ch);
		await waitFor(t.frame, f => f.includes('there is no folder'), 'the problem, inline');
		await t.press(KEYS.enter, f => f.includes('there is no folder') && f.includes('Export '), 'still the prompt');
		expect(t.frame()).not.toMatch(/export failed|ENOENT|exporting to/);
		// A folder in the file's place is named as such.
		t.app.stdin.write('\u0015');
		for (const ch of t.cwd) t.app.stdin.write(ch);
		await waitFor(t.frame, f => f.includes('is a folder: name a file in it'), 'a folder named');
		t.app.stdin.write('\u0015');
		for (const ch of join(t.cwd, 'fine.ndjson')) t.app.stdin.write(ch);
		await t.press(KEYS.enter, f => /exported [\d,]+ records to/.test(f), 'the export');
		expect(readFileSync(join(t.cwd, 'fine.ndjson'), 'utf8').split('\n').filter(Boolean).length).toBeGreaterThan(1000);
		await t.close();
	});
});
