/**
 * The filter form: the report's own fields and the time range, validated inline, with the exact Graph URL live and
 * the filters Graph cannot apply marked "checked here". It fits its height: the fields scroll when they do not all
 * fit, and the request takes the lines that are left.
 */
import React from 'react';
import {Box, Text} from 'ink';
import {useKeys} from '../use-keys.js';
import {useKeyState} from '../use-key-state.js';
import {hints, resolveKey} from '../keymap.js';
import type {Query} from '../../query/query.js';
import {reportById} from '../../reports/index.js';
import {sanitizeLine} from '../../terminal/sanitize.js';
import {cut, wrap} from '../../terminal/width.js';
import {checkedHere} from '../checked-here.js';

const TIME_PRESETS = ['1h', '24h', '7d', '30d'];

export function FilterEditor({query, describeRequest, onApply, onCancel, width, height, offline}: {
	readonly query: Query;
	readonly describeRequest: (q: Query) => string;
	readonly onApply: (q: Query) => void;
	readonly onCancel: () => void;
	readonly width: number;
	readonly height: number;
	/** A file: every filter is checked here, so none is marked. */
	readonly offline?: boolean;
}): React.ReactElement {
	const report = reportById(query.report);
	// A field with fixed choices (time presets, status, CA result, risk...) also takes tab to cycle through them.
	const rows: ReadonlyArray<{key: string; label: string; hint: string; choices?: readonly string[]}> = [
		{key: '@since', label: 'Since', hint: `${TIME_PRESETS.join(', ')} or ISO 8601`, choices: TIME_PRESETS},
		{key: '@until', label: 'Until', hint: 'ISO 8601 or relative'},
		...report.fields.map(f => ({key: f.key, label: f.label, hint: f.hint, choices: f.choices})),
	];
	const [values, setValues, latestValues] = useKeyState<Record<string, string>>({...query.filters, '@since': query.since ?? '', '@until': query.until ?? ''});
	const [row, setRow, latestRow] = useKeyState(0);
	const draftOf = (values: Record<string, string>): Query => ({
		...query,
		filters: Object.fromEntries(Object.entries(values).filter(([k, v]) => !k.startsWith('@') && v.trim() !== '')),
		since: values['@since']?.trim() || undefined,
		until: values['@until']?.trim() || undefined,
	});
	const draft = draftOf(values);
	const request = describeRequest(draft);
	const invalid = request.startsWith('!');
	// The URL exactly as it is sent, and its $filter decoded beneath it, for reading.
	const filter = ((): string => {
		try {
			return invalid ? '' : new URL(request).searchParams.get('$filter') ?? '';
		} catch {
			return '';
		}
	})();

	useKeys((input, key) => {
		// Read what earlier keys of the same chunk wrote, not this render's values (see use-key-state.ts).
		const values = latestValues.current;
		const current = rows[latestRow.current]!;
		if (key.escape) return onCancel();
		if (key.upArrow) return setRow(r => Math.max(0, r - 1));
		if (key.downArrow) return setRow(r => Math.min(rows.length - 1, r + 1));
		if (key.return) {
			const draft = draftOf(values);
			if (!describeRequest(draft).startsWith('!')) onApply(draft);
			return;
		}
		const command = resolveKey('filters', input, key);
		if (command === 'cycle') {
			if (!current.choices) return;
			const cycle = ['', ...current.choices];
			// From where the typed value is among the choices, whatever its case (groupmanagement: GroupManagement's next).
			const typed = (values[current.key] ?? '').trim().toLowerCase();
			const i = cycle.findIndex(c => c.toLowerCase() === typed);
			return setValues(v => ({...v, [current.key]: cycle[(i + 1) % cycle.length]!}));
		}
		if (command === 'clearField') return setValues(v => ({...v, [current.key]: ''}));
		if (key.backspace || key.delete) return setValues(v => ({...v, [current.key]: (v[current.key] ?? '').slice(0, -1)}));
		// A text field owns the keyboard: single-letter commands are suspended here.
		if (!key.ctrl && !key.meta && input && !key.tab) setValues(v => ({...v, [current.key]: `${v[current.key] ?? ''}${sanitizeLine(input)}`}));
	});

	// What Graph is not asked: checked on each fetched record here.
	const local = offline || invalid ? [] : checkedHere(draft);
	const urlLines = wrap(invalid ? request.slice(1) : `GET ${request}`, width);
	const filterLines = filter ? wrap(`$filter ${sanitizeLine(filter)}`, width) : [];
	// Title, blank line, hints, and the "checked here" line when there is one; the fields, then the request, share the rest.
	const room = Math.max(2, height - 3 - (local.length > 0 ? 1 : 0));
	// At least a line of the URL and three of its $filter decoded (the readable one) before the fields scroll.
	const fieldRows = Math.max(1, Math.min(rows.length, room - Math.min(1, urlLines.length) - Math.min(3, filterLines.length)));
	let spare = Math.max(0, room - fieldRows);
	let filterShown = Math.min(filterLines.length, 3, spare);
	let urlShown = Math.min(urlLines.length, 1, spare - filterShown);
	spare -= filterShown + urlShown;
	const more = Math.min(spare, filterLines.length - filterShown);
	filterShown += more;
	urlShown += Math.min(spare - more, urlLines.length - urlShown);
	const first = Math.min(Math.max(0, row - Math.floor(fieldRows / 2)), rows.length - fieldRows);
	const above = first;
	const below = rows.length - first - fieldRows;
	/** The first `n` lines, the last one marked when more were left out. */
	const clip = (lines: readonly string[], n: number): string[] => lines.slice(0, n).map((l, i) => (i === n - 1 && lines.length > n ? `${cut(l, width - 1, '')}…` : l));

	return (
		<Box flexDirection="column">
			<Text bold wrap="truncate">Filters: {report.title}{above + below > 0 ? <Text dimColor bold={false}>{` (fields ${first + 1}-${first + fieldRows} of ${rows.length}: ↑/↓ for the others)`}</Text> : null}</Text>
			{rows.slice(first, first + fieldRows).map((r, at) => {
				const i = first + at;
				return (
					<Text key={r.key} wrap="truncate">
						<Text color={i === row ? 'cyan' : undefined}>{i === row ? '› ' : '  '}{r.label.padEnd(20)}</Text>
						<Text>{values[r.key] ?? ''}</Text>
						{i === row ? <Text inverse> </Text> : null}
						{local.some(l => l.label === r.label) ? <Text color="yellow"> checked here</Text> : null}
						{i === row ? <Text dimColor>{(values[r.key] ?? '') === '' ? ` ${r.hint}${r.choices ? ' (tab cycles)' : ''}` : r.choices ? ` (tab: ${r.choices.join(', ')})` : ''}</Text> : null}
					</Text>
				);
			})}
			<Text> </Text>
			{clip(urlLines, urlShown).map((l, i) => <Text key={`u${i}`} color={invalid ? 'red' : 'green'}>{l}</Text>)}
			{clip(filterLines, filterShown).map((l, i) => <Text key={`f${i}`}>{l}</Text>)}
			{local.length > 0 && (
				<Text wrap="truncate" color="yellow">checked here (Graph has no filter for it): {local.map(l => `${l.label} ${sanitizeLine(l.value)}`).join(' · ')}</Text>
			)}
			<Text dimColor wrap="truncate">↑/↓ field · type to edit · {hints('filters', ['cycle', 'clearField', 'apply', 'back'])}</Text>
		</Box>
	);
}
