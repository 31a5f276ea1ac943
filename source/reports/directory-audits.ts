/** Directory audits: /auditLogs/directoryAudits. */
import {QueryError} from '../query/time.js';
import {or, str, type Expr} from '../query/filter.js';
import {closest} from '../query/closest.js';
import {GUID, at, defineReport, obj, shortTime, text, type GraphRecord, type ReportDefinition} from './report.js';
import {AUDIT_CSV, AUDIT_TABLES} from './directory-audits.columns.js';
import {auditDetails, auditPivots, targetName} from './directory-audits.detail.js';

const eq = (path: string, value: string): Expr => ({kind: 'cmp', path, op: 'eq', value: str(value)});

const RESULTS = ['success', 'failure', 'timeout'];

/** The categories seen most (graph-api.md §11): what `tab` cycles through in the filter editor. */
const CATEGORY_CHOICES = [
	'UserManagement',
	'GroupManagement',
	'ApplicationManagement',
	'RoleManagement',
	'Policy',
	'DirectoryManagement',
	'DeviceManagement',
	'AdministrativeUnit',
	'Authentication',
	'ProvisioningManagement',
	'ResourceManagement',
];

/** Every category Microsoft's audit activity reference lists (2024), written as the logs write them. */
export const AUDIT_CATEGORIES: readonly string[] = [
	...new Set([
		...CATEGORY_CHOICES,
		'Agreement',
		'AttributeManagement',
		'Authorization',
		'AuthorizationPolicy',
		'CertificateBasedAuthConfiguration',
		'Contact',
		'CrossTenantAccessSettings',
		'CrossTenantIdentitySyncSettings',
		'Device',
		'DeviceConfiguration',
		'DeviceTemplate',
		'EntitlementManagement',
		'ExternalUserProfile',
		'IdentityProtection',
		'KerberosDomain',
		'KeyManagement',
		'Label',
		'MicrosoftSupportAccessManagement',
		'MultiTenantOrg',
		'MultiTenantOrgIdentitySyncPolicyUpdate',
		'MultiTenantOrgPartnerConfigurationTemplate',
		'MultiTenantOrgTenant',
		'ObjectManagement',
		'Other',
		'PendingExternalUserProfile',
		'PermissionGrantPolicy',
		'PolicyManagement',
		'PrivateEndpoint',
		'PrivateLinkResource',
		'SourceOfAuthorityPolicy',
		'TaskManagement',
		'WorkflowManagement',
	]),
];

/**
 * A category as the logs write it, whatever its case or spacing (`groupmanagement`, `Group Management`). A near miss
 * of a known one (`UserManagment`) is refused with the right name; anything else is kept as typed, since Microsoft
 * adds categories, and compared regardless of case.
 */
function canonicalCategory(typed: string): string {
	const value = typed.trim();
	const squeezed = value.replace(/[\s_-]+/g, '').toLowerCase();
	const known = AUDIT_CATEGORIES.find(c => c.toLowerCase() === squeezed);
	if (known) return known;
	const near = closest(value.replace(/\s+/g, ''), AUDIT_CATEGORIES);
	if (near) throw new QueryError(`category "${value}" is not one the logs use: did you mean ${near}?`);
	return value;
}

function initiator(r: GraphRecord): string {
	return (
		text(at(r, 'initiatedBy/user/userPrincipalName')) ||
		text(at(r, 'initiatedBy/app/displayName')) ||
		text(at(r, 'initiatedBy/user/id'))
	);
}

/** The targets in one cell: their names (the first few, then how many more), or what the property holds when it is no list. */
function targetsText(r: GraphRecord): string {
	const targets = r['targetResources'];
	if (!Array.isArray(targets)) return text(targets);
	const shown = targets
		.slice(0, 10)
		.map(t => (t !== null && typeof t === 'object' ? targetName(obj(t)) : text(t)))
		.filter(Boolean);
	return `${shown.join(', ')}${targets.length > 10 ? ` (+${targets.length - 10})` : ''}`;
}

export const directoryAudits: ReportDefinition = defineReport({
	id: 'audits',
	title: 'Directory audits',
	collection: 'directoryAudits',
	timeField: 'activityDateTime',
	timeOps: {since: 'ge', until: 'le'},
	needsTop: false,
	fields: [
		{
			// `category` is not in any documented $filter table (graph-api.md §4.2): it is checked locally.
			key: 'category',
			label: 'Category',
			hint: 'UserManagement, GroupManagement, RoleManagement ...',
			choices: CATEGORY_CHOICES,
			build: v => ({local: eq('category', canonicalCategory(v))}),
		},
		{
			key: 'activity',
			label: 'Activity',
			hint: 'name prefix: Add member to group ...',
			build: v => ({server: {kind: 'fn', fn: 'startswith', path: 'activityDisplayName', value: v.trim()}}),
		},
		{
			// The documented initiatedBy filters (graph-api.md §4.2), all eq: a UPN is a user's; a GUID is a user's
			// object id or an app's id; any other text is a person's or an app's display name, exactly as written.
			key: 'initiated-by',
			label: 'Initiated by',
			hint: "UPN, user or app id, or a user's or app's display name (exact)",
			build: v => {
				const value = v.trim();
				if (value.includes('@')) return {server: eq('initiatedBy/user/userPrincipalName', value.toLowerCase())};
				if (GUID.test(value))
					return {
						server: or([
							eq('initiatedBy/user/id', value.toLowerCase()),
							eq('initiatedBy/app/appId', value.toLowerCase()),
						]),
					};
				return {server: or([eq('initiatedBy/user/displayName', value), eq('initiatedBy/app/displayName', value)])};
			},
		},
		{
			key: 'target',
			label: 'Target',
			hint: 'display name prefix, or object id',
			build: v => {
				const value = v.trim();
				return {
					server: {
						kind: 'any',
						path: 'targetResources',
						body: GUID.test(value)
							? eq('id', value.toLowerCase())
							: {kind: 'fn', fn: 'startswith', path: 'displayName', value},
					},
				};
			},
		},
		{
			key: 'result',
			label: 'Result',
			hint: RESULTS.join(', '),
			choices: RESULTS,
			build: v => {
				const value = v.trim().toLowerCase();
				if (!RESULTS.includes(value)) throw new QueryError(`result must be one of ${RESULTS.join(', ')}`);
				return {local: eq('result', value)};
			},
		},
		{
			key: 'service',
			label: 'Service',
			hint: 'Core Directory, PIM ...',
			build: v => ({server: eq('loggedByService', v.trim())}),
		},
		{
			key: 'correlation',
			label: 'Correlation id',
			hint: 'GUID',
			build: v => {
				if (!GUID.test(v.trim())) throw new QueryError(`a correlation id must be a GUID, not "${v}"`);
				return {server: eq('correlationId', v.trim().toLowerCase())};
			},
		},
	],
	columns: [
		{key: 'time', label: 'Date (UTC)', width: 19, value: r => shortTime(r['activityDateTime'])},
		{key: 'service', label: 'Service', width: 10, grow: 1, value: r => text(r['loggedByService'])},
		{key: 'category', label: 'Category', width: 12, grow: 1, value: r => text(r['category'])},
		{key: 'activity', label: 'Activity', width: 16, grow: 3, value: r => text(r['activityDisplayName'])},
		{
			key: 'result',
			label: 'Result',
			width: 8,
			value: r => text(r['result']),
			tone: r => (r['result'] === 'success' ? 'success' : 'failure'),
		},
		{key: 'initiator', label: 'Initiated by', width: 14, grow: 2, value: initiator},
		{key: 'target', label: 'Target', width: 12, grow: 2, value: targetsText},
	],
	details: auditDetails,
	pivots: auditPivots,
	summary: r => `${shortTime(r['activityDateTime'])} ${text(r['activityDisplayName'])} by ${initiator(r)}`,
	backends: {adminCenterCsv: AUDIT_CSV, logAnalytics: AUDIT_TABLES},
});
