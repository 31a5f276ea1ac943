/**
 * `open FILE`'s first frame, written before Ink and React have loaded: loading them takes longer than reading the
 * file's first page, so the list is drawn first from the same store and with the same lines (list-text.ts) as the
 * App draws it, and Ink, once mounted, takes the screen over from that frame (it is handed to Ink's log-update as
 * the frame on screen, so that Ink writes only the lines that differ). Keys typed meanwhile are held for Ink, unechoed
 * (source/terminal/key-input.ts: ctrl-c, and q typed first, quit at once, without waiting for Ink to load).
 * Drawn only when it can be exactly the App's frame: the list with rows, no error; otherwise Ink draws the first frame.
 * Its columns are the App's: those chosen with C (columns.json, read before the first page is in), else the defaults.
 */
import chalk from 'chalk';
import {describeQuery} from '../query/query.js';
import {reportById} from '../reports/index.js';
import type {StoreSnapshot} from '../store/record-store.js';
import {sanitizeLine} from '../terminal/sanitize.js';
import {cut, displayWidth, fit} from '../terminal/width.js';
import {onTerminalRestore} from '../process/cleanup.js';
import {headerLines} from './header.js';
import {hints} from './keymap.js';
import {GUTTER, fitColumns, listStatus, rowLine, styled} from './list-text.js';
import type {ListStore} from './list-store.js';
import {columnChoices, showChosenColumns, type ColumnChoices} from './column-choices.js';

/** How long the first frame waits for an offline file's first page, so that it is drawn with its rows. */
export const FIRST_PAGE_WAIT_MS = 300;

/** Bracketed paste on (xterm's mode 2004): a paste comes marked, as text, not as keys (use-keys.ts). */
export const PASTE_ON = '\u001b[?2004h';

/** What gives the terminal's main screen back: bracketed paste off, the cursor shown, the alternate screen left. */
export const MAIN_SCREEN = '\u001b[?2004l\u001b[?25h\u001b[?1049l';

/** The App's brand, first on the top line (app.tsx). */
const BRAND = 'entra-logs';

/** The hint line under an offline list (app.tsx). */
const LIST_HINTS = ['help', 'detail', 'nextPage', 'filters', 'copy', 'quit'] as const;

/**
 * The frame the App draws for an offline file's list with the cursor on its first row and no status message, as
 * the lines Ink writes (each line styled as Ink styles it); undefined when the App would draw something else (no
 * rows yet, an error) or a line would not fit.
 */
export function listFrame(snap: StoreSnapshot, source: string, width: number, height: number): string[] | undefined {
	const query = snap.query;
	const report = snap.report;
	if (!query || !report || snap.error !== undefined || snap.rows.length === 0) return undefined;
	// The App's top line (or two) and the list's height under it.
	const title = reportById(query.report).title;
	const header = headerLines(
		{
			source: sanitizeLine(source),
			account: 'offline',
			report: {title, short: query.report},
			filters: sanitizeLine(describeQuery(query).slice(title.length + 3)),
		},
		width - BRAND.length - 1,
		width,
	);
	if (displayWidth(`${BRAND} ${header[0]!}`) > width || (header[1] !== undefined && displayWidth(header[1]) > width))
		return undefined;
	const lines = [`${chalk.bold(chalk.cyan(BRAND))}${chalk.dim(` ${header[0]!}`)}`];
	if (header[1] !== undefined) lines.push(chalk.dim(header[1]));
	const inner = Math.max(3, height - 2 - header.length);
	// The list (screens/record-list.tsx): its column header, the rows that fit, its status line.
	const {widths, hidden, label} = fitColumns(report.columns, width);
	const labels = `${' '.repeat(GUTTER)}${report.columns
		.slice(0, widths.length)
		.map((c, i) => fit(c.label, widths[i]!))
		.join(' ')}`;
	if (displayWidth(labels) !== labels.length) return undefined;
	lines.push(columnHeader(labels, label ? ` ${label}` : '', width));
	const shown = Math.min(Math.max(1, inner - 2), snap.rows.length);
	for (let i = 0; i < shown; i++) {
		const tones = widths.map((_, ci) => snap.rows.tone(i, ci));
		lines.push(rowLine(styled(snap.rows.cells(i), tones, widths), i === 0));
	}
	lines.push(chalk.dim(cut(listStatus(snap, 0, true, hidden), width)));
	// The list is as tall as what it holds (its spacer has no room to grow): blank lines fill the App's box under it.
	for (let i = shown; i < inner - 2; i++) lines.push('');
	lines.push(chalk.dim(cut(hints('list', LIST_HINTS), width)));
	// A frame as tall as the terminal is drawn by Ink in another way (no newline after it): left to Ink.
	return lines.length < height ? lines : undefined;
}

/**
 * The list's column header: the labels in bold, then what is hidden, dim. Ink cuts a line too wide for the terminal
 * (wrap="truncate": the first columns but one, then an ellipsis in the style of the text it follows).
 */
function columnHeader(labels: string, more: string, width: number): string {
	if (displayWidth(labels) + displayWidth(more) <= width) return `${chalk.bold(labels)}${more ? chalk.dim(more) : ''}`;
	// Our own labels: a character a column, so the cut falls at a character.
	const kept = `${labels}${more}`.slice(0, width - 1);
	const bold = kept.slice(0, labels.length);
	const dim = kept.slice(labels.length);
	return dim ? `${chalk.bold(bold)}${chalk.dim(`${dim}…`)}` : chalk.bold(`${bold}…`);
}

/** A frame written before Ink: what it holds (for Ink's log-update), and the terminal's size it was drawn for. */
export interface Painted {
	/** Exactly what was written after entering the alternate screen: the lines, each ended by a newline. */
	readonly text: string;
	readonly columns: number;
	readonly rows: number;
	/** Gives the terminal back (raw mode off, cursor shown, main screen): if Ink never takes over. */
	readonly leave: () => void;
	/** Ink has taken the terminal over (its own restore is registered): this frame's restore is dropped. */
	readonly handOver: () => void;
	/** The column choices the frame was drawn with: the App's (read once). */
	readonly chosen: ColumnChoices;
}

interface Terminal {
	readonly stdout: NodeJS.WriteStream;
	readonly stdin: NodeJS.ReadStream;
	/** Where the columns chosen with C are kept (columns.json). */
	readonly configDir: string;
}

/**
 * Writes the list's first frame, once its first page is in (or gives up after `waitMs`): in the alternate screen,
 * the cursor hidden and left below the frame, where Ink's log-update expects it after a frame. Undefined when
 * nothing was written.
 */
export async function paintFirstFrame(
	list: ListStore,
	source: string,
	{stdout, stdin, configDir}: Terminal,
	waitMs: number,
): Promise<Painted | undefined> {
	// The columns the App's list shows, before the first page is in (its rows are then made for them): one small read,
	// a missing file one stat.
	const chosen = columnChoices(configDir);
	showChosenColumns(list.store, chosen);
	await firstPage(list.store, waitMs);
	// Stopped meanwhile (ctrl-z: key-input.ts), the terminal may have been resized without this process being told.
	refreshSize(stdout);
	const columns = stdout.columns || 80;
	const rows = stdout.rows || 24;
	const lines = listFrame(list.store.getSnapshot(), source, columns, rows);
	if (!lines) return undefined;
	// Raw from here at the latest (`open` holds keys from its start: key-input.ts), so nothing typed is echoed over it.
	const raw = stdin.isTTY && typeof stdin.setRawMode === 'function';
	if (raw) stdin.setRawMode(true);
	const text = `${lines.join('\n')}\n`;
	const leave = (): void => {
		if (raw) stdin.setRawMode(false);
		stdout.write(MAIN_SCREEN);
	};
	const release = onTerminalRestore(leave);
	stdout.write(`\u001b[?1049h\u001b[H\u001b[?25l${text}${PASTE_ON}`);
	return {text, columns, rows, leave: () => (release(), leave()), handOver: release, chosen};
}

/**
 * Reads the terminal's size again, as Node's tty.WriteStream does on SIGWINCH (lib/tty.js `_refreshSize`: `columns`
 * and `rows` set, and 'resize' emitted when they changed). A resize while this process was stopped (ctrl-z) sent its
 * SIGWINCH to the shell, the foreground job then, not here. True when the size changed.
 */
export function refreshSize(stdout: NodeJS.WriteStream): boolean {
	const {columns, rows} = stdout;
	(stdout as {_refreshSize?: () => void})._refreshSize?.();
	return stdout.columns !== columns || stdout.rows !== rows;
}

/** Resolves once the store's list has its first page, has failed or is done, or after `ms`. */
export function firstPage(store: ListStore['store'], ms: number): Promise<void> {
	return new Promise(resolve => {
		const settled = (): boolean => {
			const snap = store.getSnapshot();
			return snap.pages > 0 || !snap.loading || snap.error !== undefined;
		};
		if (settled()) return resolve();
		const done = (): void => {
			clearTimeout(timer);
			unsubscribe();
			resolve();
		};
		const timer = setTimeout(done, ms);
		const unsubscribe = store.subscribe(() => {
			if (settled()) done();
		});
	});
}

/**
 * NO_COLOR (no-color.org: set and not empty) turns colour off; chalk, Ink's colour library, does not read it. An
 * explicit FORCE_COLOR wins, as it does for Node. The cursor row and choices keep a mark of their own.
 */
export function colourFromEnv(env: Readonly<Record<string, string | undefined>>): void {
	if (env['NO_COLOR'] && env['FORCE_COLOR'] === undefined) chalk.level = 0;
}
