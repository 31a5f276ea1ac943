/**
 * The seeded generator of a realistic demo tenant. Records are stored in the beta shape (a superset of v1.0);
 * `schema.ts` projects them to v1.0 when a v1.0 URL is asked for. Same options, same records.
 */
import {Rng} from './prng.js';
import {
	CA_POLICIES, DEPARTMENTS, FAILURE_REASONS, FAR_CITIES, FIRST_NAMES, HOME_CITIES, LAST_NAMES, LEGACY_CLIENTS,
	LOB_APP_NAMES, MANAGED_IDENTITY_NAMES, RESOURCES, USER_APPS, type AppInfo, type City,
} from './catalog.js';

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

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

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

/** Newest first; ties broken by id (or a key of it) so that the order is total (paging relies on it). */
export function sortNewestFirst(list: GraphRecord[], idKey: (id: string) => string = id => id): void {
	list.sort((a, b) => {
		const ta = timeOf(a);
		const tb = timeOf(b);
		if (ta !== tb) return ta < tb ? 1 : -1;
		const ia = idKey(a.id);
		const ib = idKey(b.id);
		return ia < ib ? 1 : ia > ib ? -1 : 0;
	});
}

interface Ctx {
	readonly rng: Rng;
	readonly now: number;
	readonly start: number;
	readonly tenantId: string;
	readonly domain: string;
	readonly displayName: string;
	readonly users: readonly User[];
	readonly sps: readonly ServicePrincipal[];
	readonly apps: readonly ServicePrincipal[];
	readonly identities: readonly ServicePrincipal[];
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
		const upn = guest ? `${base}@fabrikam.com` : `${base}@${domain}`;
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

function capitalize(s: string): string {
	return s.charAt(0).toUpperCase() + s.slice(1);
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

type EventType = 'interactiveUser' | 'nonInteractiveUser' | 'servicePrincipal' | 'managedIdentity';

/** A time in the window; for a user, mostly within their working hours and on weekdays. */
function pickTime(ctx: Ctx, user?: User): number {
	const {rng, start, now} = ctx;
	for (let tries = 0; ; tries++) {
		const t = start + rng.next() * (now - start);
		if (!user || tries > 20) return t;
		const local = new Date(t + user.home.utcOffset * 3_600_000);
		const hour = local.getUTCHours();
		const weekday = local.getUTCDay() % 6 !== 0;
		const p = (hour >= 8 && hour <= 18 ? 1 : hour >= 6 && hour <= 22 ? 0.3 : 0.08) * (weekday ? 1 : 0.25);
		if (rng.chance(p)) return t;
	}
}

interface Place {
	readonly city: City;
	readonly ip: string;
}

function placeFor(ctx: Ctx, user: User): Place {
	const {rng} = ctx;
	const r = rng.next();
	if (r < 0.93) return {city: user.home, ip: rng.pick(user.ips)};
	if (r < 0.985) {
		const city = rng.pick(HOME_CITIES);
		return {city, ip: `${city.ipPrefix}.${rng.int(0, 255)}.${rng.int(1, 254)}`};
	}
	const city = rng.pick(FAR_CITIES);
	return {city, ip: `${city.ipPrefix}.${rng.int(0, 255)}.${rng.int(1, 254)}`};
}

function iso(t: number): string {
	return new Date(Math.min(t, Number.MAX_SAFE_INTEGER)).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Sign-ins, yielding every 1,000 records or so (see tenantInSteps). */
function* makeSignIns(ctx: Ctx, target: number): Generator<void, GraphRecord[]> {
	const {rng} = ctx;
	const out: GraphRecord[] = [];
	const shares: ReadonlyArray<readonly [EventType, number]> = [
		// Weights per session, chosen so that records end up about 22% interactive, 58% non-interactive (bursts of
		// ~5.5 records), 14% service principal and 6% managed identity, as tenants commonly see.
		['interactiveUser', 17], ['nonInteractiveUser', 10.5], ['servicePrincipal', 14], ['managedIdentity', 6],
	];
	// A password spray or two: many failures against many users from one far address.
	const sprays = Math.max(1, Math.round(target / 25_000));
	for (let s = 0; s < sprays && out.length < target; s++) spray(ctx, out, Math.min(target - out.length, rng.int(60, 140)));
	let yielded = 0;
	while (out.length < target) {
		if (out.length - yielded >= 1000) {
			yielded = out.length;
			yield;
		}
		const type = rng.weighted(shares);
		if (type === 'interactiveUser') interactive(ctx, out);
		else if (type === 'nonInteractiveUser') nonInteractiveBurst(ctx, out, target - out.length);
		else servicePrincipalSignIn(ctx, out, type);
	}
	out.length = Math.min(out.length, target);
	return out;
}

interface SignInSpec {
	readonly type: EventType;
	readonly time: number;
	readonly correlationId: string;
	readonly errorCode: number;
	readonly user?: User;
	readonly app?: AppInfo;
	readonly sp?: ServicePrincipal;
	readonly place?: Place;
	readonly resourceId: string;
	readonly clientAppUsed?: string;
	readonly mfa?: 'satisfied' | 'claimInToken' | 'required' | 'none' | 'denied';
	readonly blockedBy?: string;
}

const INTERACTIVE_CODES: ReadonlyArray<readonly [number, number]> = [
	[0, 800], [50126, 45], [50074, 30], [50076, 30], [53003, 18], [50053, 8], [50140, 25], [50055, 6], [50057, 4],
	[50058, 12], [50097, 4], [50105, 4], [16000, 3], [500121, 6], [53000, 5],
];

function interactive(ctx: Ctx, out: GraphRecord[]): void {
	const {rng} = ctx;
	const user = rng.pick(ctx.users);
	const app = rng.weighted(user.interactiveAppWeights);
	const place = placeFor(ctx, user);
	const time = pickTime(ctx, user);
	const correlationId = rng.guid();
	const far = FAR_CITIES.includes(place.city);
	let code = rng.weighted(INTERACTIVE_CODES.map(([c, w]) => [c, c === 50126 || c === 53003 ? w * user.riskiness : w] as const));
	if (far && rng.chance(0.5)) code = 53003;
	const legacy = rng.chance(0.01);
	const base = {type: 'interactiveUser' as const, user, app, place, resourceId: rng.pick(app.resources), correlationId};
	if (legacy) {
		out.push(signIn(ctx, {...base, time, errorCode: 53003, clientAppUsed: rng.pick(LEGACY_CLIENTS), blockedBy: 'CA003: Block legacy authentication'}));
		return;
	}
	if (code === 50074 || code === 50076) {
		// MFA interrupt, then (usually) the same sign-in completes with MFA a few seconds later: one correlation id.
		out.push(signIn(ctx, {...base, time, errorCode: code, mfa: 'required'}));
		const next = rng.weighted([[0, 85], [500121, 10], [50074, 5]] as const);
		if (rng.chance(0.9)) out.push(signIn(ctx, {...base, time: time + rng.int(8, 90) * 1000, errorCode: next, mfa: next === 0 ? 'satisfied' : 'denied'}));
		return;
	}
	if (code === 50140) {
		out.push(signIn(ctx, {...base, time, errorCode: 50140}));
		out.push(signIn(ctx, {...base, time: time + rng.int(2, 20) * 1000, errorCode: 0, mfa: rng.chance(0.5) ? 'claimInToken' : 'none'}));
		return;
	}
	const blockedBy = code === 53003 ? (far ? 'CA005: Block sign-ins from unapproved countries' : 'CA004: Require compliant device for Azure management') : undefined;
	out.push(signIn(ctx, {...base, time, errorCode: code, mfa: code === 0 ? rng.weighted([['satisfied', 25], ['claimInToken', 35], ['none', 40]] as const) : 'none', blockedBy}));
}

function spray(ctx: Ctx, out: GraphRecord[], count: number): void {
	const {rng} = ctx;
	const city = rng.pick(FAR_CITIES);
	const ip = `${city.ipPrefix}.${rng.int(0, 255)}.${rng.int(1, 254)}`;
	const app = USER_APPS.find(a => a.displayName === 'Office 365 Exchange Online')!;
	let t = pickTime(ctx);
	for (let i = 0; i < count; i++) {
		const user = rng.pick(ctx.users);
		t += rng.int(1, 20) * 1000;
		const code = rng.weighted([[50126, 80], [50053, 12], [50034, 5], [50057, 3]] as const);
		out.push(signIn(ctx, {
			type: 'interactiveUser', user, app, place: {city, ip}, time: t, correlationId: rng.guid(), errorCode: code,
			resourceId: app.resources[0]!, clientAppUsed: rng.chance(0.6) ? 'Authenticated SMTP' : 'Other clients',
		}));
	}
}

function nonInteractiveBurst(ctx: Ctx, out: GraphRecord[], room: number): void {
	const {rng} = ctx;
	const user = rng.pick(ctx.users);
	const app = rng.weighted(user.appWeights);
	const place = rng.chance(0.97) ? {city: user.home, ip: rng.pick(user.ips)} : placeFor(ctx, user);
	let time = pickTime(ctx, user);
	const correlationId = rng.guid();
	const n = Math.min(room, rng.int(2, 9));
	for (let i = 0; i < n; i++) {
		const code = rng.weighted([[0, 960], [50173, 8], [50133, 8], [70043, 6], [50058, 6], [7000218, 4], [53003, 3], [50076, 5]] as const);
		out.push(signIn(ctx, {
			type: 'nonInteractiveUser', user, app, place, time, correlationId, errorCode: code,
			resourceId: app.resources[i % app.resources.length]!, mfa: code === 0 ? 'claimInToken' : 'none',
		}));
		time += rng.int(50, 4000);
	}
}

function servicePrincipalSignIn(ctx: Ctx, out: GraphRecord[], type: 'servicePrincipal' | 'managedIdentity'): void {
	const {rng} = ctx;
	const sp = rng.pick(type === 'servicePrincipal' ? ctx.apps : ctx.identities);
	const resources = Object.keys(RESOURCES);
	const codes: ReadonlyArray<readonly [number, number]> = type === 'servicePrincipal'
		? [[0, 930], [7000215, 25], [7000222, 15], [700016, 15], [53003, 5]]
		: [[0, 995], [500011, 5]];
	const city = HOME_CITIES[0]!;
	out.push(signIn(ctx, {
		type, sp, time: pickTime(ctx), correlationId: rng.guid(), errorCode: rng.weighted(codes),
		resourceId: rng.pick(resources), place: {city, ip: type === 'managedIdentity' ? '' : `20.${rng.int(36, 190)}.${rng.int(0, 255)}.${rng.int(1, 254)}`},
	}));
}

function signIn(ctx: Ctx, spec: SignInSpec): GraphRecord {
	const {rng, tenantId} = ctx;
	const {user, sp, app, place} = spec;
	const isUser = spec.type === 'interactiveUser' || spec.type === 'nonInteractiveUser';
	const success = spec.errorCode === 0;
	const caRequired = isUser;
	const policies = caRequired ? conditionalAccess(ctx, spec) : [];
	const caStatus = !caRequired ? 'notApplied'
		: policies.some(p => p['result'] === 'failure') ? 'failure'
			: policies.some(p => p['result'] === 'success') ? 'success' : 'notApplied';
	const resourceDisplayName = RESOURCES[spec.resourceId] ?? 'Microsoft Graph';
	const device = user?.device;
	const clientAppUsed = spec.clientAppUsed ?? (isUser ? app!.clientAppUsed : '');
	const legacy = (LEGACY_CLIENTS as readonly string[]).includes(clientAppUsed);
	const userAgent = !isUser ? '' : legacy ? 'BAV2ROPC' : device!.userAgent;
	const id = rng.guid();
	const mfaDone = spec.mfa === 'satisfied' || spec.mfa === 'claimInToken';
	const time = iso(spec.time);
	return {
		id,
		createdDateTime: time,
		userDisplayName: isUser ? user!.displayName : null,
		userPrincipalName: isUser ? (spec.errorCode === 50034 ? `${user!.userPrincipalName.split('@')[0]}x@${ctx.domain}` : user!.userPrincipalName) : null,
		userId: isUser ? (spec.errorCode === 50034 ? '00000000-0000-0000-0000-000000000000' : user!.id) : '00000000-0000-0000-0000-000000000000',
		appId: isUser ? app!.appId : sp!.appId,
		appDisplayName: isUser ? app!.displayName : sp!.displayName,
		ipAddress: place?.ip ?? '',
		ipAddressFromResourceProvider: null,
		clientAppUsed,
		userAgent,
		correlationId: spec.correlationId,
		conditionalAccessStatus: caStatus,
		originalRequestId: id,
		isInteractive: spec.type === 'interactiveUser',
		tokenIssuerName: '',
		tokenIssuerType: 'AzureAD',
		clientCredentialType: spec.type === 'servicePrincipal' ? (rng.chance(0.6) ? 'clientSecret' : 'certificate') : spec.type === 'managedIdentity' ? 'managedIdentity' : 'none',
		processingTimeInMilliseconds: rng.int(20, success ? 400 : 1500),
		riskDetail: 'none',
		riskEventTypes_v2: [],
		riskLevelAggregated: 'none',
		riskLevelDuringSignIn: place && FAR_CITIES.includes(place.city) ? 'medium' : 'none',
		riskState: place && FAR_CITIES.includes(place.city) && success ? 'atRisk' : 'none',
		resourceDisplayName,
		resourceId: spec.resourceId,
		resourceTenantId: tenantId,
		resourceOwnerTenantId: spec.resourceId.startsWith('0000000') || spec.resourceId.length === 36 ? 'f8cdef31-a31e-4b4a-93e4-5f571e91255a' : tenantId,
		resourceServicePrincipalId: rng.guid(),
		homeTenantId: isUser ? tenantId : null,
		homeTenantName: isUser ? ctx.displayName : null,
		appOwnerTenantId: isUser ? 'f8cdef31-a31e-4b4a-93e4-5f571e91255a' : tenantId,
		servicePrincipalId: isUser ? '' : sp!.id,
		servicePrincipalName: isUser ? null : sp!.displayName,
		servicePrincipalCredentialKeyId: spec.type === 'servicePrincipal' ? sp!.credentialKeyId : null,
		servicePrincipalCredentialThumbprint: spec.type === 'servicePrincipal' ? sp!.thumbprint : null,
		federatedCredentialId: null,
		azureResourceId: spec.type === 'managedIdentity' ? sp!.resourceId : null,
		userType: isUser ? user!.userType : null,
		flaggedForReview: false,
		isTenantRestricted: false,
		isThroughGlobalSecureAccess: false,
		globalSecureAccessIpAddress: null,
		autonomousSystemNumber: place?.city.asn ?? null,
		crossTenantAccessType: user?.userType === 'guest' ? 'b2bCollaboration' : 'none',
		authenticationProtocol: spec.type === 'interactiveUser' ? (legacy ? 'ropc' : 'none') : 'none',
		incomingTokenType: spec.type === 'nonInteractiveUser' ? (rng.chance(0.6) ? 'refreshToken' : 'primaryRefreshToken') : 'none',
		originalTransferMethod: 'none',
		authenticationRequirement: mfaDone || spec.mfa === 'required' || spec.mfa === 'denied' ? 'multiFactorAuthentication' : 'singleFactorAuthentication',
		signInIdentifier: isUser ? user!.userPrincipalName : null,
		signInIdentifierType: isUser ? 'userPrincipalName' : null,
		signInEventTypes: [spec.type],
		uniqueTokenIdentifier: Buffer.from(rng.hex(24), 'hex').toString('base64url'),
		sessionId: isUser ? rng.guid() : null,
		clientSessionId: null,
		status: {
			errorCode: spec.errorCode,
			failureReason: success ? null : (FAILURE_REASONS[spec.errorCode] ?? 'Other.'),
			additionalDetails: spec.errorCode === 50074 || spec.errorCode === 50076 ? 'MFA required in Azure AD' : spec.errorCode === 53003 ? 'Conditional Access blocked the sign-in.' : mfaDone ? (spec.mfa === 'claimInToken' ? 'MFA requirement satisfied by claim in the token' : 'MFA completed in Azure AD') : null,
		},
		deviceDetail: {
			deviceId: device?.deviceId ?? '',
			displayName: device?.displayName ?? '',
			operatingSystem: device?.operatingSystem ?? '',
			browser: legacy ? '' : device?.browser ?? '',
			browserId: null,
			isCompliant: device?.isCompliant ?? false,
			isManaged: device?.isManaged ?? false,
			trustType: device?.trustType ?? '',
		},
		location: place && place.ip ? {
			city: place.city.city,
			state: place.city.state,
			countryOrRegion: place.city.countryOrRegion,
			geoCoordinates: {
				altitude: null,
				latitude: Math.round((place.city.latitude + rng.normal() * 0.03) * 1e5) / 1e5,
				longitude: Math.round((place.city.longitude + rng.normal() * 0.03) * 1e5) / 1e5,
			},
		} : {city: '', state: '', countryOrRegion: '', geoCoordinates: {altitude: null, latitude: null, longitude: null}},
		appliedConditionalAccessPolicies: policies,
		authenticationDetails: isUser ? authDetails(ctx, spec) : [],
		authenticationMethodsUsed: isUser && spec.mfa === 'satisfied' ? ['Password', 'Microsoft Authenticator App'] : isUser ? ['Password'] : [],
		authenticationProcessingDetails: isUser ? [{key: 'Legacy TLS (TLS 1.0, 1.1, 3DES)', value: 'False'}, {key: 'Is CAE Token', value: rng.chance(0.5) ? 'True' : 'False'}] : [],
		authenticationRequirementPolicies: spec.mfa === 'satisfied' || spec.mfa === 'required' ? [{requirementProvider: 'multiConditionalAccess', detail: 'Conditional Access'}] : [],
		authenticationAppDeviceDetails: null,
		authenticationAppPolicyEvaluationDetails: [],
		authenticationContextClassReferences: [],
		conditionalAccessAudiences: isUser ? [spec.resourceId] : [],
		managedServiceIdentity: {
			msiType: spec.type === 'managedIdentity' ? sp!.msiType : 'none',
			associatedResourceId: spec.type === 'managedIdentity' ? sp!.resourceId : null,
			federatedTokenId: null,
			federatedTokenIssuer: null,
		},
		mfaDetail: mfaDone && spec.mfa === 'satisfied' ? {authMethod: 'Mobile app notification', authDetail: null} : null,
		networkLocationDetails: place && place.city === user?.home ? [{networkType: 'namedNetwork', networkNames: [`${place.city.city} office`]}] : [],
		privateLinkDetails: {policyId: null, policyName: null, policyTenantId: null, resourceId: null},
		sessionLifetimePolicies: [],
		tokenProtectionStatusDetails: {signInSessionStatus: 'unbound', signInSessionStatusCode: 1002},
		appTokenProtectionStatus: null,
		signInTokenProtectionStatus: 'unbound',
		appliedEventListeners: [],
		agent: null,
	};
}

function conditionalAccess(ctx: Ctx, spec: SignInSpec): Array<Record<string, unknown>> {
	const {user, place} = spec;
	const far = place ? FAR_CITIES.includes(place.city) : false;
	const trusted = place ? place.city === user?.home : false;
	const legacy = spec.clientAppUsed ? (LEGACY_CLIENTS as readonly string[]).includes(spec.clientAppUsed) : false;
	const azure = spec.resourceId === '797f4846-ba00-4fd7-ba43-dac1f8f63013';
	return CA_POLICIES.map(policy => {
		let result: string;
		const blocking = spec.blockedBy === policy.displayName && spec.errorCode === 53003;
		switch (policy.id.slice(9, 13)) {
			case '0001': result = user?.isAdmin ? (spec.mfa === 'required' || spec.mfa === 'denied' ? 'failure' : 'success') : 'notApplied'; break;
			case '0002': result = trusted ? 'notApplied' : spec.mfa === 'required' || spec.mfa === 'denied' ? 'failure' : 'success'; break;
			case '0003': result = legacy ? 'failure' : 'notApplied'; break;
			case '0004': result = blocking || (azure && spec.errorCode === 53003) ? 'failure' : azure ? 'success' : 'notApplied'; break;
			case '0005': result = far && spec.errorCode === 53003 ? 'failure' : 'notApplied'; break;
			case '0006': result = spec.clientAppUsed === 'Browser' || spec.app?.clientAppUsed === 'Browser' ? 'success' : 'notApplied'; break;
			case '0007': result = spec.mfa === 'satisfied' ? 'reportOnlyFailure' : spec.mfa === 'claimInToken' ? 'reportOnlySuccess' : 'reportOnlyNotApplied'; break;
			default: result = 'notEnabled';
		}
		if (blocking && result !== 'failure' && policy.grant.includes('Block')) result = 'failure';
		const enforced = result === 'success' || result === 'failure';
		return {
			id: policy.id,
			displayName: policy.displayName,
			enforcedGrantControls: enforced || result.startsWith('reportOnly') ? [...policy.grant] : [],
			enforcedSessionControls: enforced ? [...policy.session] : [],
			result,
			conditionsSatisfied: result === 'notApplied' || result === 'notEnabled' ? 'none' : 'application,users',
			conditionsNotSatisfied: result === 'notApplied' ? 'location' : 'none',
			authenticationStrength: null,
			includeRulesSatisfied: [],
			excludeRulesSatisfied: [],
			sessionControlsNotSatisfied: [],
		};
	});
}

function authDetails(ctx: Ctx, spec: SignInSpec): Array<Record<string, unknown>> {
	const {rng} = ctx;
	const t = iso(spec.time);
	if (spec.type === 'nonInteractiveUser') {
		return [{authenticationStepDateTime: t, authenticationMethod: 'Previously satisfied', authenticationMethodDetail: null, succeeded: spec.errorCode === 0, authenticationStepResultDetail: spec.errorCode === 0 ? 'First factor requirement satisfied by claim in the token' : 'Token is invalid or expired', authenticationStepRequirement: 'Primary authentication'}];
	}
	const passwordOk = ![50126, 50053, 50055, 50057, 50034].includes(spec.errorCode);
	const steps: Array<Record<string, unknown>> = [{
		authenticationStepDateTime: t,
		authenticationMethod: 'Password',
		authenticationMethodDetail: 'Password in the cloud',
		succeeded: passwordOk,
		authenticationStepResultDetail: passwordOk ? 'Correct password' : spec.errorCode === 50053 ? 'Account locked' : 'Invalid username or password or Invalid on-premise username or password.',
		authenticationStepRequirement: 'Primary authentication',
	}];
	if (spec.mfa === 'satisfied' || spec.mfa === 'denied') {
		steps.push({
			authenticationStepDateTime: iso(spec.time + rng.int(3, 30) * 1000),
			authenticationMethod: rng.weighted([['Mobile app notification', 70], ['OATH verification code', 15], ['Text message', 10], ['Passkey (Microsoft Authenticator)', 5]] as const),
			authenticationMethodDetail: null,
			succeeded: spec.mfa === 'satisfied',
			authenticationStepResultDetail: spec.mfa === 'satisfied' ? 'MFA successfully completed' : 'MFA denied; user declined the authentication',
			authenticationStepRequirement: 'Multifactor authentication',
		});
	} else if (spec.mfa === 'claimInToken') {
		steps.push({authenticationStepDateTime: t, authenticationMethod: 'Previously satisfied', authenticationMethodDetail: null, succeeded: true, authenticationStepResultDetail: 'MFA requirement satisfied by claim in the token', authenticationStepRequirement: 'Multifactor authentication'});
	} else if (spec.mfa === 'required') {
		steps.push({authenticationStepDateTime: t, authenticationMethod: null, authenticationMethodDetail: null, succeeded: false, authenticationStepResultDetail: 'User needs to perform multi-factor authentication', authenticationStepRequirement: 'Multifactor authentication'});
	}
	return steps;
}

// ----------------------------------------------------------------------------------------------------------
// Directory audits

interface AuditKind {
	readonly category: string;
	readonly activity: string;
	readonly service: string;
	readonly operationType: string;
	readonly target: 'User' | 'Group' | 'App' | 'ServicePrincipal' | 'Role' | 'Policy' | 'Device' | 'Directory' | 'Other';
	readonly weight: number;
	readonly byApp?: boolean;
}

const AUDIT_KINDS: readonly AuditKind[] = [
	{category: 'UserManagement', activity: 'Update user', service: 'Core Directory', operationType: 'Update', target: 'User', weight: 30},
	{category: 'UserManagement', activity: 'Add user', service: 'Core Directory', operationType: 'Add', target: 'User', weight: 4},
	{category: 'UserManagement', activity: 'Delete user', service: 'Core Directory', operationType: 'Delete', target: 'User', weight: 1.5},
	{category: 'UserManagement', activity: 'Reset user password', service: 'Core Directory', operationType: 'Update', target: 'User', weight: 3},
	{category: 'UserManagement', activity: 'Change user license', service: 'Core Directory', operationType: 'Update', target: 'User', weight: 4},
	{category: 'UserManagement', activity: 'Disable account', service: 'Core Directory', operationType: 'Update', target: 'User', weight: 1},
	{category: 'UserManagement', activity: 'User registered security info', service: 'Authentication Methods', operationType: 'Add', target: 'User', weight: 6},
	{category: 'UserManagement', activity: 'User deleted security info', service: 'Authentication Methods', operationType: 'Delete', target: 'User', weight: 1},
	{category: 'UserManagement', activity: 'Reset password (self-service)', service: 'Self-service Password Management', operationType: 'Update', target: 'User', weight: 3},
	{category: 'UserManagement', activity: 'Invite external user', service: 'Invited Users', operationType: 'Add', target: 'User', weight: 1.5},
	{category: 'UserManagement', activity: 'Redeem external user invite', service: 'Invited Users', operationType: 'Update', target: 'User', weight: 1},
	{category: 'GroupManagement', activity: 'Add member to group', service: 'Core Directory', operationType: 'Assign', target: 'Group', weight: 14},
	{category: 'GroupManagement', activity: 'Remove member from group', service: 'Core Directory', operationType: 'Unassign', target: 'Group', weight: 5},
	{category: 'GroupManagement', activity: 'Add group', service: 'Core Directory', operationType: 'Add', target: 'Group', weight: 1},
	{category: 'GroupManagement', activity: 'Update group', service: 'Core Directory', operationType: 'Update', target: 'Group', weight: 2},
	{category: 'ApplicationManagement', activity: 'Update application – Certificates and secrets management ', service: 'Core Directory', operationType: 'Update', target: 'App', weight: 2},
	{category: 'ApplicationManagement', activity: 'Consent to application', service: 'Core Directory', operationType: 'Assign', target: 'ServicePrincipal', weight: 2},
	{category: 'ApplicationManagement', activity: 'Add service principal', service: 'Core Directory', operationType: 'Add', target: 'ServicePrincipal', weight: 1},
	{category: 'ApplicationManagement', activity: 'Update service principal', service: 'Core Directory', operationType: 'Update', target: 'ServicePrincipal', weight: 3, byApp: true},
	{category: 'ApplicationManagement', activity: 'Add app role assignment to service principal', service: 'Core Directory', operationType: 'Assign', target: 'ServicePrincipal', weight: 1},
	{category: 'RoleManagement', activity: 'Add member to role', service: 'Core Directory', operationType: 'Assign', target: 'Role', weight: 1.5},
	{category: 'RoleManagement', activity: 'Remove member from role', service: 'Core Directory', operationType: 'Unassign', target: 'Role', weight: 1},
	{category: 'RoleManagement', activity: 'Add member to role completed (PIM activation)', service: 'PIM', operationType: 'Assign', target: 'Role', weight: 3},
	{category: 'Policy', activity: 'Update conditional access policy', service: 'Conditional Access', operationType: 'Update', target: 'Policy', weight: 1},
	{category: 'Policy', activity: 'Update authorization policy', service: 'Core Directory', operationType: 'Update', target: 'Policy', weight: 0.3},
	{category: 'DeviceManagement', activity: 'Register device', service: 'Device Registration Service', operationType: 'Add', target: 'Device', weight: 3, byApp: true},
	{category: 'DeviceManagement', activity: 'Update device', service: 'Core Directory', operationType: 'Update', target: 'Device', weight: 8, byApp: true},
	{category: 'DeviceManagement', activity: 'Delete device', service: 'Core Directory', operationType: 'Delete', target: 'Device', weight: 0.5},
	{category: 'DirectoryManagement', activity: 'Set company information', service: 'Core Directory', operationType: 'Update', target: 'Directory', weight: 0.2},
	{category: 'AdministrativeUnit', activity: 'Add member to administrative unit', service: 'Core Directory', operationType: 'Assign', target: 'Other', weight: 0.5},
	{category: 'ProvisioningManagement', activity: 'Process escrow', service: 'Account Provisioning', operationType: 'Update', target: 'ServicePrincipal', weight: 0.5, byApp: true},
];

const GROUPS = ['All Employees', 'Finance Team', 'Engineering', 'VPN Users', 'SSPR Enabled', 'Guests - Partners', 'Azure Admins', 'Sales EMEA'];
const ROLES = ['Global Administrator', 'Security Reader', 'User Administrator', 'Reports Reader', 'Helpdesk Administrator', 'Application Administrator'];

function makeAudits(ctx: Ctx): GraphRecord[] {
	const {rng, start, now, users, sps} = ctx;
	const count = Math.round(((now - start) / DAY) * 300);
	const out: GraphRecord[] = [];
	const admins = users.filter(u => u.isAdmin);
	const syncApp = {appId: 'cb1056e2-e479-49de-ae31-7812af012ed8', displayName: 'Microsoft Azure AD Connect', servicePrincipalId: rng.guid(), servicePrincipalName: 'Microsoft Azure AD Connect'};
	for (let i = 0; i < count; i++) {
		const kind = rng.weighted(AUDIT_KINDS.map(k => [k, k.weight] as const));
		const selfService = kind.service === 'Authentication Methods' || kind.service === 'Self-service Password Management' || kind.activity === 'Redeem external user invite';
		const actor = selfService ? rng.pick(users) : rng.pick(admins);
		const byApp = kind.byApp ? true : !selfService && rng.chance(0.25);
		const app = rng.chance(0.5) ? syncApp : (() => {
			const sp = rng.pick(sps.filter(s => s.kind === 'application'));
			return {appId: sp.appId, displayName: sp.displayName, servicePrincipalId: sp.id, servicePrincipalName: sp.displayName};
		})();
		const time = pickTime(ctx, byApp ? undefined : actor);
		const result = rng.weighted([['success', 96], ['failure', 3.5], ['timeout', 0.5]] as const);
		const subject = rng.pick(users);
		const targets = auditTargets(ctx, kind, subject);
		const hex = rng.hex(32);
		out.push({
			id: `Directory_${rng.guid()}_${rng.hex(5).toUpperCase()}_${rng.int(10_000_000, 99_999_999)}`,
			category: kind.category,
			correlationId: rng.guid(),
			result,
			resultReason: result === 'success' ? '' : result === 'timeout' ? 'Operation timed out' : rng.pick(['Insufficient privileges to complete the operation.', 'Another object with the same value for property proxyAddresses already exists.', 'Invalid value specified for property \'mailNickname\'.']),
			activityDisplayName: kind.activity,
			activityDateTime: iso(time),
			loggedByService: kind.service,
			operationType: kind.operationType,
			userAgent: byApp ? null : actor.device.userAgent,
			initiatedBy: byApp
				? {user: null, app}
				: {app: null, user: {id: actor.id, displayName: null, userPrincipalName: actor.userPrincipalName, ipAddress: rng.pick(actor.ips), userType: null, homeTenantId: null, homeTenantName: null}},
			targetResources: targets,
			additionalDetails: [
				...(byApp ? [] : [{key: 'User-Agent', value: actor.device.userAgent}]),
				...(kind.target === 'User' ? [{key: 'UserType', value: subject.userType === 'guest' ? 'Guest' : 'Member'}] : []),
			],
		});
		void hex;
	}
	return out;
}

function auditTargets(ctx: Ctx, kind: AuditKind, subject: User): Array<Record<string, unknown>> {
	const {rng, sps} = ctx;
	const target = (type: string, id: string, displayName: string | null, upn: string | null, props: Array<Record<string, unknown>>) => ({
		id, displayName, type, userPrincipalName: upn, groupType: type === 'Group' ? 'azureAD' : null, modifiedProperties: props,
	});
	const prop = (displayName: string, oldValue: unknown, newValue: unknown) => ({
		displayName, oldValue: oldValue === null ? null : JSON.stringify(oldValue), newValue: newValue === null ? null : JSON.stringify(newValue),
	});
	switch (kind.target) {
		case 'User': {
			const props = kind.activity === 'Update user'
				// The department it had before: another one (an update that changes nothing is not logged as one).
				? [prop('Department', [rng.pick(DEPARTMENTS.filter(d => d !== subject.department))], [subject.department]), prop('Included Updated Properties', null, 'Department')]
				: kind.activity === 'Change user license'
					? [prop('AssignedLicense', [], ['[SkuName=ENTERPRISEPACK, AccountId=' + ctx.tenantId + ', SkuId=6fd2c87f-b296-42f0-b197-1e91e994b900, DisabledPlans=[]]']), prop('Included Updated Properties', null, 'AssignedLicense')]
					: kind.activity === 'Disable account' ? [prop('AccountEnabled', [true], [false])] : [];
			return [target('User', subject.id, null, subject.userPrincipalName, props)];
		}
		case 'Group': {
			const group = rng.pick(GROUPS);
			const groupId = rng.guid();
			if (kind.operationType === 'Assign' || kind.operationType === 'Unassign') {
				return [
					target('User', subject.id, null, subject.userPrincipalName, [prop('Group.ObjectID', null, groupId), prop('Group.DisplayName', null, group)]),
					target('Group', groupId, group, null, []),
				];
			}
			return [target('Group', groupId, group, null, [prop('DisplayName', null, [group])])];
		}
		case 'App':
		case 'ServicePrincipal': {
			const sp = rng.pick(sps);
			return [target(kind.target === 'App' ? 'Application' : 'ServicePrincipal', sp.id, sp.displayName, null, kind.activity.includes('Certificates')
				? [prop('KeyDescription', [], [`[KeyIdentifier=${rng.guid()},KeyType=Password,KeyUsage=Verify,DisplayName=ci-secret]`])]
				: [])];
		}
		case 'Role': {
			const role = rng.pick(ROLES);
			return [
				target('Role', rng.guid(), role, null, [prop('Role.DisplayName', null, role), prop('Role.TemplateId', null, rng.guid())]),
				target('User', subject.id, null, subject.userPrincipalName, []),
			];
		}
		case 'Policy': {
			const policy = rng.pick(CA_POLICIES);
			// A policy moves to its state from the step before (report-only before on, off before report-only).
			const before = policy.state === 'enabledForReportingButNotEnforced' ? 'disabled' : 'enabledForReportingButNotEnforced';
			return [target('Policy', policy.id, policy.displayName, null, [prop('ConditionalAccessPolicy', {state: before}, {state: policy.state})])];
		}
		case 'Device':
			return [target('Device', rng.guid(), subject.device.displayName || `DEV-${rng.hex(5).toUpperCase()}`, null, [prop('DeviceOSType', null, [subject.device.operatingSystem])])];
		case 'Directory':
			return [target('Directory', ctx.tenantId, ctx.displayName, null, [prop('TechnicalNotificationMails', ['it@' + ctx.domain], ['secops@' + ctx.domain])])];
		default:
			return [target('Other', rng.guid(), `AU ${rng.pick(DEPARTMENTS)}`, null, [])];
	}
}

// ----------------------------------------------------------------------------------------------------------
// Provisioning

const PROVISIONING_JOBS = [
	{template: 'ServiceNowOutDelta', app: 'ServiceNow', system: 'ServiceNow'},
	{template: 'salesforce', app: 'Salesforce', system: 'Salesforce'},
	{template: 'slack', app: 'Slack', system: 'Slack'},
] as const;

const PROVISIONING_ERRORS = [
	{code: 'SystemForCrossDomainIdentityManagementBadRequest', category: 'nonServiceFailure', reason: 'The SCIM endpoint rejected the request: the userName attribute is already taken.', action: 'Make sure the user name is unique in the target application.'},
	{code: 'SalesforceLicenseLimitExceeded', category: 'nonServiceFailure', reason: 'The user could not be created in Salesforce because there are no licenses available.', action: 'Buy more licenses or deactivate unused users in Salesforce.'},
	{code: 'EntrySynchronizationError', category: 'failure', reason: 'The target system returned a transient error.', action: 'No action is needed; the change is retried in the next cycle.'},
	{code: 'AzureActiveDirectoryCannotUpdateObjectsOriginatedInExternalService', category: 'nonServiceFailure', reason: 'The object is mastered on premises and cannot be updated in the cloud.', action: 'Update the object in the on-premises directory.'},
] as const;

function makeProvisioning(ctx: Ctx): GraphRecord[] {
	const {rng, start, now, users, tenantId} = ctx;
	const out: GraphRecord[] = [];
	for (const job of PROVISIONING_JOBS) {
		const jobId = `${job.template}.${rng.hex(32)}.${tenantId}`;
		const sp = {id: rng.guid(), displayName: job.app};
		for (let cycleStart = start + rng.int(0, 40) * MINUTE; cycleStart < now; cycleStart += 40 * MINUTE) {
			const cycleId = rng.guid();
			const objects = rng.weighted([[0, 35], [1, 25], [2, 15], [3, 10], [5, 8], [8, 7]] as const);
			let t = cycleStart;
			for (let o = 0; o < objects; o++) {
				t += rng.int(200, 20_000);
				if (t > now) break;
				out.push(provisioningRecord(ctx, {jobId, cycleId, time: t, sp, job, user: rng.pick(users)}));
			}
		}
	}
	return out;
}

function provisioningRecord(
	ctx: Ctx,
	p: {jobId: string; cycleId: string; time: number; sp: {id: string; displayName: string}; job: typeof PROVISIONING_JOBS[number]; user: User},
): GraphRecord {
	const {rng, tenantId} = ctx;
	const action = rng.weighted([['update', 60], ['create', 15], ['disable', 6], ['delete', 4], ['other', 15]] as const);
	const status = rng.weighted([['success', 84], ['skipped', 9], ['failure', 5], ['warning', 2]] as const);
	const error = status === 'failure' ? rng.pick(PROVISIONING_ERRORS) : null;
	const targetId = rng.hex(18);
	const step = (name: string, type: string, st: string, description: string, details: Record<string, unknown> = {}) => ({
		name, provisioningStepType: type, status: st, description, details,
	});
	const steps = [
		step('EntryImport', 'import', 'success', `Received User '${p.user.userPrincipalName}' change of type (Update) from Microsoft Entra ID`, {ReportableIdentifier: p.user.userPrincipalName}),
		step('EntrySynchronizationScoping', 'scoping', status === 'skipped' ? 'skipped' : 'success', status === 'skipped' ? `User '${p.user.userPrincipalName}' will be skipped: the user is not assigned to the application` : `Determine if User in scope by evaluating against each scoping filter`, {'Active in the source system': 'True', 'Assigned to the application': status === 'skipped' ? 'False' : 'True'}),
		...(status === 'skipped' ? [] : [
			step('MatchingEntries', 'matching', 'success', `Retrieved '${p.user.userPrincipalName}' from ${p.job.system}`, {MatchingAttribute: 'userName'}),
			step('EntrySynchronizationAdd', 'processing', 'success', `User '${p.user.userPrincipalName}' will be ${action === 'create' ? 'created' : 'updated'} in ${p.job.system}`, {}),
			step('EntryExportUpdate', 'export', status === 'failure' ? 'failure' : status === 'warning' ? 'warning' : 'success', status === 'failure' ? `Failed to ${action} User '${p.user.userPrincipalName}' in ${p.job.system}` : `User '${p.user.userPrincipalName}' was ${action === 'create' ? 'created' : 'updated'} in ${p.job.system}`, {}),
		]),
	];
	const statusInfo = {status, errorInformation: error ? {errorCode: error.code, errorCategory: error.category, reason: error.reason, additionalDetails: null, recommendedAction: error.action} : null};
	return {
		id: `${rng.hex(8)}-${rng.hex(4)}-${rng.hex(4)}-${rng.hex(4)}-${rng.hex(12)}`,
		activityDateTime: iso(p.time),
		tenantId,
		jobId: p.jobId,
		cycleId: p.cycleId,
		changeId: rng.guid(),
		action: capitalize(action),
		provisioningAction: action,
		durationInMilliseconds: rng.int(150, status === 'failure' ? 9000 : 3500),
		initiatedBy: {id: '', displayName: 'Microsoft Entra ID', initiatorType: 'system'},
		servicePrincipal: {id: p.sp.id, displayName: p.sp.displayName},
		sourceSystem: {id: rng.guid(), displayName: 'Microsoft Entra ID', details: {}},
		targetSystem: {id: rng.guid(), displayName: p.job.system, details: {ApplicationId: rng.guid(), ServicePrincipalId: p.sp.id, ServicePrincipalDisplayName: p.sp.displayName}},
		sourceIdentity: {id: p.user.id, displayName: p.user.displayName, identityType: 'User', details: {UserPrincipalName: p.user.userPrincipalName}},
		targetIdentity: {id: targetId, displayName: p.user.displayName, identityType: p.job.system === 'Salesforce' ? 'User' : 'urn:ietf:params:scim:schemas:core:2.0:User', details: {}},
		statusInfo: status === 'failure' ? {'@odata.type': '#microsoft.graph.statusDetails', status, errorCode: error!.code, reason: error!.reason, additionalDetails: null, errorCategory: error!.category, recommendedAction: error!.action} : {'@odata.type': '#microsoft.graph.statusBase', status},
		provisioningStatusInfo: statusInfo,
		provisioningSteps: steps,
		modifiedProperties: status === 'skipped' ? [] : [
			{displayName: 'displayName', oldValue: null, newValue: p.user.displayName},
			{displayName: 'userName', oldValue: null, newValue: p.user.userPrincipalName},
			{displayName: 'active', oldValue: null, newValue: action === 'disable' ? 'False' : 'True'},
			{displayName: 'department', oldValue: null, newValue: p.user.department},
		],
	};
}

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
