/**
 * Hostile records for property tests: real records of each report (the emulator's generated tenant), with any
 * property, at any depth, replaced by anything JSON can hold: fc.anything(), the shapes that used to crash, 10,000
 * levels of nesting, and huge values. Values travel as JSON text, since JSON.stringify cannot write the deep ones.
 */
import fc from 'fast-check';
import type {GraphRecord, ReportId} from '../../source/reports/report.js';
import {deepJson, realRecords} from './harness.js';
import {jsonText} from '../../source/reports/json-text.js';

/** A few real records of a report, chosen to differ: event types, failures, initiators, statuses. */
export function sampleRecords(report: ReportId): readonly GraphRecord[] {
	const all = realRecords(report);
	const pick = (keyOf: (r: GraphRecord) => string, most: number): GraphRecord[] => {
		const seen = new Map<string, GraphRecord>();
		for (const r of all) if (!seen.has(keyOf(r))) seen.set(keyOf(r), r);
		return [...seen.values()].slice(0, most);
	};
	const s = (v: unknown): string => JSON.stringify(v ?? null);
	if (report === 'signins')
		return pick(
			r => `${s(r['signInEventTypes'])} ${s((r['status'] as Record<string, unknown>)['errorCode'] === 0)}`,
			8,
		);
	if (report === 'audits')
		return pick(r => `${s(r['category'])} ${(r['initiatedBy'] as Record<string, unknown>)['app'] ? 'app' : 'user'}`, 8);
	return pick(
		r => `${s((r['provisioningStatusInfo'] as Record<string, unknown>)['status'])} ${s(r['provisioningAction'])}`,
		8,
	);
}

/** Every path to a value in a record (a/b/0/c), to two array items per list, at most `most`. */
export function pathsOf(record: Readonly<Record<string, unknown>>, most = 400): string[] {
	const out: string[] = [];
	const queue: Array<[unknown, string]> = [[record, '']];
	while (queue.length > 0 && out.length < most) {
		const [value, path] = queue.shift()!;
		if (value === null || typeof value !== 'object') continue;
		const entries = Array.isArray(value)
			? value.slice(0, 2).map((v, i) => [String(i), v] as const)
			: Object.entries(value);
		for (const [key, v] of entries) {
			const p = path ? `${path}/${key}` : key;
			out.push(p);
			queue.push([v, p]);
		}
	}
	return out.slice(0, most);
}

/** Sets `path` in a record's JSON to raw JSON text. */
export function withRaw(
	record: Readonly<Record<string, unknown>>,
	edits: ReadonlyArray<readonly [string, string]>,
): string {
	const copy = JSON.parse(JSON.stringify(record)) as Record<string, unknown>;
	const markers: Array<[string, string]> = [];
	for (const [path, json] of edits) {
		const marker = `__hostile_${markers.length}__`;
		const parts = path.split('/');
		let cur = copy as Record<string, unknown>;
		for (const p of parts.slice(0, -1)) {
			if (typeof cur[p] !== 'object' || cur[p] === null) cur[p] = {};
			cur = cur[p] as Record<string, unknown>;
		}
		cur[parts.at(-1)!] = marker;
		markers.push([marker, json]);
	}
	let line = JSON.stringify(copy);
	// A later edit inside an earlier one's place is gone with it; the markers that are left are replaced.
	for (const [marker, json] of markers) line = line.replace(`"${marker}"`, () => json);
	return line;
}

const HUGE_ITEMS = 200_000;

/** Hostile JSON text: mostly fc.anything(), sometimes a shape that used to crash, deep nesting, or a huge value. */
export const hostileJson: fc.Arbitrary<string> = fc.oneof(
	{weight: 10, arbitrary: fc.anything().map(v => JSON.stringify(v) ?? 'null')},
	{
		weight: 3,
		arbitrary: fc.constantFrom(
			'{}',
			'[null]',
			'[]',
			'""',
			'"x"',
			'0',
			'-1',
			'1e308',
			'true',
			'false',
			'null',
			'[[]]',
			'[{}]',
			'{"0":null}',
			'"\\u001b]52;c;eA==\\u0007\\u001b[2J"',
		),
	},
	{
		weight: 1,
		arbitrary: fc.constantFrom(
			deepJson(10_000),
			`${'['.repeat(10_000)}${']'.repeat(10_000)}`,
			`${'{"k":'.repeat(10_000)}1${'}'.repeat(10_000)}`,
		),
	},
	{
		weight: 1,
		arbitrary: fc
			.constantFrom(
				() =>
					JSON.stringify(
						Array.from({length: HUGE_ITEMS}, (_, i) => ({
							authenticationMethod: 'Password',
							succeeded: i % 2 === 0,
							key: `k${i}`,
							value: i,
						})),
					),
				() => JSON.stringify('\u001b[31m'.repeat(10) + 'x'.repeat(1_000_000)),
				() => JSON.stringify(Object.fromEntries(Array.from({length: 50_000}, (_, i) => [`p${i}`, i]))),
			)
			.map(make => make()),
	},
);

/** One hostile record: a real one with one to three of its properties (at any depth) replaced. */
export function hostileRecord(report: ReportId, options: {readonly keepTime?: boolean} = {}): fc.Arbitrary<string> {
	const records = sampleRecords(report);
	const timeField = report === 'signins' ? 'createdDateTime' : 'activityDateTime';
	return fc.nat(records.length - 1).chain(i => {
		const record = records[i]!;
		const paths = pathsOf(record).filter(p => !(options.keepTime && p === timeField));
		return fc
			.array(fc.tuple(fc.constantFrom(...paths), hostileJson), {minLength: 1, maxLength: 3})
			.map(edits => withRaw(record, edits));
	});
}

/**
 * fast-check options for these properties: a failure names its seed and path (ROBUST_SEED=… replays it) and the first
 * few thousand characters of its counterexample, not the megabytes of a huge one.
 */
export function propertyOptions<T>(numRuns: number): fc.Parameters<T> {
	const seed = process.env['ROBUST_SEED'];
	return {
		numRuns,
		endOnFailure: true,
		...(seed ? {seed: Number(seed.split(':')[0]), path: seed.split(':')[1]} : {}),
		reporter: details => {
			if (!details.failed) return;
			const error =
				details.errorInstance instanceof Error ? details.errorInstance : new Error(String(details.errorInstance));
			const example = jsonText(details.counterexample);
			error.message = `${error.message}\n(property failed; replay with ROBUST_SEED=${details.seed}:${details.counterexamplePath}; counterexample, ${example.length.toLocaleString('en-US')} characters: ${example.slice(0, 3000)}${example.length > 3000 ? '…' : ''})`;
			throw error;
		},
	};
}
