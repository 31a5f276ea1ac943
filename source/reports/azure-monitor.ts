/**
 * Azure Monitor's record envelope (diagnostic settings: a storage account's `PT1H.json` files, Event Hubs messages)
 * read as Graph's records, declared here in one place (shared/log-analytics.md §4). An envelope carries `time`,
 * `category`, `resultType`, `tenantId`, `durationMs`... around `properties`, which is nearly the Graph record: the
 * record is `properties`, with what only the envelope says filled in where `properties` lacks it (FILLS), values
 * whose type varies between records given Graph's (TYPES), and the envelope itself (all but `properties`) kept under
 * ENVELOPE_KEY for the detail. Records are untrusted: any value may be any JSON; nothing here throws.
 */
import {graphTimeText} from '../query/time.js';
import {reportById} from './index.js';
import type {GraphRecord, ReportId} from './report.js';

/** Where a record keeps the envelope it came in (all but `properties`, as it was written): not a Graph property. */
export const ENVELOPE_KEY = '@azureMonitor.envelope';

export interface Category {
	/** As Azure Monitor writes it (`SignInLogs`). */
	readonly name: string;
	readonly report: ReportId;
	/** Sign-ins: the Graph `signInEventTypes` member a category's records are (beta's `signInEventTypes`). */
	readonly eventType?: string;
}

/**
 * The Entra categories entra-logs reads, by lowercased name: the container of a storage account is
 * `insights-logs-<category, lowercased>`, the record's `category` is the name as written (§4.1).
 */
export const CATEGORIES: Readonly<Record<string, Category>> = {
	signinlogs: {name: 'SignInLogs', report: 'signins', eventType: 'interactiveUser'},
	noninteractiveusersigninlogs: {
		name: 'NonInteractiveUserSignInLogs',
		report: 'signins',
		eventType: 'nonInteractiveUser',
	},
	serviceprincipalsigninlogs: {name: 'ServicePrincipalSignInLogs', report: 'signins', eventType: 'servicePrincipal'},
	managedidentitysigninlogs: {name: 'ManagedIdentitySignInLogs', report: 'signins', eventType: 'managedIdentity'},
	auditlogs: {name: 'AuditLogs', report: 'audits'},
	provisioninglogs: {name: 'ProvisioningLogs', report: 'provisioning'},
};

/** The category of a name (`SignInLogs`, `signinlogs`, `insights-logs-signinlogs`); undefined for one not read. */
export function categoryOf(name: unknown): Category | undefined {
	if (typeof name !== 'string') return undefined;
	const key = name.toLowerCase().replace(/^insights-logs-/, '');
	return Object.hasOwn(CATEGORIES, key) ? CATEGORIES[key] : undefined;
}

/** How an envelope value becomes a Graph value. */
type As =
	/** as it is */
	| 'value'
	/** a number, from a number or a numeric string ("0", "-1"); else not filled */
	| 'number'
	/** lower case text ("Success" → "success") */
	| 'lower'
	/** the tenant: `tenantId`, else the GUID in `resourceId` (`/tenants/{tid}/providers/Microsoft.aadiam`) */
	| 'tenant';

interface Fill {
	/** Graph's property (a dotted path), filled only when `properties` lacks it. */
	readonly graph: string;
	/** The envelope's key, in lower case (keys are matched whatever their case: `Level` and `level`). */
	readonly from: string;
	readonly as: As;
}

/** What the envelope says that `properties` may lack, per report (§2.8, §4.3). The time field is filled apart. */
const FILLS: Readonly<Record<ReportId, readonly Fill[]>> = {
	signins: [
		{graph: 'correlationId', from: 'correlationid', as: 'value'},
		{graph: 'ipAddress', from: 'calleripaddress', as: 'value'},
		{graph: 'status.errorCode', from: 'resulttype', as: 'number'},
		{graph: 'status.failureReason', from: 'resultdescription', as: 'value'},
		{graph: 'location.countryOrRegion', from: 'location', as: 'value'},
	],
	audits: [
		{graph: 'activityDisplayName', from: 'operationname', as: 'value'},
		{graph: 'correlationId', from: 'correlationid', as: 'value'},
		{graph: 'result', from: 'resulttype', as: 'lower'},
		{graph: 'resultReason', from: 'resultdescription', as: 'value'},
	],
	provisioning: [
		{graph: 'tenantId', from: 'tenantid', as: 'tenant'},
		{graph: 'durationInMilliseconds', from: 'durationms', as: 'number'},
		{graph: 'provisioningStatusInfo.status', from: 'resulttype', as: 'lower'},
		{graph: 'correlationId', from: 'correlationid', as: 'value'},
	],
};

/**
 * Graph's type for values whose type differs between records (§4.3 quirk 5): numbers written as strings, and the
 * audit `result` written as the enum's number (`"result": 0` in the audit schema's example) for its name.
 */
const TYPES: Readonly<Record<ReportId, Readonly<Record<string, 'number' | 'auditResult'>>>> = {
	signins: {
		'status.errorCode': 'number',
		processingTimeInMilliseconds: 'number',
		autonomousSystemNumber: 'number',
	},
	audits: {result: 'auditResult'},
	provisioning: {durationInMilliseconds: 'number'},
};

/** Graph's `operationResult` members in their declared order (the number an older audit record writes). */
const AUDIT_RESULTS = ['success', 'failure', 'timeout', 'unknownFutureValue'];

/** The category of an envelope (its own `category`, whatever the key's case), else `fallback` (its container's). */
export function envelopeCategory(
	envelope: Readonly<Record<string, unknown>>,
	fallback?: Category,
): {readonly category?: Category; readonly named?: string} {
	const own = lowerKey(envelope, 'category');
	if (own === undefined || own === null || own === '') return {category: fallback};
	return {category: categoryOf(own), named: typeof own === 'string' ? own.slice(0, 60) : undefined};
}

/**
 * An envelope as a Graph record of `report`; undefined when it has no time (neither the Graph time in `properties`
 * nor the envelope's `time`). `category` (the envelope's or its container's) gives sign-ins their event type.
 */
export function fromEnvelope(
	envelope: Readonly<Record<string, unknown>>,
	report: ReportId,
	category?: Category,
): GraphRecord | undefined {
	const props = lowerKey(envelope, 'properties');
	const record = camelKeys(props !== null && typeof props === 'object' && !Array.isArray(props) ? props : {});
	const tf = reportById(report).timeField;
	const written = record[tf];
	const time = graphTimeText(written) ?? graphTimeText(lowerKey(envelope, 'time'));
	if (time === undefined) return undefined;
	put(record, tf, time);
	for (const fill of FILLS[report]) {
		if (at(record, fill.graph) !== undefined) continue;
		const value = envelopeValue(envelope, fill);
		if (value !== undefined) setAt(record, fill.graph, value);
	}
	for (const [path, type] of Object.entries(TYPES[report])) {
		const value = at(record, path);
		const typed = type === 'number' ? numberOf(value) : auditResultOf(value);
		if (typed !== undefined && typed !== value) setAt(record, path, typed);
	}
	if (report === 'signins' && category?.eventType) {
		const types = record['signInEventTypes'];
		if (!Array.isArray(types) || types.length === 0) put(record, 'signInEventTypes', [category.eventType]);
	}
	// The id stays as written, whatever it is (`null`, a number, none): no id is made up for a record that has none,
	// since exports write the record and the detail shows its id.
	const kept: Record<string, unknown> = {};
	for (const key of Object.keys(envelope)) if (key.toLowerCase() !== 'properties') put(kept, key, envelope[key]);
	// The time `properties` gave when the record's is not that text (another form of the instant, such as `+00:00`, or
	// not a time at all, where the envelope's placed the record): kept as written, so that nothing read is lost.
	if (written !== undefined && written !== time) put(kept, `properties.${tf}`, written);
	put(record, ENVELOPE_KEY, kept);
	return record as GraphRecord;
}

/** The envelope's value for a fill, in Graph's type; undefined when it has none. */
function envelopeValue(envelope: Readonly<Record<string, unknown>>, fill: Fill): unknown {
	const value = lowerKey(envelope, fill.from);
	switch (fill.as) {
		case 'value':
			return value === null || value === '' ? undefined : value;
		case 'number':
			return numberOf(value);
		case 'lower':
			return typeof value === 'string' && value !== '' ? value.toLowerCase() : undefined;
		case 'tenant': {
			if (typeof value === 'string' && value !== '') return value;
			const resource = lowerKey(envelope, 'resourceid');
			return typeof resource === 'string' ? /\/tenants\/([0-9a-f-]{36})(?:\/|$)/i.exec(resource)?.[1] : undefined;
		}
	}
}

/** A number, from a number or a decimal integer written as a string; undefined for anything else. */
function numberOf(value: unknown): number | undefined {
	if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
	if (typeof value === 'string' && /^\s*-?\d{1,15}(\.\d+)?\s*$/.test(value)) return Number(value);
	return undefined;
}

function auditResultOf(value: unknown): unknown {
	return typeof value === 'number' && Number.isInteger(value) ? (AUDIT_RESULTS[value] ?? value) : value;
}

/** A value of an envelope by its key in any case (`Level`, `level`): the first key that matches. */
export function lowerKey(envelope: Readonly<Record<string, unknown>>, key: string): unknown {
	if (Object.hasOwn(envelope, key)) return envelope[key];
	for (const k of Object.keys(envelope)) if (k.toLowerCase() === key) return envelope[k];
	return undefined;
}

/**
 * `properties` with PascalCase keys as Graph's camelCase (`CreatedDateTime` → `createdDateTime`, `Status.ErrorCode` →
 * `status.errorCode`) at every depth, where free (a key whose camelCase is also there stays as it is): one casing, no
 * key twice. Copied, iteratively (a record may nest thousands of levels).
 */
function camelKeys(props: object): Record<string, unknown> {
	const out: Record<string, unknown> = {};
	const stack: Array<readonly [from: object, to: Record<string, unknown> | unknown[]]> = [[props, out]];
	for (let top = stack.pop(); top; top = stack.pop()) {
		const [from, to] = top;
		const source = from as Readonly<Record<string, unknown>>;
		const isArray = Array.isArray(from);
		for (const key of Object.keys(source)) {
			let value = source[key];
			if (value !== null && typeof value === 'object') {
				const copy: Record<string, unknown> | unknown[] = Array.isArray(value) ? [] : {};
				stack.push([value, copy]);
				value = copy;
			}
			if (isArray) (to as unknown[]).push(value);
			else {
				const camel = /^[A-Z]/.test(key) ? key[0]!.toLowerCase() + key.slice(1) : key;
				put(to as Record<string, unknown>, camel !== key && Object.hasOwn(source, camel) ? key : camel, value);
			}
		}
	}
	return out;
}

/** A property defined as data (never the prototype's setter: a record may carry `__proto__`). */
function put(target: Record<string, unknown>, key: string, value: unknown): void {
	Object.defineProperty(target, key, {value, enumerable: true, writable: true, configurable: true});
}

function at(record: Readonly<Record<string, unknown>>, path: string): unknown {
	let cur: unknown = record;
	for (const part of path.split('.')) {
		if (cur === null || typeof cur !== 'object' || Array.isArray(cur) || !Object.hasOwn(cur, part)) return undefined;
		cur = (cur as Record<string, unknown>)[part];
	}
	return cur;
}

/** Sets a dotted path, copying the objects on the way (a record's own objects are not changed in place). */
function setAt(record: Record<string, unknown>, path: string, value: unknown): void {
	const parts = path.split('.');
	let cur = record;
	for (const part of parts.slice(0, -1)) {
		const next = Object.hasOwn(cur, part) ? cur[part] : undefined;
		// A value that is not an object (a hostile `status: "x"`) is left as it is: nothing is filled under it.
		if (next !== undefined && (next === null || typeof next !== 'object' || Array.isArray(next))) return;
		const copy: Record<string, unknown> = {};
		if (next) for (const k of Object.keys(next)) put(copy, k, (next as Record<string, unknown>)[k]);
		put(cur, part, copy);
		cur = copy;
	}
	put(cur, parts[parts.length - 1]!, value);
}
