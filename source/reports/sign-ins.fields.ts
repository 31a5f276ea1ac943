/**
 * Sign-ins: the fields a user filters on and the clauses each becomes, and the event types (interactive,
 * non-interactive, service principal, managed identity): how a query names them and how an offline record that does
 * not say its own is classed.
 */
import {QueryError} from '../query/time.js';
import {and, num, or, str, type Expr} from '../query/filter.js';
import {INTERRUPTS} from '../triage/outcome.js';

import {countryCode} from './countries.js';
import {GUID, at, text, type FilterField} from './report.js';

export const eq = (path: string, value: string): Expr => ({kind: 'cmp', path, op: 'eq', value: str(value)});
export const starts = (path: string, value: string): Expr => ({kind: 'fn', fn: 'startswith', path, value});

export function guid(label: string, value: string): string {
	const v = value.trim();
	if (!GUID.test(v))
		throw new QueryError(`${label} must be a GUID like 0b4d1f2e-7a3c-4e59-9c61-3f2a8b7d5e10, not "${value}"`);
	return v.toLowerCase();
}

export const CA_CHOICES = ['success', 'failure', 'notApplied'];
export const RISK = ['none', 'low', 'medium', 'high', 'hidden'];
/** A sign-in's outcome as the admin center shows it (source/triage/outcome.ts). */
export const OUTCOMES = ['success', 'interrupted', 'failure'];

export const fields: readonly FilterField[] = [
	{
		key: 'user',
		label: 'User',
		hint: 'alice@contoso.com, or a prefix; a GUID is a user id',
		build: v => {
			const value = v.trim();
			if (GUID.test(value)) return {server: eq('userId', value.toLowerCase())};
			// Sign-in logs store UPNs in lower case (graph-api.md §4.1).
			return {
				server: value.includes('@')
					? eq('userPrincipalName', value.toLowerCase())
					: starts('userPrincipalName', value.toLowerCase()),
			};
		},
	},
	{
		key: 'app',
		label: 'Application',
		hint: 'name prefix (Microsoft Teams) or app id',
		build: v => ({
			server: GUID.test(v.trim()) ? eq('appId', v.trim().toLowerCase()) : starts('appDisplayName', v.trim()),
		}),
	},
	{
		key: 'ip',
		label: 'IP address',
		hint: '203.0.113.7, or a prefix ending in . or *',
		build: v => {
			const value = v.trim();
			if (!/^[0-9a-f.:*]+$/i.test(value)) throw new QueryError(`"${v}" is not an IP address or prefix`);
			return {
				server:
					value.endsWith('*') || value.endsWith('.')
						? starts('ipAddress', value.replace(/\*$/, ''))
						: eq('ipAddress', value),
			};
		},
	},
	{
		key: 'correlation',
		label: 'Correlation id',
		hint: 'GUID',
		build: v => ({server: eq('correlationId', guid('a correlation id', v))}),
	},
	{
		key: 'request',
		label: 'Request id',
		hint: 'GUID (the sign-in id)',
		build: v => ({server: eq('id', guid('a request id', v))}),
	},
	{
		key: 'error',
		label: 'Error code',
		hint: '50126, 53003 ...',
		build: v => {
			const n = Number(v.trim().replace(/^AADSTS/i, ''));
			if (!Number.isInteger(n) || n < 0)
				throw new QueryError(`"${v}" is not an error code: use a number such as 50126`);
			return {server: {kind: 'cmp', path: 'status/errorCode', op: 'eq', value: num(n)}};
		},
	},
	{
		key: 'status',
		label: 'Status',
		hint: 'success, interrupted or failure',
		choices: OUTCOMES,
		build: v => {
			const value = v.trim().toLowerCase();
			const code = (op: 'eq' | 'ne' | 'ge', n: number): Expr => ({
				kind: 'cmp',
				path: 'status/errorCode',
				op,
				value: num(n),
			});
			// Graph documents only `eq` on status/errorCode (graph-api.md §4.1): success is `eq 0`, an interrupt one of
			// the interrupt table's codes (documented `eq`s joined by OData's `or`); a failure is any other code, which
			// no `eq` can say, so it is checked here. A code that cannot be read is neither (outcome.ts: unknown).
			if (value === 'success' || value === '0') return {server: code('eq', 0)};
			if (value === 'interrupted' || value === 'interrupt')
				return {server: or([...INTERRUPTS.keys()].sort((a, b) => a - b).map(n => code('eq', n)))};
			if (value === 'failure' || value === '1')
				return {local: and([code('ge', 1), ...[...INTERRUPTS.keys()].map(n => code('ne', n))])};
			throw new QueryError(`status must be success, interrupted or failure, not "${v}"`);
		},
	},
	{
		key: 'ca',
		label: 'Conditional Access',
		hint: CA_CHOICES.join(', '),
		choices: CA_CHOICES,
		build: v => {
			const value = CA_CHOICES.find(c => c.toLowerCase() === v.trim().toLowerCase());
			if (!value) throw new QueryError(`conditional access status must be one of ${CA_CHOICES.join(', ')}`);
			return {server: eq('conditionalAccessStatus', value)};
		},
	},
	{
		// Sign-ins hold the ISO 3166-1 alpha-2 code (graph-api.md §4.1): a name is looked up, never sent as typed.
		key: 'country',
		label: 'Country',
		hint: 'AU, DE ... or a name: Australia',
		build: v => {
			const code = countryCode(v);
			if (!code)
				throw new QueryError(
					`country "${v.trim()}" is neither a two-letter ISO code (AU, DE, US ...) nor a country's English name`,
				);
			return {server: eq('location/countryOrRegion', code)};
		},
	},
	{key: 'city', label: 'City', hint: 'name prefix', build: v => ({server: starts('location/city', v.trim())})},
	{
		key: 'resource',
		label: 'Resource',
		hint: 'Microsoft Graph ...',
		build: v => ({server: eq('resourceDisplayName', v.trim())}),
	},
	{
		key: 'client-app',
		label: 'Client app',
		hint: 'Browser, Exchange ActiveSync ...',
		build: v => ({server: eq('clientAppUsed', v.trim())}),
	},
	{
		key: 'risk',
		label: 'Risk level',
		hint: RISK.join(', '),
		choices: RISK,
		build: v => {
			const value = RISK.find(c => c === v.trim().toLowerCase());
			if (!value) throw new QueryError(`risk level must be one of ${RISK.join(', ')}`);
			return {server: eq('riskLevelDuringSignIn', value)};
		},
	},
	{
		// Only service principal and managed identity sign-ins carry it: see FIELD_EVENT_TYPES.
		key: 'service-principal',
		label: 'Service principal',
		hint: 'name prefix or id (service principal and managed identity sign-ins)',
		betaOnly: true,
		build: v => ({
			server: GUID.test(v.trim())
				? eq('servicePrincipalId', v.trim().toLowerCase())
				: starts('servicePrincipalName', v.trim()),
		}),
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
	return {
		kind: 'any',
		path: 'signInEventTypes',
		body: or(types.map(t => eq('', EVENT_TYPES[t]))),
		implied: impliedEventTypes,
	};
}

export const ZERO_GUID = '00000000-0000-0000-0000-000000000000';

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
	if ((spId !== '' && spId !== ZERO_GUID) || text(r['servicePrincipalName']) !== '')
		return [EVENT_TYPES['service-principal']];
	return [r['isInteractive'] === false ? EVENT_TYPES['non-interactive'] : EVENT_TYPES.interactive];
}
