/**
 * The header always says where the records come from (found by an independent check: at 60 columns, or once filters
 * were applied, the workspace and the demo's "(demo tenant, local emulator)" were gone): the account goes first, then
 * the report's name and the source are shortened (a workspace's ID, a file's name, a URL's host), and the filters go on
 * a second line. On the emulator's workspace through the App, and for any parts and widths.
 */
import {describe, expect, it} from 'vitest';
import fc from 'fast-check';
import stringWidth from 'string-width';
import {emptyQuery} from '../../source/query/query.js';
import {workspaceIdFor} from '../../source/emulator/log-analytics/index.js';
import {headerLines, workspaceHeader} from '../../source/ui/header.js';
import {waitFor, tuiSuite} from '../helpers/tui.js';
import {spawn, spawnSync} from 'node:child_process';
import {join} from 'node:path';
import {sandbox, signIns} from '../safety/sandbox.js';
import {tmuxPane} from '../helpers/tmux-pane.js';

const suite = tuiSuite();

describe('the header names the source', () => {
	it('a workspace at 60 columns with filters: the workspace shown, every filter whole', async () => {
		const ws = workspaceIdFor(suite.emu.tenantId);
		const filters = {user: 'alice@contoso.com', status: 'failure'};
		const t = await suite.setup({
			initialQuery: {...emptyQuery('signins'), workspace: ws, filters},
			args: ['--workspace', ws],
			size: {width: 60, height: 24},
		});
		await waitFor(t.frame, f => /\d+\/\d+ loaded|error/.test(f), 'the list', 120_000);
		const lines = t.frame().split('\n');
		const top = lines.slice(0, 2).join(' · ');
		for (const line of lines) expect(stringWidth(line)).toBeLessThanOrEqual(60);
		expect(lines[0]).toMatch(new RegExp(`^entra-logs workspace ${ws.slice(0, 8)}`));
		for (const [k, v] of Object.entries(filters)) expect(top).toContain(`${k}=${v}`);
		await t.close();
	}, 180_000);

	it('open of a pipe, in tmux: the header names the FIFO, or stdin, not the private copy, in the first frame and after', async () => {
		const {root, env} = sandbox();
		const fifo = join(root, 'signins.fifo');
		expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
		const file = signIns(join(root, 'in.ndjson'), 300);
		// The FIFO named on the command line; then standard input fed from it (`open /dev/stdin < fifo`).
		for (const [args, shell, named] of [
			[['open', fifo], undefined, fifo],
			[['open', '/dev/stdin'], (command: string) => `${command} < '${fifo}'`, 'stdin'],
		] as const) {
			const writer = spawn('sh', ['-c', `cat '${file}' > '${fifo}'`]);
			const pane = tmuxPane(args, env, 160, 12, shell);
			try {
				const header = (rows: string[]): boolean => rows[0]!.startsWith(`entra-logs ${named} · offline · Sign-ins`);
				let rows = await pane.waitFor(r => r.some(l => /^1\/\d+ loaded/.test(l)), 'the list');
				expect(header(rows), rows[0]).toBe(true);
				pane.keys('j');
				rows = await pane.waitFor(r => r.some(l => /^2\/\d+ loaded/.test(l)), 'the cursor on row 2');
				expect(header(rows), rows[0]).toBe(true);
				expect(rows.join('\n')).not.toContain('entra-logs-pipe-');
				await pane.quit();
			} finally {
				writer.kill();
			}
		}
	}, 120_000);

	it('for any source, account, report and filters at 30 to 200 columns: the source first, whole or short', () => {
		const source = fc.oneof(
			fc.constant('https://graph.microsoft.com'),
			fc.constant('demo tenant (local emulator)'),
			fc.uuid().map(id => workspaceHeader(id, true)),
			fc.uuid().map(id => workspaceHeader(id, false)),
			fc.stringMatching(/^\/[a-z]{1,12}\/[a-z-]{1,16}\.ndjson$/),
		);
		const word = fc.stringMatching(/^[a-z]{1,12}=[a-z@.]{1,24}$/);
		fc.assert(
			fc.property(
				source,
				fc.option(fc.constant('alice@contoso.com'), {nil: undefined}),
				fc.array(word, {maxLength: 5}),
				fc.integer({min: 30, max: 200}),
				(src, account, words, width) => {
					const filters = words.length > 0 ? words.join(' · ') : undefined;
					const lines = headerLines(
						{source: src, account, report: {title: 'Sign-ins', short: 'signins'}, filters},
						width - 11,
						width,
					);
					const short = src.startsWith('workspace ')
						? `workspace ${src.split(' ')[1]!.slice(0, 8)}`
						: src.startsWith('https://')
							? 'graph.microsoft.com'
							: src.startsWith('/')
								? src.split('/').at(-1)!
								: 'demo tenant';
					// Whole, or short, or (narrower than its short form) cut.
					const first = lines[0]!;
					const cutShort = first.endsWith('…') && short.startsWith(first.slice(0, -1));
					expect(first.startsWith(src) || first.startsWith(short) || cutShort, first).toBe(true);
					expect(stringWidth(lines[0]!)).toBeLessThanOrEqual(width - 11);
					if (lines[1] !== undefined) expect(stringWidth(lines[1])).toBeLessThanOrEqual(width);
					// Every filter whole when the source and the short report fit the first line and the filters a line.
					const all = lines.join(' · ');
					if (stringWidth(`${short} · signins`) <= width - 11 && stringWidth(filters ?? '') <= width)
						for (const w of words) expect(all).toContain(w);
				},
			),
			{numRuns: 500},
		);
	});
});
