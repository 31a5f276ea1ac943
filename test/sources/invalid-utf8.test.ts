/**
 * A file whose records hold bytes that are not UTF-8 (a Latin-1 name from an old tool, a line cut mid-character) is
 * exported as its bytes (found by an independent check: each such byte came out as EF BF BD, U+FFFD, so an export of
 * a file was not the file). The oracle is the file's own bytes; the decoding is checked on any bytes at all.
 */
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import fc from 'fast-check';
import {afterAll, describe, expect, it} from 'vitest';
import {bytesText, textBytes} from '../../source/fs/byte-text.js';
import {runCli} from './run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'entra-logs-invalid-utf8-'));
afterAll(() => rmSync(dir, {recursive: true, force: true}));

const line = (i: number, name: Buffer): Buffer =>
	Buffer.concat([
		Buffer.from(`{"id":"id-${i}","createdDateTime":"2026-12-01T10:00:0${9 - i}Z","userDisplayName":"`),
		name,
		Buffer.from(`","userPrincipalName":"u${i}@contoso.com","status":{"errorCode":0}}\n`),
	]);

describe('bytes that are not UTF-8', () => {
	const names = [
		Buffer.from('bad\xff\xfe\xc3(x', 'latin1'),
		Buffer.from('Ren\xe9e', 'latin1'),
		Buffer.from('cut \xe2\x82', 'latin1'),
		Buffer.from('ok ☃ 𝄞'),
		Buffer.from('\xed\xa0\x80 surrogate, \xc0\xaf overlong', 'latin1'),
	];
	const file = join(dir, 'in.ndjson');
	const bytes = Buffer.concat(names.map((n, i) => line(i, n)));
	writeFileSync(file, bytes);

	it('open --output ndjson writes the file byte for byte', async () => {
		const out = join(dir, 'out.ndjson');
		const r = await runCli(['open', file, '--output', 'ndjson', '--out', out], join(dir, 'config'));
		expect(r.code, r.stderr).toBe(0);
		expect(readFileSync(out).equals(bytes)).toBe(true);
	}, 60_000);

	it('--output json and csv keep each name as its bytes', async () => {
		for (const format of ['json', 'csv']) {
			const out = join(dir, `out.${format}`);
			const r = await runCli(['open', file, '--output', format, '--out', out], join(dir, 'config'));
			expect(r.code, r.stderr).toBe(0);
			const written = readFileSync(out);
			for (const name of names) expect(written.includes(name), `${format}: ${name.toString('latin1')}`).toBe(true);
			expect(written.includes(Buffer.from('\uFFFD'))).toBe(false);
		}
	}, 60_000);

	it('any bytes read as text and written back are the same bytes; UTF-8 reads as Node reads it', () => {
		fc.assert(
			fc.property(fc.uint8Array({maxLength: 64}), a => {
				const b = Buffer.from(a);
				expect(textBytes(bytesText(b)).equals(b)).toBe(true);
			}),
			{numRuns: 2000},
		);
		fc.assert(
			fc.property(fc.string({unit: 'grapheme', maxLength: 32}), s => {
				const b = Buffer.from(s, 'utf8');
				expect(bytesText(b)).toBe(b.toString('utf8'));
				expect(textBytes(s).equals(b)).toBe(true);
			}),
		);
	});
});
