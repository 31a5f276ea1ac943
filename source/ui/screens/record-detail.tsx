/**
 * One record: the report's sections (error code decoded, CA results...) then the raw JSON; scrollable; ←/→ move.
 * Whatever the record holds: the sections read it through the report's guarded accessors, and the raw JSON is
 * written without recursion and cut at RAW_JSON_MAX lines (y copies all of it).
 */
import React, {useMemo} from 'react';
import {Box, Text} from 'ink';
import type {StoreSnapshot} from '../../store/record-store.js';
import {hints, keyName} from '../keymap.js';
import {useBindings} from '../key-router.js';
import type {Shell} from '../shell.js';
import {recordBindings} from '../use-browse.js';
import {cursorBindings, useListCursor} from '../use-list-cursor.js';
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
		const pad = Math.min(
			32,
			lines.reduce((m, [l]) => Math.max(m, l.length), 0),
		);
		for (const [label, value] of lines) out.push({text: clipLine(`  ${clipLine(label).padEnd(pad)}  ${value}`)});
	}
	out.push({text: 'Raw JSON', heading: true});
	let count = 0;
	for (const line of jsonLines(record, 2, 80)) {
		if (count++ === RAW_JSON_MAX) {
			out.push({
				text: `… raw JSON cut at ${RAW_JSON_MAX.toLocaleString('en-US')} lines: ${keyName('copy')} copies the whole record`,
				heading: true,
			});
			break;
		}
		out.push({text: clipLine(line)});
	}
	return out;
}

export function RecordDetail(shell: Shell): React.ReactElement {
	const {snap, cursor, width, height, browse} = shell;
	const index = cursor.index;
	const scroll = useListCursor(0);
	const lines = useMemo(() => detailLines(snap, index), [snap, index]);
	const visible = Math.max(1, height - 1);
	const max = Math.max(0, lines.length - visible);
	/** Another record, from its top. */
	const step = (by: number) => (): void => {
		const count = shell.store.getSnapshot().records.length;
		const next = cursor.latest.current + by;
		if (next < 0 || next > count - 1) return;
		cursor.set(next);
		scroll.set(0);
	};
	useBindings('detail', {
		...recordBindings(browse, shell),
		...cursorBindings(scroll, () => max, visible),
		prev: step(-1),
		next: step(1),
	});
	const at = scroll.index;
	return (
		<Box flexDirection="column" width={width}>
			{lines.slice(at, at + visible).map((l, i) => (
				<Text key={i} bold={l.heading} color={l.heading ? 'cyan' : undefined} wrap="truncate">
					{l.text}
				</Text>
			))}
			<Box flexGrow={1} />
			<Text dimColor wrap="truncate">
				record {index + 1}/{snap.records.length} · line {at + 1}/{lines.length} · {keyName('prev')}/{keyName('next')}{' '}
				previous/next · {hints('detail', ['copy', 'back'])}
			</Text>
		</Box>
	);
}
