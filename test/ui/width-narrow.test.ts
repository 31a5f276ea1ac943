/**
 * Text that width.ts measures without segmenting (printable ASCII, Latin-1, the TUI's own punctuation: ·, …, ›, dashes,
 * quotes): measured, cut and fitted as the oracle does it, one grapheme at a time with string-width (what Ink lays text
 * out with) and Intl.Segmenter. Mixed with any other character, the text takes the general path and must agree too.
 */
import {describe, expect, it} from 'vitest';
import fc from 'fast-check';
import stringWidth from 'string-width';
import {cut, displayWidth, displayable, fit, wrap} from '../../source/terminal/width.js';
import {xtermColumns} from '../helpers/xterm-columns.js';

const segmenter = new Intl.Segmenter(undefined, {granularity: 'grapheme'});
const graphemesOf = (s: string): string[] => [...segmenter.segment(s)].map(g => g.segment);

const NARROW = [
	...Array.from({length: 0x7f - 0x20}, (_, i) => 0x20 + i),
	...Array.from({length: 0x100 - 0xa0}, (_, i) => 0xa0 + i).filter(c => c !== 0xad),
	0x2013,
	0x2014,
	0x2018,
	0x2019,
	0x201c,
	0x201d,
	0x2022,
	0x2026,
	0x203a,
].map(c => String.fromCharCode(c));

/** The oracle: whole graphemes, each as wide as string-width says, an ellipsis when cut. */
function oracleCut(text: string, width: number): string {
	const all = graphemesOf(text);
	const total = all.reduce((s, g) => s + stringWidth(g), 0);
	if (total <= width) return text;
	if (width <= 0) return '';
	let out = '';
	let used = 0;
	for (const g of all) {
		if (used + stringWidth(g) > width - 1) break;
		out += g;
		used += stringWidth(g);
	}
	return `${out}…`;
}

const narrowText = fc.array(fc.constantFrom(...NARROW), {maxLength: 40}).map(cs => cs.join(''));

describe('narrow text: one column and one grapheme per character', () => {
	it('each of its characters is one column wide and a grapheme of its own, whatever stands beside it', () => {
		for (const ch of NARROW) expect(stringWidth(ch), `U+${ch.charCodeAt(0).toString(16)}`).toBe(1);
		const all = NARROW.join('');
		expect(graphemesOf(all)).toEqual(NARROW);
		expect(graphemesOf([...NARROW].reverse().join(''))).toHaveLength(NARROW.length);
	});

	it('is measured, shown, cut, fitted and wrapped as the grapheme-by-grapheme oracle does it', () => {
		fc.assert(
			fc.property(narrowText, fc.integer({min: 0, max: 45}), (text, width) => {
				expect(displayWidth(text)).toBe(graphemesOf(text).reduce((s, g) => s + stringWidth(g), 0));
				expect(displayable(text)).toBe(text);
				expect(cut(text, width)).toBe(oracleCut(text, width));
				const fitted = fit(text, width);
				expect(stringWidth(fitted)).toBe(width);
				expect(fitted.startsWith(oracleCut(text, width))).toBe(true);
				if (width > 0) expect(wrap(text, width).join('')).toBe(text);
			}),
			{numRuns: 2000},
		);
	});

	it('mixed with a mark, a wide or a zero-width character, the text is measured as a terminal shows it', () => {
		const other = fc.constantFrom('e\u0301', '\u0301', '漢', '\u00ad', '\u200b', '👍🏽', '\u2028', '🇺🇸');
		fc.assert(
			fc.property(narrowText, other, narrowText, fc.integer({min: 0, max: 45}), (a, b, c, width) => {
				const text = `${a}${b}${c}`;
				const shown = displayable(text);
				// As wide as a terminal shows it (a soft hyphen, raw, takes a column there; string-width gives it none).
				expect(displayWidth(text)).toBe(xtermColumns(shown));
				expect(xtermColumns(fit(text, width))).toBe(width);
				expect(stringWidth(fit(text, width))).toBeLessThanOrEqual(width);
			}),
			{numRuns: 1000},
		);
	});
});
