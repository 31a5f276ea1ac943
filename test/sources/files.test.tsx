/**
 * Files a responder really has, opened through the built CLI from raw bytes in a real temp dir: the admin center's
 * sign-in CSV download (UTF-8 BOM, CRLF, every cell quoted, its real header) through detection; files that are not
 * records say why (JSON errors at a line and column, Graph error bodies); whatever is left out is counted and said
 * the same way in every format, on stderr and in the TUI's status bar.
 */
import {existsSync, mkdtempSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {render} from 'ink-testing-library';
import {describe, expect, it} from 'vitest';
import {runCli} from './run-cli.js';
import {App} from '../../source/ui/app.js';
import {wireTui} from '../../source/ui/run.js';
import {queryFromFlags} from '../../source/cli/args.js';
import {emptyQuery, resolveQuery} from '../../source/query/query.js';
import {FileSource} from '../../source/sources/file-source.js';
import {Terminal} from '../helpers/terminal.js';

const dir = mkdtempSync(join(tmpdir(), 'entra-logs-files-'));

const cli = (args: string[]): ReturnType<typeof runCli> => runCli(args, join(dir, 'config'));

function file(name: string, content: string | Buffer): string {
	const path = join(dir, name);
	writeFileSync(path, content);
	return path;
}

const ids = (ndjson: string): string[] =>
	ndjson
		.trim()
		.split('\n')
		.filter(Boolean)
		.map(l => (JSON.parse(l) as {id: string}).id);

// The header of the Entra admin center's sign-in CSV download, byte for byte as a responder's script checks it
// (shared/graph-api.md, "Portal CSV export of sign-ins"): note "Application ID " with its space, the double space in
// "Autonomous system  number" and "Incoming token type" twice.
const PORTAL_HEADER = [
	'Date (UTC)',
	'Request ID',
	'User agent',
	'Correlation ID',
	'User ID',
	'User',
	'Username',
	'User type',
	'Cross tenant access type',
	'Incoming token type',
	'Authentication Protocol',
	'Unique token identifier',
	'Original transfer method',
	'Client credential type',
	'Token Protection - Sign In Session',
	'Token Protection - Sign In Session StatusCode',
	'Application',
	'Application ID ',
	'Resource',
	'Resource ID ',
	'Resource tenant ID',
	'Home tenant ID',
	'Home tenant name',
	'IP address',
	'Location',
	'Status',
	'Sign-in error code',
	'Failure reason',
	'Client app',
	'Device ID',
	'Browser',
	'Operating System',
	'Compliant',
	'Managed',
	'Join Type',
	'Multifactor authentication result',
	'Multifactor authentication auth method',
	'Multifactor authentication auth detail',
	'Authentication requirement',
	'Sign-in identifier',
	'Session ID',
	'IP address (seen by resource)',
	'Through Global Secure Access',
	'Global Secure Access IP address',
	'Autonomous system  number',
	'Flagged for review',
	'Token issuer type',
	'Incoming token type',
	'Token issuer name',
	'Latency',
	'Conditional Access',
	'Managed Identity type',
	'Associated Resource Id',
	'Federated Token Id',
	'Federated Token Issuer',
];

function portalRow(values: Readonly<Record<string, string>>): string {
	return PORTAL_HEADER.map(h => `"${(values[h] ?? '').replace(/"/g, '""')}"`).join(',');
}

describe('an admin-center sign-in CSV download opens from its raw bytes', () => {
	it('BOM, CRLF, every cell quoted, the real header: detected as sign-ins, mapped, filtered, typed by column', async () => {
		const rows = [
			portalRow({
				'Date (UTC)': '2026-11-19T10:00:00Z',
				'Request ID': 'r-1',
				'User agent': 'Mozilla/5.0 (Windows NT 10.0)',
				'Correlation ID': 'c-1',
				'User ID': 'u-1',
				User: 'Alice',
				Username: 'alice@contoso.com',
				'User type': 'Member',
				Application: 'Microsoft Teams',
				'Application ID ': '1fec8e78-bce4-4aaf-ab1b-5451cc387264',
				'IP address': '81.2.1.1',
				Location: 'London, England, GB',
				Status: 'Failure',
				'Sign-in error code': '50126',
				'Failure reason': 'Error validating credentials',
				'Client app': 'Browser',
				Compliant: 'false',
				'Autonomous system  number': '2856',
				'Session ID': '00123',
			}),
			portalRow({
				'Date (UTC)': '2026-11-19T11:00:00.1234567Z',
				'Request ID': 'r-2',
				'User ID': 'u-2',
				User: 'Bob',
				Username: 'bob@contoso.com',
				Application: 'OfficeHome',
				'IP address': '74.125.1.1',
				Location: 'New York, New York, US',
				Status: 'Success',
				'Sign-in error code': '0',
				'Managed Identity type': 'userAssigned',
			}),
		];
		const bytes = Buffer.concat([
			Buffer.from([0xef, 0xbb, 0xbf]),
			Buffer.from(`${PORTAL_HEADER.map(h => `"${h}"`).join(',')}\r\n${rows.join('\r\n')}\r\n`),
		]);
		const path = file('InteractiveSignIns_2026-11-19.csv', bytes);
		const all = await cli(['open', path, '--output', 'ndjson']);
		// The columns Graph's shape has no place for are kept as written and named: nothing else is said.
		expect(all.stderr.split('\n').filter(l => l.startsWith('entra-logs:'))).toEqual([
			`entra-logs: note: ${path}: 9 columns have no place in Graph's shape and are kept as written under @adminCenter.columns: "Original transfer method", "Token Protection - Sign In Session", "Token Protection - Sign In Session StatusCode", "Multifactor authentication result", "Multifactor authentication auth method", "Multifactor authentication auth detail", "Through Global Secure Access", "Global Secure Access IP address", 1 more`,
		]);
		expect(all.code).toBe(0);
		expect(ids(all.stdout)).toEqual(['r-2', 'r-1']);
		const [bob, alice] = all.stdout
			.trim()
			.split('\n')
			.map(l => JSON.parse(l) as Record<string, unknown>);
		expect(alice).toMatchObject({
			createdDateTime: '2026-11-19T10:00:00Z',
			userPrincipalName: 'alice@contoso.com',
			userDisplayName: 'Alice',
			appId: '1fec8e78-bce4-4aaf-ab1b-5451cc387264',
			status: {errorCode: 50126, failureReason: 'Error validating credentials'},
			location: {city: 'London', state: 'England', countryOrRegion: 'GB'},
			deviceDetail: {isCompliant: false},
			autonomousSystemNumber: 2856,
			sessionId: '00123',
		});
		expect(bob).toMatchObject({
			createdDateTime: '2026-11-19T11:00:00.1234567Z',
			managedServiceIdentity: {msiType: 'userAssigned'},
		});
		const failures = await cli([
			'open',
			path,
			'--status',
			'failure',
			'--user',
			'alice@contoso.com',
			'--output',
			'ndjson',
		]);
		expect(ids(failures.stdout)).toEqual(['r-1']);
	});

	it('a row the portal says is a Success with its error code cell empty counts as a success (code 0)', async () => {
		const rows = [
			portalRow({
				'Date (UTC)': '2026-11-19T12:00:00Z',
				'Request ID': 'r-3',
				Username: 'carol@contoso.com',
				Status: 'Success',
			}),
			portalRow({
				'Date (UTC)': '2026-11-19T11:00:00Z',
				'Request ID': 'r-4',
				Username: 'dan@contoso.com',
				Status: 'Failure',
			}),
		];
		const path = file('NoCodes.csv', `${PORTAL_HEADER.map(h => `"${h}"`).join(',')}\r\n${rows.join('\r\n')}\r\n`);
		const success = await cli(['open', path, '--status', 'success', '--output', 'ndjson']);
		expect(ids(success.stdout)).toEqual(['r-3']);
		expect(JSON.parse(success.stdout.trim()) as Record<string, unknown>).toMatchObject({status: {errorCode: 0}});
		const summary = await cli(['open', path, '--summary', '--output', 'json']);
		// A failure without its code cannot be placed: it stays unknown rather than a guessed code.
		expect((JSON.parse(summary.stdout) as {outcomes: Record<string, number>}).outcomes).toMatchObject({
			success: 1,
			failure: 0,
		});
	});
});

describe('a file that holds no records says why, in one line, exit 2', () => {
	// Lines and columns as Python's json module reports them for the same bytes (an independent parser).
	it.each([
		[
			'a trailing comma in a pretty-printed array',
			'trailing-array.json',
			'[\n  {\n    "id": "a",\n    "createdDateTime": "2026-11-19T10:00:00Z"\n  },\n]\n',
			6,
			1,
			"a trailing comma before ']'",
		],
		[
			'a trailing comma inside a record',
			'trailing-record.json',
			'{"id": "a", "createdDateTime": "2026-11-19T10:00:00Z",}',
			1,
			55,
			"a trailing comma before '}'",
		],
		[
			'a trailing comma in our JSON export, a record a line',
			'trailing-lines.json',
			'[\n{"id":"a","createdDateTime":"2026-11-19T10:00:00Z"},\n{"id":"b","createdDateTime":"2026-11-19T11:00:00Z"},\n]\n',
			4,
			1,
			"a trailing comma before ']'",
		],
		[
			'a record with a comma too many, among good ones',
			'comma-record.json',
			'[\n{"id":"a","createdDateTime":"2026-11-19T10:00:00Z"},\n{"id":"b","createdDateTime":"2026-11-19T11:00:00Z",},\n{"id":"c","createdDateTime":"2026-11-19T12:00:00Z"}\n]\n',
			3,
			52,
			"a trailing comma before '}'",
		],
		[
			'a missing comma between records',
			'no-comma.json',
			'[\n  {"id": "a", "createdDateTime": "2026-11-19T10:00:00Z"}\n  {"id": "b", "createdDateTime": "2026-11-19T11:00:00Z"}\n]',
			3,
			3,
			"expected ',' or ']' between records",
		],
		[
			'a line break inside a string',
			'newline.json',
			'{"value": [\n  {"id": "a", "createdDateTime": "2026-11-19T10:00:00Z", "userAgent": "one\ntwo"}\n]}',
			2,
			75,
			'a control character (a line break?) inside a string',
		],
	])('%s: "not valid JSON at line L, column C"', async (_what, name, text, line, column, reason) => {
		const path = file(name, text);
		const r = await cli(['open', path, '--output', 'ndjson']);
		expect(r.stdout).toBe('');
		expect(r.stderr).toBe(`entra-logs: ${path} is not valid JSON at line ${line}, column ${column} (${reason})\n`);
		expect(r.code).toBe(2);
	});

	it('with --out: refused before the file is made', async () => {
		const path = file(
			'late-comma.json',
			`[\n${Array.from({length: 3}, (_, i) => `  {"id": "r${i}", "createdDateTime": "2026-11-19T1${i}:00:00Z"}`).join(',\n')},\n]\n`,
		);
		const out = join(dir, 'late-comma.ndjson');
		const r = await cli(['open', path, '--output', 'ndjson', '--out', out]);
		expect(r.stderr).toBe(`entra-logs: ${path} is not valid JSON at line 5, column 1 (a trailing comma before ']')\n`);
		expect(r.code).toBe(2);
		expect(existsSync(out)).toBe(false);
	});

	it('a Graph error body saved as a file: "this file holds a Graph error: CODE message", sanitized', async () => {
		// The body Graph sends for a tenant without P1/P2 (shared/graph-api.md §9), as `Invoke-MgGraphRequest -OutputFilePath` saves it.
		const unlicensed = file(
			'unlicensed.json',
			`${JSON.stringify({error: {code: 'Authentication_RequestFromNonPremiumTenantOrB2CTenant', message: "Neither tenant is B2C or tenant doesn't have premium license", innerError: {date: '2026-11-19T10:00:00', 'request-id': 'f1e2', 'client-request-id': 'f1e2'}}}, null, 2)}\n`,
		);
		const r = await cli(['open', unlicensed]);
		expect(r.stderr).toBe(
			`entra-logs: ${unlicensed}: this file holds a Graph error: Authentication_RequestFromNonPremiumTenantOrB2CTenant Neither tenant is B2C or tenant doesn't have premium license\n`,
		);
		expect(r.code).toBe(2);
		// Its words are the file's: no escape sequence reaches the terminal.
		const hostile = file(
			'hostile-error.json',
			JSON.stringify({error: {code: 'Bad\u001b]52;c;aGk=\u0007Request', message: 'x\u001b[2J'}}),
		);
		const h = await cli(['open', hostile]);
		expect(h.code).toBe(2);
		expect(h.stderr).toContain('this file holds a Graph error: Bad');
		expect(h.stderr).not.toContain('\u001b');
	});

	it('an empty file, and text that is neither JSON nor CSV', async () => {
		const empty = file('empty.ndjson', '');
		expect(await cli(['open', empty])).toMatchObject({code: 2, stderr: `entra-logs: ${empty} is empty\n`});
		const text = file('notes.txt', 'some notes\nabout the incident\n');
		expect(await cli(['open', text])).toMatchObject({
			code: 2,
			stderr: `entra-logs: ${text} is neither JSON, NDJSON nor CSV\n`,
		});
	});
});

describe('nothing is dropped silently', () => {
	const good = (id: string, hour: number): Record<string, unknown> => ({
		id,
		createdDateTime: `2026-11-19T${String(hour).padStart(2, '0')}:00:00Z`,
		userPrincipalName: `${id}@contoso.com`,
	});
	const ndjson = [
		good('a', 10),
		'[1,2]',
		good('b', 11),
		'"just text"',
		{id: 'numeric-time', createdDateTime: 1763546400000},
		good('c', 12),
	]
		.map(x => (typeof x === 'string' ? x : JSON.stringify(x)))
		.join('\n');

	it.each(['ndjson', 'json', 'csv'] as const)(
		'NDJSON with non-object lines and a time that is not a string, --output %s: the same note',
		async format => {
			const path = file(`skips-${format}.ndjson`, `${ndjson}\n`);
			const r = await cli(['open', path, '--output', format]);
			expect(r.code).toBe(0);
			expect(r.stderr).toContain(
				`entra-logs: note: ${path}: 3 lines skipped: 2 not JSON objects, 1 without a time (lines 2, 4, 5)\n`,
			);
			expect(r.stdout).toContain('c@contoso.com');
		},
	);

	it('the same in a JSON array (a download) and a CSV: counted and said alike', async () => {
		const array = file(
			'skips.json',
			JSON.stringify(
				[good('a', 10), 1, good('b', 11), 'text', {id: 'null-time', createdDateTime: null}, good('c', 12)],
				null,
				2,
			),
		);
		const fromArray = await cli(['open', array, '--output', 'ndjson']);
		expect(ids(fromArray.stdout)).toEqual(['c', 'b', 'a']);
		expect(fromArray.stderr).toMatch(
			new RegExp(
				`note: ${array.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}: 3 records skipped: 2 not JSON objects, 1 without a time \\(lines \\d+, \\d+, \\d+\\)\n`,
			),
		);
		const csv = file(
			'skips.csv',
			'id,createdDateTime,userPrincipalName\r\na,2026-11-19T10:00:00Z,a@contoso.com\r\nb,,b@contoso.com\r\nc,yesterday,c@contoso.com\r\n',
		);
		const fromCsv = await cli(['open', csv, '--output', 'ndjson']);
		expect(ids(fromCsv.stdout)).toEqual(['a']);
		expect(fromCsv.stderr).toContain(`note: ${csv}: 2 lines skipped: 2 without a time (lines 3, 4)\n`);
	});

	it('a CSV quote never closed: its row is counted, the rows after it are read, not swallowed', async () => {
		const rows = [
			'id,createdDateTime,userPrincipalName,userAgent',
			'r1,2026-11-19T10:00:00Z,a@contoso.com,ok',
			'r2,2026-11-19T11:00:00Z,b@contoso.com,"broken',
			'r3,2026-11-19T12:00:00Z,c@contoso.com,fine',
			'r4,2026-11-19T13:00:00Z,d@contoso.com,"two\r\nlines"',
			'r5,2026-11-19T14:00:00Z,e@contoso.com,"never closed either',
		];
		const path = file('unclosed.csv', `${rows.join('\r\n')}\r\nr6,2026-11-19T15:00:00Z,f@contoso.com,last\r\n`);
		const r = await cli(['open', path, '--output', 'ndjson']);
		expect(r.code).toBe(0);
		expect(ids(r.stdout)).toEqual(['r6', 'r4', 'r3', 'r1']);
		expect(JSON.parse(r.stdout.split('\n')[1]!)).toMatchObject({id: 'r4', userAgent: 'two\r\nlines'});
		expect(r.stderr).toContain(`note: ${path}: 2 lines skipped: 2 with a quote never closed (lines 3, 7)\n`);
	});

	it('the TUI says it in the status bar of `open`', async () => {
		const path = file('tui.ndjson', `${ndjson}\n`);
		const {store, props} = wireTui(
			{offline: {file: path}, query: queryFromFlags('signins', {}), configDir: dir, emptyQuery},
			{write: () => undefined, env: {}, cwd: dir},
		);
		const app = render(<App {...props} width={220} height={20} />);
		try {
			const started = Date.now();
			let frame = '';
			while (!(frame.includes('3 lines skipped') && frame.includes('1/3 loaded')) && Date.now() - started < 20_000) {
				await new Promise(r => setTimeout(r, 20));
				frame = app.lastFrame() ?? '';
			}
			expect(frame).toContain('1/3 loaded · 1 page · all loaded');
			expect(frame).toContain('note: ');
			expect(frame).toContain('3 lines skipped: 2 not JSON objects, 1 without a time');
		} finally {
			app.unmount();
			store.close();
		}
	});
});

/**
 * `count` short sign-ins, a line each, newest first (a second apart); with `newerLast`, the last `newerLast` are
 * newer than all the others, as when two exports are concatenated: a file that is not newest first.
 */
function signInLines(count: number, newerLast = 0): string {
	const base = Date.parse('2026-11-19T12:00:00Z');
	const lines: string[] = [];
	for (let i = 0; i < count; i++) {
		const at = i >= count - newerLast ? base + (count - i) * 1000 : base - i * 1000;
		const time = new Date(at).toISOString().replace('.000Z', '.1234567Z');
		lines.push(`{"id":"r${i}","createdDateTime":"${time}","userPrincipalName":"u${i % 97}@contoso.com"}`);
	}
	return `${lines.join('\n')}\n`;
}

const ALL_TYPES = ['interactive', 'non-interactive', 'service-principal', 'managed-identity'] as const;

/** Every record id a FileSource gives, page by page; the notes it said, and when its first page came. */
async function readAll(
	path: string,
	streaming = false,
): Promise<{ids: string[]; notes: string[]; notesAtFirstPage: string[]}> {
	const notes: string[] = [];
	let notesAtFirstPage: string[] | undefined;
	const source = new FileSource(
		path,
		resolveQuery({...emptyQuery('signins'), eventTypes: [...ALL_TYPES]}),
		n => notes.push(n),
		streaming,
	);
	const ids: string[] = [];
	for await (const page of source.pages()) {
		notesAtFirstPage ??= [...notes];
		ids.push(...page.records.map(r => String(r['id'])));
	}
	return {ids, notes, notesAtFirstPage: notesAtFirstPage ?? []};
}

describe('open shows a file while it is indexed', () => {
	it('newest first: the first page comes while indexing goes on ("indexing… N records so far"), then the count; the same records in the same order as a full read', async () => {
		const path = file('streamed.ndjson', signInLines(300_000));
		const streamed = await readAll(path, true);
		// The first page was there before the index was whole: indexing was still being said, the count not yet.
		expect(streamed.notesAtFirstPage.some(n => /^indexing… [\d,]+ records so far$/.test(n))).toBe(true);
		expect(streamed.notesAtFirstPage).not.toContain('300,000 records');
		expect(streamed.notes.at(-1)).toBe('300,000 records');
		// The full read (the CLI's way: index first, then pages) gives the same ids in the same order: the file's.
		const full = await readAll(path);
		expect(full.notes).toEqual([]);
		expect(streamed.ids).toEqual(full.ids);
		expect(full.ids.slice(0, 3)).toEqual(['r0', 'r1', 'r2']);
		expect(full.ids).toHaveLength(300_000);
	});

	it('a user whose first sign-in is deep in the file: the first page holds it, whatever was read before it', async () => {
		const lines = signInLines(200_000).split('\n');
		lines[150_000] = lines[150_000]!.replace(/"userPrincipalName":"[^"]+"/, '"userPrincipalName":"needle@contoso.com"');
		const path = file('needle.ndjson', lines.join('\n'));
		const query = {...queryFromFlags('signins', {user: 'needle@contoso.com'}), eventTypes: [...ALL_TYPES]};
		for (const streaming of [false, true]) {
			const source = new FileSource(path, resolveQuery(query), undefined, streaming);
			for await (const page of source.pages()) {
				expect(page.records.map(r => r['id'])).toEqual(['r150000']);
				expect(page.fetched).toBeGreaterThan(150_000);
				break;
			}
		}
	});

	it('not newest first: the reading that gave pages early goes on in the file order (no row moves), says so, and the next reading is sorted as a full read', async () => {
		// The newer records come last, after more than a page: pages were given in the file's order by then.
		const path = file('concatenated.ndjson', signInLines(300_000, 1000));
		const streamed = await readAll(path, true);
		expect(streamed.ids).toHaveLength(300_000);
		expect(streamed.ids.slice(0, 2)).toEqual(['r0', 'r1']);
		expect(streamed.ids.at(-1)).toBe('r299999');
		expect(streamed.notes.at(-1)).toContain('not newest first: shown in file order (r sorts it)');
		// Read again (`r` in the list): the index is whole, so the pages come sorted, newest first.
		const again = await readAll(path, true);
		const full = await readAll(path);
		expect(again.ids).toEqual(full.ids);
		expect(full.ids.slice(0, 2)).toEqual(['r299000', 'r299001']);
		expect(full.ids.at(-1)).toBe('r298999');
	});

	it('in a pty: the first frame of open is the list with its rows (no sign-in spinner before them)', async () => {
		const path = file('first-frame.ndjson', signInLines(5000));
		const t = new Terminal(['open', path], {ENTRA_LOGS_CONFIG_DIR: join(dir, 'config')});
		try {
			await t.waitFor(/1\/50 loaded/, 60_000);
			// Everything drawn up to the rows: no sign-in screen (an offline file signs in to nothing). The first frame
			// waits up to 300 ms for the first page, so it is the rows' one unless the machine is very slow (not checked).
			const drawn = t.all.slice(0, t.all.indexOf('1/50 loaded'));
			expect(drawn).not.toContain('Signing in');
			expect(t.screen).toContain('u0@contoso.com');
			expect(t.screen).toMatch(/offline · Sign-ins/);
		} finally {
			t.kill();
		}
	}, 90_000);
});
