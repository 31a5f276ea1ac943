/** Command-line parsing: flags → a command and a Query, or a one-line usage error. */
import {parseArgs} from 'node:util';
import {accessSync, constants, statSync} from 'node:fs';
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

export class UsageError extends Error {}

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
	| {readonly kind: 'open'; readonly file: string; readonly query?: Query}
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
	readonly output?: ExportFormat;
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
	const str = (k: string): string | undefined => (typeof v[k] === 'string' ? (v[k] as string) : undefined);
	const [first, ...rest] = parsed.positionals;

	const cloud = str('cloud') ?? 'global';
	if (!isCloudName(cloud)) throw new UsageError(`--cloud must be global, usgov, usgov-dod or china, not "${cloud}"`);
	const output = str('output');
	if (output !== undefined && output !== 'ndjson' && output !== 'json' && output !== 'csv') throw new UsageError(`--output must be ndjson, json or csv, not "${output}"`);
	const max = positiveInt(str('max'), '--max');
	const pageSize = positiveInt(str('page-size'), '--page-size');
	if (pageSize !== undefined && pageSize > 1000) throw new UsageError('--page-size must be 1000 or less (Graph\'s maximum)');
	if (v['resume'] && !str('out')) throw new UsageError('--resume needs --out FILE (the export to finish)');

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
		if (rest.length > 1) throw new UsageError(`open takes one file (got "${rest.join(' ')}")`);
		command = {kind: 'open', file, query: undefined};
	} else {
		const report = findReport(first);
		if (!report) {
			const near = closest(first, [...COMMANDS, ...REPORTS.map(r => r.id)]);
			throw new UsageError(`unknown command or report "${first}"${near ? `; did you mean ${near}?` : ''} (reports: signins, audits, provisioning; entra-logs --help lists the commands)`);
		}
		if (rest.length > 0) throw new UsageError(`unexpected "${rest.join(' ')}" after ${first}`);
		command = {kind: 'report', query: queryFromFlags(report.id, v)};
	}

	const signsIn = command.kind === 'tui' || command.kind === 'report' || command.kind === 'login' || command.kind === 'logout' || command.kind === 'whoami';
	// An empty variable (`AZURE_TENANT_ID=`) is an unset one.
	const fromEnv = (k: string): string | undefined => env[k] || undefined;
	const clientSecret = str('client-secret') ?? fromEnv('AZURE_CLIENT_SECRET');
	const certificate = str('certificate') ?? fromEnv('AZURE_CLIENT_CERTIFICATE_PATH');
	const tenant = str('tenant') ?? fromEnv('AZURE_TENANT_ID');
	const clientId = str('client-id') ?? fromEnv('AZURE_CLIENT_ID');
	const emulatorUrl = str('emulator');
	const caFile = str('ca-file');
	if (signsIn && !v['demo']) {
		checkTenant(tenant, str('tenant') !== undefined ? '--tenant' : 'AZURE_TENANT_ID', Boolean(clientSecret || certificate));
		if (emulatorUrl !== undefined) checkEmulatorUrl(emulatorUrl);
	}
	if (signsIn || command.kind === 'emulator') {
		if (clientId !== undefined && !GUID.test(clientId.trim())) {
			throw new UsageError(`${str('client-id') !== undefined ? '--client-id' : 'AZURE_CLIENT_ID'} must be an application (client) id, a GUID like 14d82eec-204b-4c2f-b7e8-296a70dab67e, not "${clientId}"`);
		}
	}
	if (caFile !== undefined && command.kind !== 'help' && command.kind !== 'version') checkReadableFile(caFile, '--ca-file', 'a PEM file');
	if (certificate !== undefined && signsIn && !v['demo']) {
		checkReadableFile(certificate, str('certificate') !== undefined ? '--certificate' : 'AZURE_CLIENT_CERTIFICATE_PATH', 'a PEM file');
	}

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
		output: output as ExportFormat | undefined,
		out: str('out'),
		resume: v['resume'] === true,
		max,
		pageSize,
	};
}

/** The report flags as a Query. Unknown fields for the report are refused by resolveQuery. */
export function queryFromFlags(report: ReportId, v: Readonly<Record<string, string | boolean | string[] | undefined>>): Query {
	const filters: Record<string, string> = {};
	for (const k of FIELD_KEYS) if (typeof v[k] === 'string') filters[k] = v[k] as string;
	let rawFilter = typeof v['filter'] === 'string' ? (v['filter'] as string) : undefined;
	if (rawFilter) {
		const mapped = mapLegacyFilter(rawFilter);
		rawFilter = mapped.raw || undefined;
		if (mapped.status && !filters['status']) filters['status'] = mapped.status;
	}
	const types = ((v['type'] as string[] | undefined) ?? []).flatMap(t => t.split(',')).map(t => t.trim()).filter(Boolean);
	for (const t of types) if (!(t in EVENT_TYPES)) throw new UsageError(`--type must be ${Object.keys(EVENT_TYPES).join(', ')}; not "${t}"`);
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
		order,
	};
}

const COMMANDS = ['open', 'login', 'logout', 'whoami', 'emulator'];
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

/**
 * A tenant as the identity platform takes it: its id (a GUID), one of its domain names, or for a person's sign-in
 * `organizations`/`common` (any work account). Checked here so that a typo fails at once, in our words.
 */
function checkTenant(tenant: string | undefined, source: string, appOnly: boolean): void {
	if (tenant === undefined) return;
	const value = tenant.trim().toLowerCase();
	if (GUID.test(value) || DOMAIN.test(value)) return;
	if (value === 'organizations' || value === 'common') {
		if (!appOnly) return;
		throw new UsageError(`app-only sign-in needs your tenant's id or domain in ${source}, not "${tenant}"`);
	}
	if (value === 'consumers') throw new UsageError(`${source} "consumers" is for personal Microsoft accounts, which have no activity logs: use your tenant's id or domain`);
	throw new UsageError(`${source} must be a tenant id (a GUID) or a domain such as contoso.onmicrosoft.com, not "${tenant}"`);
}

/** A DNS name with at least two labels (contoso.com, contoso.onmicrosoft.com): letters, digits and inner hyphens. */
const DOMAIN = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z](?:[a-z0-9-]{0,61}[a-z0-9])?$/i;

function checkEmulatorUrl(text: string): void {
	let url: URL | undefined;
	try {
		url = new URL(text);
	} catch {
		// said below
	}
	if (!url || url.protocol !== 'https:') {
		throw new UsageError(`--emulator must be the emulator's https:// address, such as https://127.0.0.1:8443 (entra-logs emulator prints it), not "${text}"`);
	}
}

/** A file named by a flag must be there and readable: said in one line, before any work. */
export function checkReadableFile(file: string, flag: string, what: string): void {
	try {
		if (statSync(file).isDirectory()) throw new UsageError(`${flag} ${file} is a folder, not ${what}`);
		accessSync(file, constants.R_OK);
	} catch (error) {
		if (error instanceof UsageError) throw error;
		const code = (error as NodeJS.ErrnoException).code;
		throw new UsageError(`${flag} ${file}: ${code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : (error as Error).message}`);
	}
}

function positiveInt(text: string | undefined, flag: string): number | undefined {
	if (text === undefined) return undefined;
	if (!/^\d+$/.test(text) || Number(text) < 1) throw new UsageError(`${flag} must be a positive whole number, not "${text}"`);
	return Number(text);
}

export const HELP = `entra-logs: browse and export Microsoft Entra ID sign-in, audit and provisioning logs

Usage
  entra-logs                          pick a report in the TUI (device-code sign-in first if needed)
  entra-logs --demo                   the TUI against the built-in emulator and its demo tenant
  entra-logs signins|audits|provisioning [filters]     the TUI opened on that query
  entra-logs <report> [filters] --output ndjson|json|csv [--out FILE [--resume]]
  entra-logs open FILE [filters]      browse an export or an admin-center download offline
  entra-logs login | logout | whoami
  entra-logs emulator [--port N]      run the local Graph + identity emulator alone (see docs/emulator.md;
                                      --scale N serves N sign-ins derived from the generated ones)

Filters
  --since 24h|7d|ISO  --until ...     time range, since a time in the past (relative, or ISO 8601; no zone: local)
  sign-ins: --user --app --ip --correlation --request --error --status success|failure --ca --city
            --resource --client-app --risk
            --country AU|Australia        an ISO 3166-1 two-letter code or an English country name
            --service-principal NAME|ID   service principal and managed identity sign-ins (chosen without --type)
            --type interactive,non-interactive,service-principal,managed-identity (beta; default interactive)
  audits:   --category --activity --target --result --service --correlation
            --category groupmanagement    any case; as the logs write it (GroupManagement, UserManagement ...)
            --initiated-by WHO            a UPN (user), a GUID (user id or app id), else a user's or an app's
                                          display name, exact: --initiated-by "Audry Oliver"
  provisioning: --status --action --identity --job --cycle --change --system
  --filter "OData"                    raw $filter for experts, and-ed to the rest in parentheses (which
                                      it must balance outside its 'strings')
  --beta  --order newest|oldest  --max N
  --page-size N                       records per request (the TUI asks for 100, an export for 1,000)

Sign-in
  --tenant ID|domain  --client-id ID  --cloud global|usgov|usgov-dod|china
  app-only: AZURE_CLIENT_SECRET or AZURE_CLIENT_CERTIFICATE_PATH (PEM with key), with --tenant
  --emulator URL --ca-file PEM        talk to a running emulator instead of Microsoft
Environment: AZURE_TENANT_ID AZURE_CLIENT_ID AZURE_CLIENT_SECRET AZURE_CLIENT_CERTIFICATE_PATH
             HTTPS_PROXY NO_PROXY NODE_EXTRA_CA_CERTS NO_COLOR ENTRA_LOGS_CONFIG_DIR
`;

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
