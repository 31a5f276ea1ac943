/**
 * A file's bytes as text and back, losslessly. Well-formed UTF-8 (nearly every file) is decoded as it is. A byte
 * that is not part of a well-formed UTF-8 character (a Latin-1 name written by an old tool, a line cut mid-character)
 * becomes the lone surrogate U+DC80 + byte, as Python's "surrogateescape" does: no text decoded from well-formed UTF-8
 * can hold a lone surrogate, so the mapping is unambiguous, and `textBytes` writes the same byte back. (Decoding such a
 * byte as U+FFFD, as Buffer#toString does, lost it: an export of a file was then not the file's bytes.) On a terminal
 * such a character shows as U+FFFD.
 */
import {isUtf8} from 'node:buffer';

const ESCAPE = 0xdc00;

/** The bytes `start` to `end` of `buf` as text (see above). */
export function bytesText(buf: Buffer, start = 0, end = buf.length): string {
	if (isUtf8(buf.subarray(start, end))) return buf.toString('utf8', start, end);
	let out = '';
	let run = start;
	let i = start;
	while (i < end) {
		const n = sequenceLength(buf, i, end);
		if (n > 0) {
			i += n;
			continue;
		}
		if (run < i) out += buf.toString('utf8', run, i);
		out += String.fromCharCode(ESCAPE + buf[i]!);
		run = ++i;
	}
	return out + buf.toString('utf8', run, end);
}

/** Text as UTF-8 bytes, each escaped byte (U+DC80 to U+DCFF alone) written back as the byte it stands for. */
export function textBytes(text: string): Buffer {
	if ((text as unknown as {isWellFormed(): boolean}).isWellFormed()) return Buffer.from(text, 'utf8');
	const parts: Buffer[] = [];
	let run = 0;
	for (let i = 0; i < text.length; i++) {
		const c = text.charCodeAt(i);
		if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
			const d = text.charCodeAt(i + 1);
			if (d >= 0xdc00 && d <= 0xdfff) {
				i++;
				continue;
			}
		}
		if (c < 0xdc80 || c > 0xdcff) continue;
		// A lone U+DC80..U+DCFF: the byte it stands for (any other lone surrogate is written as U+FFFD, as before).
		parts.push(Buffer.from(text.slice(run, i), 'utf8'), Buffer.of(c - ESCAPE));
		run = i + 1;
	}
	parts.push(Buffer.from(text.slice(run), 'utf8'));
	return Buffer.concat(parts);
}

/**
 * The length of the well-formed UTF-8 character at `i` (1 to 4), or 0 when the byte there does not start one
 * (Unicode's table 3-7: no overlong forms, no surrogates, nothing past U+10FFFF).
 */
function sequenceLength(buf: Buffer, i: number, end: number): number {
	const b = buf[i]!;
	if (b < 0x80) return 1;
	const cont = (k: number, lo = 0x80, hi = 0xbf): boolean => i + k < end && buf[i + k]! >= lo && buf[i + k]! <= hi;
	if (b >= 0xc2 && b <= 0xdf) return cont(1) ? 2 : 0;
	if (b === 0xe0) return cont(1, 0xa0) && cont(2) ? 3 : 0;
	if ((b >= 0xe1 && b <= 0xec) || b === 0xee || b === 0xef) return cont(1) && cont(2) ? 3 : 0;
	if (b === 0xed) return cont(1, 0x80, 0x9f) && cont(2) ? 3 : 0;
	if (b === 0xf0) return cont(1, 0x90) && cont(2) && cont(3) ? 4 : 0;
	if (b >= 0xf1 && b <= 0xf3) return cont(1) && cont(2) && cont(3) ? 4 : 0;
	if (b === 0xf4) return cont(1, 0x80, 0x8f) && cont(2) && cont(3) ? 4 : 0;
	return 0;
}
