/**
 * Directory audits in the list: every column a responder may want, and those shown by default (as before the
 * catalogue). The column chooser (C) picks and orders them; the choice is saved per report.
 */
import {arr, at, names, obj, shortTime, text, type Column, type GraphRecord} from './report.js';
import {col, path} from './common.list.js';
import {targetName} from './directory-audits.detail.js';

/** Who did it: the user's UPN, else the app's name, else the user's id. */
export function initiator(r: GraphRecord): string {
	return (
		text(at(r, 'initiatedBy/user/userPrincipalName')) ||
		text(at(r, 'initiatedBy/app/displayName')) ||
		text(at(r, 'initiatedBy/user/id'))
	);
}

/** A few items of a list in one cell, then how many more; what the property holds when it is no list. */
function some(list: unknown, each: (item: Readonly<Record<string, unknown>>) => string): string {
	if (!Array.isArray(list)) return text(list);
	const shown = list
		.slice(0, 10)
		.map(t => (t !== null && typeof t === 'object' && !Array.isArray(t) ? each(obj(t)) : text(t)))
		.filter(Boolean);
	return `${shown.join(', ')}${list.length > 10 ? ` (+${list.length - 10})` : ''}`;
}

/** The targets in one cell: their names (the first few, then how many more). */
export const targetsText = (r: GraphRecord): string => some(r['targetResources'], targetName);

/** The names of the properties changed on the targets, each once. */
function modified(r: GraphRecord): string {
	const seen = new Set<string>();
	for (const t of arr(r['targetResources']).slice(0, 50))
		for (const p of arr(obj(t)['modifiedProperties']).slice(0, 200)) {
			const name = text(obj(p)['displayName'], 200);
			if (name) seen.add(name);
		}
	return [...seen].join(', ');
}

/** Every audit column, in the chooser's order for those not chosen. */
export const AUDIT_CATALOGUE: readonly Column[] = [
	col('time', 'Date (UTC)', 19, r => shortTime(r['activityDateTime'])),
	col('service', 'Service', 10, path('loggedByService'), {grow: 1}),
	col('category', 'Category', 12, path('category'), {grow: 1}),
	col('activity', 'Activity', 16, path('activityDisplayName'), {grow: 3}),
	col('result', 'Result', 8, path('result'), {tone: r => (r['result'] === 'success' ? 'success' : 'failure')}),
	col('initiator', 'Initiated by', 14, initiator, {grow: 2}),
	col('target', 'Target', 12, targetsText, {grow: 2}),
	col('resultReason', 'Result reason', 16, path('resultReason'), {grow: 2}),
	col('operationType', 'Operation', 10, path('operationType')),
	col('targetType', 'Target type', 10, r => some(r['targetResources'], t => text(t['type']))),
	col('targetId', 'Target id', 36, r => some(r['targetResources'], t => text(t['id']))),
	col('modified', 'Modified properties', 20, modified, {grow: 2}),
	col(
		'initiatorName',
		'Initiator name',
		14,
		r => text(at(r, 'initiatedBy/user/displayName')) || text(at(r, 'initiatedBy/app/displayName')),
	),
	col(
		'initiatorId',
		'Initiator id',
		36,
		r => text(at(r, 'initiatedBy/user/id')) || text(at(r, 'initiatedBy/app/appId')),
	),
	col('initiatorIp', 'Initiator IP', 15, path('initiatedBy/user/ipAddress')),
	col('initiatorApp', 'Initiator app', 14, path('initiatedBy/app/displayName'), {grow: 1}),
	col('initiatorSp', 'Initiator service principal', 36, path('initiatedBy/app/servicePrincipalId')),
	col(
		'details',
		'Additional details',
		20,
		r => some(r['additionalDetails'], d => `${text(d['key'])}=${text(d['value'])}`),
		{
			grow: 2,
		},
	),
	col('userAgent', 'User agent', 20, r =>
		text(obj(arr(r['additionalDetails']).find(d => /^user-?agent$/i.test(text(obj(d)['key']))))['value']),
	),
	col('correlationId', 'Correlation id', 36, path('correlationId')),
	col('id', 'Audit id', 36, r => text(r.id)),
	col('targetNames', 'Target names', 16, r =>
		names(arr(r['targetResources']).map(t => obj(t)['displayName'])).join(', '),
	),
];

/**
 * Shown by default, in the order a narrow terminal keeps them (columns are left out from the right): what was done and
 * its result first, then who did it to what; the service and category last.
 */
export const AUDIT_DEFAULTS = ['time', 'activity', 'result', 'initiator', 'target', 'service', 'category'];
