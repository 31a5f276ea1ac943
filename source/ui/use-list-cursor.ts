/**
 * A cursor over a list of `count` items, moved by the list commands (up, down, page, top, bottom) and clamped to
 * it: the record list's selected row, the detail's and Help's scroll offset. Kept with useKeyState, so that keys
 * of one chunk ("jjj") each move from where the one before left it.
 */
import type {Bindings} from './key-router.js';
import type {Command} from './keymap.js';
import {useKeyState, type KeyStateSetter} from './use-key-state.js';

/** Where a list command moves a cursor at `at`, over `last + 1` items, `page` at a time; undefined for others. */
export function moveCursor(command: Command, at: number, last: number, page: number): number | undefined {
	const clamp = (i: number): number => Math.max(0, Math.min(last, i));
	switch (command) {
		case 'up':
			return clamp(at - 1);
		case 'down':
			return clamp(at + 1);
		case 'pageUp':
			return clamp(at - page);
		case 'pageDown':
			return clamp(at + page);
		case 'top':
			return 0;
		case 'bottom':
			return Math.max(0, last);
		default:
			return undefined;
	}
}

/** The first of `visible` rows shown so that row `at` of `count` stays in view, near the middle. */
export function keepInView(at: number, count: number, visible: number): number {
	return Math.min(Math.max(0, at - Math.floor(visible / 2)), Math.max(0, count - visible));
}

export interface ListCursor {
	readonly index: number;
	readonly latest: {readonly current: number};
	readonly set: KeyStateSetter<number>;
	/** Moves by a list command over `last + 1` items: true when the command was one. */
	readonly move: (command: Command, last: number, page: number) => boolean;
}

const MOVES = ['up', 'down', 'pageUp', 'pageDown', 'top', 'bottom'] as const;

/** A screen's bindings for the list commands, moving `cursor` over `last() + 1` items (read when the key comes). */
export function cursorBindings(cursor: ListCursor, last: () => number, page: number): Bindings {
	return Object.fromEntries(MOVES.map(c => [c, () => cursor.move(c, last(), page)]));
}

export function useListCursor(initial = 0): ListCursor {
	const [index, set, latest] = useKeyState(initial);
	const move = (command: Command, last: number, page: number): boolean => {
		const next = moveCursor(command, latest.current, last, page);
		if (next === undefined) return false;
		set(next);
		return true;
	};
	return {index, latest, set, move};
}
