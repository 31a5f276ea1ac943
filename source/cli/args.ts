/** Command-line parsing: flags → a command and a Query, or a one-line usage error. */
import {parseArgs} from 'node:util';
import {homedir} from 'node:os';
import {join} from 'node:path';
import {REPORTS, findReport} from '../reports/index.js';
import {EVENT_TYPES, type EventTypeName} from '../reports/sign-ins.fields.js';
import {mapLegacyFilter, type Query} from '../query/query.js';
import {closest} from '../query/closest.js';
import {GUID} from '../reports/report.js';
import {isCloudName, type CloudName} from '../auth/clouds.js';
import type {ExportFormat} from '../export/export.js';
import type {ReportId} from '../reports/report.js';
import {PRINT_KINDS, type PrintKind} from '../query/print.js';
import {timelineCommand, type TimelineRange, type TimelineSubject} from './timeline-command.js';
import {readTyped} from '../terminal/sanitize.js';
import {UsageError, checkTenant, checkEmulatorUrl, checkReadableFile, positiveInt} from './checks.js';
import {exportFormat} from '../fs/out-path.js';

const FIELD_KEYS = [...new Set(REPORTS.flatMap(r => r.fields.map(f => f.key)))];

const OPTIONS = {
	demo: {type: 'boolean'},
	emulator: {type: 'string'},
	'ca-file': {type: 'string'},
	tenant: {type: 'string'},
	'client-id': {type: 'string'},
	'client-secret': {type: 'string'},
	certificate: {type: 'string'},
	cloud: {type: 'string'},
	beta: {type: 'boolean'},
	since: {type: 'string'},
	until: {type: 'string'},
	filter: {type: 'string'},
	workspace: {type: 'string'},
	kql: {type: 'string'},
	print: {type: 'string'},
	summary: {type: 'boolean'},
	type: {type: 'string', multiple: true},
	max: {type: 'string'},
	output: {type: 'string'},
	out: {type: 'string'},
	resume: {type: 'boolean'},
	order: {type: 'string'},
	'page-size': {type: 'string'},
	help: {type: 'boolean', short: 'h'},
	version: {type: 'boolean'},
	// emulator command
	port: {type: 'string'},
	seed: {type: 'string'},
	'sign-ins': {type: 'string'},
	scale: {type: 'string'},
	days: {type: 'string'},
	data: {type: 'string'},
	license: {type: 'string'},
	'auto-approve': {type: 'string'},
	'poll-interval': {type: 'string'},
	'ca-out': {type: 'string'},
	latency: {type: 'string'},
	'throttle-every': {type: 'string'},
	'retry-after': {type: 'string'},
	'unavailable-every': {type: 'string'},
	'drop-every': {type: 'string'},
	'truncate-every': {type: 'string'},
	'expire-token-every': {type: 'string'},
	...Object.fromEntries(FIELD_KEYS.map(k => [k, {type: 'string'}])),
} as const;

export type Command =
	| {readonly kind: 'tui'; readonly query?: Query}
	| {readonly kind: 'report'; readonly query: Query}
	/** `report`: which report of an archive that holds several (`open DIR audits`). */
	| {readonly kind: 'open'; readonly file: string; readonly report?: ReportId; readonly query?: Query}
	| {readonly kind: 'timeline'; readonly subject: TimelineSubject; readonly range: TimelineRange}
	| {readonly kind: 'login' | 'logout' | 'whoami'}
	| {readonly kind: 'emulator'}
	| {readonly kind: 'help'}
	| {readonly kind: 'version'};

export interface Parsed {
	readonly command: Command;
	readonly values: Readonly<Record<string, string | boolean | string[] | undefined>>;
	readonly demo: boolean;
	readonly emulatorUrl?: string;
	readonly caFile?: string;
	readonly tenant?: string;
	readonly clientId?: string;
	readonly clientSecret?: string;
	readonly certificate?: string;
	readonly cloud: CloudName;
	/** A Log Analytics workspace ID (--workspace): every report reads from it instead of Graph. */
	readonly workspace?: string;
	readonly output?: ExportFormat;
	/** --summary: the triage summary of the query (text, or one JSON object with --output json), not its records. */
	readonly summary: boolean;
	/** --print url|powershell|kql: the query as text for another tool, not run. */
	readonly print?: PrintKind;
	readonly out?: string;
	readonly resume: boolean;
	readonly max?: number;
	readonly pageSize?: number;
}

export function parseCli(argv: readonly string[], env: Readonly<Record<string, string | undefined>>): Parsed {
	let parsed;
	try {
		parsed = parseArgs({args: joinNegativeValues(argv), options: OPTIONS, allowPositionals: true, strict: true});
	} catch (error) {
		throw new UsageError(parseArgsMessage((error as Error).message));
	}
	const v = parsed.values as Record<string, string | boolean | string[] | undefined>;
	// A value typed as the screen shows it finds the record: `alice\u200b@contoso.com` is the UPN with a zero-width space.
	for (const k of FIELD_KEYS) if (typeof v[k] === 'string') v[k] = readTyped(v[k]);
	const str = (k: string): string | undefined => (typeof v[k] === 'string' ? (v[k] as string) : undefined);
	const [first, ...rest] = parsed.positionals;

	const cloud = str('cloud') ?? 'global';
	if (!isCloudName(cloud)) throw new UsageError(`--cloud must be global, usgov, usgov-dod or china, not "${cloud}"`);
	const output = str('output');
	if (output !== undefined && output !== 'ndjson' && output !== 'json' && output !== 'csv')
		throw new UsageError(`--output must be ndjson, json or csv, not "${output}"`);
	const max = positiveInt(str('max'), '--max');
	const pageSize = positiveInt(str('page-size'), '--page-size');
	const workspace = checkWorkspace(str('workspace'), v['demo'] === true || str('emulator') !== undefined);
	if (pageSize !== undefined && pageSize > (workspace ? 10_000 : 1000))
		throw new UsageError(
			workspace
				? '--page-size must be 10000 or less with --workspace'
				: "--page-size must be 1000 or less (Graph's maximum)",
		);
	if (v['resume'] && !str('out')) throw new UsageError('--resume needs --out FILE (the export to finish)');
	if (v['summary'] && output !== undefined && output !== 'json')
		throw new UsageError(`--summary prints text, or one JSON object with --output json (not ${output})`);
	if (v['summary'] && str('out') !== undefined)
		throw new UsageError('--summary prints to stdout: redirect it to a file (> summary.json)');
	const print = str('print');
	if (print !== undefined && !(PRINT_KINDS as readonly string[]).includes(print))
		throw new UsageError(`--print must be ${PRINT_KINDS.join(', ')}, not "${print}"`);

	let command: Command;
	if (v['help']) command = {kind: 'help'};
	else if (v['version']) command = {kind: 'version'};
	else if (first === undefined) command = {kind: 'tui'};
	else if (first === 'login' || first === 'logout' || first === 'whoami' || first === 'emulator') {
		if (rest.length > 0) throw new UsageError(`${first} takes no arguments (got "${rest.join(' ')}")`);
		command = {kind: first};
	} else if (first === 'open') {
		const file = rest[0];
		if (!file) throw new UsageError('open needs a file: entra-logs open export.ndjson');
		// An archive holds several reports: `open DIR audits` picks one (sign-ins by default).
		const picked = rest[1] === undefined ? undefined : findReport(rest[1]);
		if (rest.length > 2 || (rest[1] !== undefined && !picked))
			throw new UsageError(
				`open takes one file or folder and optionally a report: signins, audits or provisioning (got "${rest.join(' ')}")`,
			);
		command = {kind: 'open', file, report: picked?.id, query: undefined};
	} else if (first === 'timeline') {
		command = timelineCommand(rest, v, FIELD_KEYS);
	} else {
		const report = findReport(first);
		if (!report) {
			const near = closest(first, [...COMMANDS, ...REPORTS.map(r => r.id)]);
			throw new UsageError(
				`unknown command or report "${first}"${near ? `; did you mean ${near}?` : ''} (reports: signins, audits, provisioning; entra-logs --help lists the commands)`,
			);
		}
		if (rest.length > 0) throw new UsageError(`unexpected "${rest.join(' ')}" after ${first}`);
		command = {kind: 'report', query: queryFromFlags(report.id, v)};
	}

	const signsIn =
		command.kind === 'tui' ||
		command.kind === 'report' ||
		command.kind === 'timeline' ||
		command.kind === 'login' ||
		command.kind === 'logout' ||
		command.kind === 'whoami';
	// An empty variable (`AZURE_TENANT_ID=`) is an unset one.
	const fromEnv = (k: string): string | undefined => env[k] || undefined;
	const clientSecret = str('client-secret') ?? fromEnv('AZURE_CLIENT_SECRET');
	const certificate = str('certificate') ?? fromEnv('AZURE_CLIENT_CERTIFICATE_PATH');
	const tenant = str('tenant') ?? fromEnv('AZURE_TENANT_ID');
	const clientId = str('client-id') ?? fromEnv('AZURE_CLIENT_ID');
	const emulatorUrl = str('emulator');
	const caFile = str('ca-file');
	if (signsIn && !v['demo']) {
		checkTenant(
			tenant,
			str('tenant') !== undefined ? '--tenant' : 'AZURE_TENANT_ID',
			Boolean(clientSecret || certificate),
		);
		if (emulatorUrl !== undefined) checkEmulatorUrl(emulatorUrl);
	}
	if (signsIn || command.kind === 'emulator') {
		if (clientId !== undefined && !GUID.test(clientId.trim())) {
			throw new UsageError(
				`${str('client-id') !== undefined ? '--client-id' : 'AZURE_CLIENT_ID'} must be an application (client) id, a GUID like 14d82eec-204b-4c2f-b7e8-296a70dab67e, not "${clientId}"`,
			);
		}
	}
	if (caFile !== undefined && command.kind !== 'help' && command.kind !== 'version')
		checkReadableFile(caFile, '--ca-file', 'a PEM file');
	if (certificate !== undefined && signsIn && !v['demo']) {
		checkReadableFile(
			certificate,
			str('certificate') !== undefined ? '--certificate' : 'AZURE_CLIENT_CERTIFICATE_PATH',
			'a PEM file',
		);
	}

	// An export's format: --output's, else what --out's extension names (--out x.csv: CSV); a mismatch is refused.
	const format =
		command.kind === 'report' || command.kind === 'open'
			? exportFormat(output as ExportFormat | undefined, str('out'))
			: (output as ExportFormat | undefined);
	if (typeof format === 'object') throw new UsageError(format.problem);

	return {
		command,
		values: v,
		demo: v['demo'] === true,
		emulatorUrl,
		caFile,
		tenant: tenant?.trim(),
		clientId: clientId?.trim(),
		clientSecret,
		certificate,
		cloud,
		workspace,
		output: format,
		summary: v['summary'] === true,
		print: print as PrintKind | undefined,
		out: str('out'),
		resume: v['resume'] === true,
		max,
		pageSize,
	};
}

/** The report flags as a Query. Unknown fields for the report are refused by resolveQuery. */
export function queryFromFlags(
	report: ReportId,
	v: Readonly<Record<string, string | boolean | string[] | undefined>>,
): Query {
	const filters: Record<string, string> = {};
	for (const k of FIELD_KEYS) if (typeof v[k] === 'string') filters[k] = v[k] as string;
	let rawFilter = typeof v['filter'] === 'string' ? (v['filter'] as string) : undefined;
	if (rawFilter) {
		const mapped = mapLegacyFilter(rawFilter);
		rawFilter = mapped.raw || undefined;
		if (mapped.status && !filters['status']) filters['status'] = mapped.status;
	}
	const types = ((v['type'] as string[] | undefined) ?? [])
		.flatMap(t => t.split(','))
		.map(t => t.trim())
		.filter(Boolean);
	for (const t of types)
		if (!(t in EVENT_TYPES)) throw new UsageError(`--type must be ${Object.keys(EVENT_TYPES).join(', ')}; not "${t}"`);
	const order = typeof v['order'] === 'string' ? v['order'] : 'newest';
	if (order !== 'newest' && order !== 'oldest') throw new UsageError(`--order must be newest or oldest`);
	return {
		report,
		filters,
		since: typeof v['since'] === 'string' ? v['since'] : undefined,
		until: typeof v['until'] === 'string' ? v['until'] : undefined,
		eventTypes: types.length > 0 ? (types as EventTypeName[]) : undefined,
		beta: v['beta'] === true,
		rawFilter,
		...(typeof v['workspace'] === 'string' ? {workspace: v['workspace'].trim()} : {}),
		...(typeof v['kql'] === 'string' ? {rawKql: v['kql']} : {}),
		order,
	};
}

/** --workspace: the workspace ID, a GUID (its Overview page); the demo's emulator also answers to "demo". */
function checkWorkspace(value: string | undefined, emulated: boolean): string | undefined {
	if (value === undefined) return undefined;
	const id = value.trim();
	if (GUID.test(id) || (emulated && /^(demo|DEMO_WORKSPACE)$/i.test(id))) return id;
	throw new UsageError(
		`--workspace must be a workspace ID, a GUID from the workspace's Overview page, not "${value}"${emulated ? ' (or demo, with --demo)' : ''}`,
	);
}

const COMMANDS = ['open', 'timeline', 'login', 'logout', 'whoami', 'emulator'];
const OPTION_NAMES = Object.keys(OPTIONS);

/** node:util's parseArgs message in our words: one line, and for an unknown flag the one it was probably meant to be. */
function parseArgsMessage(message: string): string {
	const unknown = /^Unknown option '(-{1,2})([^']*)'/.exec(message);
	if (unknown) {
		const name = unknown[2]!.split('=')[0]!;
		const near = closest(name, OPTION_NAMES);
		return `unknown option ${unknown[1]}${name}${near ? `; did you mean --${near}?` : ''} (entra-logs --help lists them)`;
	}
	return message.replace(/\. To specify a positional.*$/s, '').split('\n')[0]!;
}

/** Where entra-logs keeps its token cache and recent queries: ENTRA_LOGS_CONFIG_DIR, else XDG's config home. */
export function configDir(env: Readonly<Record<string, string | undefined>>): string {
	if (env['ENTRA_LOGS_CONFIG_DIR']) return env['ENTRA_LOGS_CONFIG_DIR'];
	return join(env['XDG_CONFIG_HOME'] ?? join(homedir(), '.config'), 'entra-logs');
}

/**
 * `--max -3` as `--max=-3`: Node's parser reads a value starting with '-' as another option and says "argument is
 * ambiguous", where the value's own check says what is wrong with it ("--max must be a whole number above 0").
 */
function joinNegativeValues(argv: readonly string[]): string[] {
	const out: string[] = [];
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i]!;
		const next = argv[i + 1];
		const name = arg.startsWith('--') && !arg.includes('=') ? arg.slice(2) : undefined;
		const option = name === undefined ? undefined : (OPTIONS as Record<string, {readonly type: string}>)[name];
		if (option?.type === 'string' && next !== undefined && /^-\d/.test(next)) {
			out.push(`${arg}=${next}`);
			i++;
		} else out.push(arg);
	}
	return out;
}
