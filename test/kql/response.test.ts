/**
 * Rows → Graph-shaped records, from responses written by hand in the documented wire form (shared/log-analytics.md
 * §1.3, §2): dynamic cells as JSON text, JSON held in string columns outside SigninLogs, ResultType a string, union
 * twins (Name_string / Name_dynamic). Hostile rows never throw.
 */
import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {
	LaResponseError,
	ROW_KEY,
	laErrorLine,
	readQueryResponse,
	rowToRecord,
	tableRows,
} from '../../source/query/kql-response.js';
import {REPORTS} from '../../source/reports/index.js';

const table = (columns: Array<[string, string]>, rows: unknown[][]) => ({
	tables: [{name: 'PrimaryResult', columns: columns.map(([name, type]) => ({name, type})), rows}],
});

const device = {deviceId: 'd-1', operatingSystem: 'Windows 10', browser: 'Edge 97.0.1072', isCompliant: true};
const location = {
	city: 'Nizampet',
	state: 'Telangana',
	countryOrRegion: 'IN',
	geoCoordinates: {latitude: 17.5, longitude: 78.3},
};
const status = {errorCode: 50126, failureReason: 'Invalid username or password.', additionalDetails: null};

describe('sign-in rows', () => {
	it('the non-interactive table: JSON in string columns is parsed; ResultType becomes status.errorCode; the event type comes from the table', () => {
		const body = table(
			[
				['TimeGenerated', 'datetime'],
				['Id', 'string'],
				['CreatedDateTime', 'datetime'],
				['UserPrincipalName', 'string'],
				['DeviceDetail', 'string'],
				['LocationDetails', 'string'],
				['Status', 'string'],
				['ResultType', 'string'],
				['ResultDescription', 'string'],
				['ProcessingTimeInMs', 'string'],
				['AutonomousSystemNumber', 'string'],
				['IsInteractive', 'bool'],
				['Type', 'string'],
			],
			[
				[
					'2022-01-24T05:10:08.6816663Z',
					'933f20c0',
					'2022-01-24T05:10:08.6816663Z',
					'alice@contoso.com',
					JSON.stringify(device),
					JSON.stringify(location),
					JSON.stringify({...status, errorCode: 0}),
					'50126',
					'Invalid username or password.',
					'5662',
					'55836',
					false,
					'AADNonInteractiveUserSignInLogs',
				],
			],
		);
		const read = readQueryResponse('signins', body);
		expect(read.records).toHaveLength(1);
		const r = read.records[0]!;
		expect(r.id).toBe('933f20c0');
		expect(r['createdDateTime']).toBe('2022-01-24T05:10:08.6816663Z');
		expect(r['deviceDetail']).toEqual(device);
		expect(r['location']).toEqual(location);
		expect(r['status']).toEqual({
			errorCode: 50126,
			failureReason: 'Invalid username or password.',
			additionalDetails: null,
		});
		expect(r['processingTimeInMilliseconds']).toBe(5662);
		expect(r['autonomousSystemNumber']).toBe(55836);
		expect(r['signInEventTypes']).toEqual(['nonInteractiveUser']);
		expect(r['isInteractive']).toBe(false);
		// The row as it came, cell for cell, beside the Graph properties.
		expect(r[ROW_KEY]).toEqual(
			Object.fromEntries(body.tables[0]!.columns.map((c, i) => [c.name, body.tables[0]!.rows[0]![i]])),
		);
		expect(read.cursor).toEqual({time: '2022-01-24T05:10:08.6816663Z', id: '933f20c0'});
		// The report shows it as Graph's would.
		const signIns = REPORTS.find(x => x.id === 'signins')!;
		// (The status column words the outcome around the code: "Failure 50126".)
		expect(signIns.columns.find(c => c.key === 'status')!.value(r)).toMatch(/^\S.* 50126$|^50126$/);
		expect(signIns.columns.find(c => c.key === 'location')!.value(r)).toBe('Nizampet, IN');
	});

	it('SigninLogs: dynamic cells (JSON text on the wire) are parsed; no Status column still gives status.errorCode', () => {
		const body = table(
			[
				['TimeGenerated', 'datetime'],
				['Id', 'string'],
				['DeviceDetail', 'dynamic'],
				['LocationDetails', 'dynamic'],
				['ConditionalAccessPolicies', 'dynamic'],
				['ResultType', 'string'],
				['Type', 'string'],
			],
			[
				[
					'2026-11-20T08:14:03.0000000Z',
					'a',
					JSON.stringify(device),
					JSON.stringify(location),
					JSON.stringify([{displayName: 'CA001', result: 'success'}]),
					'0',
					'SigninLogs',
				],
			],
		);
		const r = readQueryResponse('signins', body).records[0]!;
		expect(r['deviceDetail']).toEqual(device);
		expect(r['appliedConditionalAccessPolicies']).toEqual([{displayName: 'CA001', result: 'success'}]);
		expect(r['status']).toEqual({errorCode: 0});
		expect(r['createdDateTime']).toBe('2026-11-20T08:14:03.0000000Z');
		expect(r['signInEventTypes']).toEqual(['interactiveUser']);
	});

	it('service principal rows: the app name is the service principal name', () => {
		const body = table(
			[
				['TimeGenerated', 'datetime'],
				['Id', 'string'],
				['AppId', 'string'],
				['ServicePrincipalName', 'string'],
				['ServicePrincipalId', 'string'],
				['ResultType', 'string'],
				['Type', 'string'],
			],
			[
				[
					'2026-11-20T08:14:03.0000000Z',
					'sp-1',
					'app-guid',
					'Contoso Payroll',
					'sp-guid',
					'7000215',
					'AADServicePrincipalSignInLogs',
				],
			],
		);
		const r = readQueryResponse('signins', body).records[0]!;
		expect(r).toMatchObject({
			appDisplayName: 'Contoso Payroll',
			servicePrincipalName: 'Contoso Payroll',
			appId: 'app-guid',
			status: {errorCode: 7000215},
			signInEventTypes: ['servicePrincipal'],
		});
	});

	it('a union of SigninLogs and the non-interactive table: Name_dynamic and Name_string twins are read as the one property', () => {
		const body = table(
			[
				['TimeGenerated', 'datetime'],
				['Id', 'string'],
				['DeviceDetail_dynamic', 'dynamic'],
				['DeviceDetail_string', 'string'],
				['Status_dynamic', 'dynamic'],
				['Status_string', 'string'],
				['ResultType', 'string'],
				['Type', 'string'],
			],
			[
				[
					'2026-11-20T08:14:03.0000000Z',
					'i',
					JSON.stringify(device),
					null,
					JSON.stringify(status),
					null,
					'50126',
					'SigninLogs',
				],
				[
					'2026-11-20T08:14:02.0000000Z',
					'n',
					null,
					JSON.stringify({...device, deviceId: 'd-2'}),
					null,
					JSON.stringify({errorCode: 0}),
					'0',
					'AADNonInteractiveUserSignInLogs',
				],
			],
		);
		const [a, b] = readQueryResponse('signins', body).records;
		expect(a!['deviceDetail']).toEqual(device);
		expect(a!['status']).toMatchObject({errorCode: 50126});
		expect(b!['deviceDetail']).toEqual({...device, deviceId: 'd-2'});
		expect(b!['status']).toEqual({errorCode: 0});
	});
});

describe('audit and provisioning rows', () => {
	it('AuditLogs: dynamic InitiatedBy and TargetResources, Graph names', () => {
		const initiatedBy = {user: {id: 'u', userPrincipalName: 'bob@contoso.com', ipAddress: '10.0.0.1'}, app: null};
		const targets = [{id: 't', displayName: 'Sales', type: 'Group', modifiedProperties: []}];
		const body = table(
			[
				['TimeGenerated', 'datetime'],
				['Id', 'string'],
				['ActivityDateTime', 'datetime'],
				['ActivityDisplayName', 'string'],
				['Category', 'string'],
				['InitiatedBy', 'dynamic'],
				['TargetResources', 'dynamic'],
				['AdditionalDetails', 'dynamic'],
				['AADOperationType', 'string'],
				['Result', 'string'],
				['LoggedByService', 'string'],
			],
			[
				[
					'2026-11-20T08:14:03.0000000Z',
					'Directory_1',
					'2026-11-20T08:14:03.1234567Z',
					'Add member to group',
					'GroupManagement',
					JSON.stringify(initiatedBy),
					JSON.stringify(targets),
					'[]',
					'Assign',
					'success',
					'Core Directory',
				],
			],
		);
		const r = readQueryResponse('audits', body).records[0]!;
		expect(r).toMatchObject({
			id: 'Directory_1',
			activityDateTime: '2026-11-20T08:14:03.1234567Z',
			activityDisplayName: 'Add member to group',
			category: 'GroupManagement',
			initiatedBy,
			targetResources: targets,
			additionalDetails: [],
			operationType: 'Assign',
			result: 'success',
			loggedByService: 'Core Directory',
		});
	});

	it('AADProvisioningLogs: every detail is JSON text; TimeGenerated is the activity time; DurationMs the duration', () => {
		const body = table(
			[
				['TimeGenerated', 'datetime'],
				['Id', 'string'],
				['JobId', 'string'],
				['ProvisioningAction', 'string'],
				['ProvisioningStatusInfo', 'string'],
				['ProvisioningSteps', 'string'],
				['SourceIdentity', 'string'],
				['TargetSystem', 'string'],
				['SourceSystem', 'string'],
				['DurationMs', 'long'],
				['ResultType', 'string'],
			],
			[
				[
					'2026-11-20T08:14:03.0000000Z',
					'p1',
					'slack.abc',
					'create',
					'{"status":"failure","errorInformation":{"errorCode":"X"}}',
					'[{"name":"EntryImport","status":"success"}]',
					'{"id":"u","displayName":"Ann"}',
					'{"displayName":"Slack"}',
					'Azure AD',
					812,
					'Failure',
				],
			],
		);
		const r = readQueryResponse('provisioning', body).records[0]!;
		expect(r).toMatchObject({
			id: 'p1',
			activityDateTime: '2026-11-20T08:14:03.0000000Z',
			jobId: 'slack.abc',
			provisioningAction: 'create',
			durationInMilliseconds: 812,
			provisioningStatusInfo: {status: 'failure', errorInformation: {errorCode: 'X'}},
			provisioningSteps: [{name: 'EntryImport', status: 'success'}],
			sourceIdentity: {displayName: 'Ann'},
			targetSystem: {displayName: 'Slack'},
		});
		// The standard SourceSystem value is not Graph's sourceSystem object: kept as it is, not invented.
		expect(r['sourceSystem']).toBe('Azure AD');
	});
});

describe('hostile responses', () => {
	it('rows without an Id are counted, never dropped silently', () => {
		const read = readQueryResponse(
			'audits',
			table(
				[
					['Id', 'string'],
					['TimeGenerated', 'datetime'],
				],
				[['a', 't'], [null, 't'], [42, 't'], 'not a row' as unknown as unknown[]],
			),
		);
		expect(read.records.map(r => r.id)).toEqual(['a']);
		expect(read.rows).toBe(4);
		expect(read.skipped).toEqual({'without an Id': 2, 'not a list of cells': 1});
	});

	it('a body that is not a query response is one clear error', () => {
		for (const body of [null, 'x', [], {}, {tables: 'x'}, {tables: [{columns: 'x', rows: []}]}])
			expect(() => readQueryResponse('signins', body)).toThrow(LaResponseError);
		expect(readQueryResponse('signins', {tables: []}).records).toEqual([]);
	});

	it('a PartialError with a 200 is one line to show', () => {
		const read = readQueryResponse('audits', {
			...table([['Id', 'string']], [['a']]),
			error: {
				code: 'PartialError',
				message: 'There were some errors when processing your query.',
				details: [
					{
						code: 'EngineError',
						message: 'Something went wrong',
						innererror: {
							code: 'LimitsExceeded',
							message: 'Query result set has exceeded the internal record count limit 500000 records\u001b[2J',
						},
					},
				],
			},
		});
		expect(read.records).toHaveLength(1);
		expect(read.partial).toMatch(
			/^partial results: There were some errors when processing your query\.: .*500000 records/,
		);
		expect(read.partial).not.toMatch(/[\u0000-\u001f]/);
	});

	it('any JSON in any cell, under any column name and type, never throws, and every record has a string id', () => {
		const name = fc.oneof(
			fc.constantFrom(
				'Id',
				'TimeGenerated',
				'Status',
				'Status_string',
				'DeviceDetail',
				'ResultType',
				'LocationDetails',
				'Type',
				'InitiatedBy',
				'ProvisioningSteps',
				'CreatedDateTime',
				'SignInEventTypes',
				'__proto__',
				'constructor',
			),
			fc.string(),
		);
		const type = fc.constantFrom('string', 'dynamic', 'datetime', 'long', 'bool', 'real', '', 'weird');
		const cell = fc.oneof(
			fc.anything(),
			fc.json(),
			fc.constantFrom('{"errorCode":"x"}', '[1,2', '"s"', 'null', '{"__proto__":{"x":1}}', '0', '-1', 'true'),
		);
		fc.assert(
			fc.property(
				fc.constantFrom('signins' as const, 'audits' as const, 'provisioning' as const),
				fc.array(fc.tuple(name, type), {maxLength: 12}),
				fc.array(fc.array(cell, {maxLength: 14}), {maxLength: 5}),
				fc.anything(),
				(report, columns, rows, error) => {
					const body = {...table(columns, rows), error};
					const read = readQueryResponse(report, body);
					for (const r of read.records) expect(typeof r.id).toBe('string');
					// The reports render them without throwing.
					const def = REPORTS.find(x => x.id === report)!;
					for (const r of read.records) for (const c of def.columns) c.value(r);
				},
			),
			{numRuns: 1500},
		);
	});

	it('tableRows parses dynamic cells as the Azure SDK does, keeping text that is not JSON', () => {
		const {rows} = tableRows(
			table(
				[
					['D', 'dynamic'],
					['S', 'string'],
				],
				[
					['{"a":1}', '{"a":1}'],
					['not json', 'x'],
				],
			),
		);
		expect(rows[0]).toEqual({D: {a: 1}, S: '{"a":1}'});
		expect(rows[1]).toEqual({D: 'not json', S: 'x'});
		expect(rowToRecord('audits', {Id: 'x', Category: 'GroupManagement'})).toEqual({
			id: 'x',
			category: 'GroupManagement',
		});
	});
});

describe('errors as one line with a hint', () => {
	it('a syntax error says where', () => {
		const line = laErrorLine(400, {
			error: {
				message: 'The request had some invalid properties',
				code: 'BadArgumentError',
				innererror: {
					code: 'SyntaxError',
					message: 'A recognition error occurred in the query.',
					innererror: {code: 'SYN0002', message: "Query could not be parsed at 'wher' on line [2,2]", line: 2, pos: 2},
				},
			},
		});
		expect(line).toMatch(
			/^Log Analytics 400 BadArgumentError: .*'wher'.* \(line 2, position 2\) \(the KQL was refused; check --kql\)$/,
		);
		expect(
			laErrorLine(404, {error: {message: 'The requested path does not exist', code: 'PathNotFoundError'}}),
		).toMatch(/not its name/);
		expect(
			laErrorLine(403, {
				error: {
					message: 'The provided credentials have insufficient access to perform the requested operation',
					code: 'InsufficientAccessError',
				},
			}),
		).toMatch(/missing: a Reader role on the workspace/);
		// The documented UnauthorizedClient inner error: the app's permission is what is missing, not the role.
		expect(
			laErrorLine(403, {
				error: {
					message: 'The provided credentials have insufficient access to perform the requested operation',
					code: 'InsufficientAccessError',
					innererror: {
						code: 'UnauthorizedClient',
						message: 'The service principal does not have sufficient permissions',
					},
				},
			}),
		).toMatch(/missing: the permission Data\.Read of the Log Analytics API/);
		expect(laErrorLine(429, '')).toMatch(/200 requests per 30 s/);
	});
});
