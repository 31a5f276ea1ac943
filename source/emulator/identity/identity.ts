/**
 * The identity-platform side: the endpoints @azure/msal-node calls for device code, refresh tokens and client
 * credentials (secret and certificate assertion), with the v2.0 response and error shapes (shared/msal-notes.md §3).
 */
import {randomBytes, randomUUID} from 'node:crypto';
import {TokenSigner, clientInfo, idToken, type TokenClaims} from './tokens.js';
import type {User} from '../tenant/tenant.js';
import {instanceDiscovery, openidConfiguration} from './discovery.js';
import {checkAssertion} from './assertion.js';
import {DeviceCodes} from './device-codes.js';
import {
	GRAPH_RESOURCE,
	DEFAULT_PUBLIC_CLIENT_ID,
	AZURE_CLI_CLIENT_ID,
	resourceOf,
	type ConfidentialClient,
	type IdentityOptions,
	type HttpReply,
	type RefreshEntry,
	DELEGATED_SCOPES,
	oauthError,
	tenantNotFound,
	unknownClient,
} from './basics.js';

/** The longest a device-code poll is held for its code's own approval: within what a slow answer takes. */
const POLL_HOLD_MS = 1000;

export class IdentityPlatform {
	readonly signer = new TokenSigner();
	private readonly deviceCodes = new DeviceCodes();
	private readonly refreshTokens = new Map<string, RefreshEntry>();
	private readonly confidential = new Map<string, ConfidentialClient>();
	private readonly publicClients = new Set<string>();
	/** Access tokens are numbered as issued; those numbered up to this one count as expired ("expire tokens" knob). */
	private serial = 0;
	private expiredThrough = 0;
	accessTokenLifetime: number;
	pollInterval: number;
	/** The permission knob for Log Analytics: whether its tokens carry Data.Read (delegated scp, app roles). */
	logAnalyticsDataRead: boolean;

	constructor(
		private readonly options: IdentityOptions,
		private readonly origin: () => string,
	) {
		this.accessTokenLifetime = options.accessTokenLifetime ?? 3599;
		this.pollInterval = options.pollInterval ?? 5;
		this.logAnalyticsDataRead = options.logAnalyticsDataRead ?? true;
		for (const id of options.publicClients ?? [DEFAULT_PUBLIC_CLIENT_ID, AZURE_CLI_CLIENT_ID])
			this.publicClients.add(id.toLowerCase());
		for (const c of options.confidentialClients ?? []) this.registerClient(c);
	}

	/** Every access token issued so far expires now (as if its lifetime had run out). */
	expireIssuedTokens(): void {
		this.expiredThrough = this.serial;
	}

	/** Whether a token's lifetime is over: its exp has passed, or it was issued before `expireIssuedTokens`. */
	isExpired(claims: TokenClaims): boolean {
		return claims.exp <= Date.now() / 1000 || Number(claims['seq'] ?? 0) <= this.expiredThrough;
	}

	private nextSerial(): number {
		return ++this.serial;
	}

	registerClient(client: ConfidentialClient): void {
		this.confidential.set(client.clientId.toLowerCase(), client);
	}

	registerPublicClient(clientId: string): void {
		this.publicClients.add(clientId.toLowerCase());
	}

	/** Resolves a tenant path segment (`common`, `organizations`, the GUID, the domain) to the tenant id. */
	resolveTenant(segment: string): string | undefined {
		const s = segment.toLowerCase();
		const {tenantId, domain} = this.options;
		if (s === tenantId.toLowerCase() || s === domain.toLowerCase() || s === 'common' || s === 'organizations')
			return tenantId;
		if (s === `${domain.split('.')[0]}.onmicrosoft.com`) return tenantId;
		return undefined;
	}

	openidConfiguration(segment: string): HttpReply {
		const tid = this.resolveTenant(segment);
		if (!tid) return tenantNotFound(segment);
		const t = segment.toLowerCase() === 'common' || segment.toLowerCase() === 'organizations' ? '{tenantid}' : tid;
		const base = this.origin();
		return {
			status: 200,
			body: openidConfiguration(base, t),
		};
	}

	instanceDiscovery(): HttpReply {
		return {status: 200, body: instanceDiscovery(this.origin())};
	}

	deviceCode(segment: string, form: URLSearchParams): HttpReply {
		const tid = this.resolveTenant(segment);
		if (!tid) return tenantNotFound(segment);
		const clientId = form.get('client_id') ?? '';
		if (!this.publicClients.has(clientId.toLowerCase())) return unknownClient(clientId, this.options.domain);
		const scopes = (form.get('scope') ?? '').split(/\s+/).filter(Boolean);
		const entry = this.deviceCodes.issue(clientId, scopes, this.options.deviceCodeExpiresIn ?? 900);
		const userCode = entry.userCode;
		// 0: approved before the client's first poll can come; more: that long after, as a person on another device, and
		// a poll shortly before is answered then (pollDue). Either way the client has its token on a poll it makes at
		// once, whatever the interval it is told (the identity platform's 5 s by default).
		const ms = this.options.autoApproveMs;
		if (ms === 0) this.approve(userCode);
		else if (ms !== undefined) {
			let settle = (): void => undefined;
			const done = new Promise<void>(resolve => (settle = resolve));
			entry.approval = {at: Date.now() + ms, done, settle};
			setTimeout(() => this.approve(userCode), ms).unref();
		}
		const verificationUri = `${this.origin()}/devicelogin`;
		return {
			status: 200,
			body: {
				user_code: userCode,
				device_code: entry.deviceCode,
				verification_uri: verificationUri,
				expires_in: this.options.deviceCodeExpiresIn ?? 900,
				interval: this.pollInterval,
				message: `To sign in, use a web browser to open the page ${verificationUri} and enter the code ${userCode} to authenticate.`,
			},
		};
	}

	/**
	 * A device-code poll that comes at most a second before its code's own approval (autoApproveMs) waits for it (or for
	 * an earlier approval), and is then answered with the token, as a slow answer of the real service would be, rather
	 * than told to wait its interval; undefined when the poll is to be answered now.
	 */
	pollDue(form: URLSearchParams): Promise<void> | undefined {
		const grant = form.get('grant_type');
		if (grant !== 'device_code' && grant !== 'urn:ietf:params:oauth:grant-type:device_code') return undefined;
		const entry = this.deviceCodes.get(form.get('device_code') ?? '');
		if (entry?.state !== 'pending' || !entry.approval) return undefined;
		const wait = entry.approval.at - Date.now();
		if (wait > POLL_HOLD_MS) return undefined;
		// No later than its time, approved or not (no user to approve as): the poll is then answered as it stands.
		return Promise.race([
			entry.approval.done,
			new Promise<void>(resolve => setTimeout(resolve, Math.max(0, wait) + 50)),
		]);
	}

	/** Approves pending device codes (one by user code, or all), signing in as a user. Returns how many. */
	approve(userCode?: string, upn?: string): number {
		const user = this.findUser(upn ?? this.options.signInAs);
		return user ? this.deviceCodes.approve(user, userCode) : 0;
	}

	decline(userCode?: string): number {
		return this.deviceCodes.decline(userCode);
	}

	pendingUserCodes(): string[] {
		return this.deviceCodes.pendingUserCodes();
	}

	revokeRefreshTokens(): void {
		this.refreshTokens.clear();
	}

	token(segment: string, form: URLSearchParams, authorization?: string): HttpReply {
		const tid = this.resolveTenant(segment);
		if (!tid) return tenantNotFound(segment);
		const grant = form.get('grant_type') ?? '';
		switch (grant) {
			case 'device_code':
			case 'urn:ietf:params:oauth:grant-type:device_code':
				return this.redeemDeviceCode(form);
			case 'refresh_token':
				return this.redeemRefreshToken(form);
			case 'client_credentials':
				return this.clientCredentials(segment, form, authorization);
			default:
				return oauthError(
					400,
					'unsupported_grant_type',
					70003,
					`The app requested an unsupported grant type '${grant}'.`,
				);
		}
	}

	private redeemDeviceCode(form: URLSearchParams): HttpReply {
		const redeemed = this.deviceCodes.redeem(form.get('device_code') ?? '');
		return 'status' in redeemed ? redeemed : this.userTokens(redeemed.user!, redeemed.clientId, redeemed.scopes);
	}

	private redeemRefreshToken(form: URLSearchParams): HttpReply {
		const rt = form.get('refresh_token') ?? '';
		const entry = this.refreshTokens.get(rt);
		if (!entry) {
			return {
				...oauthError(400, 'invalid_grant', 700082, 'The refresh token has expired due to inactivity.'),
				body: {
					...(oauthError(400, 'invalid_grant', 700082, 'The refresh token has expired due to inactivity.')
						.body as object),
					suberror: 'bad_token',
				},
			};
		}
		const scopes = (form.get('scope') ?? '').split(/\s+/).filter(Boolean);
		return this.userTokens(entry.user, entry.clientId, scopes.length > 0 ? scopes : entry.scopes);
	}

	private clientCredentials(segment: string, form: URLSearchParams, authorization?: string): HttpReply {
		let clientId = form.get('client_id') ?? '';
		let secret = form.get('client_secret');
		if (authorization?.startsWith('Basic ')) {
			const [id, pw] = Buffer.from(authorization.slice(6), 'base64').toString('utf8').split(':');
			clientId = decodeURIComponent(id ?? '');
			secret = decodeURIComponent(pw ?? '');
		}
		const client = this.confidential.get(clientId.toLowerCase());
		if (!client) return unknownClient(clientId, this.options.domain);
		const assertion = form.get('client_assertion');
		if (assertion) {
			const problem = checkAssertion(client, assertion, `${this.origin()}/${segment}/oauth2/v2.0/token`);
			if (problem) return oauthError(401, 'invalid_client', problem.code, problem.message);
		} else if (secret === null) {
			return oauthError(
				401,
				'invalid_client',
				7000218,
				"The request body must contain the following parameter: 'client_assertion' or 'client_secret'.",
			);
		} else if (!client.secrets.includes(secret)) {
			return oauthError(
				401,
				'invalid_client',
				7000215,
				"Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '" +
					client.clientId +
					"'.",
			);
		}
		const scope = form.get('scope') ?? '';
		if (!/\/\.default$/.test(scope.trim())) {
			return oauthError(
				400,
				'invalid_scope',
				1002012,
				`The provided value for scope ${scope} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`,
			);
		}
		const now = Math.floor(Date.now() / 1000);
		const aud = resourceOf([scope.trim()]);
		const claims: TokenClaims = {
			aud,
			iss: `https://sts.windows.net/${this.options.tenantId}/`,
			iat: now,
			nbf: now,
			exp: now + this.accessTokenLifetime,
			tid: this.options.tenantId,
			appid: client.clientId,
			app_displayname: client.displayName,
			roles: aud === GRAPH_RESOURCE ? client.roles : this.logAnalyticsDataRead ? ['Data.Read'] : [],
			idtyp: 'app',
			oid: randomUUID(),
			seq: this.nextSerial(),
		};
		return {
			status: 200,
			body: {
				token_type: 'Bearer',
				expires_in: this.accessTokenLifetime,
				ext_expires_in: this.accessTokenLifetime,
				access_token: this.signer.sign(claims),
			},
		};
	}

	private userTokens(user: User, clientId: string, requested: readonly string[]): HttpReply {
		const {tenantId} = this.options;
		const now = Math.floor(Date.now() / 1000);
		// A Log Analytics scope (its /.default) gets a token for that host with Data.Read, unless the knob withholds it.
		const aud = resourceOf(requested);
		const scp =
			aud !== GRAPH_RESOURCE
				? this.logAnalyticsDataRead
					? ['Data.Read']
					: []
				: requested
						.map(s => s.replace(/^https:\/\/graph\.microsoft\.com\//i, ''))
						.filter(s => DELEGATED_SCOPES.some(d => d.toLowerCase() === s.toLowerCase()));
		const claims: TokenClaims = {
			aud,
			iss: `https://sts.windows.net/${tenantId}/`,
			iat: now,
			nbf: now,
			exp: now + this.accessTokenLifetime,
			tid: tenantId,
			appid: clientId,
			oid: user.id,
			upn: user.userPrincipalName,
			name: user.displayName,
			scp: scp.join(' '),
			idtyp: 'user',
			wids: user.isAdmin ? ['4a5d8f65-41da-4de4-8968-e035b65339cf'] : [],
			seq: this.nextSerial(),
		};
		const refreshToken = randomBytes(48).toString('base64url');
		this.refreshTokens.set(refreshToken, {user, clientId, scopes: requested});
		const id = idToken({
			aud: clientId,
			iss: `${this.origin()}/${tenantId}/v2.0`,
			iat: now,
			nbf: now,
			exp: now + 3600,
			name: user.displayName,
			oid: user.id,
			preferred_username: user.userPrincipalName,
			sub: user.id,
			tid: tenantId,
			ver: '2.0',
		});
		return {
			status: 200,
			body: {
				token_type: 'Bearer',
				scope: [...scp.map(s => `${aud}/${s}`), 'openid', 'profile', 'offline_access'].join(' '),
				expires_in: this.accessTokenLifetime,
				ext_expires_in: this.accessTokenLifetime,
				access_token: this.signer.sign(claims),
				refresh_token: refreshToken,
				id_token: id,
				client_info: clientInfo(user.id, tenantId),
			},
		};
	}

	findUser(upn?: string): User | undefined {
		if (!upn) return this.options.users[0];
		const u = upn.toLowerCase();
		return this.options.users.find(x => x.userPrincipalName === u || x.userPrincipalName.split('@')[0] === u);
	}
}
