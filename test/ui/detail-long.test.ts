/**
 * The detail of hostile records, as a responder reads it (found by an independent check): a value of thousands of
 * characters is shown whole, wrapped, in its section and in the raw JSON, and `/` finds its end; 3,000 spaces in a
 * value and JSON nested 40 deep in a terminal of 60x15 still draw one screen row per counted row, the status line at
 * the bottom. In a real tmux with default settings, the built CLI on a real file.
 */
import {writeFileSync} from 'node:fs';
import {join} from 'node:path';
import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import type {GraphRecord} from '../../source/reports/report.js';
import {jsonDepthLines, jsonLines, keepRawText} from '../../source/reports/json-text.js';
import {DETAIL_LINE_MAX, detailLines, detailRows, findLine} from '../../source/ui/screens/record-detail.js';
import {sandbox} from '../safety/sandbox.js';
import {fixedStore} from '../helpers/screen.js';
import {tmuxPane} from '../helpers/tmux-pane.js';

const signIn = (n: number, extra: Record<string, unknown>): GraphRecord => ({
	id: `00000000-0000-4000-8000-00000000000${n}`,
	createdDateTime: `2026-11-30T10:00:0${n}Z`,
	userPrincipalName: 'x@contoso.com',
	...extra,
	status: {errorCode: 0},
});

let deep: unknown = 1;
for (let i = 0; i < 40; i++) deep = {k: deep};

/** The built CLI on a file of `records` in tmux (60x15), in the first record's detail, and checks of what it shows. */
async function detailOf(records: readonly GraphRecord[]) {
	const {root, env} = sandbox();
	const file = join(root, 'hostile.ndjson');
	writeFileSync(file, `${records.map(r => JSON.stringify(r)).join('\n')}\n`);
	const [width, height] = [60, 15];
	const pane = tmuxPane(['open', file], env, width, height);
	await pane.waitFor(rows => rows.some(r => r.startsWith(`1/${records.length} loaded`)), 'the list');
	pane.keys('Enter');
	const status = /^record (\d)\/\d · line (\d+)\/(\d+) /;
	/** The screen checked: the title, a body row of text on each row up to the status line, which is the last but one. */
	const frame = (rows: string[]): {record: number; top: number; count: number; body: string[]} => {
		const at = rows.findIndex(r => status.test(r));
		expect(at, rows.join('\n')).toBe(height - 3);
		expect(rows[0]).toMatch(/^entra-logs /);
		expect(rows[height - 2]).toMatch(/^(\? help|\/)/);
		const body = rows.slice(1, at);
		for (const row of body) expect(row.trim(), rows.join('\n')).not.toBe('');
		const [, record, top, count] = status.exec(rows[at]!)!.map(Number);
		return {record: record!, top: top!, count: count!, body};
	};
	/** / and `typed` (nothing: the last search again), enter: the status names the line, `match` is on screen. */
	const search = async (typed: string, needle: string, match: RegExp, what: string): Promise<string[]> => {
		pane.keys('/');
		await pane.waitFor(rows => rows.some(r => r === '/'), 'the search field');
		if (typed) pane.type(typed);
		pane.keys('Enter');
		const rows = await pane.waitFor(
			rows => rows.some(r => r.startsWith(`/${needle}:`)) && rows.some(r => match.test(r)),
			what,
		);
		expect(rows.find(r => r.startsWith(`/${needle}:`))).toMatch(
			new RegExp(`^/${needle}: line \\d+ of \\d+( \\(from the top\\))?$`),
		);
		return rows;
	};
	/** G: the last rows, the record's closing brace the last; the count is the rows drawn down to it. */
	const end = async (record: number): Promise<void> => {
		pane.keys('G');
		const rows = await pane.waitFor(rows => rows[height - 4] === '}', `the end of record ${record}`);
		const f = frame(rows);
		expect(f.record).toBe(record);
		expect(f.top + f.body.length - 1).toBe(f.count);
	};
	await pane.waitFor(rows => rows.some(r => r.startsWith('record 1/')), 'the detail');
	return {pane, frame, search, end, status, width};
}

describe('the detail of long and deep values, in tmux (60x15, default settings)', () => {
	it('a value of 4,000 characters, or with 3,000 spaces before its end, is shown whole: / finds its end in the section and the raw JSON', async () => {
		const {pane, frame, search, end} = await detailOf([
			signIn(2, {userAgent: `Mozilla/5.0 ${'b'.repeat(4000)} END-MARK`}),
			signIn(1, {userAgent: `Mozilla/5.0${' '.repeat(3000)}HIDDEN-PAYLOAD`}),
		]);
		// 4,000 characters: the end of the value in its section, then in the raw JSON.
		frame(await search('END-MARK', 'END-MARK', /^›\s+b* ?END-MARK$/, 'the value in its section'));
		frame(await search('', 'END-MARK', /^› {3}b* ?END-MARK",$/, 'the value in the raw JSON'));
		await end(1);

		// 3,000 spaces, then what they hid: found in the section and the raw JSON, and G reaches the end.
		pane.keys('Right');
		await pane.waitFor(rows => rows.some(r => r.startsWith('record 2/2')), 'the second record');
		frame(await search('HIDDEN-PAYLOAD', 'HIDDEN-PAYLOAD', /^› +HIDDEN-PAYLOAD$/, 'the value in its section'));
		frame(await search('', 'HIDDEN-PAYLOAD', /^› +HIDDEN-PAYLOAD",$/, 'the value in the raw JSON'));
		await end(2);
	}, 120_000);

	it("JSON 40 levels deep: every counted row drawn once, each a screen row, the status line at the bottom; a file's record says what it lacks", async () => {
		const {pane, frame, search, end, status, width} = await detailOf([signIn(1, {deep})]);
		// 40 levels: six pages down, each a full screen; deeper levels marked with their depth.
		let last = frame(pane.screen());
		const seen = [...last.body];
		for (let i = 0; i < 6; i++) {
			pane.keys('PageDown');
			const top = last.top;
			last = frame(
				await pane.waitFor(rows => rows.some(r => status.test(r) && Number(status.exec(r)![2]) > top), 'a page down'),
			);
			expect(last.top).toBe(top + last.body.length);
			seen.push(...last.body);
		}
		expect(seen.join('\n')).toMatch(/‹40› "k": \{\n\s+‹41› "k": 1\n\s+‹40› \}/);
		for (const row of seen) expect(row.length).toBeLessThanOrEqual(width);
		await end(1);

		// A file's record: the detail says what the record lacks, not Graph's reasons (no one is signed in, and b has no
		// Graph to ask).
		const rows = await search('authentication steps', 'authentication steps', /^› +authentication steps$/, 'the steps');
		expect(rows.join('\n')).toMatch(/\(not in this record\) +the file's record has no\n› +authentication steps/);
		await search(
			'applied Conditional',
			'applied Conditional',
			/^› .*the file's record has no applied$/,
			'the policies',
		);
		for (const claim of ['signed-in account', 'switches to beta']) {
			pane.keys('/');
			await pane.waitFor(rows => rows.some(r => r === '/'), 'the search field');
			pane.type(claim);
			pane.keys('Enter');
			await pane.waitFor(rows => rows.some(r => r === `/${claim}: not in this record`), `no "${claim}"`);
		}
	}, 120_000);
});
describe('the detail: bounds that are stated, never silent', () => {
	it('a value past DETAIL_LINE_MAX shows its first characters and says how many more, in its section and the raw JSON', async () => {
		const value = `${'a'.repeat(DETAIL_LINE_MAX + 50_000)}TAIL`;
		const store = await fixedStore('signins', [signIn(1, {userAgent: value})]);
		const lines = detailLines(store.getSnapshot(), 0);
		store.close();
		const agent = lines.filter(l => l.text.includes('aaaa'));
		expect(agent).toHaveLength(2);
		for (const line of agent) {
			expect(line.cut).toBe(true);
			expect(line.text).toMatch(/a{1000}… [\d,]+ more characters: y copies the whole record$/);
		}
		// The section's line counts the value's characters past the cap (its label is before it); the raw JSON's, its own.
		expect(agent[1]!.text).toContain(
			`… ${(value.length + '"userAgent": "",'.length - DETAIL_LINE_MAX).toLocaleString('en-US')} more`,
		);
		// Rows: every row within the width and not empty, however long the line.
		for (const row of detailRows(lines, 50)) {
			expect(row.text.length).toBeLessThanOrEqual(50);
			expect(row.text).not.toBe('');
		}
	});

	it('a list item of 500 characters is whole in its section, a named list and one under Other properties', async () => {
		const long = (tail: string): string => `${'x'.repeat(500)}${tail}`;
		const store = await fixedStore('signins', [
			signIn(1, {riskEventTypes_v2: [long('RISK-END')], custom: {list: ['a', long('OTHER-END')]}}),
		]);
		const lines = detailLines(store.getSnapshot(), 0).map(l => l.text);
		store.close();
		const raw = lines.indexOf('Raw JSON');
		expect(lines.slice(0, raw).find(l => l.includes('Risk event types'))).toMatch(/ x{500}RISK-END$/);
		expect(lines.slice(0, raw).find(l => l.includes('custom.list'))).toMatch(/ a, x{500}OTHER-END$/);
	});

	it('a property name of 300 characters is whole in its label: / finds its end above the raw JSON, wrapped rows keep it', async () => {
		const name = `${'k'.repeat(300)}KEY-END`;
		const store = await fixedStore('signins', [signIn(1, {custom: {[name]: 'the value'}})]);
		const lines = detailLines(store.getSnapshot(), 0);
		store.close();
		const raw = lines.findIndex(l => l.text === 'Raw JSON');
		const found = findLine(lines, 'KEY-END', -1);
		expect(found).toBeGreaterThanOrEqual(0);
		expect(found).toBeLessThan(raw);
		expect(lines[found]!.text).toBe(`  custom.${name}  the value`);
		expect(lines[found]!.cut).toBeUndefined();
		const rows = detailRows(lines, 60).filter(r => r.line === found);
		expect(rows.map(r => r.text.replace(/ /g, '')).join('')).toBe(`custom.${name}thevalue`);
	});

	it('jsonDepthLines: each line and its depth are jsonLines(value, 2), from a value or from the text it was read from', () => {
		fc.assert(
			fc.property(fc.jsonValue({maxDepth: 6}), value => {
				const expected = [...jsonLines(value, 2)];
				const shown = (v: unknown): string[] => [...jsonDepthLines(v)].map(l => `${'  '.repeat(l.depth)}${l.text}`);
				expect(shown(value)).toEqual(expected);
				if (value !== null && typeof value === 'object') {
					const copy = JSON.parse(JSON.stringify(value)) as object;
					keepRawText(copy, JSON.stringify(value, null, 3));
					expect(shown(copy)).toEqual(expected);
				}
			}),
			{numRuns: 200},
		);
	});
});
