/** Help, rendered from the one keymap table. */
import React from 'react';
import {Box, Text} from 'ink';
import {KEYMAP} from '../keymap.js';

export function HelpScreen(): React.ReactElement {
	return (
		<Box flexDirection="column">
			<Text bold>Keys</Text>
			{KEYMAP.map(b => (
				<Text key={`${b.command}-${b.scopes.join()}`} wrap="truncate">
					<Text color="cyan">{b.keys.join(' ').padEnd(10)}</Text> {b.description} <Text dimColor>({b.scopes.join(', ')})</Text>
				</Text>
			))}
		</Box>
	);
}
