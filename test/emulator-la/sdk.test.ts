/**
 * An independent client against the emulator and beside ours: Azure's own `LogsQueryClient`
 * (`@azure/monitor-query-logs`) and entra-logs' LogAnalyticsClient run the same compiled pages on the same workspace,
 * with tokens from the emulator's identity platform for the scope each asks for. Both must read the same rows (same
 * ids, same order, dynamic cells parsed alike), see the same errors and the same partial results.
 */
import {LogsQueryClient, LogsQueryResultStatus} from '@azure/monitor-query-logs';
import type {AccessToken, TokenCredential} from '@azure/core-auth';
import {describe, expect, it} from 'vitest';
import {LogAnalyticsClient, LogAnalyticsError} from '../../source/net/log-analytics-client.js';
import {compileKql, kqlPage} from '../../source/query/kql.js';
import {readQueryResponse, tableRows} from '../../source/query/kql-response.js';
import type {Query} from '../../source/query/query.js';
import {TEST_NOW} from '../helpers/emulator.js';
import {deviceToken, laService, withLaEmulator} from './la-client.js';

const env = withLaEmulator();

function clients(): {sdk: LogsQueryClient; ours: LogAnalyticsClient; asked: string[][]} {
	const emu = env.emu;
	const asked: string[][] = [];
	const credential: TokenCredential = {
		getToken: async (scopes): Promise<AccessToken> => {
			const list = Array.isArray(scopes) ? scopes : [scopes];
			asked.push(list);
			return {token: await deviceToken(emu, list), expiresOnTimestamp: Date.now() + 3_000_000};
		},
	};
	// The documented endpoint quirk: @azure/monitor-query-logs does not add /v1 to the endpoint it is given.
	const sdk = new LogsQueryClient(credential, {endpoint: `${emu.origin}/v1`, tlsOptions: {ca: emu.caCert}});
	let token: string | undefined;
	const ours = new LogAnalyticsClient({
		network: emu.network,
		base: emu.origin,
		getToken: async () => (token ??= await deviceToken(emu, ['https://api.loganalytics.io/.default'])),
	});
	return {sdk, ours, asked};
}

const interval = (timespan: string | undefined) => {
	const [start, end] = (timespan ?? '').split('/');
	return {startTime: new Date(start!), endTime: new Date(end!)};
};

describe('@azure/monitor-query-logs and our client on the same workspace', () => {
	it('the same rows, ids and parsed dynamic cells for compiled pages of every report; the scope asked is the documented one', async () => {
		const {sdk, ours, asked} = clients();
		const workspace = env.la.workspace;
		const queries: Query[] = [
			{report: 'signins', filters: {}, since: '2026-11-10T00:00:00Z', order: 'newest'},
			{report: 'signins', filters: {}, since: '2026-11-10T00:00:00Z', eventTypes: ['non-interactive'], order: 'newest'},
			{report: 'audits', filters: {}, since: '2026-11-01T00:00:00Z', order: 'oldest'},
			{report: 'provisioning', filters: {}, since: '2026-11-01T00:00:00Z', order: 'newest'},
		];
		for (const query of queries) {
			const compiled = compileKql(query, {now: TEST_NOW});
			const text = kqlPage(compiled, {take: 40});
			const theirs = await sdk.queryWorkspace(workspace, text, interval(compiled.timespan));
			expect(theirs.status).toBe(LogsQueryResultStatus.Success);
			if (theirs.status !== LogsQueryResultStatus.Success) continue;
			const body = await ours.query(workspace, {query: text, timespan: compiled.timespan});
			const mine = tableRows(body).rows;
			const table = theirs.tables[0]!;
			expect(table.rows.length).toBe(40);
			expect(mine.length).toBe(40);
			const names = table.columnDescriptors.map(c => c.name!);
			table.rows.forEach((cells, i) => {
				const row = Object.fromEntries(names.map((n, j) => [n, cells[j]]));
				expect(row['Id']).toBe(mine[i]!['Id']);
				for (const c of table.columnDescriptors) {
					if (c.type === 'dynamic') expect(row[c.name!], c.name).toEqual(mine[i]![c.name!]);
					// The SDK makes datetimes Dates; ours keeps the service's text (all 7 digits, for the keyset).
					if (c.type === 'datetime' && row[c.name!] instanceof Date)
						expect((row[c.name!] as Date).getTime()).toBe(Date.parse(String(mine[i]![c.name!])));
				}
			});
			// And read back as records, ours are the SDK's rows.
			expect(readQueryResponse(compiled.report, body).records.map(r => r.id)).toEqual(
				table.rows.map(cells => cells[names.indexOf('Id')]),
			);
		}
		expect(asked[0]).toEqual(['https://api.loganalytics.io/.default']);
	}, 120_000);

	it('the same errors: 400 BadArgumentError, 404 ResourceNotFoundError; and the same partial result', async () => {
		const {sdk, ours} = clients();
		const workspace = env.la.workspace;
		for (const [id, query, status, code] of [
			[workspace, 'SigninLogs | wher true', 400, 'BadArgumentError'],
			['00000000-0000-0000-0000-000000000009', 'SigninLogs | take 1', 404, 'ResourceNotFoundError'],
		] as const) {
			const theirs = await sdk.queryWorkspace(id, query, {duration: 'P1D'}).then(
				() => undefined,
				(e: {statusCode?: number; code?: string}) => e,
			);
			expect(theirs?.statusCode).toBe(status);
			expect(theirs?.code).toBe(code);
			const mine = await ours.query(id, {query}).then(
				() => undefined,
				(e: unknown) => e,
			);
			expect(mine).toBeInstanceOf(LogAnalyticsError);
			expect((mine as LogAnalyticsError).status).toBe(status);
			expect((mine as LogAnalyticsError).code).toBe(code);
		}
		const service = laService(env.emu);
		service.settings.partialEvery = 1;
		try {
			const theirs = await sdk.queryWorkspace(workspace, 'AuditLogs | take 3', {duration: 'P30D'});
			expect(theirs.status).toBe(LogsQueryResultStatus.PartialFailure);
			const read = readQueryResponse('audits', await ours.query(workspace, {query: 'AuditLogs | take 3'}));
			expect(read.partial).toMatch(/^partial results: There were some errors when processing your query/);
			if (theirs.status === LogsQueryResultStatus.PartialFailure) {
				expect(theirs.partialError.code).toBe('PartialError');
				expect(theirs.partialTables[0]!.rows.length).toBe(read.rows);
			}
		} finally {
			service.settings.partialEvery = 0;
		}
	}, 120_000);
});
