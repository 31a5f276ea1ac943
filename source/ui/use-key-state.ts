/**
 * State for input handlers. Ink hands every key of one stdin chunk (a paste, or keys typed faster than a frame) to
 * the same handler before React renders again, so a handler that reads state from its render sees stale values:
 * "down, then enter" would open the row above, "text, then enter" would submit the text without its last letters.
 * This keeps the latest value in a ref, written at once by the setter, and renders it through ordinary state.
 */
import {useRef, useState} from 'react';

export type KeyStateSetter<T> = (next: T | ((previous: T) => T)) => void;

export function useKeyState<T>(initial: T): [value: T, set: KeyStateSetter<T>, latest: {readonly current: T}] {
	const ref = useRef(initial);
	const [value, setValue] = useState(initial);
	const set = useRef<KeyStateSetter<T>>(next => {
		const value = typeof next === 'function' ? (next as (previous: T) => T)(ref.current) : next;
		ref.current = value;
		setValue(value);
	}).current;
	return [value, set, ref];
}
