/** An expert's raw `--kql` where-condition, checked so that it cannot leave its `where`. */
import {QueryError} from './time.js';

/** Brackets an expert's condition may nest: far past any real one, short of what a query parser refuses. */
export const MAX_KQL_NESTING = 200;

/**
 * Checks an expert's KQL where-condition so that it stays one condition: brackets balanced outside string literals
 * (every form: '…' "…" with escapes, @'…' @"…" verbatim, h-prefixed, ```…``` and ~~~…~~~), no `|` or `;` that would
 * start another operator or statement, no `//` comment that would swallow what follows. Returns it trimmed.
 */
export function checkKqlWhere(text: string): string {
	const t = text.trim();
	if (t === '') throw new QueryError('--kql is empty');
	const fail = (what: string, at: number): never => {
		throw new QueryError(
			`--kql: ${what} at character ${at + 1}; it must be one where-condition, such as ResultType == "50126"`,
		);
	};
	const closers: string[] = [];
	const pairs: Readonly<Record<string, string>> = {'(': ')', '[': ']', '{': '}'};
	for (let i = 0; i < t.length; i++) {
		const c = t[i]!;
		const fence = t.startsWith('```', i) ? '```' : t.startsWith('~~~', i) ? '~~~' : '';
		if (fence) {
			const end = t.indexOf(fence, i + 3);
			if (end < 0) fail('a string that never ends', i);
			i = end + 2;
		} else if (c === '@' && (t[i + 1] === '"' || t[i + 1] === "'")) {
			const q = t[i + 1]!;
			let j = i + 2;
			for (; ; j++) {
				if (j >= t.length || t[j] === '\n' || t[j] === '\r') fail('a string that never ends', i);
				if (t[j] === q) {
					if (t[j + 1] === q) j++;
					else break;
				}
			}
			i = j;
		} else if (c === '"' || c === "'") {
			let j = i + 1;
			for (; ; j++) {
				if (j >= t.length || t[j] === '\n' || t[j] === '\r') fail('a string that never ends', i);
				if (t[j] === '\\') j++;
				else if (t[j] === c) break;
			}
			i = j;
		} else if (t.startsWith('//', i)) fail('a comment', i);
		else if (c === '|') fail('"|" (another operator)', i);
		else if (c === ';') fail('";" (another statement)', i);
		else if (pairs[c]) {
			closers.push(pairs[c]!);
			if (closers.length > MAX_KQL_NESTING) fail(`brackets nested more than ${MAX_KQL_NESTING} deep`, i);
		} else if (c === ')' || c === ']' || c === '}') {
			if (closers.pop() !== c) fail(`an unbalanced "${c}"`, i);
		}
	}
	if (closers.length > 0) fail(`an unclosed bracket (expected "${closers[closers.length - 1]}")`, t.length - 1);
	return t;
}
