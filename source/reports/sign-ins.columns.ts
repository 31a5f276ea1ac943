/**
 * Sign-ins in the other backends, beside the definition (sign-ins.ts): the admin center's CSV download columns and the
 * Log Analytics tables. Records stay Graph-shaped everywhere: these say where each Graph property is found.
 */
import {ADMIN_CENTER_COMMON} from './admin-center.js';
import type {ReportTables, TableName} from './log-analytics.js';
import type {EventTypeName} from './sign-ins.fields.js';

/**
 * The admin center's sign-in CSV columns (matched without case, spaces and punctuation) → Graph paths, `.`-separated
 * (shared/graph-api.md, "Portal CSV export of sign-ins"; the service principal and managed identity tabs name the
 * service principal).
 */
export const SIGN_IN_CSV: Readonly<Record<string, string>> = {
	...ADMIN_CENTER_COMMON,
	requestid: 'id',
	useragent: 'userAgent',
	userid: 'userId',
	user: 'userDisplayName',
	username: 'userPrincipalName',
	application: 'appDisplayName',
	applicationid: 'appId',
	resource: 'resourceDisplayName',
	resourceid: 'resourceId',
	ipaddress: 'ipAddress',
	signinerrorcode: 'status.errorCode',
	failurereason: 'status.failureReason',
	clientapp: 'clientAppUsed',
	deviceid: 'deviceDetail.deviceId',
	browser: 'deviceDetail.browser',
	operatingsystem: 'deviceDetail.operatingSystem',
	compliant: 'deviceDetail.isCompliant',
	managed: 'deviceDetail.isManaged',
	jointype: 'deviceDetail.trustType',
	conditionalaccess: 'conditionalAccessStatus',
	authenticationrequirement: 'authenticationRequirement',
	usertype: 'userType',
	crosstenantaccesstype: 'crossTenantAccessType',
	// The rest of the portal's 55 sign-in columns.
	hometenantid: 'homeTenantId',
	hometenantname: 'homeTenantName',
	resourcetenantid: 'resourceTenantId',
	signinidentifier: 'signInIdentifier',
	sessionid: 'sessionId',
	ipaddressseenbyresource: 'ipAddressFromResourceProvider',
	autonomoussystemnumber: 'autonomousSystemNumber',
	flaggedforreview: 'flaggedForReview',
	tokenissuertype: 'tokenIssuerType',
	incomingtokentype: 'incomingTokenType',
	tokenissuername: 'tokenIssuerName',
	managedidentitytype: 'managedServiceIdentity.msiType',
	associatedresourceid: 'managedServiceIdentity.associatedResourceId',
	federatedtokenid: 'managedServiceIdentity.federatedTokenId',
	federatedtokenissuer: 'managedServiceIdentity.federatedTokenIssuer',
	clientcredentialtype: 'clientCredentialType',
	authenticationprotocol: 'authenticationProtocol',
	uniquetokenidentifier: 'uniqueTokenIdentifier',
	serviceprincipalid: 'servicePrincipalId',
	serviceprincipalname: 'servicePrincipalName',
};

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

export const SIGN_IN_TABLES: ReportTables = {
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
		{
			graph: 'ipAddressFromResourceProvider',
			column: 'IPAddressFromResourceProvider',
			kind: 'string',
			tables: SIGNIN_ONLY,
		},
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
		{
			graph: 'servicePrincipalName',
			column: 'ServicePrincipalName',
			kind: 'string',
			tables: ['SigninLogs', ...APP_TABLES],
		},
		{
			graph: 'servicePrincipalCredentialKeyId',
			column: 'ServicePrincipalCredentialKeyId',
			kind: 'string',
			tables: APP_TABLES,
		},
		{
			graph: 'servicePrincipalCredentialThumbprint',
			column: 'ServicePrincipalCredentialThumbprint',
			kind: 'string',
			tables: APP_TABLES,
		},
		{graph: 'federatedCredentialId', column: 'FederatedCredentialId', kind: 'string', tables: APP_TABLES},
		{graph: 'tokenIssuerName', column: 'TokenIssuerName', kind: 'string', tables: USER_TABLES},
		{graph: 'tokenIssuerType', column: 'TokenIssuerType', kind: 'string', tables: USER_TABLES},
		{graph: 'authenticationDetails', column: 'AuthenticationDetails', kind: 'json', tables: USER_TABLES},
		{graph: 'authenticationProcessingDetails', column: 'AuthenticationProcessingDetails', kind: 'json'},
		{graph: 'authenticationRequirement', column: 'AuthenticationRequirement', kind: 'string', tables: USER_TABLES},
		{
			graph: 'authenticationRequirementPolicies',
			column: 'AuthenticationRequirementPolicies',
			kind: 'json',
			tables: USER_TABLES,
		},
		{graph: 'authenticationMethodsUsed', column: 'AuthenticationMethodsUsed', kind: 'json', tables: USER_TABLES},
		{graph: 'authenticationProtocol', column: 'AuthenticationProtocol', kind: 'string', tables: USER_TABLES},
		{graph: 'authenticationContextClassReferences', column: 'AuthenticationContextClassReferences', kind: 'json'},
		{graph: 'networkLocationDetails', column: 'NetworkLocationDetails', kind: 'json', tables: USER_TABLES},
		{graph: 'sessionLifetimePolicies', column: 'SessionLifetimePolicies', kind: 'json', tables: USER_TABLES},
		{
			graph: 'processingTimeInMilliseconds',
			column: 'ProcessingTimeInMilliseconds',
			kind: 'number-text',
			tables: SIGNIN_ONLY,
		},
		{
			graph: 'processingTimeInMilliseconds',
			column: 'ProcessingTimeInMs',
			kind: 'number-text',
			tables: ['AADNonInteractiveUserSignInLogs'],
		},
		{graph: 'originalRequestId', column: 'OriginalRequestId', kind: 'string', tables: USER_TABLES},
		{graph: 'uniqueTokenIdentifier', column: 'UniqueTokenIdentifier', kind: 'string'},
		{graph: 'alternateSignInName', column: 'AlternateSignInName', kind: 'string', tables: USER_TABLES},
		{graph: 'signInIdentifier', column: 'SignInIdentifier', kind: 'string', tables: SIGNIN_ONLY},
		{graph: 'signInIdentifierType', column: 'SignInIdentifierType', kind: 'string', tables: USER_TABLES},
		{graph: 'crossTenantAccessType', column: 'CrossTenantAccessType', kind: 'string', tables: USER_TABLES},
		{graph: 'flaggedForReview', column: 'FlaggedForReview', kind: 'bool', tables: SIGNIN_ONLY},
		{graph: 'autonomousSystemNumber', column: 'AutonomousSystemNumber', kind: 'number-text', tables: USER_TABLES},
		{graph: 'signInEventTypes', column: 'SignInEventTypes', kind: 'json', tables: ['AADNonInteractiveUserSignInLogs']},
		{
			graph: 'appliedEventListeners',
			column: 'AppliedEventListeners',
			kind: 'json',
			dynamicIn: USER_TABLES,
			tables: USER_TABLES,
		},
	],
};
