/** `e` in the list: where to export the current query and in which format; the export then runs while you browse. */
import React from 'react';
import {Box, Text} from 'ink';
import {ExportError, type ExportFormat, type ExportProgress} from '../../export/export.js';
import {expandHome, formatOfName, outPathProblem} from '../../fs/out-path.js';
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
	/** The file or folder the records are read from (offline): never a name to export to. */
	readonly readFrom?: readonly string[];
}

/** The file a typed name stands for (`~/x.csv` in the home folder), and what stops an export to it. */
function chosenFile(typed: string, readFrom: readonly string[] | undefined): {file: string; problem?: string} {
	const file = expandHome(typed.trim());
	return {file, problem: file ? outPathProblem(file, '', readFrom) : undefined};
}

/** The export prompt as a route: the current query, run as the background job once a file is chosen. */
export function ExportScreen({snap, props, job, dispatch}: Shell): React.ReactElement {
	const query = snap.query;
	if (!query) return <Text>No query</Text>;
	const readFrom = props.input === undefined ? undefined : [props.input];
	return (
		<ExportPrompt
			title={describeQuery(query)}
			readFrom={readFrom}
			defaultPath={f => defaultExportPath(query.report, f, new Date())}
			target={(format, path) => props.exportTarget(query, {format, path})}
			onStart={(format, path) => {
				dispatch({type: 'pop'});
				job.start<ExportProgress>({
					label: `exporting to ${sanitizeLine(path)}`,
					noun: 'an export',
					resume: 'run the same export with --resume to finish it',
					// Refused before anything is written (the file changed since the prompt): said as the job's last line.
					run: (onProgress, signal) =>
						props.exportQuery(query, {format, path}, onProgress, signal).catch((error: unknown) => {
							if (error instanceof ExportError) return `export refused: ${sanitizeLine(error.message)}`;
							throw error;
						}),
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

export function ExportPrompt({
	title,
	defaultPath,
	target,
	onStart,
	onCancel,
	readFrom,
}: ExportPromptProps): React.ReactElement {
	/** The format chosen with tab; a name ending in a format's extension (x.csv) has that format. */
	const [chosenFormat, setFormat, latestFormat] = useKeyState<ExportFormat>('ndjson');
	const path = useTextField(defaultPath('ndjson'));
	/** The file and format a first enter found already there: a second enter replaces it. */
	const [confirm, setConfirm, latestConfirm] = useKeyState<string | undefined>(undefined);

	useBindings(
		'export',
		{
			back: onCancel,
			start: () => {
				const {file, problem} = chosenFile(path.latest.current, readFrom);
				// Said inline below the name; enter waits for a name that can be written.
				if (!file || problem) return;
				const format = formatOfName(file) ?? latestFormat.current;
				const what = `${format} ${file}`;
				if (target(format, file) === 'replace' && latestConfirm.current !== what) return setConfirm(what);
				onStart(format, file);
			},
			format: () => {
				const p = path.latest.current;
				const current = formatOfName(p) ?? latestFormat.current;
				const next = EXPORT_FORMATS[(EXPORT_FORMATS.indexOf(current) + 1) % EXPORT_FORMATS.length]!;
				// The file name follows the format while it ends with a format's extension (.ndjson, .jsonl, .json, .csv).
				const ext = /\.[a-z]+$/i.exec(p)?.[0];
				if (ext && formatOfName(p)) path.set(`${p.slice(0, -ext.length)}.${next}`);
				setFormat(next);
			},
		},
		// A text field owns the keyboard: letters are text here.
		(input, key) => path.edit(input, key) || true,
	);
	const enter = keyName('start');
	const {file: chosen, problem} = chosenFile(path.value, readFrom);
	const format = formatOfName(chosen) ?? chosenFormat;

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
