/**
 * What the identity platform's parts share: its options and clients, the well-known ids, a reply, and an OAuth
 * error body as the service sends it.
 */
import {randomUUID} from 'node:crypto';
import type {User} from '../tenant/tenant.js';

export const GRAPH_RESOURCE = 'https://graph.microsoft.com';
export const GRAPH_APP_ID = '00000003-0000-0000-c000-000000000000';
/** Microsoft Graph Command Line Tools: the first-party public client entra-logs uses by default. */
export const DEFAULT_PUBLIC_CLIENT_ID = '14d82eec-204b-4c2f-b7e8-296a70dab67e';
/** Azure CLI: the first-party public client entra-logs uses by default for a Log Analytics workspace. */
export const AZURE_CLI_CLIENT_ID = '04b07795-8ddb-461a-bbee-02f9e1bf7b46';
/** The Log Analytics query API's token audiences: public (old and new host names), US Gov, China. */
export const LOG_ANALYTICS_RESOURCES = [
	'https://api.loganalytics.io',
	'https://api.loganalytics.azure.com',
	'https://api.loganalytics.us',
	'https://api.loganalytics.azure.cn',
];

/** The resource a token request's scopes name: a Log Analytics host, or Graph (the default). */
export function resourceOf(scopes: readonly string[]): string {
	for (const s of scopes) {
		const host = LOG_ANALYTICS_RESOURCES.find(r => s.toLowerCase().startsWith(`${r}/`));
		if (host) return host;
	}
	return GRAPH_RESOURCE;
}

export interface ConfidentialClient {
	readonly clientId: string;
	readonly displayName: string;
	readonly secrets: readonly string[];
	/** PEM certificates whose private keys may sign client assertions. */
	readonly certificates: readonly string[];
	/** Application permissions granted (admin consented). */
	readonly roles: readonly string[];
}

export interface IdentityOptions {
	readonly tenantId: string;
	readonly domain: string;
	readonly users: readonly User[];
	/** Seconds a device code lives. Default 900. */
	readonly deviceCodeExpiresIn?: number;
	/** Seconds between polls that MSAL is told to keep. Default 5; tests use 0. */
	readonly pollInterval?: number;
	/** Approve a device code automatically after this many ms; 0: as it is issued, before any poll (the demo). Default: never. */
	readonly autoApproveMs?: number;
	/** Who approves device codes by default: a UPN. Default: the first user (alice). */
	readonly signInAs?: string;
	/** Access token lifetime in seconds. Default 3599. */
	readonly accessTokenLifetime?: number;
	/** Default: Graph Command Line Tools and Azure CLI. */
	readonly publicClients?: readonly string[];
	/** Whether Log Analytics tokens carry Data.Read (default true): false withholds it, as an app never granted it. */
	readonly logAnalyticsDataRead?: boolean;
	readonly confidentialClients?: readonly ConfidentialClient[];
}

export interface HttpReply {
	readonly status: number;
	readonly headers?: Readonly<Record<string, string>>;
	readonly body: unknown;
}

export interface RefreshEntry {
	readonly user: User;
	readonly clientId: string;
	readonly scopes: readonly string[];
}

export const DELEGATED_SCOPES = [
	'AuditLog.Read.All',
	'Directory.Read.All',
	'Policy.Read.All',
	'Policy.Read.ConditionalAccess',
	'User.Read',
	'Organization.Read.All',
];

/** The token endpoint's error body (error, error_description with the AADSTS code, error_codes, ids, timestamp). */
export function oauthError(status: number, error: string, code: number, text: string): HttpReply {
	const traceId = randomUUID();
	const correlationId = randomUUID();
	const timestamp = new Date()
		.toISOString()
		.replace('T', ' ')
		.replace(/\.\d+Z$/, 'Z');
	return {
		status,
		body: {
			error,
			error_description: `AADSTS${code}: ${text} Trace ID: ${traceId} Correlation ID: ${correlationId} Timestamp: ${timestamp}`,
			error_codes: [code],
			timestamp,
			trace_id: traceId,
			correlation_id: correlationId,
			error_uri: `https://login.microsoftonline.com/error?code=${code}`,
		},
	};
}

/** The identity platform's answer for a tenant it does not know (AADSTS90002). */
export function tenantNotFound(segment: string): HttpReply {
	return oauthError(
		400,
		'invalid_tenant',
		90002,
		`Tenant '${segment}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.`,
	);
}

/** The identity platform's answer for a client id the tenant does not have (AADSTS700016). */
export function unknownClient(clientId: string, domain: string): HttpReply {
	return oauthError(
		400,
		'unauthorized_client',
		700016,
		`Application with identifier '${clientId}' was not found in the directory '${domain}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant.`,
	);
}
