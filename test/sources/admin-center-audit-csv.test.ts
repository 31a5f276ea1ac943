/**
 * The admin center's audit CSV download, from raw bytes (UTF-8 BOM, CRLF, every cell quoted) through the built CLI:
 * its targets, the actor (a user's or an app's, by ActorType, with the user's IP address) and additional details land
 * in Graph's shape, so `--target` and `--initiated-by` find them; a column with no place in Graph's shape is kept as
 * written under `@adminCenter.columns` and named in the note, in a sign-in download too.
 *
 * The header (source/sources/admin-center-columns.ts): not in Microsoft's docs; the list two responders' scripts
 * read, the same in both, plus one column of a newer portal ("Some new column").
 */
import {mkdtempSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';
import {runCli} from './run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'entra-logs-audit-csv-'));
const cli = (args: string[]): ReturnType<typeof runCli> => runCli(args, join(dir, 'config'));

const targetColumns = (n: number): string[] => [
	...['Type', 'DisplayName', 'ObjectId', 'UserPrincipalName'].map(c => `Target${n}${c}`),
	...[1, 2, 3, 4, 5].flatMap(m => ['Name', 'OldValue', 'NewValue'].map(c => `Target${n}ModifiedProperty${m}${c}`)),
];
const HEADER = [
	'Date (UTC)',
	'CorrelationId',
	'Service',
	'Category',
	'Activity',
	'Result',
	'ResultReason',
	'User Agent',
	'ActorType',
	'ActorDisplayName',
	'ActorObjectId',
	'ActorUserPrincipalName',
	'IPAddress',
	'ActorHomeTenantId',
	'ActorHomeTenantName',
	'ActorServicePrincipalId',
	'ActorServicePrincipalName',
	...targetColumns(1),
	...targetColumns(2),
	...targetColumns(3),
	...[1, 2, 3, 4, 5, 6].flatMap(n => [`AdditionalDetail${n}Key`, `AdditionalDetail${n}Value`]),
	'Some new column',
];
const row = (cells: Record<string, string>): string =>
	HEADER.map(h => `"${(cells[h] ?? '').replace(/"/g, '""')}"`).join(',');

function download(name: string, header: readonly string[], rows: readonly string[]): string {
	const path = join(dir, name);
	const text = `${header.map(h => `"${h}"`).join(',')}\r\n${rows.join('\r\n')}\r\n`;
	writeFileSync(path, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]));
	return path;
}

type Rec = Record<string, unknown> & {correlationId: string};
const records = (ndjson: string): Rec[] =>
	ndjson
		.split('\n')
		.filter(Boolean)
		.map(l => JSON.parse(l) as Rec);

describe('an admin-center audit CSV download keeps who did what to whom', () => {
	const path = download('AuditLogs_2026-11-30.csv', HEADER, [
		row({
			'Date (UTC)': '2026-11-30T10:00:00.1234567Z',
			CorrelationId: 'c1',
			Service: 'Core Directory',
			Category: 'UserManagement',
			Activity: 'Update user',
			Result: 'success',
			ActorType: 'User',
			ActorDisplayName: 'Bob Admin',
			ActorObjectId: 'b-1',
			ActorUserPrincipalName: 'bob@contoso.com',
			IPAddress: '81.2.1.1',
			Target1Type: 'User',
			Target1DisplayName: 'Alice',
			Target1ObjectId: 'a-1',
			Target1UserPrincipalName: 'alice@contoso.com',
			Target1ModifiedProperty1Name: 'AccountEnabled',
			Target1ModifiedProperty1OldValue: '[true]',
			Target1ModifiedProperty1NewValue: '[false]',
			Target2Type: 'Group',
			Target2DisplayName: 'Finance',
			AdditionalDetail1Key: 'UserType',
			AdditionalDetail1Value: 'Member',
			'Some new column': 'kept',
		}),
		row({
			'Date (UTC)': '2026-11-30T09:00:00Z',
			CorrelationId: 'c2',
			Service: 'Core Directory',
			Category: 'ApplicationManagement',
			Activity: 'Add service principal',
			Result: 'failure',
			ResultReason: 'denied',
			ActorType: 'Application',
			ActorDisplayName: 'Provisioning job',
			ActorServicePrincipalId: 'sp-9',
			ActorServicePrincipalName: 'prov-app',
			IPAddress: '20.1.1.1',
			Target3Type: 'ServicePrincipal',
			Target3DisplayName: 'Payroll',
		}),
	]);

	it('targets, the actor by its type, the user actor IP address and additional details are in Graph shape', async () => {
		const r = await cli(['open', path, '--output', 'ndjson']);
		expect(r.code).toBe(0);
		const [user, app] = records(r.stdout);
		expect(user).toMatchObject({
			activityDateTime: '2026-11-30T10:00:00.1234567Z',
			activityDisplayName: 'Update user',
			initiatedBy: {
				user: {displayName: 'Bob Admin', id: 'b-1', userPrincipalName: 'bob@contoso.com', ipAddress: '81.2.1.1'},
			},
			targetResources: [
				{
					type: 'User',
					displayName: 'Alice',
					id: 'a-1',
					userPrincipalName: 'alice@contoso.com',
					modifiedProperties: [{displayName: 'AccountEnabled', oldValue: '[true]', newValue: '[false]'}],
				},
				{type: 'Group', displayName: 'Finance'},
			],
			additionalDetails: [{key: 'UserType', value: 'Member'}],
			'@adminCenter.columns': {'Some new column': 'kept'},
		});
		expect((user!['initiatedBy'] as Record<string, unknown>)['app']).toBeUndefined();
		// An app's: Graph's initiatedBy.app has no IP address, so it is kept as written, not given to a user.
		expect(app).toMatchObject({
			initiatedBy: {
				app: {displayName: 'Provisioning job', servicePrincipalId: 'sp-9', servicePrincipalName: 'prov-app'},
			},
			targetResources: [{type: 'ServicePrincipal', displayName: 'Payroll'}],
			'@adminCenter.columns': {IPAddress: '20.1.1.1'},
		});
		expect((app!['initiatedBy'] as Record<string, unknown>)['user']).toBeUndefined();
		expect(r.stderr).toContain(
			`entra-logs: note: ${path}: 1 column has no place in Graph's shape and is kept as written under @adminCenter.columns: "Some new column"`,
		);
	});

	it('--target and --initiated-by find them', async () => {
		const ids = async (...args: string[]): Promise<string[]> =>
			records((await cli(['open', path, ...args, '--output', 'ndjson'])).stdout).map(r => r.correlationId);
		expect(await ids('--target', 'Alice')).toEqual(['c1']);
		expect(await ids('--target', 'Payroll')).toEqual(['c2']);
		expect(await ids('--initiated-by', 'bob@contoso.com')).toEqual(['c1']);
	});

	it('a sign-in download: a column with no mapping is kept and named', async () => {
		const header = ['Date (UTC)', 'Request ID', 'Username', 'Status', 'Some new column'];
		const signIns = download('InteractiveSignIns.csv', header, [
			'"2026-11-30T10:00:00Z","r-1","alice@contoso.com","Success","x"',
		]);
		const r = await cli(['open', signIns, '--output', 'ndjson']);
		expect(records(r.stdout)[0]).toMatchObject({id: 'r-1', '@adminCenter.columns': {'Some new column': 'x'}});
		expect(r.stderr).toContain(`${signIns}: 1 column has no place in Graph's shape`);
	});
});
