/**
 * Help, rendered from the one key table: the bindings of the screen it was opened over first (with the report's
 * own pivots in place of the key table's, each saying what it shows), then those that work everywhere, then the
 * other screens'. It scrolls (↑/↓) when the terminal is shorter than the table.
 */
import React from 'react';
import {Box, Text} from 'ink';
import {reportById} from '../../reports/index.js';
import type {Pivot, ReportDefinition} from '../../reports/report.js';
import {useBindings} from '../key-router.js';
import {KEYMAP, PIVOTS, keyName, type Binding, type Scope} from '../keymap.js';
import type {Shell} from '../shell.js';
import {useListCursor} from '../use-list-cursor.js';

interface Line {
	readonly key: string;
	readonly keys?: string;
	readonly text: string;
	readonly where?: string;
	readonly heading?: boolean;
}

/** Screens as Help names them (the key table's scopes are names in code). */
const SCREENS: Readonly<Record<Scope, string>> = {
	global: 'everywhere',
	picker: 'report picker',
	list: 'list',
	search: 'search',
	detail: 'detail',
	filters: 'filter editor',
	export: 'export',
	help: 'help',
	login: 'sign-in',
	summary: 'summary',
	timeline: 'timeline',
	columns: 'column chooser',
	copyAs: 'copy as',
};

const row = (b: Binding): Line => ({
	key: `${b.command}-${b.scopes.join()}`,
	keys: keyNames(b.keys),
	text: b.description,
	where: b.scopes.map(s => SCREENS[s]).join(', '),
});

/** A pivot as Help says it: what it shows, and the report it opens when that is another one. */
function pivotText(p: Pivot, report: ReportDefinition): string {
	const opens = p.report && p.report !== report.id ? ` (opens ${reportById(p.report).title})` : '';
	return `pivot: ${p.label}${p.meaning ? `: ${p.meaning}` : ''}${opens}`;
}

/** Help's lines for a screen (scope) and the report it shows, if any. */
export function helpLines(scope: Scope | undefined, report: ReportDefinition | undefined): Line[] {
	const pivots = scope === 'list' || scope === 'detail' ? (report?.pivots ?? []) : [];
	// The report's pivots say what u, a, i, c... mean in it; the key table's general words would say less.
	const shown = (b: Binding): boolean => pivots.length === 0 || !PIVOTS.includes(b.command);
	const here = scope ? KEYMAP.filter(b => b.scopes.includes(scope) && shown(b)) : [];
	const everywhere = KEYMAP.filter(b => b.scopes.includes('global'));
	const others = KEYMAP.filter(b => !here.includes(b) && !everywhere.includes(b) && shown(b));
	const heading = (text: string): Line => ({key: `# ${text}`, text, heading: true});
	return [
		...(here.length > 0 ? [heading(`Here (${SCREENS[scope!]})`), ...here.map(row)] : []),
		...(pivots.length > 0 && report
			? [
					heading(`Pivots in ${report.title}`),
					...pivots.map(p => ({key: `pivot-${p.key}`, keys: p.key, text: pivotText(p, report)})),
				]
			: []),
		heading('Everywhere'),
		...everywhere.map(row),
		heading('Other screens'),
		...others.map(row),
	];
}

export function HelpScreen({stack, snap, height}: Shell): React.ReactElement {
	const under = stack.at(-2)?.name;
	const lines = helpLines(under === 'login' ? undefined : under, snap.report);
	// One line for the title, one for the scroll hint when the table does not fit.
	const fits = lines.length + 1 <= height;
	const visible = Math.max(1, fits ? lines.length : height - 2);
	const last = Math.max(0, lines.length - visible);
	const offset = useListCursor(0);
	useBindings('help', {
		down: () => offset.move('down', last, visible),
		up: () => offset.move('up', last, visible),
	});
	const start = Math.min(offset.index, last);
	return (
		<Box flexDirection="column">
			<Text bold>Keys</Text>
			{lines.slice(start, start + visible).map(l =>
				l.heading ? (
					<Text key={l.key} bold color="cyan" wrap="truncate">
						{l.text}
					</Text>
				) : (
					<Text key={l.key} wrap="truncate">
						<Text color="cyan">{(l.keys ?? '').padEnd(10)}</Text> {l.text}
						{l.where ? <Text dimColor> ({l.where})</Text> : null}
					</Text>
				),
			)}
			{!fits && (
				<Text
					dimColor
				>{`${keyName('up')}/${keyName('down')} scroll · ${start + 1}-${start + visible} of ${lines.length}`}</Text>
			)}
		</Box>
	);
}

/** `↑ k`; a run of digits as a range (`1-9`). */
function keyNames(keys: readonly string[]): string {
	return keys.length > 2 && keys.every((k, i) => /^\d$/.test(k) && (i === 0 || Number(k) === Number(keys[i - 1]) + 1))
		? `${keys[0]}-${keys.at(-1)}`
		: keys.join(' ');
}
