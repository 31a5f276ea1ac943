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
	names,
	numeric,
	obj,
	scalar,
	shortTime,
	text,
	type DetailSection,
	type GraphRecord,
	type Line,
	type Pivot,
} from './report.js';

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

export const signInDetails: readonly DetailSection[] = [
	{
		title: 'Basic info',
		lines: r => [
			['Date (UTC)', text(r['createdDateTime'])],
			['Request id', text(r.id)],
			['Correlation id', text(r['correlationId'])],
			['User', `${text(r['userDisplayName'])} <${text(r['userPrincipalName'])}>`],
			['User id', text(r['userId'])],
			['Application', `${text(r['appDisplayName'])} (${text(r['appId'])})`],
			['Resource', `${text(r['resourceDisplayName'])} (${text(r['resourceId'])})`],
			['Client app', text(r['clientAppUsed'])],
			[
				'Event type',
				r['signInEventTypes'] === undefined || r['signInEventTypes'] === null
					? r['isInteractive'] === true
						? 'interactiveUser'
						: ''
					: names(r['signInEventTypes']).join(', '),
			],
			['Status', code(r) === 0 ? 'Success' : `Failure (${codeText(r)})`],
			['Error code', codeText(r)],
			['Meaning', decode(code(r))],
			['Failure reason', text(at(r, 'status/failureReason'))],
			['Additional details', text(at(r, 'status/additionalDetails'))],
			...(code(r) === 0 || Number.isNaN(code(r)) ? [] : [['Look up', errorLookupUrl(code(r))] as const]),
			['Authentication requirement', text(r['authenticationRequirement'])],
			['User agent', text(r['userAgent'])],
		],
	},
	{
		// Service principal and managed identity sign-ins: who signed in is an app, with a credential.
		title: 'Service principal',
		lines: r => [
			['Name', text(r['servicePrincipalName'])],
			['Id', text(r['servicePrincipalId'])],
			['Credential', text(r['clientCredentialType']) === 'none' ? '' : text(r['clientCredentialType'])],
			['Credential key id', text(r['servicePrincipalCredentialKeyId'])],
			['Certificate thumbprint', text(r['servicePrincipalCredentialThumbprint'])],
			[
				'Managed identity type',
				text(at(r, 'managedServiceIdentity/msiType')) === 'none' ? '' : text(at(r, 'managedServiceIdentity/msiType')),
			],
			['Associated resource', text(at(r, 'managedServiceIdentity/associatedResourceId'))],
			['Federated token issuer', text(at(r, 'managedServiceIdentity/federatedTokenIssuer'))],
		],
	},
	{
		title: 'Location',
		lines: r => [
			['IP address', text(r['ipAddress'])],
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
			['Autonomous system', text(r['autonomousSystemNumber'])],
		],
	},
	{
		title: 'Device info',
		lines: r => [
			['Device id', text(at(r, 'deviceDetail/deviceId'))],
			['Name', text(at(r, 'deviceDetail/displayName'))],
			['Operating system', text(at(r, 'deviceDetail/operatingSystem'))],
			['Browser', text(at(r, 'deviceDetail/browser'))],
			['Compliant', text(at(r, 'deviceDetail/isCompliant'))],
			['Managed', text(at(r, 'deviceDetail/isManaged'))],
			['Join type', text(at(r, 'deviceDetail/trustType'))],
		],
	},
	{
		title: 'Authentication details',
		lines: r => {
			const steps = r['authenticationDetails'];
			// v1.0 has no authenticationDetails (graph-api.md §3): say where they are rather than show nothing.
			if (steps === undefined || steps === null)
				return [
					[
						'(not in v1.0)',
						`Graph returns the authentication steps in beta only: ${keyName('beta')} switches to beta (--beta)`,
					],
				];
			return items(steps, s => [
				[
					`${shortTime(s['authenticationStepDateTime'])} ${text(s['authenticationStepRequirement'])}`,
					`${text(s['authenticationMethod']) || '-'}: ${s['succeeded'] === true ? 'succeeded' : 'failed'}, ${text(s['authenticationStepResultDetail'])}`,
				],
			]);
		},
	},
	{
		title: 'Conditional Access',
		lines: r => {
			const policies = r['appliedConditionalAccessPolicies'];
			if (policies === undefined || policies === null)
				return [['(not shown)', 'the signed-in account cannot read Conditional Access data']];
			return [['Status', text(r['conditionalAccessStatus'])], ...policyLines(policies, false)];
		},
	},
	{
		title: 'Report-only',
		lines: r => policyLines(r['appliedConditionalAccessPolicies'], true),
	},
];

export const signInPivots: readonly Pivot[] = [
	{key: 'u', label: 'same user', field: 'user', value: r => scalar(r['userPrincipalName'])},
	{key: 'a', label: 'same app', field: 'app', value: r => scalar(r['appId'])},
	{key: 'i', label: 'same IP', field: 'ip', value: r => scalar(r['ipAddress'])},
	{key: 'c', label: 'same correlation id', field: 'correlation', value: r => scalar(r['correlationId'])},
];

/**
 * The enforced policies or the report-only ones: what decided the sign-in first (failure, then success, then the
 * rest), a policy a line: result, name, grant and session controls.
 */
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
		return [[text(p['result']), `${text(p['displayName'])}${controls.length ? ` (${controls.join(', ')})` : ''}`]];
	});
}
