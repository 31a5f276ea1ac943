/**
 * The emulator's keyset fast path (engine-keyset.ts) against its general engine, which reads every row: random
 * queries of the shape clients page with (a table or a union of tables with their own wheres, wheres on
 * TimeGenerated, the keyset at a row that exists or not, other conditions, both sort directions, nulls first or
 * last, a timespan, any take) give the same columns and rows, in the same order. The tables are the test tenant's, a
 * copy shuffled (so the index is sorted, not only checked), with records that lack a time and groups of equal times.
 */
import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {arrayTable, scaledTable} from '../../source/emulator/graph/records.js';
import {run} from '../../source/emulator/log-analytics/engine.js';
import {sortedPage} from '../../source/emulator/log-analytics/engine-keyset.js';
import {parseQuery} from '../../source/emulator/log-analytics/parser.js';
import {SCHEMAS, TABLE_NAMES, Workspace} from '../../source/emulator/log-analytics/tables.js';
import {DateTime, parseDateTime} from '../../source/emulator/log-analytics/values.js';
import type {GraphRecord} from '../../source/emulator/tenant/tenant.js';
import {TEST_NOW, testTenant} from '../helpers/emulator.js';

const tenant = testTenant();
const ctx = {tenantId: tenant.tenantId, workspaceId: 'ws'};

/** Shuffled, a few records without a time, and runs of records sharing one time (as bursts do). */
function awkward(list: readonly GraphRecord[], field: string): GraphRecord[] {
	const out = list.slice(0, 1500).map((r, i) => {
		if (i % 97 === 0) {
			const copy = {...r};
			delete copy[field];
			return copy;
		}
		// Every 5 records in a row share the time of the first.
		return i % 5 === 0 ? r : {...r, [field]: list[i - (i % 5)]![field]};
	});
	let seed = 7;
	for (let i = out.length - 1; i > 0; i--) {
		seed = (seed * 1103515245 + 12345) % 2 ** 31;
		const j = seed % (i + 1);
		[out[i], out[j]] = [out[j]!, out[i]!];
	}
	return out;
}

const workspaces = {
	shuffled: new Workspace(
		{
			signIns: arrayTable(awkward(tenant.signIns, 'createdDateTime')),
			directoryAudits: arrayTable(awkward(tenant.directoryAudits, 'activityDateTime')),
			provisioning: arrayTable(tenant.provisioning),
		},
		ctx,
	),
	scaled: new Workspace(
		{
			signIns: scaledTable(tenant.signIns.slice(0, 400), 4000),
			directoryAudits: arrayTable(tenant.directoryAudits),
			provisioning: arrayTable(tenant.provisioning),
		},
		ctx,
	),
};

const SIGN_IN_TABLES = TABLE_NAMES.filter(t => /Sign[iI]n/.test(t));
const times = tenant.signIns.slice(0, 1500).map(r => String(r['createdDateTime']));
const ids = tenant.signIns.slice(0, 1500).map(r => r.id);

const dt = (iso: string) => `datetime(${parseDateTime(iso)!.toString()})`;
const timeArb = fc.oneof(
	fc.constantFrom(...times),
	fc
		.date({min: new Date('2026-10-01T00:00:00Z'), max: new Date('2026-12-01T00:00:00Z'), noInvalidDate: true})
		.map(d => d.toISOString()),
);
const idArb = fc.oneof(
	fc.constantFrom(...ids),
	fc.string({unit: fc.constantFrom(...'0123456789abcdef-'), maxLength: 36}),
	fc.constant(''),
);
const keysetArb = fc
	.record({t: timeArb, id: idArb, op: fc.constantFrom('<', '>'), form: fc.constantFrom('strcmp', 'plain')})
	.map(
		({t, id, op, form}) =>
			`TimeGenerated ${op} ${dt(t)} or (TimeGenerated == ${dt(t)} and ${form === 'strcmp' ? `strcmp(Id, "${id}") ${op} 0` : `Id ${op} "${id}"`})`,
	);
const boundArb = fc
	.record({t: timeArb, op: fc.constantFrom('<', '<=', '>', '>=')})
	.map(({t, op}) => `TimeGenerated ${op} ${dt(t)}`);
const otherArb = fc.constantFrom(
	'ResultType == "0"',
	'ResultType != "0"',
	'Id startswith "a"',
	'TimeGenerated > ago(40d)',
	'isnotempty(CorrelationId)',
	'Category has "Sign"',
);
const conditionArb = fc.oneof(
	keysetArb,
	boundArb,
	otherArb,
	fc.tuple(boundArb, otherArb).map(([a, b]) => `${a} and ${b}`),
);

const queryArb = fc
	.record({
		tables: fc.oneof(
			fc.subarray([...SIGN_IN_TABLES], {minLength: 1}),
			fc.constant(['AuditLogs']),
			fc.constant(['SigninLogs', 'AuditLogs']),
		),
		legWheres: fc.array(fc.option(boundArb, {nil: undefined}), {minLength: 4, maxLength: 4}),
		union: fc.boolean(),
		wheres: fc.array(conditionArb, {maxLength: 3}),
		dirs: fc.constantFrom(
			'desc, Id desc',
			'asc, Id asc',
			'desc, Id asc',
			'desc nulls first, Id desc',
			'asc nulls last, Id asc',
		),
		take: fc.integer({min: 0, max: 300}),
		after: fc.constantFrom('', '| project Id, TimeGenerated', '| count'),
	})
	.map(q => {
		const legs = (q.tables as readonly string[]).map((t, i) =>
			q.legWheres[i] ? `(${t} | where ${q.legWheres[i]})` : `(${t})`,
		);
		const source = q.tables.length > 1 || q.union ? `union ${legs.join(', ')}` : legs[0]!.slice(1, -1);
		return [
			source,
			...q.wheres.map(w => `| where ${w}`),
			`| order by TimeGenerated ${q.dirs}`,
			`| take ${q.take}`,
			q.after,
		]
			.filter(Boolean)
			.join('\n');
	});

const spanArb = fc.option(
	fc.tuple(timeArb, timeArb).map(([a, b]) => {
		const [x, y] = [parseDateTime(a)!, parseDateTime(b)!];
		return x.ticks <= y.ticks ? {start: x, end: y} : {start: y, end: x};
	}),
	{nil: undefined},
);

describe('the keyset fast path', () => {
	for (const [name, ws] of Object.entries(workspaces)) {
		it(`answers as the general engine on random pages (${name})`, () => {
			fc.assert(
				fc.property(queryArb, spanArb, (text, span) => {
					const query = parseQuery(text);
					const options = {now: TEST_NOW, span};
					// Every query generated is of the shape: the fast path answers it (or the test would prove nothing).
					expect(sortedPage(query, ws, options), text).toBeDefined();
					const fast = run(query, ws, options);
					const general = run(query, ws, {...options, general: true});
					expect(fast.columns).toEqual(general.columns);
					expect(fast.rows.length, text).toBe(general.rows.length);
					expect(fast.rows, text).toEqual(general.rows);
				}),
				{numRuns: 60},
			);
		}, 300_000);
	}

	it('pages a whole table by the keyset, each row once, as the general engine orders it', () => {
		const ws = workspaces.shuffled;
		const all = run(
			parseQuery('AADNonInteractiveUserSignInLogs | order by TimeGenerated desc, Id desc | take 100000'),
			ws,
			{
				now: TEST_NOW,
				general: true,
			},
		).rows.filter(r => r[TABLE_TIME_INDEX] !== null);
		const seen: unknown[] = [];
		let after: {t: DateTime; id: string} | undefined;
		for (;;) {
			const where = after
				? `| where TimeGenerated < datetime(${after.t.toString()}) or (TimeGenerated == datetime(${after.t.toString()}) and strcmp(Id, "${after.id}") < 0)`
				: '| where isnotnull(TimeGenerated)';
			const page = run(
				parseQuery(`AADNonInteractiveUserSignInLogs ${where} | order by TimeGenerated desc, Id desc | take 37`),
				ws,
				{now: TEST_NOW},
			);
			if (page.rows.length === 0) break;
			seen.push(...page.rows);
			const last = page.rows[page.rows.length - 1]!;
			after = {t: last[TABLE_TIME_INDEX] as DateTime, id: last[TABLE_ID_INDEX] as string};
		}
		expect(seen.length).toBe(all.length);
		expect(seen).toEqual(all);
	});
});

const TABLE_TIME_INDEX = SCHEMAS.AADNonInteractiveUserSignInLogs.findIndex(c => c.name === 'TimeGenerated');
const TABLE_ID_INDEX = SCHEMAS.AADNonInteractiveUserSignInLogs.findIndex(c => c.name === 'Id');
