/**
 * The built CLI in a real pseudo-terminal against its demo emulator: device-code login, pick sign-ins, filter by one
 * user, page twice, open a detail, copy (the OSC 52 sequence is captured and its JSON checked), pivot, return, quit.
 */
import {existsSync, mkdtempSync, readFileSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';
import {CLI, Terminal} from '../helpers/terminal.js';

/** An NDJSON file of generated sign-ins, each changed by `edit`, in a folder of its own (also the config folder). */
async function signInFile(
	seed: string,
	count: number,
	edit: (r: Record<string, unknown>, i: number) => Record<string, unknown> = r => r,
): Promise<{dir: string; file: string}> {
	const {generateTenant} = await import('../../source/emulator/tenant/tenant.js');
	const dir = mkdtempSync(join(tmpdir(), `entra-logs-${seed}-`));
	const file = join(dir, `${seed}.ndjson`);
	writeFileSync(
		file,
		generateTenant({seed, signIns: count})
			.signIns.map((r, i) => JSON.stringify(edit(r, i)))
			.join('\n'),
	);
	return {dir, file};
}

describe('end to end in a pseudo-terminal', () => {
	it('demo: login, filter by one user, page twice, detail, copy, pivot, back, export, quit', async () => {
		expect(existsSync(CLI), 'npm run build first').toBe(true);
		const cwd = mkdtempSync(join(tmpdir(), 'entra-logs-e2e-'));
		// Pages of 5, so that one user's month of sign-ins spans several whatever the day (the demo tenant is generated
		// up to the current time, so the count in a window moves from day to day: alice has some 30 to 50).
		const t = new Terminal(['--demo', '--page-size', '5'], {}, cwd);
		try {
			await t.waitFor('enter the code');
			await t.waitFor('the emulator approves this code itself');
			await t.waitFor('Pick a report');
			await t.key('\r');
			// The first list waits for the demo tenant, made on a worker thread meanwhile (seconds; more on a loaded machine).
			await t.waitFor('1/5 loaded', 120_000);

			// Filters: the last 30 days of one user's sign-ins; the Graph request shows as it is typed.
			await t.key('f');
			await t.waitFor('Filters: Sign-ins');
			await t.key('\u0015');
			for (const ch of '30d') await t.key(ch);
			await t.key('\u001B[B');
			await t.key('\u001B[B');
			for (const ch of 'alice@contoso.com') await t.key(ch);
			await t.waitFor("userPrincipalName eq 'alice@contoso.com'");
			await t.key('\r');
			await t.waitFor(/1\/5 loaded · 1 page · more available/);
			expect(t.screen).toContain('alice@contoso.com');
			await t.key('n');
			await t.waitFor(/1\/10 loaded · 2 pages/);
			await t.key('n');
			await t.waitFor(/1\/15 loaded · 3 pages/);

			await t.key('\r');
			await t.waitFor('Basic info');
			expect(t.screen).toContain('Alice');
			await t.key('y');
			await t.waitFor('by OSC 52');
			// Two OSC 52 writes: the device code at login, then the record.
			const writes = [...t.all.matchAll(/\u001b\]52;c;([A-Za-z0-9+/=]+)\u0007/g)].map(m =>
				Buffer.from(m[1]!, 'base64').toString('utf8'),
			);
			expect(writes).toHaveLength(2);
			expect(writes[0]).toMatch(/^[A-Z0-9]{9}$/);
			const copied = JSON.parse(writes[1]!) as {userPrincipalName: string; id: string};
			expect(copied.userPrincipalName).toBe('alice@contoso.com');
			expect(copied.id).toMatch(/^[0-9a-f-]{36}$/);

			await t.key('\u001B');
			await t.waitFor('User / principal');
			await t.key('i');
			await t.waitFor('same IP');
			await t.key('\u001B');
			// Back on the list (the pivot's line gone) before the next key: an escape and an `e` read in one go are
			// alt-e, as in any terminal program, and a loaded machine can deliver them together.
			await t.waitFor(/^(?![\s\S]*same IP)[\s\S]*1\/\d+ loaded/);

			// e: the prompt suggests a file in the current directory; tab for JSON, ctrl-u and a name of our own.
			await t.key('e');
			await t.waitFor(/entra-logs-signins-[\d-]+\.ndjson/);
			await t.key('\t');
			await t.waitFor(/entra-logs-signins-[\d-]+\.json/);
			await t.key('\u0015');
			for (const ch of 'alice.json') await t.key(ch);
			await t.key('\r');
			const done = await t.waitFor(/exported \d+ records to/);
			const exported = Number(/exported (\d+) records/.exec(done)![1]);
			const records = JSON.parse(readFileSync(join(cwd, 'alice.json'), 'utf8')) as Array<{userPrincipalName: string}>;
			expect(records.length).toBe(exported);
			expect(exported).toBeGreaterThan(0);
			for (const r of records) expect(r.userPrincipalName).toBe('alice@contoso.com');

			await t.key('q');
			expect(await t.exited()).toBe(0);
		} finally {
			t.kill();
		}
	}, 180_000);

	it('NO_COLOR: no colour codes, yet the cursor row and the chosen export format stay marked; a smaller terminal gets a frame that fits', async () => {
		const {dir, file} = await signInFile('nocolor', 300);
		const sgrColour = /\u001b\[(?:[\d;]*;)?(?:3[0-7]|9[0-7]|38;[25];[\d;]+)(?:;[\d;]*)?m/;
		// The same file in colour first: the check below would pass for a program that never colours anything.
		const coloured = new Terminal(['open', file], {ENTRA_LOGS_CONFIG_DIR: dir});
		try {
			await coloured.waitFor(/1\/\d+ loaded/);
			expect(coloured.all).toMatch(sgrColour);
			await coloured.key('q');
			expect(await coloured.exited()).toBe(0);
		} finally {
			coloured.kill();
		}
		const t = new Terminal(['open', file], {NO_COLOR: '1', ENTRA_LOGS_CONFIG_DIR: dir}, dir);
		try {
			await t.waitFor(/1\/\d+ loaded/);
			expect(t.all).toContain('Success');
			expect(t.all).not.toMatch(sgrColour);
			expect(t.screen.split('\n')[0]).toBe(`entra-logs ${file} · offline · Sign-ins`.slice(0, 120));
			// The cursor row is marked on screen, and the mark moves with it.
			const marked = (): number[] => t.screen.split('\n').flatMap((l, i) => (l.startsWith('› 20') ? [i] : []));
			expect(marked()).toEqual([2]);
			await t.key('j');
			await t.waitFor(/2\/\d+ loaded/);
			expect(marked()).toEqual([3]);
			// The export prompt: the chosen format is marked, and tab moves the mark.
			await t.key('e');
			await t.waitFor(/format +\[ndjson\] +json +csv/);
			await t.key('\t');
			await t.waitFor(/format +ndjson +\[json\] +csv/);
			await t.key('\u001B');
			await t.waitFor(/2\/\d+ loaded/);
			// The terminal shrinks (a split pane, a phone): the app draws for the new size, a row per line, nothing
			// wrapped onto the next row (a frame drawn for 120 columns would spill over three rows each).
			t.resize(50, 12);
			const small = await t.waitFor(/^entra-logs .*\n {2}Date \(UTC\) +User \/ principal.*\n {2}2026-.*\n› 2026-/);
			const rows = small.split('\n');
			expect(rows).toHaveLength(12);
			// The list's status and the key hints at the bottom (the last row stays free, so that nothing scrolls).
			expect(rows[9]).toMatch(/^2\/\d+ loaded · 1 page/);
			expect(rows[10]).toMatch(/^\? help · enter detail/);
			await t.key('q');
			expect(await t.exited()).toBe(0);
		} finally {
			t.kill();
		}
	});

	it('wide and invisible text: every column starts on the same terminal cell in every row, and no character is cut in half', async () => {
		// Zero-width characters, a combining accent, CJK, emoji, a run of flags and a line separator: too long for their
		// column, so that each is cut, and short, so that each is padded.
		const apps = [
			'Zero\u200Bwidth\uFEFF app',
			'Cafe\u0301 combining accents galore',
			'漢字のアプリケーション名前がとても長い',
			'😀 emoji 😀 app 😀😀😀😀😀😀😀😀',
			'🇺🇸🇩🇪🇫🇷🇯🇵🇬🇧🇮🇹🇪🇸🇨🇦🇦🇺🇧🇷🇮🇳🇲🇽',
			'line\u2028separator\u2029paragraph app',
			'漢字',
			'😀',
		];
		const users = [
			'利用者のなまえ@contoso.com',
			'a\u200Bb\u200Bc@contoso.com',
			'zoë\u0308@contoso.com',
			'🇯🇵🇯🇵🇯🇵🇯🇵🇯🇵🇯🇵🇯🇵🇯🇵🇯🇵🇯🇵🇯🇵🇯🇵@contoso.com',
		];
		const {dir, file} = await signInFile('wide', 60, (r, i) => ({
			...r,
			appDisplayName: apps[i % apps.length],
			userPrincipalName: users[i % users.length],
		}));
		const t = new Terminal(['open', file], {ENTRA_LOGS_CONFIG_DIR: dir}, dir, 110, 24);
		try {
			await t.waitFor(/1\/\d+ loaded/);
			const rows = t.screen.split('\n');
			const header = rows.findIndex(r => r.includes('Date (UTC)'));
			// The header is ASCII: its text positions are cell positions.
			const starts = ['Date (UTC)', 'User / principal', 'Status', 'Application', 'IP address', 'Location', 'CA'].map(
				l => rows[header]!.indexOf(l),
			);
			expect(starts.every((x, i) => x >= 0 && (i === 0 || x > starts[i - 1]!))).toBe(true);
			const body = rows.map((_, y) => y).filter(y => y > header && /^(?:[ ›] )?20\d\d-/.test(rows[y]!));
			expect(body.length).toBeGreaterThanOrEqual(16);
			for (const y of body) {
				const cells = t.cells(y);
				for (const x of starts.filter(x => x > 0)) {
					// Each column starts on its own cell (not on the right half of a wide character), after a blank.
					expect(cells[x]!.width, `row ${y} column at ${x}: ${rows[y]}`).toBeGreaterThan(0);
					expect(cells[x - 1]!.chars, `row ${y} before ${x}: ${rows[y]}`).toMatch(/^ ?$/);
					expect(cells[x - 1]!.width).toBe(1);
				}
				// The date, the status and the IP address are where the header says.
				const at = (x: number, n: number): string =>
					cells
						.slice(x, x + n)
						.map(c => c.chars)
						.join('');
				expect(at(starts[0]!, 4)).toMatch(/^20\d\d$/);
				expect(at(starts[2]!, 2)).toMatch(/^(Su|Fa|In)$/);
				// (blank for a sign-in without an address: the demo tenant has a few)
				expect(at(starts[4]!, 1), `row ${y}: ${rows[y]}`).toMatch(/^[\da-f ]$/);
			}
			expect(body.filter(y => /^[\da-f]$/.test(t.cells(y)[starts[4]!]!.chars)).length).toBeGreaterThan(body.length / 2);
			// A flag cut in half shows as U+FFFD or a lone regional indicator.
			expect(t.screen).not.toMatch(/\uFFFD/);
			const flags = t.screen.match(/[\u{1F1E6}-\u{1F1FF}]+/gu) ?? [];
			expect(flags.length).toBeGreaterThan(0);
			for (const run of flags) expect([...run].length % 2).toBe(0);
			await t.key('q');
			expect(await t.exited()).toBe(0);
		} finally {
			t.kill();
		}
	});

	it('q during an export warns once; q again cancels it, keeps its checkpoint and the process exits at once; ctrl-c too, and both say so once the TUI is gone', async () => {
		const {startTestEmulator} = await import('../helpers/emulator.js');
		// A Graph whose pages take most of a second: the export runs while the keys are pressed.
		const emu = await startTestEmulator();
		const cwd = mkdtempSync(join(tmpdir(), 'entra-logs-e2e-quit-'));
		const caFile = join(cwd, 'ca.pem');
		writeFileSync(caFile, emu.caCert);
		try {
			for (const how of ['q', 'ctrl-c'] as const) {
				await emu.control('faults', {latencyMs: 0});
				const t = new Terminal(
					['signins', '--emulator', emu.origin, '--ca-file', caFile],
					{ENTRA_LOGS_CONFIG_DIR: join(cwd, `config-${how}`)},
					cwd,
				);
				try {
					const code = /code\s+([A-Z0-9]{9})/.exec(await t.waitFor(/code\s+[A-Z0-9]{9}/))![1]!;
					await emu.control('approve', {user_code: code});
					await t.waitFor(/1\/\d+ loaded/);
					await emu.control('faults', {latencyMs: 1500});
					await t.key('e');
					await t.waitFor(/entra-logs-signins-[\d-]+\.ndjson/);
					await t.key('\u0015');
					const name = `${how}.ndjson`;
					for (const ch of name) await t.key(ch);
					await t.key('\r');
					await t.waitFor(`exporting to ${name}`);
					const file = join(cwd, name);
					const asked = Date.now();
					if (how === 'q') {
						await t.key('q');
						const warning = 'an export is running: q again cancels it; run the same export with --resume to finish it';
						await t.waitFor(warning);
						// A page is written meanwhile; its progress does not cover the warning.
						const started = Date.now();
						while (!(existsSync(file) && readFileSync(file, 'utf8').length > 0) && Date.now() - started < 20_000)
							await new Promise(r => setTimeout(r, 25));
						await t.waitFor(/1\/\d+ loaded/);
						expect(t.screen).toContain(warning);
						await t.key('q');
					} else {
						await t.waitFor(/exporting to ctrl-c\.ndjson: [1-9][\d,]* records/);
						await t.key('\u0003');
					}
					expect(await t.exited(10_000)).toBe(0);
					// Within a second (about 0.3 s here), with room for a loaded machine (2.7 s at load 19); before, it ran until the
					// export ended, a page of 1.5 s after another.
					if (how === 'q') expect(Date.now() - asked).toBeLessThan(8_000);
					// The screen is the shell's again (the alternate screen left), and the export can be finished later.
					expect(t.all.lastIndexOf('\u001b[?1049l')).toBeGreaterThan(t.all.lastIndexOf('\u001b[?1049h'));
					expect(existsSync(`${file}.checkpoint.json`)).toBe(true);
					expect(readFileSync(file, 'utf8').length).toBeGreaterThan(0);
					// Said on the terminal once the TUI is gone (its status line went with it).
					const said = new RegExp(
						`entra-logs: stopped exporting to ${how}\\.ndjson at ([\\d,]+) records, (\\d+) pages?: run the same export with --resume to finish it`,
					).exec(t.screen);
					expect(said, t.screen).not.toBeNull();
					// What it says is what the checkpoint and the file hold: the page written at the stop counted too.
					const cp = JSON.parse(readFileSync(`${file}.checkpoint.json`, 'utf8')) as {records: number; pages: number};
					expect([Number(said![1]!.replace(/,/g, '')), Number(said![2])]).toEqual([cp.records, cp.pages]);
					expect(readFileSync(file, 'utf8').split('\n').length - 1).toBe(cp.records);
				} finally {
					t.kill();
				}
			}
		} finally {
			await emu.close();
		}
	}, 300_000);

	it('bad input: one line on stderr and exit 2 (a usage error), no stack trace', async () => {
		const t = new Terminal(['signins', '--since', 'yesterday']);
		expect(await t.exited()).toBe(2);
		expect(t.all).toContain('entra-logs: "yesterday" is not a time');
		expect(t.all).not.toMatch(/\n\s+at /);
	});
});
