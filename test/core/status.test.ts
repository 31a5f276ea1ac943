/**
 * `--status success|interrupted|failure` on sign-ins: the built CLI against the emulator returns exactly the records an
 * independent count says, with codes written out here from shared/aadsts-codes.md and issue 9 (not from outcome.ts);
 * what is sent to Graph is judged by the emulator's own parser against the documented operators.
 */
import {mkdtemp, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {startTestEmulator, type TestEmulator} from '../helpers/emulator.js';
import {runCli, type CliRun} from '../helpers/cli-run.js';
import {resolveQuery, type Query} from '../../source/query/query.js';
import {evaluate} from '../../source/query/filter.js';
import {printFilter} from '../../source/query/odata.js';
import {parseFilter} from '../../source/emulator/graph/filter-parser.js';
import {validateFilter} from '../../source/emulator/graph/filter-check.js';
import {REPORTS as EMULATOR_REPORTS} from '../../source/emulator/graph/reports.js';

// shared/aadsts-codes.md: the rows whose name ends in "Interrupt" (AADSTS50072, 50074, 50125, 50140); issue 9 §1's
// prompts: MFA 50074/50076, enrolment 50072/50079, keep me signed in 50140, SSO session 50058, password reset
// registration 50125, device authentication 50097.
const INTERRUPT_CODES = new Set([50072, 50074, 50125, 50140, 50076, 50079, 50058, 50097]);

type Outcome = 'success' | 'interrupted' | 'failure' | 'other';
function outcomeOf(record: Record<string, unknown>): Outcome {
	const code = (record['status'] as {errorCode?: unknown} | undefined)?.errorCode;
	if (typeof code !== 'number') return 'other';
	return code === 0 ? 'success' : INTERRUPT_CODES.has(code) ? 'interrupted' : 'failure';
}

let emu: TestEmulator;
let dir: string;
let caFile: string;
/** Every interactive sign-in the emulator serves, read page by page over Graph without a filter. */
let all: Array<Record<string, unknown>>;

beforeAll(async () => {
	emu = await startTestEmulator({pollInterval: 0});
	dir = await mkdtemp(join(tmpdir(), 'entra-logs-status-'));
	caFile = join(dir, 'ca.pem');
	await writeFile(caFile, emu.caCert);
	const token = await emu.token();
	all = [];
	let url: string | undefined = '/v1.0/auditLogs/signIns?$top=1000';
	while (url) {
		const page = await emu.get(url, token);
		expect(page.status).toBe(200);
		all.push(...(page.body['value'] as Array<Record<string, unknown>>));
		url = page.body['@odata.nextLink'] as string | undefined;
	}
	expect((await run(['login'])).code).toBe(0);
}, 180_000);
afterAll(async () => {
	await emu.close();
	await rm(dir, {recursive: true, force: true});
});

const run = (args: string[]): Promise<CliRun> => runCli(emu, {args, caFile, config: join(dir, 'config')});

const ids = (ndjson: string): string[] =>
	ndjson
		.split('\n')
		.filter(Boolean)
		.map(l => (JSON.parse(l) as {id: string}).id);

describe('--status on sign-ins', () => {
	it('the demo data holds every outcome (else the counts below prove little)', () => {
		const counts = new Map<Outcome, number>();
		for (const r of all) counts.set(outcomeOf(r), (counts.get(outcomeOf(r)) ?? 0) + 1);
		expect(counts.get('success')).toBeGreaterThan(100);
		expect(counts.get('interrupted')).toBeGreaterThan(10);
		expect(counts.get('failure')).toBeGreaterThan(10);
	});

	it.each(['interrupted', 'failure', 'success'] as const)(
		'--status %s returns exactly the records of that outcome',
		async status => {
			const got = await run(['signins', '--status', status, '--output', 'ndjson']);
			expect(got.code, got.stderr).toBe(0);
			expect(ids(got.stdout)).toEqual(all.filter(r => outcomeOf(r) === status).map(r => r.id));
		},
		180_000,
	);

	it('a status that is none of the three is refused in one line, exit 2', async () => {
		const got = await run(['signins', '--status', 'blocked', '--output', 'ndjson']);
		expect(got.code).toBe(2);
		expect(got.stderr.trim()).toBe('entra-logs: status must be success, interrupted or failure, not "blocked"');
	});
});

describe('what Graph is asked', () => {
	const q = (status: string, over: Partial<Query> = {}): Query => ({
		report: 'signins',
		filters: {status},
		order: 'newest',
		...over,
	});
	/** The printed filter as the emulator's own parser reads it, checked against its version's documented table. */
	const served = (query: Query): string => {
		const resolved = resolveQuery(query);
		const printed = printFilter(resolved.server!);
		validateFilter(parseFilter(printed), EMULATOR_REPORTS.signIns.tables[resolved.version]);
		return printed;
	};

	it('interrupted: the documented eq on status/errorCode, once per code, joined by or (v1.0 and beta)', () => {
		const printed = served(q('interrupted'));
		const codes = [...printed.matchAll(/status\/errorCode eq (\d+)/g)].map(m => Number(m[1]));
		expect(new Set(codes)).toEqual(INTERRUPT_CODES);
		expect(served(q('interrupted', {eventTypes: ['non-interactive']}))).toContain(printed);
		expect(resolveQuery(q('interrupted')).local).toBeUndefined();
	});

	it('failure is checked here (only eq is documented), and means neither success nor an interrupt', () => {
		const resolved = resolveQuery(q('failure'));
		expect(resolved.server).toBeUndefined();
		const rec = (errorCode: unknown): unknown => ({status: {errorCode}});
		for (const code of [50126, 53003, 500121, 50053]) expect(evaluate(resolved.local!, rec(code))).toBe(true);
		for (const code of [0, ...INTERRUPT_CODES]) expect(evaluate(resolved.local!, rec(code))).toBe(false);
		// No code at all is no outcome: neither a failure nor a success.
		expect(evaluate(resolved.local!, {status: {}})).toBe(false);
	});

	it('success is eq 0, sent to Graph', () => {
		expect(served(q('success'))).toBe('status/errorCode eq 0');
	});
});
