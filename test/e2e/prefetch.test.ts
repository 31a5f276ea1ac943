/**
 * `n` after a pause, in a real pseudo-terminal against the emulator over HTTPS: the next page was asked for and
 * answered while the first was read (the emulator's request log says so, before the key), and the first frame the
 * CLI draws after the key already has it (no "loading..." frame in between). Frames are told apart by the
 * synchronized-update marks Ink writes around each one; nothing here is timed. Then `s`: the summary counts each
 * loaded record once, against the records the emulator serves to the test's own client.
 */
import {existsSync} from 'node:fs';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';
import {emulatorForCli} from '../helpers/emulator-cli.js';
import {CLI, Terminal, until} from '../helpers/terminal.js';

const FRAME = '\u001b[?2026h';
/** A list row on screen: the cursor's mark or its blank, then a record's time. */
const ROW = /^[› ] \d{4}-\d\d-\d\d \d\d:\d\d:\d\d /;

describe('n after a pause, in a pseudo-terminal', () => {
	const emulator = emulatorForCli('prefetch');

	it('the next page was fetched before the key, and the first frame after n shows it', async () => {
		expect(existsSync(CLI), 'npm run build first').toBe(true);
		const {emu, cwd} = emulator;
		const pages = (): Array<{at: number; url: string}> =>
			emu.log
				.map((e, at) => ({at, url: e.path, status: e.status}))
				.filter(e => e.url.endsWith('/auditLogs/signIns') && e.status === 200);
		const t = new Terminal(
			['signins', '--since', '2020-01-01T00:00:00Z', '--type', 'interactive', '--page-size', '20', ...emulator.flags()],
			{ENTRA_LOGS_CONFIG_DIR: join(cwd, 'config')},
			cwd,
			120,
			35,
		);
		try {
			const before = pages().length;
			await emulator.signIn(t);
			const first = await t.waitFor(/^1\/20 loaded · 1 page · more available/m, 120_000);
			expect(first.split('\n').filter(l => ROW.test(l))).toHaveLength(20);
			// The reader pauses; meanwhile the second page is asked for and answered (the emulator's log, not a clock).
			await until(() => pages().length >= before + 2, 'the second page answered', 60_000);
			const requests = emu.log.length;
			const mark = t.all.length;
			await t.key('n');
			const shown = await t.waitFor(/^1\/40 loaded · 2 pages/m, 60_000);
			// The first frame written after the key holds the second page: its status, no loading state.
			const frames = t.all.slice(mark).split(FRAME).slice(1);
			expect(frames.length).toBeGreaterThan(0);
			expect(frames[0]).toContain('1/40 loaded · 2 pages');
			expect(frames[0]).not.toContain('loading');
			// Its rows are on screen (the list is taller than a page), and the key itself fetched no second page: the
			// only request since is the prefetch of the third.
			expect(shown.split('\n').filter(l => ROW.test(l)).length).toBeGreaterThan(20);
			const since = emu.log.slice(requests).filter(e => e.path.endsWith('/auditLogs/signIns'));
			expect(since.length).toBeLessThanOrEqual(1);
			// s at once: the summary (which reads pages while idle, after the key) counts each of the 40 once, against
			// the same 40 as the emulator serves them to a client of this test's own.
			await t.key('s');
			const summary = await t.waitFor(/Summary of the 40 loaded records/, 60_000);
			const token = await emu.token();
			const filter = encodeURIComponent('createdDateTime ge 2020-01-01T00:00:00Z');
			const served = (await emu.get(`/v1.0/auditLogs/signIns?$filter=${filter}&$top=40`, token)).body[
				'value'
			] as Array<{status: {errorCode: number}}>;
			expect(served).toHaveLength(40);
			const successes = served.filter(r => r.status.errorCode === 0).length;
			expect(summary).toContain(`Outcome: success ${successes} (${((successes / 40) * 100).toFixed(1)}%)`);
		} finally {
			await t.key('q');
			await until(() => t.exitCode !== undefined, 'the CLI to quit', 30_000).catch(() => undefined);
			t.kill();
		}
	}, 180_000);
});
