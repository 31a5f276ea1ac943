/**
 * Where each report's Graph properties live in the Log Analytics tables (shared/log-analytics.md §2), as plain data:
 * one table per report that the KQL compiler (kql.ts) reads to turn a filter path into a column expression, and the
 * row mapper (kql-response.ts) reads to turn a row back into a Graph-shaped record. Its future home is beside each
 * report definition in source/reports/.
 */
import type {ReportId} from '../reports/report.js';
import type {EventTypeName} from '../reports/sign-ins.js';

export type TableName =
	| 'SigninLogs' | 'AADNonInteractiveUserSignInLogs' | 'AADServicePrincipalSignInLogs' | 'AADManagedIdentitySignInLogs'
	| 'AuditLogs' | 'AADProvisioningLogs';

/**
 * How a column holds its Graph property:
 * - `string`, `long`, `bool`, `datetime`: the value itself;
 * - `json`: an object or array, in a `dynamic` column in the tables of `dynamicIn` and as JSON text in a string
 *   column in the others;
 * - `number-text`: a number kept as a string (`AutonomousSystemNumber`, `ProcessingTimeInMilliseconds`);
 * - `error-code`: `ResultType`, the sign-in error code as a string ("0", "50126"), Graph's `status/errorCode`.
 */
export type ColumnKind = 'string' | 'long' | 'bool' | 'datetime' | 'json' | 'number-text' | 'error-code';

export interface ColumnMapping {
	/** The Graph property path, `/`-separated as in the filter AST (`status/errorCode`). */
	readonly graph: string;
	readonly column: string;
	readonly kind: ColumnKind;
	/** Only these tables have the column (default: every table of the report). */
	readonly tables?: readonly TableName[];
	/** `json` columns: the tables where the column is `dynamic` (elsewhere it is a string holding JSON). */
	readonly dynamicIn?: readonly TableName[];
}

export interface ReportTables {
	readonly tables: readonly TableName[];
	/** The record time: what `since`/`until`, ordering and paging use in every table. */
	readonly timeColumn: 'TimeGenerated';
	/** The Graph time property (filled from its own column when the table has one, else from TimeGenerated). */
	readonly timeProperty: 'createdDateTime' | 'activityDateTime';
	readonly columns: readonly ColumnMapping[];
}

const USER_TABLES: readonly TableName[] = ['SigninLogs', 'AADNonInteractiveUserSignInLogs'];
const APP_TABLES: readonly TableName[] = ['AADServicePrincipalSignInLogs', 'AADManagedIdentitySignInLogs'];
const SIGNIN_ONLY: readonly TableName[] = ['SigninLogs'];
const DYN_SIGNIN = {dynamicIn: SIGNIN_ONLY} as const;

/** The table of each sign-in event type (§2.1-2.3). */
export const EVENT_TABLES: Readonly<Record<EventTypeName, TableName>> = {
	interactive: 'SigninLogs',
	'non-interactive': 'AADNonInteractiveUserSignInLogs',
	'service-principal': 'AADServicePrincipalSignInLogs',
	'managed-identity': 'AADManagedIdentitySignInLogs',
};

/** Graph's `signInEventTypes` value for the rows of each sign-in table. */
export const TABLE_EVENT_TYPE: Readonly<Partial<Record<TableName, string>>> = {
	SigninLogs: 'interactiveUser',
	AADNonInteractiveUserSignInLogs: 'nonInteractiveUser',
	AADServicePrincipalSignInLogs: 'servicePrincipal',
	AADManagedIdentitySignInLogs: 'managedIdentity',
};

const SIGN_INS: ReportTables = {
	tables: [...USER_TABLES, ...APP_TABLES],
	timeColumn: 'TimeGenerated',
	timeProperty: 'createdDateTime',
	columns: [
		{graph: 'id', column: 'Id', kind: 'string'},
		{graph: 'createdDateTime', column: 'CreatedDateTime', kind: 'datetime', tables: USER_TABLES},
		{graph: 'userDisplayName', column: 'UserDisplayName', kind: 'string', tables: USER_TABLES},
		{graph: 'userPrincipalName', column: 'UserPrincipalName', kind: 'string', tables: USER_TABLES},
		{graph: 'userId', column: 'UserId', kind: 'string', tables: USER_TABLES},
		{graph: 'userType', column: 'UserType', kind: 'string', tables: USER_TABLES},
		{graph: 'appId', column: 'AppId', kind: 'string'},
		{graph: 'appDisplayName', column: 'AppDisplayName', kind: 'string', tables: USER_TABLES},
		// An app's own sign-in names the app as its service principal (Graph fills appDisplayName with it).
		{graph: 'appDisplayName', column: 'ServicePrincipalName', kind: 'string', tables: APP_TABLES},
		{graph: 'ipAddress', column: 'IPAddress', kind: 'string'},
		{graph: 'ipAddressFromResourceProvider', column: 'IPAddressFromResourceProvider', kind: 'string', tables: SIGNIN_ONLY},
		{graph: 'clientAppUsed', column: 'ClientAppUsed', kind: 'string', tables: USER_TABLES},
		{graph: 'userAgent', column: 'UserAgent', kind: 'string', tables: USER_TABLES},
		{graph: 'correlationId', column: 'CorrelationId', kind: 'string'},
		{graph: 'conditionalAccessStatus', column: 'ConditionalAccessStatus', kind: 'string'},
		{graph: 'appliedConditionalAccessPolicies', column: 'ConditionalAccessPolicies', kind: 'json', ...DYN_SIGNIN},
		{graph: 'status/errorCode', column: 'ResultType', kind: 'error-code'},
		{graph: 'status/failureReason', column: 'ResultDescription', kind: 'string'},
		{graph: 'status', column: 'Status', kind: 'json', ...DYN_SIGNIN, tables: USER_TABLES},
		{graph: 'deviceDetail', column: 'DeviceDetail', kind: 'json', ...DYN_SIGNIN, tables: USER_TABLES},
		// `Location` is the two-letter country in every sign-in table: cheaper than a path into LocationDetails.
		{graph: 'location/countryOrRegion', column: 'Location', kind: 'string'},
		{graph: 'location', column: 'LocationDetails', kind: 'json', ...DYN_SIGNIN},
		{graph: 'mfaDetail', column: 'MfaDetail', kind: 'json', ...DYN_SIGNIN, tables: USER_TABLES},
		{graph: 'isInteractive', column: 'IsInteractive', kind: 'bool', tables: USER_TABLES},
		{graph: 'riskDetail', column: 'RiskDetail', kind: 'string', tables: USER_TABLES},
		{graph: 'riskLevelAggregated', column: 'RiskLevelAggregated', kind: 'string', tables: USER_TABLES},
		{graph: 'riskLevelDuringSignIn', column: 'RiskLevelDuringSignIn', kind: 'string', tables: USER_TABLES},
		{graph: 'riskState', column: 'RiskState', kind: 'string', tables: USER_TABLES},
		{graph: 'riskEventTypes_v2', column: 'RiskEventTypes_V2', kind: 'json', tables: USER_TABLES},
		{graph: 'resourceDisplayName', column: 'ResourceDisplayName', kind: 'string'},
		{graph: 'resourceId', column: 'ResourceIdentity', kind: 'string'},
		{graph: 'resourceServicePrincipalId', column: 'ResourceServicePrincipalId', kind: 'string'},
		{graph: 'resourceTenantId', column: 'ResourceTenantId', kind: 'string', tables: USER_TABLES},
		{graph: 'homeTenantId', column: 'HomeTenantId', kind: 'string', tables: USER_TABLES},
		{graph: 'servicePrincipalId', column: 'ServicePrincipalId', kind: 'string'},
		{graph: 'servicePrincipalName', column: 'ServicePrincipalName', kind: 'string', tables: ['SigninLogs', ...APP_TABLES]},
		{graph: 'servicePrincipalCredentialKeyId', column: 'ServicePrincipalCredentialKeyId', kind: 'string', tables: APP_TABLES},
		{graph: 'servicePrincipalCredentialThumbprint', column: 'ServicePrincipalCredentialThumbprint', kind: 'string', tables: APP_TABLES},
		{graph: 'federatedCredentialId', column: 'FederatedCredentialId', kind: 'string', tables: APP_TABLES},
		{graph: 'tokenIssuerName', column: 'TokenIssuerName', kind: 'string', tables: USER_TABLES},
		{graph: 'tokenIssuerType', column: 'TokenIssuerType', kind: 'string', tables: USER_TABLES},
		{graph: 'authenticationDetails', column: 'AuthenticationDetails', kind: 'json', tables: USER_TABLES},
		{graph: 'authenticationProcessingDetails', column: 'AuthenticationProcessingDetails', kind: 'json'},
		{graph: 'authenticationRequirement', column: 'AuthenticationRequirement', kind: 'string', tables: USER_TABLES},
		{graph: 'authenticationRequirementPolicies', column: 'AuthenticationRequirementPolicies', kind: 'json', tables: USER_TABLES},
		{graph: 'authenticationMethodsUsed', column: 'AuthenticationMethodsUsed', kind: 'json', tables: USER_TABLES},
		{graph: 'authenticationProtocol', column: 'AuthenticationProtocol', kind: 'string', tables: USER_TABLES},
		{graph: 'authenticationContextClassReferences', column: 'AuthenticationContextClassReferences', kind: 'json'},
		{graph: 'networkLocationDetails', column: 'NetworkLocationDetails', kind: 'json', tables: USER_TABLES},
		{graph: 'sessionLifetimePolicies', column: 'SessionLifetimePolicies', kind: 'json', tables: USER_TABLES},
		{graph: 'processingTimeInMilliseconds', column: 'ProcessingTimeInMilliseconds', kind: 'number-text', tables: SIGNIN_ONLY},
		{graph: 'processingTimeInMilliseconds', column: 'ProcessingTimeInMs', kind: 'number-text', tables: ['AADNonInteractiveUserSignInLogs']},
		{graph: 'originalRequestId', column: 'OriginalRequestId', kind: 'string', tables: USER_TABLES},
		{graph: 'uniqueTokenIdentifier', column: 'UniqueTokenIdentifier', kind: 'string'},
		{graph: 'alternateSignInName', column: 'AlternateSignInName', kind: 'string', tables: USER_TABLES},
		{graph: 'signInIdentifier', column: 'SignInIdentifier', kind: 'string', tables: SIGNIN_ONLY},
		{graph: 'signInIdentifierType', column: 'SignInIdentifierType', kind: 'string', tables: USER_TABLES},
		{graph: 'crossTenantAccessType', column: 'CrossTenantAccessType', kind: 'string', tables: USER_TABLES},
		{graph: 'flaggedForReview', column: 'FlaggedForReview', kind: 'bool', tables: SIGNIN_ONLY},
		{graph: 'autonomousSystemNumber', column: 'AutonomousSystemNumber', kind: 'number-text', tables: USER_TABLES},
		{graph: 'signInEventTypes', column: 'SignInEventTypes', kind: 'json', tables: ['AADNonInteractiveUserSignInLogs']},
		{graph: 'appliedEventListeners', column: 'AppliedEventListeners', kind: 'json', dynamicIn: USER_TABLES, tables: USER_TABLES},
	],
};

const AUDITS: ReportTables = {
	tables: ['AuditLogs'],
	timeColumn: 'TimeGenerated',
	timeProperty: 'activityDateTime',
	columns: [
		{graph: 'id', column: 'Id', kind: 'string'},
		{graph: 'activityDateTime', column: 'ActivityDateTime', kind: 'datetime'},
		{graph: 'activityDisplayName', column: 'ActivityDisplayName', kind: 'string'},
		{graph: 'category', column: 'Category', kind: 'string'},
		{graph: 'correlationId', column: 'CorrelationId', kind: 'string'},
		{graph: 'initiatedBy', column: 'InitiatedBy', kind: 'json', dynamicIn: ['AuditLogs']},
		{graph: 'targetResources', column: 'TargetResources', kind: 'json', dynamicIn: ['AuditLogs']},
		{graph: 'additionalDetails', column: 'AdditionalDetails', kind: 'json', dynamicIn: ['AuditLogs']},
		{graph: 'loggedByService', column: 'LoggedByService', kind: 'string'},
		{graph: 'operationType', column: 'AADOperationType', kind: 'string'},
		{graph: 'result', column: 'Result', kind: 'string'},
		{graph: 'resultReason', column: 'ResultReason', kind: 'string'},
	],
};

const PROVISIONING: ReportTables = {
	tables: ['AADProvisioningLogs'],
	timeColumn: 'TimeGenerated',
	timeProperty: 'activityDateTime',
	columns: [
		{graph: 'id', column: 'Id', kind: 'string'},
		{graph: 'tenantId', column: 'AADTenantId', kind: 'string'},
		{graph: 'jobId', column: 'JobId', kind: 'string'},
		{graph: 'cycleId', column: 'CycleId', kind: 'string'},
		{graph: 'changeId', column: 'ChangeId', kind: 'string'},
		{graph: 'provisioningAction', column: 'ProvisioningAction', kind: 'string'},
		{graph: 'durationInMilliseconds', column: 'DurationMs', kind: 'long'},
		{graph: 'servicePrincipal', column: 'ServicePrincipal', kind: 'json'},
		{graph: 'initiatedBy', column: 'InitiatedBy', kind: 'json'},
		{graph: 'sourceIdentity', column: 'SourceIdentity', kind: 'json'},
		{graph: 'targetIdentity', column: 'TargetIdentity', kind: 'json'},
		{graph: 'targetSystem', column: 'TargetSystem', kind: 'json'},
		// Where Graph's sourceSystem lands is not documented (§2.5): read it when SourceSystem holds a JSON object.
		{graph: 'sourceSystem', column: 'SourceSystem', kind: 'json'},
		{graph: 'provisioningStatusInfo', column: 'ProvisioningStatusInfo', kind: 'json'},
		{graph: 'provisioningSteps', column: 'ProvisioningSteps', kind: 'json'},
		{graph: 'modifiedProperties', column: 'ModifiedProperties', kind: 'json'},
	],
};

export const REPORT_TABLES: Readonly<Record<ReportId, ReportTables>> = {signins: SIGN_INS, audits: AUDITS, provisioning: PROVISIONING};

/** Whether a table has a mapping's column. */
export function inTable(mapping: ColumnMapping, table: TableName): boolean {
	return mapping.tables === undefined || mapping.tables.includes(table);
}

/** Whether a `json` column is `dynamic` in this table (else a string holding JSON). */
export function isDynamic(mapping: ColumnMapping, table: TableName): boolean {
	return mapping.kind === 'json' && (mapping.dynamicIn?.includes(table) ?? false);
}
