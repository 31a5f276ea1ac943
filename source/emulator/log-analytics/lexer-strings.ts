/**
 * KQL string literals as the lexer reads them: '…' and "…" with escapes, verbatim @'…' @"…", and multi-line
 * ```…``` and ~~~…~~~.
 */

export function isDigit(c: string): boolean {
	return c >= '0' && c <= '9';
}

export function isStringStart(text: string, i: number): boolean {
	const c = text[i];
	if (c === '"' || c === "'") return true;
	if (c === '@' && (text[i + 1] === '"' || text[i + 1] === "'")) return true;
	return text.startsWith('```', i) || text.startsWith('~~~', i);
}

export function readString(
	text: string,
	i: number,
	fail: (m: string, at: number, token: string) => never,
): {value: string; end: number} {
	const unterminated = () =>
		fail(
			`Query could not be parsed at '${text.slice(i, i + 20)}': a string literal is not closed`,
			i,
			text.slice(i, i + 20),
		);
	for (const fence of ['```', '~~~']) {
		if (text.startsWith(fence, i)) {
			const close = text.indexOf(fence, i + 3);
			if (close < 0) unterminated();
			return {value: text.slice(i + 3, close), end: close + 3};
		}
	}
	if (text[i] === '@') {
		const q = text[i + 1]!;
		let value = '';
		for (let j = i + 2; ; j++) {
			if (j >= text.length || text[j] === '\n' || text[j] === '\r') unterminated();
			if (text[j] === q) {
				if (text[j + 1] === q) {
					value += q;
					j++;
				} else return {value, end: j + 1};
			} else value += text[j];
		}
	}
	const q = text[i]!;
	let value = '';
	for (let j = i + 1; ; j++) {
		if (j >= text.length || text[j] === '\n' || text[j] === '\r') unterminated();
		const c = text[j]!;
		if (c === q) return {value, end: j + 1};
		if (c !== '\\') {
			value += c;
			continue;
		}
		const e = text[j + 1];
		j++;
		switch (e) {
			case "'":
			case '"':
			case '\\':
				value += e;
				break;
			case 'a':
				value += '\u0007';
				break;
			case 'b':
				value += '\b';
				break;
			case 'f':
				value += '\f';
				break;
			case 'n':
				value += '\n';
				break;
			case 'r':
				value += '\r';
				break;
			case 't':
				value += '\t';
				break;
			case 'v':
				value += '\v';
				break;
			case 'u':
			case 'U':
			case 'x': {
				const width = e === 'u' ? 4 : e === 'U' ? 8 : 0;
				const hex = width ? text.slice(j + 1, j + 1 + width) : (/^[0-9a-fA-F]{1,4}/.exec(text.slice(j + 1))?.[0] ?? '');
				if (hex.length === 0 || (width && hex.length !== width) || !/^[0-9a-fA-F]+$/.test(hex)) {
					fail(`Query could not be parsed at '\\${e}${hex}': a bad escape in a string literal`, j - 1, `\\${e}`);
				}
				const code = Number.parseInt(hex, 16);
				if (code > 0x10ffff)
					fail(`Query could not be parsed at '\\${e}${hex}': a bad escape in a string literal`, j - 1, `\\${e}`);
				value += String.fromCodePoint(code);
				j += hex.length;
				break;
			}
			default: {
				const oct = /^[0-7]{1,3}/.exec(text.slice(j))?.[0];
				if (oct && Number.parseInt(oct, 8) <= 0o377) {
					value += String.fromCharCode(Number.parseInt(oct, 8));
					j += oct.length - 1;
					break;
				}
				fail(`Query could not be parsed at '\\${e ?? ''}': a bad escape in a string literal`, j - 1, `\\${e ?? ''}`);
			}
		}
	}
}
