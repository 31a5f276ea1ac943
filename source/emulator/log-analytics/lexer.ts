/**
 * The emulator's own KQL lexer, written from the official grammar (microsoft/Kusto-Query-Language
 * grammar/KqlTokens.g4) and the string-literal documentation, independently of the client's compiler: every string
 * form ('…' "…" with backslash escapes, @'…' @"…" verbatim with doubled quotes, h-prefixed obfuscated ones,
 * ```…``` and ~~~…~~~ multi-line), numbers, timespans (1d, 30m, 10s …), `datetime(…)`-style literals, `//` comments.
 */
import {isDigit, isStringStart, readString} from './lexer-strings.js';

export type TokenKind = 'ident' | 'string' | 'number' | 'timespan' | 'typed' | 'punct' | 'eof';

export interface Token {
	readonly kind: TokenKind;
	/** ident: the name; string: the decoded value; punct: the symbol; typed: the type name (datetime, guid …). */
	readonly value: string;
	/** number: the value; timespan: ticks (100 ns). */
	readonly num?: number;
	/** typed: the text between the parentheses. */
	readonly raw?: string;
	/** number: written with a fraction or an exponent. */
	readonly real?: boolean;
	/** Offset in the query text, and 1-based line with 0-based position in it. */
	readonly offset: number;
	readonly end: number;
	readonly line: number;
	readonly pos: number;
}

export class KqlSyntaxError extends Error {
	constructor(
		message: string,
		readonly line: number,
		readonly pos: number,
		readonly token: string,
	) {
		super(message);
	}
}

const WHITESPACE = new Set([
	' ',
	'\t',
	'\r',
	'\n',
	'\f',
	'\u00a0',
	'\u1680',
	'\u180e',
	'\u2000',
	'\u2001',
	'\u2002',
	'\u2003',
	'\u2004',
	'\u2005',
	'\u2006',
	'\u2007',
	'\u2008',
	'\u2009',
	'\u200a',
	'\u200b',
	'\u202f',
	'\u205f',
	'\u3000',
	'\ufeff',
]);
const LINE_END = /[\n\r\u2028\u2029]/;

/** Two-character symbols first, then one-character ones. */
const PUNCT2 = ['==', '!=', '=~', '!~', '<=', '>=', '<>', '..', '=>'];
const PUNCT1 = '|()[]{},.=<>+-*/%;:!~@?';

/** Literal forms `name(…)` whose inside is read raw by the grammar (`LparenGooRparen`). */
const TYPED = new Set([
	'datetime',
	'date',
	'time',
	'timespan',
	'guid',
	'uuid',
	'uniqueid',
	'long',
	'int64',
	'int',
	'int32',
	'real',
	'double',
	'bool',
	'boolean',
	'decimal',
]);

const TICKS_PER_MS = 10_000;
const UNIT_TICKS: ReadonlyArray<readonly [RegExp, number]> = [
	[/^(d|day|days)$/, 86_400_000 * TICKS_PER_MS],
	[/^(h|hr|hrs|hour|hours)$/, 3_600_000 * TICKS_PER_MS],
	[/^(m|min|minute|minutes)$/, 60_000 * TICKS_PER_MS],
	[/^(s|sec|second|seconds)$/, 1000 * TICKS_PER_MS],
	[/^(ms|milli|millis|millisec|millisecond|milliseconds)$/, TICKS_PER_MS],
	[/^(micro|micros|microsec|microsecond|microseconds)$/, 10],
	[/^(nano|nanos|nanosec|nanosecond|nanoseconds)$/, 0.01],
	[/^(tick|ticks)$/, 1],
];

export function tokenize(text: string): Token[] {
	const tokens: Token[] = [];
	let i = 0;
	let line = 1;
	let lineStart = 0;
	const at = (offset: number) => {
		// Position of an offset (lines counted as they pass).
		return {line, pos: offset - lineStart};
	};
	const fail = (message: string, offset: number, token: string): never => {
		const where = at(offset);
		throw new KqlSyntaxError(message, where.line, where.pos, token);
	};
	const advanceLines = (from: number, to: number) => {
		for (let k = from; k < to; k++) {
			const c = text[k]!;
			if (c === '\n' || (c === '\r' && text[k + 1] !== '\n') || c === '\u2028' || c === '\u2029') {
				line++;
				lineStart = k + 1;
			}
		}
	};
	const push = (kind: TokenKind, value: string, start: number, end: number, extra: Partial<Token> = {}) => {
		const where = at(start);
		tokens.push({kind, value, offset: start, end, line: where.line, pos: where.pos, ...extra});
	};

	while (i < text.length) {
		const c = text[i]!;
		if (WHITESPACE.has(c) || c === '\u2028' || c === '\u2029') {
			advanceLines(i, i + 1);
			i++;
			continue;
		}
		if (text.startsWith('//', i)) {
			while (i < text.length && !LINE_END.test(text[i]!)) i++;
			continue;
		}
		const start = i;
		// Strings, with an optional h/H (obfuscated) prefix.
		const prefixed = (c === 'h' || c === 'H') && isStringStart(text, i + 1);
		if (prefixed || isStringStart(text, i)) {
			const s = prefixed ? i + 1 : i;
			const {value, end} = readString(text, s, fail);
			advanceLines(start, end);
			push('string', value, start, end);
			i = end;
			continue;
		}
		if (isDigit(c)) {
			const m = /^(0[xX][0-9a-fA-F]+|\d+(\.\d+)?([eE][+-]?\d+)?|\d+\.(?![.])(\d*)([eE][+-]?\d+)?)/.exec(
				text.slice(i, i + 64),
			)!;
			let end = i + m[0].length;
			const word = /^[A-Za-z_]+/.exec(text.slice(end, end + 32))?.[0] ?? '';
			if (word) {
				const unit = UNIT_TICKS.find(([re]) => re.test(word));
				if (unit && !/[eExX]/.test(m[0])) {
					end += word.length;
					push('timespan', text.slice(start, end), start, end, {num: Number(m[0]) * unit[1]});
					i = end;
					continue;
				}
				// Digits then letters: an identifier in the grammar.
				end += word.length;
				end += /^[A-Za-z0-9_]*/.exec(text.slice(end))![0].length;
				push('ident', text.slice(start, end), start, end);
				i = end;
				continue;
			}
			const real = /[.eE]/.test(m[0]) && !/^0[xX]/.test(m[0]);
			push('number', m[0], start, end, {
				num: /^0[xX]/.test(m[0]) ? Number.parseInt(m[0].slice(2), 16) : Number(m[0]),
				real,
			});
			i = end;
			continue;
		}
		if (/[A-Za-z_$]/.test(c)) {
			let end = i + 1;
			while (end < text.length && /[A-Za-z0-9_]/.test(text[end]!)) end++;
			const name = text.slice(i, end);
			if (TYPED.has(name) && text[end] === '(') {
				const close = text.indexOf(')', end + 1);
				if (close < 0)
					fail(
						`Query could not be parsed at '${name}(' on line [${at(start).line},${at(start).pos}]`,
						start,
						`${name}(`,
					);
				push('typed', name, start, close + 1, {raw: text.slice(end + 1, close)});
				advanceLines(start, close + 1);
				i = close + 1;
				continue;
			}
			push('ident', name, start, end);
			i = end;
			continue;
		}
		const two = text.slice(i, i + 2);
		if (PUNCT2.includes(two)) {
			push('punct', two, start, i + 2);
			i += 2;
			continue;
		}
		if (PUNCT1.includes(c)) {
			push('punct', c, start, i + 1);
			i++;
			continue;
		}
		fail(`Query could not be parsed at '${c}' on line [${at(start).line},${at(start).pos}]`, start, c);
	}
	const where = at(text.length);
	tokens.push({kind: 'eof', value: '', offset: text.length, end: text.length, line: where.line, pos: where.pos});
	return tokens;
}
