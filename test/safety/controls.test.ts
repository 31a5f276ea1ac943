/**
 * The characters a terminal acts on are one list (sanitize.ts's ACTIVE_CLASS): the TUI shows exactly what records
 * written to a terminal show as `\uXXXX`, every code point of the Basic Multilingual Plane checked (but carriage return,
 * which a screen line shows when it ends no line and a CSV on a terminal keeps, and tab and line feed).
 */
import {describe, expect, it} from 'vitest';
import {sanitizeText} from '../../source/terminal/sanitize.js';
import {visibleControls} from '../../source/terminal/tty-output.js';

describe('control characters: one list for the screen and for records on a terminal', () => {
	it('the screen shows a character alone as \\uXXXX exactly when tty output does', () => {
		const disagree: string[] = [];
		for (let code = 0; code <= 0xffff; code++) {
			const c = String.fromCharCode(code);
			if (c === '\t' || c === '\n' || c === '\r') continue;
			const shown = sanitizeText(c);
			const escaped = visibleControls(c);
			if (shown !== escaped || (shown !== c && shown !== `\\u${code.toString(16).padStart(4, '0')}`))
				disagree.push(code.toString(16));
		}
		expect(disagree).toEqual([]);
		expect(sanitizeText('a\rb\tc\nd\r\ne')).toBe('a\\u000db  c\nd\ne');
		expect(visibleControls('a\rb\tc\nd')).toBe('a\rb\tc\nd');
	});
});
