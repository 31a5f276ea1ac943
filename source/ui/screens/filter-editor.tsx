/** The filter form: the report's own fields and the time range, validated inline, with the exact Graph URL live. */
import React from 'react';
import {Box, Text} from 'ink';
import {useKeys} from '../use-keys.js';
import {useKeyState} from '../use-key-state.js';
import {hints, resolveKey} from '../keymap.js';
import type {Query} from '../../query/query.js';
import {reportById} from '../../reports/index.js';
import {sanitizeLine} from '../../terminal/sanitize.js';

const TIME_PRESETS = ['1h', '24h', '7d', '30d'];

export function FilterEditor({query, describeRequest, onApply, onCancel}: {
	readonly query: Query;
	readonly describeRequest: (q: Query) => string;
	readonly onApply: (q: Query) => void;
	readonly onCancel: () => void;
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
	const request = describeRequest(draftOf(values));
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
			const i = cycle.indexOf(values[current.key] ?? '');
			return setValues(v => ({...v, [current.key]: cycle[(i + 1) % cycle.length]!}));
		}
		if (command === 'clearField') return setValues(v => ({...v, [current.key]: ''}));
		if (key.backspace || key.delete) return setValues(v => ({...v, [current.key]: (v[current.key] ?? '').slice(0, -1)}));
		// A text field owns the keyboard: single-letter commands are suspended here.
		if (!key.ctrl && !key.meta && input && !key.tab) setValues(v => ({...v, [current.key]: `${v[current.key] ?? ''}${sanitizeLine(input)}`}));
	});

	return (
		<Box flexDirection="column">
			<Text bold>Filters: {report.title}</Text>
			{rows.map((r, i) => (
				<Text key={r.key} wrap="truncate">
					<Text color={i === row ? 'cyan' : undefined}>{i === row ? '› ' : '  '}{r.label.padEnd(20)}</Text>
					<Text>{values[r.key] ?? ''}</Text>
					{i === row ? <Text inverse> </Text> : null}
					{i === row ? <Text dimColor>{(values[r.key] ?? '') === '' ? ` ${r.hint}${r.choices ? ' (tab cycles)' : ''}` : r.choices ? ` (tab: ${r.choices.join(', ')})` : ''}</Text> : null}
				</Text>
			))}
			<Text> </Text>
			<Text color={invalid ? 'red' : 'green'} wrap="wrap">{invalid ? request.slice(1) : `GET ${request}`}</Text>
			{filter && <Text wrap="wrap"><Text dimColor>$filter </Text>{sanitizeLine(filter)}</Text>}
			<Text dimColor>↑/↓ field · type to edit · {hints('filters', ['cycle', 'clearField', 'apply', 'back'])}</Text>
		</Box>
	);
}
