/** Query, time parsing, filter printing and escaping; the emulator's own parser is the judge of what was printed. */
import {describe, expect, it} from 'vitest';
import fc from 'fast-check';
import {parseTime, formatODataTime, QueryError} from '../../source/query/time.js';
import {describeQuery, mapLegacyFilter, resolveQuery, toGraphUrl, type Query} from '../../source/query/query.js';
import {evaluate, printFilter, quote} from '../../source/query/filter.js';
import {parseFilter, validateFilter, type FilterNode} from '../../source/emulator/filter.js';
import {REPORTS as EMULATOR_REPORTS} from '../../source/emulator/reports.js';
import {REPORTS} from '../../source/reports/index.js';
import {queryFromFlags, parseCli, UsageError} from '../../source/cli/args.js';

const NOW = new Date('2026-11-20T12:00:00Z');
const q = (over: Partial<Query> & Pick<Query, 'report'>): Query => ({filters: {}, order: 'newest', ...over});

describe('time', () => {
	it.each([
		['90m', '2026-11-20T10:30:00Z'],
		['24h', '2026-11-19T12:00:00Z'],
		['7d', '2026-11-13T12:00:00Z'],
		['2w', '2026-11-06T12:00:00Z'],
		['2026-11-01T08:00:00Z', '2026-11-01T08:00:00Z'],
		['2026-11-01T08:00:00+02:00', '2026-11-01T06:00:00Z'],
		['2026-11-01T08:00:00.500Z', '2026-11-01T08:00:00Z'],
	])('%s -> %s', (text, iso) => {
		expect(formatODataTime(parseTime(text, NOW))).toBe(iso);
	});

	it('a date or time without a zone is local time', () => {
		expect(parseTime('2026-11-01', NOW).getTime()).toBe(new Date(2026, 10, 1).getTime());
		expect(parseTime('2026-11-01T08:30', NOW).getTime()).toBe(new Date(2026, 10, 1, 8, 30).getTime());
	});

	it.each(['yesterday', '3q', '2026-13-01', '2026-11-01T25:00:00Z', ''])('"%s" is refused with one line', text => {
		expect(() => parseTime(text, NOW)).toThrow(QueryError);
		try {
			parseTime(text, NOW);
		} catch (error) {
			expect((error as Error).message).not.toContain('\n');
		}
	});
});

describe('resolveQuery and toGraphUrl', () => {
	it('a user and a time range on v1.0 sign-ins, dates unquoted in UTC', () => {
		const url = toGraphUrl(q({report: 'signins', filters: {user: 'Alice@Contoso.com'}, since: '24h'}), {graphBase: 'https://graph.microsoft.com', now: NOW});
		expect(decodeURIComponent(url)).toBe("https://graph.microsoft.com/v1.0/auditLogs/signIns?$top=1000&$filter=createdDateTime ge 2026-11-19T12:00:00Z and userPrincipalName eq 'alice@contoso.com'");
	});

	it('other event types go to beta with an explicit signInEventTypes clause', () => {
		const r = resolveQuery(q({report: 'signins', eventTypes: ['non-interactive', 'service-principal']}), NOW);
		expect(r.version).toBe('beta');
		expect(printFilter(r.server!)).toBe("signInEventTypes/any(t: t eq 'nonInteractiveUser' or t eq 'servicePrincipal')");
	});

	it('--beta alone still names interactive sign-ins, as beta needs', () => {
		expect(printFilter(resolveQuery(q({report: 'signins', beta: true}), NOW).server!)).toBe("signInEventTypes/any(t: t eq 'interactiveUser')");
	});

	it('failures are filtered locally (Graph documents only eq on status/errorCode)', () => {
		const r = resolveQuery(q({report: 'signins', filters: {status: 'failure'}}), NOW);
		expect(r.server).toBeUndefined();
		expect(evaluate(r.local!, {status: {errorCode: 50126}})).toBe(true);
		expect(evaluate(r.local!, {status: {errorCode: 0}})).toBe(false);
	});

	it('provisioning uses gt/lt and trims locally to the exact bound', () => {
		const r = resolveQuery(q({report: 'provisioning', since: '2026-11-19T00:00:00Z', filters: {status: 'failure'}}), NOW);
		expect(printFilter(r.server!)).toBe("activityDateTime gt 2026-11-18T23:59:59Z and provisioningStatusInfo/status eq 'failure'");
		expect(evaluate(r.local!, {activityDateTime: '2026-11-18T23:59:59Z'})).toBe(false);
		expect(evaluate(r.local!, {activityDateTime: '2026-11-19T00:00:00Z'})).toBe(true);
	});

	it('audits by category are checked locally; by target use a lambda', () => {
		const r = resolveQuery(q({report: 'audits', filters: {category: 'UserManagement', target: "O'Brien"}}), NOW);
		expect(printFilter(r.server!)).toBe("targetResources/any(t: startswith(t/displayName,'O''Brien'))");
		expect(evaluate(r.local!, {category: 'usermanagement'})).toBe(true);
	});

	it.each([
		[{report: 'signins', until: '7d', since: '1d'}, 'is before'],
		[{report: 'signins', filters: {category: 'x'}}, 'cannot be filtered by "category"'],
		[{report: 'signins', filters: {correlation: 'not-a-guid'}}, 'must be a GUID'],
		[{report: 'signins', filters: {error: 'abc'}}, 'not an error code'],
		[{report: 'signins', since: 'soon'}, 'is not a time'],
		[{report: 'audits', eventTypes: ['interactive']}, 'sign-ins only'],
	] as const)('invalid input %j -> %s', (over, message) => {
		expect(() => resolveQuery(q(over as Query), NOW)).toThrow(message);
	});

	it('legacy fields map to Graph\'s', () => {
		expect(mapLegacyFilter('signinDateTime ge 2026-11-01T00:00:00Z and loginStatus eq 1')).toEqual({raw: 'createdDateTime ge 2026-11-01T00:00:00Z', status: 'failure'});
		expect(mapLegacyFilter("loginStatus eq 0 and appDisplayName eq 'x'")).toEqual({raw: "appDisplayName eq 'x'", status: 'success'});
		expect(mapLegacyFilter('activityDate le 2026-11-01').raw).toBe('activityDateTime le 2026-11-01');
		const query = queryFromFlags('signins', {filter: 'loginStatus eq 1'});
		expect(query.filters['status']).toBe('failure');
		expect(query.rawFilter).toBeUndefined();
	});

	it('describes a query in one line', () => {
		expect(describeQuery(q({report: 'signins', filters: {user: 'alice@contoso.com'}, since: '24h'}))).toBe('Sign-ins · user=alice@contoso.com · since 24h');
	});

	it('CLI flags: bad ones fail as usage errors', () => {
		expect(() => parseCli(['signins', '--type', 'robots'], {})).toThrow(UsageError);
		expect(() => parseCli(['signins', '--output', 'xml'], {})).toThrow('--output must be');
		expect(() => parseCli(['signins', '--resume'], {})).toThrow('--resume needs --out');
		expect(() => parseCli(['nonsense'], {})).toThrow('unknown command or report');
		expect(parseCli(['signins', '--user', 'bob@contoso.com', '--since', '7d'], {AZURE_TENANT_ID: 'contoso.com'}).tenant).toBe('contoso.com');
	});
});

/** The literal values a parsed filter holds, in order. */
function literals(node: FilterNode): string[] {
	switch (node.kind) {
		case 'and': case 'or': return [...literals(node.left), ...literals(node.right)];
		case 'not': return literals(node.operand);
		case 'any': return literals(node.body);
		case 'fn': return [node.value];
		case 'cmp': return node.value.type === 'string' ? [node.value.value] : [String(node.value.type === 'null' ? null : node.value.value)];
	}
}

describe('escaping: any user value round-trips as one literal', () => {
	const stringFields = REPORTS.flatMap(r => r.fields
		.filter(f => !['error', 'status', 'ca', 'risk', 'result', 'action', 'correlation', 'request', 'ip'].includes(f.key))
		.map(f => [r, f] as const));

	it('for every free-text field of every report', () => {
		fc.assert(fc.property(
			fc.constantFrom(...stringFields),
			fc.string({unit: 'grapheme', minLength: 1, maxLength: 40}).filter(s => s.trim() !== '' && s.trim() === s),
			([report, field], value) => {
				const resolved = resolveQuery(q({report: report.id, filters: {[field.key]: value}}), NOW);
				if (!resolved.server) return; // checked locally only: never sent
				const printed = printFilter(resolved.server);
				const node = parseFilter(printed);
				const version = resolved.version;
				const collection = report.collection;
				// The emulator (an independent parser) accepts it as documented...
				validateFilter(node, EMULATOR_REPORTS[collection].tables[version]);
				// ...and sees exactly the value the user typed (lower-cased where Graph stores lower case).
				const seen = literals(node).filter(v => !['interactiveUser'].includes(v));
				expect(seen.length).toBeGreaterThan(0);
				for (const v of seen) expect([value, value.toLowerCase(), value.toUpperCase()]).toContain(v);
			},
		), {numRuns: 400});
	});

	it('quote doubles single quotes and nothing else', () => {
		fc.assert(fc.property(fc.string(), s => {
			const printed = `x eq ${quote(s)}`;
			const node = parseFilter(printed) as Extract<FilterNode, {kind: 'cmp'}>;
			expect(node.value).toEqual({type: 'string', value: s});
		}), {numRuns: 500});
	});
});
