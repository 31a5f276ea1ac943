/** Help, rendered from the one keymap table; it scrolls (↑/↓) when the terminal is shorter than the table. */
import React from 'react';
import {Box, Text} from 'ink';
import {useKeys} from '../use-keys.js';
import {KEYMAP, resolveKey} from '../keymap.js';
import {useKeyState} from '../use-key-state.js';

export function HelpScreen({height}: {readonly height: number}): React.ReactElement {
	// One line for the title, one for the scroll hint when the table does not fit.
	const fits = KEYMAP.length + 1 <= height;
	const visible = Math.max(1, fits ? KEYMAP.length : height - 2);
	const last = Math.max(0, KEYMAP.length - visible);
	const [offset, setOffset] = useKeyState(0);
	useKeys((input, key) => {
		const command = resolveKey('help', input, key);
		if (command === 'down') setOffset(o => Math.min(last, o + 1));
		else if (command === 'up') setOffset(o => Math.max(0, o - 1));
	});
	const start = Math.min(offset, last);
	return (
		<Box flexDirection="column">
			<Text bold>Keys</Text>
			{KEYMAP.slice(start, start + visible).map(b => (
				<Text key={`${b.command}-${b.scopes.join()}`} wrap="truncate">
					<Text color="cyan">{keyNames(b.keys).padEnd(10)}</Text> {b.description} <Text dimColor>({b.scopes.join(', ')})</Text>
				</Text>
			))}
			{!fits && <Text dimColor>{`↑/↓ scroll · ${start + 1}-${start + visible} of ${KEYMAP.length}`}</Text>}
		</Box>
	);
}

/** `↑ k`; a run of digits as a range (`1-9`). */
function keyNames(keys: readonly string[]): string {
	return keys.length > 2 && keys.every((k, i) => /^\d$/.test(k) && (i === 0 || Number(k) === Number(keys[i - 1]) + 1)) ? `${keys[0]}-${keys.at(-1)}` : keys.join(' ');
}
