/**
 * Record data is hostile: user agents, app names and cities can carry terminal escape sequences. Everything from a
 * record passes through here once, when it becomes a display row or a detail line. What a terminal would act on rather
 * than show (C0 controls but tab and line feed, a carriage return not before a line feed, DEL and C1, the
 * bidirectional marks, overrides and isolates) is shown as `\uXXXX` text, as `--output` to a terminal and `y` write
 * it: an escape sequence becomes its visible text (`\u001b]0;title\u0007`), inert. Before, they were removed without
 * a mark, and a UPN carrying hidden characters looked exactly like a clean one (found by an independent check).
 */
import {widthDisputed} from './width-table.js';

/**
 * What a terminal acts on, or shows as nothing, rather than as text: C0 controls but tab, line feed and carriage
 * return; DEL and C1; the bidirectional marks, overrides and isolates (they reorder what follows); and the invisible
 * ones a name can hide behind (found by an independent check: `alice\u200b@contoso.com` read as alice's UPN): the
 * soft hyphen, zero-width space, word joiner and other invisible operators, the byte order mark, interlinear
 * annotation marks, line and paragraph separators, the Hangul fillers and the tag characters. The zero-width
 * non-joiner and joiner are text (Persian, Indic scripts, emoji sequences; a joiner that joins no emoji: LONE_ZWJ).
 * The body of a regex character class, for a regex with the `u` flag. The one list of them: sanitizing and
 * tty-output.ts show them as `\uXXXX`.
 */
export const ACTIVE_CLASS =
	'\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f-\\u009f\\u00ad\\u061c\\u115f\\u1160\\u180e\\u200b\\u200e\\u200f' +
	'\\u2028-\\u202e\\u2060-\\u2064\\u2066-\\u206f\\u3164\\ufeff\\uffa0\\ufff9-\\ufffb\\u{e0001}\\u{e0020}-\\u{e007f}';
/** The active characters, and a carriage return that ends no line (it would move the cursor back over the text). */
const ACTIVE = new RegExp(`[${ACTIVE_CLASS}]|\\r(?!\\n)`, 'gu');

/**
 * A zero-width joiner that does not join two emoji (👩‍💻 keeps its own): terminals disagree on it, and tmux joins the
 * character after it to its cell, so a lone one in a record swallowed the next row's cursor mark.
 */
export const LONE_ZWJ =
	/(?<![\p{Extended_Pictographic}\u{1F3FB}-\u{1F3FF}\uFE0F])\u200D|\u200D(?!\p{Extended_Pictographic})/gu;

/** `c` as `\uXXXX` text; a character beyond the BMP as its two UTF-16 units, as JSON writes it (the same string). */
export function escaped(c: string): string {
	let text = '';
	for (let i = 0; i < c.length; i++) text += `\\u${c.charCodeAt(i).toString(16).padStart(4, '0')}`;
	return text;
}

/**
 * Whether the screen ever shows `c` (one character, a pair of UTF-16 units beyond the BMP) as its `\uXXXX` escape: the
 * active characters above, a carriage return (alone, and in the detail), a line feed and a tab (in the detail's values),
 * a zero-width joiner (when it joins no emoji), and what a list's column shows escaped because terminals disagree on
 * its width (width-table.ts). What typed text reads back (readTyped).
 */
export function shownEscaped(c: string): boolean {
	return SHOWN_ESCAPED.test(c) || widthDisputed(c.codePointAt(0)!);
}
const SHOWN_ESCAPED = new RegExp(`^[${ACTIVE_CLASS}\\t\\n\\r\\u200d]$`, 'u');

/**
 * Typed text (a CLI value such as `--user`, a filter field, a search) with the `\uXXXX` escapes the screen shows read
 * back as their characters, so that what is copied from the screen finds the record: `alice\u200b@contoso.com` is the
 * UPN with a zero-width space in it, `\udb40\udc41` (how a tag character shows) the tag. Only escapes of characters
 * the screen shows escaped (shownEscaped): `\u0041` stays the six characters it is (an `A` is never shown escaped);
 * hex digits in either case.
 */
export function readTyped(text: string): string {
	if (!text.includes('\\u')) return text;
	return text.replace(TYPED_ESCAPE, (whole, hi?: string, lo?: string, one?: string) => {
		const c =
			one === undefined
				? String.fromCharCode(parseInt(hi!, 16), parseInt(lo!, 16))
				: String.fromCharCode(parseInt(one, 16));
		// A surrogate alone is never shown escaped (a pair is, as one character, when it is).
		return shownEscaped(c) ? c : whole;
	});
}
/** Typed text as a list row shows it, for `/` to look for in rows: `\u200b` typed finds the `\u200b` shown. */
export function shownTyped(typed: string): string {
	return sanitizeLine(readTyped(typed));
}

/**
 * A value as a text field shows it (the filter editor, opened on a pivot's value): each character the screen shows
 * escaped as its `\uXXXX`, line breaks and tabs too, so that readTyped reads the field back as the value itself.
 */
export function typedForm(value: string): string {
	let out = '';
	for (const ch of value) out += shownEscaped(ch) ? escaped(ch) : ch;
	return out;
}

const TYPED_ESCAPE = /\\u(d[89ab][0-9a-f]{2})\\u(d[c-f][0-9a-f]{2})|\\u([0-9a-f]{4})/giu;

/** Safe text that may keep line breaks (CRLF as LF) and tabs (as spaces); every other control shown as `\uXXXX`. */
export function sanitizeText(value: string): string {
	const safe = value.replace(ACTIVE, escaped).replace(/\r\n/g, '\n').replace(/\t/g, '  ');
	return safe.includes('\u200D') ? safe.replace(LONE_ZWJ, '\\u200d') : safe;
}

// ESC [ ... final | ESC ] ... (BEL | ESC \) | ESC P/X/^/_ ... ESC \ | ESC + one char.
const ESCAPES =
	/\u001b(?:\[[0-?]*[ -/]*[@-~]?|\][^\u0007\u001b]*(?:\u0007|\u001b\\)?|[PX^_][^\u001b]*(?:\u001b\\)?|[\s\S]?)/g;
// C1 CSI/OSC/DCS introducers with their bodies (8-bit forms).
const C1_SEQUENCES =
	/\u009b[0-?]*[ -/]*[@-~]?|[\u009d\u0090\u0098\u009e\u009f][^\u0007\u009c\u001b]*(?:\u0007|\u009c)?/g;
const ACTIVE_OR_CR = new RegExp(`[${ACTIVE_CLASS}\\r]`, 'gu');

/**
 * What the user types or pastes into a field, without what a terminal would act on: escape sequences whole (a paste's
 * colours, an OSC 52 carried in it) are taken off; a tab is two spaces, a line break one, a lone carriage return
 * nothing; any other hidden character (a zero-width space, a bidi control, a tag) becomes its `\uXXXX` text, as the
 * screen shows it, which the filter and the search read back as the character (readTyped). Taken off, a pasted
 * `alice<U+200B>@contoso.com` filtered for the look-alike `alice@contoso.com` (found by an independent check).
 */
export function typedText(value: string): string {
	const text = value
		.replace(ESCAPES, '')
		.replace(C1_SEQUENCES, '')
		.replace(/\t/g, '  ')
		.replace(ACTIVE_OR_CR, c => (c === '\r' ? '' : escaped(c)));
	return (text.includes('\u200D') ? text.replace(LONE_ZWJ, escaped) : text).replace(/\n/g, ' ');
}

/** Safe single-line text: line breaks become spaces (sanitizeText leaves a carriage return only as `\u000d`). */
export function sanitizeLine(value: string): string {
	return sanitizeText(value).replace(/\n/g, ' ');
}

/** True when a string would reach the terminal unchanged. */
export function isSafe(value: string): boolean {
	return sanitizeText(value) === value;
}

/** Characters a screen line keeps at most: wider than any terminal, short enough that rendering never crawls. */
export const LINE_MAX = 1000;

/**
 * A safe screen line of at most `max` characters (then `…`), however long the value: a record's 10 MB string costs
 * no more than its first few thousand characters. Never ends inside a surrogate pair.
 */
export function clipLine(value: string, max = LINE_MAX): string {
	let line = sanitizeLine(value.length > max * 4 ? value.slice(0, max * 4) : value);
	if (line.length > max || value.length > max * 4) {
		line = line.slice(0, max);
		if (/[\ud800-\udbff]$/.test(line)) line = line.slice(0, -1);
		line += '…';
	}
	return line;
}
