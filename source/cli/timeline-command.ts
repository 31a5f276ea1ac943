/**
 * `entra-logs timeline --user UPN|id [--since] [--until] [--workspace ID] [--output ndjson]`: one user's sign-ins,
 * audits and provisioning, newest first (source/sources/timeline-source.ts), from Graph or from a workspace. Text on a terminal, one line per record; with
 * `--output ndjson` a line `{"report": …, "record": …}` per record, the record as Graph sent it. What could not be
 * read goes to stderr, one line per report, and the exit code is then 1; the rest is still written.
 */
import {listenForInterrupt} from '../process/interrupt.js';
import {GUID} from '../reports/report.js';
import {QueryError} from '../query/time.js';
import {sanitizeLine} from '../terminal/sanitize.js';
import {visibleControls} from '../terminal/tty-output.js';
import type {TimelineRange, TimelineState, TimelineSubject} from '../sources/timeline-source.js';
import type {Services} from './services.js';
import {UsageError} from './checks.js';
import type {Out} from './export-command.js';
import type {PrintKind, PrintOptions} from '../query/print.js';
import type {Origin} from '../sources/open-source.js';

export type {TimelineRange, TimelineSubject};

type Values = Readonly<Record<string, string | boolean | string[] | undefined>>;

/** Flags of a report query that a timeline does not take (its queries are its own). */
const NOT_HERE = ['filter', 'type', 'beta', 'order', 'out', 'resume', 'kql'];

/** A --user value: a UPN or an object id; anything else is refused in one line. */
export function subjectFromText(value: string): TimelineSubject {
	const v = value.trim();
	if (GUID.test(v)) return {id: v.toLowerCase()};
	if (/^[^@\s]+@[^@\s]+$/.test(v)) return {upn: v.toLowerCase()};
	throw new QueryError(
		`--user must be a user principal name (alice@contoso.com) or a user's object id (a GUID), not "${value}"`,
	);
}

/** The timeline command from its flags, or a usage error. `fields`: the reports' filter flags (--app, --ip ...). */
export function timelineCommand(
	rest: readonly string[],
	v: Values,
	fields: readonly string[],
): {readonly kind: 'timeline'; readonly subject: TimelineSubject; readonly range: TimelineRange} {
	if (rest.length > 0) throw new UsageError(`unexpected "${rest.join(' ')}" after timeline`);
	const user = v['user'];
	if (typeof user !== 'string')
		throw new UsageError('timeline needs --user UPN|id: entra-logs timeline --user alice@contoso.com --since 7d');
	for (const k of [...NOT_HERE, ...fields.filter(f => f !== 'user')])
		if (v[k] !== undefined)
			throw new UsageError(`timeline takes --user, --since, --until, --workspace and --output ndjson, not --${k}`);
	const output = v['output'];
	if (output !== undefined && output !== 'ndjson')
		throw new UsageError('timeline writes text, or NDJSON with --output ndjson');
	const str = (k: string): string | undefined => (typeof v[k] === 'string' ? (v[k] as string) : undefined);
	// --workspace is checked (a GUID, or demo with --demo) with the other flags: args.ts.
	const workspace = str('workspace')?.trim();
	return {
		kind: 'timeline',
		subject: subjectFromText(user),
		range: {since: str('since'), until: str('until'), ...(workspace ? {workspace} : {})},
	};
}

/** Checks the timeline's queries (times, values) before any sign-in: a QueryError says what is wrong. */
export async function checkTimeline(subject: TimelineSubject, range: TimelineRange): Promise<void> {
	const {timelineLegs} = await import('../sources/timeline-source.js');
	const {resolveQuery} = await import('../query/query.js');
	const {compileKql} = await import('../query/kql.js');
	for (const leg of timelineLegs(subject, range)) {
		resolveQuery(leg.query);
		if (leg.query.workspace) compileKql(leg.query, {rawKql: leg.query.rawKql});
	}
}

/**
 * `timeline --print url|powershell|kql`: each of the timeline's queries, newest first, as the text for another tool;
 * in PowerShell and KQL each under a comment naming it (provisioning's KQL names the id in SourceIdentity and
 * TargetIdentity). With only a UPN, the queries that need the object id are named, not printed.
 */
export async function timelinePrint(
	kind: PrintKind,
	subject: TimelineSubject,
	range: TimelineRange,
	options: PrintOptions,
): Promise<string> {
	const {timelineLegs} = await import('../sources/timeline-source.js');
	const {printQuery} = await import('../query/print.js');
	const comment = kind === 'kql' ? '//' : '#';
	const out: string[] = [];
	// The texts are the same whatever the run reads: Graph's for a URL or PowerShell, KQL for any workspace.
	const {since, until} = range;
	for (const leg of timelineLegs(subject, {since, until}, kind === 'kql' ? 'kql' : 'odata')) {
		let text: string;
		try {
			text = printQuery(kind, leg.query, options);
		} catch (error) {
			text = `${comment} cannot be written as ${kind}: ${(error as Error).message}`;
		}
		out.push(...(kind === 'url' ? [] : [`${comment} ${leg.name}`]), text);
	}
	if (!subject.id)
		out.push(`${comment} audits about the user and provisioning: give --user the user's object id to print them`);
	return `${out.join('\n')}\n`;
}

const n = (x: number): string => x.toLocaleString('en-US');

/** "sign-ins 120 · audits by 3 · audits about 2 · provisioning 14". */
function countsText(state: TimelineState): string {
	return Object.entries(state.counts)
		.map(([leg, count]) => `${leg} ${n(count)}`)
		.join(' · ');
}

export async function runTimeline(
	subject: TimelineSubject,
	range: TimelineRange,
	ndjson: boolean,
	services: Services,
	stdout: Out,
	stderr: Out,
): Promise<number> {
	const {entryCells, entryLine, fetchTimeline, subjectText} = await import('../sources/timeline-source.js');
	const {openSource} = await import('../sources/open-source.js');
	// With --workspace every query reads the workspace (and provisioning names the id in KQL: timelineLegs).
	const ws = services.workspace;
	const where: TimelineRange = ws ? {...range, workspace: range.workspace ?? ws.id} : range;
	const origin: Origin = ws
		? {kind: 'workspace', client: ws.client, workspace: ws.id}
		: {kind: 'graph', client: services.client, graphBase: services.graphBase};
	const interrupt = listenForInterrupt();
	try {
		const state = await fetchTimeline(subject, where, q => openSource(q, origin, {pageSize: 1000}), {
			signal: interrupt.signal,
			onUpdate: s => {
				if (stderr.isTTY) stderr.write(`\r\x1b[Ktimeline: ${countsText(s)}`);
			},
		});
		if (interrupt.signal.aborted) {
			stderr.write('\ninterrupted\n');
			return interrupt.code();
		}
		if (stderr.isTTY) stderr.write('\r\x1b[K');
		for (const entry of state.entries) {
			if (ndjson) stdout.write(stdout.isTTY ? `${visibleControls(entryLine(entry))}\n` : `${entryLine(entry)}\n`);
			else {
				const c = entryCells(entry);
				const marks = c.detections ? `  [${c.detections}]` : '';
				stdout.write(`${sanitizeLine(`${c.time}  ${c.source.padEnd(12)}  ${c.what}${marks}`)}\n`);
			}
		}
		const capped = state.capped.length > 0 ? ` (cut at the cap: ${state.capped.join(', ')})` : '';
		stderr.write(
			`timeline of ${sanitizeLine(subjectText(subject))}: ${n(state.entries.length)} records (${countsText(state)})${capped}\n`,
		);
		for (const p of state.problems) stderr.write(`entra-logs: could not read ${sanitizeLine(p)}\n`);
		return state.problems.length > 0 ? 1 : 0;
	} finally {
		interrupt.dispose();
	}
}
