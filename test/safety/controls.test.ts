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

	// A name can hide behind what shows as nothing (found by an independent check: a UPN with a zero-width space read
	// as alice's, a tag character passed to the terminal raw). Each is shown; the joiners that make text are kept.
	it('invisible characters are shown on the screen as on a terminal; joiners in words and emoji stay', () => {
		const hidden: Array<[string, string]> = [
			['alice\u200b@contoso.com', 'alice\\u200b@contoso.com'],
			['soft\u00adhyphen', 'soft\\u00adhyphen'],
			['word\u2060joiner', 'word\\u2060joiner'],
			['\ufeffbom', '\\ufeffbom'],
			['hangul\u3164filler\u115f\uffa0', 'hangul\\u3164filler\\u115f\\uffa0'],
			['line\u2028para\u2029', 'line\\u2028para\\u2029'],
			['tag\u{e0041}\u{e007f}', 'tag\\udb40\\udc41\\udb40\\udc7f'],
		];
		for (const [text, shown] of hidden) {
			expect(sanitizeText(text)).toBe(shown);
			expect(visibleControls(text)).toBe(shown);
			// The escapes are JSON's: read back, the same string.
			expect(JSON.parse(`"${shown}"`)).toBe(text);
		}
		for (const text of ['\u0645\u200c\u06cc', 'woman \u{1F469}\u200d\u{1F4BB} coder', 'caf\u00e9 \u6771\u4eac'])
			expect(sanitizeText(text)).toBe(text);
	});
});
