/**
 * `s` in a list: the summary of the query (issue 9 §3): outcomes, detections with their why, the top values of each
 * group and the time histogram, over what is loaded, or over the whole query with F (fetched in the background by
 * use-summary.ts; esc stops it). enter on a line opens its records as a list (a filter where the report has one,
 * else the records themselves); esc there comes back here as it was.
 */
import React, {useMemo} from 'react';
import {Box, Text} from 'ink';
import {resolveQuery, type Query} from '../../query/query.js';
import type {GraphRecord} from '../../reports/report.js';
import {Given} from '../../sources/memory-source.js';
import {ERROR_CODE_GROUP, groupsOf, groupValue, provisioningStatus} from '../../triage/groups.js';
import {signInOutcome} from '../../triage/outcome.js';
import {summaryLines, type LineTarget} from '../../triage/render.js';
import type {Summary} from '../../triage/summary.js';
import {GROUP_LABELS} from '../../triage/summary.js';
import {obj, scalar} from '../../triage/values.js';
import {useBindings} from '../key-router.js';
import {hints, keyName} from '../keymap.js';
import type {Shell} from '../shell.js';
import {keepInView, moveCursor} from '../use-list-cursor.js';
import {SUMMARY_CAP, useSummaryModel, type WholeQuery} from '../use-summary.js';

const n = (x: number): string => x.toLocaleString('en-US');

/** The query a line opens, or the records it stands for when no filter of the report says it. */
export function drillQuery(base: Query, target: Exclude<LineTarget, {kind: 'detection'}>): Query | undefined {
	const field =
		target.kind === 'outcome'
			? 'status'
			: base.report === 'signins' && target.key === ERROR_CODE_GROUP.key
				? ERROR_CODE_GROUP.filter
				: groupsOf(base.report).groups.find(g => g.key === target.key)?.filter;
	if (!field) return undefined;
	const query = {...base, filters: {...base.filters, [field]: target.value}};
	try {
		resolveQuery(query);
		return query;
	} catch {
		// The report's filter does not take this value (an outcome it has no word for): the records themselves.
		return undefined;
	}
}

/** Whether a record is on a line (for the lines no filter expresses). */
function onLine(report: Query['report'], target: Exclude<LineTarget, {kind: 'detection'}>, r: unknown): boolean {
	if (target.kind === 'outcome') {
		const outcome =
			report === 'signins'
				? signInOutcome(r)
				: scalar(report === 'audits' ? obj(r)?.['result'] : provisioningStatus(r))?.toLowerCase();
		return (outcome ?? 'unknown') === target.value;
	}
	// Sign-ins count error codes apart from their groups (provisioning's errorCode is a group like the others).
	if (report === 'signins' && target.key === ERROR_CODE_GROUP.key)
		return scalar(obj(obj(r)?.['status'])?.['errorCode']) === target.value;
	const v = groupValue(report, target.key, r);
	return Array.isArray(v) ? v.some(item => scalar(item) === target.value) : scalar(v) === target.value;
}

function title(whole: WholeQuery | undefined, loaded: number, all: string): string {
	if (!whole) return `Summary of the ${n(loaded)} loaded records · ${all} summarises the whole query`;
	const total = n(whole.summarizer.total);
	switch (whole.state) {
		case 'running':
			return `Summary of the whole query: fetching... ${total} records, ${whole.pages} pages (${keyName('back')} stops)`;
		case 'done':
			return `Summary of the whole query: ${total} records`;
		case 'capped':
			return `Summary of the whole query: capped at ${n(SUMMARY_CAP)} records (the rest is not in it)`;
		case 'stopped':
			return `Summary of the whole query: stopped at ${total} records · ${all} starts it again`;
		case 'failed':
			return `Summary of the whole query: failed at ${total} records (${whole.message ?? ''}) · ${all} again`;
	}
}

export function SummaryScreen(shell: Shell): React.ReactElement {
	const {store, snap, props, width, height, setStatus, browse, job} = shell;
	const model = useSummaryModel(store);
	const whole = model.wholeFor(snap.query);
	// The whole query's summary once its first page is in; until then what is loaded.
	const shown = whole?.summary ? whole : undefined;
	const summary: Summary | undefined = shown?.summary ?? model.loadedSummary(snap);
	// Detections look at every record: while the whole query is still coming they are not looked for yet.
	const pending = shown?.state === 'running' ? 'looked for once every record is in' : undefined;
	const lines = useMemo(
		() => (summary ? summaryLines(summary, {width: width - 2, top: 10, detectionsPending: pending}) : []),
		[summary, width, pending],
	);
	const targets = useMemo(() => lines.flatMap((l, i) => (l.target ? [i] : [])), [lines]);
	const key = shown ? `whole ${shown.key}` : 'loaded';
	// Read when a key comes (keys of one chunk each move from where the one before left it).
	const cursorAt = (): number => Math.min(model.cursor(key), Math.max(0, targets.length - 1));
	const at = cursorAt();
	const visible = Math.max(1, height - 2);

	const open = (target: LineTarget | undefined): void => {
		const base = shown?.query ?? snap.query;
		if (!target || !summary || !base) return;
		const given = (label: string, records: GraphRecord[]): Query => ({...base, given: new Given(label, records)});
		if (target.kind === 'detection') {
			const d = summary.detections[target.index];
			if (!d) return;
			const records = model.recordsAt(shown, store.getSnapshot(), d.indices);
			return browse.drill(given(`${d.kind} ${d.subject}`, records), 'the summary');
		}
		const query = drillQuery(base, target);
		if (query) return browse.drill(query, 'the summary');
		const label = target.kind === 'outcome' ? 'Outcome' : (GROUP_LABELS[target.key] ?? target.key);
		const records: GraphRecord[] = [];
		for (const r of model.allRecords(shown, store.getSnapshot())) if (onLine(base.report, target, r)) records.push(r);
		browse.drill(given(`${label} = ${target.value}`, records), 'the summary');
	};

	useBindings('summary', {
		...Object.fromEntries(
			(['up', 'down', 'pageUp', 'pageDown', 'top', 'bottom'] as const).map(c => [
				c,
				() => {
					const next = moveCursor(c, cursorAt(), targets.length - 1, visible);
					if (next !== undefined) model.setCursor(key, next);
					setStatus('');
				},
			]),
		),
		drill: () => open(lines[targets[cursorAt()] ?? -1]?.target),
		summaryAll: () => {
			const query = snap.query;
			if (!query) return;
			if (!props.openQuery) return setStatus('this list cannot be fetched again: its summary is of what is loaded');
			const why = model.startWhole(query, {open: props.openQuery, job});
			if (why) setStatus(why);
		},
		// esc: stops the whole query's fetch while it runs; else back to the list.
		back: () => model.stopWhole(),
	});

	if (!summary) return <Text dimColor>Nothing to summarise yet.</Text>;
	const selectedLine = targets[at] ?? -1;
	const start = keepInView(selectedLine, lines.length, visible);
	const all = keyName('summaryAll');
	return (
		<Box flexDirection="column">
			<Text wrap="truncate" bold>
				{title(whole, snap.records.length, all)}
			</Text>
			{lines.slice(start, start + visible).map((line, k) => {
				const i = start + k;
				const selected = i === selectedLine;
				return (
					<Text key={i} wrap="truncate" bold={line.heading} inverse={selected}>
						{selected ? '›' : ' '}
						{line.text}
					</Text>
				);
			})}
			<Box flexGrow={1} />
			<Text wrap="truncate" dimColor>
				{hints('summary', ['up', 'drill', 'summaryAll', 'back'])}
			</Text>
		</Box>
	);
}
