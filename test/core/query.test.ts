/** Query, time parsing, filter printing and escaping; the emulator's own parser is the judge of what was printed. */
import {describe, expect, it} from 'vitest';
import fc from 'fast-check';
import {parseTime, formatODataTime, QueryError} from '../../source/query/time.js';
import {describeQuery, mapLegacyFilter, resolveQuery, toGraphUrl, type Query} from '../../source/query/query.js';
import {evaluate} from '../../source/query/filter.js';
import {printFilter, quote} from '../../source/query/odata.js';
import type {FilterNode} from '../../source/emulator/graph/filter.js';
import {parseFilter} from '../../source/emulator/graph/filter-parser.js';
import {validateFilter} from '../../source/emulator/graph/filter-check.js';
import {REPORTS as EMULATOR_REPORTS} from '../../source/emulator/graph/reports.js';
import {REPORTS} from '../../source/reports/index.js';
import {queryFromFlags, parseCli} from '../../source/cli/args.js';
import {UsageError} from '../../source/cli/checks.js';
import {rawFilterProblem} from '../../source/query/raw-filter.js';
import {COUNTRIES, countryCode} from '../../source/reports/countries.js';
import {AUDIT_CATEGORIES} from '../../source/reports/directory-audits.js';

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
		const url = toGraphUrl(q({report: 'signins', filters: {user: 'Alice@Contoso.com'}, since: '24h'}), {
			graphBase: 'https://graph.microsoft.com',
			now: NOW,
		});
		expect(decodeURIComponent(url)).toBe(
			"https://graph.microsoft.com/v1.0/auditLogs/signIns?$top=1000&$filter=createdDateTime ge 2026-11-19T12:00:00Z and userPrincipalName eq 'alice@contoso.com'",
		);
	});

	it('other event types go to beta with an explicit signInEventTypes clause', () => {
		const r = resolveQuery(q({report: 'signins', eventTypes: ['non-interactive', 'service-principal']}), NOW);
		expect(r.version).toBe('beta');
		expect(printFilter(r.server!)).toBe(
			"signInEventTypes/any(t: t eq 'nonInteractiveUser' or t eq 'servicePrincipal')",
		);
	});

	it('--beta alone still names interactive sign-ins, as beta needs', () => {
		expect(printFilter(resolveQuery(q({report: 'signins', beta: true}), NOW).server!)).toBe(
			"signInEventTypes/any(t: t eq 'interactiveUser')",
		);
	});

	it('failures are filtered locally (Graph documents only eq on status/errorCode)', () => {
		const r = resolveQuery(q({report: 'signins', filters: {status: 'failure'}}), NOW);
		expect(r.server).toBeUndefined();
		expect(evaluate(r.local!, {status: {errorCode: 50126}})).toBe(true);
		expect(evaluate(r.local!, {status: {errorCode: 0}})).toBe(false);
	});

	it('provisioning uses gt/lt and trims locally to the exact bound', () => {
		const r = resolveQuery(
			q({report: 'provisioning', since: '2026-11-19T00:00:00Z', filters: {status: 'failure'}}),
			NOW,
		);
		expect(printFilter(r.server!)).toBe(
			"activityDateTime gt 2026-11-18T23:59:59Z and provisioningStatusInfo/status eq 'failure'",
		);
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

	it("legacy fields map to Graph's", () => {
		expect(mapLegacyFilter('signinDateTime ge 2026-11-01T00:00:00Z and loginStatus eq 1')).toEqual({
			raw: 'createdDateTime ge 2026-11-01T00:00:00Z',
			status: 'failure',
		});
		expect(mapLegacyFilter("loginStatus eq 0 and appDisplayName eq 'x'")).toEqual({
			raw: "appDisplayName eq 'x'",
			status: 'success',
		});
		expect(mapLegacyFilter('activityDate le 2026-11-01').raw).toBe('activityDateTime le 2026-11-01');
		const query = queryFromFlags('signins', {filter: 'loginStatus eq 1'});
		expect(query.filters['status']).toBe('failure');
		expect(query.rawFilter).toBeUndefined();
	});

	it('describes a query in one line', () => {
		expect(describeQuery(q({report: 'signins', filters: {user: 'alice@contoso.com'}, since: '24h'}))).toBe(
			'Sign-ins · user=alice@contoso.com · since 24h',
		);
	});

	it('CLI flags: bad ones fail as usage errors', () => {
		expect(() => parseCli(['signins', '--type', 'robots'], {})).toThrow(UsageError);
		expect(() => parseCli(['signins', '--output', 'xml'], {})).toThrow('--output must be');
		expect(() => parseCli(['signins', '--resume'], {})).toThrow('--resume needs --out');
		expect(() => parseCli(['nonsense'], {})).toThrow('unknown command or report');
		expect(
			parseCli(['signins', '--user', 'bob@contoso.com', '--since', '7d'], {AZURE_TENANT_ID: 'contoso.com'}).tenant,
		).toBe('contoso.com');
	});
});

/** The literal values a parsed filter holds, in order. */
function literals(node: FilterNode): string[] {
	switch (node.kind) {
		case 'and':
		case 'or':
			return [...literals(node.left), ...literals(node.right)];
		case 'not':
			return literals(node.operand);
		case 'any':
			return literals(node.body);
		case 'fn':
			return [node.value];
		case 'cmp':
			return node.value.type === 'string'
				? [node.value.value]
				: [String(node.value.type === 'null' ? null : node.value.value)];
	}
}

describe('escaping: any user value round-trips as one literal', () => {
	const stringFields = REPORTS.flatMap(r =>
		r.fields
			// Fields that check their value (a country is a code or a name; a category is checked here, never sent).
			.filter(
				f =>
					![
						'error',
						'status',
						'ca',
						'risk',
						'result',
						'action',
						'correlation',
						'request',
						'ip',
						'country',
						'category',
					].includes(f.key),
			)
			.map(f => [r, f] as const),
	);

	it('for every free-text field of every report', () => {
		fc.assert(
			fc.property(
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
					const seen = literals(node).filter(
						v => !['interactiveUser', 'nonInteractiveUser', 'servicePrincipal', 'managedIdentity'].includes(v),
					);
					expect(seen.length).toBeGreaterThan(0);
					for (const v of seen) expect([value, value.toLowerCase(), value.toUpperCase()]).toContain(v);
				},
			),
			{numRuns: 400},
		);
	});

	it('quote doubles single quotes and nothing else', () => {
		fc.assert(
			fc.property(fc.string(), s => {
				const printed = `x eq ${quote(s)}`;
				const node = parseFilter(printed) as Extract<FilterNode, {kind: 'cmp'}>;
				expect(node.value).toEqual({type: 'string', value: s});
			}),
			{numRuns: 500},
		);
	});
});

/** The filter as the emulator (an independent parser) reads it, checked against the documented table of its version. */
function served(query: Query): {readonly node: FilterNode; readonly version: 'v1.0' | 'beta'} {
	const resolved = resolveQuery(query, NOW);
	const node = parseFilter(printFilter(resolved.server!));
	validateFilter(node, EMULATOR_REPORTS[resolved.report.collection].tables[resolved.version]);
	return {node, version: resolved.version};
}

describe('filters that only some sign-in types carry', () => {
	it('--service-principal without --type asks for service principal and managed identity sign-ins (not the interactive default)', () => {
		const {node, version} = served(q({report: 'signins', filters: {'service-principal': 'Contoso'}}));
		expect(version).toBe('beta');
		// Said to other back ends too (KQL picks its tables from them).
		expect(resolveQuery(q({report: 'signins', filters: {'service-principal': 'Contoso'}}), NOW).eventTypes).toEqual([
			'service-principal',
			'managed-identity',
		]);
		expect(literals(node)).toEqual(['Contoso', 'servicePrincipal', 'managedIdentity']);
		// An id is the service principal's id.
		expect(
			literals(
				served(q({report: 'signins', filters: {'service-principal': '0B4D1F2E-7A3C-4E59-9C61-3F2A8B7D5E10'}})).node,
			),
		).toEqual(['0b4d1f2e-7a3c-4e59-9c61-3f2a8b7d5e10', 'servicePrincipal', 'managedIdentity']);
	});

	it('an explicit --type is kept when it has the field; refused in one line naming --type when it has not', () => {
		expect(
			literals(
				served(q({report: 'signins', eventTypes: ['managed-identity'], filters: {'service-principal': 'x'}})).node,
			),
		).toEqual(['x', 'managedIdentity']);
		expect(() =>
			resolveQuery(q({report: 'signins', eventTypes: ['interactive'], filters: {'service-principal': 'x'}}), NOW),
		).toThrow(
			'--service-principal is only on service-principal and managed-identity sign-ins, not on --type interactive: leave --type out, or use --type service-principal,managed-identity',
		);
		expect(() =>
			resolveQuery(
				q({report: 'signins', eventTypes: ['service-principal'], filters: {user: 'alice@contoso.com'}}),
				NOW,
			),
		).toThrow('--type');
		expect(() =>
			resolveQuery(q({report: 'signins', filters: {user: 'alice@contoso.com', 'service-principal': 'x'}}), NOW),
		).toThrow('never on the same sign-in');
		// A user's filter keeps the interactive default (v1.0).
		expect(resolveQuery(q({report: 'signins', filters: {user: 'alice@contoso.com'}}), NOW).version).toBe('v1.0');
	});
});

describe('--filter stays inside its parentheses', () => {
	const TIME = {report: 'signins' as const, since: '2026-11-19T00:00:00Z'};
	/** Well-formed OData whose literals hold parentheses and doubled quotes. */
	const {expr} = fc.letrec<{expr: string; clause: string}>(tie => ({
		clause: fc.oneof(
			{depthSize: 'small', withCrossShrink: true},
			fc.constantFrom(
				"appId eq 'x'",
				"appDisplayName eq 'a) or (b'",
				"userDisplayName eq 'O''Brien ('",
				"startswith(ipAddress,'1)')",
			),
			tie('expr').map(e => `(${e})`),
		),
		expr: fc
			.array(tie('clause'), {minLength: 1, maxLength: 3})
			.chain(cs => fc.constantFrom(' and ', ' or ').map(op => cs.join(op))),
	}));
	/** Pieces of it with stray parentheses and quotes. */
	const piece = fc.constantFrom(
		"appId eq 'x'",
		"appDisplayName eq 'a) or (b'",
		' and ',
		' or ',
		'(',
		')',
		"'",
		"''",
		' ',
	);
	const raw = fc.oneof(
		expr,
		// The attack: close the wrapping parenthesis, and open one for the wrapper's own closing one.
		fc.tuple(expr, expr, fc.constantFrom(') or (', ') and (', ')or(')).map(([a, b, op]) => `${a}${op}${b}`),
		fc.array(piece, {minLength: 1, maxLength: 12}).map(p => p.join('')),
	);

	it("the issue's example is refused; quotes and parentheses inside literals are not", () => {
		expect(rawFilterProblem("appId eq 'x') or (appId ne 'y'")).toBe(
			'its ")" at column 13 closes a parenthesis it did not open',
		);
		expect(rawFilterProblem("(appId eq 'x'")).toBe('its "(" at column 1 is not closed');
		expect(rawFilterProblem("appId eq 'x")).toContain('is not closed');
		expect(rawFilterProblem("appDisplayName eq 'a) or (b' and (userDisplayName eq 'O''Brien')")).toBeUndefined();
		expect(() => resolveQuery(q({...TIME, rawFilter: "appId eq 'x') or (appId ne 'y'"}), NOW)).toThrow(QueryError);
	});

	it("whatever is accepted stays one clause and-ed to the rest, as the emulator's own parser reads it", () => {
		fc.assert(
			fc.property(raw, text => {
				if (rawFilterProblem(text) !== undefined || text.trim() === '') return;
				let node: FilterNode;
				try {
					node = parseFilter(printFilter(resolveQuery(q({...TIME, rawFilter: text}), NOW).server!));
				} catch {
					return; // not OData at all: Graph answers 400, nothing escapes
				}
				// `createdDateTime ge … and (RAW)`: the time clause is the left side of the top-level `and`, whatever RAW is.
				expect(node.kind).toBe('and');
				const left = (node as Extract<FilterNode, {left: FilterNode}>).left;
				expect(left).toMatchObject({kind: 'cmp', path: ['createdDateTime'], op: 'ge'});
			}),
			{numRuns: 2000},
		);
	});

	it('a raw filter that closes its wrapping parenthesis and opens another is always refused', () => {
		const balanced = raw.filter(t => rawFilterProblem(t) === undefined);
		fc.assert(
			fc.property(balanced, balanced, fc.constantFrom(' or ', ' and ', ''), (a, b, op) => {
				expect(rawFilterProblem(`${a})${op}(${b}`)).toBeDefined();
			}),
			{numRuns: 500},
		);
	});
});

describe('--initiated-by', () => {
	it.each([
		[
			'Audry Oliver',
			['Audry Oliver', 'Audry Oliver'],
			"initiatedBy/user/displayName eq 'Audry Oliver' or initiatedBy/app/displayName eq 'Audry Oliver'",
		],
		['Bob@Contoso.com', ['bob@contoso.com'], "initiatedBy/user/userPrincipalName eq 'bob@contoso.com'"],
		[
			'0B4D1F2E-7A3C-4E59-9C61-3F2A8B7D5E10',
			['0b4d1f2e-7a3c-4e59-9c61-3f2a8b7d5e10', '0b4d1f2e-7a3c-4e59-9c61-3f2a8b7d5e10'],
			"initiatedBy/user/id eq '0b4d1f2e-7a3c-4e59-9c61-3f2a8b7d5e10' or initiatedBy/app/appId eq '0b4d1f2e-7a3c-4e59-9c61-3f2a8b7d5e10'",
		],
	])('%s: documented initiatedBy properties only', (value, seen, printed) => {
		const query = q({report: 'audits', filters: {'initiated-by': value}});
		expect(literals(served(query).node)).toEqual(seen);
		expect(printFilter(resolveQuery(query, NOW).server!)).toBe(printed);
	});
});

describe('--country', () => {
	it('a code or an English name, in any case and accents, becomes the ISO code Graph stores', () => {
		for (const [typed, code] of [
			['Australia', 'AU'],
			['australia', 'AU'],
			['au', 'AU'],
			['UK', 'GB'],
			['united states', 'US'],
			["Côte d'Ivoire", 'CI'],
			['cote divoire', 'CI'],
			['St Lucia', 'LC'],
			['Türkiye', 'TR'],
			['Turkey', 'TR'],
		]) {
			expect(literals(served(q({report: 'signins', filters: {country: typed!}})).node), typed).toEqual([code]);
		}
	});

	it("every ISO 3166-1 alpha-2 code, and the English name the platform's ICU gives it, find that code", () => {
		// An independent oracle for the table: Intl.DisplayNames' English region names.
		const names = new Intl.DisplayNames(['en'], {type: 'region', fallback: 'none'});
		expect(COUNTRIES).toHaveLength(249);
		for (const {code, name} of COUNTRIES) {
			expect(countryCode(code), code).toBe(code);
			expect(countryCode(name), name).toBe(code);
			const icu = names.of(code);
			expect(icu, code).toBeDefined();
			expect(countryCode(icu!), `${code} ${icu}`).toBe(code);
		}
	});

	it('anything else is refused in one line, never sent as typed', () => {
		expect(() => resolveQuery(q({report: 'signins', filters: {country: 'Atlantis'}}), NOW)).toThrow(
			'country "Atlantis" is neither a two-letter ISO code (AU, DE, US ...) nor a country\'s English name',
		);
		expect(() => resolveQuery(q({report: 'signins', filters: {country: 'ZZ'}}), NOW)).toThrow(QueryError);
	});
});

describe('audit --category', () => {
	const local = (category: string) => resolveQuery(q({report: 'audits', filters: {category}}), NOW).local!;

	it('matches whatever the case or spacing, as the logs write it', () => {
		for (const typed of ['groupmanagement', 'GROUPMANAGEMENT', 'Group Management', 'group_management']) {
			expect(local(typed)).toMatchObject({
				kind: 'cmp',
				path: 'category',
				op: 'eq',
				value: {type: 'string', value: 'GroupManagement'},
			});
			expect(evaluate(local(typed), {category: 'GroupManagement'})).toBe(true);
		}
	});

	it('a near miss is refused with the name it meant; an unknown name (Microsoft adds some) is kept', () => {
		expect(() => local('UserManagment')).toThrow(
			'category "UserManagment" is not one the logs use: did you mean UserManagement?',
		);
		expect(evaluate(local('QuantumManagement'), {category: 'quantummanagement'})).toBe(true);
	});

	it('the filter editor gets its choices, each a documented category', () => {
		const field = REPORTS.find(r => r.id === 'audits')!.fields.find(f => f.key === 'category')!;
		expect(field.choices).toContain('GroupManagement');
		for (const c of field.choices!) expect(AUDIT_CATEGORIES).toContain(c);
	});
});

describe('--since', () => {
	it.each([
		['0d', 'is now'],
		['0h', 'is now'],
		['2099-01-01', 'is in the future'],
		['2026-11-20T12:00:01Z', 'is in the future'],
	])('%s is refused: %s', (since, message) => {
		expect(() => resolveQuery(q({report: 'signins', since}), NOW)).toThrow(message);
	});

	it('a second ago is fine', () => {
		expect(resolveQuery(q({report: 'signins', since: '1s'}), NOW).since).toEqual(new Date(NOW.getTime() - 1000));
	});
});
