/**
 * Where a JSON text first breaks the grammar (RFC 8259), in words and as a line and column: V8's own messages do not
 * always say where ("Unexpected token ']', ... is not valid JSON"), and they quote the text, which is record data.
 * Iterative, so that deep nesting does not overflow the stack, and its open brackets are a bit each (Brackets): a JS
 * array of them, one element a bracket, ended node with a fatal error on a text of 120 million `[`. Used on the error
 * path only (after JSON.parse failed).
 */
export interface JsonSyntaxProblem {
	/** Index into the text (UTF-16 units). */
	readonly offset: number;
	readonly reason: string;
}

export function jsonSyntaxError(text: string): JsonSyntaxProblem | undefined {
	const n = text.length;
	const stack = new Brackets();
	type State = 'value' | 'value-or-]' | 'key' | 'key-or-}' | 'colon' | 'after';
	let state: State = 'value';
	let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
	const at = (offset: number, reason: string): JsonSyntaxProblem => ({offset, reason});
	const literal = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null/y;
	for (;;) {
		while (i < n && (text[i] === ' ' || text[i] === '\t' || text[i] === '\n' || text[i] === '\r')) i++;
		if (i >= n) return state === 'after' && stack.length === 0 ? undefined : at(n, 'it ends too soon');
		const c = text[i]!;
		switch (state) {
			case 'after': {
				const top = stack.top();
				if (top === undefined) return at(i, 'text after the end of the JSON value');
				if (c === ',') state = top === '{' ? 'key' : 'value';
				else if (c === (top === '{' ? '}' : ']')) {
					stack.pop();
				} else return at(i, `expected ',' or '${top === '{' ? '}' : ']'}'`);
				i++;
				continue;
			}
			case 'colon':
				if (c !== ':') return at(i, "expected ':' after a property name");
				state = 'value';
				i++;
				continue;
			case 'key':
			case 'key-or-}': {
				if (c === '}' && state === 'key-or-}') {
					stack.pop();
					state = 'after';
					i++;
					continue;
				}
				if (c !== '"')
					return at(i, c === '}' ? "a trailing comma before '}'" : 'expected a property name in double quotes');
				const end = stringEnd(text, i);
				if (typeof end !== 'number') return end;
				i = end;
				state = 'colon';
				continue;
			}
			case 'value':
			case 'value-or-]': {
				if (c === ']' && state === 'value-or-]') {
					stack.pop();
					state = 'after';
					i++;
					continue;
				}
				if (c === '{' || c === '[') {
					stack.push(c);
					state = c === '{' ? 'key-or-}' : 'value-or-]';
					i++;
					continue;
				}
				if (c === '"') {
					const end = stringEnd(text, i);
					if (typeof end !== 'number') return end;
					i = end;
					state = 'after';
					continue;
				}
				literal.lastIndex = i;
				if (literal.exec(text)) {
					i = literal.lastIndex;
					state = 'after';
					continue;
				}
				return at(i, c === ']' || c === '}' ? `a trailing comma before '${c}'` : 'expected a value');
			}
		}
	}
}

/** Open brackets, `{` or `[`, a bit each: a text's nesting costs at most an eighth of a byte a character. */
class Brackets {
	private bits = new Uint8Array(64);
	length = 0;

	push(c: '{' | '['): void {
		if (this.length === this.bits.length * 8) {
			const more = new Uint8Array(this.bits.length * 2);
			more.set(this.bits);
			this.bits = more;
		}
		const byte = this.length >> 3;
		const bit = 1 << (this.length & 7);
		this.bits[byte] = c === '{' ? this.bits[byte]! | bit : this.bits[byte]! & ~bit;
		this.length++;
	}

	pop(): void {
		if (this.length > 0) this.length--;
	}

	top(): '{' | '[' | undefined {
		if (this.length === 0) return undefined;
		const at = this.length - 1;
		return this.bits[at >> 3]! & (1 << (at & 7)) ? '{' : '[';
	}
}

/** The index after the string that starts at `start` (a quote), or where it breaks. */
function stringEnd(text: string, start: number): number | JsonSyntaxProblem {
	for (let i = start + 1; i < text.length; i++) {
		const code = text.charCodeAt(i);
		if (code === 34) return i + 1;
		if (code < 0x20) return {offset: i, reason: 'a control character (a line break?) inside a string'};
		if (code === 92) {
			const next = text[i + 1];
			if (next === 'u') {
				if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) return {offset: i, reason: 'a bad \\u escape'};
				i += 5;
			} else if (next !== undefined && '"\\/bfnrt'.includes(next)) i++;
			else return {offset: i, reason: 'a bad escape'};
		}
	}
	return {offset: text.length, reason: 'a string that is never closed'};
}

/** 1-based line and column of an offset in a text. */
export function lineAndColumn(text: string, offset: number): {readonly line: number; readonly column: number} {
	let line = 1;
	let lineStart = 0;
	for (let nl = text.indexOf('\n'); nl >= 0 && nl < offset; nl = text.indexOf('\n', nl + 1)) {
		line++;
		lineStart = nl + 1;
	}
	return {line, column: offset - lineStart + 1};
}
