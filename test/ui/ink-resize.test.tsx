/**
 * Ink as patched (patches/ink+6.8.0.patch) with `incrementalRendering`, through resizes: a list that fills the
 * terminal but its last row (as the App's does, sized from the terminal's `resize` events), keys that move its cursor
 * and resizes to any size in between. The oracle is xterm.js's headless terminal, resized as the pty is: after each
 * step the screen is exactly the frame for that size. Upstream, a resize to fewer rows than the frame had left the
 * frame drawn without its trailing newline while log-update was told it had one, and the next frame was drawn a row
 * too high (found in tmux by an independent check).
 */
import {EventEmitter} from 'node:events';
import xterm from '@xterm/headless';
import fc from 'fast-check';
import {Text, render, useStdout} from 'ink';
import React, {useEffect, useState} from 'react';
import {describe, expect, it} from 'vitest';

/** The frame's lines for a terminal of `columns` x `rows` with the cursor on row `at` of 100. */
function lines(columns: number, rows: number, at: number): string[] {
	const list = Array.from({length: Math.max(1, rows - 4)}, (_, i) => {
		const n = Math.min(Math.max(0, at - (rows - 5)), 100) + i;
		return `${n === at ? '>' : ' '} row ${n} ${'.'.repeat(Math.max(0, columns - 12 - String(n).length))}`.slice(
			0,
			columns,
		);
	});
	const title = `title ${columns}x${rows}`.padEnd(columns - 1, '=');
	return [title, 'header', ...list, `${at}/100`.slice(0, columns)];
}

function List({at}: {readonly at: number}): React.ReactElement {
	const {stdout} = useStdout();
	const [size, setSize] = useState({columns: stdout.columns, rows: stdout.rows});
	useEffect(() => {
		const onResize = (): void => setSize({columns: stdout.columns, rows: stdout.rows});
		stdout.on('resize', onResize);
		return () => void stdout.off('resize', onResize);
	}, [stdout]);
	return <Text>{lines(size.columns, size.rows, at).join('\n')}</Text>;
}

/** A terminal of xterm.js behind a stream Ink takes for a TTY of that size. */
function terminal(columns: number, rows: number) {
	const term = new xterm.Terminal({cols: columns, rows, allowProposedApi: true, convertEol: true});
	const stdout = Object.assign(new EventEmitter(), {
		isTTY: true,
		columns,
		rows,
		write: (data: string) => {
			term.write(data);
			return true;
		},
	});
	return {
		stdout: stdout as unknown as NodeJS.WriteStream,
		resize(c: number, r: number) {
			term.resize(c, r);
			Object.assign(stdout, {columns: c, rows: r});
			stdout.emit('resize');
		},
		async screen(): Promise<string[]> {
			await new Promise<void>(resolve => term.write('', resolve));
			const b = term.buffer.active;
			return Array.from({length: term.rows}, (_, i) => b.getLine(b.viewportY + i)?.translateToString(true) ?? '');
		},
		dispose: () => term.dispose(),
	};
}

describe('Ink (patched, incremental) through resizes, in a terminal emulator', () => {
	it('any run of keys and resizes leaves exactly the frame for the size on screen', async () => {
		const size = fc.tuple(fc.integer({min: 20, max: 90}), fc.integer({min: 6, max: 30}));
		await fc.assert(
			fc.asyncProperty(
				size,
				fc.array(fc.oneof(fc.record({key: fc.integer({min: -3, max: 3})}), fc.record({resize: size})), {
					minLength: 1,
					maxLength: 8,
				}),
				async ([columns, rows], steps) => {
					const t = terminal(columns, rows);
					let at = 0;
					let [c, r] = [columns, rows];
					const stdin = Object.assign(new EventEmitter(), {isTTY: false}) as unknown as NodeJS.ReadStream;
					const ink = render(<List at={at} />, {
						stdout: t.stdout,
						stdin,
						patchConsole: false,
						exitOnCtrlC: false,
						incrementalRendering: true,
						maxFps: 1000,
					});
					try {
						const shows = async (): Promise<void> => {
							// Ink draws on its own tick: the screen is awaited, and must come to the frame.
							const want = [...lines(c, r, at), ''];
							let seen = await t.screen();
							for (let tries = 0; seen.join('\n') !== want.join('\n') && tries < 100; tries++) {
								await new Promise(resolve => setTimeout(resolve, 10));
								seen = await t.screen();
							}
							expect(seen, `${c}x${r} at ${at}`).toEqual(want);
						};
						await shows();
						for (const step of steps) {
							if ('key' in step) {
								at = Math.min(99, Math.max(0, at + step.key));
								ink.rerender(<List at={at} />);
							} else {
								[c, r] = step.resize;
								t.resize(c, r);
							}
							await shows();
						}
					} finally {
						ink.unmount();
						t.dispose();
					}
				},
			),
			{numRuns: 40},
		);
	});
});
