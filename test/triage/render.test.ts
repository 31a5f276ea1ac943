/** The histogram and the summary as text: block characters by hand-worked examples, and text that fits its width. */
import {describe, expect, it} from 'vitest';
import {histogramOf, renderHistogram, type Histogram} from '../../source/triage/histogram.js';
import {bar, renderSummaryText} from '../../source/triage/render.js';
import {summarize} from '../../source/triage/summary.js';
import {cleanWeek, PLANTED} from './planted.js';

const hours = (counts: number[]): Histogram => ({
	unit: 'hour',
	size: 1,
	undated: 0,
	buckets: counts.map((count, k) => ({start: new Date(Date.UTC(2026, 10, 20, k)).toISOString(), count})),
});

describe('renderHistogram', () => {
	it('draws eighths of a row, and a lone record as at least one eighth', () => {
		// One row, four columns of one character: 8 of 8 is a full block, 4 half, 0 nothing, 1 the lowest eighth.
		const lines = renderHistogram(hours([8, 4, 0, 1]), {width: 6, height: 1}).split('\n');
		expect(lines[0]).toBe('8 █▄ ▁');
		expect(lines).toHaveLength(3);
		expect(lines[2]).toMatch(/^ {2}1 hour per column, UTC$/);
	});

	it('stacks rows from the top, with the highest count beside the top row and 0 beside the bottom', () => {
		const lines = renderHistogram(hours([16, 8, 2]), {width: 6, height: 2}).split('\n');
		// 16 → 16 eighths: full, full; 8 → 8: empty, full; 2 → 2: empty, ▂.
		expect(lines.slice(0, 2)).toEqual(['16 █', ' 0 ██▂']);
	});

	it('widens bars when there is room, merges buckets when there is not', () => {
		expect(renderHistogram(hours([1, 2]), {width: 20, height: 1}).split('\n')[0]).toBe('2 ▄▄▄███');
		const many = histogramOf(
			Float64Array.from({length: 400}, (_, k) => Date.UTC(2026, 0, 1) + k * 86_400_000),
			400,
		);
		expect(many.unit).toBe('day');
		const lines = renderHistogram(many, {width: 50, height: 3}).split('\n');
		for (const line of lines) expect([...line].length).toBeLessThanOrEqual(50);
		expect(lines.at(-1)).toMatch(/9 days per column/);
		// The last column starts at the last bucket's day: 399 days after the first.
		expect(lines.at(-2)).toMatch(/^ {2}2026-01-01 +2027-02-04$/);
	});

	it('says so when nothing is dated', () => {
		expect(renderHistogram(histogramOf(new Float64Array([Number.NaN]), 1))).toBe('(no dated records)');
	});
});

describe('histogramOf', () => {
	it('uses hours up to three days and days beyond, buckets contiguous from the first record', () => {
		const t0 = Date.UTC(2026, 10, 20, 8, 30);
		const short = histogramOf(new Float64Array([t0, t0 + 71 * 3_600_000]), 2);
		expect(short.unit).toBe('hour');
		expect(short.buckets).toHaveLength(72);
		expect(short.buckets[0]).toEqual({start: '2026-11-20T08:00:00.000Z', count: 1});
		const long = histogramOf(new Float64Array([t0, t0 + 73 * 3_600_000]), 2);
		expect(long.unit).toBe('day');
		expect(long.buckets.map(b => b.count)).toEqual([1, 0, 0, 1]);
	});
});

describe('renderSummaryText', () => {
	const s = summarize('signins', [...cleanWeek(), ...PLANTED['password-spray'](), ...PLANTED.risky()]);

	it('has the outcome line, the detections, every group and the histogram', () => {
		const text = renderSummaryText(s, {width: 100});
		expect(text).toMatch(/^Sign-ins: [\d,]+ records, 2026-11-02 \d\d:\d\d to 2026-11-08 \d\d:\d\d UTC\n/);
		expect(text).toMatch(
			/\nOutcome: success [\d,]+ \(\d+\.\d%\) · interrupted [\d,]+ \(\d+\.\d%\) · failure [\d,]+ \(\d+\.\d%\)\n/,
		);
		expect(text).toMatch(/\nDetections \(2\)\n {2}password-spray {4}102\.89\.4\.7 \(Lagos, NG\): 30 failed/);
		expect(text).toMatch(/\n {2}risky {13}u12@contoso\.com: 1 risky sign-in/);
		for (const label of [
			'Error code',
			'Application',
			'Resource',
			'User (top 10 of 28)',
			'IP address',
			'Country',
			'City',
			'Client app',
			'Operating system',
			'Browser',
			'Conditional Access',
			'Authentication requirement',
			'MFA method',
		]) {
			expect(text).toContain(`\n${label}`);
		}
		expect(text).toMatch(/\n {2}50126 InvalidUserNameOrPassword +[\d,]+ +\d+\.\d% █+/);
		expect(text).toMatch(/\nOver time \(by day\)\n/);
	});

	it("keeps every word of a detection's why, wrapped under it at 80 columns (was cut with …)", () => {
		const lines = renderSummaryText(s, {width: 80}).split('\n');
		for (const d of s.detections) {
			const first = lines.findIndex(l => l.startsWith(`  ${d.kind.padEnd(17)} `));
			expect(first).toBeGreaterThan(0);
			const rest = lines
				.slice(first + 1)
				.filter((l, i, all) => all.slice(0, i + 1).every(x => x.startsWith(' '.repeat(20))));
			const shown = [lines[first]!, ...rest]
				.map(l => l.trim())
				.join(' ')
				.replace(/ +/g, ' ');
			expect(shown).toBe(`${d.kind} ${d.why}`.replace(/ +/g, ' '));
			expect(shown).not.toContain('…');
		}
	});

	it.each([40, 80, 160])('fits %i columns', width => {
		for (const line of renderSummaryText(s, {width}).split('\n')) expect([...line].length).toBeLessThanOrEqual(width);
	});
});

it('bar draws eighths of a cell', () => {
	expect([bar(1, 4), bar(0.5, 4), bar(1 / 32, 4), bar(0.001, 4), bar(0, 4)]).toEqual(['████', '██', '▏', '▏', '']);
});
