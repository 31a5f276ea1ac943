/**
 * Older provisioning records and exports carry only the deprecated `action` ("Create", "StagedDelete": beta's
 * String, shared/graph-api.md §13): list column, detail, filters and CSV read it when `provisioningAction` is absent.
 */
import {mkdtempSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {parse as csvParse} from 'csv-parse/sync';
import {describe, expect, it} from 'vitest';
import {runCli} from './run-cli.js';
import {provisioning} from '../../source/reports/provisioning.js';
import {resolveQuery} from '../../source/query/query.js';
import {FileSource} from '../../source/sources/file-source.js';
import type {GraphRecord} from '../../source/reports/report.js';

const dir = mkdtempSync(join(tmpdir(), 'entra-logs-action-'));

const cli = (args: string[]): ReturnType<typeof runCli> => runCli(args, join(dir, 'config'));

const OLD = [
	{
		id: 'p1',
		activityDateTime: '2026-11-19T10:00:00Z',
		jobId: 'job',
		cycleId: 'c1',
		action: 'Create',
		provisioningStatusInfo: {status: 'success'},
		sourceIdentity: {displayName: 'Alice'},
	},
	{
		id: 'p2',
		activityDateTime: '2026-11-19T11:00:00Z',
		jobId: 'job',
		cycleId: 'c1',
		action: 'StagedDelete',
		provisioningStatusInfo: {status: 'success'},
		sourceIdentity: {displayName: 'Bob'},
	},
	// Both, as beta writes them: provisioningAction wins.
	{
		id: 'p3',
		activityDateTime: '2026-11-19T12:00:00Z',
		jobId: 'job',
		cycleId: 'c1',
		action: 'Update',
		provisioningAction: 'update',
		provisioningStatusInfo: {status: 'failure'},
	},
];

describe('provisioning: the deprecated action, when provisioningAction is absent', () => {
	const path = join(dir, 'old-provisioning.ndjson');
	writeFileSync(path, `${OLD.map(r => JSON.stringify(r)).join('\n')}\n`);

	it('filters find it (--action), and the records come out as they went in', async () => {
		const create = await cli(['open', path, '--action', 'create', '--output', 'ndjson']);
		expect(create.code).toBe(0);
		expect(create.stdout).toBe(`${JSON.stringify(OLD[0])}\n`);
		const staged = await cli(['open', path, '--action', 'stagedDelete', '--output', 'ndjson']);
		expect(staged.stdout).toBe(`${JSON.stringify(OLD[1])}\n`);
		const update = await cli(['open', path, '--action', 'update', '--output', 'ndjson']);
		expect(update.stdout).toBe(`${JSON.stringify(OLD[2])}\n`);
	});

	it('the CSV export fills provisioningAction', async () => {
		const r = await cli(['open', path, '--output', 'csv']);
		const [header, ...rows] = csvParse(r.stdout) as string[][];
		const col = header!.indexOf('provisioningAction');
		expect(rows.map(row => [row[0], row[col]])).toEqual([
			['p3', 'update'],
			['p2', 'stagedDelete'],
			['p1', 'create'],
		]);
	});

	it('the list column, the detail and the summary show it', async () => {
		const records: GraphRecord[] = [];
		for await (const page of new FileSource(
			path,
			resolveQuery({report: 'provisioning', filters: {}, order: 'newest'}),
		).pages())
			records.push(...page.records);
		const column = provisioning.columns.find(c => c.key === 'action')!;
		expect(records.map(r => column.value(r))).toEqual(['update', 'stagedDelete', 'create']);
		// Straight from Graph (not through a file): the same.
		expect(column.value(OLD[0] as GraphRecord)).toBe('create');
		const detail = provisioning.details.flatMap(s => s.lines(OLD[1] as GraphRecord));
		expect(detail).toContainEqual(['Action', 'stagedDelete']);
		expect(provisioning.summary(OLD[0] as GraphRecord)).toContain(' create ');
	});
});
