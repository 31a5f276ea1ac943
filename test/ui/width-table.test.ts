/**
 * The width table (source/terminal/width-table.ts) is what the terminals say, code point by code point: glibc's wcwidth
 * (which tmux 3.3 asks) and xterm.js's Unicode 11 widths, read afresh from both (test/helpers/width-oracle.ts). A code
 * point they disagree on, or that string-width (Ink's measure) gives more columns than both, is disputed.
 */
import {describe, expect, it} from 'vitest';
import stringWidth from 'string-width';
import {terminalWidth, widthDisputed} from '../../source/terminal/width-table.js';
import {CODE_POINTS, glibcWidths, xtermWidths} from '../helpers/width-oracle.js';

describe('the width table', () => {
	it('gives each code point the width both terminals give it, and says which they dispute', () => {
		const glibc = glibcWidths();
		const xt = xtermWidths();
		const wrong: string[] = [];
		for (let c = 0x20; c < CODE_POINTS; c++) {
			if ((c >= 0x7f && c < 0xa0) || (c >= 0xd800 && c <= 0xdfff)) continue;
			const g = glibc[c]!;
			const disputed = g < 0 || g !== xt[c] || (g > 0 && stringWidth(String.fromCodePoint(c)) > g);
			const got = terminalWidth(c);
			if (widthDisputed(c) !== disputed || (disputed ? got !== undefined : got !== g))
				wrong.push(`U+${c.toString(16)}: glibc ${g}, xterm ${xt[c]}, table ${got}`);
		}
		expect(wrong.slice(0, 20)).toEqual([]);
	});
});
