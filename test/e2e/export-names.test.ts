/**
 * The names an export is given on a terminal, in a real tmux (found by an independent check): the TUI's `e` with the
 * opened file's name emptied it after "replace?"; a typed `mine.csv` got NDJSON; `~/x` was "no folder …/~"; and
 * `open FILE --out x.csv` on a terminal opened the TUI and wrote nothing. The oracle is the files' bytes.
 */
import {existsSync, mkdirSync, readFileSync, realpathSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';
import {tmuxPane} from '../helpers/tmux-pane.js';
import {sandbox, signIns} from '../safety/sandbox.js';

const quote = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;

describe('export names on a terminal', () => {
	/** `open in.ndjson` (30 records) in a tmux pane in the sandbox, HOME there too, at its export prompt. */
	async function atPrompt(): Promise<{root: string; home: string; input: string; pane: ReturnType<typeof tmuxPane>}> {
		const {root, env} = sandbox();
		const input = signIns(join(root, 'in.ndjson'), 30);
		const home = join(root, 'home');
		mkdirSync(home);
		const pane = tmuxPane(
			['open', 'in.ndjson'],
			{...env, HOME: home},
			120,
			20,
			command => `cd ${quote(root)} && ${command}; echo "EXIT=$?"; sleep 600`,
		);
		await pane.waitFor(r => r.some(l => /^1\/30 loaded/.test(l)), 'the list');
		pane.keys('e');
		await pane.waitForText(/entra-logs-signins-[\d-]+\.ndjson/);
		pane.keys('C-u');
		return {root, home, input, pane};
	}

	it("the TUI's prompt refuses the file being read: said as it is typed, and enter twice does nothing", async () => {
		const {input, pane} = await atPrompt();
		const bytes = readFileSync(input);
		pane.type('in.ndjson');
		await pane.waitForText('in.ndjson is the file being read: name another file');
		// Enter, and enter again (which replaced a file that is there): still the prompt, which takes the next key.
		pane.keys('Enter', 'Enter');
		pane.type('x');
		await pane.waitForText('› file in.ndjsonx');
		expect(readFileSync(input).equals(bytes)).toBe(true);
		pane.keys('Escape', 'q');
		await pane.waitForText('EXIT=0');
		expect(readFileSync(input).equals(bytes)).toBe(true);
	}, 90_000);

	it("the TUI's prompt takes the format from a typed name's extension and ~/ as the home folder", async () => {
		const {home, pane} = await atPrompt();
		pane.type('~/t.csv');
		// The name and what is said of it are drawn together: no "there is no folder …/~".
		expect(await pane.waitForText('› file ~/t.csv')).not.toMatch(/no folder/);
		await pane.waitFor(r => r.some(l => l.includes('[csv]')), 'the format following the name');
		pane.keys('Enter');
		await pane.waitForText(/exported 30 records to \S*t\.csv/);
		const csv = readFileSync(join(home, 't.csv'), 'utf8').split('\r\n').filter(Boolean);
		expect(csv[0]).toMatch(/^id,createdDateTime,/);
		expect(csv).toHaveLength(31);
		pane.keys('q');
		await pane.waitForText('EXIT=0');
	}, 90_000);

	it("the TUI's prompt: an interrupted export whose file is shorter than its checkpoint is refused, the file left as it is", async () => {
		const {root, pane} = await atPrompt();
		const out = join(root, 'r.ndjson');
		// What a copy that lost its end leaves: the checkpoint counts more bytes than the file holds.
		const half = readFileSync(join(root, 'in.ndjson'), 'utf8').split('\n').slice(0, 10).join('\n') + '\n';
		writeFileSync(out, half.slice(0, -100));
		writeFileSync(
			`${out}.checkpoint.json`,
			JSON.stringify({
				version: 1,
				// The query and the file it reads (the TUI runs in root: its path as the process sees it).
				queryKey: `Sign-ins | 0 ${join(realpathSync(root), 'in.ndjson')}`,
				format: 'ndjson',
				next: '10',
				bytes: half.length,
				records: 10,
				pages: 1,
			}),
		);
		const bytes = readFileSync(out);
		pane.type('r.ndjson');
		await pane.waitForText('an interrupted export of this query is there');
		pane.keys('Enter');
		await pane.waitForText(/export refused: \S*r\.ndjson is shorter than its checkpoint says/);
		expect(readFileSync(out).equals(bytes)).toBe(true);
		pane.keys('q');
		await pane.waitForText('EXIT=0');
	}, 90_000);

	it('open FILE --out x.csv on a terminal writes the CSV file (no TUI)', async () => {
		const {root, env} = sandbox();
		signIns(join(root, 'in.ndjson'), 30);
		const pane = tmuxPane(
			['open', 'in.ndjson', '--out', 'x.csv'],
			env,
			120,
			20,
			command => `cd ${quote(root)} && ${command}; echo "EXIT=$?"; sleep 600`,
		);
		const text = await pane.waitForText(/EXIT=\d|\d+\/\d+ loaded/);
		expect(text).toContain('EXIT=0');
		expect(existsSync(join(root, 'x.csv'))).toBe(true);
		expect(readFileSync(join(root, 'x.csv'), 'utf8').split('\r\n').filter(Boolean)).toHaveLength(31);
	}, 60_000);
});
