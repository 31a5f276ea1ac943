/**
 * An expert's `--filter` is sent inside parentheses, and-ed to the clauses built from the other flags:
 * `createdDateTime ge … and (RAW)`. A RAW that closes those parentheses itself (`appId eq 'x') or (appId ne 'y'`)
 * would turn every other clause into one branch of a top-level `or`. So its parentheses must balance outside string
 * literals (where `''` is an escaped quote), and every literal must be closed.
 */
import {QueryError} from './time.js';

/** How deep Graph's $filter parser lets parentheses nest (OData's URI parser recursion limit, 800 by default). */
export const MAX_NESTING = 800;

/** Why a raw filter cannot be sent as one parenthesised clause, or undefined when it can. */
export function rawFilterProblem(text: string): string | undefined {
	const opened: number[] = [];
	for (let i = 0; i < text.length; i++) {
		const ch = text[i];
		if (ch === "'") {
			const start = i;
			for (i++; ; i++) {
				if (i >= text.length)
					return `its string starting at column ${start + 1} is not closed (write a quote inside a string as '')`;
				if (text[i] === "'") {
					if (text[i + 1] === "'") i++;
					else break;
				}
			}
		} else if (ch === '(') {
			opened.push(i);
			if (opened.length > MAX_NESTING)
				return `its parentheses nest more than ${MAX_NESTING} deep (column ${i + 1}): Graph's $filter parser stops there`;
		} else if (ch === ')') {
			if (opened.length === 0) return `its ")" at column ${i + 1} closes a parenthesis it did not open`;
			opened.pop();
		}
	}
	if (opened.length > 0) return `its "(" at column ${opened[opened.length - 1]! + 1} is not closed`;
	return undefined;
}

/** Throws a one-line QueryError when the raw filter could escape the parentheses it is wrapped in. */
export function checkRawFilter(text: string): void {
	const problem = rawFilterProblem(text);
	if (problem) throw new QueryError(`--filter cannot be sent: ${problem}`);
}
