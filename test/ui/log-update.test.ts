/**
 * Ink's incremental log-update as patched (patches/ink+6.8.0.patch, docs/ink-incremental-patch.md): whatever the
 * frames (lines changed, moved by a row as a scrolled list moves them, frames growing and shrinking), a terminal
 * emulator fed what it writes shows exactly the last frame. The oracle is xterm.js's headless terminal (with `\n`
 * as a pty's onlcr turns it into `\r\n`); the bytes of a one-row scroll are checked against a whole frame.
 */
import xterm from '@xterm/headless';
import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import logUpdate from '../../node_modules/ink/build/log-update.js';

const COLS = 40;
const ROWS = 24;

/** A log-update writing into a headless terminal; `screen` is what the terminal shows, a line per row. */
function terminal(): {
	render: (frame: string) => void;
	screen: () => Promise<string[]>;
	bytes: () => number;
	last: () => string;
} {
	const term = new xterm.Terminal({cols: COLS, rows: ROWS, allowProposedApi: true, convertEol: true});
	let pending = '';
	let bytes = 0;
	let last = '';
	const stream = {
		write: (data: string) => {
			pending += data;
			last = data;
			bytes += Buffer.byteLength(data);
			return true;
		},
	};
	const log = logUpdate.create(stream as unknown as NodeJS.WriteStream, {incremental: true});
	return {
		render: frame => log(frame),
		bytes: () => bytes,
		last: () => last,
		screen: async () => {
			await new Promise<void>(resolve => term.write(pending, resolve));
			pending = '';
			const b = term.buffer.active;
			return Array.from({length: ROWS}, (_, i) => b.getLine(b.viewportY + i)?.translateToString(true) ?? '');
		},
	};
}

/** The screen a frame should leave: its lines from the top, blank rows under them. */
const expected = (frame: string): string[] => {
	const lines = frame.split('\n');
	if (frame.endsWith('\n')) lines.pop();
	return Array.from({length: ROWS}, (_, i) => lines[i] ?? '');
};

describe('incremental log-update (patched) in a terminal emulator', () => {
	it('any run of frames leaves exactly the last frame on the screen', async () => {
		const line = fc.stringMatching(/^[a-z ]{0,30}$/);
		await fc.assert(
			fc.asyncProperty(
				fc.array(line, {minLength: 1, maxLength: 18}),
				fc.array(
					fc.oneof(
						fc.record({kind: fc.constant('edit' as const), at: fc.nat(), text: line}),
						fc.record({kind: fc.constant('scrollUp' as const), from: fc.nat(), to: fc.nat(), text: line}),
						fc.record({kind: fc.constant('scrollDown' as const), from: fc.nat(), to: fc.nat(), text: line}),
						fc.record({kind: fc.constant('grow' as const), text: line}),
						fc.record({kind: fc.constant('shrink' as const)}),
					),
					{maxLength: 25},
				),
				async (first, steps) => {
					const t = terminal();
					let lines = [...first];
					const frame = (): string => `${lines.join('\n')}\n`;
					t.render(frame());
					for (const step of steps) {
						const n = lines.length;
						if (step.kind === 'edit') lines[step.at % n] = step.text;
						if (step.kind === 'grow' && n < ROWS - 2) lines.push(step.text);
						if (step.kind === 'shrink' && n > 1) lines.pop();
						if (step.kind === 'scrollUp' || step.kind === 'scrollDown') {
							// A block [a, b] of the frame moves by a row; the row it frees takes new text.
							const a = Math.min(step.from % n, step.to % n);
							const b = Math.max(step.from % n, step.to % n);
							const block = lines.slice(a, b + 1);
							if (step.kind === 'scrollUp') block.push(block.shift()!);
							else block.unshift(block.pop()!);
							block[step.kind === 'scrollUp' ? block.length - 1 : 0] = step.text;
							lines = [...lines.slice(0, a), ...block, ...lines.slice(b + 1)];
						}
						t.render(frame());
						expect(await t.screen()).toEqual(expected(frame()));
					}
				},
			),
			{numRuns: 300},
		);
	});

	it('a list scrolled by a row moves its lines on the terminal: a few lines written, not the frame', async () => {
		const t = terminal();
		const rows = Array.from({length: 100}, (_, i) => `row ${i}`.padEnd(30, '.'));
		const frame = (top: number, cursor: number): string =>
			`${['header', ...rows.slice(top, top + 20).map((r, i) => (top + i === cursor ? `> ${r}` : `  ${r}`)), `${cursor}/100`].join('\n')}\n`;
		t.render(frame(0, 10));
		const whole = t.bytes();
		t.render(frame(1, 11));
		expect(await t.screen()).toEqual(expected(frame(1, 11)));
		t.render(frame(2, 12));
		expect(await t.screen()).toEqual(expected(frame(2, 12)));
		// Written: the two rows whose cursor mark changed, the row scrolled in and the status line; no other row.
		const written = t.last();
		expect(rows.filter(r => written.includes(r))).toEqual([rows[11], rows[12], rows[21]]);
		expect(written).toContain('12/100');
		expect(written.length).toBeLessThan(whole / 4);
	});
});
