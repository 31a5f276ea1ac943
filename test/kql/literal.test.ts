/**
 * KQL literals are escaped at one site (kqlString), and hostile values round-trip through the emulator's own,
 * independent KQL lexer and parser: value in, the same literal out, never a different query.
 */
import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {compileKql, kqlPage} from '../../source/query/kql.js';
import {kqlDatetime, kqlString} from '../../source/query/kql-literal.js';
import {QueryError} from '../../source/query/time.js';
import {REPORTS} from '../../source/reports/index.js';
import type {Expr as FilterExpr} from '../../source/query/filter.js';
import {tokenize} from '../../source/emulator/log-analytics/lexer.js';
import {parseQuery, type Expr, type Query} from '../../source/emulator/log-analytics/parser.js';
import {withLaEmulator} from '../emulator-la/la-client.js';

const NOW = new Date('2026-11-20T12:00:00Z');

/** Hostile text: every Unicode code point, lone surrogates, and what KQL's lexer cares about, densely. */
const hostile = fc.oneof(
	fc.string({unit: 'binary', maxLength: 60}),
	fc.string({
		unit: fc.constantFrom(
			'"',
			"'",
			'\\',
			'\n',
			'\r',
			'\t',
			'|',
			';',
			'/',
			'`',
			'~',
			'@',
			'h',
			'H',
			'(',
			')',
			'[',
			']',
			'{',
			'}',
			'\u2028',
			'\u2029',
			'\u0000',
			'\u001b',
			'\u0085',
			'\u202e',
			'\ud800',
			'\udfff',
			'a',
			' ',
			'\\u0041',
			'```',
			'~~~',
			'//',
			'@"',
			"h'",
		),
		maxLength: 40,
	}),
);

function stringLiterals(q: Query): string[] {
	const out: string[] = [];
	const expr = (e: Expr): void => {
		switch (e.kind) {
			case 'lit':
				if (e.value.type === 'string') out.push(e.value.value);
				return;
			case 'col':
				return;
			case 'member':
				expr(e.target);
				if (!e.dot) expr(e.key);
				return;
			case 'call':
				e.args.forEach(expr);
				return;
			case 'unary':
				expr(e.arg);
				return;
			case 'bin':
				expr(e.left);
				expr(e.right);
				return;
			case 'in':
				expr(e.left);
				e.list.forEach(expr);
				return;
			case 'between':
				expr(e.left);
				expr(e.low);
				expr(e.high);
				return;
		}
	};
	const query = (x: Query): void => {
		if (x.source.kind === 'union') x.source.items.forEach(query);
		for (const op of x.ops) {
			if (op.kind === 'where') expr(op.pred);
			if (op.kind === 'order') op.keys.forEach(k => expr(k.expr));
		}
	};
	query(q);
	return out;
}

describe('kqlString: the one literal site', () => {
	it('any string is one string token of the same value to the emulator lexer', () => {
		fc.assert(
			fc.property(hostile, s => {
				const tokens = tokenize(kqlString(s));
				expect(tokens.map(t => t.kind)).toEqual(['string', 'eof']);
				expect(tokens[0]!.value).toBe(s);
			}),
			{numRuns: 3000},
		);
	});

	it('printed literals are one line with no control characters (safe to print with --print kql)', () => {
		fc.assert(
			fc.property(hostile, s => {
				expect(kqlString(s)).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e]/);
			}),
			{numRuns: 1000},
		);
	});

	it('documented forms: backslash escapes the quote, the backslash, tab and newline', () => {
		expect(kqlString('a"b')).toBe('"a\\"b"');
		expect(kqlString('C:\\x')).toBe('"C:\\\\x"');
		expect(kqlString("it's")).toBe('"it\'s"');
		expect(kqlString('a\tb\nc\rd')).toBe('"a\\tb\\nc\\rd"');
	});

	it('a cursor time that is not a UTC time cannot reach the query', () => {
		expect(kqlDatetime('2026-11-20T08:14:03.1234567Z')).toBe('datetime(2026-11-20T08:14:03.1234567Z)');
		for (const bad of ['2026-11-20T08:14:03Z) | take 1 | where (true', '2026-11-20', 'now', ''])
			expect(() => kqlDatetime(bad)).toThrow(QueryError);
	});
});

describe('hostile values through a whole compiled query', () => {
	const expectedValues = (e: FilterExpr | undefined, under = false): Array<{value: string; required: boolean}> => {
		if (!e) return [];
		switch (e.kind) {
			case 'and':
			case 'or':
				return e.items.flatMap(x => expectedValues(x, under));
			case 'any':
				return expectedValues(e.body, true);
			case 'raw':
				return [];
			case 'fn':
				return [{value: e.value, required: !under}];
			case 'cmp':
				return e.value.type === 'string' ? [{value: e.value.value, required: !under}] : [];
		}
	};
	const cases = REPORTS.flatMap(r => r.fields.map(f => [r, f] as const));

	it('for every field of every report: the parsed query holds exactly the field values, as one where', () => {
		fc.assert(
			fc.property(
				fc.constantFrom(...cases),
				hostile.filter(s => s.trim() !== ''),
				fc.string({unit: 'binary', maxLength: 30}),
				([report, field], value, id) => {
					let built;
					try {
						built = field.build(value);
					} catch (error) {
						if (error instanceof QueryError) return; // the field refuses it (a GUID, an error code …)
						throw error;
					}
					const compiled = compileKql({report: report.id, filters: {[field.key]: value}, order: 'newest'}, {now: NOW});
					const text = kqlPage(compiled, {take: 10, after: {time: '2026-11-20T08:14:03.1234567Z', id}});
					const parsed = parseQuery(text);
					const seen = stringLiterals(parsed);
					const wanted = [...expectedValues(built.server), ...expectedValues(built.local)];
					for (const w of wanted) if (w.required) expect(seen).toContain(w.value);
					// Nothing else: the field's values (or "0" for the error code), and the cursor's id.
					for (const s of seen)
						expect([
							...wanted.map(w => w.value),
							id,
							'0',
							String(Number(value.trim().replace(/^AADSTS/i, ''))),
						]).toContain(s);
					// One leg (one table) whose operators are where…, then the keyset where, the order and the take.
					const kinds = parsed.ops.map(o => o.kind);
					expect(kinds.slice(-3)).toEqual(['where', 'order', 'take']);
					expect(kinds.slice(0, -3).every(k => k === 'where')).toBe(true);
				},
			),
			{numRuns: 1500},
		);
	});
});

describe('over HTTPS: the value comes back from the emulator as it went in', () => {
	const env = withLaEmulator();

	it('a projected literal is the same string in the row', async () => {
		await fc.assert(
			fc.asyncProperty(hostile, async s => {
				const r = await env.la.post(`AuditLogs | take 1 | project v = ${kqlString(s)}, n = strlen(${kqlString(s)})`);
				expect(r.status).toBe(200);
				const row = env.la.rows(r)[0]!;
				expect(row['v']).toBe(s);
				expect(row['n']).toBe(s.length);
			}),
			{numRuns: 150},
		);
	});
});
