/**
 * One generated sign-in record, every property Graph beta has, from its spec (sign-ins.ts decides the specs:
 * who, when, which kind, how it ended).
 */
import {FAILURE_REASONS, FAR_CITIES, GUEST_HOME, LEGACY_CLIENTS, RESOURCES, type AppInfo} from './catalog.js';
import type {GraphRecord, ServicePrincipal, User} from './tenant.js';
import type {Ctx} from './context.js';
import {graphTime} from '../instant.js';
import {NO_RISK, riskOf, conditionalAccess, authDetails, type Risk} from './sign-in-details.js';
import type {EventType, Place} from './sign-ins.js';

export interface SignInSpec {
	readonly type: EventType;
	readonly time: number;
	readonly correlationId: string;
	readonly errorCode: number;
	readonly user?: User;
	readonly app?: AppInfo;
	readonly sp?: ServicePrincipal;
	readonly place?: Place;
	readonly resourceId: string;
	readonly clientAppUsed?: string;
	readonly mfa?: 'satisfied' | 'claimInToken' | 'required' | 'none' | 'denied';
	readonly blockedBy?: string;
	/** Identity Protection's verdict, when the spec decides it (planted incidents); else from the place. */
	readonly risk?: Risk;
	/** The user is excluded from "block legacy authentication" (a legacy sign-in that succeeds). */
	readonly caExempt?: boolean;
	/** `authenticationProtocol` and `originalTransferMethod` (the device code flow), when not the default. */
	readonly protocol?: string;
	readonly transfer?: string;
}

export function signIn(ctx: Ctx, spec: SignInSpec): GraphRecord {
	const {rng, tenantId} = ctx;
	const {user, sp, app, place} = spec;
	const isUser = spec.type === 'interactiveUser' || spec.type === 'nonInteractiveUser';
	const success = spec.errorCode === 0;
	const caRequired = isUser;
	const policies = caRequired ? conditionalAccess(ctx, spec) : [];
	const caStatus = !caRequired
		? 'notApplied'
		: policies.some(p => p['result'] === 'failure')
			? 'failure'
			: policies.some(p => p['result'] === 'success')
				? 'success'
				: 'notApplied';
	const resourceDisplayName = RESOURCES[spec.resourceId] ?? 'Microsoft Graph';
	const device = user?.device;
	const clientAppUsed = spec.clientAppUsed ?? (isUser ? app!.clientAppUsed : '');
	const legacy = (LEGACY_CLIENTS as readonly string[]).includes(clientAppUsed);
	const userAgent = !isUser ? '' : legacy ? 'BAV2ROPC' : device!.userAgent;
	const id = rng.guid();
	const mfaDone = spec.mfa === 'satisfied' || spec.mfa === 'claimInToken';
	// The 100 ns digits below the ms come from the record's (random) id: a burst's records are whole ms apart.
	const time = graphTime(Math.floor(spec.time) + (Number.parseInt(id.slice(-4), 16) % 10_000) / 10_000);
	const risk =
		spec.risk ??
		(isUser && place && FAR_CITIES.includes(place.city) ? riskOf(id, success && spec.mfa === 'satisfied') : NO_RISK);
	const guest = user?.userType === 'guest';
	return {
		id,
		createdDateTime: time,
		userDisplayName: isUser ? user!.displayName : null,
		userPrincipalName: isUser
			? spec.errorCode === 50034
				? `${user!.userPrincipalName.split('@')[0]}x@${ctx.domain}`
				: user!.userPrincipalName
			: null,
		userId: isUser
			? spec.errorCode === 50034
				? '00000000-0000-0000-0000-000000000000'
				: user!.id
			: '00000000-0000-0000-0000-000000000000',
		appId: isUser ? app!.appId : sp!.appId,
		appDisplayName: isUser ? app!.displayName : sp!.displayName,
		ipAddress: place?.ip ?? '',
		ipAddressFromResourceProvider: null,
		clientAppUsed,
		userAgent,
		correlationId: spec.correlationId,
		conditionalAccessStatus: caStatus,
		originalRequestId: id,
		isInteractive: spec.type === 'interactiveUser',
		tokenIssuerName: '',
		tokenIssuerType: 'AzureAD',
		clientCredentialType:
			spec.type === 'servicePrincipal'
				? rng.chance(0.6)
					? 'clientSecret'
					: 'certificate'
				: spec.type === 'managedIdentity'
					? 'managedIdentity'
					: 'none',
		processingTimeInMilliseconds: rng.int(20, success ? 400 : 1500),
		riskDetail: risk.detail,
		riskEventTypes: [...risk.events],
		riskEventTypes_v2: [...risk.events],
		riskLevelAggregated: risk.level,
		riskLevelDuringSignIn: risk.level,
		riskState: risk.state,
		resourceDisplayName,
		resourceId: spec.resourceId,
		resourceTenantId: tenantId,
		resourceOwnerTenantId:
			spec.resourceId.startsWith('0000000') || spec.resourceId.length === 36
				? 'f8cdef31-a31e-4b4a-93e4-5f571e91255a'
				: tenantId,
		resourceServicePrincipalId: rng.guid(),
		homeTenantId: isUser ? (guest ? GUEST_HOME.tenantId : tenantId) : null,
		homeTenantName: isUser ? (guest ? GUEST_HOME.displayName : ctx.displayName) : null,
		appOwnerTenantId: isUser ? 'f8cdef31-a31e-4b4a-93e4-5f571e91255a' : tenantId,
		servicePrincipalId: isUser ? '' : sp!.id,
		servicePrincipalName: isUser ? null : sp!.displayName,
		servicePrincipalCredentialKeyId: spec.type === 'servicePrincipal' ? sp!.credentialKeyId : null,
		servicePrincipalCredentialThumbprint: spec.type === 'servicePrincipal' ? sp!.thumbprint : null,
		federatedCredentialId: null,
		azureResourceId: spec.type === 'managedIdentity' ? sp!.resourceId : null,
		userType: isUser ? user!.userType : null,
		flaggedForReview: false,
		isTenantRestricted: false,
		isThroughGlobalSecureAccess: false,
		globalSecureAccessIpAddress: null,
		autonomousSystemNumber: place?.city.asn ?? null,
		crossTenantAccessType: guest ? 'b2bCollaboration' : 'none',
		authenticationProtocol: spec.protocol ?? (spec.type === 'interactiveUser' ? (legacy ? 'ropc' : 'none') : 'none'),
		incomingTokenType:
			spec.type === 'nonInteractiveUser' ? (rng.chance(0.6) ? 'refreshToken' : 'primaryRefreshToken') : 'none',
		originalTransferMethod: spec.transfer ?? 'none',
		authenticationRequirement:
			mfaDone || spec.mfa === 'required' || spec.mfa === 'denied'
				? 'multiFactorAuthentication'
				: 'singleFactorAuthentication',
		signInIdentifier: isUser ? user!.userPrincipalName : null,
		signInIdentifierType: isUser ? 'userPrincipalName' : null,
		signInEventTypes: [spec.type],
		uniqueTokenIdentifier: Buffer.from(rng.hex(24), 'hex').toString('base64url'),
		sessionId: isUser ? rng.guid() : null,
		clientSessionId: null,
		status: {
			errorCode: spec.errorCode,
			failureReason: success ? null : (FAILURE_REASONS[spec.errorCode] ?? 'Other.'),
			additionalDetails:
				spec.errorCode === 50074 || spec.errorCode === 50076
					? 'MFA required in Azure AD'
					: spec.errorCode === 53003
						? 'Conditional Access blocked the sign-in.'
						: mfaDone
							? spec.mfa === 'claimInToken'
								? 'MFA requirement satisfied by claim in the token'
								: 'MFA completed in Azure AD'
							: null,
		},
		deviceDetail: {
			deviceId: device?.deviceId ?? '',
			displayName: device?.displayName ?? '',
			operatingSystem: device?.operatingSystem ?? '',
			browser: legacy ? '' : (device?.browser ?? ''),
			browserId: null,
			isCompliant: device?.isCompliant ?? false,
			isManaged: device?.isManaged ?? false,
			trustType: device?.trustType ?? '',
		},
		location:
			place && place.ip
				? {
						city: place.city.city,
						state: place.city.state,
						countryOrRegion: place.city.countryOrRegion,
						geoCoordinates: {
							altitude: null,
							latitude: Math.round((place.city.latitude + rng.normal() * 0.03) * 1e5) / 1e5,
							longitude: Math.round((place.city.longitude + rng.normal() * 0.03) * 1e5) / 1e5,
						},
					}
				: {city: '', state: '', countryOrRegion: '', geoCoordinates: {altitude: null, latitude: null, longitude: null}},
		appliedConditionalAccessPolicies: policies,
		authenticationDetails: isUser ? authDetails(ctx, spec) : [],
		authenticationMethodsUsed:
			isUser && spec.mfa === 'satisfied' ? ['Password', 'Microsoft Authenticator App'] : isUser ? ['Password'] : [],
		authenticationProcessingDetails: isUser
			? [
					{key: 'Legacy TLS (TLS 1.0, 1.1, 3DES)', value: 'False'},
					{key: 'Is CAE Token', value: rng.chance(0.5) ? 'True' : 'False'},
				]
			: [],
		authenticationRequirementPolicies:
			spec.mfa === 'satisfied' || spec.mfa === 'required'
				? [{requirementProvider: 'multiConditionalAccess', detail: 'Conditional Access'}]
				: [],
		authenticationAppDeviceDetails: null,
		authenticationAppPolicyEvaluationDetails: [],
		authenticationContextClassReferences: [],
		conditionalAccessAudiences: isUser ? [spec.resourceId] : [],
		managedServiceIdentity: {
			msiType: spec.type === 'managedIdentity' ? sp!.msiType : 'none',
			associatedResourceId: spec.type === 'managedIdentity' ? sp!.resourceId : null,
			federatedTokenId: null,
			federatedTokenIssuer: null,
		},
		mfaDetail: mfaDone && spec.mfa === 'satisfied' ? {authMethod: 'Mobile app notification', authDetail: null} : null,
		networkLocationDetails:
			place && place.city === user?.home
				? [{networkType: 'namedNetwork', networkNames: [`${place.city.city} office`]}]
				: [],
		privateLinkDetails: {policyId: null, policyName: null, policyTenantId: null, resourceId: null},
		sessionLifetimePolicies: [],
		tokenProtectionStatusDetails: {signInSessionStatus: 'unbound', signInSessionStatusCode: 1002},
		appTokenProtectionStatus: null,
		signInTokenProtectionStatus: 'unbound',
		appliedEventListeners: [],
		agent: null,
	};
}
