/** Sign-ins of the four event types: interactive (with MFA steps and CA), non-interactive bursts, apps and identities. */
import {CA_POLICIES, FAILURE_REASONS, FAR_CITIES, GUEST_HOME, HOME_CITIES, LEGACY_CLIENTS, RESOURCES, USER_APPS, type AppInfo, type City} from './catalog.js';
import type {GraphRecord, ServicePrincipal, User} from './tenant.js';
import {iso, pickTime, type Ctx} from './tenant-context.js';
import {graphTime} from './instant.js';

type EventType = 'interactiveUser' | 'nonInteractiveUser' | 'servicePrincipal' | 'managedIdentity';

interface Place {
	readonly city: City;
	readonly ip: string;
}

function placeFor(ctx: Ctx, user: User): Place {
	const {rng} = ctx;
	const r = rng.next();
	if (r < 0.93) return {city: user.home, ip: rng.pick(user.ips)};
	if (r < 0.985) {
		const city = rng.pick(HOME_CITIES);
		return {city, ip: `${city.ipPrefix}.${rng.int(0, 255)}.${rng.int(1, 254)}`};
	}
	const city = rng.pick(FAR_CITIES);
	return {city, ip: `${city.ipPrefix}.${rng.int(0, 255)}.${rng.int(1, 254)}`};
}

/** Sign-ins, yielding every 1,000 records or so (see tenantInSteps). */
export function* makeSignIns(ctx: Ctx, target: number): Generator<void, GraphRecord[]> {
	const {rng} = ctx;
	const out: GraphRecord[] = [];
	const shares: ReadonlyArray<readonly [EventType, number]> = [
		// Weights per session, chosen so that records end up about 22% interactive, 58% non-interactive (bursts of
		// ~5.5 records), 14% service principal and 6% managed identity, as tenants commonly see.
		['interactiveUser', 17], ['nonInteractiveUser', 10.5], ['servicePrincipal', 14], ['managedIdentity', 6],
	];
	// A password spray or two: many failures against many users from one far address.
	const sprays = Math.max(1, Math.round(target / 25_000));
	for (let s = 0; s < sprays && out.length < target; s++) spray(ctx, out, Math.min(target - out.length, rng.int(60, 140)));
	let yielded = 0;
	while (out.length < target) {
		if (out.length - yielded >= 1000) {
			yielded = out.length;
			yield;
		}
		const type = rng.weighted(shares);
		if (type === 'interactiveUser') interactive(ctx, out);
		else if (type === 'nonInteractiveUser') nonInteractiveBurst(ctx, out, target - out.length);
		else servicePrincipalSignIn(ctx, out, type);
	}
	out.length = Math.min(out.length, target);
	return out;
}

interface SignInSpec {
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
}

const INTERACTIVE_CODES: ReadonlyArray<readonly [number, number]> = [
	[0, 800], [50126, 45], [50074, 30], [50076, 30], [53003, 18], [50053, 8], [50140, 25], [50055, 6], [50057, 4],
	[50058, 12], [50097, 4], [50105, 4], [16000, 3], [500121, 6], [53000, 5],
];

function interactive(ctx: Ctx, out: GraphRecord[]): void {
	const {rng} = ctx;
	const user = rng.pick(ctx.users);
	const app = rng.weighted(user.interactiveAppWeights);
	const place = placeFor(ctx, user);
	const time = pickTime(ctx, user);
	const correlationId = rng.guid();
	const far = FAR_CITIES.includes(place.city);
	let code = rng.weighted(INTERACTIVE_CODES.map(([c, w]) => [c, c === 50126 || c === 53003 ? w * user.riskiness : w] as const));
	if (far && rng.chance(0.5)) code = 53003;
	const legacy = rng.chance(0.01);
	const base = {type: 'interactiveUser' as const, user, app, place, resourceId: rng.pick(app.resources), correlationId};
	if (legacy) {
		out.push(signIn(ctx, {...base, time, errorCode: 53003, clientAppUsed: rng.pick(LEGACY_CLIENTS), blockedBy: 'CA003: Block legacy authentication'}));
		return;
	}
	if (code === 50074 || code === 50076) {
		// MFA interrupt, then (usually) the same sign-in completes with MFA a few seconds later: one correlation id.
		out.push(signIn(ctx, {...base, time, errorCode: code, mfa: 'required'}));
		const next = rng.weighted([[0, 85], [500121, 10], [50074, 5]] as const);
		if (rng.chance(0.9)) out.push(signIn(ctx, {...base, time: time + rng.int(8, 90) * 1000, errorCode: next, mfa: next === 0 ? 'satisfied' : 'denied'}));
		return;
	}
	if (code === 50140) {
		out.push(signIn(ctx, {...base, time, errorCode: 50140}));
		out.push(signIn(ctx, {...base, time: time + rng.int(2, 20) * 1000, errorCode: 0, mfa: rng.chance(0.5) ? 'claimInToken' : 'none'}));
		return;
	}
	const blockedBy = code === 53003 ? (far ? 'CA005: Block sign-ins from unapproved countries' : 'CA004: Require compliant device for Azure management') : undefined;
	out.push(signIn(ctx, {...base, time, errorCode: code, mfa: code === 0 ? rng.weighted([['satisfied', 25], ['claimInToken', 35], ['none', 40]] as const) : 'none', blockedBy}));
}

function spray(ctx: Ctx, out: GraphRecord[], count: number): void {
	const {rng} = ctx;
	const city = rng.pick(FAR_CITIES);
	const ip = `${city.ipPrefix}.${rng.int(0, 255)}.${rng.int(1, 254)}`;
	const app = USER_APPS.find(a => a.displayName === 'Office 365 Exchange Online')!;
	let t = pickTime(ctx);
	for (let i = 0; i < count; i++) {
		const user = rng.pick(ctx.users);
		t += rng.int(1, 20) * 1000;
		const code = rng.weighted([[50126, 80], [50053, 12], [50034, 5], [50057, 3]] as const);
		out.push(signIn(ctx, {
			type: 'interactiveUser', user, app, place: {city, ip}, time: t, correlationId: rng.guid(), errorCode: code,
			resourceId: app.resources[0]!, clientAppUsed: rng.chance(0.6) ? 'Authenticated SMTP' : 'Other clients',
		}));
	}
}

function nonInteractiveBurst(ctx: Ctx, out: GraphRecord[], room: number): void {
	const {rng} = ctx;
	const user = rng.pick(ctx.users);
	const app = rng.weighted(user.appWeights);
	const place = rng.chance(0.97) ? {city: user.home, ip: rng.pick(user.ips)} : placeFor(ctx, user);
	let time = pickTime(ctx, user);
	const correlationId = rng.guid();
	const n = Math.min(room, rng.int(2, 9));
	for (let i = 0; i < n; i++) {
		const code = rng.weighted([[0, 960], [50173, 8], [50133, 8], [70043, 6], [50058, 6], [7000218, 4], [53003, 3], [50076, 5]] as const);
		out.push(signIn(ctx, {
			type: 'nonInteractiveUser', user, app, place, time, correlationId, errorCode: code,
			resourceId: app.resources[i % app.resources.length]!, mfa: code === 0 ? 'claimInToken' : 'none',
		}));
		time += rng.int(50, 4000);
	}
}

function servicePrincipalSignIn(ctx: Ctx, out: GraphRecord[], type: 'servicePrincipal' | 'managedIdentity'): void {
	const {rng} = ctx;
	const sp = rng.pick(type === 'servicePrincipal' ? ctx.apps : ctx.identities);
	const resources = Object.keys(RESOURCES);
	const codes: ReadonlyArray<readonly [number, number]> = type === 'servicePrincipal'
		? [[0, 930], [7000215, 25], [7000222, 15], [700016, 15], [53003, 5]]
		: [[0, 995], [500011, 5]];
	const city = HOME_CITIES[0]!;
	out.push(signIn(ctx, {
		type, sp, time: pickTime(ctx), correlationId: rng.guid(), errorCode: rng.weighted(codes),
		resourceId: rng.pick(resources), place: {city, ip: type === 'managedIdentity' ? '' : `20.${rng.int(36, 190)}.${rng.int(0, 255)}.${rng.int(1, 254)}`},
	}));
}

function signIn(ctx: Ctx, spec: SignInSpec): GraphRecord {
	const {rng, tenantId} = ctx;
	const {user, sp, app, place} = spec;
	const isUser = spec.type === 'interactiveUser' || spec.type === 'nonInteractiveUser';
	const success = spec.errorCode === 0;
	const caRequired = isUser;
	const policies = caRequired ? conditionalAccess(ctx, spec) : [];
	const caStatus = !caRequired ? 'notApplied'
		: policies.some(p => p['result'] === 'failure') ? 'failure'
			: policies.some(p => p['result'] === 'success') ? 'success' : 'notApplied';
	const resourceDisplayName = RESOURCES[spec.resourceId] ?? 'Microsoft Graph';
	const device = user?.device;
	const clientAppUsed = spec.clientAppUsed ?? (isUser ? app!.clientAppUsed : '');
	const legacy = (LEGACY_CLIENTS as readonly string[]).includes(clientAppUsed);
	const userAgent = !isUser ? '' : legacy ? 'BAV2ROPC' : device!.userAgent;
	const id = rng.guid();
	const mfaDone = spec.mfa === 'satisfied' || spec.mfa === 'claimInToken';
	// The 100 ns digits below the ms come from the record's (random) id: a burst's records are whole ms apart.
	const time = graphTime(Math.floor(spec.time) + (Number.parseInt(id.slice(-4), 16) % 10_000) / 10_000);
	const risk = isUser && place && FAR_CITIES.includes(place.city) ? riskOf(id, success && spec.mfa === 'satisfied') : NO_RISK;
	const guest = user?.userType === 'guest';
	return {
		id,
		createdDateTime: time,
		userDisplayName: isUser ? user!.displayName : null,
		userPrincipalName: isUser ? (spec.errorCode === 50034 ? `${user!.userPrincipalName.split('@')[0]}x@${ctx.domain}` : user!.userPrincipalName) : null,
		userId: isUser ? (spec.errorCode === 50034 ? '00000000-0000-0000-0000-000000000000' : user!.id) : '00000000-0000-0000-0000-000000000000',
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
		clientCredentialType: spec.type === 'servicePrincipal' ? (rng.chance(0.6) ? 'clientSecret' : 'certificate') : spec.type === 'managedIdentity' ? 'managedIdentity' : 'none',
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
		resourceOwnerTenantId: spec.resourceId.startsWith('0000000') || spec.resourceId.length === 36 ? 'f8cdef31-a31e-4b4a-93e4-5f571e91255a' : tenantId,
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
		authenticationProtocol: spec.type === 'interactiveUser' ? (legacy ? 'ropc' : 'none') : 'none',
		incomingTokenType: spec.type === 'nonInteractiveUser' ? (rng.chance(0.6) ? 'refreshToken' : 'primaryRefreshToken') : 'none',
		originalTransferMethod: 'none',
		authenticationRequirement: mfaDone || spec.mfa === 'required' || spec.mfa === 'denied' ? 'multiFactorAuthentication' : 'singleFactorAuthentication',
		signInIdentifier: isUser ? user!.userPrincipalName : null,
		signInIdentifierType: isUser ? 'userPrincipalName' : null,
		signInEventTypes: [spec.type],
		uniqueTokenIdentifier: Buffer.from(rng.hex(24), 'hex').toString('base64url'),
		sessionId: isUser ? rng.guid() : null,
		clientSessionId: null,
		status: {
			errorCode: spec.errorCode,
			failureReason: success ? null : (FAILURE_REASONS[spec.errorCode] ?? 'Other.'),
			additionalDetails: spec.errorCode === 50074 || spec.errorCode === 50076 ? 'MFA required in Azure AD' : spec.errorCode === 53003 ? 'Conditional Access blocked the sign-in.' : mfaDone ? (spec.mfa === 'claimInToken' ? 'MFA requirement satisfied by claim in the token' : 'MFA completed in Azure AD') : null,
		},
		deviceDetail: {
			deviceId: device?.deviceId ?? '',
			displayName: device?.displayName ?? '',
			operatingSystem: device?.operatingSystem ?? '',
			browser: legacy ? '' : device?.browser ?? '',
			browserId: null,
			isCompliant: device?.isCompliant ?? false,
			isManaged: device?.isManaged ?? false,
			trustType: device?.trustType ?? '',
		},
		location: place && place.ip ? {
			city: place.city.city,
			state: place.city.state,
			countryOrRegion: place.city.countryOrRegion,
			geoCoordinates: {
				altitude: null,
				latitude: Math.round((place.city.latitude + rng.normal() * 0.03) * 1e5) / 1e5,
				longitude: Math.round((place.city.longitude + rng.normal() * 0.03) * 1e5) / 1e5,
			},
		} : {city: '', state: '', countryOrRegion: '', geoCoordinates: {altitude: null, latitude: null, longitude: null}},
		appliedConditionalAccessPolicies: policies,
		authenticationDetails: isUser ? authDetails(ctx, spec) : [],
		authenticationMethodsUsed: isUser && spec.mfa === 'satisfied' ? ['Password', 'Microsoft Authenticator App'] : isUser ? ['Password'] : [],
		authenticationProcessingDetails: isUser ? [{key: 'Legacy TLS (TLS 1.0, 1.1, 3DES)', value: 'False'}, {key: 'Is CAE Token', value: rng.chance(0.5) ? 'True' : 'False'}] : [],
		authenticationRequirementPolicies: spec.mfa === 'satisfied' || spec.mfa === 'required' ? [{requirementProvider: 'multiConditionalAccess', detail: 'Conditional Access'}] : [],
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
		networkLocationDetails: place && place.city === user?.home ? [{networkType: 'namedNetwork', networkNames: [`${place.city.city} office`]}] : [],
		privateLinkDetails: {policyId: null, policyName: null, policyTenantId: null, resourceId: null},
		sessionLifetimePolicies: [],
		tokenProtectionStatusDetails: {signInSessionStatus: 'unbound', signInSessionStatusCode: 1002},
		appTokenProtectionStatus: null,
		signInTokenProtectionStatus: 'unbound',
		appliedEventListeners: [],
		agent: null,
	};
}

interface Risk {
	readonly events: readonly string[];
	readonly level: 'none' | 'medium' | 'high';
	readonly state: 'none' | 'atRisk' | 'remediated' | 'dismissed';
	readonly detail: 'none' | 'userPassedMFADrivenByRiskBasedPolicy' | 'adminDismissedAllRiskForUser';
}

const NO_RISK: Risk = {events: [], level: 'none', state: 'none', detail: 'none'};

/**
 * What Identity Protection makes of a sign-in from far away, its fields agreeing: one risk event (medium) or two
 * (high); remediated when the user passed MFA, dismissed by an admin now and then, else at risk. Chosen from the
 * record's (random) id rather than new draws, so that the rest of the tenant stays as it was for a seed.
 */
function riskOf(id: string, passedMfa: boolean): Risk {
	const a = Number.parseInt(id.slice(0, 2), 16);
	const b = Number.parseInt(id.slice(2, 4), 16);
	const second = ['unlikelyTravel', 'anonymizedIPAddress', 'maliciousIPAddress'][b % 3]!;
	const events = a < 100 ? ['unfamiliarFeatures', second] : ['unfamiliarFeatures'];
	const level = events.length > 1 ? 'high' : 'medium';
	if (passedMfa) return {events, level, state: 'remediated', detail: 'userPassedMFADrivenByRiskBasedPolicy'};
	if (b < 40) return {events, level, state: 'dismissed', detail: 'adminDismissedAllRiskForUser'};
	return {events, level, state: 'atRisk', detail: 'none'};
}

function conditionalAccess(ctx: Ctx, spec: SignInSpec): Array<Record<string, unknown>> {
	const {user, place} = spec;
	const far = place ? FAR_CITIES.includes(place.city) : false;
	const trusted = place ? place.city === user?.home : false;
	const legacy = spec.clientAppUsed ? (LEGACY_CLIENTS as readonly string[]).includes(spec.clientAppUsed) : false;
	const azure = spec.resourceId === '797f4846-ba00-4fd7-ba43-dac1f8f63013';
	return CA_POLICIES.map(policy => {
		let result: string;
		const blocking = spec.blockedBy === policy.displayName && spec.errorCode === 53003;
		switch (policy.id.slice(9, 13)) {
			case '0001': result = user?.isAdmin ? (spec.mfa === 'required' || spec.mfa === 'denied' ? 'failure' : 'success') : 'notApplied'; break;
			case '0002': result = trusted ? 'notApplied' : spec.mfa === 'required' || spec.mfa === 'denied' ? 'failure' : 'success'; break;
			case '0003': result = legacy ? 'failure' : 'notApplied'; break;
			case '0004': result = blocking || (azure && spec.errorCode === 53003) ? 'failure' : azure ? 'success' : 'notApplied'; break;
			case '0005': result = far && spec.errorCode === 53003 ? 'failure' : 'notApplied'; break;
			case '0006': result = spec.clientAppUsed === 'Browser' || spec.app?.clientAppUsed === 'Browser' ? 'success' : 'notApplied'; break;
			case '0007': result = spec.mfa === 'satisfied' ? 'reportOnlyFailure' : spec.mfa === 'claimInToken' ? 'reportOnlySuccess' : 'reportOnlyNotApplied'; break;
			default: result = 'notEnabled';
		}
		if (blocking && result !== 'failure' && policy.grant.includes('Block')) result = 'failure';
		const enforced = result === 'success' || result === 'failure';
		return {
			id: policy.id,
			displayName: policy.displayName,
			enforcedGrantControls: enforced || result.startsWith('reportOnly') ? [...policy.grant] : [],
			enforcedSessionControls: enforced ? [...policy.session] : [],
			result,
			conditionsSatisfied: result === 'notApplied' || result === 'notEnabled' ? 'none' : 'application,users',
			conditionsNotSatisfied: result === 'notApplied' ? 'location' : 'none',
			authenticationStrength: null,
			includeRulesSatisfied: [],
			excludeRulesSatisfied: [],
			sessionControlsNotSatisfied: [],
		};
	});
}

function authDetails(ctx: Ctx, spec: SignInSpec): Array<Record<string, unknown>> {
	const {rng} = ctx;
	const t = iso(spec.time);
	if (spec.type === 'nonInteractiveUser') {
		return [{authenticationStepDateTime: t, authenticationMethod: 'Previously satisfied', authenticationMethodDetail: null, succeeded: spec.errorCode === 0, authenticationStepResultDetail: spec.errorCode === 0 ? 'First factor requirement satisfied by claim in the token' : 'Token is invalid or expired', authenticationStepRequirement: 'Primary authentication'}];
	}
	const passwordOk = ![50126, 50053, 50055, 50057, 50034].includes(spec.errorCode);
	const steps: Array<Record<string, unknown>> = [{
		authenticationStepDateTime: t,
		authenticationMethod: 'Password',
		authenticationMethodDetail: 'Password in the cloud',
		succeeded: passwordOk,
		authenticationStepResultDetail: passwordOk ? 'Correct password' : spec.errorCode === 50053 ? 'Account locked' : 'Invalid username or password or Invalid on-premise username or password.',
		authenticationStepRequirement: 'Primary authentication',
	}];
	if (spec.mfa === 'satisfied' || spec.mfa === 'denied') {
		steps.push({
			authenticationStepDateTime: iso(spec.time + rng.int(3, 30) * 1000),
			authenticationMethod: rng.weighted([['Mobile app notification', 70], ['OATH verification code', 15], ['Text message', 10], ['Passkey (Microsoft Authenticator)', 5]] as const),
			authenticationMethodDetail: null,
			succeeded: spec.mfa === 'satisfied',
			authenticationStepResultDetail: spec.mfa === 'satisfied' ? 'MFA successfully completed' : 'MFA denied; user declined the authentication',
			authenticationStepRequirement: 'Multifactor authentication',
		});
	} else if (spec.mfa === 'claimInToken') {
		steps.push({authenticationStepDateTime: t, authenticationMethod: 'Previously satisfied', authenticationMethodDetail: null, succeeded: true, authenticationStepResultDetail: 'MFA requirement satisfied by claim in the token', authenticationStepRequirement: 'Multifactor authentication'});
	} else if (spec.mfa === 'required') {
		steps.push({authenticationStepDateTime: t, authenticationMethod: null, authenticationMethodDetail: null, succeeded: false, authenticationStepResultDetail: 'User needs to perform multi-factor authentication', authenticationStepRequirement: 'Multifactor authentication'});
	}
	return steps;
}

