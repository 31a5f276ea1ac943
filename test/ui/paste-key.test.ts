/** A bracketed paste as one key (use-keys.ts): text to a field, never a command, whatever it holds. */
import {describe, expect, it} from 'vitest';
import {resolveKey} from '../../source/ui/keymap.js';
import {isPaste, pasteKey} from '../../source/ui/use-keys.js';
import {editText, pastedText} from '../../source/ui/use-text-field.js';

describe('a paste key', () => {
	it('matches no binding in any scope, even one character or a line break', () => {
		for (const text of ['e', 'q', '/', '?', ' ', '\r', 'G', 'y']) {
			for (const scope of ['list', 'detail', 'search', 'filters', 'export', 'summary', 'timeline'] as const)
				expect(resolveKey(scope, text, pasteKey())).toBeUndefined();
		}
		expect(isPaste(pasteKey())).toBe(true);
	});

	it("is a field's text: a trailing line break goes, inner ones are spaces, escapes are cleaned", () => {
		expect(editText('user ', 'alice@contoso.com\r\n', pasteKey())).toBe('user alice@contoso.com');
		expect(editText('', 'a\r\nb\rc\nd\n\n', pasteKey())).toBe('a b c d');
		expect(editText('', '\u001B[31mred\u001B[0m', pasteKey())).toBe('red');
		// A run of line breaks not at the end is no slower than one pass (a trailing-break regex was quadratic).
		const many = `${'\n'.repeat(200_000)}x`;
		expect(pastedText(many)).toBe(`${' '.repeat(200_000)}x`);
	});
});
