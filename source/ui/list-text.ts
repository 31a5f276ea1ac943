/**
 * The record list's lines as text, without React: column widths, a row's styled cells and line, the status line. The
 * list (screens/record-list.tsx) draws them through Ink; `open`'s first frame (first-frame.ts) writes the same lines
 * before Ink has loaded.
 */
import chalk from 'chalk';
import type {StoreSnapshot} from '../store/record-store.js';
import type {Column, Tone} from '../reports/report.js';
import {fit} from '../terminal/width.js';
import {checkedHere} from './checked-here.js';
import {keyName} from './keymap.js';
import {errorState} from './error-state.js';

const TONE: Readonly<Record<Tone, string | undefined>> = {
	default: undefined,
	success: 'green',
	failure: 'red',
	warning: 'yellow',
	muted: 'gray',
};

/** The cursor's mark, before every row: the selected row stays visible without colour or inverse video (NO_COLOR, CI, a dumb terminal). */
export const GUTTER = 2;

/** The columns left out, by name: `hidden: Location, CA`. */
export const hiddenNames = (hidden: readonly Column[]): string => `hidden: ${hidden.map(c => c.label).join(', ')}`;

/** How the header says that columns are left out: their names where they fit in `room`, else how many (`+2 hidden`). */
export function hiddenLabel(hidden: readonly Column[], room: number): string {
	if (hidden.length === 0) return '';
	const names = hiddenNames(hidden);
	return names.length <= room ? names : `+${hidden.length} hidden`;
}

/**
 * Widths that fit beside the cursor's mark: minimums first, columns dropped from the right when even those do not
 * fit (the header's `label` then names them, or says how many when the names do not fit; the status line names
 * them), the rest shared.
 */
export function fitColumns(
	columns: readonly Column[],
	width: number,
): {widths: number[]; hidden: Column[]; label: string} {
	const widths: number[] = [];
	let used = GUTTER;
	for (const c of columns) {
		if (used + c.width + 1 > width) break;
		widths.push(c.width);
		used += c.width + 1;
	}
	const hidden = columns.slice(widths.length);
	// The label keeps the room it needs, when there is room for it.
	const label = hiddenLabel(hidden, width - used - 1);
	const left = width - used - (label && width - used >= label.length + 1 ? label.length + 1 : 0);
	const grow = columns.slice(0, widths.length).reduce((s, c) => s + (c.grow ?? 0), 0);
	if (grow > 0) {
		columns.slice(0, widths.length).forEach((c, i) => {
			widths[i]! += Math.floor(((c.grow ?? 0) / grow) * left);
		});
	}
	return {widths, hidden, label};
}

/** How many fetched records the filters checked here set aside, and which filters those are. */
function setAsideText(snap: StoreSnapshot, offline: boolean | undefined): string {
	if (snap.setAside === 0) return '';
	const n = (x: number): string => x.toLocaleString('en-US');
	const which =
		offline || !snap.query
			? 'by the filters'
			: `here (${
					checkedHere(snap.query)
						.map(l => l.label)
						.join(', ') || 'time range'
				})`;
	return ` · ${n(snap.setAside)} of ${n(snap.setAside + snap.rows.length)} ${offline ? 'read' : 'fetched'} set aside ${which}`;
}

/** The status line under the rows: where the cursor is, what is loaded, and what is missing. */
export function listStatus(
	snap: StoreSnapshot,
	selected: number,
	offline: boolean | undefined,
	hidden: readonly Column[],
): string {
	const n = keyName('nextPage');
	const state = snap.error
		? errorState(snap.error, snap.errorKind)
		: snap.loading
			? 'loading...'
			: snap.more
				? `more available (${n})`
				: 'all loaded';
	const position = `${snap.rows.length === 0 ? 0 : selected + 1}/${snap.rows.length} loaded`;
	const pages = `${snap.pages} page${snap.pages === 1 ? '' : 's'}`;
	const retries = snap.retries ? ` · ${snap.retries} retries` : '';
	const note = snap.note ? ` · note: ${snap.note}` : '';
	// Right after the state, so that a narrow terminal still shows which columns are hidden.
	const narrow = hidden.length > 0 ? ` · ${hiddenNames(hidden)} (${keyName('columns')})` : '';
	return `${position} · ${pages} · ${state}${narrow}${setAsideText(snap, offline)}${retries}${note}`;
}

/** A row's cells fitted to the widths, each in its tone's colour (as Ink's <Text color> would colour it: chalk). */
export function styled(cells: readonly string[], tones: readonly Tone[], widths: readonly number[]): string {
	let body = '';
	for (let ci = 0; ci < widths.length; ci++) {
		const text = `${fit(cells[ci] ?? '', widths[ci]!)}${ci < widths.length - 1 ? ' ' : ''}`;
		const color = TONE[tones[ci] ?? 'default'];
		body += color ? chalk[color as 'green'](text) : text;
	}
	return body;
}

/** A row's line: the cursor's mark in bold and the row in inverse video when it is the selected one. */
export function rowLine(body: string, selected: boolean): string {
	const gutter = ' '.repeat(GUTTER - 1);
	return selected ? `${chalk.bold(`›${gutter}`)}${chalk.inverse(body)}` : ` ${gutter}${body}`;
}
