/**
 * The built CLI in a real pseudo-terminal against its demo emulator: device-code login, pick sign-ins, filter by one
 * user, page twice, open a detail, copy (the OSC 52 sequence is captured and its JSON checked), pivot, return, quit.
 */
import {existsSync, mkdtempSync, readFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';
import pty from '@lydell/node-pty';
import xterm from '@xterm/headless';

const CLI = join(process.cwd(), 'dist', 'cli.js');

/**
 * The CLI in a pseudo-terminal, its output fed to a headless xterm: tests read the screen as a person sees it (what
 * is on it now, not text that was drawn and erased), and the raw stream for what never shows (OSC 52).
 */
class Terminal {
	private output = '';
	exitCode: number | undefined;
	private readonly proc: pty.IPty;
	private readonly term: xterm.Terminal;

	constructor(args: string[], extraEnv: Record<string, string> = {}, cwd = process.cwd(), cols = 120, rows = 32) {
		this.term = new xterm.Terminal({cols, rows, allowProposedApi: true});
		this.proc = pty.spawn(process.execPath, [CLI, ...args], {
			name: 'xterm-256color', cols, rows, cwd,
			// Ink renders only the last frame under CI: the child must not think it is in CI.
			env: {...process.env, CI: 'false', TERM: 'xterm-256color', TMUX: '', SSH_CONNECTION: '1', ...extraEnv} as Record<string, string>,
		});
		this.proc.onData(d => {
			this.output += d;
			this.term.write(d);
		});
		this.proc.onExit(e => { this.exitCode = e.exitCode; });
	}

	/** The visible screen, a line per row (trailing blanks trimmed). */
	get screen(): string {
		const buffer = this.term.buffer.active;
		return Array.from({length: this.term.rows}, (_, i) => buffer.getLine(buffer.viewportY + i)?.translateToString(true) ?? '').join('\n');
	}

	/** Everything the program wrote, escape sequences included. */
	get all(): string {
		return this.output;
	}

	async waitFor(text: string | RegExp, ms = 20_000): Promise<string> {
		const started = Date.now();
		while (Date.now() - started < ms) {
			const screen = this.screen;
			if (typeof text === 'string' ? screen.includes(text) : text.test(screen)) return screen;
			await new Promise(r => setTimeout(r, 25));
		}
		throw new Error(`timed out waiting for ${String(text)}; the screen:\n${this.screen}`);
	}

	async key(data: string): Promise<void> {
		this.proc.write(data);
		await new Promise(r => setTimeout(r, 60));
	}

	resize(cols: number, rows: number): void {
		this.proc.resize(cols, rows);
		this.term.resize(cols, rows);
	}

	async exited(ms = 10_000): Promise<number | undefined> {
		const started = Date.now();
		while (this.exitCode === undefined && Date.now() - started < ms) await new Promise(r => setTimeout(r, 25));
		return this.exitCode;
	}

	kill(): void {
		if (this.exitCode === undefined) this.proc.kill();
	}
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
			await t.waitFor('1/5 loaded');

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
			await t.waitFor('copied');
			// Two OSC 52 writes: the device code at login, then the record.
			const writes = [...t.all.matchAll(/\u001b\]52;c;([A-Za-z0-9+/=]+)\u0007/g)].map(m => Buffer.from(m[1]!, 'base64').toString('utf8'));
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
			await t.waitFor(/1\/\d+ loaded/);

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
	}, 90_000);

	it('NO_COLOR: an offline file opens with no colour codes on screen; a smaller terminal gets a frame that fits', async () => {
		const {writeFileSync, mkdtempSync} = await import('node:fs');
		const {tmpdir} = await import('node:os');
		const {generateTenant} = await import('../../source/emulator/tenant.js');
		const dir = mkdtempSync(join(tmpdir(), 'entra-logs-nocolor-'));
		const file = join(dir, 'few.ndjson');
		writeFileSync(file, generateTenant({seed: 'nocolor', signIns: 300}).signIns.map(r => JSON.stringify(r)).join('\n'));
		const t = new Terminal(['open', file], {NO_COLOR: '1', ENTRA_LOGS_CONFIG_DIR: dir});
		try {
			await t.waitFor(/1\/\d+ loaded/);
			expect(t.all).toContain('Success');
			expect(t.all).not.toMatch(/\u001b\[(?:3[0-7]|9[0-7]|38;[25];[\d;]+)m/);
			expect(t.screen.split('\n')[0]).toBe(`entra-logs ${file} · offline · Sign-ins`.slice(0, 120));
			// The terminal shrinks (a split pane, a phone): the app draws for the new size, a row per line, nothing
			// wrapped onto the next row (a frame drawn for 120 columns would spill over three rows each).
			t.resize(50, 12);
			const small = await t.waitFor(/^entra-logs .*\nDate \(UTC\) +User \/ principal\n2026-/);
			const rows = small.split('\n');
			expect(rows).toHaveLength(12);
			// The list's status and the key hints at the bottom (the last row stays free, so that nothing scrolls).
			expect(rows[9]).toMatch(/^1\/\d+ loaded · 1 page/);
			expect(rows[10]).toMatch(/^\? help · enter detail/);
			await t.key('q');
			expect(await t.exited()).toBe(0);
		} finally {
			t.kill();
		}
	});

	it('bad input: one line on stderr and a non-zero exit, no stack trace', async () => {
		const t = new Terminal(['signins', '--since', 'yesterday']);
		expect(await t.exited()).toBe(1);
		expect(t.all).toContain('entra-logs: "yesterday" is not a time');
		expect(t.all).not.toMatch(/\n\s+at /);
	});
});
