/**
 * Cutting text to a column: whole graphemes only, never wider than the column, for any Unicode. The grapheme oracle
 * is Intl.Segmenter; the width one is string-width (what Ink lays text out with). The screen itself, through a real
 * terminal emulator, is checked in test/e2e/demo.test.ts.
 */
import {describe, expect, it} from 'vitest';
import fc from 'fast-check';
import stringWidth from 'string-width';
import {cut, displayWidth, displayable, fit} from '../../source/terminal/width.js';
import {xtermColumns} from '../helpers/xterm-columns.js';

const segmenter = new Intl.Segmenter(undefined, {granularity: 'grapheme'});
const graphemesOf = (s: string): string[] => [...segmenter.segment(s)].map(g => g.segment);

/** Text made of the pieces that break naive cutting, mixed with any Unicode. */
const tricky = fc
	.array(
		fc.oneof(
			fc.constantFrom(
				'🇺🇸',
				'🇩🇪',
				'👨‍👩‍👧',
				'👍🏽',
				'❤️',
				'1️⃣',
				'😀',
				'漢',
				'字',
				'Ａ',
				'한',
				'e\u0301',
				'\u0301',
				'\u200B',
				'\u200D',
				'\uFEFF',
				'\u00AD',
				'\u2028',
				'\u2029',
				'a',
				' ',
				'…',
			),
			fc.string({unit: 'grapheme', maxLength: 6}),
			fc.string({unit: 'binary', maxLength: 6}),
		),
		{maxLength: 24},
	)
	.map(parts => parts.join(''));

describe('cutting text to a column', () => {
	it('for any text and width: never wider than the width, whole graphemes of the text in order, an ellipsis only when cut', () => {
		fc.assert(
			fc.property(tricky, fc.integer({min: 0, max: 40}), (text, width) => {
				const out = cut(text, width);
				expect(stringWidth(out)).toBeLessThanOrEqual(width);
				expect(displayWidth(out)).toBeLessThanOrEqual(width);
				const shown = displayable(text);
				const whole = out === shown;
				const kept = whole ? out : out.replace(/…$/, '');
				// What is kept is a run of the text's own graphemes, from its start: nothing split, nothing made up.
				const keptGraphemes = graphemesOf(kept);
				expect(graphemesOf(shown).slice(0, keptGraphemes.length)).toEqual(keptGraphemes);
				if (!whole) expect(out.endsWith('…') || width === 0).toBe(true);
				// Cut only when the text is wider than the column.
				expect(whole).toBe(displayWidth(text) <= width);
			}),
			{numRuns: 3000},
		);
	});

	it('a mark left without its base (after a zero-width space) is left out, not joined to the flag before it', () => {
		// Found by the property above: U+302E (string-width: 2 columns) after U+200B.
		const text = '🇺🇸🇺🇸\u200B\u302E';
		expect(displayable(text)).toBe('🇺🇸🇺🇸');
		expect(cut(text, 5)).toBe('🇺🇸🇺🇸');
		expect(displayWidth(text)).toBe(4);
	});

	it('fit gives exactly the column width, cut or padded', () => {
		fc.assert(
			fc.property(tricky, fc.integer({min: 0, max: 40}), (text, width) => {
				const out = fit(text, width);
				// A terminal shows it exactly that wide; Ink (each grapheme in at least one column, as string-width
				// measures it) never counts it wider, so it cuts nothing off the row.
				expect(xtermColumns(out)).toBe(width);
				expect(graphemesOf(out).reduce((s, g) => s + Math.max(1, stringWidth(g)), 0)).toBeLessThanOrEqual(width);
			}),
			{numRuns: 2000},
		);
	});

	it('a flag is never split in two; a wide character that does not fit is left out whole', () => {
		expect(cut('🇺🇸🇩🇪🇫🇷', 5)).toBe('🇺🇸🇩🇪…');
		expect(cut('🇺🇸🇩🇪🇫🇷', 4)).toBe('🇺🇸…');
		expect(cut('漢字かな', 4)).toBe('漢…');
		expect(fit('漢字かな', 4)).toBe('漢… ');
		expect(cut('Cafe\u0301 au lait', 6)).toBe('Cafe\u0301 …');
		expect(cut('abcdef', 4)).toBe('abc…');
		expect(fit('ab', 4)).toBe('ab  ');
		expect(displayable('a\u200Bb\u2028c')).toBe('ab c');
	});
});

describe('emoji whose width terminals disagree on', () => {
	it('a column shows them without skin-tone modifiers and the variation selector (tmux 3.3 drew 👍🏽 four columns wide, ❤️ one)', () => {
		expect(displayable('ab 👍🏽 cd')).toBe('ab 👍 cd');
		expect(displayable('ab ❤️ cd')).toBe('ab ❤ cd');
		expect(displayWidth('ab 👍🏽 cd')).toBe(displayWidth('ab 👍 cd'));
		expect(displayWidth('ab ❤️ cd')).toBe(7);
		expect(fit('👍🏾❤️漢', 8)).toBe('👍❤漢   ');
	});
});
