/**
 * The demo tenant's directory: its users (with their devices and home places), its apps and service principals,
 * and the hostile strings planted in some of them.
 */
import {Rng} from './prng.js';
import {
	DEPARTMENTS,
	FIRST_NAMES,
	GUEST_HOME,
	HOME_CITIES,
	LAST_NAMES,
	LOB_APP_NAMES,
	MANAGED_IDENTITY_NAMES,
	USER_APPS,
} from './catalog.js';
import {capitalize} from './context.js';
import type {GraphRecord, User, Device, ServicePrincipal} from './tenant.js';

export const DEVICE_PROFILES = [
	{
		os: 'Windows10',
		browser: 'Edge 131.0.0',
		ua: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0',
		trust: 'Azure AD joined',
		w: 45,
	},
	{
		os: 'Windows10',
		browser: 'Chrome 131.0.0',
		ua: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
		trust: 'Hybrid Azure AD joined',
		w: 15,
	},
	{
		os: 'MacOs',
		browser: 'Safari 18.1',
		ua: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15',
		trust: '',
		w: 15,
	},
	{
		os: 'Ios 18.1',
		browser: 'Mobile Safari 18.1',
		ua: 'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1',
		trust: 'Azure AD registered',
		w: 12,
	},
	{
		os: 'Android 14',
		browser: 'Chrome Mobile 131.0.0',
		ua: 'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36',
		trust: 'Azure AD registered',
		w: 8,
	},
	{
		os: 'Linux',
		browser: 'Firefox 133.0',
		ua: 'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0',
		trust: '',
		w: 5,
	},
] as const;

export const HOSTILE_STRINGS = [
	'\u001b[2J\u001b[31mEvil App\u001b[0m',
	'Mozilla/5.0 \u001b]52;c;cm0gLXJmIH4K\u0007 (X11)',
	'Redmond\u202e\u0007\u009b31m',
	'\u001b]0;pwned\u001b\\Office\u0008\u0008',
];

export function makeUsers(rng: Rng, count: number, domain: string): User[] {
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
			displayName: profile.trust
				? `${profile.os.startsWith('Windows') ? 'CONTOSO-LT' : 'DEV'}-${rng.hex(5).toUpperCase()}`
				: '',
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

export function makeServicePrincipals(rng: Rng): ServicePrincipal[] {
	const sps: ServicePrincipal[] = [];
	const sub = rng.guid();
	for (const name of LOB_APP_NAMES) {
		sps.push({
			appId: rng.guid(),
			id: rng.guid(),
			displayName: name,
			kind: 'application',
			credentialKeyId: rng.guid(),
			thumbprint: rng.hex(40).toUpperCase(),
			msiType: 'none',
			resourceId: '',
		});
	}
	for (const name of MANAGED_IDENTITY_NAMES) {
		const userAssigned = rng.chance(0.3);
		const type = name.startsWith('vm')
			? 'Microsoft.Compute/virtualMachines'
			: name.startsWith('aks')
				? 'Microsoft.ContainerService/managedClusters'
				: name.startsWith('logic')
					? 'Microsoft.Logic/workflows'
					: name.startsWith('adf')
						? 'Microsoft.DataFactory/factories'
						: 'Microsoft.Web/sites';
		sps.push({
			appId: rng.guid(),
			id: rng.guid(),
			displayName: name,
			kind: 'managedIdentity',
			credentialKeyId: '',
			thumbprint: '',
			msiType: userAssigned ? 'userAssigned' : 'systemAssigned',
			resourceId: `/subscriptions/${sub}/resourcegroups/rg-${name.split('-')[1]}/providers/${type}/${name}`,
		});
	}
	return sps;
}

// ----------------------------------------------------------------------------------------------------------
// Sign-ins

export function injectHostile(rng: Rng, signIns: GraphRecord[], audits: GraphRecord[], count: number): void {
	// The newest of them (the lists are newest first) carries the first string, "Evil App", whatever the draws.
	const picked: number[] = [];
	for (let i = 0; i < count && signIns.length > 0; i++)
		picked.push(Math.floor(rng.next() * Math.min(signIns.length, 2000)));
	picked.sort((a, b) => a - b);
	for (let i = 0; i < picked.length; i++) {
		const r = signIns[picked[i]!]!;
		r['appDisplayName'] = HOSTILE_STRINGS[i % HOSTILE_STRINGS.length]!;
		r['userAgent'] = HOSTILE_STRINGS[(i + 1) % HOSTILE_STRINGS.length]!;
		(r['location'] as Record<string, unknown>)['city'] = HOSTILE_STRINGS[(i + 2) % HOSTILE_STRINGS.length]!;
	}
	if (count > 0 && audits.length > 0) {
		const a = audits[Math.floor(rng.next() * Math.min(audits.length, 500))]!;
		a['activityDisplayName'] = HOSTILE_STRINGS[3]!;
	}
}
