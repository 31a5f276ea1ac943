/**
 * Sign-ins in the list: every column a responder may want (about the admin center's list of columns, and the
 * properties only the detail showed before: risk, protocol, token, tenant), and the columns shown by default for
 * users' sign-ins and for apps' (service principal and managed identity) sign-ins. The column chooser (C) picks and
 * orders them; the choice is saved per list (source/reports/list-columns.ts).
 */
import {mfaMethod} from '../triage/groups.js';
import {errorCodeOf, outcomeTone, signInOutcome} from '../triage/outcome.js';
import {arr, at, names, obj, shortTime, text, type Column, type GraphRecord, type Tone} from './report.js';
import {col, path, unlessNone, yesNo} from './common.list.js';
import {impliedEventTypes} from './sign-ins.fields.js';

/** Who signed in: the user, else the service principal, else the app. */
export function who(r: GraphRecord): string {
	return text(r['userPrincipalName']) || text(r['servicePrincipalName']) || text(r['appDisplayName']);
}

/** The list's status: the outcome's word and the code (`Interrupt 50074`), or the code as written when it is no number. */
export function statusText(r: GraphRecord): string {
	const outcome = signInOutcome(r);
	const code = errorCodeOf(r);
	switch (outcome) {
		case 'success':
			return 'Success';
		case 'interrupted':
			return `Interrupt ${code}`;
		case 'failure':
			return `Failure ${code}`;
		case 'unknown':
			return text(at(r, 'status/errorCode')) || '?';
	}
}

const statusTone = (r: GraphRecord): Tone => outcomeTone(signInOutcome(r));

const riskTone = (value: unknown): Tone =>
	value === 'high' ? 'failure' : value === 'medium' ? 'warning' : value === 'low' ? 'default' : 'muted';

/** The last authentication step that asked for multifactor authentication (beta), else v1.0's mfaDetail. */
function mfaResult(r: GraphRecord): string {
	const steps = arr(r['authenticationDetails']);
	for (let i = steps.length - 1; i >= 0; i--) {
		const step = obj(steps[i]);
		if (/^multi-?factor/i.test(text(step['authenticationStepRequirement'])))
			return text(step['authenticationStepResultDetail']) || (step['succeeded'] === true ? 'succeeded' : 'failed');
	}
	return text(at(r, 'mfaDetail/authDetail'));
}

/** Every sign-in column, in the chooser's order for those not chosen. */
export const SIGN_IN_CATALOGUE: readonly Column[] = [
	col('time', 'Date (UTC)', 19, r => shortTime(r['createdDateTime'])),
	col('user', 'User / principal', 16, who, {grow: 3}),
	col('app', 'Application', 12, path('appDisplayName'), {grow: 2}),
	col('status', 'Status', 15, statusText, {tone: statusTone}),
	col('ip', 'IP address', 15, path('ipAddress'), {grow: 1}),
	col(
		'location',
		'Location',
		10,
		r =>
			[at(r, 'location/city'), at(r, 'location/countryOrRegion')]
				.map(v => text(v))
				.filter(Boolean)
				.join(', '),
		{grow: 1},
	),
	col('ca', 'CA', 10, path('conditionalAccessStatus'), {
		tone: r =>
			r['conditionalAccessStatus'] === 'failure'
				? 'failure'
				: r['conditionalAccessStatus'] === 'success'
					? 'success'
					: 'muted',
	}),
	// Outcome and failure
	col('outcome', 'Outcome', 11, r => signInOutcome(r), {tone: statusTone}),
	col('errorCode', 'Error code', 10, path('status/errorCode')),
	col('failureReason', 'Failure reason', 20, path('status/failureReason'), {grow: 3}),
	col('additionalDetails', 'Additional details', 20, path('status/additionalDetails'), {grow: 2}),
	// Authentication
	col('authRequirement', 'Auth requirement', 16, path('authenticationRequirement')),
	col('mfaResult', 'MFA result', 16, mfaResult, {grow: 1}),
	col('mfaMethod', 'MFA method', 14, r => text(mfaMethod(r))),
	col('clientApp', 'Client app', 14, path('clientAppUsed'), {grow: 1}),
	col('protocol', 'Auth protocol', 13, r => unlessNone(r['authenticationProtocol'])),
	col('incomingToken', 'Incoming token', 14, r => unlessNone(r['incomingTokenType'])),
	col('transferMethod', 'Transfer method', 14, r => unlessNone(r['originalTransferMethod'])),
	col('tokenIssuerType', 'Token issuer type', 12, path('tokenIssuerType')),
	col('tokenIssuerName', 'Token issuer', 12, path('tokenIssuerName')),
	col('tokenProtection', 'Token protection', 12, path('signInTokenProtectionStatus')),
	// Device
	col('device', 'Device', 14, path('deviceDetail/displayName'), {grow: 1}),
	col('deviceId', 'Device id', 36, path('deviceDetail/deviceId')),
	col('os', 'OS', 10, path('deviceDetail/operatingSystem')),
	col('browser', 'Browser', 12, path('deviceDetail/browser')),
	col('compliant', 'Compliant', 9, r => yesNo(at(r, 'deviceDetail/isCompliant'))),
	col('managed', 'Managed', 7, r => yesNo(at(r, 'deviceDetail/isManaged'))),
	col('joinType', 'Join type', 12, path('deviceDetail/trustType')),
	col('userAgent', 'User agent', 20, path('userAgent'), {grow: 2}),
	// Resource, tenant, user
	col('resource', 'Resource', 14, path('resourceDisplayName'), {grow: 1}),
	col('resourceId', 'Resource id', 36, path('resourceId')),
	col('userName', 'User name', 14, path('userDisplayName'), {grow: 1}),
	col('userId', 'User id', 36, path('userId')),
	col('userType', 'User type', 9, path('userType')),
	col('crossTenant', 'Cross-tenant', 13, r => unlessNone(r['crossTenantAccessType'])),
	col('homeTenant', 'Home tenant', 14, r => text(r['homeTenantName']) || text(r['homeTenantId'])),
	col('resourceTenant', 'Resource tenant', 36, path('resourceTenantId')),
	col('appId', 'App id', 36, path('appId')),
	col('eventType', 'Event type', 12, r => names(r['signInEventTypes'] ?? impliedEventTypes(r)).join(', ')),
	// Apps' sign-ins
	col('servicePrincipal', 'Service principal', 16, path('servicePrincipalName'), {grow: 2}),
	col('servicePrincipalId', 'Service principal id', 36, r => text(r['servicePrincipalId'])),
	// A workspace row has no credential type (log-analytics.md §2.3): the key id or thumbprint it does carry.
	col('credentialType', 'Credential', 12, r => unlessNone(r['clientCredentialType']) || credentialId(r)),
	col('msiType', 'Managed identity type', 21, r => unlessNone(at(r, 'managedServiceIdentity/msiType'))),
	col('msiResource', 'Associated resource', 20, path('managedServiceIdentity/associatedResourceId'), {grow: 2}),
	// Risk
	col('riskDuring', 'Risk (sign-in)', 9, path('riskLevelDuringSignIn'), {
		tone: r => riskTone(r['riskLevelDuringSignIn']),
	}),
	col('riskAggregated', 'Risk (user)', 9, path('riskLevelAggregated'), {tone: r => riskTone(r['riskLevelAggregated'])}),
	col('riskState', 'Risk state', 12, path('riskState'), {
		tone: r => (r['riskState'] === 'atRisk' || r['riskState'] === 'confirmedCompromised' ? 'failure' : 'default'),
	}),
	col('riskDetail', 'Risk detail', 14, r => unlessNone(r['riskDetail'])),
	col('riskEvents', 'Risk events', 14, r => names(r['riskEventTypes_v2'] ?? r['riskEventTypes']).join(', '), {
		grow: 1,
	}),
	// Where and ids
	col('country', 'Country', 7, path('location/countryOrRegion')),
	col('city', 'City', 12, path('location/city')),
	col('asn', 'AS number', 9, path('autonomousSystemNumber')),
	col('correlationId', 'Correlation id', 36, path('correlationId')),
	col('requestId', 'Request id', 36, r => text(r.id)),
	col('sessionId', 'Session id', 36, path('sessionId')),
	col('flagged', 'Flagged', 7, r => yesNo(r['flaggedForReview'])),
	col('processingMs', 'Processing (ms)', 9, path('processingTimeInMilliseconds')),
];

/** The credential a service principal used, by what identifies it: its key id, else thumbprint, else federated credential. */
function credentialId(r: GraphRecord): string {
	const [key, thumbprint, federated] = [
		text(r['servicePrincipalCredentialKeyId']),
		text(r['servicePrincipalCredentialThumbprint']),
		text(r['federatedCredentialId']),
	];
	return key ? `key ${key}` : thumbprint ? `thumbprint ${thumbprint}` : federated ? `federated ${federated}` : '';
}

/**
 * What each list shows by default, in the order a narrow terminal keeps them (columns are left out from the right):
 * when, who, and the outcome (Status) before the rest, so that a 60-column terminal still shows how it ended.
 */
export const USER_DEFAULTS = ['time', 'user', 'status', 'app', 'ip', 'location', 'ca'];
/** Apps sign in as a service principal with a credential, to a resource. */
export const SERVICE_PRINCIPAL_DEFAULTS = [
	'time',
	'servicePrincipal',
	'status',
	'resource',
	'credentialType',
	'ip',
	'location',
];
/** A managed identity has a type (system- or user-assigned) and the Azure resource it belongs to. */
export const MANAGED_IDENTITY_DEFAULTS = ['time', 'servicePrincipal', 'status', 'resource', 'msiType', 'msiResource'];
/** Both kinds of apps at once (--service-principal without --type). */
export const APP_DEFAULTS = ['time', 'servicePrincipal', 'status', 'resource', 'credentialType', 'msiType', 'ip'];
