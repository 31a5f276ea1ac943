/**
 * Graph's request plumbing in the emulator: system query options ($filter, $top, $skiptoken…) read as Graph reads
 * them, error bodies as Graph sends them, the caller's permissions from its token, opaque paging cursors, and faults.
 */
import type {ApiVersion} from './reports.js';
import type {RecordTable} from './records.js';
import {instantKey} from '../instant.js';
import {timeOf, type GraphRecord} from '../tenant/tenant.js';
import type {HttpReply} from '../identity/basics.js';
import type {TokenClaims} from '../identity/tokens.js';
import type {Fault, Ids} from './graph.js';

export function faultReply(fault: Fault, ids: Ids): HttpReply {
	const reply =
		fault.kind === 'throttle'
			? // The docs' 429 body (§8): innerError adds code, message and status.
				graphError(429, 'TooManyRequests', 'Please retry again later.', ids, {
					code: '429',
					message: 'Please retry after',
					status: '429',
				})
			: graphError(503, 'serviceNotAvailable', 'The service is temporarily unavailable. Please retry later.', ids);
	return {...reply, headers: {'retry-after': fault.retryAfter}};
}

/** The system query options Graph reads ($filter, $top...): names are case-insensitive, and on beta the `$` is optional. */
export const SYSTEM_OPTIONS = new Set([
	'filter',
	'top',
	'skiptoken',
	'orderby',
	'select',
	'expand',
	'count',
	'search',
	'skip',
	'format',
]);

/** A query parameter's system option name, lower case without `$`; undefined for a parameter that is not one. */
export function optionName(key: string, version: ApiVersion): string | undefined {
	const lower = key.toLowerCase();
	if (lower.startsWith('$')) return lower.slice(1);
	return version === 'beta' && SYSTEM_OPTIONS.has(lower) ? lower : undefined;
}

/** The options by name, or OData's message when one is given twice (`$top` and beta's `top`, or `$Top` and `$top`). */
export function systemQueryOptions(q: URLSearchParams, version: ApiVersion): Map<string, string> | string {
	const options = new Map<string, string>();
	for (const [key, value] of q) {
		const name = optionName(key, version);
		if (name === undefined) continue;
		if (options.has(name)) {
			const label =
				name === 'skiptoken'
					? 'SkipToken'
					: name === 'orderby'
						? 'OrderBy'
						: name.charAt(0).toUpperCase() + name.slice(1);
			return `Query option '${label}' was specified more than once, but it must be specified at most once.`;
		}
		options.set(name, value);
	}
	return options;
}

/** Graph's error body: `{error: {code, message, innerError: {date, request-id, client-request-id}}}` (§9.1). */
export function graphError(
	status: number,
	code: string,
	message: string,
	ids: Ids,
	inner: Record<string, unknown> = {},
): HttpReply {
	return {
		status,
		body: {
			error: {
				code,
				message,
				innerError: {
					date: new Date().toISOString().replace(/\.\d+Z$/, ''),
					'request-id': ids.requestId,
					'client-request-id': ids.clientRequestId,
					...inner,
				},
			},
		},
	};
}

export function isReply(value: TokenClaims | HttpReply): value is HttpReply {
	return 'status' in value && 'body' in value;
}

export function permissions(claims: TokenClaims): Set<string> {
	const list = [...(claims.scp ? claims.scp.split(' ') : []), ...(claims.roles ?? [])];
	return new Set(list.map(s => s.toLowerCase()));
}

export function canReadConditionalAccess(claims: TokenClaims): boolean {
	if (claims.idtyp === 'user') return Array.isArray(claims['wids']) && (claims['wids'] as unknown[]).length > 0;
	const p = permissions(claims);
	return (
		p.has('policy.read.all') || p.has('policy.read.conditionalaccess') || p.has('policy.readwrite.conditionalaccess')
	);
}

// ----------------------------------------------------------------------------------------------------------
// $skiptoken: an opaque keyset cursor (the last record's instant key and id), so that paging stays exact even when
// records arrive while a client pages, and the same page always gives the same token.

export interface Cursor {
	/** instantKey of the last record's time. */
	readonly time: string;
	readonly id: string;
}

export function encodeCursor(c: Cursor): string {
	return Buffer.from(`${c.time}\u0000${c.id}`, 'utf8').toString('hex');
}

export function decodeCursor(token: string): Cursor | undefined {
	if (!/^(?:[0-9a-f]{2})+$/i.test(token)) return undefined;
	const [time, id] = Buffer.from(token, 'hex').toString('utf8').split('\u0000');
	if (
		!id ||
		!time ||
		!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{7}$/.test(time) ||
		Number.isNaN(Date.parse(`${time.slice(0, 23)}Z`))
	)
		return undefined;
	return {time, id};
}

/** Index of the first record after the cursor in the iteration order (records are sorted newest first). */
export function startAfter(records: RecordTable, cursor: Cursor, ascending: boolean): number {
	// records[i] comes "before" the cursor in descending order when (time, id) > (cursor.time, cursor.id).
	const keyOf = (r: GraphRecord): string => instantKey(timeOf(r)) ?? '';
	const after = (r: GraphRecord): boolean => {
		const t = keyOf(r);
		return t < cursor.time || (t === cursor.time && r.id < cursor.id);
	};
	const lo = firstWhere(records, after);
	if (!ascending) return lo;
	// Ascending: walk from the end towards index 0; the next record is the last one that is not "after" and not the cursor.
	let i = lo - 1;
	while (i >= 0 && keyOf(records.at(i)!) === cursor.time && records.at(i)!.id === cursor.id) i--;
	return i;
}

/**
 * The first index of `records` (newest first) where `holds` (false for a head of the table, true from there on), or
 * its length. Searched from the head outwards (the records there now first), then halved: it reads about twice as far
 * as the answer and never the middle of the whole table, so the demo tenant's records still arriving are waited for
 * only when the answer lies among them (tenant/arriving.ts).
 */
export function firstWhere(records: RecordTable, holds: (r: GraphRecord) => boolean): number {
	const n = records.length;
	if (n === 0 || holds(records.at(0)!)) return 0;
	const ready = Math.min(n, records.ready ?? n);
	// holds(lo) is false; hi is n or holds(hi).
	let lo = 0;
	let hi = n;
	for (let step = 1; ; step *= 2) {
		let probe = lo + step;
		if (probe >= ready && lo < ready - 1) probe = ready - 1;
		if (probe >= n) break;
		if (holds(records.at(probe)!)) {
			hi = probe;
			break;
		}
		lo = probe;
	}
	while (hi - lo > 1) {
		const mid = (lo + hi) >>> 1;
		if (holds(records.at(mid)!)) hi = mid;
		else lo = mid;
	}
	return hi;
}
