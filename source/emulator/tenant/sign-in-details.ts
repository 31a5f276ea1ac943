/**
 * The parts of a generated sign-in that beta adds or that depend on policy: its risk, its Conditional Access
 * results and its authentication steps.
 */
import {CA_POLICIES, FAR_CITIES, LEGACY_CLIENTS} from './catalog.js';
import {iso, type Ctx} from './context.js';
import type {SignInSpec} from './sign-in-record.js';

export interface Risk {
	readonly events: readonly string[];
	readonly level: 'none' | 'medium' | 'high';
	readonly state: 'none' | 'atRisk' | 'remediated' | 'dismissed';
	readonly detail: 'none' | 'userPassedMFADrivenByRiskBasedPolicy' | 'adminDismissedAllRiskForUser';
}

export const NO_RISK: Risk = {events: [], level: 'none', state: 'none', detail: 'none'};

/**
 * What Identity Protection makes of a sign-in from far away, its fields agreeing: one risk event (medium) or two
 * (high); remediated when the user passed MFA, dismissed by an admin now and then, else at risk. Chosen from the
 * record's (random) id rather than new draws, so that the rest of the tenant stays as it was for a seed.
 */
export function riskOf(id: string, passedMfa: boolean): Risk {
	const a = Number.parseInt(id.slice(0, 2), 16);
	const b = Number.parseInt(id.slice(2, 4), 16);
	const second = ['unlikelyTravel', 'anonymizedIPAddress', 'maliciousIPAddress'][b % 3]!;
	const events = a < 100 ? ['unfamiliarFeatures', second] : ['unfamiliarFeatures'];
	const level = events.length > 1 ? 'high' : 'medium';
	if (passedMfa) return {events, level, state: 'remediated', detail: 'userPassedMFADrivenByRiskBasedPolicy'};
	if (b < 40) return {events, level, state: 'dismissed', detail: 'adminDismissedAllRiskForUser'};
	return {events, level, state: 'atRisk', detail: 'none'};
}

export function conditionalAccess(ctx: Ctx, spec: SignInSpec): Array<Record<string, unknown>> {
	const {user, place} = spec;
	const far = place ? FAR_CITIES.includes(place.city) : false;
	const trusted = place ? place.city === user?.home : false;
	const legacy = spec.clientAppUsed ? (LEGACY_CLIENTS as readonly string[]).includes(spec.clientAppUsed) : false;
	const azure = spec.resourceId === '797f4846-ba00-4fd7-ba43-dac1f8f63013';
	return CA_POLICIES.map(policy => {
		let result: string;
		const blocking = spec.blockedBy === policy.displayName && spec.errorCode === 53003;
		switch (policy.id.slice(9, 13)) {
			case '0001':
				result = user?.isAdmin
					? spec.mfa === 'required' || spec.mfa === 'denied'
						? 'failure'
						: 'success'
					: 'notApplied';
				break;
			case '0002':
				result = trusted ? 'notApplied' : spec.mfa === 'required' || spec.mfa === 'denied' ? 'failure' : 'success';
				break;
			case '0003':
				result = legacy && !spec.caExempt ? 'failure' : 'notApplied';
				break;
			case '0004':
				result = blocking || (azure && spec.errorCode === 53003) ? 'failure' : azure ? 'success' : 'notApplied';
				break;
			case '0005':
				result = far && spec.errorCode === 53003 ? 'failure' : 'notApplied';
				break;
			case '0006':
				result = spec.clientAppUsed === 'Browser' || spec.app?.clientAppUsed === 'Browser' ? 'success' : 'notApplied';
				break;
			case '0007':
				result =
					spec.mfa === 'satisfied'
						? 'reportOnlyFailure'
						: spec.mfa === 'claimInToken'
							? 'reportOnlySuccess'
							: 'reportOnlyNotApplied';
				break;
			default:
				result = 'notEnabled';
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

export function authDetails(ctx: Ctx, spec: SignInSpec): Array<Record<string, unknown>> {
	const {rng} = ctx;
	const t = iso(spec.time);
	if (spec.type === 'nonInteractiveUser') {
		return [
			{
				authenticationStepDateTime: t,
				authenticationMethod: 'Previously satisfied',
				authenticationMethodDetail: null,
				succeeded: spec.errorCode === 0,
				authenticationStepResultDetail:
					spec.errorCode === 0
						? 'First factor requirement satisfied by claim in the token'
						: 'Token is invalid or expired',
				authenticationStepRequirement: 'Primary authentication',
			},
		];
	}
	const passwordOk = ![50126, 50053, 50055, 50057, 50034].includes(spec.errorCode);
	const steps: Array<Record<string, unknown>> = [
		{
			authenticationStepDateTime: t,
			authenticationMethod: 'Password',
			authenticationMethodDetail: 'Password in the cloud',
			succeeded: passwordOk,
			authenticationStepResultDetail: passwordOk
				? 'Correct password'
				: spec.errorCode === 50053
					? 'Account locked'
					: 'Invalid username or password or Invalid on-premise username or password.',
			authenticationStepRequirement: 'Primary authentication',
		},
	];
	if (spec.mfa === 'satisfied' || spec.mfa === 'denied') {
		steps.push({
			authenticationStepDateTime: iso(spec.time + rng.int(3, 30) * 1000),
			authenticationMethod: rng.weighted([
				['Mobile app notification', 70],
				['OATH verification code', 15],
				['Text message', 10],
				['Passkey (Microsoft Authenticator)', 5],
			] as const),
			authenticationMethodDetail: null,
			succeeded: spec.mfa === 'satisfied',
			authenticationStepResultDetail:
				spec.mfa === 'satisfied' ? 'MFA successfully completed' : 'MFA denied; user declined the authentication',
			authenticationStepRequirement: 'Multifactor authentication',
		});
	} else if (spec.mfa === 'claimInToken') {
		steps.push({
			authenticationStepDateTime: t,
			authenticationMethod: 'Previously satisfied',
			authenticationMethodDetail: null,
			succeeded: true,
			authenticationStepResultDetail: 'MFA requirement satisfied by claim in the token',
			authenticationStepRequirement: 'Multifactor authentication',
		});
	} else if (spec.mfa === 'required') {
		steps.push({
			authenticationStepDateTime: t,
			authenticationMethod: null,
			authenticationMethodDetail: null,
			succeeded: false,
			authenticationStepResultDetail: 'User needs to perform multi-factor authentication',
			authenticationStepRequirement: 'Multifactor authentication',
		});
	}
	return steps;
}
