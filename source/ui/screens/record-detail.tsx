/**
 * One record: the report's sections (error code decoded, CA results...) then the raw JSON; scrollable; ←/→ move;
 * long values wrap to the width (whole graphemes, wide characters counted as the terminal shows them); `/` finds
 * text in it. Whatever the record holds: the sections read it through the report's guarded accessors, and the raw
 * JSON is written without recursion and cut at RAW_JSON_MAX lines (y copies all of it).
 */
import React, {useMemo, useRef} from 'react';
import {Box, Text} from 'ink';
import type {StoreSnapshot} from '../../store/record-store.js';
import {hints, keyName} from '../keymap.js';
import {runBindings, useScreenKeys, type Bindings} from '../key-router.js';
import type {Shell} from '../shell.js';
import {recordBindings} from '../use-browse.js';
import {useKeyState} from '../use-key-state.js';
import {cursorBindings, useListCursor} from '../use-list-cursor.js';
import {useTextField} from '../use-text-field.js';
import {escaped, readTyped, sanitizeLine} from '../../terminal/sanitize.js';
import {visibleControls} from '../../terminal/tty-output.js';
import {displayable, displayWidth, widestWidth} from '../../terminal/width.js';
import {jsonDepthLines} from '../../reports/json-text.js';
import {markFromFile} from '../../reports/properties.detail.js';

/** Lines of raw JSON shown at most (a record with 200,000 authentication steps has millions). */
export const RAW_JSON_MAX = 5000;

/**
 * Characters of one line shown at most (a value in its section, a line of raw JSON), wrapped to the width: past it
 * the line says how many more there are and that y copies the whole record. A user agent of 4,000 characters is shown
 * whole; a 10 MB string does not make the detail crawl.
 */
export const DETAIL_LINE_MAX = 100_000;

/** The labels' column is as wide as the longest label up to this; a label's width is measured on its first characters. */
const LABEL_COLUMN = 32;
const LABEL_MEASURED = 200;

export interface DetailLine {
	readonly text: string;
	readonly heading?: boolean;
	/** Where a wrapped line's value starts: its next rows are indented that far. */
	readonly indent?: number;
	/** A raw JSON line's nesting: indented on screen as far as the width allows, deeper ones marked with it. */
	readonly depth?: number;
	/** More characters than DETAIL_LINE_MAX: the line says so; / may not find text past it. */
	readonly cut?: boolean;
}

/**
 * A safe screen line of `text` (`show` makes what is shown of it), whole up to DETAIL_LINE_MAX characters, then how
 * many more there are: never cut silently.
 */
function shown(text: string, show: (part: string) => string = s => s): {text: string; cut?: true} {
	if (text.length <= DETAIL_LINE_MAX) return {text: sanitizeLine(show(text))};
	let head = text.slice(0, DETAIL_LINE_MAX);
	if (/[\ud800-\udbff]$/.test(head)) head = head.slice(0, -1);
	const more = (text.length - head.length).toLocaleString('en-US');
	return {
		text: `${sanitizeLine(show(head))}… ${more} more characters: ${keyName('copy')} copies the whole record`,
		cut: true,
	};
}

/**
 * A value's line feeds, carriage returns and tabs as `\u000a`, `\u000d`, `\u0009`: a list row is one line (a line feed
 * is a space there), but the detail tells `a\u000ab` from `a b` (and a tab from two spaces), in the `\uXXXX` form
 * of every other hidden character, which a filter or a search reads back (readTyped). `y` copies the record as it is.
 */
export const breaksShown = (text: string): string =>
	/[\t\n\r]/.test(text) ? text.replace(/[\t\n\r]/g, escaped) : text;

/** What `/` looks for in the detail's lines: typed text as the detail shows it (`\u200b` typed finds `\u200b` shown). */
export const detailNeedle = (typed: string): string => sanitizeLine(breaksShown(readTyped(typed)));

/** `fromFile`: the records were read from a file (`open`): the detail says what the record lacks, not Graph's reasons. */
export function detailLines(snap: StoreSnapshot, index: number, fromFile = false): DetailLine[] {
	const record = snap.records.at(index);
	const report = snap.report;
	if (!record || !report) return [];
	if (fromFile) markFromFile(record);
	const out: DetailLine[] = [];
	for (const section of report.details) {
		// Properties a record does not carry (v1.0 lacks many beta ones) are left out rather than shown empty.
		const lines = section.lines(record).filter(([, value]) => value.trim() !== '' && value !== '()' && value !== ' <>');
		if (lines.length === 0) continue;
		out.push({text: section.title, heading: true});
		// Labels align in a column as wide as the longest (capped, so that a very long one does not push values off).
		// A label is never cut (a hostile record's property name of any length): the line wraps, and `/` finds its end;
		// only the width of its first characters is measured, as no column is wider than the cap.
		const widths = lines.map(([l]) =>
			displayWidth(sanitizeLine(breaksShown(l.length > LABEL_MEASURED ? l.slice(0, LABEL_MEASURED) : l))),
		);
		const pad = Math.min(
			LABEL_COLUMN,
			widths.reduce((m, w) => Math.max(m, w), 0),
		);
		lines.forEach(([label, value], i) => {
			// A label up to the measured length is shown as a column shows text (what terminals draw at one width), so
			// that the values after it line up; a longer one is past the column anyway.
			const shownLabel = label.length > LABEL_MEASURED ? label : displayable(sanitizeLine(breaksShown(label)));
			const start = `  ${shownLabel}${' '.repeat(Math.max(0, pad - widths[i]!))}  `;
			out.push({
				...shown(`${start}${value}`, breaksShown),
				indent: Math.min(4 + Math.max(pad, widths[i]!), LABEL_COLUMN + 4),
			});
		});
	}
	out.push({text: 'Raw JSON', heading: true});
	let count = 0;
	for (const {depth, text} of jsonDepthLines(record)) {
		if (count++ === RAW_JSON_MAX) {
			out.push({
				text: `… raw JSON cut at ${RAW_JSON_MAX.toLocaleString('en-US')} lines: ${keyName('copy')} copies the whole record`,
				heading: true,
			});
			break;
		}
		// Controls JSON text keeps raw (C1, bidi overrides) are shown as their escapes, as JSON writes the others: a
		// spoofed name shows its U+202E here instead of losing it to sanitizing.
		out.push({...shown(text, visibleControls), depth});
	}
	return out;
}

/** A row on screen: a detail line, or a part of one too long for the width. */
export interface DetailRow {
	readonly text: string;
	readonly heading?: boolean;
	/** The detail line it is (a part of). */
	readonly line: number;
}

/**
 * The detail's lines as rows of at most `width` columns, each exactly one screen row (never empty): a long value goes
 * on under itself (its next rows indented to where it started), broken at a space when there is one in reach, else
 * anywhere between graphemes (a GUID, a URL). Raw JSON is indented two columns a level up to half the width; a line
 * deeper than that is marked with its depth (`‹40›`) at that column.
 */
export function detailRows(lines: readonly DetailLine[], width: number): DetailRow[] {
	const rows: DetailRow[] = [];
	const w = Math.max(1, width);
	const room = Math.floor(w / 2);
	lines.forEach((l, line) => {
		let text = l.text;
		let indent = l.indent ?? 0;
		if (l.depth !== undefined) {
			const lead = 2 * l.depth;
			const mark = `‹${l.depth}› `;
			const prefix = lead <= room ? ' '.repeat(lead) : `${' '.repeat(Math.max(0, room - mark.length))}${mark}`;
			text = `${prefix}${text}`;
			indent = Math.min(prefix.length + 2, room);
		}
		for (const row of wrapLine(text, w, indent)) rows.push({text: row, line, ...(l.heading ? {heading: true} : {})});
	});
	return rows;
}

const segmenter = new Intl.Segmenter(undefined, {granularity: 'grapheme'});
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;
/** Text segmented at a time: Intl.Segmenter takes time growing with the square of a string's length (40,000: 3 s). */
const CHUNK = 256;

/**
 * The graphemes of `text`, a chunk at a time (a chunk's last grapheme may go on in the next, so it is read again
 * with it); printable ASCII a character each, without segmenting.
 */
function graphemes(text: string): string[] {
	const out: string[] = [];
	for (let at = 0; at < text.length;) {
		const end = Math.min(text.length, at + CHUNK);
		const chunk = text.slice(at, end);
		if (PRINTABLE_ASCII.test(chunk) && (end === text.length || PRINTABLE_ASCII.test(text[end]!))) {
			for (const c of chunk) out.push(c);
			at = end;
			continue;
		}
		const parts = Array.from(segmenter.segment(chunk), g => g.segment);
		// One grapheme longer than a chunk (thousands of combining marks) is taken in pieces.
		if (end < text.length && parts.length > 1) parts.pop();
		for (const p of parts) {
			out.push(p);
			at += p.length;
		}
	}
	return out;
}

const widths = new Map<string, number>();
const widthOf = (g: string): number => {
	if (g.length === 1 && g >= ' ' && g <= '~') return 1;
	let w = widths.get(g);
	if (w === undefined) {
		w = widestWidth(g);
		if (widths.size < 10_000) widths.set(g, w);
	}
	return w;
};

function wrapLine(text: string, width: number, indent: number): string[] {
	if (text.length <= width && PRINTABLE_ASCII.test(text)) return [text === '' ? ' ' : text];
	// Whole graphemes, measured as the list measures them; the text itself is kept as it is.
	const parts = graphemes(text);
	let total = 0;
	for (let k = 0; k < parts.length && total <= width; k++) total += widthOf(parts[k]!);
	if (total <= width) return [text === '' ? ' ' : text];
	// The value's column, unless that leaves too little room for it.
	const margin = indent <= width / 2 ? indent : Math.min(4, Math.floor(width / 4));
	const pad = ' '.repeat(margin);
	const rows: string[] = [];
	let room = width;
	for (let i = 0; i < parts.length;) {
		let used = 0;
		let j = i;
		let space = -1;
		for (; j < parts.length; j++) {
			const w = widthOf(parts[j]!);
			if (used + w > room && j > i) break;
			used += w;
			if (parts[j] === ' ') space = j;
		}
		// A word cut in two goes whole to the next row when a space is in the second half of this one.
		if (j < parts.length && parts[j] !== ' ' && space > i + (j - i) / 2) j = space + 1;
		const row = `${rows.length === 0 ? '' : pad}${parts.slice(i, j).join('').trimEnd()}`;
		// A row of spaces only (a deep line's indentation) is kept one column wide: an empty Text takes no row in Ink.
		rows.push(row === '' ? ' ' : row);
		// The spaces a row was broken at are not carried to the next (3,000 of them would be rows of nothing).
		for (i = j; i < parts.length && parts[i] === ' '; i++);
		room = width - margin;
	}
	return rows;
}

/** The first detail line after `after` (then from the top) that holds `needle`, whatever its case; -1 when none does. */
export function findLine(lines: readonly DetailLine[], needle: string, after: number): number {
	const n = needle.toLowerCase();
	const hit = (i: number): boolean => lines[i]!.text.toLowerCase().includes(n);
	for (let i = after + 1; i < lines.length; i++) if (hit(i)) return i;
	for (let i = 0; i <= Math.min(after, lines.length - 1); i++) if (hit(i)) return i;
	return -1;
}

export function RecordDetail(shell: Shell): React.ReactElement {
	const {snap, cursor, width, height, browse, setStatus} = shell;
	const index = cursor.index;
	const scroll = useListCursor(0);
	const search = useTextField('');
	const [searching, setSearching, latestSearching] = useKeyState(false);
	/** The detail line the last search found (highlighted), and the text it looked for (/ enter looks again). */
	const [match, setMatch, latestMatch] = useKeyState(-1);
	const lastSearch = useRef('');
	const offline = shell.props.offline === true;
	const lines = useMemo(() => detailLines(snap, index, offline), [snap, index, offline]);
	const rows = useMemo(() => detailRows(lines, width), [lines, width]);
	const visible = Math.max(1, height - 1);
	const max = Math.max(0, rows.length - visible);
	/** Another record, from its top. */
	const step = (by: number) => (): void => {
		const count = shell.store.getSnapshot().records.length;
		const next = cursor.latest.current + by;
		if (next < 0 || next > count - 1) return;
		cursor.set(next);
		scroll.set(0);
		setMatch(-1);
	};
	const find = (): void => {
		// An empty search repeats the last one: / enter finds the next line that holds it.
		const needle = detailNeedle(search.latest.current) || lastSearch.current;
		setSearching(false);
		if (!needle) return;
		// The same text again: after the line found last; new text: from the first row on screen.
		const again = needle === lastSearch.current && latestMatch.current >= 0;
		lastSearch.current = needle;
		const from = again ? latestMatch.current : (rows[scroll.latest.current]?.line ?? 0) - 1;
		const found = findLine(lines, needle, from);
		setMatch(found);
		if (found < 0)
			return setStatus(
				lines.some(l => l.cut)
					? `/${needle}: not in what is shown (a line past ${DETAIL_LINE_MAX.toLocaleString('en-US')} characters is cut: ${keyName('copy')} copies the whole record)`
					: `/${needle}: not in this record`,
			);
		const first = rows.findIndex(r => r.line === found);
		let last = first;
		while (rows[last + 1]?.line === found) last++;
		// Into view: the found line's rows on screen; a line longer than the screen, from the row that holds the text
		// (a value of 4,000 characters ends 60 rows below its label), or its first row when the text spans two.
		const top = scroll.latest.current;
		if (last - first < visible) {
			if (first < top || last >= top + visible) scroll.set(Math.min(max, Math.max(0, first - 2)));
		} else {
			const n = needle.toLowerCase();
			let hit = first;
			while (hit <= last && !rows[hit]!.text.toLowerCase().includes(n)) hit++;
			const at = hit > last ? first : hit;
			if (at < top || at >= top + visible) scroll.set(Math.min(max, Math.max(first, at - 2)));
		}
		setStatus(`/${needle}: line ${found + 1} of ${lines.length}${found <= from ? ' (from the top)' : ''}`);
	};
	const detailKeys: Bindings = {
		...recordBindings(browse, shell),
		...cursorBindings(scroll, () => max, visible),
		prev: step(-1),
		next: step(1),
		search: () => {
			search.set('');
			setSearching(true);
		},
	};
	const searchKeys: Bindings = {find, back: () => setSearching(false)};
	// While the search field is open it owns the keyboard: letters are text, enter finds, esc closes it.
	useScreenKeys((input, key) =>
		latestSearching.current
			? runBindings('search', searchKeys, input, key) || search.edit(input, key) || true
			: runBindings('detail', detailKeys, input, key),
	);
	const at = Math.min(scroll.index, max);
	return (
		<Box flexDirection="column" width={width}>
			{rows.slice(at, at + visible).map((r, i) => {
				const found = r.line === match;
				return (
					<Text
						key={i}
						bold={r.heading || found}
						color={r.heading ? 'cyan' : undefined}
						inverse={found}
						wrap="truncate"
					>
						{/* The found line is marked without colour too (NO_COLOR): › in its first column. */}
						{found ? `›${r.text.startsWith(' ') ? r.text.slice(1) : r.text}` : r.text}
					</Text>
				);
			})}
			<Box flexGrow={1} />
			<Text dimColor wrap="truncate">
				{searching
					? `/${search.value}`
					: `record ${index + 1}/${snap.records.length} · line ${at + 1}/${rows.length} · ${keyName('prev')}/${keyName('next')} previous/next · ${hints('detail', ['search', 'copy', 'back'])}`}
			</Text>
		</Box>
	);
}
