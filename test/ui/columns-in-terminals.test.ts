/**
 * Columns line up in real terminals, for hostile values (fast-check: emoji, ZWJ sequences, VS15/VS16, skin tones,
 * combining marks and Zalgo text, wide CJK, keycaps, flags, emoji newer than Unicode 11, Indic conjuncts). The
 * oracles: tmux 3.3 with its default settings (a pane of its own running `cat`, read by capture-pane) and xterm.js
 * with Unicode 11 widths. Each line the TUI would draw (a fitted cell, a list row, a summary group's line) is written
 * followed by a sentinel into a terminal exactly as wide as the line should be: the line fills its row exactly when
 * the sentinel wraps alone onto the next one. Shorter, the sentinel stays on the line's row; wider, the line spills.
 */
import {writeFileSync, mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import fc from 'fast-check';
import xterm from '@xterm/headless';
import unicode11 from '@xterm/addon-unicode11';
import {afterAll, describe, expect, it} from 'vitest';
import {fit} from '../../source/terminal/width.js';
import {clipLine} from '../../source/terminal/sanitize.js';
import {rowLine, styled} from '../../source/ui/list-text.js';
import {summaryLines} from '../../source/triage/render.js';
import {summarize} from '../../source/triage/summary.js';
import {detailLines, detailRows} from '../../source/ui/screens/record-detail.js';
import {reportById} from '../../source/reports/index.js';
import type {StoreSnapshot} from '../../source/store/record-store.js';
import stringWidth from 'string-width';
import {tmuxPane} from '../helpers/tmux-pane.js';
import {testTenant} from '../helpers/emulator.js';

const dir = mkdtempSync(join(tmpdir(), 'entra-logs-columns-'));
afterAll(() => rmSync(dir, {recursive: true, force: true}));

/** The sentinel: a narrow character no generated value is made of alone. */
const END = '\u00a4';

/** The rows a terminal of `width` columns holds after `lines`, each followed by the sentinel. */
async function xtermRows(lines: readonly string[], width: number, end = END): Promise<string[]> {
	const term = new xterm.Terminal({cols: width, rows: 2 * lines.length + 2, allowProposedApi: true});
	term.loadAddon(new unicode11.Unicode11Addon());
	term.unicode.activeVersion = '11';
	await new Promise<void>(resolve => term.write(lines.map(l => `${l}${end}\r\n`).join(''), resolve));
	const buffer = term.buffer.active;
	const rows: string[] = [];
	for (let i = 0; i < buffer.length; i++) rows.push(buffer.getLine(i)?.translateToString(true) ?? '');
	term.dispose();
	while (rows.length > 0 && rows.at(-1) === '') rows.pop();
	return rows;
}

/** The same in a real tmux pane (default settings) of `width` columns: `cat` of the lines, then capture-pane. */
async function tmuxRows(lines: readonly string[], width: number, end = END): Promise<string[]> {
	const file = join(dir, `lines-${Math.random().toString(36).slice(2)}.txt`);
	writeFileSync(file, `${lines.map(l => `${l}${end}\r\n`).join('')}DONE`);
	const pane = tmuxPane([], {}, width, 2 * lines.length + 4, () => `cat '${file}'; read x`);
	await pane.waitForText('DONE');
	const rows = pane.run('capture-pane', '-p', '-S', '-', '-t', 'p').stdout.split('\n');
	return rows.slice(0, rows.indexOf('DONE'));
}

/** Each line filled its row exactly: the row after it holds the sentinel alone. */
function filledExactly(rows: readonly string[], lines: readonly string[], where: string): void {
	const wrong = lines.flatMap((line, i) =>
		rows[2 * i + 1] === END
			? []
			: [`${JSON.stringify(line)} (${where}: ${JSON.stringify(rows.slice(2 * i, 2 * i + 2))})`],
	);
	expect(wrong, `lines not exactly their row's width`).toEqual([]);
	expect(rows).toHaveLength(2 * lines.length);
}

const hostile = fc
	.array(
		fc.oneof(
			fc.constantFrom(
				'😀',
				'👍',
				'🎉',
				'🚀',
				'漢',
				'字',
				'한',
				'Ａ',
				'☺',
				'❤',
				'✌',
				'©',
				'1',
				'#',
				'*',
				'👩',
				'💻',
				'🇺',
				'🇸',
				'a',
				' ',
			),
			fc.constantFrom(
				'\ufe0f',
				'\ufe0e',
				'\u200d',
				'\u20e3',
				'\u{1f3fd}',
				'\u0301',
				'\u0308',
				'\u0489',
				'\u093f',
				'\u094d',
			),
			fc.constantFrom(
				'👩‍💻',
				'👨‍👩‍👧',
				'🏳️‍🌈',
				'1️⃣',
				'#️⃣',
				'❤️',
				'❤︎',
				'😀︎',
				'👍🏽',
				'🇺🇸',
				'é',
				'Z̴̡̛͎̈́a̷̰l̶̗g̸̣o̵̙',
				'क्ष',
				'กำ',
				'🥲',
				'🫠',
				'☰',
			),
			fc.string({unit: 'grapheme', maxLength: 3}),
		),
		{minLength: 1, maxLength: 8},
	)
	// As a row's cell holds it: sanitized, one line.
	.map(parts => clipLine(parts.join('')));

/** Always among the values: what an independent check found (a keycap put a row 2 cells off; marks the counts). */
const FOUND = ['1️⃣ 2️⃣ #️⃣ one', 'Z̴̡̛͎̈́a̷̰l̶̗g̸̣o̵̙ text', 'cafe\u0301 re\u0301sume\u0301', '👩‍💻 dev', '❤️ ☺️ ✌︎'];

const both = async (lines: readonly string[], width: number): Promise<void> => {
	filledExactly(await xtermRows(lines, width), lines, 'xterm.js');
	filledExactly(await tmuxRows(lines, width), lines, 'tmux');
};

describe('columns line up in tmux and xterm.js, whatever the values', () => {
	it('a cell fitted to its width is exactly that wide', async () => {
		await fc.assert(
			fc.asyncProperty(
				fc.array(hostile, {minLength: 30, maxLength: 60}),
				fc.integer({min: 6, max: 30}),
				(values, width) =>
					both(
						values.map(v => fit(v, width)),
						width,
					),
			),
			{numRuns: 6},
		);
	});

	it('list rows (three columns, the cursor mark) are as wide as the terminal', async () => {
		const widths = [12, 20, 8];
		const total = 2 + widths.reduce((s, w) => s + w + 1, 0) - 1;
		await fc.assert(
			fc.asyncProperty(fc.array(fc.tuple(hostile, hostile, hostile), {minLength: 20, maxLength: 40}), rows =>
				both(
					[...FOUND.map(v => [v, v, v] as const), ...rows].map((cells, i) =>
						rowLine(styled(cells, ['default', 'success', 'muted'], widths), i === 0),
					),
					total,
				),
			),
			{numRuns: 4},
		);
	});

	it("a summary group's lines keep their counts in one column (combining marks, Zalgo, emoji in the values)", async () => {
		const base = testTenant().signIns[0]!;
		await fc.assert(
			fc.asyncProperty(fc.uniqueArray(hostile, {minLength: 10, maxLength: 30}), async values => {
				// One sign-in an application: every count is 1, so every line of the group is as wide as the plain one's.
				const names = ['plain app', ...[...FOUND, ...values].map((v, i) => `${v} ${i}`)];
				const records = names.map((appDisplayName, i) => ({...base, id: `id-${i}`, appDisplayName}));
				const lines = summaryLines(summarize('signins', records), {width: 100, top: 1000})
					.filter(l => l.target?.kind === 'group' && l.target.key === 'app')
					.map(l => l.text);
				expect(lines).toHaveLength(names.length);
				const plain = lines.find(l => l.includes('plain app'))!;
				// The plain line is ASCII and block characters, a column each.
				await both(lines, [...plain].length);
			}),
			{numRuns: 4},
		);
	});

	it("the detail's rows, its text as it is, never spill into the next row in tmux or xterm.js, nor are cut by Ink", async () => {
		const segmenter = new Intl.Segmenter(undefined, {granularity: 'grapheme'});
		const inkWidth = (row: string): number =>
			[...segmenter.segment(row)].reduce((s, g) => s + Math.max(1, stringWidth(g.segment)), 0);
		await fc.assert(
			fc.asyncProperty(
				fc.array(fc.array(hostile, {minLength: 1, maxLength: 12}), {minLength: 3, maxLength: 8}),
				fc.integer({min: 30, max: 70}),
				async (values, width) => {
					const lines = [['👍🏽'.repeat(40), '❤️'.repeat(40), '1️⃣'.repeat(30)], ...values].map(v => ({
						text: `  Application  ${v.join('')}`,
						indent: 15,
					}));
					const rows = detailRows(lines, width).map(r => r.text);
					for (const row of rows) expect(inkWidth(row), row).toBeLessThanOrEqual(width);
					expect(await xtermRows(rows, width, '')).toHaveLength(rows.length);
					expect(await tmuxRows(rows, width, '')).toHaveLength(rows.length);
				},
			),
			{numRuns: 4},
		);
	});

	it("the detail's labels keep its values in one column, whatever a record's property names hold", async () => {
		const record = testTenant().signIns[0]!;
		await fc.assert(
			fc.asyncProperty(fc.uniqueArray(hostile, {minLength: 4, maxLength: 12}), async names => {
				// Property names no section shows: "Other properties" lists them, each with its path as the label.
				const odd = Object.fromEntries(
					['plain', ...FOUND, ...names].map((n, i) => [`${n.slice(0, 12)}${i}`, `VALUE${i}`]),
				);
				const snap = {records: [{...record, ...odd}], report: reportById('signins')} as unknown as StoreSnapshot;
				const lines = detailLines(snap, 0)
					.map(l => l.text)
					.filter(t => /VALUE\d+$/.test(t));
				expect(lines).toHaveLength(Object.keys(odd).length);
				// What stands before each value: the label and its padding, as wide as the plain label's.
				const starts = lines.map(t => t.slice(0, t.lastIndexOf('VALUE')));
				const plain = starts.find(t => t.includes('plain'))!;
				await both(
					starts.filter(t => t.trim().length <= 32),
					plain.length,
				);
			}),
			{numRuns: 3},
		);
	});
});
