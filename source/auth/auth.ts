/**
 * Sign-in: device code for people (PublicClientApplication, default client "Microsoft Graph Command Line Tools"),
 * client secret or certificate for automation (ConfidentialClientApplication). Silent token first, from a 0600
 * file cache; the device code only when needed. No React here: the UI gets the code through a callback.
 */
import {createHash, createPrivateKey, X509Certificate} from 'node:crypto';
import {readFile, rm} from 'node:fs/promises';
import {
	ConfidentialClientApplication,
	InteractionRequiredAuthError,
	PublicClientApplication,
	type AccountInfo,
	type Configuration,
	type INetworkModule,
} from '@azure/msal-node';
import type {Network} from '../net/network.js';
import {fileCachePlugin} from './token-cache.js';

export const DEFAULT_CLIENT_ID = '14d82eec-204b-4c2f-b7e8-296a70dab67e';

/**
 * The default public client for a Log Analytics workspace: Azure CLI's. First-party clients get tokens only for the
 * resources Microsoft preauthorized them for (AADSTS65002 otherwise); `az monitor log-analytics query` signs in
 * with this one for https://api.loganalytics.io, while whether Graph Command Line Tools may is unconfirmed.
 */
export const WORKSPACE_CLIENT_ID = '04b07795-8ddb-461a-bbee-02f9e1bf7b46';

/** The scope of a Log Analytics query host (its token audience): `https://api.loganalytics.io/.default`. */
export function logAnalyticsScopes(host: string): string[] {
	return [`${host.replace(/\/$/, '')}/.default`];
}

export interface AuthConfig {
	/** e.g. https://login.microsoftonline.com, or the emulator's origin. */
	readonly loginHost: string;
	/** The Graph resource the scopes belong to, e.g. https://graph.microsoft.com. */
	readonly graphResource: string;
	/** Tenant id or domain; `organizations` when not given. */
	readonly tenant?: string;
	readonly clientId?: string;
	readonly clientSecret?: string;
	/** A PEM file holding the certificate and its private key. */
	readonly certificatePath?: string;
	readonly cacheFile: string;
	readonly network: Network;
	/** Hosts MSAL trusts without instance discovery (the emulator's host:port). */
	readonly knownAuthorities?: readonly string[];
	/** Scopes for another resource than Graph (a Log Analytics workspace: logAnalyticsScopes), people and apps alike. */
	readonly scopes?: readonly string[];
}

export interface DeviceCodeInfo {
	readonly userCode: string;
	readonly verificationUri: string;
	readonly message: string;
	readonly expiresInSeconds: number;
}

/** Nobody is signed in (or the session ended): run `entra-logs login`, or show the login screen. */
export class LoginRequiredError extends Error {
	override readonly name = 'LoginRequiredError';
	/** Asked by the store (SourceError): the TUI then shows the sign-in screen. */
	readonly needsSignIn = true;
}

/** The identity platform refused: the message says why, in its words (AADSTS code included). */
export class AuthFailedError extends Error {
	override readonly name = 'AuthFailedError';
}

export class Auth {
	readonly mode: 'delegated' | 'app';
	private readonly authority: string;
	private pca?: PublicClientApplication;
	private cca?: ConfidentialClientApplication;
	private lastDeviceCodeError?: string;
	private lastDiscoveryError?: string;
	private readonly network: INetworkModule;

	constructor(private readonly config: AuthConfig) {
		this.mode = config.clientSecret || config.certificatePath ? 'app' : 'delegated';
		this.authority = `${config.loginHost.replace(/\/$/, '')}/${config.tenant ?? 'organizations'}`;
		if (this.mode === 'app' && !config.tenant)
			throw new AuthFailedError('app-only sign-in needs a tenant: --tenant or AZURE_TENANT_ID');
		// Wrap the shared network module to keep the identity platform's own words when MSAL drops them.
		const base = config.network.msal;
		this.network = {
			sendGetRequestAsync: async (url, options, timeout) => {
				const res = await base.sendGetRequestAsync<Record<string, unknown>>(url, options, timeout);
				// MSAL reports a failed discovery as "endpoints_resolution_error" only; keep why (AADSTS90002: tenant not found).
				if (url.includes('openid-configuration'))
					this.lastDiscoveryError =
						res.status >= 400
							? String(res.body?.['error_description'] ?? res.body?.['error'] ?? `HTTP ${res.status}`)
							: undefined;
				return res as never;
			},
			sendPostRequestAsync: async (url, options) => {
				const res = await base.sendPostRequestAsync<Record<string, unknown>>(url, options);
				if (url.includes('/devicecode'))
					this.lastDeviceCodeError =
						res.status >= 400
							? String(res.body['error_description'] ?? res.body['error'] ?? `HTTP ${res.status}`)
							: undefined;
				return res as never;
			},
		};
	}

	get scopes(): string[] {
		if (this.config.scopes) return [...this.config.scopes];
		const r = this.config.graphResource.replace(/\/$/, '');
		return this.mode === 'app' ? [`${r}/.default`] : [`${r}/AuditLog.Read.All`, `${r}/Directory.Read.All`];
	}

	private baseConfig(): Configuration {
		return {
			auth: {
				clientId: this.config.clientId ?? DEFAULT_CLIENT_ID,
				authority: this.authority,
				knownAuthorities: this.config.knownAuthorities ? [...this.config.knownAuthorities] : undefined,
			},
			system: {networkClient: this.network},
			cache: {cachePlugin: fileCachePlugin(this.config.cacheFile)},
		};
	}

	private publicApp(): PublicClientApplication {
		this.pca ??= new PublicClientApplication(this.baseConfig());
		return this.pca;
	}

	private async confidentialApp(): Promise<ConfidentialClientApplication> {
		if (this.cca) return this.cca;
		const base = this.baseConfig();
		let credential: Record<string, unknown>;
		if (this.config.certificatePath) {
			let pem: string;
			try {
				pem = await readFile(this.config.certificatePath, 'utf8');
			} catch (error) {
				throw new AuthFailedError(
					`cannot read the certificate ${this.config.certificatePath}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
				);
			}
			const certMatch = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/.exec(pem);
			if (!certMatch)
				throw new AuthFailedError(
					`${this.config.certificatePath} holds no certificate (PEM with the certificate and its private key expected)`,
				);
			let privateKey: string;
			try {
				privateKey = createPrivateKey(pem).export({type: 'pkcs8', format: 'pem'}).toString();
			} catch {
				throw new AuthFailedError(`${this.config.certificatePath} holds no private key`);
			}
			const der = new X509Certificate(certMatch[0]).raw;
			credential = {
				clientCertificate: {
					thumbprintSha256: createHash('sha256').update(der).digest('hex'),
					privateKey,
					x5c: certMatch[0],
				},
			};
		} else {
			credential = {clientSecret: this.config.clientSecret};
		}
		this.cca = new ConfidentialClientApplication({...base, auth: {...base.auth, ...credential}});
		return this.cca;
	}

	async account(): Promise<AccountInfo | undefined> {
		if (this.mode === 'app') return undefined;
		const accounts = await this.publicApp().getTokenCache().getAllAccounts();
		const tenant = this.config.tenant?.toLowerCase();
		return (
			accounts.find(
				a =>
					!tenant ||
					tenant === 'organizations' ||
					a.tenantId.toLowerCase() === tenant ||
					a.username.toLowerCase().endsWith(`@${tenant}`),
			) ?? accounts[0]
		);
	}

	/** A token for Graph without asking anyone; LoginRequiredError when a person must sign in. */
	async getToken(options: {readonly forceRefresh?: boolean} = {}): Promise<string> {
		try {
			if (this.mode === 'app') {
				const result = await (
					await this.confidentialApp()
				).acquireTokenByClientCredential({scopes: this.scopes, skipCache: options.forceRefresh});
				if (!result) throw new AuthFailedError('no token returned');
				return result.accessToken;
			}
			const account = await this.account();
			if (!account) throw new LoginRequiredError('not signed in: run entra-logs login');
			const result = await this.publicApp().acquireTokenSilent({
				account,
				scopes: this.scopes,
				forceRefresh: options.forceRefresh ?? false,
			});
			return result.accessToken;
		} catch (error) {
			// Signed in, but never for this API (a sign-in with --workspace, then a Graph query): say so, rather than that
			// the session has ended.
			if (error instanceof InteractionRequiredAuthError && this.mode !== 'app' && !this.cachedFor()) {
				const api = apiOf(this.scopes[0]);
				throw new LoginRequiredError(
					`this sign-in has no token for ${api}: sign in for it with entra-logs login${api.includes('loganalytics') ? ' --workspace ID' : ''}`,
				);
			}
			throw this.translate(error);
		}
	}

	/** Whether the token cache holds an access token for this API (any scope of its resource), expired or not. */
	private cachedFor(): boolean {
		try {
			const cache = JSON.parse(this.publicApp().getTokenCache().serialize()) as {
				AccessToken?: Record<string, {target?: string}>;
			};
			const api = apiOf(this.scopes[0]).toLowerCase();
			return Object.values(cache.AccessToken ?? {}).some(t => (t.target ?? '').toLowerCase().includes(api));
		} catch {
			return true;
		}
	}

	/** Device-code sign-in. `onCode` shows the code; aborting the signal cancels the polling. */
	async login(onCode: (info: DeviceCodeInfo) => void, signal?: AbortSignal): Promise<AccountInfo> {
		if (this.mode === 'app')
			throw new AuthFailedError('app-only sign-in needs no login: the secret or certificate is used directly');
		const request = {
			scopes: this.scopes,
			cancel: false,
			deviceCodeCallback: (r: {userCode?: string; verificationUri?: string; message?: string; expiresIn?: number}) => {
				if (!r.userCode) {
					request.cancel = true;
					return;
				}
				onCode({
					userCode: r.userCode,
					verificationUri: r.verificationUri ?? '',
					message: r.message ?? '',
					expiresInSeconds: r.expiresIn ?? 900,
				});
			},
		};
		const onAbort = (): void => {
			request.cancel = true;
		};
		signal?.addEventListener('abort', onAbort, {once: true});
		try {
			const result = await this.publicApp().acquireTokenByDeviceCode(request);
			if (!result?.account) throw new AuthFailedError('sign-in returned no account');
			return result.account;
		} catch (error) {
			if (this.lastDeviceCodeError) throw new AuthFailedError(oneLine(this.lastDeviceCodeError));
			if (signal?.aborted) throw new AuthFailedError('sign-in cancelled');
			throw this.translate(error);
		} finally {
			signal?.removeEventListener('abort', onAbort);
		}
	}

	/** Removes cached accounts (and the cache file). Returns how many accounts were removed. */
	async logout(): Promise<number> {
		if (this.mode === 'app') {
			await rm(this.config.cacheFile, {force: true});
			return 0;
		}
		const cache = this.publicApp().getTokenCache();
		const accounts = await cache.getAllAccounts();
		for (const a of accounts) await cache.removeAccount(a);
		await rm(this.config.cacheFile, {force: true});
		return accounts.length;
	}

	private translate(error: unknown): Error {
		if (error instanceof LoginRequiredError || error instanceof AuthFailedError) return error;
		if (error instanceof InteractionRequiredAuthError)
			return new LoginRequiredError('the session has ended: sign in again with entra-logs login');
		const e = error as {errorCode?: string; errorMessage?: string; message?: string};
		if (e.errorCode === 'invalid_grant')
			return new LoginRequiredError('the session has ended: sign in again with entra-logs login');
		if (e.errorCode === 'endpoints_resolution_error') {
			if (this.lastDiscoveryError)
				return new AuthFailedError(
					`${oneLine(this.lastDiscoveryError)} (tenant: ${this.config.tenant ?? 'organizations'}; see --tenant and --cloud)`,
				);
			return new AuthFailedError(
				`cannot reach the sign-in service at ${this.authority} (network, proxy, certificate or tenant problem)`,
			);
		}
		// The server says expired_token; MSAL also stops by itself once the code's expires_in has passed.
		if (
			e.errorCode === 'expired_token' ||
			e.errorCode === 'device_code_expired' ||
			/expired_token/.test(e.errorMessage ?? '')
		)
			return new AuthFailedError('the code expired before anyone entered it: sign in again');
		if (/authorization_declined/.test(e.errorMessage ?? '')) return new AuthFailedError('the sign-in was declined');
		return new AuthFailedError(oneLine(e.errorMessage || e.message || String(error)));
	}
}

function oneLine(text: string): string {
	return text
		.replace(/\s*Trace ID:.*$/s, '')
		.replace(/\s+/g, ' ')
		.trim();
}

/** `https://graph.microsoft.com` of a scope such as `https://graph.microsoft.com/AuditLog.Read.All`. */
function apiOf(scope: string | undefined): string {
	try {
		return new URL(scope ?? '').origin;
	} catch {
		return scope ?? 'this API';
	}
}
