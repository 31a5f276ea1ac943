/**
 * The Microsoft Graph side: `/auditLogs/{signIns,directoryAudits,provisioning}` (list and by id), `/me`,
 * `/organization`, for v1.0 and beta, with Graph's paging, `$filter` support and error bodies (shared/graph-api.md).
 */
import {randomUUID} from 'node:crypto';
import {FilterError, type CheckedNode} from './filter.js';
import {parseFilter} from './filter-parser.js';
import {validateFilter} from './filter-check.js';
import {reportFromSegment, type ApiVersion, type ReportName, type ReportSpec} from './reports.js';
import {arrayTable, type RecordTable} from './records.js';
import {ENTITY_TYPE, selectable, shapeRecord} from './schema.js';
import {instantKey} from '../instant.js';
import {timeOf, type GraphRecord, type Tenant} from '../tenant/tenant.js';
import type {IdentityPlatform} from '../identity/identity.js';
import type {HttpReply} from '../identity/basics.js';
import type {TokenClaims} from '../identity/tokens.js';
import {me, organization} from './directory.js';
import {aboveBounds, belowBounds, checkMinDate, matcher, timeBounds} from './filter-apply.js';
import {
	faultReply,
	optionName,
	systemQueryOptions,
	graphError,
	isReply,
	permissions,
	canReadConditionalAccess,
	type Cursor,
	encodeCursor,
	decodeCursor,
	firstWhere,
	startAfter,
} from './request.js';

export type License = 'free' | 'p1' | 'p2';

export interface GraphState {
	license: License;
	/** Reject `ge`/`gt` dates older than this many days with "Invalid filter clause" (a maintainer's 2019 word). Off: null. */
	minDateDays: number | null;
}

/** A fault the emulator's knobs inject into a Graph answer (server.ts). */
export interface Fault {
	readonly kind: 'throttle' | 'unavailable';
	/** Retry-After, in seconds (may be fractional). */
	readonly retryAfter: string;
}

export interface GraphRequest {
	readonly method: string;
	readonly url: URL;
	readonly headers: Readonly<Record<string, string | undefined>>;
	readonly origin: string;
}

const JSON_TYPE = 'application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8';

export class GraphService {
	constructor(
		private readonly tenant: Tenant,
		private readonly identity: IdentityPlatform,
		readonly state: GraphState,
		/** Where each report's records are read from: the tenant's arrays unless told otherwise (a scaled table). */
		private readonly tables: Readonly<Record<ReportName, RecordTable>> = {
			signIns: arrayTable(tenant.signIns),
			directoryAudits: arrayTable(tenant.directoryAudits),
			provisioning: arrayTable(tenant.provisioning),
		},
	) {}

	/** A request, answered; `fault` (the emulator's knobs): throttle or fail it once its token has been checked. */
	handle(req: GraphRequest, fault?: Fault): HttpReply {
		const requestId = randomUUID();
		const clientRequestId = req.headers['client-request-id'] ?? requestId;
		const ids = {requestId, clientRequestId};
		const reply = this.route(req, ids, fault);
		return {
			...reply,
			headers: {
				'content-type': JSON_TYPE,
				'request-id': requestId,
				'client-request-id': clientRequestId,
				'x-ms-ags-diagnostic': JSON.stringify({
					ServerInfo: {DataCenter: 'Local', Slice: 'E', Ring: '5', ScaleUnit: '000', RoleInstance: 'EMULATOR'},
				}),
				'strict-transport-security': 'max-age=31536000',
				...reply.headers,
			},
		};
	}

	private route(req: GraphRequest, ids: Ids, fault: Fault | undefined): HttpReply {
		const segments = req.url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
		const version = segments[0];
		if (version !== 'v1.0' && version !== 'beta') {
			return graphError(400, 'BadRequest', `Invalid version: ${version ?? ''}`, ids);
		}
		if (req.method !== 'GET') {
			return graphError(405, 'Request_BadRequest', `Specified HTTP method is not allowed for the request target.`, ids);
		}
		const claims = this.authenticate(req, ids);
		if (isReply(claims)) return claims;
		// Throttling is per app and tenant: it needs the token, so a bad token gets its 401 first.
		if (fault) return faultReply(fault, ids);
		const rest = segments.slice(1);
		const first = rest[0]?.toLowerCase();
		if (first === 'me' && rest.length === 1) return me(this.tenant, req, version, claims, ids);
		if (first === 'organization' && rest.length === 1)
			return organization(this.tenant, this.state.license, req, version);
		if (first === 'auditlogs' && rest.length >= 2 && rest.length <= 3) {
			const report = reportFromSegment(rest[1]!);
			if (report) {
				const denied = this.authorize(report, claims, ids);
				if (denied) return denied;
				return rest.length === 2
					? this.list(req, version, report, claims, ids)
					: this.get(req, version, report, rest[2]!, claims, ids);
			}
		}
		return graphError(400, 'BadRequest', `Resource not found for the segment '${rest[rest.length - 1] ?? ''}'.`, ids);
	}

	/** Bearer token check, with Graph's 401 bodies. */
	private authenticate(req: GraphRequest, ids: Ids): TokenClaims | HttpReply {
		const header = req.headers['authorization'] ?? '';
		const unauthorized = (message: string): HttpReply => ({
			...graphError(401, 'InvalidAuthenticationToken', message, ids),
			headers: {
				'www-authenticate': `Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", client_id="00000003-0000-0000-c000-000000000000"`,
			},
		});
		const match = /^Bearer\s+(\S+)$/i.exec(header);
		if (!match) return unauthorized('Access token is empty.');
		const claims = this.identity.signer.verify(match[1]!);
		if (!claims) return unauthorized('Access token validation failure.');
		if (this.identity.isExpired(claims)) return unauthorized('Lifetime validation failed, the token is expired.');
		if (claims.tid !== this.tenant.tenantId) return unauthorized('Access token validation failure. Invalid audience.');
		return claims;
	}

	private authorize(report: ReportSpec, claims: TokenClaims, ids: Ids): HttpReply | undefined {
		const granted = permissions(claims);
		if (!granted.has('auditlog.read.all') && !granted.has('directory.read.all')) {
			return graphError(
				403,
				'Authentication_MSGraphPermissionMissing',
				'Calling principal does not have required MSGraph permissions AuditLog.Read.All',
				ids,
			);
		}
		if (claims.idtyp === 'user' && !(Array.isArray(claims['wids']) && (claims['wids'] as unknown[]).length > 0)) {
			return graphError(403, 'Authentication_RequestFromUnsupportedUserRole', 'User is not in the allowed roles', ids);
		}
		if (report.needsPremium && this.state.license === 'free') {
			return graphError(
				403,
				'Authentication_RequestFromNonPremiumTenantOrB2CTenant',
				"Neither tenant is B2C or tenant doesn't have premium license",
				ids,
			);
		}
		return undefined;
	}

	private list(req: GraphRequest, version: ApiVersion, report: ReportSpec, claims: TokenClaims, ids: Ids): HttpReply {
		const q = req.url.searchParams;
		const options = systemQueryOptions(q, version);
		if (typeof options === 'string') return graphError(400, 'BadRequest', options, ids);
		if (options.has('expand')) {
			return graphError(
				400,
				'BadRequest',
				"Query option 'Expand' is not allowed. To allow it, set the 'AllowedQueryOptions' property on EnableQueryAttribute or QueryValidationSettings.",
				ids,
			);
		}
		const topText = options.get('top') ?? null;
		let top = report.defaultTop;
		if (topText !== null) {
			top = Number(topText);
			if (!/^\d+$/.test(topText) || top < 1 || top > report.maxTop) {
				return graphError(
					400,
					'BadRequest',
					`Invalid page size specified: '${topText}'. Must be between 1 and ${report.maxTop} inclusive.`,
					ids,
				);
			}
		}
		let filter: CheckedNode | undefined;
		const filterText = options.get('filter') ?? null;
		if (filterText !== null && filterText.trim() !== '') {
			try {
				filter = validateFilter(parseFilter(filterText), report.tables[version]);
				checkMinDate(filter, this.state.minDateDays);
			} catch (error) {
				if (error instanceof FilterError) return graphError(400, 'BadRequest', 'Invalid filter clause', ids);
				throw error;
			}
		}
		const orderBy = options.get('orderby') ?? null;
		let ascending = false;
		if (orderBy !== null) {
			const m = /^\s*(\w+)(?:\s+(asc|desc))?\s*$/i.exec(orderBy);
			if (!m || m[1]!.toLowerCase() !== report.timeField.toLowerCase()) {
				return graphError(
					400,
					'BadRequest',
					`Invalid $orderby expression: '${orderBy}'. Only ${report.timeField} is supported.`,
					ids,
				);
			}
			ascending = m[2]?.toLowerCase() === 'asc';
		}
		const select = options
			.get('select')
			?.split(',')
			.map(s => s.trim())
			.filter(Boolean);
		for (const name of select ?? []) {
			if (name !== '*' && !selectable(report.name, version, name)) {
				return graphError(
					400,
					'BadRequest',
					`Could not find a property named '${name}' on type '${ENTITY_TYPE[report.name]}'.`,
					ids,
				);
			}
		}
		const cursorText = options.get('skiptoken') ?? null;
		let cursor: Cursor | undefined;
		if (cursorText !== null) {
			cursor = decodeCursor(cursorText);
			if (!cursor) return graphError(400, 'BadRequest', 'The specified $skiptoken is invalid.', ids);
		}

		const records = this.tables[report.name];
		const license = this.state.license;
		const match = matcher(report, version, filter, license);
		const page: GraphRecord[] = [];
		let more = false;
		const step = ascending ? -1 : 1;
		// Records are newest first: a filter's time range says where matches can start and where they end, so that a
		// query over the last days reads those days only (the demo's tenant need not have arrived whole).
		const bounds = timeBounds(filter, report.timeField);
		const keyOf = (r: GraphRecord): string | undefined => instantKey(timeOf(r));
		let i = cursor
			? startAfter(records, cursor, ascending)
			: ascending
				? records.length - 1
				: firstWhere(records, r => !aboveBounds(keyOf(r), bounds));
		for (; i >= 0 && i < records.length; i += step) {
			const r = records.at(i)!;
			if (ascending ? aboveBounds(keyOf(r), bounds) : belowBounds(keyOf(r), bounds)) break;
			if (!match(r)) continue;
			if (page.length === top) {
				more = true;
				break;
			}
			page.push(r);
		}
		const canReadCa = canReadConditionalAccess(claims);
		const body: Record<string, unknown> = {
			'@odata.context': `${req.origin}/${version}/$metadata#${report.contextName}`,
		};
		if (more && (!report.nextLinkNeedsTop || topText !== null)) {
			const last = page[page.length - 1]!;
			const next = new URL(`${req.origin}${req.url.pathname}`);
			// The other options as they were spelled ($TOP, beta's top=...), and a fresh token.
			for (const [k, v] of q) if (optionName(k, version) !== 'skiptoken') next.searchParams.append(k, v);
			next.searchParams.set('$skiptoken', encodeCursor({time: instantKey(timeOf(last)) ?? '', id: last.id}));
			body['@odata.nextLink'] = next.toString().replace(/\+/g, '%20');
		}
		body['value'] = page.map(r =>
			shapeRecord(r, report.name, version, {
				select: select?.includes('*') ? undefined : select,
				canReadConditionalAccess: canReadCa,
				license,
			}),
		);
		return {status: 200, body};
	}

	/** The records a list request sees: its filter, plus the event-type rules for sign-ins (§6). */

	private get(
		req: GraphRequest,
		version: ApiVersion,
		report: ReportSpec,
		id: string,
		claims: TokenClaims,
		ids: Ids,
	): HttpReply {
		const record = this.tables[report.name].byId(id);
		if (!record) {
			return graphError(
				404,
				'ResourceNotFound',
				`Resource '${id}' does not exist or one of its queried reference-property objects are not present.`,
				ids,
			);
		}
		return {
			status: 200,
			body: {
				'@odata.context': `${req.origin}/${version}/$metadata#${report.contextName}/$entity`,
				...shapeRecord(record, report.name, version, {
					canReadConditionalAccess: canReadConditionalAccess(claims),
					license: this.state.license,
				}),
			},
		};
	}
}

export interface Ids {
	readonly requestId: string;
	readonly clientRequestId: string;
}
