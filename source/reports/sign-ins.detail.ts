/**
 * The sign-in detail: the admin center's sections (basic info, location, device, authentication steps, Conditional
 * Access, report-only) and the pivots a responder takes from a sign-in.
 */
import {AADSTS, errorLookupUrl} from './aadsts.js';
// The TUI's key for beta, named from its one key table (a pure table: no UI code comes with it).
import {keyName} from '../ui/keymap.js';
import {
	at,
	items,
	numeric,
	obj,
	scalar,
	utcTime,
	type DetailSection,
	type GraphRecord,
	type Line,
	type Pivot,
} from './report.js';
import {INTERRUPTS, signInOutcome} from '../triage/outcome.js';
import {ROW_KEY} from '../query/kql-response.js';
import {ENVELOPE_KEY} from './azure-monitor.js';
import {
	flatten,
	isFromFile,
	names,
	objectId,
	rest,
	text,
	withOtherProperties,
	type NamedSection,
} from './properties.detail.js';

/** The error code: 0 (success) when there is none, NaN when the property holds something other than a number. */
export function code(r: GraphRecord): number {
	const value = at(r, 'status/errorCode');
	return value === null || value === undefined ? 0 : (numeric(value) ?? Number.NaN);
}

/** The error code as shown: the number, or what the property holds when it is not one. */
export const codeText = (r: GraphRecord): string =>
	Number.isNaN(code(r)) ? text(at(r, 'status/errorCode')) : String(code(r));

function decode(n: number): string {
	if (n === 0) return 'Success';
	const info = AADSTS[n];
	return info ? `${info.name}: ${info.description}` : 'No description in the local table';
}

/** A name and its id on one line: `Microsoft Teams (1fec8e78-…)`, either alone when the other is empty. */
const named = (name: unknown, id: unknown): string => {
	const [n, i] = [text(name), text(id)];
	return n && i ? `${n} (${i})` : n || i;
};

/** Risk levels read `hidden` below an Entra ID P2 licence (graph-api.md §11): say so where it shows. */
const risk = (value: unknown): string =>
	text(value) === 'hidden' ? 'hidden (shown only to tenants with Entra ID P2)' : text(value);

/** A user's sign-in carries no service principal: its credential and managed identity type ("none") go with the token. */
const isApp = (r: GraphRecord): boolean =>
	text(r['servicePrincipalId']) !== '' || text(r['servicePrincipalName']) !== '';

const credentialLines = (r: GraphRecord): Line[] => [
	['Credential', text(r['clientCredentialType'])],
	['Managed identity type', text(at(r, 'managedServiceIdentity/msiType'))],
];

/** The admin center's sections, and the paths each shows (everything else is under "Other properties"). */
const SECTIONS: readonly NamedSection[] = [
	{
		title: 'Basic info',
		paths: [
			'createdDateTime',
			'id',
			'correlationId',
			'originalRequestId',
			'uniqueTokenIdentifier',
			'sessionId',
			'clientSessionId',
			'status/errorCode',
			'status/failureReason',
			'status/additionalDetails',
			'userDisplayName',
			'userPrincipalName',
			'userId',
			'userType',
			'signInIdentifier',
			'signInIdentifierType',
			'homeTenantName',
			'homeTenantId',
			'appDisplayName',
			'appId',
			'appOwnerTenantId',
			'resourceDisplayName',
			'resourceId',
			'resourceTenantId',
			'resourceOwnerTenantId',
			'resourceServicePrincipalId',
			'clientAppUsed',
			'signInEventTypes',
			'isInteractive',
			'userAgent',
			'processingTimeInMilliseconds',
			'flaggedForReview',
		],
		lines: r => {
			const outcome = signInOutcome(r);
			return [
				['Date (UTC)', utcTime(r['createdDateTime'])],
				['Request id', text(r.id)],
				['Correlation id', text(r['correlationId'])],
				[
					'User',
					[text(r['userDisplayName']), text(r['userPrincipalName']) && `<${text(r['userPrincipalName'])}>`]
						.filter(Boolean)
						.join(' '),
				],
				['User id', text(r['userId'])],
				['Application', named(r['appDisplayName'], r['appId'])],
				['Resource', named(r['resourceDisplayName'], r['resourceId'])],
				['Client app', text(r['clientAppUsed'])],
				[
					'Event type',
					r['signInEventTypes'] === undefined || r['signInEventTypes'] === null
						? r['isInteractive'] === true
							? 'interactiveUser'
							: ''
						: names(r['signInEventTypes']).join(', '),
				],
				['Interactive', text(r['isInteractive'])],
				[
					'Outcome',
					outcome === 'interrupted'
						? `interrupted: ${INTERRUPTS.get(code(r))?.why ?? 'the flow asked for more'}`
						: outcome === 'unknown'
							? 'unknown: the error code is not a number'
							: outcome,
				],
				[
					'Status',
					code(r) === 0 ? 'Success' : `${outcome === 'interrupted' ? 'Interrupted' : 'Failure'} (${codeText(r)})`,
				],
				['Error code', codeText(r)],
				['Meaning', decode(code(r))],
				['Failure reason', text(at(r, 'status/failureReason'))],
				['Additional details', text(at(r, 'status/additionalDetails'))],
				...(code(r) === 0 || Number.isNaN(code(r)) ? [] : [['Look up', errorLookupUrl(code(r))] as const]),
				['User agent', text(r['userAgent'])],
				['User type', text(r['userType'])],
				['Sign-in identifier', named(r['signInIdentifier'], r['signInIdentifierType'])],
				['Home tenant', named(r['homeTenantName'], r['homeTenantId'])],
				['App owner tenant id', text(r['appOwnerTenantId'])],
				['Resource tenant id', text(r['resourceTenantId'])],
				['Resource owner tenant id', text(r['resourceOwnerTenantId'])],
				['Resource service principal id', text(r['resourceServicePrincipalId'])],
				['Original request id', text(r['originalRequestId'])],
				['Unique token identifier', text(r['uniqueTokenIdentifier'])],
				['Session id', text(r['sessionId'])],
				['Client session id', text(r['clientSessionId'])],
				['Processing time (ms)', text(r['processingTimeInMilliseconds'])],
				['Flagged for review', text(r['flaggedForReview'])],
			];
		},
	},
	{
		title: 'Token and protocol',
		paths: [
			'authenticationRequirement',
			'authenticationRequirementPolicies',
			'authenticationMethodsUsed',
			'mfaDetail/authMethod',
			'mfaDetail/authDetail',
			'authenticationProtocol',
			'incomingTokenType',
			'originalTransferMethod',
			'tokenIssuerType',
			'tokenIssuerName',
			'crossTenantAccessType',
			'isTenantRestricted',
			'isThroughGlobalSecureAccess',
			'signInTokenProtectionStatus',
			'appTokenProtectionStatus',
			'tokenProtectionStatusDetails/signInSessionStatus',
			'tokenProtectionStatusDetails/signInSessionStatusCode',
			'authenticationProcessingDetails',
			'authenticationContextClassReferences',
			'sessionLifetimePolicies',
			'conditionalAccessAudiences',
			'appliedEventListeners',
			'authenticationAppDeviceDetails',
			'authenticationAppPolicyEvaluationDetails',
		],
		lines: r => [
			['Authentication requirement', text(r['authenticationRequirement'])],
			...items(r['authenticationRequirementPolicies'], p => [
				['Requirement', `${text(p['requirementProvider'])}: ${text(p['detail'])}`],
				...rest(p, ['requirementProvider', 'detail']),
			]),
			['Methods used', names(r['authenticationMethodsUsed']).join(', ')],
			['MFA method', text(at(r, 'mfaDetail/authMethod'))],
			['MFA detail', text(at(r, 'mfaDetail/authDetail'))],
			['Authentication protocol', text(r['authenticationProtocol'])],
			['Incoming token type', text(r['incomingTokenType'])],
			['Original transfer method', text(r['originalTransferMethod'])],
			['Token issuer type', text(r['tokenIssuerType'])],
			['Token issuer name', text(r['tokenIssuerName'])],
			...(isApp(r) ? [] : credentialLines(r)),
			['Cross-tenant access type', text(r['crossTenantAccessType'])],
			['Tenant restricted', text(r['isTenantRestricted'])],
			['Through Global Secure Access', text(r['isThroughGlobalSecureAccess'])],
			['Token protection (sign-in)', text(r['signInTokenProtectionStatus'])],
			['Token protection (app)', text(r['appTokenProtectionStatus'])],
			[
				'Sign-in session',
				named(
					at(r, 'tokenProtectionStatusDetails/signInSessionStatus'),
					at(r, 'tokenProtectionStatusDetails/signInSessionStatusCode'),
				),
			],
			...items(r['authenticationProcessingDetails'], kv => [
				[text(kv['key']), text(kv['value'])],
				...rest(kv, ['key', 'value']),
			]),
			...flatten(r['authenticationContextClassReferences'], 'Authentication context'),
			...flatten(r['sessionLifetimePolicies'], 'Session lifetime policy'),
			['Conditional Access audiences', names(r['conditionalAccessAudiences']).join(', ')],
			...flatten(r['appliedEventListeners'], 'Event listener'),
			...flatten(r['authenticationAppDeviceDetails'], 'Authenticator app'),
			...flatten(r['authenticationAppPolicyEvaluationDetails'], 'Authenticator app policy'),
		],
	},
	{
		title: 'Risk',
		paths: [
			'riskLevelDuringSignIn',
			'riskLevelAggregated',
			'riskState',
			'riskDetail',
			'riskEventTypes_v2',
			'riskEventTypes',
		],
		lines: r => [
			['Risk level during sign-in', risk(r['riskLevelDuringSignIn'])],
			['Risk level (aggregated)', risk(r['riskLevelAggregated'])],
			['Risk state', text(r['riskState'])],
			['Risk detail', risk(r['riskDetail'])],
			['Risk event types', names(r['riskEventTypes_v2']).join(', ')],
			['Risk event types (v1.0 enum)', names(r['riskEventTypes']).join(', ')],
		],
	},
	{
		// Service principal and managed identity sign-ins: who signed in is an app, with a credential.
		title: 'Service principal',
		paths: [
			'servicePrincipalName',
			'servicePrincipalId',
			'clientCredentialType',
			'servicePrincipalCredentialKeyId',
			'servicePrincipalCredentialThumbprint',
			'federatedCredentialId',
			'azureResourceId',
			'managedServiceIdentity',
			'agent',
		],
		lines: r => [
			['Name', text(r['servicePrincipalName'])],
			['Id', text(r['servicePrincipalId'])],
			...(isApp(r) ? credentialLines(r) : []),
			['Credential key id', text(r['servicePrincipalCredentialKeyId'])],
			['Certificate thumbprint', text(r['servicePrincipalCredentialThumbprint'])],
			['Federated credential id', text(r['federatedCredentialId'])],
			['Azure resource id', text(r['azureResourceId'])],
			['Associated resource', text(at(r, 'managedServiceIdentity/associatedResourceId'))],
			['Federated token id', text(at(r, 'managedServiceIdentity/federatedTokenId'))],
			['Federated token issuer', text(at(r, 'managedServiceIdentity/federatedTokenIssuer'))],
			...rest(
				obj(r['managedServiceIdentity']),
				['msiType', 'associatedResourceId', 'federatedTokenId', 'federatedTokenIssuer'],
				'Managed identity ',
			),
			...notAnObject(r, 'managedServiceIdentity'),
			...flatten(r['agent'], 'Agent'),
		],
	},
	{
		title: 'Location',
		paths: [
			'ipAddress',
			'ipAddressFromResourceProvider',
			'globalSecureAccessIpAddress',
			'location/city',
			'location/state',
			'location/countryOrRegion',
			'location/geoCoordinates/latitude',
			'location/geoCoordinates/longitude',
			'location/geoCoordinates/altitude',
			'autonomousSystemNumber',
			'networkLocationDetails',
			'privateLinkDetails',
		],
		lines: r => [
			['IP address', text(r['ipAddress'])],
			['IP address (resource provider)', text(r['ipAddressFromResourceProvider'])],
			['Global Secure Access IP', text(r['globalSecureAccessIpAddress'])],
			[
				'Location',
				[at(r, 'location/city'), at(r, 'location/state'), at(r, 'location/countryOrRegion')]
					.map(v => text(v))
					.filter(Boolean)
					.join(', '),
			],
			[
				'Coordinates',
				[at(r, 'location/geoCoordinates/latitude'), at(r, 'location/geoCoordinates/longitude')]
					.map(v => text(v))
					.filter(Boolean)
					.join(', '),
			],
			['Altitude', text(at(r, 'location/geoCoordinates/altitude'))],
			['Autonomous system', text(r['autonomousSystemNumber'])],
			...items(r['networkLocationDetails'], n => [
				[`Network (${text(n['networkType'])})`, names(n['networkNames']).join(', ')],
				...rest(n, ['networkType', 'networkNames']),
			]),
			...flatten(r['privateLinkDetails'], 'Private link'),
		],
	},
	{
		title: 'Device info',
		paths: ['deviceDetail'],
		lines: r => [
			['Device id', text(at(r, 'deviceDetail/deviceId'))],
			['Name', text(at(r, 'deviceDetail/displayName'))],
			['Operating system', text(at(r, 'deviceDetail/operatingSystem'))],
			['Browser', text(at(r, 'deviceDetail/browser'))],
			['Browser id', text(at(r, 'deviceDetail/browserId'))],
			['Compliant', text(at(r, 'deviceDetail/isCompliant'))],
			['Managed', text(at(r, 'deviceDetail/isManaged'))],
			['Join type', text(at(r, 'deviceDetail/trustType'))],
			...rest(obj(r['deviceDetail']), DEVICE, ''),
			...notAnObject(r, 'deviceDetail'),
		],
	},
	{
		title: 'Authentication details',
		paths: ['authenticationDetails'],
		lines: r => {
			const steps = r['authenticationDetails'];
			// v1.0 has no authenticationDetails (graph-api.md §3): say where they are rather than show nothing.
			if (steps === undefined || steps === null)
				return [
					readFromGraph(r)
						? [
								'(not in v1.0)',
								`Graph returns the authentication steps in beta only: ${keyName('beta')} switches to beta (--beta)`,
							]
						: ['(not in this record)', `${whereFrom(r)} has no authentication steps`],
				];
			return items(steps, s => [
				[
					text(s['authenticationStepDateTime']) || '(no time)',
					[
						text(s['authenticationStepRequirement']),
						`${text(s['authenticationMethod']) || '-'}${text(s['authenticationMethodDetail']) ? ` (${text(s['authenticationMethodDetail'])})` : ''}`,
						succeeded(s['succeeded']),
						text(s['authenticationStepResultDetail']),
					]
						.filter(Boolean)
						.join(', '),
				],
				...rest(s, STEP),
			]);
		},
	},
	{
		title: 'Conditional Access',
		paths: ['conditionalAccessStatus', 'appliedConditionalAccessPolicies'],
		lines: r => {
			const policies = r['appliedConditionalAccessPolicies'];
			if (policies === undefined || policies === null)
				return [
					['Status', text(r['conditionalAccessStatus'])],
					readFromGraph(r)
						? ['(policies not shown)', 'the signed-in account cannot read Conditional Access data']
						: ['(policies not shown)', `${whereFrom(r)} has no applied Conditional Access policies`],
				];
			return [['Status', text(r['conditionalAccessStatus'])], ...policyLines(policies, false)];
		},
	},
	{
		title: 'Report-only',
		paths: [],
		lines: r => policyLines(r['appliedConditionalAccessPolicies'], true),
	},
];

const DEVICE = [
	'deviceId',
	'displayName',
	'operatingSystem',
	'browser',
	'browserId',
	'isCompliant',
	'isManaged',
	'trustType',
];
const STEP = [
	'authenticationStepDateTime',
	'authenticationStepRequirement',
	'authenticationMethod',
	'authenticationMethodDetail',
	'authenticationStepResultDetail',
	'succeeded',
];

/** A step's `succeeded` as it is written (true, false, or whatever a hostile record holds there). */
const succeeded = (v: unknown): string => (v === undefined || v === null ? '' : `succeeded: ${text(v)}`);

/** What a property holds when a section expected an object there (the section's other lines read nothing from it). */
function notAnObject(r: GraphRecord, key: string): Line[] {
	const v = r[key];
	return v === null || v === undefined || (typeof v === 'object' && !Array.isArray(v))
		? []
		: [[`${key} (not an object)`, text(v)]];
}

export const signInDetails: readonly DetailSection[] = withOtherProperties(SECTIONS);

export const signInPivots: readonly Pivot[] = [
	{
		key: 'u',
		label: 'same user',
		meaning: "the user's sign-ins",
		field: 'user',
		value: r => scalar(r['userPrincipalName']),
	},
	{
		key: 'a',
		label: 'same app',
		meaning: 'sign-ins to the same application',
		field: 'app',
		value: r => scalar(r['appId']),
	},
	{
		key: 'i',
		label: 'same IP',
		meaning: 'sign-ins from the same IP address (a spray comes from one)',
		field: 'ip',
		value: r => scalar(r['ipAddress']),
	},
	{
		key: 'c',
		label: 'same correlation id',
		meaning: 'one sign-in flow (an MFA prompt and what followed)',
		field: 'correlation',
		value: r => scalar(r['correlationId']),
	},
	{
		key: 'A',
		label: 'audits about the user',
		meaning: 'its password, MFA methods, roles, groups',
		report: 'audits',
		field: 'target',
		value: r => objectId(r['userId']),
	},
];

/**
 * The enforced policies or the report-only ones: what decided the sign-in first (failure, then success, then the
 * rest), a policy a line: result, name, grant and session controls.
 */
const POLICY = ['result', 'displayName', 'enforcedGrantControls', 'enforcedSessionControls'];

function policyLines(policies: unknown, reportOnly: boolean): Line[] {
	// Not a list: the enforced section says what it holds; the report-only one has nothing to add.
	if (!Array.isArray(policies)) return reportOnly ? [] : items(policies, () => []);
	const result = (p: unknown): string => text(obj(p)['result']);
	const rank = (r: string): number =>
		/failure/i.test(r) ? 0 : /success/i.test(r) ? 1 : /interrupted/i.test(r) ? 2 : 3;
	const chosen = policies
		.filter(p => result(p).startsWith('reportOnly') === reportOnly)
		.sort((a, b) => rank(result(a)) - rank(result(b)));
	return items(chosen, p => {
		const controls = [
			...names(p['enforcedGrantControls']).map(g => `grant: ${g}`),
			...names(p['enforcedSessionControls']).map(c => `session: ${c}`),
		];
		return [
			[text(p['result']), `${text(p['displayName'])}${controls.length ? ` (${controls.join(', ')})` : ''}`],
			...rest(p, POLICY),
		];
	});
}

/**
 * What a record came from, as its hints say it: Graph (or a file Graph's records were saved to), whose missing steps
 * and policies have Graph's causes (v1.0, the account's rights), or a workspace row or an archived envelope, which
 * hold what diagnostic settings sent.
 */
function whereFrom(r: Readonly<Record<string, unknown>>): string {
	if (r[ROW_KEY] !== undefined) return 'the workspace row';
	return r[ENVELOPE_KEY] !== undefined ? 'the archived record' : "the file's record";
}

function readFromGraph(r: Readonly<Record<string, unknown>>): boolean {
	return r[ROW_KEY] === undefined && r[ENVELOPE_KEY] === undefined && !isFromFile(r);
}
