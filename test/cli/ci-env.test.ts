/**
 * A TUI on a terminal where CI is set in the environment (a shell that exports it, a CI job's debug session): Ink
 * reads CI when it loads and then draws nothing until the program ends. The screen must show, and keys work.
 */
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {Terminal} from '../helpers/terminal.js';

const dir = mkdtempSync(join(tmpdir(), 'entra-logs-ci-env-'));
afterAll(() => rmSync(dir, {recursive: true, force: true}));

describe('CI set in a terminal', () => {
	it.each(['1', 'true'])('CI=%s: the list is drawn, keys move it, q quits', async ci => {
		const file = join(dir, `s-${ci}.ndjson`);
		writeFileSync(
			file,
			[
				'{"id":"2","createdDateTime":"2026-11-30T10:00:01Z","userPrincipalName":"second@contoso.com"}',
				'{"id":"1","createdDateTime":"2026-11-30T10:00:00Z","userPrincipalName":"first@contoso.com"}',
				'',
			].join('\n'),
		);
		const t = new Terminal(
			['open', file],
			{CI: ci, CONTINUOUS_INTEGRATION: ci, ENTRA_LOGS_CONFIG_DIR: join(dir, `config-${ci}`)},
			dir,
			100,
			20,
		);
		try {
			await t.waitFor('› 2026-11-30 10:00:01', 30_000);
			await t.key('j');
			await t.waitFor(/› 2026-11-30 10:00:00\s+first@contoso\.com/, 30_000);
			await t.key('q');
			expect(await t.exited(30_000)).toBe(0);
		} finally {
			t.kill();
		}
	});
});
