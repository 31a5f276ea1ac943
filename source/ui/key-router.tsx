/**
 * Who a key goes to: the focused screen first, which consumes it (returns true) or lets it through to the global
 * bindings (quit, help, back). One Ink input handler (useKeys: one character at a time) feeds this; screens take
 * keys through useScreenKeys or useBindings, never their own useInput, so a key that a text field consumes (the
 * enter or esc that leaves it) is never also a command.
 */
import React, {createContext, useContext, useLayoutEffect, useRef} from 'react';
import type {Key} from 'ink';
import {resolveKey, type Command, type Scope} from './keymap.js';

/** A screen's keys: true when it consumed the key. */
export type ScreenKeyHandler = (input: string, key: Key) => boolean;

/** A command's handler; returning false lets the key through to the global bindings after all. */
export type Bindings = Partial<Record<Command, (input: string) => boolean | void>>;

interface Slot {
	/** The route the handler belongs to: keys go to it only while that route is on top. */
	owner: unknown;
	handler: ScreenKeyHandler;
}

interface Focus {
	readonly owner: unknown;
	readonly slot: {current: Slot | undefined};
}

const FocusContext = createContext<Focus | undefined>(undefined);

/** The routing itself: the top route's screen, then `global` for what it did not consume. */
export function useKeyRouter(
	top: () => unknown,
	global: (input: string, key: Key) => void,
): {readonly slot: {current: Slot | undefined}; readonly route: (input: string, key: Key) => void} {
	const slot = useRef<Slot | undefined>(undefined);
	const route = (input: string, key: Key): void => {
		const screen = slot.current;
		if (screen && screen.owner === top() && screen.handler(input, key)) return;
		global(input, key);
	};
	return {slot, route};
}

/** Gives the screens under it the keys of `owner` (the route they render). */
export function Focused({
	owner,
	slot,
	children,
}: {
	readonly owner: unknown;
	readonly slot: {current: Slot | undefined};
	readonly children: React.ReactNode;
}): React.ReactElement {
	return <FocusContext.Provider value={{owner, slot}}>{children}</FocusContext.Provider>;
}

/** A screen's key handler; the latest render's one is called (it should read state through useKeyState's refs). */
export function useScreenKeys(handler: ScreenKeyHandler): void {
	const focus = useContext(FocusContext);
	const latest = useRef(handler);
	latest.current = handler;
	const owner = focus?.owner;
	const slot = focus?.slot;
	// In the commit that shows the screen (a layout effect), so that a key right after its first frame reaches it.
	useLayoutEffect(() => {
		if (!slot) return;
		const mine: Slot = {owner, handler: (input, key) => latest.current(input, key)};
		slot.current = mine;
		return () => {
			if (slot.current === mine) slot.current = undefined;
		};
	}, [owner, slot]);
}

/**
 * A screen's bindings: the command a key means in `scope`, handled by the table when it has that command (consumed
 * unless the handler returns false); other keys go to `rest` (a text field's typing), else on to the global ones.
 */
export function useBindings(scope: Scope, table: Bindings, rest?: ScreenKeyHandler): void {
	useScreenKeys((input, key) => runBindings(scope, table, input, key) || (rest ? rest(input, key) : false));
}

/** A key through a table of bindings: true when a handler took it. */
export function runBindings(scope: Scope, table: Bindings, input: string, key: Key): boolean {
	const command = resolveKey(scope, input, key);
	const handler = command ? table[command] : undefined;
	return handler ? handler(input) !== false : false;
}
