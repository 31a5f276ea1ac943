/**
 * `open FILE`'s first frame, written before Ink loads (source/ui/first-frame.ts), against the App's own first frame
 * for the same store, drawn by Ink (ink-testing-library): the same lines, at any size, with a filter whose header
 * takes two lines, with hidden columns, and with records of any text. The takeover in a real terminal (styles, no
 * stale lines, keys typed during start) is in test/e2e/first-frame.test.ts.
 */
import {render} from 'ink-testing-library';
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import fc from 'fast-check';
import {App} from '../../source/ui/app.js';
import {emptyQuery, type Query} from '../../source/query/query.js';
import {queryFromFlags} from '../../source/cli/args.js';
import {wireTui} from '../../source/ui/run.js';
import {offlineListStore} from '../../source/ui/list-store.js';
import {firstPage, listFrame} from '../../source/ui/first-frame.js';
import {generateTenant} from '../../source/emulator/tenant/tenant.js';

const dir = mkdtempSync(join(tmpdir(), 'entra-logs-first-frame-'));
afterAll(() => rmSync(dir, {recursive: true, force: true}));

const signIns = generateTenant({seed: 'first-frame', signIns: 400, hostileRecords: 20}).signIns;

function fileOf(name: string, records: readonly unknown[]): string {
	const path = join(dir, name);
	writeFileSync(path, `${records.map(r => JSON.stringify(r)).join('\n')}\n`);
	return path;
}

/** The first frame written before Ink, and the App's first frame with the rows, for the same file and query. */
async function both(
	path: string,
	query: Query,
	width: number,
	height: number,
): Promise<{early: string[] | undefined; ink: string}> {
	const list = offlineListStore(path, query);
	await firstPage(list.store, 10_000);
	const early = listFrame(list.store.getSnapshot(), path, width, height);
	const {props} = wireTui(
		{query, offline: {file: path}, configDir: join(dir, 'config'), emptyQuery, early: list},
		{write: () => undefined, env: {}, cwd: dir},
	);
	const app = render(<App {...props} width={width} height={height} />);
	try {
		// Its first frame: the state the early frame was drawn from (effects after it may ask for the next page).
		return {early, ink: app.frames[0] ?? ''};
	} finally {
		app.unmount();
		list.store.close();
	}
}

/** Ink leaves no spaces at a line's end; the lines as they read. */
const lines = (text: string): string[] => text.split('\n').map(l => l.trimEnd());

describe("open's first frame, written before Ink", () => {
	const path = fileOf('signins.ndjson', signIns);

	it("is the App's first frame, line for line, at 120x35, 80x24, 60x15 and 200x60", async () => {
		for (const [width, height] of [
			[120, 35],
			[80, 24],
			[60, 15],
			[200, 60],
		] as const) {
			const {early, ink} = await both(path, emptyQuery('signins'), width, height);
			expect(early, `${width}x${height}`).toBeDefined();
			expect(lines(early!.join('\n')), `${width}x${height}`).toEqual(lines(ink));
			expect(early).toHaveLength(height - 1);
		}
	});

	it('with filters whose header takes two lines, and hidden columns', async () => {
		const upn = signIns.find(r => typeof r['userPrincipalName'] === 'string')!['userPrincipalName'] as string;
		const query = queryFromFlags('signins', {user: upn, app: 'Microsoft Teams', status: 'success', since: '3650d'});
		const {early, ink} = await both(path, query, 70, 20);
		if (early) expect(lines(early.join('\n'))).toEqual(lines(ink));
		const wide = await both(path, {...emptyQuery('signins'), filters: {user: upn}}, 52, 18);
		expect(wide.early).toBeDefined();
		expect(lines(wide.early!.join('\n'))).toEqual(lines(wide.ink));
	});

	it('for records of any text (wide, marks, controls, emoji): the same lines, or none written', async () => {
		await fc.assert(
			fc.asyncProperty(
				fc.array(fc.string({unit: 'grapheme', maxLength: 30}), {minLength: 1, maxLength: 5}),
				fc.integer({min: 40, max: 160}),
				async (texts, width) => {
					const records = signIns.slice(0, 30).map((r, i) => ({
						...r,
						userPrincipalName: texts[i % texts.length],
						appDisplayName: texts[(i + 1) % texts.length],
					}));
					const {early, ink} = await both(fileOf('any.ndjson', records), emptyQuery('signins'), width, 20);
					if (early) expect(lines(early.join('\n'))).toEqual(lines(ink));
				},
			),
			{numRuns: 25},
		);
	});

	it('is not written when the App would show something else: no rows, or an error', async () => {
		const empty = fileOf('none.ndjson', []);
		expect((await both(empty, emptyQuery('signins'), 120, 35)).early).toBeUndefined();
		const list = offlineListStore(path, {...emptyQuery('signins'), filters: {user: 'nobody@nowhere.example'}});
		await firstPage(list.store, 10_000);
		const snap = list.store.getSnapshot();
		if (snap.rows.length === 0) expect(listFrame(snap, path, 120, 35)).toBeUndefined();
		list.store.close();
	});
});
