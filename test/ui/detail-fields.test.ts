/**
 * Nothing only in the raw JSON (issue 9 §2): every non-empty value of a record shows in the detail's sections, above
 * its raw JSON. The oracle is written here, from the record alone: every leaf (string, number, boolean) of the JSON,
 * as text, must appear in the sections' lines; a value of six characters or more as many times as the record holds
 * it (so a section that shows one of two equal ids does not pass for both). Records are the emulator's own, read over
 * HTTPS from beta and v1.0, of every report and every sign-in event type; then the same records with properties the
 * sections know nothing of, added anywhere in them (fast-check).
 */
import fc from 'fast-check';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {startTestEmulator, type TestEmulator} from '../helpers/emulator.js';
import {reportById} from '../../source/reports/index.js';
import type {GraphRecord, ReportId} from '../../source/reports/report.js';
import type {StoreSnapshot} from '../../source/store/record-store.js';
import {sanitizeLine} from '../../source/terminal/sanitize.js';
import {detailLines, detailRows, findLine} from '../../source/ui/screens/record-detail.js';
import {displayWidth} from '../../source/terminal/width.js';

let emu: TestEmulator;
let token: string;
beforeAll(async () => {
	emu = await startTestEmulator();
	token = await emu.token();
}, 120_000);
afterAll(() => emu.close());

const COLLECTION: Readonly<Record<ReportId, string>> = {
	signins: 'signIns',
	audits: 'directoryAudits',
	provisioning: 'provisioning',
};
const EVENT_TYPES = ['interactiveUser', 'nonInteractiveUser', 'servicePrincipal', 'managedIdentity'];

/** A page of the report's records as Graph serves them. */
async function page(version: 'v1.0' | 'beta', report: ReportId, filter?: string): Promise<GraphRecord[]> {
	const query = `$top=150${filter ? `&$filter=${encodeURIComponent(filter)}` : ''}`;
	const {status, body} = await emu.get(`/${version}/auditLogs/${COLLECTION[report]}?${query}`, token);
	expect(status, JSON.stringify(body)).toBe(200);
	return body['value'] as GraphRecord[];
}

/** Every leaf of a JSON value as the screen writes text: strings as they are (made safe), numbers and booleans written out. */
function leaves(value: unknown): string[] {
	const out: string[] = [];
	const stack = [value];
	while (stack.length > 0) {
		const v = stack.pop();
		if (v === null || v === undefined) continue;
		if (typeof v === 'object') stack.push(...(Array.isArray(v) ? v : Object.values(v)));
		else {
			const text = typeof v === 'string' ? sanitizeLine(v) : String(v);
			if (text.trim() !== '') out.push(text);
		}
	}
	return out;
}

/** The detail's lines above its raw JSON, as the detail screen makes them for this record. */
function sectionsText(report: ReportId, record: GraphRecord): string {
	const snap = {records: {at: () => record}, report: reportById(report)} as unknown as StoreSnapshot;
	const lines = detailLines(snap, 0).map(l => l.text);
	const raw = lines.indexOf('Raw JSON');
	expect(raw).toBeGreaterThan(0);
	return lines.slice(0, raw).join('\n');
}

/** What of the record the sections do not show: each missing value with how often the record holds it. */
function missing(report: ReportId, record: GraphRecord): string[] {
	const shown = sectionsText(report, record);
	const counts = new Map<string, number>();
	for (const text of leaves(record)) counts.set(text, (counts.get(text) ?? 0) + 1);
	const out: string[] = [];
	for (const [text, n] of counts) {
		const seen = shown.split(text).length - 1;
		if (seen === 0 || (text.length >= 6 && seen < n))
			out.push(`${JSON.stringify(text)}: ${n} in the record, ${seen} shown`);
	}
	return out;
}

/** The emulator's records of a report, from beta and v1.0 (sign-ins: each event type from beta). */
async function realRecords(report: ReportId): Promise<GraphRecord[]> {
	if (report !== 'signins') return [...(await page('beta', report)), ...(await page('v1.0', report))];
	const beta = await Promise.all(EVENT_TYPES.map(t => page('beta', report, `signInEventTypes/any(t: t eq '${t}')`)));
	return [...beta.flat(), ...(await page('v1.0', report))];
}

describe('the detail shows every non-empty value of a record in a named section', () => {
	it.each(['signins', 'audits', 'provisioning'] as const)(
		"%s: the emulator's records, beta and v1.0",
		async report => {
			const records = await realRecords(report);
			expect(records.length).toBeGreaterThan(report === 'signins' ? 400 : 200);
			for (const record of records) expect(missing(report, record), String(record.id)).toEqual([]);
		},
		120_000,
	);

	it.each(['signins', 'audits', 'provisioning'] as const)(
		'%s: with properties no section names, at any place in the record (fast-check)',
		async report => {
			const records = await realRecords(report);
			// A value the sections have never heard of: scalars, lists, objects (a few levels: deeper goes as JSON).
			const extra = fc.jsonValue({maxDepth: 3});
			fc.assert(
				fc.property(
					fc.nat(records.length - 1),
					fc.array(fc.tuple(fc.array(fc.nat(), {maxLength: 3}), fc.string({minLength: 1, maxLength: 12}), extra), {
						minLength: 1,
						maxLength: 4,
					}),
					(i, additions) => {
						const record = JSON.parse(JSON.stringify(records[i])) as Record<string, unknown>;
						for (const [steps, key, value] of additions) {
							// Down a few levels of what is there (objects, and items of lists), then a new key.
							let at: Record<string, unknown> = record;
							for (const step of steps) {
								const children = Object.values(at).filter(
									(v): v is Record<string, unknown> => v !== null && typeof v === 'object',
								);
								if (children.length === 0) break;
								const child = children[step % children.length]!;
								const next = Array.isArray(child) ? child[step % Math.max(1, child.length)] : child;
								if (next === null || typeof next !== 'object' || Array.isArray(next)) break;
								at = next as Record<string, unknown>;
							}
							if (!(key in at)) at[key] = value;
						}
						expect(missing(report, record as GraphRecord)).toEqual([]);
					},
				),
				{numRuns: 150},
			);
		},
		120_000,
	);

	it.each(['signins', 'audits', 'provisioning'] as const)(
		'%s: any JSON anywhere (a huge object, 10,000 levels): the detail is made, rows fit 40 columns, search runs',
		async report => {
			const records = await realRecords(report);
			const deep = JSON.parse(`${'{"a":['.repeat(10_000)}1.5${']}'.repeat(10_000)}`) as unknown;
			const wide = Object.fromEntries(Array.from({length: 20_000}, (_, i) => [`k${i}`, i]));
			fc.assert(
				fc.property(
					fc.nat(records.length - 1),
					fc.oneof(fc.anything(), fc.constant(deep), fc.constant(wide), fc.string({minLength: 500, maxLength: 3000})),
					fc.constantFrom(
						'extra',
						'status',
						'location',
						'authenticationDetails',
						'initiatedBy',
						'targetResources',
						'provisioningSteps',
					),
					(i, value, key) => {
						const record = {...records[i]!, [key]: value} as GraphRecord;
						const snap = {records: {at: () => record}, report: reportById(report)} as unknown as StoreSnapshot;
						const lines = detailLines(snap, 0);
						for (const row of detailRows(lines, 40)) expect(displayWidth(row.text), row.text).toBeLessThanOrEqual(40);
						expect(findLine(lines, 'raw json', -1)).toBeGreaterThan(0);
						expect(lines.some(l => l.text.includes('(unreadable'))).toBe(false);
					},
				),
				{numRuns: 25},
			);
		},
		120_000,
	);
});
