/**
 * The status line's message and whom it belongs to. A screen's message (`copied …`, a search's place, a pivot's
 * "esc back to …") belongs to the screen it was said on: it goes when the user leaves that screen with a later key,
 * rather than stay under the next one (`copied …` under the report picker after esc from the list). A message said in
 * the same key as the move (a pivot from the detail says where esc leads, then shows the list) belongs to the screen
 * the key leads to. The background job's lines (progress, "exported N records to …", a failure and how to resume)
 * belong to no screen: they stay, whatever the screen, until another message replaces them.
 */
import {useRef, useState} from 'react';

export interface ScreenStatus {
	/** The line to show ('' for none: the hints). */
	readonly line: string;
	/** A screen's message. */
	readonly set: (line: string) => void;
	/** The background job's message: shown on every screen. */
	readonly setJob: (line: string) => void;
	/** A key begins: what is said from now on is said in its turn. */
	readonly key: () => void;
	/** The screen on top changed: a screen's message said before this key goes. */
	readonly moved: () => void;
}

interface Said {
	readonly line: string;
	/** The key it was said in (undefined: the job's, no screen's). */
	readonly turn?: number;
}

export function useScreenStatus(): ScreenStatus {
	const [said, setSaid] = useState<Said>({line: ''});
	const turn = useRef(0);
	// Stable functions: hooks and screens keep the setters they are handed.
	const act = useRef<Omit<ScreenStatus, 'line'>>({
		set: line => setSaid({line, turn: turn.current}),
		setJob: line => setSaid({line}),
		key: () => {
			turn.current++;
		},
		moved: () => {
			const now = turn.current;
			setSaid(s => (s.turn !== undefined && s.turn !== now ? {line: ''} : s));
		},
	}).current;
	return {...act, line: said.line};
}
