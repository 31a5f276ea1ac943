/**
 * A query's answer read from its bytes (queryAnswerOf, what the client reads every 200 into): the rows of the first
 * table are sliced by brackets and strings and parsed one at a time as they are read. The oracle is JSON.parse of the
 * whole body: the records, cursors, skipped rows and partial note read from the bytes are those read from the parsed
 * body, for any cells, any layout (indented, tabs), duplicate or escaped keys, extra tables and members; a body cut
 * anywhere is refused whole (the client asks again), never read in part.
 */
import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {
	LaResponseError,
	pageOutline,
	queryAnswerOf,
	readQueryResponse,
	tableRows,
} from '../../source/query/kql-response.js';

const columns = [
	{name: 'TimeGenerated', type: 'datetime'},
	{name: 'Id', type: 'string'},
	{name: 'UserPrincipalName', type: 'string'},
	{name: 'Status', type: 'dynamic'},
	{name: 'ResultType', type: 'string'},
	{name: 'Type', type: 'string'},
];

const row = (i: number, upn: unknown = `u${i}@contoso.com`): unknown[] => [
	`2026-11-30T10:00:0${i % 10}.1234567Z`,
	`id-${i}`,
	upn,
	JSON.stringify({errorCode: i, failureReason: 'a "quoted" [bracket] {brace} \\ back'}),
	String(i),
	'SigninLogs',
];

const bytesOf = (body: unknown, indent?: string | number): Buffer => Buffer.from(JSON.stringify(body, null, indent));

/** What a reader makes of a body: records, rows, skipped, cursor, partial, and the page outline. */
const readOf = (body: unknown) => ({read: readQueryResponse('signins', body), outline: pageOutline(body)});

describe('an answer read from its bytes', () => {
	it('reads what JSON.parse of the whole body reads, for any cells and layout', () => {
		const cell = fc.oneof(
			fc.jsonValue(),
			fc.string({unit: 'binary'}),
			fc.constantFrom('"', '\\', '\\"', '[', ']', '{', '}', '"rows":[[', '"tables"', '\u2028', '😀'),
		);
		const rowOf = fc.oneof(
			{weight: 8, arbitrary: fc.tuple(fc.nat(99), cell, cell).map(([i, upn, extra]) => [...row(i, upn), extra])},
			{weight: 1, arbitrary: fc.jsonValue()},
			{weight: 1, arbitrary: fc.constant([])},
		);
		fc.assert(
			fc.property(
				fc.array(rowOf, {maxLength: 8}),
				fc.option(fc.jsonValue(), {nil: undefined}),
				fc.array(fc.jsonValue(), {maxLength: 2}),
				fc.constantFrom(undefined, 1, 2, '\t'),
				(rows, error, more, indent) => {
					const body = {
						tables: [{name: 'PrimaryResult', columns, rows}, ...more.map(m => ({name: 'x', rows: [m]}))],
						...(error === undefined ? {} : {error}),
						statistics: {rows: [[1]]},
					};
					const bytes = bytesOf(body, indent);
					const answer = queryAnswerOf(bytes);
					expect(readOf(answer)).toEqual(readOf(JSON.parse(bytes.toString('utf8'))));
					expect(tableRows(answer)).toEqual(tableRows(JSON.parse(bytes.toString('utf8'))));
					// The rows were sliced, not parsed whole with the body.
					expect(answer.sliced).toBe(rows.filter(r => Array.isArray(r)).length);
				},
			),
			{numRuns: 400},
		);
	});

	it('keys written with escapes or twice are read as JSON.parse reads them (the last of a name twice)', () => {
		const a = JSON.stringify({name: 'PrimaryResult', columns, rows: [row(1), row(2)]});
		const b = JSON.stringify({name: 'PrimaryResult', columns, rows: [row(3)]});
		const texts = [
			`{"t\\u0061bles":[${a}]}`,
			`{"tables":[${a}],"tables":[${b}]}`,
			`{"tables":[{"name":"PrimaryResult","columns":${JSON.stringify(columns)},"rows":[${JSON.stringify(row(1))}],"rows":[${JSON.stringify(row(3))}]}]}`,
			`{"tables":[{"name":"PrimaryResult","columns":${JSON.stringify(columns)},"ro\\u0077s":[${JSON.stringify(row(4))}]}]}`,
			`{"tables":[${a},${b}]}`,
		];
		for (const text of texts) {
			const answer = queryAnswerOf(Buffer.from(text));
			expect(readOf(answer), text).toEqual(readOf(JSON.parse(text)));
			expect(answer.parsed()).toEqual(JSON.parse(text));
		}
	});

	it('a body cut anywhere is refused whole, never read in part', () => {
		const text = JSON.stringify({tables: [{name: 'PrimaryResult', columns, rows: [row(1), row(2), row(3)]}]});
		for (let cut = 0; cut < text.length; cut++) {
			const error = (() => {
				try {
					queryAnswerOf(Buffer.from(text.slice(0, cut)));
				} catch (e) {
					return e;
				}
				return undefined;
			})();
			expect(error, `cut at ${cut}`).toBeInstanceOf(LaResponseError);
		}
		expect(() => queryAnswerOf(Buffer.from('[1]'))).toThrow(LaResponseError);
		expect(readOf(queryAnswerOf(Buffer.from(text))).read.records.map(r => r.id)).toEqual(['id-1', 'id-2', 'id-3']);
	});

	it('a row whose brackets close but whose bytes are not JSON is counted as skipped; the others are read', () => {
		const good = JSON.stringify(row(1));
		const text = `{"tables":[{"name":"PrimaryResult","columns":${JSON.stringify(columns)},"rows":[${good},[1 2],${JSON.stringify(row(2))}]}]}`;
		const read = readQueryResponse('signins', queryAnswerOf(Buffer.from(text)));
		expect(read.records.map(r => r.id)).toEqual(['id-1', 'id-2']);
		expect(read.skipped).toEqual({'not JSON': 1});
		expect(read.rows).toBe(3);
	});
});
