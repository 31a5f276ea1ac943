/**
 * The $filter lexer: OData literals (strings with '' escapes, numbers, datetimes, GUIDs), names and punctuation.
 */
import {instantKey} from '../instant.js';
import {FilterError} from './filter.js';

export type Token =
	| {readonly t: 'punct'; readonly v: '(' | ')' | ',' | ':' | '/'}
	| {readonly t: 'ident'; readonly v: string}
	| {readonly t: 'string'; readonly v: string}
	| {readonly t: 'number'; readonly v: number}
	| {readonly t: 'datetime'; readonly v: number; readonly text: string; readonly key: string};

export const DATETIME = /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,7})?)?(?:Z|[+-]\d{2}:\d{2}))?/;
export const NUMBER = /^-?\d+(?:\.\d+)?(?![\w.-])/;
export const IDENT = /^[A-Za-z_][\w.]*/;

export function tokenize(text: string): Token[] {
	const tokens: Token[] = [];
	let i = 0;
	while (i < text.length) {
		const ch = text[i]!;
		if (ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r') {
			i++;
			continue;
		}
		if (ch === '(' || ch === ')' || ch === ',' || ch === ':' || ch === '/') {
			tokens.push({t: 'punct', v: ch});
			i++;
			continue;
		}
		if (ch === "'") {
			let value = '';
			i++;
			for (;;) {
				if (i >= text.length) throw new FilterError('unterminated string literal');
				const c = text[i]!;
				if (c === "'") {
					if (text[i + 1] === "'") {
						value += "'";
						i += 2;
						continue;
					}
					i++;
					break;
				}
				value += c;
				i++;
			}
			tokens.push({t: 'string', v: value});
			continue;
		}
		const rest = text.slice(i);
		const dt = DATETIME.exec(rest);
		if (dt && (rest.length === dt[0].length || /[\s)]/.test(rest[dt[0].length]!))) {
			const ms = Date.parse(dt[0].length === 10 ? `${dt[0]}T00:00:00Z` : dt[0]);
			const key = instantKey(dt[0]);
			if (Number.isNaN(ms) || key === undefined) throw new FilterError(`invalid date ${dt[0]}`);
			tokens.push({t: 'datetime', v: ms, text: dt[0], key});
			i += dt[0].length;
			continue;
		}
		const num = NUMBER.exec(rest);
		if (num) {
			tokens.push({t: 'number', v: Number(num[0])});
			i += num[0].length;
			continue;
		}
		const id = IDENT.exec(rest);
		if (id) {
			tokens.push({t: 'ident', v: id[0]});
			i += id[0].length;
			continue;
		}
		throw new FilterError(`unexpected character ${JSON.stringify(ch)}`);
	}
	return tokens;
}
