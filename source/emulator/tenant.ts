/**
 * The seeded generator of a realistic demo tenant. Records are stored in the beta shape (a superset of v1.0);
 * `schema.ts` projects them to v1.0 when a v1.0 URL is asked for. Same options, same records.
 */
import {Rng} from './prng.js';
import {instantKey} from './instant.js';
import {DEPARTMENTS, FIRST_NAMES, GUEST_HOME, HOME_CITIES, LAST_NAMES, LOB_APP_NAMES, MANAGED_IDENTITY_NAMES, USER_APPS, type AppInfo, type City} from './catalog.js';
import {DAY, capitalize, type Ctx} from './tenant-context.js';
import {makeSignIns} from './tenant-sign-ins.js';
import {makeAudits} from './tenant-audits.js';
import {makeProvisioning} from './tenant-provisioning.js';

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

interface Device {
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
}

const DEVICE_PROFILES = [
	{os: 'Windows10', browser: 'Edge 131.0.0', ua: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0', trust: 'Azure AD joined', w: 45},
	{os: 'Windows10', browser: 'Chrome 131.0.0', ua: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36', trust: 'Hybrid Azure AD joined', w: 15},
	{os: 'MacOs', browser: 'Safari 18.1', ua: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15', trust: '', w: 15},
	{os: 'Ios 18.1', browser: 'Mobile Safari 18.1', ua: 'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1', trust: 'Azure AD registered', w: 12},
	{os: 'Android 14', browser: 'Chrome Mobile 131.0.0', ua: 'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36', trust: 'Azure AD registered', w: 8},
	{os: 'Linux', browser: 'Firefox 133.0', ua: 'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0', trust: '', w: 5},
] as const;

const HOSTILE_STRINGS = [
	'\u001b[2J\u001b[31mEvil App\u001b[0m',
	'Mozilla/5.0 \u001b]52;c;cm0gLXJmIH4K\u0007 (X11)',
	'Redmond\u202e\u0007\u009b31m',
	'\u001b]0;pwned\u001b\\Office\u0008\u0008',
];


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
		rng, now, start, tenantId, domain, displayName, users, sps,
		apps: sps.filter(s => s.kind === 'application'), identities: sps.filter(s => s.kind === 'managedIdentity'),
	};
	const base: TenantBase = {tenantId, displayName, domain, users, servicePrincipals: sps};
	function* steps(): Generator<void, Tenant> {
		const signIns = yield* makeSignIns(ctx, options.signIns ?? 50_000);
		const directoryAudits = makeAudits(ctx);
		yield;
		const provisioning = makeProvisioning(ctx);
		yield;
		for (const list of [signIns, directoryAudits, provisioning]) sortNewestFirst(list);
		injectHostile(rng, signIns, directoryAudits, options.hostileRecords ?? 3);
		return {...base, signIns, directoryAudits, provisioning};
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
	keyed.forEach((k, i) => { list[i] = k.r; });
}

function makeUsers(rng: Rng, count: number, domain: string): User[] {
	const users: User[] = [];
	const taken = new Set<string>();
	for (let i = 0; i < count; i++) {
		const first = rng.pick(FIRST_NAMES);
		const last = rng.pick(LAST_NAMES);
		const guest = rng.chance(0.06);
		let base = `${first}.${last}`.toLowerCase();
		for (let n = 2; taken.has(base); n++) base = `${first}.${last}${n}`.toLowerCase();
		taken.add(base);
		// The first users are the well-known cast of the demo (alice, bob...), so examples in the docs work.
		if (i < 6) base = ['alice', 'bob', 'carol', 'dave', 'erin', 'frank'][i]!;
		const upn = guest ? `${base}@${GUEST_HOME.domain}` : `${base}@${domain}`;
		const home = rng.weighted(HOME_CITIES.map((c, idx) => [c, idx < 4 ? 4 : 1.5] as const));
		const ipCount = rng.int(1, 3);
		const ips = Array.from({length: ipCount}, () => `${home.ipPrefix}.${rng.int(0, 255)}.${rng.int(1, 254)}`);
		const profile = rng.weighted(DEVICE_PROFILES.map(p => [p, p.w] as const));
		const device: Device = {
			deviceId: profile.trust ? rng.guid() : '',
			displayName: profile.trust ? `${profile.os.startsWith('Windows') ? 'CONTOSO-LT' : 'DEV'}-${rng.hex(5).toUpperCase()}` : '',
			operatingSystem: profile.os,
			browser: profile.browser,
			userAgent: profile.ua,
			isCompliant: profile.trust !== '' && rng.chance(0.9),
			isManaged: profile.trust !== '',
			trustType: profile.trust,
		};
		const appWeights = USER_APPS.map(app => [app, app.weight * (0.3 + rng.next() * 1.4)] as const);
		users.push({
			id: i === 0 ? '0b4d1f2e-7a3c-4e59-9c61-3f2a8b7d5e10' : rng.guid(),
			displayName: i < 6 ? `${capitalize(base)} ${last}` : `${first} ${last}`,
			userPrincipalName: upn,
			department: rng.pick(DEPARTMENTS),
			userType: guest ? 'guest' : 'member',
			isAdmin: i < 3 || rng.chance(0.03),
			home,
			ips,
			device,
			appWeights,
			interactiveAppWeights: appWeights.filter(([a]) => a.interactive),
			riskiness: rng.chance(0.08) ? 4 + rng.next() * 4 : 1,
		});
	}
	return users;
}

function makeServicePrincipals(rng: Rng): ServicePrincipal[] {
	const sps: ServicePrincipal[] = [];
	const sub = rng.guid();
	for (const name of LOB_APP_NAMES) {
		sps.push({
			appId: rng.guid(), id: rng.guid(), displayName: name, kind: 'application', credentialKeyId: rng.guid(),
			thumbprint: rng.hex(40).toUpperCase(), msiType: 'none', resourceId: '',
		});
	}
	for (const name of MANAGED_IDENTITY_NAMES) {
		const userAssigned = rng.chance(0.3);
		const type = name.startsWith('vm') ? 'Microsoft.Compute/virtualMachines' : name.startsWith('aks') ? 'Microsoft.ContainerService/managedClusters' : name.startsWith('logic') ? 'Microsoft.Logic/workflows' : name.startsWith('adf') ? 'Microsoft.DataFactory/factories' : 'Microsoft.Web/sites';
		sps.push({
			appId: rng.guid(), id: rng.guid(), displayName: name, kind: 'managedIdentity', credentialKeyId: '', thumbprint: '',
			msiType: userAssigned ? 'userAssigned' : 'systemAssigned',
			resourceId: `/subscriptions/${sub}/resourcegroups/rg-${name.split('-')[1]}/providers/${type}/${name}`,
		});
	}
	return sps;
}

// ----------------------------------------------------------------------------------------------------------
// Sign-ins

function injectHostile(rng: Rng, signIns: GraphRecord[], audits: GraphRecord[], count: number): void {
	for (let i = 0; i < count && signIns.length > 0; i++) {
		const r = signIns[Math.floor(rng.next() * Math.min(signIns.length, 2000))]!;
		r['appDisplayName'] = HOSTILE_STRINGS[i % HOSTILE_STRINGS.length]!;
		r['userAgent'] = HOSTILE_STRINGS[(i + 1) % HOSTILE_STRINGS.length]!;
		(r['location'] as Record<string, unknown>)['city'] = HOSTILE_STRINGS[(i + 2) % HOSTILE_STRINGS.length]!;
	}
	if (count > 0 && audits.length > 0) {
		const a = audits[Math.floor(rng.next() * Math.min(audits.length, 500))]!;
		a['activityDisplayName'] = HOSTILE_STRINGS[3]!;
	}
}
