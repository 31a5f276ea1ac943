/**
 * The widths two real terminals give each code point: tmux (3.3, which asks the C library's wcwidth: glibc's, under a
 * UTF-8 locale) and xterm.js with Unicode 11 widths (@xterm/headless, as test/helpers/terminal.ts sets it up). The
 * table source/terminal/width-table.ts is made from them (`npx tsx test/helpers/width-oracle.ts`, which prints it), and
 * test/ui/width-terminals.test.ts holds it to them.
 */
import {execFileSync} from 'node:child_process';
import {pathToFileURL} from 'node:url';
import stringWidth from 'string-width';
import xterm from '@xterm/headless';
import unicode11 from '@xterm/addon-unicode11';

export const CODE_POINTS = 0x110000;

/** glibc's wcwidth of every code point (-1: not printable), read through Python's ctypes in a UTF-8 locale. */
export function glibcWidths(): Int8Array {
	const script = [
		'import ctypes, sys',
		"libc = ctypes.CDLL('libc.so.6')",
		"libc.setlocale(6, b'C.UTF-8')",
		`sys.stdout.buffer.write(bytes((libc.wcwidth(c) & 255) for c in range(${CODE_POINTS})))`,
	].join('\n');
	const out = execFileSync('python3', ['-c', script], {maxBuffer: CODE_POINTS * 2});
	return new Int8Array(out.buffer, out.byteOffset, out.length);
}

/** xterm.js's width of every code point with the Unicode 11 addon active. */
export function xtermWidths(): Int8Array {
	const term = new xterm.Terminal({allowProposedApi: true});
	term.loadAddon(new unicode11.Unicode11Addon());
	term.unicode.activeVersion = '11';
	const service = (term as unknown as {_core: {unicodeService: {wcwidth(cp: number): number}}})._core.unicodeService;
	const out = new Int8Array(CODE_POINTS);
	for (let c = 0; c < CODE_POINTS; c++) out[c] = service.wcwidth(c);
	term.dispose();
	return out;
}

const isSurrogate = (c: number): boolean => c >= 0xd800 && c <= 0xdfff;
/** C0, DEL and C1: never reach a terminal (sanitize.ts shows them escaped). */
const isControl = (c: number): boolean => c < 0x20 || (c >= 0x7f && c < 0xa0);

/**
 * What the table holds: the code points the two terminals give two columns, and those given none, where they agree;
 * and those they do not agree on (a code point glibc does not know, unassigned in its Unicode, among them: tmux
 * shows it in no column, xterm.js in one), or that Ink lays out wider than both show it (string-width gives the
 * trigrams ☰ two columns, terminals one). Surrogates (a lone one is written as U+FFFD) and controls are left out.
 */
export function terminalWidths(
	glibc = glibcWidths(),
	xt = xtermWidths(),
): {
	wide: number[];
	zero: number[];
	disputed: number[];
} {
	const wide: number[] = [];
	const zero: number[] = [];
	const disputed: number[] = [];
	for (let c = 0; c < CODE_POINTS; c++) {
		if (isSurrogate(c) || isControl(c)) continue;
		const g = glibc[c]!;
		if (g < 0 || g !== xt[c] || (g > 0 && stringWidth(String.fromCodePoint(c)) > g)) disputed.push(c);
		else if (g === 2) wide.push(c);
		else if (g === 0) zero.push(c);
	}
	return {wide, zero, disputed};
}

/** Code points as ranges, each `start-length` in base 36, joined by commas: the table's text. */
export function rangesText(points: readonly number[]): string {
	const parts: string[] = [];
	for (let i = 0; i < points.length;) {
		let j = i;
		while (j + 1 < points.length && points[j + 1] === points[j]! + 1) j++;
		parts.push(`${points[i]!.toString(36)}${j > i ? `-${(j - i + 1).toString(36)}` : ''}`);
		i = j + 1;
	}
	return parts.join(',');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
	const {wide, zero, disputed} = terminalWidths();
	process.stdout.write(
		JSON.stringify({wide: rangesText(wide), zero: rangesText(zero), disputed: rangesText(disputed)}, null, '\t'),
	);
}
