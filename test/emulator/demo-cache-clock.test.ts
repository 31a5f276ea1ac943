/**
 * The demo tenant's cache read later the same day: its records are served moved on to the run's clock (whole steps of
 * ten minutes), so that the newest stay near now and `--since 1h` late in the day is not empty. Over HTTPS, against
 * generateTenant at the first run's clock with every instant value moved on by a walk over the records (the oracle).
 */
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import fc from 'fast-check';
import {generateTenant, type GraphRecord} from '../../source/emulator/tenant/tenant.js';
import {shiftInstants} from '../../source/emulator/tenant/tenant-cache.js';
import {startTestEmulator} from '../helpers/emulator.js';

const root = mkdtempSync(join(tmpdir(), 'entra-logs-demo-clock-'));
afterAll(() => rmSync(root, {recursive: true, force: true}));

// A small tenant (3 days of 40 people): its runs make or read it whole.
const small = {seed: 'clock', signIns: 1500, days: 3, users: 40};
const MADE = new Date('2026-11-20T01:05:00Z');
const INSTANT = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(\.\d{1,9})?Z$/;

/** Every instant string in a value, moved on by `ms`, its fraction as written (a walk: the oracle's own way). */
function moved(value: unknown, ms: number): unknown {
	if (typeof value === 'string') {
		const m = INSTANT.exec(value);
		const t = m ? new Date(Date.parse(`${m[1]}Z`) + ms) : undefined;
		// A time that is not one (month 13), or one past year 9999: as it was.
		if (!t || Number.isNaN(t.getTime()) || t.getUTCFullYear() > 9999) return value;
		return `${t.toISOString().slice(0, 19)}${m![2] ?? ''}Z`;
	}
	if (Array.isArray(value)) return value.map(v => moved(v, ms));
	if (value && typeof value === 'object')
		return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, moved(v, ms)]));
	return value;
}

async function run(now: Date, dir: string) {
	const emu = await startTestEmulator({...small, tenant: undefined, background: true, now, cacheDir: dir});
	await emu.ready;
	return emu;
}

describe('the demo cache late in the day', () => {
	it('serves the cached tenant moved on to the run’s clock: the newest records are near now', async () => {
		const dir = join(root, 'cache');
		const first = await run(MADE, dir);
		try {
			expect(await first.saved).toBe(true);
		} finally {
			await first.close();
		}
		// 21 h 37 min later, the same UTC day: moved on by 21 h 30 min (whole steps of ten minutes).
		const late = new Date(MADE.getTime() + (21 * 60 + 37) * 60_000);
		const shift = (21 * 60 + 30) * 60_000;
		const emu = await run(late, dir);
		try {
			expect(await emu.saved).toBe(false);
			const oracle = generateTenant({...small, now: MADE});
			for (const table of ['signIns', 'directoryAudits', 'provisioning'] as const)
				expect(JSON.stringify(emu.tenant[table])).toBe(JSON.stringify(moved(oracle[table], shift)));
			// What the user asked: the last hour's sign-ins, over HTTPS.
			const token = await emu.token();
			const since = new Date(late.getTime() - 3_600_000).toISOString();
			const res = await emu.get(`/beta/auditLogs/signIns?$top=5&$filter=createdDateTime ge ${since}`, token);
			expect(res.status).toBe(200);
			const value = res.body['value'] as GraphRecord[];
			expect(value.length).toBeGreaterThan(0);
			expect(Date.parse(String(value[0]!['createdDateTime']))).toBeLessThanOrEqual(late.getTime());
		} finally {
			await emu.close();
		}
	}, 300_000);
});

describe('moving instants in a slice’s text', () => {
	it('moves exactly the instant values a walk over the parsed value moves, whatever else the JSON holds', () => {
		const digits = (n: number): fc.Arbitrary<string> =>
			fc.array(fc.constantFrom(...'0123456789'), {minLength: n, maxLength: n}).map(a => a.join(''));
		// Real times (any year to 9999, a fraction of 0 to 12 digits), and the shape with any digits (month 13).
		const real = fc
			.tuple(
				fc.date({min: new Date('0001-01-01T00:00:00Z'), max: new Date('9999-12-31T23:59:59Z'), noInvalidDate: true}),
				fc.integer({min: 0, max: 12}).chain(digits),
			)
			.map(([d, f]) => `${d.toISOString().slice(0, 19)}${f === '' ? '' : `.${f}`}Z`);
		const shape = fc
			.tuple(digits(4), digits(2), digits(2), digits(2), digits(2), digits(2))
			.map(([y, mo, d, h, mi, sec]) => `${y}-${mo}-${d}T${h}:${mi}:${sec}Z`);
		const instant = fc.oneof(real, shape);
		const text = fc.oneof(
			instant,
			fc.string(),
			instant.map(i => `x${i}`),
			instant.map(i => `"${i}`),
		);
		const value = fc.letrec(tie => ({
			node: fc.oneof(
				{depthSize: 'small'},
				text,
				fc.integer(),
				fc.constant(null),
				fc.array(tie('node'), {maxLength: 4}),
				fc.dictionary(text, tie('node'), {maxKeys: 4}),
			),
		})).node;
		fc.assert(
			fc.property(value, fc.integer({min: 0, max: 400}), (v, steps) => {
				const ms = steps * 600_000;
				// A slice is an object: its values sit in one (a bare string is not a slice).
				expect(shiftInstants(JSON.stringify({v}), ms)).toBe(JSON.stringify({v: moved(v, ms)}));
			}),
			{numRuns: 500},
		);
	});
});
