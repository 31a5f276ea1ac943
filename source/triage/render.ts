/**
 * The summary as text (`--summary` without `--output json`, and the screen's lines): pure functions of a Summary.
 * Record values pass through the terminal sanitizer and are cut to the width; nothing here writes anywhere.
 */
import {sanitizeLine} from '../terminal/sanitize.js';
import {cut, displayWidth, fit as fitColumns} from '../terminal/columns.js';
import {renderHistogram} from './histogram.js';
import {GROUP_LABELS, type GroupEntry, type Summary} from './summary-model.js';
import {thousands} from './why.js';

const TITLES = {signins: 'Sign-ins', audits: 'Directory audits', provisioning: 'Provisioning'} as const;
const n = thousands;
const BAR = ['', '▏', '▎', '▍', '▌', '▋', '▊', '▉'];

export interface RenderOptions {
	/** Columns of the terminal (default 100). */
	readonly width?: number;
	/** Values shown per group (default 10). */
	readonly top?: number;
	/** Said under Detections instead of a count while they are not looked for yet (a fetch still running). */
	readonly detectionsPending?: string;
}

/** What enter on a line of the summary opens: the records of an outcome, of a group's value, or of a detection. */
export type LineTarget =
	| {readonly kind: 'outcome'; readonly value: string}
	| {readonly kind: 'group'; readonly key: string; readonly value: string}
	| {readonly kind: 'detection'; readonly index: number};

export interface SummaryLine {
	readonly text: string;
	readonly target?: LineTarget;
	/** A heading (bold on screen). */
	readonly heading?: boolean;
}

export function renderSummaryText(s: Summary, options: RenderOptions = {}): string {
	return summaryLines(s, options)
		.map(l => l.text)
		.join('\n');
}

/** The summary as lines, each with what it opens (the screen's drill-down): the text output is the same lines. */
export function summaryLines(s: Summary, options: RenderOptions = {}): SummaryLine[] {
	const width = Math.max(40, Math.floor(options.width ?? 100));
	const top = Math.max(1, Math.floor(options.top ?? 10));
	const out: SummaryLine[] = [];
	const text = (t: string): void => void out.push({text: t});
	const heading = (t: string): void => void out.push({text: '', heading: false}, {text: t, heading: true});
	const range = s.from
		? `, ${s.from.slice(0, 16).replace('T', ' ')} to ${s.to.slice(0, 16).replace('T', ' ')} UTC`
		: '';
	out.push({text: fit(`${TITLES[s.report]}: ${n(s.total)} records${range}`, width), heading: true});
	const outcomes = Object.entries(s.outcomes).filter(([k, v]) => v > 0 || k !== 'unknown');
	text(fit(`Outcome: ${outcomes.map(([k, v]) => `${k} ${n(v)} (${share(v, s.total)})`).join(' · ')}`, width));
	for (const note of s.notes) for (const line of wrap(`Note: ${note}`, width, '      ')) text(line);
	if (s.report === 'signins') {
		if (options.detectionsPending) {
			heading('Detections');
			text(fit(`  ${options.detectionsPending}`, width));
		} else {
			heading(`Detections (${s.detections.length})`);
			if (s.detections.length === 0) text('  none');
		}
		// A why is read whole (who, from where, how many, over what time): it wraps, each line opening its detection.
		s.detections.forEach((d, index) => {
			for (const line of wrap(`${d.kind.padEnd(17)} ${d.why}`, width - 2, ' '.repeat(18)))
				out.push({text: `  ${line}`, target: {kind: 'detection', index}});
		});
	}
	heading('Outcomes');
	const max = Math.max(1, ...outcomes.map(([, v]) => v));
	const countWidth = Math.max(...outcomes.map(([, v]) => n(v).length));
	for (const [k, v] of outcomes) {
		out.push({
			text: fit(
				`  ${pad(k, 12)} ${n(v).padStart(countWidth)} ${share(v, s.total).padStart(6)} ${bar(v / max, Math.max(4, Math.min(20, Math.floor(width / 6))))}`,
				width,
			),
			target: v > 0 ? {kind: 'outcome', value: k} : undefined,
		});
	}
	for (const [key, entries] of Object.entries(s.groups)) {
		heading(
			`${GROUP_LABELS[key] ?? key}${(s.distinct[key] ?? 0) > top ? ` (top ${top} of ${n(s.distinct[key]!)})` : ''}`,
		);
		if (entries.length === 0) text('  -');
		const shown = entries.slice(0, top);
		groupLines(shown, s.total, width).forEach((line, k) =>
			out.push({text: line, target: {kind: 'group', key, value: shown[k]!.value}}),
		);
	}
	heading(`Over time (by ${s.histogram.unit})`);
	for (const line of renderHistogram(s.histogram, {width: width - 2, height: 6}).split('\n')) text(`  ${line}`);
	return out;
}

function groupLines(entries: readonly GroupEntry[], total: number, width: number): string[] {
	if (entries.length === 0) return [];
	const max = entries[0]!.count;
	const counts = entries.map(e => n(e.count));
	const countWidth = Math.max(...counts.map(c => c.length));
	const barWidth = Math.max(4, Math.min(20, Math.floor(width / 6)));
	const labelWidth = Math.max(8, width - countWidth - barWidth - 11);
	return entries.map((e, k) => {
		const label = sanitizeLine(e.meaning ? `${e.value} ${e.meaning}` : e.value);
		return `  ${pad(label, labelWidth)} ${counts[k]!.padStart(countWidth)} ${share(e.count, total).padStart(6)} ${bar(e.count / max, barWidth)}`;
	});
}

/** A horizontal bar of `fraction` × `cells` cells, in eighths. */
export function bar(fraction: number, cells: number): string {
	const eighths = Math.max(fraction > 0 ? 1 : 0, Math.round(Math.min(1, Math.max(0, fraction)) * cells * 8));
	return '█'.repeat(Math.floor(eighths / 8)) + BAR[eighths % 8]!;
}

/** Exactly `width` columns as a terminal shows them (combining marks, wide and emoji characters: width.ts). */
function pad(s: string, width: number): string {
	return fitColumns(s, width);
}

/** Words over lines of at most `width` columns, the lines after the first indented. */
function wrap(s: string, width: number, indent: string): string[] {
	const lines: string[] = [];
	let line = '';
	for (const word of sanitizeLine(s).split(' ')) {
		const next = line ? `${line} ${word}` : word;
		if (displayWidth(next) > width && line) {
			lines.push(fit(line, width));
			line = indent + word;
		} else line = next;
	}
	lines.push(fit(line, width));
	return lines;
}

function fit(s: string, width: number): string {
	return cut(sanitizeLine(s), width);
}

function share(v: number, total: number): string {
	return total === 0 ? '0%' : `${((v / total) * 100).toFixed(1)}%`;
}
