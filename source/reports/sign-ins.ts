/** Sign-ins: /auditLogs/signIns (v1.0 for interactive; beta for the other event types and beta-only fields). */
import {QueryError} from '../query/time.js';
import {num, or, str, type Expr} from '../query/filter.js';
import {AADSTS, errorLookupUrl} from './aadsts.js';
import {countryCode} from './countries.js';
// The TUI's key for beta, named from its one key table (a pure table: no UI code comes with it).
import {keyName} from '../ui/keymap.js';
import {GUID, at, defineReport, items, names, numeric, obj, scalar, shortTime, text, type FilterField, type GraphRecord, type Line, type ReportDefinition} from './report.js';
import {SIGN_IN_CSV, SIGN_IN_TABLES} from './sign-ins.columns.js';

const eq = (path: string, value: string): Expr => ({kind: 'cmp', path, op: 'eq', value: str(value)});
const starts = (path: string, value: string): Expr => ({kind: 'fn', fn: 'startswith', path, value});

function guid(label: string, value: string): string {
	const v = value.trim();
	if (!GUID.test(v)) throw new QueryError(`${label} must be a GUID like 0b4d1f2e-7a3c-4e59-9c61-3f2a8b7d5e10, not "${value}"`);
	return v.toLowerCase();
}

const CA_CHOICES = ['success', 'failure', 'notApplied'];
const RISK = ['none', 'low', 'medium', 'high', 'hidden'];

const fields: readonly FilterField[] = [
	{
		key: 'user', label: 'User', hint: 'alice@contoso.com, or a prefix; a GUID is a user id',
		build: v => {
			const value = v.trim();
			if (GUID.test(value)) return {server: eq('userId', value.toLowerCase())};
			// Sign-in logs store UPNs in lower case (graph-api.md §4.1).
			return {server: value.includes('@') ? eq('userPrincipalName', value.toLowerCase()) : starts('userPrincipalName', value.toLowerCase())};
		},
	},
	{
		key: 'app', label: 'Application', hint: 'name prefix (Microsoft Teams) or app id',
		build: v => ({server: GUID.test(v.trim()) ? eq('appId', v.trim().toLowerCase()) : starts('appDisplayName', v.trim())}),
	},
	{
		key: 'ip', label: 'IP address', hint: '203.0.113.7, or a prefix ending in . or *',
		build: v => {
			const value = v.trim();
			if (!/^[0-9a-f.:*]+$/i.test(value)) throw new QueryError(`"${v}" is not an IP address or prefix`);
			return {server: value.endsWith('*') || value.endsWith('.') ? starts('ipAddress', value.replace(/\*$/, '')) : eq('ipAddress', value)};
		},
	},
	{key: 'correlation', label: 'Correlation id', hint: 'GUID', build: v => ({server: eq('correlationId', guid('a correlation id', v))})},
	{key: 'request', label: 'Request id', hint: 'GUID (the sign-in id)', build: v => ({server: eq('id', guid('a request id', v))})},
	{
		key: 'error', label: 'Error code', hint: '50126, 53003 ...',
		build: v => {
			const n = Number(v.trim().replace(/^AADSTS/i, ''));
			if (!Number.isInteger(n) || n < 0) throw new QueryError(`"${v}" is not an error code: use a number such as 50126`);
			return {server: {kind: 'cmp', path: 'status/errorCode', op: 'eq', value: num(n)}};
		},
	},
	{
		key: 'status', label: 'Status', hint: 'success or failure', choices: ['success', 'failure'],
		build: v => {
			const value = v.trim().toLowerCase();
			// Graph documents only `eq` on status/errorCode (graph-api.md §4.1), so "failure" is checked locally.
			if (value === 'success' || value === '0') return {server: {kind: 'cmp', path: 'status/errorCode', op: 'eq', value: num(0)}};
			if (value === 'failure' || value === '1') return {local: {kind: 'cmp', path: 'status/errorCode', op: 'ne', value: num(0)}};
			throw new QueryError(`status must be success or failure, not "${v}"`);
		},
	},
	{
		key: 'ca', label: 'Conditional Access', hint: CA_CHOICES.join(', '), choices: CA_CHOICES,
		build: v => {
			const value = CA_CHOICES.find(c => c.toLowerCase() === v.trim().toLowerCase());
			if (!value) throw new QueryError(`conditional access status must be one of ${CA_CHOICES.join(', ')}`);
			return {server: eq('conditionalAccessStatus', value)};
		},
	},
	{
		// Sign-ins hold the ISO 3166-1 alpha-2 code (graph-api.md §4.1): a name is looked up, never sent as typed.
		key: 'country', label: 'Country', hint: 'AU, DE ... or a name: Australia',
		build: v => {
			const code = countryCode(v);
			if (!code) throw new QueryError(`country "${v.trim()}" is neither a two-letter ISO code (AU, DE, US ...) nor a country's English name`);
			return {server: eq('location/countryOrRegion', code)};
		},
	},
	{key: 'city', label: 'City', hint: 'name prefix', build: v => ({server: starts('location/city', v.trim())})},
	{key: 'resource', label: 'Resource', hint: 'Microsoft Graph ...', build: v => ({server: eq('resourceDisplayName', v.trim())})},
	{key: 'client-app', label: 'Client app', hint: 'Browser, Exchange ActiveSync ...', build: v => ({server: eq('clientAppUsed', v.trim())})},
	{
		key: 'risk', label: 'Risk level', hint: RISK.join(', '), choices: RISK,
		build: v => {
			const value = RISK.find(c => c === v.trim().toLowerCase());
			if (!value) throw new QueryError(`risk level must be one of ${RISK.join(', ')}`);
			return {server: eq('riskLevelDuringSignIn', value)};
		},
	},
	{
		// Only service principal and managed identity sign-ins carry it: see FIELD_EVENT_TYPES.
		key: 'service-principal', label: 'Service principal', hint: 'name prefix or id (service principal and managed identity sign-ins)', betaOnly: true,
		build: v => ({server: GUID.test(v.trim()) ? eq('servicePrincipalId', v.trim().toLowerCase()) : starts('servicePrincipalName', v.trim())}),
	},
];

export const EVENT_TYPES = {
	interactive: 'interactiveUser',
	'non-interactive': 'nonInteractiveUser',
	'service-principal': 'servicePrincipal',
	'managed-identity': 'managedIdentity',
} as const;
export type EventTypeName = keyof typeof EVENT_TYPES;

/**
 * Fields that only some event types carry: a user's sign-in has no service principal, an app's has no user. Without
 * --type such a field selects its types (--service-principal alone would otherwise search interactive sign-ins, and
 * find nothing); with a --type that has none of them it is refused (resolveQuery).
 */
export const FIELD_EVENT_TYPES: Readonly<Record<string, readonly EventTypeName[]>> = {
	user: ['interactive', 'non-interactive'],
	'service-principal': ['service-principal', 'managed-identity'],
};

/**
 * `signInEventTypes/any(t: t eq 'a' or t eq 'b')` (beta only). Checked locally (a file), a record without the property
 * (v1.0's, the admin center's downloads) is classed by what it carries: impliedEventTypes.
 */
export function eventTypeClause(types: readonly EventTypeName[]): Expr {
	return {kind: 'any', path: 'signInEventTypes', body: or(types.map(t => eq('', EVENT_TYPES[t]))), implied: impliedEventTypes};
}

const ZERO_GUID = '00000000-0000-0000-0000-000000000000';

/**
 * The event type of a sign-in that does not say it: a managed identity's when its managedServiceIdentity has a type;
 * an app's (servicePrincipal) when it names a service principal (id or name: a user's sign-in leaves both empty);
 * else a user's, non-interactive when isInteractive is false, else interactive (v1.0 lists only those).
 * Without managedServiceIdentity (v1.0) a managed identity's sign-in counts as a service principal's.
 */
export function impliedEventTypes(record: unknown): readonly string[] {
	if (record === null || typeof record !== 'object') return [];
	const r = record as Readonly<Record<string, unknown>>;
	const msi = text(at(r, 'managedServiceIdentity/msiType'));
	if (msi !== '' && msi !== 'none') return [EVENT_TYPES['managed-identity']];
	const spId = text(r['servicePrincipalId']);
	if ((spId !== '' && spId !== ZERO_GUID) || text(r['servicePrincipalName']) !== '') return [EVENT_TYPES['service-principal']];
	return [r['isInteractive'] === false ? EVENT_TYPES['non-interactive'] : EVENT_TYPES.interactive];
}

/** The error code: 0 (success) when there is none, NaN when the property holds something other than a number. */
function code(r: GraphRecord): number {
	const value = at(r, 'status/errorCode');
	return value === null || value === undefined ? 0 : numeric(value) ?? Number.NaN;
}

/** The error code as shown: the number, or what the property holds when it is not one. */
const codeText = (r: GraphRecord): string => (Number.isNaN(code(r)) ? text(at(r, 'status/errorCode')) : String(code(r)));

function who(r: GraphRecord): string {
	return text(r['userPrincipalName']) || text(r['servicePrincipalName']) || text(r['appDisplayName']);
}

function decode(n: number): string {
	if (n === 0) return 'Success';
	const info = AADSTS[n];
	return info ? `${info.name}: ${info.description}` : 'No description in the local table';
}

export const signIns: ReportDefinition = defineReport({
	id: 'signins',
	title: 'Sign-ins',
	collection: 'signIns',
	timeField: 'createdDateTime',
	timeOps: {since: 'ge', until: 'le'},
	needsTop: false,
	fields,
	columns: [
		{key: 'time', label: 'Date (UTC)', width: 19, value: r => shortTime(r['createdDateTime'])},
		{key: 'user', label: 'User / principal', width: 18, grow: 3, value: who},
		{key: 'app', label: 'Application', width: 14, grow: 2, value: r => text(r['appDisplayName'])},
		{
			key: 'status', label: 'Status', width: 9, value: r => (code(r) === 0 ? 'Success' : codeText(r)),
			tone: r => (code(r) === 0 ? 'success' : [50074, 50076, 50140, 50058].includes(code(r)) ? 'warning' : 'failure'),
		},
		{key: 'ip', label: 'IP address', width: 15, grow: 1, value: r => text(r['ipAddress'])},
		{key: 'location', label: 'Location', width: 10, grow: 1, value: r => [at(r, 'location/city'), at(r, 'location/countryOrRegion')].map(v => text(v)).filter(Boolean).join(', ')},
		{
			key: 'ca', label: 'CA', width: 10, value: r => text(r['conditionalAccessStatus']),
			tone: r => (r['conditionalAccessStatus'] === 'failure' ? 'failure' : r['conditionalAccessStatus'] === 'success' ? 'success' : 'muted'),
		},
	],
	details: [
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
				['Event type', r['signInEventTypes'] === undefined || r['signInEventTypes'] === null ? (r['isInteractive'] === true ? 'interactiveUser' : '') : names(r['signInEventTypes']).join(', ')],
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
				['Managed identity type', text(at(r, 'managedServiceIdentity/msiType')) === 'none' ? '' : text(at(r, 'managedServiceIdentity/msiType'))],
				['Associated resource', text(at(r, 'managedServiceIdentity/associatedResourceId'))],
				['Federated token issuer', text(at(r, 'managedServiceIdentity/federatedTokenIssuer'))],
			],
		},
		{
			title: 'Location',
			lines: r => [
				['IP address', text(r['ipAddress'])],
				['Location', [at(r, 'location/city'), at(r, 'location/state'), at(r, 'location/countryOrRegion')].map(v => text(v)).filter(Boolean).join(', ')],
				['Coordinates', [at(r, 'location/geoCoordinates/latitude'), at(r, 'location/geoCoordinates/longitude')].map(v => text(v)).filter(Boolean).join(', ')],
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
				if (steps === undefined || steps === null) return [['(not in v1.0)', `Graph returns the authentication steps in beta only: ${keyName('beta')} switches to beta (--beta)`]];
				return items(steps, s => [[
					`${shortTime(s['authenticationStepDateTime'])} ${text(s['authenticationStepRequirement'])}`,
					`${text(s['authenticationMethod']) || '-'}: ${s['succeeded'] === true ? 'succeeded' : 'failed'}, ${text(s['authenticationStepResultDetail'])}`,
				]]);
			},
		},
		{
			title: 'Conditional Access',
			lines: r => {
				const policies = r['appliedConditionalAccessPolicies'];
				if (policies === undefined || policies === null) return [['(not shown)', 'the signed-in account cannot read Conditional Access data']];
				return [['Status', text(r['conditionalAccessStatus'])], ...policyLines(policies, false)];
			},
		},
		{
			title: 'Report-only',
			lines: r => policyLines(r['appliedConditionalAccessPolicies'], true),
		},
	],
	pivots: [
		{key: 'u', label: 'same user', field: 'user', value: r => scalar(r['userPrincipalName'])},
		{key: 'a', label: 'same app', field: 'app', value: r => scalar(r['appId'])},
		{key: 'i', label: 'same IP', field: 'ip', value: r => scalar(r['ipAddress'])},
		{key: 'c', label: 'same correlation id', field: 'correlation', value: r => scalar(r['correlationId'])},
	],
	summary: r => `${shortTime(r['createdDateTime'])} ${who(r)} ${text(r['appDisplayName'])} ${code(r) === 0 ? 'Success' : codeText(r)}`,
	backends: {adminCenterCsv: SIGN_IN_CSV, logAnalytics: SIGN_IN_TABLES},
});

/**
 * The enforced policies or the report-only ones: what decided the sign-in first (failure, then success, then the
 * rest), a policy a line: result, name, grant and session controls.
 */
function policyLines(policies: unknown, reportOnly: boolean): Line[] {
	// Not a list: the enforced section says what it holds; the report-only one has nothing to add.
	if (!Array.isArray(policies)) return reportOnly ? [] : items(policies, () => []);
	const result = (p: unknown): string => text(obj(p)['result']);
	const rank = (r: string): number => (/failure/i.test(r) ? 0 : /success/i.test(r) ? 1 : /interrupted/i.test(r) ? 2 : 3);
	const chosen = policies.filter(p => result(p).startsWith('reportOnly') === reportOnly).sort((a, b) => rank(result(a)) - rank(result(b)));
	return items(chosen, p => {
		const controls = [...names(p['enforcedGrantControls']).map(g => `grant: ${g}`), ...names(p['enforcedSessionControls']).map(c => `session: ${c}`)];
		return [[text(p['result']), `${text(p['displayName'])}${controls.length ? ` (${controls.join(', ')})` : ''}`]];
	});
}
