/** Directory audits: /auditLogs/directoryAudits. */
import {QueryError} from '../query/time.js';
import {or, str, type Expr} from '../query/filter.js';
import {closest} from '../query/closest.js';
import {GUID, defineReport, shortTime, text, type ReportDefinition} from './report.js';
import {AUDIT_CSV, AUDIT_TABLES} from './directory-audits.columns.js';
import {AUDIT_DEFAULTS, initiator} from './directory-audits.list.js';
import {columnsOf} from './catalogue.list.js';
import {auditDetails, auditPivots} from './directory-audits.detail.js';

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
	columns: columnsOf('audits', AUDIT_DEFAULTS),
	details: auditDetails,
	pivots: auditPivots,
	summary: r => `${shortTime(r['activityDateTime'])} ${text(r['activityDisplayName'])} by ${initiator(r)}`,
	backends: {adminCenterCsv: AUDIT_CSV, logAnalytics: AUDIT_TABLES},
});
