/**
 * The seeded generator of a realistic demo tenant. Records are stored in the beta shape (a superset of v1.0);
 * `schema.ts` projects them to v1.0 when a v1.0 URL is asked for. Same options, same records.
 */
import {Rng} from './prng.js';
import {instantKey} from '../instant.js';
import {type AppInfo, type City} from './catalog.js';
import {DAY, type Ctx} from './context.js';
import {makeSignIns} from './sign-ins.js';
import type {PlantedIncident} from './planted.js';
import {makeAudits} from './audits.js';
import {makeProvisioning} from './provisioning.js';
import {makeUsers, makeServicePrincipals, injectHostile} from './directory.js';

export type GraphRecord = Record<string, unknown> & {id: string};

export interface TenantOptions {
	/** Anything: a number or a string. Default 1. */
	readonly seed?: string | number;
	/** The newest record is at most this old. Default: the current time. */
	readonly now?: Date;
	/** How many days of history. Default 30. */
	readonly days?: number;
	/** How many sign-ins in all four event types together. Default 50,000. */
	readonly signIns?: number;
	readonly users?: number;
	readonly tenantId?: string;
	readonly domain?: string;
	readonly displayName?: string;
	/** How many records carry terminal escape sequences in their strings (for sanitizer tests). Default 3. */
	readonly hostileRecords?: number;
	/**
	 * Plant one attack of each pattern triage detects (planted.ts; default true). Without them nothing in the
	 * tenant is an attack: a triage of it finds no detection.
	 */
	readonly plant?: boolean;
}

export interface User {
	readonly id: string;
	readonly displayName: string;
	readonly userPrincipalName: string;
	readonly department: string;
	readonly userType: 'member' | 'guest';
	readonly isAdmin: boolean;
	readonly home: City;
	readonly ips: readonly string[];
	readonly device: Device;
	readonly appWeights: ReadonlyArray<readonly [AppInfo, number]>;
	readonly interactiveAppWeights: ReadonlyArray<readonly [AppInfo, number]>;
	readonly riskiness: number;
}

export interface Device {
	readonly deviceId: string;
	readonly displayName: string;
	readonly operatingSystem: string;
	readonly browser: string;
	readonly userAgent: string;
	readonly isCompliant: boolean;
	readonly isManaged: boolean;
	readonly trustType: string;
}

export interface ServicePrincipal {
	readonly appId: string;
	readonly id: string;
	readonly displayName: string;
	readonly kind: 'application' | 'managedIdentity';
	readonly credentialKeyId: string;
	readonly thumbprint: string;
	readonly msiType: 'systemAssigned' | 'userAssigned' | 'none';
	readonly resourceId: string;
}

export interface Tenant {
	readonly tenantId: string;
	readonly displayName: string;
	readonly domain: string;
	readonly users: readonly User[];
	readonly servicePrincipals: readonly ServicePrincipal[];
	readonly signIns: GraphRecord[];
	readonly directoryAudits: GraphRecord[];
	readonly provisioning: GraphRecord[];
	/** The attacks planted among the sign-ins, with the ids of their evidence (none with `plant: false`). */
	readonly planted?: readonly PlantedIncident[];
}

export function generateTenant(options: TenantOptions = {}): Tenant {
	const {steps} = tenantInSteps(options);
	for (;;) {
		const step = steps.next();
		if (step.done) return step.value;
	}
}

/** What a tenant has before its records: enough for the identity side to answer. */
export type TenantBase = Pick<Tenant, 'tenantId' | 'displayName' | 'domain' | 'users' | 'servicePrincipals'>;

/** Runs a tenant's steps, letting the event loop turn between them (requests, frames). */
export async function drainInSteps(steps: Generator<void, Tenant>): Promise<Tenant> {
	for (;;) {
		const step = steps.next();
		if (step.done) return step.value;
		await new Promise(resolve => setImmediate(resolve));
	}
}

/**
 * The same tenant as `generateTenant`, as its base (users, apps: made at once) and the steps that make its records,
 * a thousand or so each, so that a caller can answer requests between them (the demo's emulator does).
 */
export function tenantInSteps(options: TenantOptions): {base: TenantBase; steps: Generator<void, Tenant>} {
	const rng = new Rng(options.seed ?? 1);
	const now = (options.now ?? new Date()).getTime();
	const days = options.days ?? 30;
	const start = now - days * DAY;
	const tenantId = options.tenantId ?? rng.guid();
	const domain = options.domain ?? 'contoso.com';
	const displayName = options.displayName ?? 'Contoso';
	const users = makeUsers(rng, options.users ?? 240, domain);
	const sps = makeServicePrincipals(rng);
	const ctx: Ctx = {
		rng,
		now,
		start,
		tenantId,
		domain,
		displayName,
		users,
		sps,
		apps: sps.filter(s => s.kind === 'application'),
		identities: sps.filter(s => s.kind === 'managedIdentity'),
	};
	const base: TenantBase = {tenantId, displayName, domain, users, servicePrincipals: sps};
	function* steps(): Generator<void, Tenant> {
		const {records: signIns, planted} = yield* makeSignIns(ctx, options.signIns ?? 50_000, options.plant ?? true);
		const directoryAudits = makeAudits(ctx);
		yield;
		const provisioning = makeProvisioning(ctx);
		yield;
		for (const list of [signIns, directoryAudits, provisioning]) sortNewestFirst(list);
		injectHostile(rng, signIns, directoryAudits, options.hostileRecords ?? 3);
		return {...base, signIns, directoryAudits, provisioning, planted};
	}
	return {base, steps: steps()};
}

/** The time property of a report's records. */
export function timeOf(record: GraphRecord): string {
	return (record['createdDateTime'] ?? record['activityDateTime']) as string;
}

/** Newest first by instant (to 100 ns, whatever the text's length); ties broken by id (or a key of it) so that the order is total (paging relies on it). */
export function sortNewestFirst(list: GraphRecord[], idKey: (id: string) => string = id => id): void {
	const keyed = list.map(r => ({r, t: instantKey(timeOf(r)) ?? '', id: idKey(r.id)}));
	keyed.sort((a, b) => (a.t !== b.t ? (a.t < b.t ? 1 : -1) : a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
	keyed.forEach((k, i) => {
		list[i] = k.r;
	});
}
