/**
 * The built CLI's command line, as a person types it: every usage error is one line on stderr and exit 2, before any
 * sign-in or network; export file failures are one line; filters that used to find nothing by surprise find records
 * from the emulator.
 */
import {spawn} from 'node:child_process';
import {existsSync} from 'node:fs';
import {mkdtemp, readFile, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {startTestEmulator, type TestEmulator} from '../helpers/emulator.js';

const CLI = join(process.cwd(), 'dist', 'cli.js');
let dir: string;

interface Result {
	readonly code: number | null;
	readonly stdout: string;
	readonly stderr: string;
}

function cli(args: readonly string[], env: Record<string, string> = {}): Promise<Result> {
	return new Promise(resolve => {
		const child = spawn(process.execPath, [CLI, ...args], {
			env: {
				...process.env,
				ENTRA_LOGS_CONFIG_DIR: join(dir, 'config'),
				AZURE_TENANT_ID: '',
				AZURE_CLIENT_ID: '',
				AZURE_CLIENT_SECRET: '',
				...env,
			},
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (d: Buffer) => {
			stdout += d.toString();
		});
		child.stderr.on('data', (d: Buffer) => {
			stderr += d.toString();
		});
		child.on('exit', code => resolve({code, stdout, stderr}));
	});
}

/** One line on stderr, ours, with no stack trace. */
function oneLine(r: Result): string {
	expect(r.stderr.endsWith('\n'), r.stderr).toBe(true);
	const lines = r.stderr.trimEnd().split('\n');
	expect(lines, r.stderr).toHaveLength(1);
	expect(lines[0]).toMatch(/^entra-logs: /);
	expect(r.stderr).not.toMatch(/\n\s+at |Error:|ERR_/);
	return lines[0]!.slice('entra-logs: '.length);
}

beforeAll(async () => {
	dir = await mkdtemp(join(tmpdir(), 'entra-logs-usage-'));
	expect(existsSync(CLI), 'run npm run build first').toBe(true);
});

describe('every usage error: exit 2 and one line, before any sign-in', () => {
	// No emulator and no network: each of these must fail on the command line alone.
	const cases: ReadonlyArray<readonly [string, readonly string[], string, Record<string, string>?]> = [
		// Filter values (these exited 1)
		['a time that is not one', ['signins', '--since', 'soon'], '"soon" is not a time'],
		['an impossible date', ['signins', '--until', '2026-13-01'], '"2026-13-01" is not a valid date'],
		['--until before --since', ['signins', '--since', '1d', '--until', '7d'], 'is before --since'],
		['a field of another report', ['signins', '--category', 'x'], 'Sign-ins cannot be filtered by "category"'],
		['a correlation id that is not a GUID', ['signins', '--correlation', 'x'], 'a correlation id must be a GUID'],
		['a request id that is not a GUID', ['signins', '--request', 'x'], 'a request id must be a GUID'],
		['an error code that is not a number', ['signins', '--error', 'abc'], '"abc" is not an error code'],
		[
			'a sign-in status',
			['signins', '--status', 'maybe'],
			'status must be success, interrupted or failure, not "maybe"',
		],
		['a Conditional Access status', ['signins', '--ca', 'nope'], 'conditional access status must be one of'],
		['an IP address', ['signins', '--ip', 'zz'], '"zz" is not an IP address or prefix'],
		['a risk level', ['signins', '--risk', 'x'], 'risk level must be one of'],
		['an audit result', ['audits', '--result', 'x'], 'result must be one of success, failure, timeout'],
		['--type on audits', ['audits', '--type', 'interactive'], '--type applies to sign-ins only'],
		['an audit correlation id', ['audits', '--correlation', 'x'], 'a correlation id must be a GUID'],
		['a provisioning status', ['provisioning', '--status', 'x'], 'status must be one of'],
		['a provisioning action', ['provisioning', '--action', 'x'], 'action must be one of'],
		// New checks
		['a negative --max, written apart', ['signins', '--max', '-3'], '--max must be a positive whole number, not "-3"'],
		['a negative --since, written apart', ['signins', '--since', '-5d'], '"-5d" is not a time'],
		[
			'a negative emulator --latency, written apart',
			['emulator', '--latency', '-5'],
			'--latency must be a whole number',
		],
		[
			'--since 0d',
			['signins', '--since', '0d'],
			'--since 0d is now: nothing happened since then; use a time in the past, such as 24h or 7d',
		],
		['--since in the future', ['signins', '--since', '2099-01-01'], '--since 2099-01-01 is in the future'],
		[
			'a --filter that escapes its parentheses',
			['signins', '--filter', "appId eq 'x') or (appId ne 'y'"],
			'--filter cannot be sent: its ")" at column 13 closes a parenthesis it did not open',
		],
		[
			'a --filter with an open string',
			['signins', '--filter', "appId eq 'x"],
			'--filter cannot be sent: its string starting at column 10 is not closed',
		],
		[
			'a --filter nested deeper than Graph parses',
			['signins', '--filter', `${'('.repeat(1000)}appId eq 'x'${')'.repeat(1000)}`],
			"--filter cannot be sent: its parentheses nest more than 800 deep (column 801): Graph's $filter parser stops there",
		],
		[
			'a country that is not one',
			['signins', '--country', 'Atlantis'],
			'country "Atlantis" is neither a two-letter ISO code',
		],
		[
			'--service-principal on interactive sign-ins',
			['signins', '--service-principal', 'x', '--type', 'interactive'],
			'leave --type out, or use --type service-principal,managed-identity',
		],
		['a near miss of a category', ['audits', '--category', 'UserManagment'], 'did you mean UserManagement?'],
		[
			'an unknown flag',
			['signins', '--usr', 'alice'],
			'unknown option --usr; did you mean --user? (entra-logs --help lists them)',
		],
		[
			'an unknown flag with a value',
			['audits', '--initiatedby=bob'],
			'unknown option --initiatedby; did you mean --initiated-by?',
		],
		[
			'an unknown flag like no other',
			['signins', '--frobnicate'],
			'unknown option --frobnicate (entra-logs --help lists them)',
		],
		['a misspelt report', ['sigins'], 'unknown command or report "sigins"; did you mean signins?'],
		['an emulator port out of range', ['emulator', '--port', '99999'], '--port must be 1-65535'],
		[
			'emulator data that is not there',
			['emulator', '--data', '/nonexistent/tenant.json'],
			'--data /nonexistent/tenant.json: no such file',
		],
		[
			'an emulator CA file in no folder',
			['emulator', '--ca-out', '/nonexistent/folder/ca.pem'],
			'--ca-out /nonexistent/folder/ca.pem: there is no folder /nonexistent/folder',
		],
		[
			'a Retry-After that is not a number',
			['emulator', '--retry-after', 'soon'],
			'--retry-after must be a number of seconds',
		],
		[
			'a missing certificate',
			['signins', '--tenant', 'contoso.com', '--certificate', '/nonexistent/app.pem'],
			'--certificate /nonexistent/app.pem: no such file',
		],
		[
			'--emulator that is not a URL',
			['signins', '--emulator', 'notaurl'],
			"--emulator must be the emulator's https:// address",
		],
		['--emulator over http', ['signins', '--emulator', 'http://127.0.0.1:8443'], 'not "http://127.0.0.1:8443"'],
		[
			'a missing --ca-file',
			['signins', '--emulator', 'https://127.0.0.1:8443', '--ca-file', '/nonexistent/ca.pem'],
			'--ca-file /nonexistent/ca.pem: no such file',
		],
		[
			'a --tenant that is neither a GUID nor a domain',
			['signins', '--tenant', 'contoso tenant'],
			'--tenant must be a tenant id (a GUID) or a domain such as contoso.onmicrosoft.com, not "contoso tenant"',
		],
		['a bad AZURE_TENANT_ID', ['login'], 'AZURE_TENANT_ID must be a tenant id', {AZURE_TENANT_ID: 'not a tenant'}],
		['personal accounts', ['login', '--tenant', 'consumers'], 'personal Microsoft accounts'],
		[
			'app-only without a tenant of its own',
			['signins', '--tenant', 'organizations'],
			"app-only sign-in needs your tenant's id or domain in --tenant",
			{AZURE_CLIENT_SECRET: 's'},
		],
		[
			'a --client-id that is not a GUID',
			['whoami', '--client-id', 'my-app'],
			'--client-id must be an application (client) id',
		],
		['a bad AZURE_CLIENT_ID', ['whoami'], 'AZURE_CLIENT_ID must be an application (client) id', {AZURE_CLIENT_ID: 'x'}],
		[
			'--out in a folder that does not exist',
			['signins', '--output', 'ndjson', '--out', '/nonexistent/folder/x.ndjson'],
			'--out /nonexistent/folder/x.ndjson: there is no folder /nonexistent/folder',
		],
	];

	for (const [name, args, message, env] of cases) {
		it(name, async () => {
			const r = await cli(args, env);
			expect(oneLine(r)).toContain(message);
			expect(r.code).toBe(2);
			expect(r.stdout).toBe('');
		});
	}

	it('a value echoed in the error cannot drive the terminal', async () => {
		const r = await cli(['signins', '--tenant', 'evil\u001b]0;pwned\u0007\u001b[2Jtenant']);
		expect(oneLine(r)).toMatch(/^--tenant must be a tenant id/);
		expect(r.stderr).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
		expect(r.code).toBe(2);
	});

	it('--out naming a folder, and filter values on an offline file, are usage errors too', async () => {
		const folder = await cli(['signins', '--output', 'ndjson', '--out', dir]);
		expect(oneLine(folder)).toBe(`--out ${dir} is a folder: name a file in it`);
		expect(folder.code).toBe(2);
		const file = join(dir, 'one.ndjson');
		await writeFile(
			file,
			'{"id":"1","createdDateTime":"2026-11-20T10:00:00Z","userPrincipalName":"a@b.c","status":{"errorCode":0}}\n',
		);
		for (const args of [
			['--status', 'maybe'],
			['--filter', "appId eq 'x'"],
			['--category', 'x'],
		]) {
			const r = await cli(['open', file, '--output', 'ndjson', ...args]);
			oneLine(r);
			expect(r.code, args.join(' ')).toBe(2);
		}
	});

	it('--help tells how --initiated-by, --country and --service-principal read their values', async () => {
		const r = await cli(['--help']);
		expect(r.code).toBe(0);
		expect(r.stdout).toContain(
			"--initiated-by WHO            a UPN (user), a GUID (user id or app id), else a user's or an app's",
		);
		expect(r.stdout).toContain('--country AU|Australia');
		expect(r.stdout).toContain(
			'--service-principal NAME|ID   service principal and managed identity sign-ins (chosen without --type)',
		);
	});
});

describe('against the emulator', () => {
	let emu: TestEmulator;
	let caFile: string;
	const clientId = '3f0e7b52-9a41-4c3e-8d6b-2a7c1e5f9b04';
	const secret = 'usage-test~secret.value';
	const app = {AZURE_CLIENT_ID: clientId, AZURE_CLIENT_SECRET: secret};

	beforeAll(async () => {
		emu = await startTestEmulator();
		caFile = join(dir, 'ca.pem');
		await writeFile(caFile, emu.caCert);
		await emu.control('clients', {clientId, secrets: [secret]});
	});
	afterAll(() => emu.close());

	const report = (args: readonly string[]): Promise<Result> =>
		cli([...args, '--emulator', emu.origin, '--ca-file', caFile, '--tenant', emu.tenantId], app);
	const records = (r: Result): Array<Record<string, unknown>> =>
		r.stdout
			.trim()
			.split('\n')
			.filter(Boolean)
			.map(l => JSON.parse(l) as Record<string, unknown>);

	it('--out /dev/full: "no space left" in one line, no --resume hint, no checkpoint left behind', async () => {
		for (const format of ['ndjson', 'json', 'csv']) {
			const r = await report(['signins', '--since', '3650d', '--output', format, '--out', '/dev/full', '--max', '5']);
			expect(
				r.stderr.split('\n').filter(l => l.startsWith('entra-logs: ')),
				`${format}: ${r.stderr}`,
			).toEqual(['entra-logs: cannot write /dev/full: no space left on the device']);
			expect(r.stderr).not.toContain('--resume');
			expect(r.stderr).not.toMatch(/\n\s+at /);
			expect(r.code).toBe(1);
			expect(existsSync('/dev/full.checkpoint.json')).toBe(false);
		}
	});

	it('an export that fails before its first record: one line, no --resume, and the same command can simply run again', async () => {
		const out = join(dir, 'unlicensed.ndjson');
		await emu.control('license', {license: 'free'});
		try {
			const r = await report(['signins', '--since', '3650d', '--output', 'ndjson', '--out', out]);
			const lines = r.stderr.split('\n').filter(l => l.startsWith('entra-logs: '));
			expect(lines).toHaveLength(1);
			expect(lines[0]).toContain('Authentication_RequestFromNonPremiumTenantOrB2CTenant');
			expect(r.stderr).not.toContain('--resume');
			expect(r.code).toBe(1);
		} finally {
			await emu.control('license', {license: 'p2'});
		}
		const again = await report(['signins', '--since', '3650d', '--output', 'ndjson', '--out', out, '--max', '3']);
		expect(again.code, again.stderr).toBe(0);
		expect((await readFile(out, 'utf8')).trim().split('\n')).toHaveLength(3);
	});

	it('an export that fails after some records: one line that says how many and how to finish', async () => {
		const out = join(dir, 'halfway.ndjson');
		emu.setFaults({latencyMs: 400});
		const child = report(['signins', '--since', '3650d', '--output', 'ndjson', '--out', out, '--page-size', '50']);
		try {
			// Once the first page is on disk, the tenant loses its licence: the next page is refused (403, not retried).
			for (let i = 0; i < 400 && !existsSync(`${out}.checkpoint.json`); i++) await new Promise(r => setTimeout(r, 25));
			for (let i = 0; i < 400; i++) {
				const cp = JSON.parse(await readFile(`${out}.checkpoint.json`, 'utf8').catch(() => '{}')) as {records?: number};
				if ((cp.records ?? 0) > 0) break;
				await new Promise(r => setTimeout(r, 25));
			}
			await emu.control('license', {license: 'free'});
			const r = await child;
			const lines = r.stderr.split('\n').filter(l => l.startsWith('entra-logs: '));
			expect(lines, r.stderr).toHaveLength(1);
			expect(lines[0]).toMatch(
				new RegExp(
					`Authentication_RequestFromNonPremiumTenantOrB2CTenant.*; [\\d,]+ records are in ${out.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: finish with the same command and --resume$`,
				),
			);
			expect(r.code).toBe(1);
		} finally {
			emu.setFaults({});
			await emu.control('license', {license: 'p2'});
		}
	}, 180_000);

	it('--resume with nothing to resume is a usage error too', async () => {
		const out = join(dir, 'never-started.ndjson');
		const r = await report(['signins', '--output', 'ndjson', '--out', out, '--resume']);
		expect(oneLine(r)).toBe(`nothing to resume: ${out}.checkpoint.json does not exist`);
		expect(r.code).toBe(2);
	});

	it('--service-principal without --type finds service principal and managed identity sign-ins', async () => {
		const sp = emu.tenant.signIns.find(s =>
			(s['signInEventTypes'] as string[] | undefined)?.includes('servicePrincipal'),
		)!;
		const name = String(sp['servicePrincipalName']);
		const r = await report([
			'signins',
			'--since',
			'3650d',
			'--service-principal',
			name,
			'--output',
			'ndjson',
			'--max',
			'20',
		]);
		expect(r.code, r.stderr).toBe(0);
		const got = records(r);
		expect(got.length).toBeGreaterThan(0);
		for (const s of got) {
			expect(String(s['servicePrincipalName']).toLowerCase().startsWith(name.toLowerCase())).toBe(true);
			expect(s['signInEventTypes']).not.toContain('interactiveUser');
		}
	});

	it('--country Australia finds the sign-ins from AU', async () => {
		const r = await report([
			'signins',
			'--since',
			'3650d',
			'--type',
			'interactive,non-interactive',
			'--country',
			'Australia',
			'--output',
			'ndjson',
			'--max',
			'20',
		]);
		expect(r.code, r.stderr).toBe(0);
		const got = records(r);
		expect(got.length).toBeGreaterThan(0);
		for (const s of got) expect((s['location'] as {countryOrRegion: string}).countryOrRegion).toBe('AU');
	});

	it("--initiated-by a person's display name finds the audits that person did; an app's name finds the app's", async () => {
		const byUser = emu.tenant.directoryAudits.find(
			a => (a['initiatedBy'] as {user?: {displayName?: string} | null}).user?.displayName,
		)!;
		const person = (byUser['initiatedBy'] as {user: {displayName: string}}).user.displayName;
		const byApp = emu.tenant.directoryAudits.find(
			a => (a['initiatedBy'] as {app?: {displayName?: string} | null}).app?.displayName,
		)!;
		const appName = (byApp['initiatedBy'] as {app: {displayName: string}}).app.displayName;
		for (const [who, path] of [
			[person, 'user'],
			[appName, 'app'],
		] as const) {
			const r = await report([
				'audits',
				'--since',
				'3650d',
				'--initiated-by',
				who,
				'--output',
				'ndjson',
				'--max',
				'10',
			]);
			expect(r.code, r.stderr).toBe(0);
			const got = records(r);
			expect(got.length, who).toBeGreaterThan(0);
			for (const a of got)
				expect((a['initiatedBy'] as Record<string, {displayName: string}>)[path]!.displayName).toBe(who);
		}
	});

	it('--category in any case finds the category', async () => {
		const r = await report([
			'audits',
			'--since',
			'3650d',
			'--category',
			'groupmanagement',
			'--output',
			'ndjson',
			'--max',
			'10',
		]);
		expect(r.code, r.stderr).toBe(0);
		const got = records(r);
		expect(got.length).toBeGreaterThan(0);
		for (const a of got) expect(a['category']).toBe('GroupManagement');
	});
});
