/**
 * A query as text for another tool, without running it: the exact Graph URL, a Microsoft Graph PowerShell command,
 * or KQL for the Log Analytics tables. Pure: the TUI's copy-as (`Y`) and the CLI's `--print` share it.
 *
 * PowerShell: the filter goes in a double-quoted string, as the cmdlets' docs write it (`-Filter "…"`), with every
 * character PowerShell would read otherwise escaped by a backtick: `$` (a variable), the backtick itself, the double
 * quotes (ASCII and the typographic ones PowerShell also takes as quotes), control characters (`` `n ``,
 * `` `u{1b} ``) and what the TUI shows escaped (bidi, U+200B `` `u{200b} ``, tags), so the string is the filter
 * exactly, whatever a value holds, and shows what it hides.
 */
import {printFilter} from './odata.js';
import {compileKql, kqlText} from './kql.js';
import {graphUrlFor, resolveQuery, type Query} from './query.js';
import {QueryError} from './time.js';
import type {ReportId} from '../reports/report.js';
import {reportById} from '../reports/index.js';
import {ACTIVE_CLASS} from '../terminal/sanitize.js';

export type PrintKind = 'url' | 'powershell' | 'kql';
export const PRINT_KINDS: readonly PrintKind[] = ['url', 'powershell', 'kql'];

export interface PrintOptions {
	/** e.g. `https://graph.microsoft.com`. */
	readonly graphBase: string;
	/** `$top` of the URL (default 1000, what an export asks for). */
	readonly pageSize?: number;
	readonly now?: Date;
}

/** The Microsoft Graph PowerShell SDK's list cmdlet of each report, v1.0 and beta. */
const CMDLETS: Readonly<Record<ReportId, {readonly v1: string; readonly beta: string}>> = {
	signins: {v1: 'Get-MgAuditLogSignIn', beta: 'Get-MgBetaAuditLogSignIn'},
	audits: {v1: 'Get-MgAuditLogDirectoryAudit', beta: 'Get-MgBetaAuditLogDirectoryAudit'},
	provisioning: {v1: 'Get-MgAuditLogProvisioning', beta: 'Get-MgBetaAuditLogProvisioning'},
};

/** What the TUI and tty output show escaped (controls, bidi, invisible characters, tags): escaped in PowerShell too. */
const HIDDEN = new RegExp(`^[${ACTIVE_CLASS}]$`, 'u');

/** A PowerShell double-quoted (expandable) string holding `value` exactly. */
export function powershellString(value: string): string {
	let out = '"';
	for (const ch of value) {
		const c = ch.codePointAt(0)!;
		if (ch === '`' || ch === '$' || ch === '"' || ch === '\u201c' || ch === '\u201d' || ch === '\u201e')
			out += `\`${ch}`;
		else if (ch === '\n') out += '`n';
		else if (ch === '\r') out += '`r';
		else if (ch === '\t') out += '`t';
		else if (HIDDEN.test(ch)) out += `\`u{${c.toString(16)}}`;
		else out += ch;
	}
	return `${out}"`;
}

/** `Get-MgAuditLogSignIn -Filter "…" -All` (the beta cmdlet when the query needs beta). */
export function powershellCommand(query: Query, now?: Date): string {
	const resolved = resolveQuery(query, now);
	const names = CMDLETS[resolved.report.id];
	const parts = [resolved.version === 'beta' ? names.beta : names.v1];
	if (resolved.sent) parts.push('-Filter', powershellString(printFilter(resolved.sent)));
	if (query.order === 'oldest') parts.push('-Sort', powershellString(`${resolved.report.timeField} asc`));
	parts.push('-All');
	return parts.join(' ');
}

/** The exact first request Graph gets for the query. */
export function graphUrl(query: Query, options: PrintOptions): string {
	return graphUrlFor(resolveQuery(query, options.now), query, options);
}

/**
 * The query as KQL over the Log Analytics tables (SigninLogs and the others), as pasted into the portal, its raw
 * `--kql` condition included (checked as when it runs). Printed, it needs no workspace: the text is the same for any.
 */
export function kqlFor(query: Query, now?: Date): string {
	const {rawKql, ...rest} = query;
	return kqlText(compileKql(rest, {now, rawKql}));
}

/**
 * The query as one of the texts. Throws QueryError (one line) for a query that cannot be written so (a bad value, a
 * raw OData filter asked as KQL).
 */
export function printQuery(kind: PrintKind, query: Query, options: PrintOptions): string {
	// A raw KQL condition has no Graph form: a URL or a cmdlet without it would ask for more than the query does.
	if (kind !== 'kql' && query.rawKql !== undefined && query.rawKql.trim() !== '')
		throw new QueryError(`the query has a KQL condition (--kql), which Graph cannot take: print it as kql`);
	switch (kind) {
		case 'url':
			return graphUrl(query, options);
		case 'powershell':
			return powershellCommand(query, options.now);
		case 'kql':
			try {
				return kqlFor(query, options.now);
			} catch (error) {
				if (error instanceof QueryError) throw error;
				throw new QueryError(`this query cannot be written as KQL: ${(error as Error).message}`);
			}
	}
}

/** The filters Graph has no `$filter` for, which entra-logs checks on each record: `--status failure`. */
export function checkedLocally(query: Query): string[] {
	const report = reportById(query.report);
	const out: string[] = [];
	for (const [key, value] of Object.entries(query.filters)) {
		if (value === undefined || value.trim() === '') continue;
		if (report.fields.find(f => f.key === key)?.build(value).local !== undefined) out.push(`--${key} ${value.trim()}`);
	}
	return out;
}

/**
 * What a printed URL or PowerShell command leaves out, in one line for stderr (stdout keeps the text alone), or
 * undefined: the filters checked locally, which Graph then does not apply. KQL holds them all.
 */
export function printLeavesOut(kind: PrintKind, query: Query): string | undefined {
	const left = kind === 'kql' ? [] : checkedLocally(query);
	if (left.length === 0) return undefined;
	const what = kind === 'url' ? 'the URL' : 'the PowerShell command';
	const them = left.length > 1 ? 'them' : 'it';
	const list = left.length > 1 ? `${left.slice(0, -1).join(', ')} and ${left.at(-1)!}` : left[0]!;
	return `${what} leaves out ${list}: Graph has no filter for ${them} (entra-logs checks ${them} on each record), so it returns records ${them === 'it' ? 'that filter sets' : 'those filters set'} aside too`;
}
