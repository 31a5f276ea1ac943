/**
 * Records written to a terminal (`--output csv|ndjson` with no --out, in an interactive shell) cannot drive it: a
 * record's window title, OSC 52, screen clear, 8-bit CSI and right-to-left override reach the screen as visible
 * `\uXXXX` text, checked on the raw bytes a real pty received. Into a pipe the bytes stay as they came.
 */
import {spawnSync} from 'node:child_process';
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {CLI, Terminal} from '../helpers/terminal.js';

const dir = mkdtempSync(join(tmpdir(), 'entra-logs-tty-'));
afterAll(() => rmSync(dir, {recursive: true, force: true}));

const record = (i: number): string =>
	JSON.stringify({
		id: `0000000${i}-0000-0000-0000-000000000000`,
		createdDateTime: `2026-11-30T10:0${i}:00.1234567Z`,
		userPrincipalName: 'alice\u001b]0;PWNED\u0007@contoso.com',
		appDisplayName: 'App\u001b[2J',
		userAgent: '\u001b]52;c;cm0gLXJmIH4K\u0007',
		status: {errorCode: 0},
		// 8-bit CSI, right-to-left override and DEL written raw (JSON allows them unescaped).
		location: {city: 'Evil\u009b2J\u202eCity\u007f', countryOrRegion: 'US'},
	})
		.replace(/\\u009b/g, '\u009b')
		.replace(/\\u202e/g, '\u202e')
		.replace(/\\u007f/g, '\u007f');

const file = join(dir, 'hostile.ndjson');
// Newest first, as Graph sends them (and as `open` writes them back).
writeFileSync(file, `${[2, 1, 0].map(record).join('\n')}\n`);

describe('records written to a terminal', () => {
	it.each(['csv', 'ndjson', 'json'])(
		'--output %s: no control of a record reaches the pty; each shows as \\uXXXX',
		async format => {
			const t = new Terminal(['open', file, '--output', format]);
			try {
				expect(await t.exited(60_000)).toBe(0);
				const raw = t.all;
				// The program's own progress line on stderr uses ESC [ K: everything else with ESC or a C1/bidi is a record's.
				expect(raw).toContain('done: 3 records');
				expect(raw).not.toMatch(/\u001b\]|\u001b\[2J|[\u0007\u009b\u202e\u007f]/);
				expect(raw).toContain('\\u001b]0;PWNED\\u0007');
				expect(raw).toContain('Evil\\u009b2J\\u202eCity\\u007f');
				expect(t.screen).not.toContain('PWNED@');
			} finally {
				t.kill();
			}
		},
		120_000,
	);

	it('into a pipe, the NDJSON is the file byte for byte (controls and all)', () => {
		const out = spawnSync(process.execPath, [CLI, 'open', file, '--output', 'ndjson'], {encoding: 'buffer'});
		expect(out.status).toBe(0);
		expect(out.stdout.equals(readFileSync(file))).toBe(true);
	});
});
