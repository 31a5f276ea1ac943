/** The two directory objects the client reads besides the logs: `/me` and `/organization`, as Graph answers them. */
import type {ApiVersion} from './reports.js';
import type {Tenant} from '../tenant/tenant.js';
import type {HttpReply} from '../identity/basics.js';
import type {TokenClaims} from '../identity/tokens.js';
import type {GraphRequest, Ids, License} from './graph.js';
import {graphError} from './request.js';

/** `/me`: the signed-in user, for a delegated token only. */
export function me(tenant: Tenant, req: GraphRequest, version: ApiVersion, claims: TokenClaims, ids: Ids): HttpReply {
	if (claims.idtyp !== 'user')
		return graphError(400, 'BadRequest', '/me request is only valid with delegated authentication flow.', ids);
	const user = tenant.users.find(u => u.id === claims.oid);
	if (!user)
		return graphError(
			404,
			'Request_ResourceNotFound',
			`Resource '${claims.oid ?? ''}' does not exist or one of its queried reference-property objects are not present.`,
			ids,
		);
	const [givenName, ...rest] = user.displayName.split(' ');
	return {
		status: 200,
		body: {
			'@odata.context': `${req.origin}/${version}/$metadata#users/$entity`,
			businessPhones: [],
			displayName: user.displayName,
			givenName: givenName ?? null,
			jobTitle: user.isAdmin ? 'Security Analyst' : null,
			mail: user.userPrincipalName,
			mobilePhone: null,
			officeLocation: user.home.city,
			preferredLanguage: 'en-US',
			surname: rest.join(' ') || null,
			userPrincipalName: user.userPrincipalName,
			id: user.id,
		},
	};
}

/** `/organization`: the tenant, its domains and the plan its licence gives. */
export function organization(tenant: Tenant, license: License, req: GraphRequest, version: ApiVersion): HttpReply {
	const {tenantId, displayName, domain} = tenant;
	const initial = `${domain.split('.')[0]}.onmicrosoft.com`;
	return {
		status: 200,
		body: {
			'@odata.context': `${req.origin}/${version}/$metadata#organization`,
			value: [
				{
					id: tenantId,
					displayName,
					tenantType: 'AAD',
					countryLetterCode: 'US',
					preferredLanguage: 'en',
					createdDateTime: '2019-03-14T09:12:44Z',
					onPremisesSyncEnabled: true,
					verifiedDomains: [
						{
							capabilities: 'Email, OfficeCommunicationsOnline',
							isDefault: true,
							isInitial: false,
							name: domain,
							type: 'Managed',
						},
						{
							capabilities: 'Email, OfficeCommunicationsOnline',
							isDefault: false,
							isInitial: true,
							name: initial,
							type: 'Managed',
						},
					],
					assignedPlans:
						license === 'free'
							? []
							: [
									{
										assignedDateTime: '2019-03-14T09:20:00Z',
										capabilityStatus: 'Enabled',
										service: 'AADPremiumService',
										servicePlanId:
											license === 'p2'
												? 'eec0eb4f-6444-4f95-aba0-50c24d67f998'
												: '41781fb2-bc02-4b7c-bd55-b576c07bb09d',
									},
								],
				},
			],
		},
	};
}
