/**
 * What the summary counts for each report (issue 9 §3): a group per line of the summary, with the filter field a
 * drill-down sets (source/reports/*.ts `fields`; the value is what the list would filter on) where one exists.
 */
import type {ReportId} from '../reports/report.js';
import {obj} from './values.js';

export interface GroupSpec {
	readonly key: string;
	readonly label: string;
	/** The report's filter field a drill-down on a value sets, if any. */
	readonly filter?: string;
	/** The raw value(s) of a record; absent, empty and non-scalar values are not counted. */
	readonly get: (r: unknown) => unknown;
	/** The value is a list (audit targets): each item counts once. */
	readonly many?: boolean;
}


/** The MFA method: `mfaDetail.authMethod` (v1.0; deprecated in beta), else the last MFA step of `authenticationDetails` (beta). */
export function mfaMethod(r: unknown): unknown {
	const detail = obj(obj(r)?.['mfaDetail'])?.['authMethod'];
	if (typeof detail === 'string' && detail !== '') return detail;
	const steps = obj(r)?.['authenticationDetails'];
	if (!Array.isArray(steps)) return undefined;
	for (let i = steps.length - 1; i >= 0; i--) {
		const step = obj(steps[i]);
		const method = step?.['authenticationMethod'];
		if (typeof method === 'string' && method !== '' && isMfaStep(step?.['authenticationStepRequirement'])) return method;
	}
	return undefined;
}

/** "Multifactor authentication" (the docs' value), or another spelling of it; cheap for the usual "Primary authentication". */
function isMfaStep(req: unknown): boolean {
	if (req === 'Multifactor authentication') return true;
	if (typeof req !== 'string') return false;
	const first = req.charCodeAt(0);
	return (first === 77 || first === 109) && /^multi-?factor/i.test(req);
}

/** The initiator of an audit: the user's UPN, else the app's name, else the user's id (as the list shows it). */
export function initiator(r: unknown): unknown {
	const by = obj(r)?.['initiatedBy'];
	const upn = obj(obj(by)?.['user'])?.['userPrincipalName'];
	if (typeof upn === 'string' && upn !== '') return upn;
	const app = obj(obj(by)?.['app'])?.['displayName'];
	if (typeof app === 'string' && app !== '') return app;
	return obj(obj(by)?.['user'])?.['id'];
}

function targets(r: unknown): unknown {
	const list = obj(r)?.['targetResources'];
	if (!Array.isArray(list)) return undefined;
	return list.map(t => {
		const upn = obj(t)?.['userPrincipalName'];
		if (typeof upn === 'string' && upn !== '') return upn;
		const name = obj(t)?.['displayName'];
		return typeof name === 'string' && name !== '' ? name : obj(t)?.['id'];
	});
}

const PROVISIONING_ACTIONS = ['create', 'update', 'delete', 'disable', 'stagedDelete', 'other'];

/** `provisioningAction`, else the deprecated `action` ("Update") mapped onto the enum's spelling when it is one. */
export function provisioningAction(r: unknown): unknown {
	const action = obj(r)?.['provisioningAction'];
	if (typeof action === 'string' && action !== '') return action;
	const old = obj(r)?.['action'];
	if (typeof old !== 'string') return undefined;
	return PROVISIONING_ACTIONS.find(a => a.toLowerCase() === old.toLowerCase()) ?? old;
}

/** `provisioningStatusInfo.status`, else the deprecated `statusInfo.status`. */
export function provisioningStatus(r: unknown): unknown {
	const status = obj(obj(r)?.['provisioningStatusInfo'])?.['status'];
	return typeof status === 'string' && status !== '' ? status : obj(obj(r)?.['statusInfo'])?.['status'];
}

function provisioningError(r: unknown): unknown {
	const code = obj(obj(obj(r)?.['provisioningStatusInfo'])?.['errorInformation'])?.['errorCode'];
	return typeof code === 'string' && code !== '' ? code : obj(obj(r)?.['statusInfo'])?.['errorCode'];
}

/** Sign-ins. `errorCode` is counted apart (a number, with its meaning); the rest in this order. */
export const SIGN_IN_GROUPS: readonly GroupSpec[] = [
	{key: 'app', label: 'Application', filter: 'app', get: r => obj(r)?.['appDisplayName']},
	{key: 'resource', label: 'Resource', filter: 'resource', get: r => obj(r)?.['resourceDisplayName']},
	{key: 'user', label: 'User', filter: 'user', get: r => obj(r)?.['userPrincipalName']},
	{key: 'servicePrincipal', label: 'Service principal', filter: 'service-principal', get: r => obj(r)?.['servicePrincipalName']},
	{key: 'ip', label: 'IP address', filter: 'ip', get: r => obj(r)?.['ipAddress']},
	{key: 'country', label: 'Country', filter: 'country', get: r => obj(obj(r)?.['location'])?.['countryOrRegion']},
	{key: 'city', label: 'City', filter: 'city', get: r => obj(obj(r)?.['location'])?.['city']},
	{key: 'clientApp', label: 'Client app', filter: 'client-app', get: r => obj(r)?.['clientAppUsed']},
	{key: 'os', label: 'Operating system', get: r => obj(obj(r)?.['deviceDetail'])?.['operatingSystem']},
	{key: 'browser', label: 'Browser', get: r => obj(obj(r)?.['deviceDetail'])?.['browser']},
	{key: 'conditionalAccess', label: 'Conditional Access', filter: 'ca', get: r => obj(r)?.['conditionalAccessStatus']},
	{key: 'authRequirement', label: 'Authentication requirement', get: r => obj(r)?.['authenticationRequirement']},
	{key: 'mfaMethod', label: 'MFA method', get: mfaMethod},
];

export const AUDIT_GROUPS: readonly GroupSpec[] = [
	{key: 'category', label: 'Category', filter: 'category', get: r => obj(r)?.['category']},
	{key: 'activity', label: 'Activity', filter: 'activity', get: r => obj(r)?.['activityDisplayName']},
	{key: 'initiator', label: 'Initiated by', filter: 'initiated-by', get: initiator},
	{key: 'target', label: 'Target', filter: 'target', get: targets, many: true},
	{key: 'result', label: 'Result', filter: 'result', get: r => obj(r)?.['result']},
	{key: 'service', label: 'Service', filter: 'service', get: r => obj(r)?.['loggedByService']},
];

export const PROVISIONING_GROUPS: readonly GroupSpec[] = [
	{key: 'job', label: 'Job', filter: 'job', get: r => obj(r)?.['jobId']},
	{key: 'action', label: 'Action', filter: 'action', get: provisioningAction},
	{key: 'status', label: 'Status', filter: 'status', get: provisioningStatus},
	{key: 'errorCode', label: 'Error code', get: provisioningError},
	{key: 'system', label: 'Target system', filter: 'system', get: r => obj(obj(r)?.['targetSystem'])?.['displayName']},
];

export function groupsOf(report: ReportId): readonly GroupSpec[] {
	return report === 'signins' ? SIGN_IN_GROUPS : report === 'audits' ? AUDIT_GROUPS : PROVISIONING_GROUPS;
}

/** The error-code group of sign-ins (counted apart from SIGN_IN_GROUPS). */
export const ERROR_CODE_GROUP = {key: 'errorCode', label: 'Error code', filter: 'error'} as const;
