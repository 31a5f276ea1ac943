/**
 * One record: the report's sections (error code decoded, CA results...) then the raw JSON; scrollable; ←/→ move.
 * Whatever the record holds: the sections read it through the report's guarded accessors, and the raw JSON is
 * written without recursion and cut at RAW_JSON_MAX lines (y copies all of it).
 */
import React, {useMemo, useState} from 'react';
import {Box, Text} from 'ink';
import {useKeys} from '../use-keys.js';
import type {StoreSnapshot} from '../../store/record-store.js';
import {resolveKey} from '../keymap.js';
import {clipLine} from '../../terminal/sanitize.js';
import {jsonLines} from '../../reports/json-text.js';

/** Lines of raw JSON shown at most (a record with 200,000 authentication steps has millions). */
export const RAW_JSON_MAX = 5000;

export function detailLines(snap: StoreSnapshot, index: number): Array<{text: string; heading?: boolean}> {
	const record = snap.records.at(index);
	const report = snap.report;
	if (!record || !report) return [];
	const out: Array<{text: string; heading?: boolean}> = [];
	for (const section of report.details) {
		// Properties a record does not carry (v1.0 lacks many beta ones) are left out rather than shown empty.
		const lines = section.lines(record).filter(([, value]) => value.trim() !== '' && value !== '()' && value !== ' <>');
		if (lines.length === 0) continue;
		out.push({text: section.title, heading: true});
		// Labels align in a column as wide as the longest (capped, so that a very long one does not push values off).
		const pad = Math.min(32, lines.reduce((m, [l]) => Math.max(m, l.length), 0));
		for (const [label, value] of lines) out.push({text: clipLine(`  ${clipLine(label).padEnd(pad)}  ${value}`)});
	}
	out.push({text: 'Raw JSON', heading: true});
	let count = 0;
	for (const line of jsonLines(record, 2, 80)) {
		if (count++ === RAW_JSON_MAX) {
			out.push({text: `… raw JSON cut at ${RAW_JSON_MAX.toLocaleString('en-US')} lines: y copies the whole record`, heading: true});
			break;
		}
		out.push({text: clipLine(line)});
	}
	return out;
}

export function RecordDetail({snap, index, onIndex, width, height}: {readonly snap: StoreSnapshot; readonly index: number; readonly onIndex: (update: (i: number) => number) => void; readonly width: number; readonly height: number}): React.ReactElement {
	const [scroll, setScroll] = useState(0);
	const lines = useMemo(() => detailLines(snap, index), [snap, index]);
	const visible = Math.max(1, height - 1);
	const max = Math.max(0, lines.length - visible);
	useKeys((input, key) => {
		const c = resolveKey('detail', input, key);
		if (c === 'down') setScroll(s => Math.min(max, s + 1));
		else if (c === 'up') setScroll(s => Math.max(0, s - 1));
		else if (c === 'pageDown') setScroll(s => Math.min(max, s + visible));
		else if (c === 'pageUp') setScroll(s => Math.max(0, s - visible));
		else if (c === 'top') setScroll(0);
		else if (c === 'bottom') setScroll(max);
		else if (c === 'prev' && index > 0) {
			onIndex(i => Math.max(0, i - 1));
			setScroll(0);
		} else if (c === 'next' && index < snap.records.length - 1) {
			onIndex(i => Math.min(snap.records.length - 1, i + 1));
			setScroll(0);
		}
	});
	return (
		<Box flexDirection="column" width={width}>
			{lines.slice(scroll, scroll + visible).map((l, i) => (
				<Text key={i} bold={l.heading} color={l.heading ? 'cyan' : undefined} wrap="truncate">{l.text}</Text>
			))}
			<Box flexGrow={1} />
			<Text dimColor wrap="truncate">record {index + 1}/{snap.records.length} · line {scroll + 1}/{lines.length} · ←/→ previous/next · y copy · esc back</Text>
		</Box>
	);
}
