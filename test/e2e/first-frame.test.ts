/**
 * `open FILE`'s first frame is written before Ink loads (source/ui/first-frame.ts), and Ink takes the screen over from
 * it. In a real tmux with its default settings, at a small, the usual and a large size: the pane's bytes show the
 * frame with its rows written before Ink's first output; once Ink has taken over, the screen (characters and
 * styles, `capture-pane -e`) is exactly the screen of a run where Ink draws every frame (ENTRA_LOGS_EARLY_FRAME=0),
 * with no stale line; and keys typed during the start (before the first frame, and between it and Ink) all count.
 */
import {spawnSync} from 'node:child_process';
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {CLI, until} from '../helpers/terminal.js';
import {cells} from '../helpers/screen-cells.js';
import {generateTenant} from '../../source/emulator/tenant/tenant.js';
import {columnChoices} from '../../source/ui/column-choices.js';

const dir = mkdtempSync(join(tmpdir(), 'entra-logs-first-frame-e2e-'));
const socket = `first-frame-${process.pid}`;
let socketPath = '';
afterAll(() => {
	tmux('kill-server');
	// tmux 3.3 leaves its socket behind.
	if (socketPath) rmSync(socketPath, {force: true});
	rmSync(dir, {recursive: true, force: true});
});

const file = join(dir, 'signins.ndjson');
writeFileSync(
	file,
	`${generateTenant({seed: 'first-frame-e2e', signIns: 2000, hostileRecords: 0})
		.signIns.map(r => JSON.stringify(r))
		.join('\n')}\n`,
);

/** tmux on a server of our own, with no configuration file: its defaults. */
function tmux(...args: string[]): string {
	return spawnSync('tmux', ['-L', socket, '-f', '/dev/null', ...args], {encoding: 'utf8'}).stdout;
}

const quote = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;

/**
 * `open FILE` in a pane of `width`x`height` whose bytes go to a file: the command waits for a line on its terminal
 * (so that nothing is written before tmux pipes the pane), then `keys` are typed at once, and again once the first
 * rows are on screen. Resolves to the screen once the file is indexed and the cursor is where the keys took it, and
 * the pane's bytes.
 */
async function run(
	name: string,
	width: number,
	height: number,
	env: Record<string, string>,
	keys: readonly string[],
): Promise<{screen: string; bytes: string}> {
	const log = join(dir, `${name}.bytes`);
	const vars = Object.entries({ENTRA_LOGS_CONFIG_DIR: join(dir, 'config'), ...env}).map(([k, v]) => `${k}=${quote(v)}`);
	const command = `read -r _; exec env -u CI ${vars.join(' ')} ${quote(process.execPath)} ${quote(CLI)} open ${quote(file)}`;
	tmux('new-session', '-d', '-x', String(width), '-y', String(height), '-s', name, `sh -c ${quote(command)}`);
	socketPath ||= tmux('display-message', '-p', '-t', name, '#{socket_path}').trim();
	tmux('pipe-pane', '-t', name, `cat > ${quote(log)}`);
	tmux('send-keys', '-t', name, 'Enter', ...keys);
	const screen = (): string => tmux('capture-pane', '-p', '-t', name);
	await until(() => /\d+\/\d+ loaded/.test(screen()), 'the first rows', 60_000);
	tmux('send-keys', '-t', name, ...keys);
	const row = 1 + 2 * keys.length;
	// The count is said once the file is indexed, after the first rows ("indexing… 2,000 records so far" until then: a
	// run caught at that frame differed from the other): in a narrow pane the status line is cut before it, and what
	// the pane shows is then the same before and after.
	const settled = (text: string): boolean =>
		new RegExp(`(?<!\\d)${row}/\\d+ loaded`).test(text) && (width < 100 || /note: 2,000 records(?! so far)/.test(text));
	try {
		await until(() => settled(screen()), `row ${row} and the count`, 60_000);
	} catch (error) {
		throw new Error(`${(error as Error).message}; the screen:\n${screen()}`);
	}
	// Nothing more is coming: the screen has settled on its last frame.
	const styled = tmux('capture-pane', '-e', '-p', '-t', name);
	tmux('send-keys', '-t', name, 'q');
	await until(() => !tmux('list-sessions').includes(`${name}:`), 'the end of the run', 30_000);
	return {screen: styled, bytes: readFileSync(log, 'latin1')};
}

describe("open's first frame in a real tmux, and Ink's takeover", () => {
	for (const [width, height] of [
		[60, 15],
		[120, 35],
		[200, 60],
	] as const) {
		it(`${width}x${height}: the frame with rows comes before Ink's output; after the takeover the screen is Ink's own, keys typed during start included`, async () => {
			const keys = ['j', 'j'];
			const early = await run(`early-${width}`, width, height, {}, keys);
			const ink = await run(`ink-${width}`, width, height, {ENTRA_LOGS_EARLY_FRAME: '0'}, keys);
			// The first write is the whole frame: the alternate screen, the cursor hidden, every line, the rows among them
			// (before it, the pane holds what the terminal echoed of the keys typed before the program read any).
			const start = early.bytes.indexOf('\u001b[?1049h');
			const first = early.bytes.slice(start);
			expect(first.startsWith('\u001b[?1049h\u001b[H\u001b[?25l')).toBe(true);
			const frame = first.slice(0, first.indexOf('\u001b[?', 20));
			expect(frame.split('\n')).toHaveLength(height);
			// Its first page is a screen of records: 50, or as many as the pane has rows, if more.
			expect(frame).toMatch(new RegExp(`(?<!\\d)1/${Math.max(50, height)} loaded`));
			// Without it, Ink's first output comes first (a synchronized update of its frame).
			expect(ink.bytes.slice(ink.bytes.indexOf('\u001b[?1049h'))).toMatch(/^\u001b\[\?1049h\u001b\[H\u001b\[\?2026h/);
			// Ink's last frame is on screen, styles and all, with nothing of the first frame left over.
			expect(cells(early.screen)).toEqual(cells(ink.screen));
			expect(early.screen).toMatch(/(?<!\d)5\/\d+ loaded/);
		}, 180_000);
	}

	it("the columns chosen with C (saved in the config folder) are the first frame's, not the defaults the App then replaced", async () => {
		// Saved as C saves them (conf's columns.json, in a config folder of its own).
		const config = join(dir, 'chosen-config');
		const chosen = columnChoices(config);
		await chosen.set('signins', ['time', 'errorCode', 'user', 'status']);
		const env = {ENTRA_LOGS_CONFIG_DIR: config};
		const early = await run('chosen-early', 120, 35, env, ['j']);
		const ink = await run('chosen-ink', 120, 35, {...env, ENTRA_LOGS_EARLY_FRAME: '0'}, ['j']);
		const first = early.bytes.slice(early.bytes.indexOf('\u001b[?1049h'));
		const frame = first.slice(0, first.indexOf('\u001b[?', 20));
		// The frame has rows, under the chosen columns' header.
		expect(frame).toMatch(/(?<!\d)1\/\d+ loaded/);
		expect(frame).toMatch(/Date \(UTC\) +Error code +User \/ principal +Status/);
		expect(frame).not.toContain('Application');
		expect(cells(early.screen)).toEqual(cells(ink.screen));
	}, 180_000);
});
