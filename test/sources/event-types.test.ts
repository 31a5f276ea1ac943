/**
 * Files whose sign-ins carry no `signInEventTypes` (v1.0 has no such property; the admin center's downloads neither)
 * are classed offline by what each record carries, so that `open FILE --service-principal X` or `--type` finds them.
 * The oracle is the emulator's tenant: every generated sign-in knows its event type, which the file leaves out.
 */
import {mkdtempSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';
import {runCli} from './run-cli.js';
import {testTenant} from '../helpers/emulator.js';
import {shapeRecord} from '../../source/emulator/graph/schema.js';

const dir = mkdtempSync(join(tmpdir(), 'entra-logs-event-types-'));
const cli = (args: string[]): ReturnType<typeof runCli> => runCli(args, join(dir, 'config'));
const ids = (ndjson: string): string[] =>
	ndjson
		.trim()
		.split('\n')
		.filter(Boolean)
		.map(l => (JSON.parse(l) as {id: string}).id)
		.sort();

type Rec = Record<string, unknown> & {id: string};
const typesOf = (r: Rec): string[] => r['signInEventTypes'] as string[];

// 100 sign-ins of each event type, newest first as Graph lists them.
const tenant = testTenant();
const sample: Rec[] = ['interactiveUser', 'nonInteractiveUser', 'servicePrincipal', 'managedIdentity'].flatMap(t =>
	tenant.signIns.filter(s => typesOf(s).includes(t)).slice(0, 100),
);

function write(name: string, records: readonly Record<string, unknown>[]): string {
	const path = join(dir, name);
	writeFileSync(path, records.map(r => `${JSON.stringify(r)}\n`).join(''));
	return path;
}

describe('sign-ins without signInEventTypes are classed by what they carry', () => {
	it('beta records with the property left out: each --type finds exactly its own sign-ins', async () => {
		expect(sample).toHaveLength(400);
		const path = write(
			'no-event-types.ndjson',
			sample.map(({signInEventTypes: _, ...rest}) => rest),
		);
		for (const [flag, type] of [
			['non-interactive', 'nonInteractiveUser'],
			['service-principal', 'servicePrincipal'],
			['managed-identity', 'managedIdentity'],
		] as const) {
			const r = await cli(['open', path, '--type', flag, '--output', 'ndjson']);
			expect(r.stderr).not.toContain('entra-logs:');
			expect(ids(r.stdout)).toEqual(
				sample
					.filter(s => typesOf(s).includes(type))
					.map(s => s.id)
					.sort(),
			);
		}
	});

	it('v1.0 records (isInteractive, servicePrincipalId and name, no managedServiceIdentity): --service-principal finds the apps', async () => {
		const v1 = sample.map(s => shapeRecord(s, 'signIns', 'v1.0', {canReadConditionalAccess: true, license: 'p2'}));
		expect(v1.some(r => 'signInEventTypes' in r || 'managedServiceIdentity' in r)).toBe(false);
		const path = write('v1.ndjson', v1);
		const app = sample.find(s => typesOf(s).includes('servicePrincipal'))!;
		const prefix = String(app['servicePrincipalName']).slice(0, 4);
		const r = await cli(['open', path, '--service-principal', prefix, '--output', 'ndjson']);
		expect(r.code).toBe(0);
		const expected = sample
			.filter(s => typesOf(s).some(t => t === 'servicePrincipal' || t === 'managedIdentity'))
			.filter(s => String(s['servicePrincipalName']).toLowerCase().startsWith(prefix.toLowerCase()))
			.map(s => s.id)
			.sort();
		expect(expected.length).toBeGreaterThan(0);
		expect(ids(r.stdout)).toEqual(expected);
		// Without managedServiceIdentity an app's sign-in cannot be told a managed identity's: it counts as a service principal's.
		const sp = await cli(['open', path, '--type', 'service-principal', '--output', 'ndjson']);
		expect(ids(sp.stdout)).toEqual(
			sample
				.filter(s => typesOf(s).some(t => t === 'servicePrincipal' || t === 'managedIdentity'))
				.map(s => s.id)
				.sort(),
		);
		// A user's sign-in is interactive unless it says otherwise (isInteractive false).
		const ni = await cli(['open', path, '--type', 'non-interactive', '--output', 'ndjson']);
		expect(ids(ni.stdout)).toEqual(
			sample
				.filter(s => typesOf(s).includes('nonInteractiveUser'))
				.map(s => s.id)
				.sort(),
		);
	});

	it('admin-center CSV downloads: a managed identity type or a service principal column classes the row', async () => {
		// The interactive tab's real header (shared/graph-api.md) ends with the managed identity columns; the service
		// principal tab adds "Service principal ID" and "Service principal name" (names as the portal shows them).
		const header = [
			'Date (UTC)',
			'Request ID',
			'User',
			'Username',
			'Application',
			'Service principal ID',
			'Service principal name',
			'IP address',
			'Status',
			'Managed Identity type',
		];
		const row = (cells: string[]): string => cells.map(c => `"${c}"`).join(',');
		const csv = [
			row(header),
			row([
				'2026-11-19T10:00:00Z',
				'user-1',
				'Alice',
				'alice@contoso.com',
				'Microsoft Teams',
				'',
				'',
				'81.2.1.1',
				'Success',
				'',
			]),
			row([
				'2026-11-19T11:00:00Z',
				'app-1',
				'',
				'',
				'Backup job',
				'7f3c2a1e-1111-4222-8333-944455556666',
				'Backup job',
				'20.1.1.1',
				'Success',
				'',
			]),
			row([
				'2026-11-19T12:00:00Z',
				'msi-1',
				'',
				'',
				'vm-web-01',
				'0d9e8f7a-1111-4222-8333-944455556666',
				'vm-web-01',
				'20.1.1.2',
				'Success',
				'systemAssigned',
			]),
		].join('\r\n');
		const path = join(dir, 'ServicePrincipalSignIns.csv');
		writeFileSync(path, `${csv}\r\n`);
		const run = async (...args: string[]): Promise<string[]> => {
			const r = await cli(['open', path, ...args, '--output', 'ndjson']);
			expect(r.stderr).not.toContain('entra-logs:');
			return ids(r.stdout);
		};
		expect(await run('--service-principal', 'backup')).toEqual(['app-1']);
		expect(await run('--service-principal', 'vm-')).toEqual(['msi-1']);
		expect(await run('--type', 'managed-identity')).toEqual(['msi-1']);
		expect(await run('--type', 'service-principal,managed-identity')).toEqual(['app-1', 'msi-1']);
		expect(await run('--type', 'non-interactive')).toEqual([]);
	});
});
