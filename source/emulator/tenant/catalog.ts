/** Reference data for the demo tenant: names, places, apps, policies. Values are plausible, not real people. */

// prettier-ignore
export const FIRST_NAMES = [
	'Alice', 'Bob', 'Carol', 'Dave', 'Erin', 'Frank', 'Grace', 'Heidi', 'Ivan', 'Judy', 'Mallory', 'Niaj', 'Olivia',
	'Peggy', 'Rupert', 'Sybil', 'Trent', 'Victor', 'Walter', 'Yasmin', 'Zoe', 'Amir', 'Beatriz', 'Chen', 'Dmitri',
	'Esra', 'Farah', 'Goran', 'Hiroshi', 'Ingrid', 'Jamal', 'Kasia', 'Luca', 'Maya', 'Nils', 'Oskar', 'Priya', 'Quentin',
	'Rosa', 'Sven', 'Tariq', 'Uma', 'Valentina', 'Wei', 'Ximena', 'Yusuf', 'Zara', 'Anders', 'Bianca', 'Camille',
	'Diego', 'Elif', 'Fatima', 'Gustav', 'Hana', 'Igor', 'Jonas', 'Keiko', 'Leila', 'Marco', 'Noor', 'Owen', 'Paula',
] as const;

// prettier-ignore
export const LAST_NAMES = [
	'Smith', 'Johnson', 'Garcia', 'Miller', 'Davis', 'Martinez', 'Lopez', 'Wilson', 'Anderson', 'Thomas', 'Moore',
	'Jackson', 'Martin', 'Lee', 'Thompson', 'White', 'Harris', 'Clark', 'Lewis', 'Walker', 'Hall', 'Young', 'King',
	'Wright', 'Scott', 'Green', 'Baker', 'Adams', 'Nelson', 'Hill', 'Campbell', 'Mitchell', 'Roberts', 'Carter',
	'Phillips', 'Evans', 'Turner', 'Torres', 'Parker', 'Collins', 'Edwards', 'Stewart', 'Morris', 'Nguyen', 'Murphy',
	'Rivera', 'Cook', 'Rogers', 'Morgan', 'Peterson', 'Cooper', 'Reed', 'Bailey', 'Bell', 'Gomez', 'Kelly', 'Howard',
	'Ward', 'Cox', 'Diaz', 'Richardson', 'Wood', 'Watson', 'Brooks', 'Bennett', 'Gray', 'James', 'Reyes', 'Hughes',
] as const;

/** Where the tenant's guests come from: their home tenant (a guest's sign-ins carry it as homeTenantId). */
export const GUEST_HOME = {
	tenantId: 'b5f3e1a2-7c4d-4e8f-9a1b-2c3d4e5f6a7b',
	displayName: 'Fabrikam',
	domain: 'fabrikam.com',
} as const;

export const DEPARTMENTS = [
	'Finance',
	'Engineering',
	'Sales',
	'Marketing',
	'HR',
	'IT',
	'Legal',
	'Support',
	'Operations',
] as const;

export interface City {
	readonly city: string;
	readonly state: string;
	readonly countryOrRegion: string;
	readonly latitude: number;
	readonly longitude: number;
	/** UTC offset in hours, for working-hours bias. */
	readonly utcOffset: number;
	/** First two octets of the addresses handed out in this city. */
	readonly ipPrefix: string;
	readonly asn: number;
}

/** Where the tenant's people work. */
// prettier-ignore
export const HOME_CITIES: readonly City[] = [
	{city: 'Seattle', state: 'Washington', countryOrRegion: 'US', latitude: 47.6062, longitude: -122.3321, utcOffset: -8, ipPrefix: '131.107', asn: 8075},
	{city: 'Redmond', state: 'Washington', countryOrRegion: 'US', latitude: 47.674, longitude: -122.1215, utcOffset: -8, ipPrefix: '167.220', asn: 8075},
	{city: 'New York', state: 'New York', countryOrRegion: 'US', latitude: 40.7128, longitude: -74.006, utcOffset: -5, ipPrefix: '74.125', asn: 7922},
	{city: 'Chicago', state: 'Illinois', countryOrRegion: 'US', latitude: 41.8781, longitude: -87.6298, utcOffset: -6, ipPrefix: '73.44', asn: 7922},
	{city: 'London', state: 'England', countryOrRegion: 'GB', latitude: 51.5074, longitude: -0.1278, utcOffset: 0, ipPrefix: '81.2', asn: 2856},
	{city: 'Dublin', state: 'Dublin', countryOrRegion: 'IE', latitude: 53.3498, longitude: -6.2603, utcOffset: 0, ipPrefix: '89.101', asn: 5466},
	{city: 'Amsterdam', state: 'Noord-Holland', countryOrRegion: 'NL', latitude: 52.3676, longitude: 4.9041, utcOffset: 1, ipPrefix: '145.53', asn: 1136},
	{city: 'Berlin', state: 'Berlin', countryOrRegion: 'DE', latitude: 52.52, longitude: 13.405, utcOffset: 1, ipPrefix: '87.123', asn: 3320},
	{city: 'Munich', state: 'Bayern', countryOrRegion: 'DE', latitude: 48.1351, longitude: 11.582, utcOffset: 1, ipPrefix: '91.64', asn: 3320},
	{city: 'Paris', state: 'Ile-de-France', countryOrRegion: 'FR', latitude: 48.8566, longitude: 2.3522, utcOffset: 1, ipPrefix: '90.84', asn: 3215},
	{city: 'Bengaluru', state: 'Karnataka', countryOrRegion: 'IN', latitude: 12.9716, longitude: 77.5946, utcOffset: 5.5, ipPrefix: '49.207', asn: 24560},
	{city: 'Singapore', state: 'Singapore', countryOrRegion: 'SG', latitude: 1.3521, longitude: 103.8198, utcOffset: 8, ipPrefix: '116.86', asn: 4773},
	{city: 'Sydney', state: 'New South Wales', countryOrRegion: 'AU', latitude: -33.8688, longitude: 151.2093, utcOffset: 10, ipPrefix: '101.160', asn: 1221},
	{city: 'Toronto', state: 'Ontario', countryOrRegion: 'CA', latitude: 43.6532, longitude: -79.3832, utcOffset: -5, ipPrefix: '99.224', asn: 812},
];

/** Places people rarely sign in from: travel, VPN exits and attackers. */
// prettier-ignore
export const FAR_CITIES: readonly City[] = [
	{city: 'Lagos', state: 'Lagos', countryOrRegion: 'NG', latitude: 6.5244, longitude: 3.3792, utcOffset: 1, ipPrefix: '102.89', asn: 29465},
	{city: 'Moscow', state: 'Moscow', countryOrRegion: 'RU', latitude: 55.7558, longitude: 37.6173, utcOffset: 3, ipPrefix: '95.165', asn: 12389},
	{city: 'Sao Paulo', state: 'Sao Paulo', countryOrRegion: 'BR', latitude: -23.5505, longitude: -46.6333, utcOffset: -3, ipPrefix: '177.54', asn: 28573},
	{city: 'Hanoi', state: 'Ha Noi', countryOrRegion: 'VN', latitude: 21.0278, longitude: 105.8342, utcOffset: 7, ipPrefix: '113.160', asn: 7552},
	{city: 'Tehran', state: 'Tehran', countryOrRegion: 'IR', latitude: 35.6892, longitude: 51.389, utcOffset: 3.5, ipPrefix: '5.160', asn: 58224},
	{city: 'Bucharest', state: 'Bucuresti', countryOrRegion: 'RO', latitude: 44.4268, longitude: 26.1025, utcOffset: 2, ipPrefix: '86.124', asn: 8708},
	{city: 'Jakarta', state: 'Jakarta', countryOrRegion: 'ID', latitude: -6.2088, longitude: 106.8456, utcOffset: 7, ipPrefix: '36.72', asn: 7713},
];

export interface AppInfo {
	readonly appId: string;
	readonly displayName: string;
	/** Whether people sign in to it interactively. */
	readonly interactive: boolean;
	readonly clientAppUsed: string;
	readonly resources: readonly string[];
	readonly weight: number;
}

/** Resources (what a token is for), by appId. */
// prettier-ignore
export const RESOURCES: Readonly<Record<string, string>> = {
	'00000003-0000-0000-c000-000000000000': 'Microsoft Graph',
	'00000002-0000-0ff1-ce00-000000000000': 'Office 365 Exchange Online',
	'00000003-0000-0ff1-ce00-000000000000': 'Office 365 SharePoint Online',
	'797f4846-ba00-4fd7-ba43-dac1f8f63013': 'Windows Azure Service Management API',
	'cfa8b339-82a2-471a-a3c9-0fc0be7a4093': 'Azure Key Vault',
	'00000004-0000-0ff1-ce00-000000000000': 'Skype for Business Online',
	'cc15fd57-2c6c-4117-a88c-83b1d56b4bbe': 'Microsoft Teams Services',
	'e406a681-f3d4-42a8-90b6-c2b029497af1': 'Azure Storage',
};

const GRAPH = '00000003-0000-0000-c000-000000000000';
const EXO = '00000002-0000-0ff1-ce00-000000000000';
const SPO = '00000003-0000-0ff1-ce00-000000000000';
const ARM = '797f4846-ba00-4fd7-ba43-dac1f8f63013';
const TEAMS = 'cc15fd57-2c6c-4117-a88c-83b1d56b4bbe';

/** First-party and line-of-business client apps that users sign in to. */
// prettier-ignore
export const USER_APPS: readonly AppInfo[] = [
	{appId: '1fec8e78-bce4-4aaf-ab1b-5451cc387264', displayName: 'Microsoft Teams', interactive: true, clientAppUsed: 'Mobile Apps and Desktop clients', resources: [TEAMS, GRAPH, SPO], weight: 18},
	{appId: '4765445b-32c6-49b0-83e6-1d93765276ca', displayName: 'OfficeHome', interactive: true, clientAppUsed: 'Browser', resources: [GRAPH, SPO], weight: 10},
	{appId: '00000002-0000-0ff1-ce00-000000000000', displayName: 'Office 365 Exchange Online', interactive: true, clientAppUsed: 'Browser', resources: [EXO], weight: 9},
	{appId: 'd3590ed6-52b3-4102-aeff-aad2292ab01c', displayName: 'Microsoft Office', interactive: true, clientAppUsed: 'Mobile Apps and Desktop clients', resources: [EXO, SPO, GRAPH], weight: 12},
	{appId: '27922004-5251-4030-b22d-91ecd9a37ea4', displayName: 'Outlook Mobile', interactive: true, clientAppUsed: 'Mobile Apps and Desktop clients', resources: [EXO, GRAPH], weight: 6},
	{appId: 'ab9b8c07-8f02-4f72-87fa-80105867a763', displayName: 'OneDrive SyncEngine', interactive: true, clientAppUsed: 'Mobile Apps and Desktop clients', resources: [SPO, GRAPH], weight: 6},
	{appId: 'c44b4083-3bb0-49c1-b47d-974e53cbdf3c', displayName: 'Azure Portal', interactive: true, clientAppUsed: 'Browser', resources: [ARM, GRAPH], weight: 4},
	{appId: '2793995e-0a7d-40d7-bd35-6968ba142197', displayName: 'My Apps', interactive: true, clientAppUsed: 'Browser', resources: [GRAPH], weight: 3},
	{appId: '14d82eec-204b-4c2f-b7e8-296a70dab67e', displayName: 'Microsoft Graph Command Line Tools', interactive: true, clientAppUsed: 'Mobile Apps and Desktop clients', resources: [GRAPH], weight: 1},
	{appId: '04b07795-8ddb-461a-bbee-02f9e1bf7b46', displayName: 'Microsoft Azure CLI', interactive: true, clientAppUsed: 'Mobile Apps and Desktop clients', resources: [ARM, GRAPH], weight: 2},
	{appId: '38aa3b87-a06d-4817-b275-7a316988d93b', displayName: 'Windows Sign In', interactive: true, clientAppUsed: 'Mobile Apps and Desktop clients', resources: [GRAPH], weight: 7},
	{appId: '29d9ed98-a469-4536-ade2-f981bc1d605e', displayName: 'Microsoft Authentication Broker', interactive: false, clientAppUsed: 'Mobile Apps and Desktop clients', resources: [GRAPH, EXO], weight: 5},
	{appId: 'aebc6443-996d-45c2-90f0-388ff96faa56', displayName: 'Visual Studio Code', interactive: true, clientAppUsed: 'Mobile Apps and Desktop clients', resources: [ARM, GRAPH], weight: 2},
	{appId: 'ecd6b820-32c2-49b6-98a6-444530e5a77a', displayName: 'Microsoft Edge', interactive: true, clientAppUsed: 'Browser', resources: [GRAPH], weight: 4},
	{appId: 'fc0f3af4-6835-4174-b806-f7db311fd2f3', displayName: 'Microsoft Intune Windows Agent', interactive: false, clientAppUsed: 'Mobile Apps and Desktop clients', resources: [GRAPH], weight: 3},
	{appId: '0ec893e0-5785-4de6-99da-4ed124e5296c', displayName: 'Office UWP PWA', interactive: true, clientAppUsed: 'Browser', resources: [GRAPH], weight: 1},
	{appId: '57fb890c-0dab-4253-a5e0-7188c88b2bb4', displayName: 'SharePoint Online Web Client Extensibility', interactive: false, clientAppUsed: 'Browser', resources: [SPO, GRAPH], weight: 2},
	{appId: 'a0c73c16-a7e3-4564-9a95-2bdf47383716', displayName: 'Exchange Online Remote PowerShell', interactive: true, clientAppUsed: 'Mobile Apps and Desktop clients', resources: [EXO], weight: 0.5},
];

/** Legacy-protocol clients that a "block legacy authentication" policy stops. */
export const LEGACY_CLIENTS = ['IMAP4', 'POP3', 'Authenticated SMTP', 'Exchange ActiveSync', 'Other clients'] as const;

// prettier-ignore
export const LOB_APP_NAMES = [
	'Contoso Payroll Sync', 'Contoso HR Portal', 'Fabrikam Invoice Processor', 'Backup Orchestrator', 'Ticketing Bridge',
	'SIEM Log Collector', 'Build Agent Pool', 'License Reporter', 'Inventory Scanner', 'Expense Importer', 'CRM Connector',
	'Data Lake Loader', 'Partner Portal API', 'Nightly Reports', 'Marketing Automation', 'Deploy Bot', 'Compliance Scanner',
	'Onboarding Workflow', 'Wiki Search Indexer', 'Mailbox Archiver', 'Security Baseline Checker', 'Vendor Risk Gateway',
] as const;

// prettier-ignore
export const MANAGED_IDENTITY_NAMES = [
	'func-invoice-prod', 'app-portal-prod', 'vm-build-01', 'aks-agentpool-prod', 'logic-onboarding', 'adf-datalake-prod',
	'func-reports-nightly', 'vm-jumphost-01', 'ca-ticket-bridge', 'app-wiki-search',
] as const;

export interface CaPolicy {
	readonly id: string;
	readonly displayName: string;
	readonly state: 'enabled' | 'enabledForReportingButNotEnforced' | 'disabled';
	readonly grant: readonly string[];
	readonly session: readonly string[];
}

// prettier-ignore
export const CA_POLICIES: readonly CaPolicy[] = [
	{id: '5a1b2c3d-0001-4e5f-8a9b-0c1d2e3f4a51', displayName: 'CA001: Require MFA for administrators', state: 'enabled', grant: ['Mfa'], session: []},
	{id: '5a1b2c3d-0002-4e5f-8a9b-0c1d2e3f4a52', displayName: 'CA002: Require MFA outside trusted locations', state: 'enabled', grant: ['Mfa'], session: []},
	{id: '5a1b2c3d-0003-4e5f-8a9b-0c1d2e3f4a53', displayName: 'CA003: Block legacy authentication', state: 'enabled', grant: ['Block'], session: []},
	{id: '5a1b2c3d-0004-4e5f-8a9b-0c1d2e3f4a54', displayName: 'CA004: Require compliant device for Azure management', state: 'enabled', grant: ['RequireCompliantDevice'], session: []},
	{id: '5a1b2c3d-0005-4e5f-8a9b-0c1d2e3f4a55', displayName: 'CA005: Block sign-ins from unapproved countries', state: 'enabled', grant: ['Block'], session: []},
	{id: '5a1b2c3d-0006-4e5f-8a9b-0c1d2e3f4a56', displayName: 'CA006: Sign-in frequency 12 hours for browsers', state: 'enabled', grant: [], session: ['SignInFrequency']},
	{id: '5a1b2c3d-0007-4e5f-8a9b-0c1d2e3f4a57', displayName: 'CA007 (report-only): Require phishing-resistant MFA', state: 'enabledForReportingButNotEnforced', grant: ['Mfa'], session: []},
	{id: '5a1b2c3d-0008-4e5f-8a9b-0c1d2e3f4a58', displayName: 'CA008: Terms of use for guests', state: 'disabled', grant: ['TermsOfUse'], session: []},
];

/** The failure reasons the service writes next to common error codes (status.failureReason). */
// prettier-ignore
export const FAILURE_REASONS: Readonly<Record<number, string>> = {
	0: '',
	16000: "User account '{EmailHidden}' from identity provider 'live.com' does not exist in tenant and cannot access the application.",
	50034: "The user account {EmailHidden} does not exist in the tenant directory. To sign into this application, the account must be added to the directory.",
	50053: 'The account is locked, you\'ve tried to sign in too many times with an incorrect user ID or password.',
	50055: 'The password is expired.',
	50057: 'The user account is disabled.',
	50058: 'Session information is not sufficient for single-sign-on.',
	50074: 'Strong Authentication is required.',
	50076: 'Due to a configuration change made by your administrator, or because you moved to a new location, you must use multi-factor authentication to access the resource.',
	50097: 'Device authentication is required.',
	50105: 'The signed in user is not assigned to a role for the application.',
	50126: 'Error validating credentials due to invalid username or password.',
	50133: 'Session is invalid due to expiration or recent password change.',
	50140: 'This error occurred due to \'Keep me signed in\' interrupt when the user was signing in.',
	50173: 'The provided grant has expired due to it being revoked, a fresh auth token is needed.',
	53000: 'Device is not in required device state: compliant.',
	53003: 'Access has been blocked by Conditional Access policies. The access policy does not allow token issuance.',
	70043: 'The refresh token has expired or is invalid due to sign-in frequency checks by conditional access.',
	500121: 'Authentication failed during strong authentication request.',
	700016: "Application with identifier '{appIdentifier}' was not found in the directory '{tenantName}'.",
	7000215: 'Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID.',
	7000218: "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.",
	7000222: 'The provided client secret keys for app are expired.',
};
