/**
 * The filter form: the report's own fields and the time range, validated inline, with the exact Graph URL live and
 * the filters the source cannot apply (Graph's, or a workspace's KQL) marked "checked here". It fits its height: the fields scroll when they do not all
 * fit, and the request takes the lines that are left.
 */
import React from 'react';
import {Box, Text} from 'ink';
import {hints, keyName} from '../keymap.js';
import {useBindings} from '../key-router.js';
import type {RequestPreview, Shell} from '../shell.js';
import {keepInView, useListCursor} from '../use-list-cursor.js';
import {useTextFields} from '../use-text-field.js';
import {resolveQuery, type Query} from '../../query/query.js';
import {reportById} from '../../reports/index.js';
import {readTyped, sanitizeLine, typedForm} from '../../terminal/sanitize.js';
import {cut, wrap} from '../../terminal/width.js';
import {checkedHere, checkedHereWhy} from '../checked-here.js';

const TIME_PRESETS = ['1h', '24h', '7d', '30d'];

/**
 * The request a draft makes, or why it cannot be applied: the preview's own error (Graph's URL, a workspace's KQL),
 * else the query's (a time that is not one): offline the preview is only the query's description, and a bad time
 * applied showed its error cut in the status bar instead of here.
 */
function previewOf(draft: Query, describeRequest: (q: Query) => RequestPreview): RequestPreview {
	const preview = describeRequest(draft);
	if (!preview.ok) return preview;
	try {
		resolveQuery(draft);
		return preview;
	} catch (error) {
		return {ok: false, error: (error as Error).message};
	}
}

/** The filter editor as a route: the current query's filters, applied to the list on enter. */
export function FilterScreen({snap, props, browse, dispatch, width, height}: Shell): React.ReactElement {
	if (!snap.query) return <Text>No query</Text>;
	const done = (): void => dispatch({type: 'pop'});
	return (
		<FilterEditor
			query={snap.query}
			describeRequest={props.describeRequest}
			width={width}
			height={height}
			offline={props.offline}
			onApply={q => {
				done();
				browse.apply(q);
			}}
			onCancel={done}
		/>
	);
}

export function FilterEditor({
	query,
	describeRequest,
	onApply,
	onCancel,
	width,
	height,
	offline,
}: {
	readonly query: Query;
	readonly describeRequest: (q: Query) => RequestPreview;
	readonly onApply: (q: Query) => void;
	readonly onCancel: () => void;
	readonly width: number;
	readonly height: number;
	/** A file: every filter is checked here, so none is marked. */
	readonly offline?: boolean;
}): React.ReactElement {
	const report = reportById(query.report);
	// A field with fixed choices (time presets, status, CA result, risk...) also takes tab to cycle through them.
	const tab = keyName('cycle', 'filters');
	const rows: ReadonlyArray<{key: string; label: string; hint: string; choices?: readonly string[]}> = [
		{key: '@since', label: 'Since', hint: `${TIME_PRESETS.join(', ')} or ISO 8601`, choices: TIME_PRESETS},
		{key: '@until', label: 'Until', hint: 'ISO 8601 or relative'},
		...report.fields.map(f => ({key: f.key, label: f.label, hint: f.hint, choices: f.choices})),
	];
	// A value shows its hidden characters as `\uXXXX` (a pivot's value), and what is typed reads them back (readTyped):
	// a field left as it was keeps the value itself (a record's own text `\u200b` stays that text).
	const given: Readonly<Record<string, string>> = query.filters;
	const shownGiven = Object.fromEntries(Object.entries(given).map(([k, v]) => [k, typedForm(v)]));
	const fields = useTextFields({...shownGiven, '@since': query.since ?? '', '@until': query.until ?? ''});
	const values = fields.values;
	const row = useListCursor(0);
	const valueOf = (k: string, v: string): string => (v === shownGiven[k] ? given[k]! : readTyped(v));
	const draftOf = (values: Readonly<Record<string, string>>): Query => ({
		...query,
		filters: Object.fromEntries(
			Object.entries(values)
				.filter(([k, v]) => !k.startsWith('@') && v.trim() !== '')
				.map(([k, v]) => [k, valueOf(k, v)]),
		),
		since: values['@since']?.trim() || undefined,
		until: values['@until']?.trim() || undefined,
	});
	const draft = draftOf(values);
	const preview = previewOf(draft, describeRequest);
	const invalid = !preview.ok;
	// The URL exactly as it is sent, and its $filter decoded beneath it, for reading.
	const filter = ((): string => {
		try {
			return preview.ok ? (new URL(preview.request).searchParams.get('$filter') ?? '') : '';
		} catch {
			return '';
		}
	})();

	// Read what earlier keys of the same chunk wrote, not this render's values (see use-key-state.ts).
	const current = (): (typeof rows)[number] => rows[row.latest.current]!;
	useBindings(
		'filters',
		{
			back: onCancel,
			prevField: () => row.move('up', rows.length - 1, 1),
			nextField: () => row.move('down', rows.length - 1, 1),
			apply: () => {
				const draft = draftOf(fields.latest.current);
				if (previewOf(draft, describeRequest).ok) onApply(draft);
			},
			cycle: () => {
				const {key, choices} = current();
				if (!choices) return;
				const cycle = ['', ...choices];
				// From where the typed value is among the choices, whatever its case (groupmanagement: GroupManagement's next).
				const typed = (fields.latest.current[key] ?? '').trim().toLowerCase();
				const i = cycle.findIndex(c => c.toLowerCase() === typed);
				fields.set(key, cycle[(i + 1) % cycle.length]!);
			},
		},
		// A text field owns the keyboard: single-letter commands are text here.
		(input, key) => fields.edit(current().key, input, key) || true,
	);

	// What the source does not filter exactly (Graph, or a workspace's KQL): checked on each fetched record here.
	const local = offline || invalid ? [] : checkedHere(draft);
	const urlLines = wrap(preview.ok ? `GET ${preview.request}` : sanitizeLine(preview.error), width);
	const filterLines = filter ? wrap(`$filter ${sanitizeLine(filter)}`, width) : [];
	// Title, blank line, hints, and the "checked here" line when there is one; the fields, then the request, share the rest.
	const room = Math.max(2, height - 3 - (local.length > 0 ? 1 : 0));
	// At least a line of the URL and three of its $filter decoded (the readable one) before the fields scroll; what is
	// wrong with the filters, whole (three lines at most), before the fields scroll.
	const urlAtLeast = invalid ? 3 : 1;
	const fieldRows = Math.max(
		1,
		Math.min(rows.length, room - Math.min(urlAtLeast, urlLines.length) - Math.min(3, filterLines.length)),
	);
	let spare = Math.max(0, room - fieldRows);
	let filterShown = Math.min(filterLines.length, 3, spare);
	let urlShown = Math.min(urlLines.length, urlAtLeast, spare - filterShown);
	spare -= filterShown + urlShown;
	const more = Math.min(spare, filterLines.length - filterShown);
	filterShown += more;
	urlShown += Math.min(spare - more, urlLines.length - urlShown);
	const first = keepInView(row.index, rows.length, fieldRows);
	const above = first;
	const below = rows.length - first - fieldRows;
	/** The first `n` lines, the last one marked when more were left out. */
	const clip = (lines: readonly string[], n: number): string[] =>
		lines.slice(0, n).map((l, i) => (i === n - 1 && lines.length > n ? `${cut(l, width - 1, '')}…` : l));

	return (
		<Box flexDirection="column">
			<Text bold wrap="truncate">
				Filters: {report.title}
				{above + below > 0 ? (
					<Text
						dimColor
						bold={false}
					>{` (fields ${first + 1}-${first + fieldRows} of ${rows.length}: ${keyName('prevField')}/${keyName('nextField')} for the others)`}</Text>
				) : null}
			</Text>
			{rows.slice(first, first + fieldRows).map((r, at) => {
				const i = first + at;
				return (
					<Text key={r.key} wrap="truncate">
						<Text color={i === row.index ? 'cyan' : undefined}>
							{i === row.index ? '› ' : '  '}
							{r.label.padEnd(20)}
						</Text>
						<Text>{values[r.key] ?? ''}</Text>
						{i === row.index ? <Text inverse> </Text> : null}
						{local.some(l => l.label === r.label) ? <Text color="yellow"> checked here</Text> : null}
						{i === row.index ? (
							<Text dimColor>
								{(values[r.key] ?? '') === ''
									? ` ${r.hint}${r.choices ? ` (${tab} cycles)` : ''}`
									: r.choices
										? ` (${tab}: ${r.choices.join(', ')})`
										: ''}
							</Text>
						) : null}
					</Text>
				);
			})}
			<Text> </Text>
			{clip(urlLines, urlShown).map((l, i) => (
				<Text key={`u${i}`} color={invalid ? 'red' : 'green'}>
					{l}
				</Text>
			))}
			{clip(filterLines, filterShown).map((l, i) => (
				<Text key={`f${i}`}>{l}</Text>
			))}
			{local.length > 0 && (
				<Text wrap="truncate" color="yellow">
					checked here ({checkedHereWhy(draft)}): {local.map(l => `${l.label} ${sanitizeLine(l.value)}`).join(' · ')}
				</Text>
			)}
			<Text dimColor wrap="truncate">
				{keyName('prevField')}/{keyName('nextField')} field · type to edit ·{' '}
				{hints('filters', ['cycle', 'clearField', 'apply', 'back'])}
			</Text>
		</Box>
	);
}
