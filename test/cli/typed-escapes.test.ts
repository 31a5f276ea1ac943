/**
 * What the screen shows, a person can type back: a UPN shown as `alice\u200b@contoso.com` (its zero-width space
 * escaped) is found by typing that text into --user, offline (a file whose record holds the character raw or as a
 * JSON escape: the raw-bytes prefilter) and from the emulator over HTTPS (Graph's $filter). `\u0041` typed stays six
 * characters. The typed-form round trip holds for any string (fast-check).
 */
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import fc from 'fast-check';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {isSafe, readTyped, sanitizeLine, shownEscaped, typedForm} from '../../source/terminal/sanitize.js';
import {queryFromFlags, parseCli} from '../../source/cli/args.js';
import {resolveQuery} from '../../source/query/query.js';
import {printFilter} from '../../source/query/odata.js';
import {compileKql} from '../../source/query/kql.js';
import {kqlString} from '../../source/query/kql-literal.js';
import {powershellString} from '../../source/query/print.js';
import {tokenize} from '../../source/emulator/log-analytics/lexer.js';
import {startTestEmulator, testTenant, TEST_NOW, type TestEmulator} from '../helpers/emulator.js';
import {runCli as runOnEmulator} from '../helpers/cli-run.js';
import {runCli} from '../sources/run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'entra-logs-typed-'));
afterAll(() => rmSync(dir, {recursive: true, force: true}));

const ZWSP_UPN = 'alice\u200b@contoso.com';
const TAG_UPN = 'bob\u{e0041}@contoso.com';
/** As the list, the detail and tty output show them. */
const ZWSP_SHOWN = 'alice\\u200b@contoso.com';
const TAG_SHOWN = 'bob\\udb40\\udc41@contoso.com';

/** Sign-ins of the test tenant with the UPNs given, newest first, a minute apart. */
function signIns(upns: readonly string[]): Array<Record<string, unknown>> {
	const base = testTenant().signIns.find(
		s => (s['signInEventTypes'] as string[] | undefined)?.[0] === 'interactiveUser',
	)!;
	return upns.map((upn, i) => ({
		...structuredClone(base),
		id: `0000000${i}-aaaa-4aaa-8aaa-00000000000${i}`,
		createdDateTime: new Date(TEST_NOW.getTime() - 60_000 * (i + 1)).toISOString(),
		userPrincipalName: upn,
	}));
}

describe('typed text reads back what the screen shows escaped', () => {
	it('the screen shows exactly these characters escaped; typing the escape gives the character', () => {
		expect(sanitizeLine(ZWSP_UPN)).toBe(ZWSP_SHOWN);
		expect(sanitizeLine(TAG_UPN)).toBe(TAG_SHOWN);
		expect(readTyped(ZWSP_SHOWN)).toBe(ZWSP_UPN);
		expect(readTyped(TAG_SHOWN)).toBe(TAG_UPN);
		expect(readTyped('alice\\u200B@contoso.com')).toBe(ZWSP_UPN);
		// An A is never shown escaped: typed, its escape stays the text it is; so does a lone surrogate's.
		expect(readTyped('\\u0041lice')).toBe('\\u0041lice');
		expect(readTyped('x\\udb40y')).toBe('x\\udb40y');
		expect(readTyped('CONTOSO\\nick')).toBe('CONTOSO\\nick');
	});

	it('for any string: its typed form reads back as it; what the list shows reads back as it (fast-check)', () => {
		const hidden = fc.constantFrom(
			'\u200b',
			'\u00ad',
			'\u202e',
			'\u001b',
			'\u0007',
			'\u009b',
			'\ufeff',
			'\u{e0041}',
			'\u{e007f}',
			'\u3164',
			'\u2028',
			'\r',
			'\n',
			'\t',
			'\u200d',
		);
		const text = fc
			.array(fc.oneof(hidden, fc.string({unit: 'grapheme', maxLength: 4}), fc.string({unit: 'binary', maxLength: 4})), {
				maxLength: 12,
			})
			.map(p => p.join(''));
		fc.assert(
			fc.property(text, s => {
				expect(readTyped(typedForm(s))).toBe(s);
				// What a row shows (no line breaks, tabs or text that looks like an escape) reads back exactly.
				if (!/[\\\t\n\r]/.test(s) && !s.includes('\u200d')) expect(readTyped(sanitizeLine(s))).toBe(s);
				for (const ch of typedForm(s)) expect(shownEscaped(ch)).toBe(false);
			}),
			{numRuns: 500},
		);
	});

	it('--user as shown is the value with the character in it: OData gets it in its quotes, KQL and PowerShell escaped', () => {
		const {values} = parseCli(['signins', '--user', ZWSP_SHOWN, '--demo'], {});
		const query = queryFromFlags('signins', values);
		expect(query.filters['user']).toBe(ZWSP_UPN);
		const odata = printFilter(resolveQuery(query, TEST_NOW).server!);
		expect(odata).toContain(`userPrincipalName eq '${ZWSP_UPN}'`);
		// KQL: the character escaped in its string literal (printed KQL shows it), which reads back as the value.
		const kql = compileKql({...query, workspace: 'demo'}, {now: TEST_NOW}).body;
		expect(kql).toContain('"alice\\u200b@contoso.com"');
		const tagged = compileKql(
			{
				...queryFromFlags('signins', parseCli(['signins', '--user', `${TAG_SHOWN}"x`, '--demo'], {}).values),
				workspace: 'demo',
			},
			{now: TEST_NOW},
		).body;
		expect(tagged).toContain('"bob\\U000e0041@contoso.com\\"x"');
		for (const value of [ZWSP_UPN, `${TAG_UPN}"x`, '\u00ad\ufeff\u2060\u{e007f}\u3164'])
			expect(tokenize(kqlString(value))[0]!.value).toBe(value);
		expect(isSafe(kqlString(`${ZWSP_UPN}${TAG_UPN}\u00ad\u202e`))).toBe(true);
		// A Graph PowerShell command (--print powershell, Y) escapes them as PowerShell reads them: `u{200b}.
		expect(powershellString(ZWSP_UPN)).toBe('"alice`u{200b}@contoso.com"');
		expect(isSafe(powershellString(`${ZWSP_UPN}${TAG_UPN}\u00ad\u202e`))).toBe(true);
	});
});

describe('the built CLI finds what it shows', () => {
	it('open FILE --user as shown: the record whose UPN holds the character raw or as a JSON escape (the raw-bytes prefilter)', async () => {
		const [zwsp, escapedZwsp, clean, tag] = signIns([ZWSP_UPN, ZWSP_UPN, 'alice@contoso.com', TAG_UPN]);
		// One written with the character as UTF-8, one with JSON's escape, as another tool may write it.
		const lines = [
			JSON.stringify(zwsp),
			JSON.stringify(escapedZwsp).replace('\u200b', '\\u200b'),
			JSON.stringify(clean),
			JSON.stringify(tag),
		];
		expect(lines[1]).toContain('alice\\u200b@');
		const file = join(dir, 'hidden.ndjson');
		writeFileSync(file, `${lines.join('\n')}\n`);
		const found = await runCli(['open', file, '--user', ZWSP_SHOWN, '--output', 'ndjson'], dir);
		expect(found.stdout).toBe(`${lines[0]}\n${lines[1]}\n`);
		const tagged = await runCli(['open', file, '--user', TAG_SHOWN, '--output', 'ndjson'], dir);
		expect(tagged.stdout).toBe(`${lines[3]}\n`);
		// The escape of a character never shown escaped is text: nothing has it.
		const literal = await runCli(['open', file, '--user', '\\u0061lice@contoso.com', '--output', 'ndjson'], dir);
		expect(literal.stdout).toBe('');
	});

	describe('against the emulator over HTTPS', () => {
		let emu: TestEmulator;
		let caFile: string;
		const CLIENT = '7c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f';
		const SECRET = 'typed-escapes~secret.value';
		beforeAll(async () => {
			const data = join(dir, 'tenant.ndjson');
			writeFileSync(
				data,
				`${signIns([ZWSP_UPN, 'alice@contoso.com', TAG_UPN])
					.map(r => JSON.stringify(r))
					.join('\n')}\n`,
			);
			emu = await startTestEmulator({dataFile: data});
			caFile = join(dir, 'ca.pem');
			writeFileSync(caFile, emu.caCert);
			await emu.control('clients', {clientId: CLIENT, secrets: [SECRET]});
		});
		afterAll(() => emu?.close());

		it('signins --user as shown: Graph $filter finds the one record with the zero-width space, and the tagged one', async () => {
			const since = new Date(TEST_NOW.getTime() - 3_600_000).toISOString();
			const run = (user: string) =>
				runOnEmulator(emu, {
					args: [
						...['signins', '--user', user, '--since', since, '--type', 'interactive', '--output', 'ndjson'],
						...['--client-id', CLIENT, '--client-secret', SECRET],
					],
					caFile,
					config: join(dir, 'config'),
				});
			const found = await run(ZWSP_SHOWN);
			expect(found.code, found.stderr).toBe(0);
			const ids = found.stdout
				.trim()
				.split('\n')
				.filter(Boolean)
				.map(l => (JSON.parse(l) as {userPrincipalName: string}).userPrincipalName);
			expect(ids).toEqual([ZWSP_UPN]);
			const tagged = await run(TAG_SHOWN);
			expect(tagged.code, tagged.stderr).toBe(0);
			expect(
				tagged.stdout
					.trim()
					.split('\n')
					.map(l => (JSON.parse(l) as {userPrincipalName: string}).userPrincipalName),
			).toEqual([TAG_UPN]);
		});
	});
});
