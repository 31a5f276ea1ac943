/**
 * How many columns xterm.js (Unicode 11 widths, as test/helpers/terminal.ts sets it up) advances over a text written
 * at the start of a line: a real terminal's measure, for unit tests of widths. Text wider than 2,000 columns is not
 * measured.
 */
import xterm from '@xterm/headless';
import unicode11 from '@xterm/addon-unicode11';

let term: xterm.Terminal | undefined;

export function xtermColumns(text: string): number {
	if (!term) {
		term = new xterm.Terminal({cols: 2000, rows: 2, allowProposedApi: true});
		term.loadAddon(new unicode11.Unicode11Addon());
		term.unicode.activeVersion = '11';
	}
	// The parser run at once (write() waits for a timer): `writeSync` is xterm's own, there for tests like this.
	(term as unknown as {_core: {writeSync(data: string): void}})._core.writeSync(`\r\u001b[2K${text}`);
	return term.buffer.active.cursorX;
}
