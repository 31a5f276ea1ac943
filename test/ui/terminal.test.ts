/** The terminal helpers the TUI writes through: OSC 52 copy (over SSH and tmux, a private file past the cap) and the sanitizer. */
import {describe, expect, it} from 'vitest';
import fc from 'fast-check';
import {mkdtempSync, readFileSync, statSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {copyText, osc52} from '../../source/terminal/clipboard.js';
import {sanitizeLine, sanitizeText} from '../../source/terminal/sanitize.js';

describe('terminal helpers', () => {
	it('OSC 52 carries the JSON, wrapped for tmux, refused past the cap', () => {
		const seq = osc52('{"a":1}', {})!;
		expect(seq).toBe(`\u001b]52;c;${Buffer.from('{"a":1}').toString('base64')}\u0007`);
		expect(osc52('x', {TMUX: '/tmp/t'})!.startsWith('\u001bPtmux;\u001b\u001b]52;c;')).toBe(true);
		expect(osc52('x'.repeat(80_000), {})).toBeUndefined();
		// A file's byte that is not UTF-8 (read as U+DC80 + byte) is sent as that byte, as exports write it, not U+FFFD.
		const latin1 = osc52('"Jos\udce9 M\udcfc\udcffller"', {})!;
		expect(Buffer.from(latin1.slice(7, -1), 'base64')).toEqual(
			Buffer.concat([
				Buffer.from('"Jos'),
				Buffer.of(0xe9),
				Buffer.from(' M'),
				Buffer.of(0xfc, 0xff),
				Buffer.from('ller"'),
			]),
		);
	});

	it('y over SSH: OSC 52 when it fits; past the cap a private file, and the message says which', () => {
		const dir = mkdtempSync(join(tmpdir(), 'entra-logs-copy-'));
		const saved = process.env['TMPDIR'];
		process.env['TMPDIR'] = dir;
		try {
			const env = {SSH_CONNECTION: '10.0.0.1 5000 10.0.0.2 22', TERM: 'xterm-256color'};
			const written: string[] = [];
			const small = copyText('{"id":"1"}', d => written.push(d), env);
			expect(small).toEqual({how: 'osc52', message: 'sent 10 characters by OSC 52 (the terminal must allow it)'});
			expect(written).toEqual([osc52('{"id":"1"}', env)]);
			const big = JSON.stringify({id: '2', blob: 'x'.repeat(120_000)});
			const result = copyText(big, d => written.push(d), env);
			expect(written).toHaveLength(1);
			expect(result.how).toBe('file');
			const file = /saved to (\S+)$/.exec(result.message)![1]!;
			expect(file.startsWith(dir)).toBe(true);
			expect(readFileSync(file, 'utf8')).toBe(big);
			// Saved as bytes too: a byte that is not UTF-8 stays that byte.
			const odd = copyText(`${big.slice(0, -2)}\udce9"}`, () => undefined, env);
			expect(readFileSync(/saved to (\S+)$/.exec(odd.message)![1]!).subarray(-3)).toEqual(
				Buffer.from([0xe9, 0x22, 0x7d]),
			);
			expect(statSync(file).mode & 0o777).toBe(0o600);
		} finally {
			if (saved === undefined) delete process.env['TMPDIR'];
			else process.env['TMPDIR'] = saved;
		}
	});

	it('the sanitizer, for any string: no control, escape or bidi character survives; clean text is untouched; twice is once', () => {
		// Strings built from the pieces that make escape sequences, mixed with any text.
		const pieces = fc.oneof(
			fc.constantFrom(
				'\u001b',
				'\u001b[',
				'\u001b]52;c;',
				'\u001bP',
				'\u001b\\',
				'\u0007',
				'\u009b',
				'\u009d',
				'\u009c',
				'\u0090',
				'[',
				']',
				';',
				'31m',
				'2J',
				'\r',
				'\n',
				'\t',
				'\u202e',
				'\u2066',
				'\u200f',
				'\u0000',
				'\u007f',
				'é',
				'😀',
				'漢',
			),
			fc.string({unit: 'binary', maxLength: 8}),
		);
		const hostile = fc.array(pieces, {maxLength: 30}).map(a => a.join(''));
		// Controls, bidi, and what shows as nothing (soft hyphen, zero-width space, word joiners, BOM, separators,
		// Hangul fillers, tags).
		const unsafe =
			/[\u0000-\u001f\u007f-\u009f\u00ad\u061c\u115f\u1160\u180e\u200b\u200e\u200f\u2028-\u202e\u2060-\u2064\u2066-\u206f\u3164\ufeff\uffa0\ufff9-\ufffb\u{e0001}\u{e0020}-\u{e007f}]/u;
		fc.assert(
			fc.property(hostile, s => {
				const line = sanitizeLine(s);
				expect(line).not.toMatch(unsafe);
				expect(sanitizeLine(line)).toBe(line);
				expect(sanitizeText(s)).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
			}),
			{numRuns: 2000},
		);
		const clean = fc.string({unit: 'grapheme', maxLength: 40}).filter(s => !unsafe.test(s));
		fc.assert(
			fc.property(clean, s => {
				expect(sanitizeLine(s)).toBe(s);
			}),
			{numRuns: 1000},
		);
	});

	it('the sanitizer shows escape sequences as inert text: a hidden character never passes unseen', () => {
		expect(sanitizeText('\u001b[2J\u001b[31mEvil\u001b[0m \u001b]52;c;abc\u0007ok\u202e\u009b31m')).toBe(
			'\\u001b[2J\\u001b[31mEvil\\u001b[0m \\u001b]52;c;abc\\u0007ok\\u202e\\u009b31m',
		);
	});
});
