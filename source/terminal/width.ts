/**
 * Text in terminal columns: how wide a string shows, and how to cut or pad it to a column's width without splitting
 * a character. Record text is any Unicode: CJK and emoji take two columns, combining marks none, a flag is two code
 * points that must stay together. Widths are string-width's, per grapheme (user-perceived character), which is how
 * Ink places text on its grid; text is sanitized (sanitize.ts) before it comes here.
 */
import stringWidth from 'string-width';

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
 * Skin-tone modifiers and the emoji variation selector: terminals disagree on their width (tmux 3.3 gives 👍🏽 four
 * columns where string-width gives two, and ❤️ one where it gives two), which shifts the rest of a row. A column shows
 * the emoji without them (👍, ❤); the detail and every output keep the text as it is.
 */
const EMOJI_VARIANTS = /[\u{1F3FB}-\u{1F3FF}\uFE0F]/gu;

const LONE_MARK = /^\p{M}/u;

interface Piece {
	readonly text: string;
	readonly width: number;
}

/**
 * The graphemes of a text with their widths. A grapheme of no width on its own (U+200B, U+FEFF, a soft hyphen, a
 * combining mark with nothing to combine with) is left out: Ink gives each one a column of its own that the terminal
 * does not, which shifts the rest of the line one column left.
 */
function pieces(text: string): Piece[] {
	const out: Piece[] = [];
	graphemes ??= new Intl.Segmenter(undefined, {granularity: 'grapheme'});
	for (const {segment} of graphemes.segment(text.replace(SEPARATORS, ' ').replace(EMOJI_VARIANTS, ''))) {
		// A grapheme that starts with a mark has nothing to combine with (it followed a control or a left-out
		// character): left out too, whatever string-width gives it (U+302E: 2), or it would join the grapheme before it
		// once what stood between them is gone.
		if (LONE_MARK.test(segment)) continue;
		const width = stringWidth(segment);
		if (width > 0) out.push({text: segment, width});
	}
	return out;
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
