/**
 * Issue 8 §2, case by case: each of these hostile shapes, put into a real record and opened from a file, used to end
 * the TUI on enter (or blank a whole page). The list, the detail, copy and export must show what can be shown and
 * keep the rest in the raw JSON.
 */
import {describe, expect, it} from 'vitest';
import {spawnSync} from 'node:child_process';
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {parse as csvParse} from 'csv-parse/sync';
import {KEYS, deepJson, lineWith, loaded, openLines, realRecords, waitFor} from './harness.js';
import type {GraphRecord, ReportId} from '../../source/reports/report.js';

/** A sign-in with authentication steps and Conditional Access policies that enforced grant controls. */
const richSignIn = (): GraphRecord =>
	realRecords('signins').find(
		r =>
			Array.isArray(r['authenticationDetails']) &&
			(r['authenticationDetails'] as unknown[]).length > 1 &&
			(r['appliedConditionalAccessPolicies'] as Array<Record<string, unknown>>).some(
				p => (p['enforcedGrantControls'] as unknown[]).length > 0,
			),
	)!;
const richAudit = (): GraphRecord =>
	realRecords('audits').find(
		r => (r['additionalDetails'] as unknown[]).length > 0 && (r['targetResources'] as unknown[]).length > 0,
	)!;
const richProvisioning = (): GraphRecord =>
	realRecords('provisioning').find(r => (r['provisioningSteps'] as unknown[]).length > 0)!;
const rich = (report: ReportId): GraphRecord =>
	report === 'signins' ? richSignIn() : report === 'audits' ? richAudit() : richProvisioning();
const policyWithGrants = (): number =>
	(richSignIn()['appliedConditionalAccessPolicies'] as Array<Record<string, unknown>>).findIndex(
		p => (p['enforcedGrantControls'] as unknown[]).length > 0,
	);

/** Opens one hostile record (and a plain one after it), enters its detail, copies it: the TUI must stay up. */
async function enterAndCopy(
	report: ReportId,
	line: string,
	expectInDetail: ReadonlyArray<string | RegExp>,
): Promise<{detail: string; copied: string}> {
	// The plain record is the tenant's oldest, so that the hostile one is the list's first (newest first) whatever the seed.
	const t = await openLines(report, [line, JSON.stringify(realRecords(report).at(-1))]);
	try {
		await waitFor(t.frame, loaded(2), 'the list of 2');
		await t.press(KEYS.enter, f => f.includes('record 1/2'), 'the detail');
		// Each expected text somewhere in the detail (paging down to it); the screen where the last one is.
		let detail = '';
		for (const text of expectInDetail) {
			expect(
				await t.seek(typeof text === 'string' ? new RegExp(text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')) : text),
				String(text),
			).toBe(true);
			detail = t.frame();
			expect(detail).not.toMatch(/RangeError|TypeError|is not a function|Maximum call stack/);
		}
		await t.copy();
		const copied = t.lastCopy();
		// Down to the end of the raw JSON, and on to the next record and back.
		await t.press('G', f => /line \d+\/\d+/.test(f), 'the end of the detail');
		await t.press(KEYS.right, f => f.includes('record 2/2'), 'the next record');
		expect(t.alive()).toBe(true);
		return {detail, copied};
	} finally {
		t.close();
	}
}

describe('a hostile property does not end the TUI on enter', () => {
	it.each([
		['a string signInEventTypes', '"nonInteractiveUser"', 'nonInteractiveUser'],
		['a number signInEventTypes', '42', '42'],
	])('%s', async (_name, json, shown) => {
		await enterAndCopy('signins', lineWith(richSignIn(), 'signInEventTypes', json), [
			'Basic info',
			new RegExp(`Event type +${shown}`),
		]);
	});

	// What the section could not read is said where it would have been; the raw JSON keeps it (the copy is the record).
	const NOT_A_LIST = /\(not a list\) +\{\}/;
	const NULL_ITEM = /\(item 1: not an object\) +null/;
	it.each([
		['signins', 'authenticationDetails', '{}', 'Authentication details', NOT_A_LIST],
		['signins', 'authenticationDetails', '[null]', 'Authentication details', NULL_ITEM],
		['signins', 'appliedConditionalAccessPolicies', '{}', 'Conditional Access', NOT_A_LIST],
		['signins', 'appliedConditionalAccessPolicies', '[null]', 'Conditional Access', NULL_ITEM],
		['audits', 'additionalDetails', '{}', 'Additional details', NOT_A_LIST],
		['audits', 'additionalDetails', '[null]', 'Additional details', NULL_ITEM],
		['provisioning', 'provisioningSteps', '"x"', 'Steps', /\(not a list\) +x/],
	] as const)('%s %s = %s', async (report, path, json, section, said) => {
		const {copied} = await enterAndCopy(report, lineWith(rich(report), path, json), [section, said]);
		expect(JSON.parse(copied)[path]).toEqual(JSON.parse(json));
	});

	it('a string enforcedGrantControls: the policy is shown with it', async () => {
		const i = policyWithGrants();
		await enterAndCopy(
			'signins',
			lineWith(richSignIn(), `appliedConditionalAccessPolicies/${i}/enforcedGrantControls`, '"block"'),
			['Conditional Access', /\(grant: block[,)]/],
		);
	});

	it.each(['signins', 'audits', 'provisioning'] as const)(
		'%s: 10,000 levels of nesting: the detail, its raw JSON to the end, copy',
		async report => {
			const {copied} = await enterAndCopy(
				report,
				JSON.stringify(rich(report)).replace(/"correlationId":|"jobId":/, m => `"deep":${deepJson(10_000)},${m}`),
				[String(rich(report).id), 'Raw JSON', /"deep": \{/],
			);
			// The copy is the whole record, every level of it.
			expect(copied.match(/"a": ?\[/g)?.length).toBe(10_000);
			expect(copied.trimEnd().endsWith('}')).toBe(true);
		},
	);

	it('200,000 authentication steps: a bounded number shown, and how many more', async () => {
		const steps = richSignIn()['authenticationDetails'] as unknown[];
		const many = Array.from({length: 200_000}, (_, i) => steps[i % steps.length]);
		const line = lineWith(richSignIn(), 'authenticationDetails', JSON.stringify(many));
		const t = await openLines('signins', [line]);
		try {
			await waitFor(t.frame, loaded(1), 'the list');
			const started = Date.now();
			await t.press(KEYS.enter, f => f.includes('record 1/1'), 'the detail');
			// The section shows a bounded number of steps, then how many more.
			expect(await t.seek(/… 199,\d{3} more +see the raw JSON/)).toBe(true);
			const total = Number(/line \d+\/(\d+)/.exec(t.frame())![1]);
			expect(total).toBeLessThan(10_000);
			// The raw JSON ends with a line saying where it was cut and how to get all of it.
			await t.press(
				'G',
				g => g.includes(`line ${total - (g.split('\n').findIndex(l => l.startsWith('record 1/1')) - 1) + 1}/`),
				'the end of the raw JSON',
			);
			expect(t.frame()).toMatch(/raw JSON cut at [\d,]+ lines: y copies the whole record/);
			await t.copy();
			expect(Date.now() - started).toBeLessThan(20_000);
			expect(t.alive()).toBe(true);
		} finally {
			t.close();
		}
	});
});

describe('a hostile property does not blank the list', () => {
	it('targetResources: "x" among 1,000 audits: the first page shows, with the value', async () => {
		const audits = realRecords('audits')
			.slice(0, 1000)
			.map(r => JSON.stringify(r));
		audits[3] = lineWith(JSON.parse(audits[3]!) as Record<string, unknown>, 'targetResources', '"x"');
		const t = await openLines('audits', audits);
		try {
			// The first page of a file in the TUI is a screen's worth (100 records), shown while the rest is indexed.
			const f = await waitFor(t.frame, loaded(100), 'the first page of the audits');
			expect(f).toContain('1/100 loaded');
			await t.press('\u001B[B'.repeat(3));
			const detail = await t.press(KEYS.enter, g => g.includes('record 4/100'), 'the detail');
			expect(detail).toContain('Targets');
			expect(detail).toMatch(/\(not a list\) +x/);
		} finally {
			t.close();
		}
	});
});

describe('export of hostile records from the TUI', () => {
	it('e enter writes every record of the file, the deep one too', async () => {
		const lines = [
			lineWith(richSignIn(), 'userAgent', deepJson(10_000)),
			lineWith(richSignIn(), 'authenticationDetails', '{}'),
			JSON.stringify(realRecords('signins')[7]),
		];
		const t = await openLines(
			'signins',
			lines.map((l, i) => l.replace(/"id":"[^"]*"/, `"id":"hostile-${i}"`)),
		);
		try {
			await waitFor(t.frame, loaded(3), 'the list');
			await t.press('e', f => f.includes('Export '), 'the export prompt');
			await t.press('\u0015hostile.ndjson');
			const f = await t.press(KEYS.enter, g => /exported [\d,]+ records|export failed/.test(g), 'the export');
			expect(f).toContain('exported 3 records');
			const out = readFileSync(/exported 3 records to (\S+)/.exec(f)![1]!, 'utf8')
				.trimEnd()
				.split('\n');
			expect(out.length).toBe(3);
			expect(out.every(l => l.startsWith('{') && l.endsWith('}'))).toBe(true);
			expect(out.join('\n').match(/\{"a":\[/g)?.length).toBe(10_000);
		} finally {
			t.close();
		}
	});
});

describe('open FILE --output with 10,000 levels of nesting (the built CLI)', () => {
	it.each(['signins', 'audits', 'provisioning'] as const)(
		'%s: ndjson byte for byte, csv and json whole, exit 0',
		report => {
			const dir = mkdtempSync(join(tmpdir(), 'entra-logs-deep-'));
			try {
				const plain = realRecords(report)
					.slice(0, 3)
					.map(r => JSON.stringify(r));
				const deep = [
					lineWith(
						rich(report),
						report === 'signins' ? 'userAgent' : report === 'audits' ? 'additionalDetails' : 'provisioningSteps',
						deepJson(10_000),
					),
					lineWith(realRecords(report)[9]!, 'id', `${'['.repeat(10_000)}${']'.repeat(10_000)}`),
				];
				const input = `${[...plain, ...deep].join('\n')}\n`;
				const file = join(dir, `deep-${report}.ndjson`);
				writeFileSync(file, input);
				const run = (format: string) =>
					spawnSync(process.execPath, [join(process.cwd(), 'dist', 'cli.js'), 'open', file, '--output', format], {
						encoding: 'utf8',
						maxBuffer: 1 << 28,
						env: {...process.env, ENTRA_LOGS_CONFIG_DIR: join(dir, 'config')},
					});
				const ndjson = run('ndjson');
				expect(ndjson.stderr).not.toMatch(/Maximum call stack|RangeError/);
				expect(ndjson.status).toBe(0);
				expect(ndjson.stdout.trimEnd().split('\n').sort()).toEqual(input.trimEnd().split('\n').sort());
				const json = run('json');
				expect(json.status, json.stderr).toBe(0);
				expect((JSON.parse(json.stdout) as unknown[]).length).toBe(5);
				const csv = run('csv');
				expect(csv.status, csv.stderr).toBe(0);
				expect((csvParse(csv.stdout) as string[][]).length).toBe(6);
			} finally {
				rmSync(dir, {recursive: true, force: true});
			}
		},
		60_000,
	);
});
