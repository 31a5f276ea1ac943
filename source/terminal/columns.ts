/**
 * Text in terminal columns (width.ts, which the TUI imports, sets Ink's measure: this module does not load
 * string-width, so that the CLI's text output, the summary's, can use it without): how wide a string shows, and how to
 * cut or pad it to a column's width without splitting a character. Record text is any Unicode: CJK and emoji take two columns, combining marks none, a flag is two code
 * points that must stay together. Widths are the terminals' (width-table.ts: tmux's and xterm.js's, where they agree),
 * per grapheme (user-perceived character), and what a column shows is text on whose width terminals and Ink (which
 * places text by string-width) agree: what they do not agree on is left out or escaped (pieceOf, EMOJI_VARIANTS,
 * width-table.ts's disputed code points). Text is sanitized (sanitize.ts) before it comes here.
 */
import {escaped} from './sanitize.js';
import {terminalWidth, widthDisputed} from './width-table.js';

/** Made when first needed: making one takes milliseconds (ICU's data), and narrow text never needs it. */
let graphemes: Intl.Segmenter | undefined;
/**
 * One column per character, each a grapheme of its own, no segmenting needed: printable ASCII (most cells of most
 * records), Latin-1's printable letters and signs but the soft hyphen, and the dashes, quotes, bullet, ellipsis and
 * angle quote that the TUI's own lines hold (·, …, ›). Their width is string-width's for each (test/ui/width-narrow.test.ts).
 */
const ASCII = /^[\x20-\x7e\u00a0-\u00ac\u00ae-\u00ff\u2013\u2014\u2018\u2019\u201c\u201d\u2022\u2026\u203a]*$/;
/** Line and paragraph separators: some terminals give them a column, some none: a space everywhere. */
const SEPARATORS = /[\u2028\u2029]/g;
/**
 * What terminals do not agree on, left out of a column: skin-tone modifiers and the variation selectors (tmux 3.3 gives
 * 👍🏽 four columns where string-width gives two, and ❤️ one where it gives two), and the zero-width joiner of an emoji
 * sequence (tmux 3.3 draws 👩‍💻 in two columns, xterm.js in four): a column shows the emoji side by side (👍, ❤, 👩💻),
 * the same width everywhere; the detail and every output keep the text as it is. (A joiner that joins no emoji is
 * shown escaped by sanitize.ts.)
 */
const EMOJI_VARIANTS = /[\u{1F3FB}-\u{1F3FF}\uFE0E\uFE0F\u200D]/gu;

const LONE_MARK = /^\p{M}/u;

/**
 * How Ink measures a grapheme (string-width, set by width.ts); text written straight to a terminal (the CLI's) has
 * no Ink in between: nothing is then measured wider than the terminal shows it.
 */
let inkWidth: (text: string) => number = () => 0;
export function measureInkWith(measure: (text: string) => number): void {
	inkWidth = measure;
}

interface Piece {
	readonly text: string;
	readonly width: number;
}

/** The columns a terminal gives a grapheme (the sum of its code points', as tmux and xterm.js place them). */
function columns(text: string): number {
	let width = 0;
	for (const ch of text) width += terminalWidth(ch.codePointAt(0)!) ?? 1;
	return width;
}

/** Code points whose width terminals do not agree on, as `\uXXXX` text (the same width everywhere). */
function escapeDisputed(text: string): string {
	let out = '';
	for (const ch of text) out += widthDisputed(ch.codePointAt(0)!) ? escaped(ch) : ch;
	return out;
}

/**
 * A grapheme as a column shows it, with the columns it takes in a terminal; undefined for one of no width. Ink lays a
 * grapheme out as string-width measures it (at least one column), so a grapheme is shown as it is only where that is
 * the terminal's width, or less (the row is padded to the terminal's, and Ink cuts nothing); where string-width counts
 * more (a keycap without its selector, 1⃣: two, the terminals one), without its marks (1), else escaped.
 */
function pieceOf(segment: string): Piece | undefined {
	const width = columns(segment);
	if (width === 0) return undefined;
	if (Math.max(1, inkWidth(segment)) <= width) return {text: segment, width};
	let base = '';
	for (const ch of segment) if (terminalWidth(ch.codePointAt(0)!) !== 0) base += ch;
	if (Math.max(1, inkWidth(base)) <= width) return {text: base, width};
	const text = escaped(segment);
	return {text, width: text.length};
}

/**
 * The graphemes of a text with their widths. A grapheme of no width on its own (U+200B, U+FEFF, a soft hyphen, a
 * combining mark with nothing to combine with) is left out: Ink gives each one a column of its own that the terminal
 * does not, which shifts the rest of the line one column left.
 */
function pieces(text: string): Piece[] {
	const out: Piece[] = [];
	graphemes ??= new Intl.Segmenter(undefined, {granularity: 'grapheme'});
	const plain = escapeDisputed(text.replace(SEPARATORS, ' ').replace(EMOJI_VARIANTS, ''));
	for (const {segment} of graphemes.segment(plain)) {
		// A grapheme that starts with a mark has nothing to combine with (it followed a control or a left-out
		// character): left out too, whatever string-width gives it (U+302E: 2), or it would join the grapheme before it
		// once what stood between them is gone.
		if (LONE_MARK.test(segment)) continue;
		const piece = pieceOf(segment);
		if (piece) out.push(piece);
	}
	return out;
}

/**
 * The most columns a grapheme shown as it is (the detail's text) may take: in tmux, in xterm.js (a code point of
 * disputed width counted two) or in Ink (string-width, at least one). A row measured so never spills into the next
 * one in a terminal (👍🏽: four columns in both, two by string-width) nor is cut by Ink (❤️: one in both, two by
 * string-width).
 */
export function widestWidth(grapheme: string): number {
	let width = 0;
	for (const ch of grapheme) width += terminalWidth(ch.codePointAt(0)!) ?? 2;
	return Math.max(width, 1, inkWidth(grapheme));
}

/** The text as it is shown in a column: separators as spaces, graphemes of no width left out. */
export function displayable(text: string): string {
	return ASCII.test(text)
		? text
		: pieces(text)
				.map(p => p.text)
				.join('');
}

/** How many columns the text takes once displayable. */
export function displayWidth(text: string): number {
	if (ASCII.test(text)) return text.length;
	let width = 0;
	for (const p of pieces(text)) width += p.width;
	return width;
}

/** An ellipsis as shown and its width, worked out once per ellipsis (segmenting it each cell cost more than the cell). */
const marks = new Map<string, Piece>();
function markOf(ellipsis: string): Piece {
	let mark = marks.get(ellipsis);
	if (!mark) {
		mark = {text: displayable(ellipsis), width: displayWidth(ellipsis)};
		if (marks.size < 16) marks.set(ellipsis, mark);
	}
	return mark;
}

/** `cut`, with the width of what it returns. */
function cutPiece(text: string, width: number, ellipsis: string): Piece {
	if (width <= 0) return {text: '', width: 0};
	const given = markOf(ellipsis);
	const mark = given.width <= width ? given : {text: '', width: 0};
	const room = width - mark.width;
	if (ASCII.test(text))
		return text.length <= width
			? {text, width: text.length}
			: {text: `${text.slice(0, room)}${mark.text}`, width: room + mark.width};
	const all = pieces(text);
	const total = all.reduce((s, p) => s + p.width, 0);
	if (total <= width) return {text: all.map(p => p.text).join(''), width: total};
	let out = '';
	let used = 0;
	for (const p of all) {
		if (used + p.width > room) break;
		out += p.text;
		used += p.width;
	}
	return {text: `${out}${mark.text}`, width: used + mark.width};
}

/**
 * The longest start of the text that fits in `width` columns, whole graphemes only; when something is cut off, it
 * ends with an ellipsis (counted in the width).
 */
export function cut(text: string, width: number, ellipsis = '…'): string {
	return cutPiece(text, width, ellipsis).text;
}

/** Exactly `width` columns: cut (with an ellipsis) or padded with spaces. */
export function fit(text: string, width: number): string {
	const shown = cutPiece(text, width, '…');
	return shown.width < width ? `${shown.text}${' '.repeat(width - shown.width)}` : shown.text;
}

/** The text in lines of at most `width` columns, broken anywhere (a URL has no spaces to break at), whole graphemes. */
export function wrap(text: string, width: number): string[] {
	const lines: string[] = [];
	let line = '';
	let used = 0;
	for (const p of ASCII.test(text) ? [...text].map(ch => ({text: ch, width: 1})) : pieces(text)) {
		if (used + p.width > width && line !== '') {
			lines.push(line);
			line = '';
			used = 0;
		}
		line += p.text;
		used += p.width;
	}
	if (line !== '' || lines.length === 0) lines.push(line);
	return lines;
}
