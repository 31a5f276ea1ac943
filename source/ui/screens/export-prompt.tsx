/** `e` in the list: where to export the current query and in which format; the export then runs while you browse. */
import React from 'react';
import {Box, Text} from 'ink';
import type {ExportFormat, ExportProgress} from '../../export/export.js';
import {outPathProblem} from '../../fs/out-path.js';
import {describeQuery} from '../../query/query.js';
import {sanitizeLine} from '../../terminal/sanitize.js';
import {hints, keyName} from '../keymap.js';
import {useBindings} from '../key-router.js';
import type {Shell} from '../shell.js';
import {useKeyState} from '../use-key-state.js';
import {useTextField} from '../use-text-field.js';

export const EXPORT_FORMATS: readonly ExportFormat[] = ['ndjson', 'json', 'csv'];

/** A file in the current directory named after the report and the time: entra-logs-signins-2026-11-22-10-37-00.ndjson */
export function defaultExportPath(report: string, format: ExportFormat, now: Date): string {
	return `entra-logs-${report}-${now.toISOString().slice(0, 19).replace(/[:T]/g, '-')}.${format}`;
}

export interface ExportPromptProps {
	readonly title: string;
	/** The suggested file for a format (in the current directory). */
	readonly defaultPath: (format: ExportFormat) => string;
	/** What starting would do to that file (see exportTarget): a file that is there is replaced only on a second enter. */
	readonly target: (format: ExportFormat, path: string) => 'new' | 'resume' | 'replace';
	readonly onStart: (format: ExportFormat, path: string) => void;
	readonly onCancel: () => void;
}

/** The export prompt as a route: the current query, run as the background job once a file is chosen. */
export function ExportScreen({snap, props, job, dispatch}: Shell): React.ReactElement {
	const query = snap.query;
	if (!query) return <Text>No query</Text>;
	return (
		<ExportPrompt
			title={describeQuery(query)}
			defaultPath={f => defaultExportPath(query.report, f, new Date())}
			target={(format, path) => props.exportTarget(query, {format, path})}
			onStart={(format, path) => {
				dispatch({type: 'pop'});
				job.start<ExportProgress>({
					label: `exporting to ${sanitizeLine(path)}`,
					noun: 'an export',
					resume: 'run the same export with --resume to finish it',
					run: (onProgress, signal) => props.exportQuery(query, {format, path}, onProgress, signal),
					progress: p =>
						`${p.records.toLocaleString('en-US')} records, ${p.pages} page${p.pages === 1 ? '' : 's'}${p.resumed ? ' (resumed)' : ''}`,
					// The file and its checkpoint stay: the same file and format again finishes it, nothing lost or doubled.
					failed: message =>
						`export failed: ${message}; ${keyName('export')} with the same file and format finishes it`,
				});
			}}
			onCancel={() => dispatch({type: 'pop'})}
		/>
	);
}

export function ExportPrompt({title, defaultPath, target, onStart, onCancel}: ExportPromptProps): React.ReactElement {
	const [format, setFormat, latestFormat] = useKeyState<ExportFormat>('ndjson');
	const path = useTextField(defaultPath('ndjson'));
	/** The file and format a first enter found already there: a second enter replaces it. */
	const [confirm, setConfirm, latestConfirm] = useKeyState<string | undefined>(undefined);

	useBindings(
		'export',
		{
			back: onCancel,
			start: () => {
				const chosen = path.latest.current.trim();
				// Said inline below the name; enter waits for a name that can be written.
				if (!chosen || outPathProblem(chosen)) return;
				const what = `${latestFormat.current} ${chosen}`;
				if (target(latestFormat.current, chosen) === 'replace' && latestConfirm.current !== what)
					return setConfirm(what);
				onStart(latestFormat.current, chosen);
			},
			format: () => {
				const current = latestFormat.current;
				const next = EXPORT_FORMATS[(EXPORT_FORMATS.indexOf(current) + 1) % EXPORT_FORMATS.length]!;
				// The file name follows the format while it still ends with the format's extension.
				const p = path.latest.current;
				if (p.endsWith(`.${current}`)) path.set(`${p.slice(0, -current.length)}${next}`);
				setFormat(next);
			},
		},
		// A text field owns the keyboard: letters are text here.
		(input, key) => path.edit(input, key) || true,
	);
	const enter = keyName('start');

	return (
		<Box flexDirection="column">
			<Text bold>Export {title}</Text>
			<Text wrap="truncate-start">
				<Text color="cyan">› file </Text>
				<Text>{path.value}</Text>
				<Text inverse> </Text>
			</Text>
			<Text>
				<Text color="cyan"> format </Text>
				{/* Brackets as well as inverse video: the choice shows without colour (NO_COLOR, CI, a dumb terminal). */}
				{EXPORT_FORMATS.map(f => (
					<Text key={f} inverse={f === format}>
						{f === format ? `[${f}]` : ` ${f} `}
					</Text>
				))}
			</Text>
			{(() => {
				const chosen = path.value.trim();
				const problem = chosen ? outPathProblem(chosen) : undefined;
				if (problem) return <Text color="red">{sanitizeLine(problem)}</Text>;
				const what = chosen ? target(format, chosen) : 'new';
				if (what === 'resume')
					return <Text color="green">{`an interrupted export of this query is there: ${enter} finishes it`}</Text>;
				if (what === 'replace')
					return (
						<Text color="yellow">
							{confirm === `${format} ${chosen}`
								? `the file is there: ${enter} again replaces it, or change the name`
								: `the file is there (${enter} asks before replacing it)`}
						</Text>
					);
				return <Text> </Text>;
			})()}
			<Text dimColor>All records the query matches, page by page; it runs on while you browse (progress below).</Text>
			<Text dimColor>{hints('export', ['format', 'clearField', 'start', 'back'])}</Text>
		</Box>
	);
}
