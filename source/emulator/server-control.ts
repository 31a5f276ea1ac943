/**
 * The emulator's own endpoints, never part of the real services: the test and demo controls (`/_emu/...`: state,
 * log, faults, approving device codes, expiring and revoking tokens, licence, clients) and a page to approve a code by
 * hand; and how a reply is sent.
 */
import type {IncomingMessage, ServerResponse} from 'node:http';
import type {GraphService} from './graph/graph.js';
import type {IdentityPlatform} from './identity/identity.js';
import type {HttpReply} from './identity/basics.js';
import type {RecordTable} from './graph/records.js';
import type {Tenant} from './tenant/tenant.js';
import {NO_FAULTS, type Faults, type LogEntry} from './faults.js';

/** What the controls read and change. */
export interface ControlContext {
	readonly tenant: Tenant;
	readonly graph: GraphService;
	readonly identity: IdentityPlatform;
	readonly tables: {
		readonly signIns: RecordTable;
		readonly directoryAudits: RecordTable;
		readonly provisioning: RecordTable;
	};
	readonly faults: Faults;
	readonly log: readonly LogEntry[];
	readonly graphRequests: () => number;
}

export function send(res: ServerResponse, reply: HttpReply): void {
	const text = typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body);
	res.writeHead(reply.status, {
		'content-type': 'application/json; charset=utf-8',
		...reply.headers,
		'content-length': Buffer.byteLength(text),
	});
	res.end(text);
}

/** Test and demo controls: `/_emu/...`. Never part of the real service. */
export function control(
	ctx: ControlContext,
	req: IncomingMessage,
	res: ServerResponse,
	segments: string[],
	body: string,
): void {
	const {tenant, graph, identity, tables, faults, log} = ctx;
	const json = (): Record<string, unknown> => {
		try {
			return body ? (JSON.parse(body) as Record<string, unknown>) : {};
		} catch {
			return {};
		}
	};
	const ok = (value: unknown): void => send(res, {status: 200, body: value});
	const what = segments.join('/');
	const post = req.method === 'POST';
	if (what === 'state') {
		return ok({
			tenantId: tenant.tenantId,
			domain: tenant.domain,
			license: graph.state.license,
			faults,
			graphRequests: ctx.graphRequests(),
			counts: {
				signIns: tables.signIns.length,
				directoryAudits: tables.directoryAudits.length,
				provisioning: tables.provisioning.length,
			},
			pendingUserCodes: identity.pendingUserCodes(),
		});
	}
	if (what === 'log') return ok(log);
	if (what === 'faults' && post) {
		Object.assign(faults, NO_FAULTS, json());
		return ok(faults);
	}
	if (what === 'approve' && post) {
		const b = json();
		return ok({approved: identity.approve(b['user_code'] as string | undefined, b['upn'] as string | undefined)});
	}
	if (what === 'decline' && post) return ok({declined: identity.decline(json()['user_code'] as string | undefined)});
	if (what === 'expire-tokens' && post) {
		identity.expireIssuedTokens();
		return ok({expired: true});
	}
	if (what === 'revoke-refresh-tokens' && post) {
		identity.revokeRefreshTokens();
		return ok({revoked: true});
	}
	if (what === 'license' && post) {
		const license = json()['license'];
		if (license === 'free' || license === 'p1' || license === 'p2') graph.state.license = license;
		return ok({license: graph.state.license});
	}
	if (what === 'clients' && post) {
		const b = json();
		identity.registerClient({
			clientId: String(b['clientId']),
			displayName: String(b['displayName'] ?? b['clientId']),
			secrets: (b['secrets'] as string[] | undefined) ?? [],
			certificates: (b['certificates'] as string[] | undefined) ?? [],
			roles: (b['roles'] as string[] | undefined) ?? ['AuditLog.Read.All', 'Directory.Read.All'],
		});
		return ok({registered: b['clientId']});
	}
	send(res, {status: 404, body: {error: `unknown control ${what}`}});
}

/** A minimal page for a person to approve a code by hand (the demo approves by itself). */
export function deviceLoginPage(
	identity: IdentityPlatform,
	req: IncomingMessage,
	res: ServerResponse,
	body: string,
): void {
	let message = '';
	if (req.method === 'POST') {
		const form = new URLSearchParams(body);
		const n = identity.approve(form.get('code') ?? '', form.get('upn') ?? undefined);
		message = n > 0 ? '<p>Signed in. You can close this window.</p>' : '<p>That code was not found or has expired.</p>';
	}
	res.writeHead(200, {'content-type': 'text/html; charset=utf-8'});
	res.end(
		`<!doctype html><title>Enter code</title><h1>Enter code</h1>${message}<form method="post"><input name="code" placeholder="Code"> <input name="upn" placeholder="user (optional)"> <button>Next</button></form>`,
	);
}
