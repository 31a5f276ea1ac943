/**
 * How each column of an admin-center CSV download is read, decided once per header: onto a Graph path (the report's
 * own table, reports/*.columns.ts), by the actor's type (audits), or kept as it is under `@adminCenter.columns`
 * when Graph's shape has no place for it, and named in the file's note, never dropped unsaid.
 *
 * The audit download's header (not in Microsoft's docs nor shared/graph-api.md; observed in two responders' scripts
 * that read it, the same list in both: code-corpus index ids 20113323198, a PowerShell script, and 17413422703, a
 * Python one reading "AuditLogs_2024-11-09.csv"; the values' forms are not documented): "Date (UTC)", CorrelationId, Service, Category, Activity, Result, ResultReason, "User Agent", ActorType,
 * ActorDisplayName, ActorObjectId, ActorUserPrincipalName, IPAddress, ActorHomeTenantId, ActorHomeTenantName,
 * ActorServicePrincipalId, ActorServicePrincipalName, then Target1..3 Type, DisplayName, ObjectId, UserPrincipalName
 * and ModifiedProperty1..5 Name, OldValue, NewValue, then AdditionalDetail1..6 Key and Value.
 */
import {adminCenterKey} from '../reports/admin-center.js';
import type {ReportDefinition} from '../reports/report.js';

/** Where the unmapped columns of a row are kept, by their names as the header writes them. */
export const UNMAPPED_KEY = '@adminCenter.columns';

export type ColumnPlan =
	/** A Graph path (`.`-separated; a number is an array's index) or one chosen by the row's actor type. */
	| {readonly kind: 'path'; readonly path: string}
	| {readonly kind: 'actor'; readonly user: string; readonly app?: string}
	| {readonly kind: 'unmapped'; readonly name: string}
	/** Read by another part of the reader (a sign-in's Location and Status): nothing to do here. */
	| {readonly kind: 'skip'};

const TARGET_FIELDS: Readonly<Record<string, string>> = {
	type: 'type',
	displayname: 'displayName',
	objectid: 'id',
	userprincipalname: 'userPrincipalName',
};
const MODIFIED_FIELDS: Readonly<Record<string, string>> = {
	name: 'displayName',
	oldvalue: 'oldValue',
	newvalue: 'newValue',
};

/**
 * The actor's columns: a user's (ActorType User) under initiatedBy.user, an app's under initiatedBy.app when Graph's
 * app has the property (it has no IP address, user principal name or home tenant: those stay unmapped for an app).
 */
const ACTOR: Readonly<Record<string, {readonly user: string; readonly app?: string}>> = {
	actordisplayname: {user: 'initiatedBy.user.displayName', app: 'initiatedBy.app.displayName'},
	actorobjectid: {user: 'initiatedBy.user.id'},
	actoruserprincipalname: {user: 'initiatedBy.user.userPrincipalName'},
	ipaddress: {user: 'initiatedBy.user.ipAddress'},
	actorhometenantid: {user: 'initiatedBy.user.homeTenantId'},
	actorhometenantname: {user: 'initiatedBy.user.homeTenantName'},
	actorserviceprincipalid: {user: 'initiatedBy.app.servicePrincipalId', app: 'initiatedBy.app.servicePrincipalId'},
	actorserviceprincipalname: {
		user: 'initiatedBy.app.servicePrincipalName',
		app: 'initiatedBy.app.servicePrincipalName',
	},
};

/** An audit column's Graph path (numbered 1 to 99: an array's index), or an actor column, or undefined. */
function auditColumn(key: string): ColumnPlan | undefined {
	let m = /^target([1-9]\d?)modifiedproperty([1-9]\d?)(name|oldvalue|newvalue)$/.exec(key);
	if (m) {
		const field = MODIFIED_FIELDS[m[3]!]!;
		return {kind: 'path', path: `targetResources.${+m[1]! - 1}.modifiedProperties.${+m[2]! - 1}.${field}`};
	}
	m = /^target([1-9]\d?)(type|displayname|objectid|userprincipalname)$/.exec(key);
	if (m) return {kind: 'path', path: `targetResources.${+m[1]! - 1}.${TARGET_FIELDS[m[2]!]!}`};
	m = /^additionaldetail([1-9]\d?)(key|value)$/.exec(key);
	if (m) return {kind: 'path', path: `additionalDetails.${+m[1]! - 1}.${m[2]!}`};
	const actor = ACTOR[key];
	return actor ? {kind: 'actor', ...actor} : undefined;
}

/** The plan of each column of an admin-center download's header. */
export function adminCenterPlan(header: readonly string[], report: ReportDefinition): ColumnPlan[] {
	const hasActorType = report.id === 'audits' && header.some(h => adminCenterKey(h) === 'actortype');
	return header.map(name => {
		const key = adminCenterKey(name);
		if (key === 'actortype') return {kind: 'skip'};
		if (report.id === 'signins' && (key === 'location' || key === 'status') && !report.backends.adminCenterCsv[key])
			return {kind: 'skip'};
		if (report.id === 'audits') {
			// The numbered columns keep their digits (adminCenterKey drops them).
			const audit = auditColumn(name.toLowerCase().replace(/[^a-z0-9]/g, ''));
			// Without ActorType the report's own table reads the actor columns it knows.
			if (audit && (audit.kind === 'path' || hasActorType || !report.backends.adminCenterCsv[key])) {
				if (audit.kind === 'actor' && !hasActorType) return {kind: 'path', path: audit.user};
				return audit;
			}
		}
		const path = report.backends.adminCenterCsv[key];
		return path ? {kind: 'path', path} : {kind: 'unmapped', name};
	});
}

/** A user actor's row (ActorType "User"), else an app's. */
export function userActor(actorType: string | undefined): boolean {
	return (actorType ?? '').trim().toLowerCase() === 'user';
}

/** The note naming the columns kept as they are, or undefined. */
export function unmappedNote(plan: readonly ColumnPlan[]): string | undefined {
	const names = plan.flatMap(p => (p.kind === 'unmapped' ? [JSON.stringify(p.name)] : []));
	if (names.length === 0) return undefined;
	const shown = names.length > 8 ? [...names.slice(0, 8), `${names.length - 8} more`] : names;
	return `${names.length} ${names.length === 1 ? 'column has' : 'columns have'} no place in Graph's shape and ${names.length === 1 ? 'is' : 'are'} kept as written under ${UNMAPPED_KEY}: ${shown.join(', ')}`;
}
