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
	/** The value is a list (audit targets): each item counts once. Absent, empty and non-scalar values are not counted. */
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
		if (typeof method === 'string' && method !== '' && isMfaStep(step?.['authenticationStepRequirement']))
			return method;
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

/**
 * A report's groups and how to read them: `read` writes each group's raw value into `out`, in the order of `groups`.
 * One function per report with each property named in the code, rather than a getter per group: called a hundred
 * thousand times, thirteen getters through one call site cost more than the counting (the bench's figures).
 */
export interface ReportGroups {
	readonly groups: readonly GroupSpec[];
	readonly read: (r: unknown, out: unknown[]) => void;
}

/** Sign-ins. `errorCode` is counted apart (a number, with its meaning); the rest in this order. */
export const SIGN_IN_GROUPS: ReportGroups = {
	groups: [
		{key: 'app', label: 'Application', filter: 'app'},
		{key: 'resource', label: 'Resource', filter: 'resource'},
		{key: 'user', label: 'User', filter: 'user'},
		{key: 'servicePrincipal', label: 'Service principal', filter: 'service-principal'},
		{key: 'ip', label: 'IP address', filter: 'ip'},
		{key: 'country', label: 'Country', filter: 'country'},
		{key: 'city', label: 'City', filter: 'city'},
		{key: 'clientApp', label: 'Client app', filter: 'client-app'},
		{key: 'os', label: 'Operating system'},
		{key: 'browser', label: 'Browser'},
		{key: 'conditionalAccess', label: 'Conditional Access', filter: 'ca'},
		{key: 'authRequirement', label: 'Authentication requirement'},
		{key: 'mfaMethod', label: 'MFA method'},
	],
	read: (r, out) => {
		const o = obj(r);
		const location = obj(o?.['location']);
		const device = obj(o?.['deviceDetail']);
		out[0] = o?.['appDisplayName'];
		out[1] = o?.['resourceDisplayName'];
		out[2] = o?.['userPrincipalName'];
		out[3] = o?.['servicePrincipalName'];
		out[4] = o?.['ipAddress'];
		out[5] = location?.['countryOrRegion'];
		out[6] = location?.['city'];
		out[7] = o?.['clientAppUsed'];
		out[8] = device?.['operatingSystem'];
		out[9] = device?.['browser'];
		out[10] = o?.['conditionalAccessStatus'];
		out[11] = o?.['authenticationRequirement'];
		out[12] = mfaMethod(r);
	},
};

export const AUDIT_GROUPS: ReportGroups = {
	groups: [
		{key: 'category', label: 'Category', filter: 'category'},
		{key: 'activity', label: 'Activity', filter: 'activity'},
		{key: 'initiator', label: 'Initiated by', filter: 'initiated-by'},
		{key: 'target', label: 'Target', filter: 'target', many: true},
		{key: 'result', label: 'Result', filter: 'result'},
		{key: 'service', label: 'Service', filter: 'service'},
	],
	read: (r, out) => {
		const o = obj(r);
		out[0] = o?.['category'];
		out[1] = o?.['activityDisplayName'];
		out[2] = initiator(r);
		out[3] = targets(r);
		out[4] = o?.['result'];
		out[5] = o?.['loggedByService'];
	},
};

export const PROVISIONING_GROUPS: ReportGroups = {
	groups: [
		{key: 'job', label: 'Job', filter: 'job'},
		{key: 'action', label: 'Action', filter: 'action'},
		{key: 'status', label: 'Status', filter: 'status'},
		{key: 'errorCode', label: 'Error code'},
		{key: 'system', label: 'Target system', filter: 'system'},
	],
	read: (r, out) => {
		out[0] = obj(r)?.['jobId'];
		out[1] = provisioningAction(r);
		out[2] = provisioningStatus(r);
		out[3] = provisioningError(r);
		out[4] = obj(obj(r)?.['targetSystem'])?.['displayName'];
	},
};

export function groupsOf(report: ReportId): ReportGroups {
	return report === 'signins' ? SIGN_IN_GROUPS : report === 'audits' ? AUDIT_GROUPS : PROVISIONING_GROUPS;
}

/** A record's value for one group (`key`), as the summary counts it (a list for audit targets); for a drill-down. */
export function groupValue(report: ReportId, key: string, r: unknown): unknown {
	const {groups, read} = groupsOf(report);
	const out: unknown[] = [];
	read(r, out);
	return out[groups.findIndex(g => g.key === key)];
}

/** The error-code group of sign-ins (counted apart from SIGN_IN_GROUPS). */
export const ERROR_CODE_GROUP = {key: 'errorCode', label: 'Error code', filter: 'error'} as const;
