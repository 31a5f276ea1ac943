/** The identity platform's discovery documents, as MSAL reads them: OpenID configuration and instance discovery. */

/** `/{tenant}/v2.0/.well-known/openid-configuration`: `t` is the tenant id, or `{tenantid}` for common/organizations. */
export function openidConfiguration(base: string, t: string): Record<string, unknown> {
	return {
		token_endpoint: `${base}/${t}/oauth2/v2.0/token`,
		token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
		jwks_uri: `${base}/${t}/discovery/v2.0/keys`,
		response_modes_supported: ['query', 'fragment', 'form_post'],
		subject_types_supported: ['pairwise'],
		id_token_signing_alg_values_supported: ['RS256'],
		response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
		scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
		issuer: `${base}/${t}/v2.0`,
		request_uri_parameter_supported: false,
		userinfo_endpoint: `${base}/oidc/userinfo`,
		authorization_endpoint: `${base}/${t}/oauth2/v2.0/authorize`,
		device_authorization_endpoint: `${base}/${t}/oauth2/v2.0/devicecode`,
		http_logout_supported: true,
		frontchannel_logout_supported: true,
		end_session_endpoint: `${base}/${t}/oauth2/v2.0/logout`,
		claims_supported: [
			'sub',
			'iss',
			'aud',
			'exp',
			'iat',
			'auth_time',
			'acr',
			'nonce',
			'preferred_username',
			'name',
			'tid',
			'ver',
			'at_hash',
			'c_hash',
			'email',
		],
		kerberos_endpoint: `${base}/${t}/kerberos`,
		tenant_region_scope: 'EU',
		cloud_instance_name: 'microsoftonline.com',
		cloud_graph_host_name: 'graph.windows.net',
		msgraph_host: 'graph.microsoft.com',
		rbac_url: 'https://pas.windows.net',
	};
}

/** `/common/discovery/instance`: this host is its own only alias. */
export function instanceDiscovery(origin: string): Record<string, unknown> {
	const host = new URL(origin).host;
	return {
		tenant_discovery_endpoint: `${origin}/common/v2.0/.well-known/openid-configuration`,
		'api-version': '1.1',
		metadata: [{preferred_network: host, preferred_cache: host, aliases: [host]}],
	};
}
