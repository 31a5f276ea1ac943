/** The parser's walk over the tokens: look, expect, and fail with the token's line and position. */
import {KqlSyntaxError, type Token} from './lexer.js';

export class TokenCursor {
	protected i = 0;
	constructor(protected readonly tokens: readonly Token[]) {}

	protected get tok(): Token {
		return this.tokens[this.i]!;
	}

	protected peek(n = 1): Token {
		return this.tokens[Math.min(this.i + n, this.tokens.length - 1)]!;
	}

	protected fail(token: Token = this.tok, why = ''): never {
		const shown =
			token.kind === 'eof'
				? '<end of query>'
				: token.kind === 'string'
					? JSON.stringify(token.value)
					: token.kind === 'typed'
						? `${token.value}(${token.raw ?? ''})`
						: token.value;
		throw new KqlSyntaxError(
			`Query could not be parsed at '${shown}' on line [${token.line},${token.pos}]${why ? `: ${why}` : ''}`,
			token.line,
			token.pos,
			shown,
		);
	}

	protected isPunct(value: string, token = this.tok): boolean {
		return token.kind === 'punct' && token.value === value;
	}

	protected isWord(value: string, token = this.tok): boolean {
		return token.kind === 'ident' && token.value === value;
	}

	protected expectPunct(value: string): Token {
		if (!this.isPunct(value)) this.fail(this.tok, `expected '${value}'`);
		return this.tokens[this.i++]!;
	}

	protected expectWord(value: string): Token {
		if (!this.isWord(value)) this.fail(this.tok, `expected '${value}'`);
		return this.tokens[this.i++]!;
	}

	/** Two tokens written with nothing between them (`!contains`, `in~`, `project-away`). */
	protected adjacent(a: Token, b: Token): boolean {
		return a.end === b.offset;
	}
}
