/**
 * `--print url|powershell` cannot hold the filters Graph has no `$filter` for (sign-in status failure, audit category
 * and result): stdout keeps the text alone, and one line on stderr names what it leaves out. KQL holds them all.
 */
import {mkdtempSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';
import {runCli} from '../sources/run-cli.js';

const config = join(mkdtempSync(join(tmpdir(), 'entra-logs-print-left-')), 'config');
const print = (...args: string[]): ReturnType<typeof runCli> => runCli([...args], config);

describe('--print names the filters it leaves out', () => {
	it('audits --category --result as PowerShell: the cmdlet on stdout, both filters named on stderr', async () => {
		const r = await print('audits', '--category', 'UserManagement', '--result', 'failure', '--print', 'powershell');
		expect(r.code).toBe(0);
		expect(r.stdout).toBe('Get-MgAuditLogDirectoryAudit -All\n');
		const lines = r.stderr.split('\n').filter(Boolean);
		expect(lines).toHaveLength(1);
		expect(lines[0]).toMatch(/^entra-logs: note: the PowerShell command leaves out /);
		expect(lines[0]).toContain('--category UserManagement and --result failure');
	});

	it('signins --status failure as a URL: the time alone in $filter, --status named; KQL and a query without them say nothing', async () => {
		const r = await print(
			'signins',
			'--status',
			'failure',
			'--user',
			'a@contoso.com',
			'--since',
			'24h',
			'--print',
			'url',
		);
		expect(r.code).toBe(0);
		const filter = decodeURIComponent(new URL(r.stdout.trim()).searchParams.get('$filter') ?? '');
		expect(filter).toMatch(/^createdDateTime ge \S+ and userPrincipalName eq 'a@contoso.com'$/);
		expect(r.stderr).toMatch(/^entra-logs: note: the URL leaves out --status failure: [^\n]*\n$/);
		const kql = await print('signins', '--status', 'failure', '--since', '24h', '--print', 'kql');
		expect(kql.stdout).toContain('ResultType');
		expect(kql.stderr).toBe('');
		const plain = await print('signins', '--status', 'success', '--since', '24h', '--print', 'powershell');
		expect(plain.stdout).toMatch(/^Get-MgAuditLogSignIn -Filter "[^"]*status\/errorCode eq 0" -All\n$/);
		expect(plain.stderr).toBe('');
	});
});
