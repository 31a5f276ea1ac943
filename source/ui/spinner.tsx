/** A small spinner for waits the user sits through (sign-in polling, a first page). Slow enough to be cheap over SSH. */
import React, {useEffect, useState} from 'react';
import {Text} from 'ink';

const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

export function Spinner({label}: {readonly label: string}): React.ReactElement {
	const [frame, setFrame] = useState(0);
	useEffect(() => {
		const timer = setInterval(() => setFrame(f => (f + 1) % FRAMES.length), 120);
		return () => clearInterval(timer);
	}, []);
	return (
		<Text wrap="truncate">
			<Text color="cyan">{FRAMES[frame]}</Text> {label}
		</Text>
	);
}
