/**
 * Hostile records through the real wiring: real records from the emulator's generated tenant, changed, written to an
 * NDJSON file in a temp dir and opened as `entra-logs open FILE` opens it (wireTui + App), keys pressed as a person
 * would, OSC 52 writes captured.
 */
import {render} from 'ink-testing-library';
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {App} from '../../source/ui/app.js';
import {wireTui} from '../../source/ui/run.js';
import {emptyQuery} from '../../source/query/query.js';
import {queryFromFlags} from '../../source/cli/args.js';
import {generateTenant} from '../../source/emulator/tenant/tenant.js';
import type {GraphRecord, ReportId} from '../../source/reports/report.js';
import {TEST_NOW} from '../helpers/emulator.js';

export const REPORT_IDS: readonly ReportId[] = ['signins', 'audits', 'provisioning'];

let tenant: ReturnType<typeof generateTenant> | undefined;

/** Real records of each report, as the emulator serves them (beta shape: every property). */
export function realRecords(report: ReportId): readonly GraphRecord[] {
	tenant ??= generateTenant({seed: 'robust', now: TEST_NOW, signIns: 400});
	return report === 'signins' ? tenant.signIns : report === 'audits' ? tenant.directoryAudits : tenant.provisioning;
}

/** A record to change: a copy, so the tenant stays as generated. */
export function copyOf(record: GraphRecord): Record<string, unknown> {
	return JSON.parse(JSON.stringify(record)) as Record<string, unknown>;
}

/** JSON text of nesting `depth` levels deep (JSON.stringify cannot write it: it recurses). */
export function deepJson(depth: number, leaf = '"x"'): string {
	return `${'{"a":['.repeat(depth)}${leaf}${']}'.repeat(depth)}`;
}

/** A record's NDJSON line with `path` (a/b/0/c) set to raw JSON text (so that nesting JSON.stringify refuses fits). */
export function lineWith(record: Readonly<Record<string, unknown>>, path: string, json: string): string {
	const marker = `__robust_${Math.random().toString(36).slice(2)}__`;
	const copy = copyOf(record as GraphRecord);
	const parts = path.split('/');
	let cur: Record<string, unknown> = copy;
	for (const p of parts.slice(0, -1)) {
		if (typeof cur[p] !== 'object' || cur[p] === null) cur[p] = {};
		cur = cur[p] as Record<string, unknown>;
	}
	cur[parts.at(-1)!] = marker;
	return JSON.stringify(copy).replace(`"${marker}"`, () => json);
}

const tick = (): Promise<void> => new Promise(r => setTimeout(r, 15));

export async function waitFor(
	frame: () => string,
	predicate: (f: string) => boolean,
	what: string,
	ms = 20_000,
): Promise<string> {
	const started = Date.now();
	for (;;) {
		const f = frame();
		if (predicate(f)) return f;
		if (Date.now() - started > ms) throw new Error(`timed out waiting for ${what}; last frame:\n${f}`);
		await new Promise(r => setTimeout(r, 10));
	}
}

export const KEYS = {down: '\u001B[B', up: '\u001B[A', enter: '\r', esc: '\u001B', right: '\u001B[C', tab: '\t'};

/** NDJSON lines in a fresh temp dir, opened in the TUI as `entra-logs open FILE` does. */
export async function openLines(report: ReportId, lines: readonly string[], size = {width: 160, height: 30}) {
	const dir = mkdtempSync(join(tmpdir(), 'entra-logs-robust-'));
	const file = join(dir, `hostile-${report}.ndjson`);
	writeFileSync(file, `${lines.join('\n')}\n`);
	const written: string[] = [];
	const {store, props} = wireTui(
		{offline: {file}, query: queryFromFlags(report, {}), configDir: dir, emptyQuery},
		{
			write: d => {
				written.push(d);
			},
			env: {},
			cwd: dir,
		},
	);
	const app = render(<App {...props} width={size.width} height={size.height} />);
	/** The screen as text (colours and other SGR attributes taken off). */
	const frame = (): string => (app.lastFrame() ?? '').replace(/\u001b\[[0-9;]*m/g, '');
	/** Whether the app is still there: Ink stops reading the keyboard when it exits (an error ends it too). */
	const alive = (): boolean => app.stdin.listenerCount('readable') > 0;
	const press = async (key: string, until?: (f: string) => boolean, what = JSON.stringify(key)): Promise<string> => {
		app.stdin.write(key);
		await tick();
		if (until) {
			await waitFor(frame, until, what);
			// A new screen takes keys from an effect after its first frame: give it that moment, as a person would.
			await tick();
		}
		return frame();
	};
	/** Whether the detail on screen shows its last line: the lines shown are those between the header and its footer. */
	const atEnd = (f: string): boolean => {
		const at = /line (\d+)\/(\d+)/.exec(f);
		const shown = f.split('\n').findIndex(l => /^record \d+\/\d+ · line /.test(l)) - 1;
		return at !== null && Number(at[1]) - 1 + shown >= Number(at[2]);
	};
	/** In the detail: pages down until the screen shows `what` (true), or the last line is reached (false). */
	const seek = async (what: RegExp): Promise<boolean> => {
		await press('g', f => /line 1\//.test(f), 'the top of the detail');
		for (;;) {
			const f = frame();
			if (what.test(f)) return true;
			if (atEnd(f)) return false;
			await press('\u001B[6~', g => g !== f, 'the next page');
		}
	};
	/** In the detail: G, then waits until the last line shows. */
	const bottom = async (): Promise<string> => {
		// G moves nothing if it came before the screen listened (a loaded machine): it is pressed again until it has.
		for (let i = 0; i < 100 && !atEnd(frame()); i++) {
			app.stdin.write('G');
			await waitFor(frame, atEnd, 'the end of the detail', 200).catch(() => undefined);
		}
		return waitFor(frame, atEnd, 'the end of the detail');
	};
	/** Presses y and waits for the status bar to say what became of it. */
	const copy = async (): Promise<string> =>
		press(
			'y',
			f => /OSC 52|copied|saved|clipboard|tmux/i.test(f.trimEnd().split('\n').at(-1) ?? ''),
			'the copy message',
		);
	/** What went to the clipboard by OSC 52, decoded. */
	const copied = (): string[] =>
		written
			.join('')
			.match(/\u001b\]52;c;[A-Za-z0-9+/=]*\u0007/g)
			?.map(s => Buffer.from(s.slice(7, -1), 'base64').toString('utf8')) ?? [];
	/** What the last y copied: by OSC 52, or to the file the status bar names when it was too big for that (removed here). */
	const lastCopy = (): string => {
		const saved = /saved to (\S+)/.exec(frame().trimEnd().split('\n').at(-1) ?? '');
		if (!saved) return copied().at(-1) ?? '';
		const text = readFileSync(saved[1]!, 'utf8');
		rmSync(saved[1]!, {force: true});
		return text;
	};
	const close = (): void => {
		app.unmount();
		store.close();
		rmSync(dir, {recursive: true, force: true});
	};
	return {app, store, file, dir, frame, press, seek, bottom, copy, alive, copied, lastCopy, close};
}

/** The list's status line: `1/30 loaded`. */
export const loaded =
	(n: number) =>
	(f: string): boolean =>
		f.includes(`/${n} loaded`) && /all loaded|more available/.test(f);
