/**
 * What `open` does to be fast must not change what it shows (issue 10): the raw-bytes pre-filter of `--user` and the
 * other string clauses passes over only records that cannot match (a property over hostile records, against an oracle
 * that parses every line and compares as Graph does: lower case, whole value or prefix); a file warmed while the TUI
 * loads gives the same records; a user's first match comes before the file is indexed whole; a file's layout read from
 * its first lines is the one its whole head gives.
 */
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import fc from 'fast-check';
import {afterAll, describe, expect, it} from 'vitest';
import {emptyQuery, resolveQuery, type Query} from '../../source/query/query.js';
import {queryFromFlags} from '../../source/cli/args.js';
import {FileSource} from '../../source/sources/file-source.js';
import {rawPrefilter} from '../../source/sources/raw-prefilter.js';
import {layoutOf, shapeOf} from '../../source/sources/file-format.js';
import {indexRecords, rank, type PartialIndex} from '../../source/sources/record-index.js';

const dir = mkdtempSync(join(tmpdir(), 'entra-logs-open-speed-'));
afterAll(() => rmSync(dir, {recursive: true, force: true}));

const ALL_TYPES = ['interactive', 'non-interactive', 'service-principal', 'managed-identity'] as const;
const userQuery = (user: string): Query => ({...queryFromFlags('signins', {user}), eventTypes: [...ALL_TYPES]});

/** The oracle: Graph's meaning of --user, on the parsed record (a UPN with @ is a whole value, else a prefix). */
function oracle(line: string, user: string): boolean {
	let r: unknown;
	try {
		r = JSON.parse(line);
	} catch {
		return false;
	}
	if (!r || typeof r !== 'object' || Array.isArray(r)) return false;
	const upn = (r as Record<string, unknown>)['userPrincipalName'];
	if (upn === null || upn === undefined || typeof upn === 'object') return false;
	const value = String(upn).toLowerCase();
	const wanted = user.toLowerCase();
	return user.includes('@') ? value === wanted : typeof upn === 'string' && value.startsWith(wanted);
}

/** Values a UPN may hold in a hostile file: case variants, escapes, the two characters that lower to ASCII, numbers. */
const upnValue = fc.oneof(
	fc.constantFrom(
		'alice@contoso.com',
		'ALICE@Contoso.COM',
		'\u0130lice@contoso.com',
		'alice@\u212Aontoso.com',
		'alİce@contoso.com',
		'bob@contoso.com',
		'al"ice@contoso.com',
		'al\\ice@contoso.com',
		'alice@contoso.com\u0000',
		'100',
		'1e2',
	),
	fc.string({unit: fc.constantFrom('a', 'l', 'i', 'c', 'e', '@', 'A', 'C', '.', '\u0130', '\u212A', 'é', '\\', '"')}),
);

/** A record's line: plain JSON, \u-escaped JSON, a number or an object for the UPN, or a line that is not JSON. */
const recordLine = fc
	.record({
		upn: fc.oneof(upnValue, fc.constant(null), fc.integer(), fc.constant({nested: 'alice@contoso.com'})),
		escape: fc.nat(3),
		i: fc.nat(1_000_000),
	})
	.map(({upn, escape, i}) => {
		const time = new Date(Date.parse('2026-11-19T12:00:00Z') - i * 1000).toISOString();
		let value = JSON.stringify(upn);
		// The same string written another way JSON allows: each character \u-escaped, or '@' and '/' escaped.
		if (typeof upn === 'string' && escape === 1)
			value = `"${Array.from(upn, c => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).join('')}"`;
		if (typeof upn === 'string' && escape === 2) value = value.replace(/\//g, '\\/').replace(/@/g, '\\u0040');
		return `{"id":"r${i}","createdDateTime":"${time}","userPrincipalName":${value},"appDisplayName":"Teams"}`;
	});

describe('the raw pre-filter passes over only records that cannot match', () => {
	it('whatever a record holds, a record the oracle matches is never passed over (fast-check)', () => {
		fc.assert(
			fc.property(
				fc.array(recordLine, {minLength: 1, maxLength: 20}),
				fc.constantFrom('alice@contoso.com', 'ALICE@contoso.com', 'al', 'Alİ'),
				(lines, user) => {
					const resolved = resolveQuery(userQuery(user));
					const check = rawPrefilter([resolved.server, resolved.local]);
					expect(check).toBeDefined();
					const buf = Buffer.from(lines.join('\n'));
					let at = 0;
					for (const line of lines) {
						const length = Buffer.byteLength(line);
						if (oracle(line, user)) expect(check!(buf, at, at + length)).toBe(true);
						at += length + 1;
					}
				},
			),
			{numRuns: 2000},
		);
	});

	it('passes over the records of other users without parsing them, and finds the user in any case', () => {
		const resolved = resolveQuery(userQuery('alice@contoso.com'));
		const check = rawPrefilter([resolved.server, resolved.local])!;
		const bytes = (s: string): [Buffer, number, number] => [Buffer.from(s), 0, Buffer.byteLength(s)];
		expect(check(...bytes('{"userPrincipalName":"bob@contoso.com","appDisplayName":"alice"}'))).toBe(false);
		expect(check(...bytes('{"userPrincipalName":"Alice@CONTOSO.com"}'))).toBe(true);
		// Escaped or with a character that lowers to ASCII: parsed (the pre-filter cannot tell).
		expect(check(...bytes('{"userPrincipalName":"bob\\u0040contoso.com"}'))).toBe(true);
		expect(check(...bytes('{"userPrincipalName":"bob@\u212Aontoso.com"}'))).toBe(true);
		// Nothing to look for in a query without strings: no pre-filter at all.
		const none = resolveQuery({...emptyQuery('signins'), eventTypes: [...ALL_TYPES]});
		expect(rawPrefilter([none.server, none.local])).toBeUndefined();
	});

	it('open FILE --user U gives what a full parse gives, for files of hostile records (fast-check)', async () => {
		let n = 0;
		await fc.assert(
			fc.asyncProperty(
				fc.array(recordLine, {minLength: 1, maxLength: 40}),
				fc.constantFrom('alice@contoso.com', 'al'),
				async (lines, user) => {
					// Newest first, as the lines' times say; ties keep the file's order.
					const path = join(dir, `hostile-${n++}.ndjson`);
					writeFileSync(path, `${lines.join('\n')}\n`);
					const expected = lines.filter(l => oracle(l, user)).map(l => (JSON.parse(l) as {id: string}).id);
					const got: string[] = [];
					const source = new FileSource(path, resolveQuery(userQuery(user)));
					for await (const page of source.pages()) got.push(...page.records.map(r => String(r['id'])));
					const order = (ids: string[]): string[] => [...ids].sort((a, b) => Number(a.slice(1)) - Number(b.slice(1)));
					expect(order(got)).toEqual(order(expected));
					rmSync(path);
				},
			),
			{numRuns: 150},
		);
	});
});

/** `count` short sign-ins, newest first, a second apart; `needleAt`: the one line of needle@contoso.com. */
function signIns(count: number, needleAt: number): string {
	const base = Date.parse('2026-11-19T12:00:00Z');
	const lines: string[] = [];
	for (let i = 0; i < count; i++) {
		const time = new Date(base - i * 1000).toISOString();
		const upn = i === needleAt ? 'Needle@Contoso.com' : `u${i % 97}@contoso.com`;
		lines.push(`{"id":"r${i}","createdDateTime":"${time}","userPrincipalName":"${upn}"}`);
	}
	return `${lines.join('\n')}\n`;
}

describe('open while the file is indexed', () => {
	it('--user U: the first match comes before the file is indexed whole ("indexing… N records so far"), and is the one a full read finds', async () => {
		const path = join(dir, 'deep-needle.ndjson');
		writeFileSync(path, signIns(400_000, 120_000));
		const notes: string[] = [];
		const source = new FileSource(path, resolveQuery(userQuery('needle@contoso.com')), n => notes.push(n), true);
		for await (const page of source.pages()) {
			expect(page.records.map(r => r['id'])).toEqual(['r120000']);
			// Still indexing when the match came: the count of the whole file is not said yet.
			expect(notes.some(n => /^indexing… [\d,]+ records so far$/.test(n))).toBe(true);
			expect(notes).not.toContain('400,000 records');
			break;
		}
	});

	it("holds at the record a reader's head ends on, inside a chunk, having told the records so far", async () => {
		// 500 records in one chunk of the file: the first screen needs the first 10 here, not the chunk's 500.
		const path = join(dir, 'head.ndjson');
		writeFileSync(path, signIns(500, -1));
		let told: PartialIndex | undefined;
		let open!: () => void;
		const gate = new Promise<void>(resolve => (open = resolve));
		let released = false;
		const indexed = indexRecords(
			path,
			'ndjson',
			'createdDateTime',
			() => 'no-time',
			partial => (told = partial),
			count => (count >= 10 && !released ? gate : undefined),
		);
		while (!told) await new Promise(resolve => setImmediate(resolve));
		// Held: what was told stays as it is until the reader lets it go on.
		for (let i = 0; i < 5; i++) await new Promise(resolve => setImmediate(resolve));
		expect(told.count).toBe(10);
		expect(told.sorted).toBe(true);
		released = true;
		open();
		const index = await indexed;
		expect(index.count).toBe(500);
		expect([0, 1, 2].map(k => rank(index, k))).toEqual([0, 1, 2]);
	});

	it('a file warmed while the TUI loads: its first page and all its records are those of a cold read', async () => {
		const path = join(dir, 'warmed.ndjson');
		writeFileSync(path, signIns(50_000, 10));
		const query = resolveQuery({...emptyQuery('signins'), eventTypes: [...ALL_TYPES]});
		new FileSource(path, query).warm();
		const warm: string[] = [];
		for await (const page of new FileSource(path, query, undefined, true).pages())
			warm.push(...page.records.map(r => String(r['id'])));
		expect(warm).toHaveLength(50_000);
		expect(warm.slice(0, 3)).toEqual(['r0', 'r1', 'r2']);
		expect(warm.at(-1)).toBe('r49999');
		// A bad file warmed: the reader that comes after gets the error, as a cold read does.
		const bad = join(dir, 'bad.ndjson');
		writeFileSync(bad, 'not json at all\n');
		new FileSource(bad, query).warm();
		await expect(new FileSource(bad, query).ready()).rejects.toThrow();
	});
});

describe("a file's layout, read only as far as it is decided", () => {
	it('is what its whole head of `limit` bytes gives, for files of long, blank, broken and array lines (fast-check)', async () => {
		const line = fc.oneof(
			fc.constant(''),
			fc.constant('  '),
			fc.constant(']'),
			fc.constant('{broken'),
			fc.constant('{"value":[1]}'),
			fc.constant('a,"b\nc",d'),
			fc
				.tuple(fc.nat({max: 120_000}), fc.boolean(), fc.boolean())
				.map(
					([n, wide, comma]) =>
						`${JSON.stringify({createdDateTime: '2026-01-01T00:00:00Z', pad: `${wide ? 'é€' : ''}${'x'.repeat(n)}`})}${comma ? ',' : ''}`,
				),
		);
		const file = fc
			.tuple(
				fc.constantFrom('', '[', 'a,b', '\uFEFF'),
				fc.array(line, {maxLength: 45}),
				fc.constantFrom('\n', '\r\n'),
				fc.boolean(),
			)
			.map(([first, lines, eol, end]) => `${[first, ...lines].join(eol)}${end ? eol : ''}`);
		let n = 0;
		await fc.assert(
			fc.asyncProperty(file, fc.constantFrom(100_000, 1 << 20, 2_000_000), async (text, limit) => {
				const path = join(dir, `layout-${n++}`);
				writeFileSync(path, text);
				// The oracle: the head as it was read whole, its bytes cut at `limit`.
				const head = Buffer.from(text).subarray(0, limit).toString('utf8');
				expect(await shapeOf(path, limit)).toEqual(layoutOf(head));
				rmSync(path);
			}),
			{numRuns: 150},
		);
	});
});
