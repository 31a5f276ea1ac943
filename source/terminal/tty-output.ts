/**
 * Records written to a terminal rather than to a file or a pipe (`--output csv` with no --out, in an interactive
 * shell): a record's text can hold escape sequences (a window title, an OSC 52 that fills the clipboard, a screen
 * clear) that the terminal would run. There, and only there, the controls a terminal acts on are shown as `\uXXXX`:
 * in JSON that is the same string (the text still parses to the same record); in CSV it is visible text. Into a
 * file or a pipe the bytes stay exactly as they came.
 */
import {Writable} from 'node:stream';
import {StringDecoder} from 'node:string_decoder';
import {ACTIVE_CLASS, LONE_ZWJ, escaped} from './sanitize.js';

// C0 but tab, line feed and carriage return; DEL and C1; bidirectional and invisible characters (sanitize.ts).
const ACTIVE = new RegExp(`[${ACTIVE_CLASS}]`, 'gu');

/** Text with every control a terminal acts on written as `\uXXXX`. */
export function visibleControls(text: string): string {
	const shown = text.replace(ACTIVE, escaped);
	// A zero-width joiner that joins no emoji is shown too: a terminal may glue the next character to it.
	return shown.includes('\u200D') ? shown.replace(LONE_ZWJ, '\\u200d') : shown;
}

/** A stream that writes to `out` what `visibleControls` makes of its text (UTF-8 split across chunks is kept whole). */
export function terminalSafe(out: NodeJS.WritableStream): Writable {
	const decoder = new StringDecoder('utf8');
	return new Writable({
		write(chunk: Buffer, _encoding, done): void {
			if (out.write(visibleControls(decoder.write(chunk)))) done();
			else out.once('drain', () => done());
		},
		final(done): void {
			const rest = decoder.end();
			if (rest) out.write(visibleControls(rest));
			done();
		},
	});
}
