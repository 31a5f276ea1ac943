/**
 * A query printed for another tool (source/query/print.ts). The PowerShell text is read back by a small reader written
 * here from PowerShell's quoting rules (about_Quoting_Rules, about_Special_Characters), independent of the printer:
 * whatever a value holds, the -Filter argument PowerShell sees is the $filter Graph gets, and nothing in it expands.
 */
import {describe, expect, it} from 'vitest';
import fc from 'fast-check';
import {graphUrl, kqlFor, powershellCommand, powershellString, printQuery} from '../../source/query/print.js';
import {resolveQuery, type Query} from '../../source/query/query.js';
import {printFilter} from '../../source/query/odata.js';
import {compileKql, kqlText} from '../../source/query/kql.js';
import {parseFilter} from '../../source/emulator/graph/filter-parser.js';

const NOW = new Date('2026-11-20T12:00:00Z');
const q = (over: Partial<Query> & Pick<Query, 'report'>): Query => ({filters: {}, order: 'newest', ...over});
const OPTIONS = {graphBase: 'https://graph.microsoft.com', now: NOW};

/** Characters PowerShell takes as a double quote (System.Management.Automation.Language.CharExtensions.IsDoubleQuote). */
const DOUBLE_QUOTES = new Set(['"', '\u201c', '\u201d', '\u201e']);
const ESCAPES: Readonly<Record<string, string>> = {
	'0': '\0',
	a: '\u0007',
	b: '\b',
	e: '\u001b',
	f: '\f',
	n: '\n',
	r: '\r',
	t: '\t',
	v: '\v',
};

/**
 * Reads one expandable string at `from` (its opening quote): its value and where it ends. Throws where PowerShell
 * would expand something ($name, $(…), ${…}) or where the string never closes.
 */
function readExpandable(text: string, from: number): {value: string; end: number} {
	const chars = [...text.slice(from)];
	if (!DOUBLE_QUOTES.has(chars[0]!)) throw new Error(`no string at ${from}`);
	let value = '';
	let i = 1;
	while (i < chars.length) {
		const ch = chars[i]!;
		if (ch === '`') {
			const next = chars[i + 1];
			if (next === undefined) throw new Error('a backtick at the end');
			if (next === 'u' && chars[i + 2] === '{') {
				const close = chars.indexOf('}', i + 3);
				value += String.fromCodePoint(parseInt(chars.slice(i + 3, close).join(''), 16));
				i = close + 1;
				continue;
			}
			value += ESCAPES[next] ?? next;
			i += 2;
			continue;
		}
		if (DOUBLE_QUOTES.has(ch)) {
			// Two quotes in a row are one quote inside the string; one alone ends it.
			if (chars[i + 1] !== undefined && DOUBLE_QUOTES.has(chars[i + 1]!)) {
				value += '"';
				i += 2;
				continue;
			}
			return {value, end: from + chars.slice(0, i + 1).join('').length};
		}
		if (ch === '$' && chars[i + 1] !== undefined && /[\p{L}\p{N}_?:{($^]/u.test(chars[i + 1]!))
			throw new Error(`$${chars[i + 1]} would expand`);
		value += ch;
		i++;
	}
	throw new Error('the string never closes');
}

/** The value of a parameter of a one-line command (`-Filter "…"`). */
function argument(command: string, name: string): string | undefined {
	const at = command.indexOf(` ${name} `);
	return at < 0 ? undefined : readExpandable(command, at + name.length + 2).value;
}

const hostile = fc
	.string({
		unit: fc.oneof(
			fc.constantFrom(
				'$',
				'`',
				'"',
				"'",
				'\u201c',
				'\u201d',
				'\u201e',
				'\u2018',
				'\n',
				'\r',
				'\t',
				'\u001b',
				'(',
				')',
				'{',
				'}',
				' ',
				'\u0085',
				'\u2028',
			),
			fc.string({unit: 'grapheme', minLength: 1, maxLength: 1}),
			fc.constantFrom('$env:PATH', '$(Remove-Item x)', '${x}', '`n', '$$', '$?', '$_'),
		),
		minLength: 1,
		maxLength: 30,
	})
	.filter(s => s.trim() !== '');

describe('PowerShell', () => {
	it('a double-quoted string reads back as the value, whatever it holds (fast-check)', () => {
		fc.assert(
			fc.property(fc.string({unit: 'binary', maxLength: 60}), value => {
				const text = powershellString(value);
				const read = readExpandable(text, 0);
				expect(read.value).toBe(value);
				expect(read.end).toBe(text.length);
				// Nothing a terminal or a shell would act on when pasted: no control characters, no line break.
				expect(text).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/);
			}),
			{numRuns: 500},
		);
	});

	it('the -Filter of the command is the $filter Graph gets, for hostile values in every report (fast-check)', () => {
		fc.assert(
			fc.property(
				hostile,
				fc.constantFrom<[Query['report'], string]>(
					['signins', 'app'],
					['signins', 'city'],
					['signins', 'user'],
					['audits', 'activity'],
					['audits', 'initiated-by'],
					['audits', 'target'],
					['provisioning', 'identity'],
					['provisioning', 'system'],
				),
				(value, [report, field]) => {
					const query = q({report, filters: {[field]: value}});
					const command = powershellCommand(query, NOW);
					const filter = argument(command, '-Filter');
					const server = resolveQuery(query, NOW).server!;
					expect(filter).toBe(printFilter(server));
					// And Graph's grammar (the emulator's parser) reads that filter.
					expect(() => parseFilter(filter!)).not.toThrow();
					expect(command.endsWith(' -All')).toBe(true);
				},
			),
			{numRuns: 300},
		);
	});

	it('names the cmdlet of the report and of the API version the query needs', () => {
		expect(powershellCommand(q({report: 'signins', filters: {user: 'alice@contoso.com'}}), NOW)).toBe(
			`Get-MgAuditLogSignIn -Filter "userPrincipalName eq 'alice@contoso.com'" -All`,
		);
		// Non-interactive sign-ins exist only in beta: its cmdlet, with the event types named.
		expect(powershellCommand(q({report: 'signins', eventTypes: ['non-interactive']}), NOW)).toBe(
			`Get-MgBetaAuditLogSignIn -Filter "signInEventTypes/any(t: t eq 'nonInteractiveUser')" -All`,
		);
		expect(powershellCommand(q({report: 'audits', filters: {activity: "O'Brien $x"}}), NOW)).toBe(
			"Get-MgAuditLogDirectoryAudit -Filter \"startswith(activityDisplayName,'O''Brien `$x')\" -All",
		);
		expect(powershellCommand(q({report: 'provisioning', since: '2026-11-19T00:00:00Z', order: 'oldest'}), NOW)).toBe(
			'Get-MgAuditLogProvisioning -Filter "activityDateTime gt 2026-11-18T23:59:59Z" -Sort "activityDateTime asc" -All',
		);
		expect(powershellCommand(q({report: 'audits'}), NOW)).toBe('Get-MgAuditLogDirectoryAudit -All');
	});

	it('the reader itself refuses what PowerShell would expand or not close', () => {
		expect(() => readExpandable('"$x"', 0)).toThrow(/expand/);
		expect(() => readExpandable('"$(1)"', 0)).toThrow(/expand/);
		expect(() => readExpandable('"abc', 0)).toThrow(/never closes/);
		expect(readExpandable('"a""b\u201d', 0).value).toBe('a"b');
		expect(readExpandable('"cost: 5 $"', 0).value).toBe('cost: 5 $');
	});
});

describe('URL and KQL', () => {
	it('the URL is the request Graph gets: its $filter decodes to the printed filter', () => {
		fc.assert(
			fc.property(hostile, value => {
				const query = q({report: 'signins', filters: {app: value}, since: '24h'});
				const url = new URL(graphUrl(query, OPTIONS));
				expect(url.origin + url.pathname).toBe('https://graph.microsoft.com/v1.0/auditLogs/signIns');
				expect(url.searchParams.get('$filter')).toBe(printFilter(resolveQuery(query, NOW).server!));
				expect(url.searchParams.get('$top')).toBe('1000');
			}),
			{numRuns: 200},
		);
		expect(graphUrl(q({report: 'signins', eventTypes: ['service-principal']}), {...OPTIONS, pageSize: 100})).toBe(
			"https://graph.microsoft.com/beta/auditLogs/signIns?$top=100&$filter=signInEventTypes%2Fany(t%3A%20t%20eq%20'servicePrincipal')",
		);
	});

	it('KQL is the compiler’s text for the Log Analytics tables', () => {
		const query = q({report: 'signins', filters: {user: 'alice@contoso.com'}, since: '24h'});
		expect(kqlFor(query, NOW)).toBe(kqlText(compileKql(query, {now: NOW})));
		expect(kqlFor(query, NOW)).toMatch(/^SigninLogs\n/);
		expect(printQuery('kql', q({report: 'audits'}), OPTIONS)).toMatch(/^AuditLogs\n\| order by TimeGenerated desc/);
	});
});
