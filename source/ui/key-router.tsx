/**
 * Who a key goes to: the focused screen first, which consumes it (returns true) or lets it through to the global
 * bindings (quit, help, back). One Ink input handler (useKeys: one character at a time) feeds this; screens take
 * keys through useScreenKeys or useBindings, never their own useInput, so a key that a text field consumes (the
 * enter or esc that leaves it) is never also a command.
 */
import React, {createContext, useContext, useLayoutEffect, useRef, useState} from 'react';
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
	/** True while the screen has nothing yet for this key to act on (a list whose rows for it are on their way). */
	waiting: (input: string, key: Key) => boolean;
}

/** List keys that open a text field (the search, the filter editor, the export's file name): the keys after them are text. */
const TEXT_FIELDS: ReadonlySet<Command | undefined> = new Set<Command>(['search', 'filters', 'export']);
const opensText = (input: string, key: Key): boolean => TEXT_FIELDS.has(resolveKey('list', input, key));

interface Focus {
	readonly owner: unknown;
	readonly slot: {current: Slot | undefined};
	readonly shown: (owner: unknown) => void;
}

const FocusContext = createContext<Focus | undefined>(undefined);

/**
 * The routing itself: the top route's screen, then `global` for what it did not consume. A key that comes while the
 * route on top has not registered its keys yet (the key right after one that opened a screen, in the same chunk or
 * before the screen's first frame: `Y ↓ enter` sent at once) waits, in order, until that screen is shown (`shown`,
 * called by Focused), so it reaches the screen it was typed for rather than the one under it or nowhere.
 *
 * Keys that waited are handed on after the commit that showed the screen, not inside it: `shown` runs in a layout
 * effect, and a key handed on there that changes the screen again (enter, esc, enter… pasted, held over SSH, sent by
 * tmux) made React render inside that commit, once per such key; about fifty of them in one read passed React's
 * limit of nested updates and the TUI died with its error #185 (found by an independent check).
 *
 * Keys wait the same way, in order, while the screen on top is shown but has nothing yet for them to act on
 * (useScreenKeys' `waiting`, asked of each key: a list whose first page is on its way has no rows for j, G, enter or
 * / to act on; a list whose cursor is on its last row while the next page comes has none for j), until a commit
 * brings it: typed as the list loads, or in one read past a page's end, they count once the rows show, as they do
 * when typed before `open`'s first frame (before, a Graph list took them with no rows and they were lost, and j's past
 * the last row of a page in one read were). Keys that need no rows (f, ?, :, e, r) act at once when none are held.
 * The keys that leave, back (esc) and quit (q), act at once while keys are held, and those keys go with them (but for
 * keys typed after one that opens a text field, whose text they may be: `/q`); held keys whose screen is no longer on
 * top when they could go on (a sign-in pushed over the list) are dropped rather than handed to a screen they were not
 * typed for.
 */
export function useKeyRouter(
	top: () => unknown,
	global: (input: string, key: Key) => void,
): {
	readonly slot: {current: Slot | undefined};
	readonly route: (input: string, key: Key) => void;
	readonly shown: (owner: unknown) => void;
} {
	const slot = useRef<Slot | undefined>(undefined);
	const latest = useRef({top, global});
	latest.current = {top, global};
	// Made once: `shown` is a dependency of Focused's layout effect, which then runs when the route changes rather
	// than on every render. They read the latest `top` and `global` through the ref.
	const [router] = useState(() => {
		const pending: Array<readonly [string, Key]> = [];
		/** The route whose screen was shown last (its commit is done). */
		let onScreen: unknown;
		/** The route whose waiting screen holds the first pending key, if one does. */
		let heldFor: unknown;
		let scheduled = false;
		let draining = false;
		/** The screen's keys, then the global ones for what it did not consume. */
		const handOn = (screen: Slot, input: string, key: Key): void => {
			if (!screen.handler(input, key)) latest.current.global(input, key);
		};
		/**
		 * The top route's screen when it is waiting and the key leaves it (back, quit): such a key does not wait, unless a
		 * key held before it opens a field it may be text of (`/q`, typed ahead, searches for q).
		 */
		const leaving = (input: string, key: Key): Slot | undefined => {
			const screen = slot.current;
			const command = resolveKey('global', input, key);
			const leaves = (command === 'back' || command === 'quit') && !pending.some(([i, k]) => opensText(i, k));
			const holding = pending.length > 0 && screen !== undefined && heldFor === screen.owner;
			return leaves && holding && screen.owner === latest.current.top() ? screen : undefined;
		};
		/** Hands a key on; false when it must wait for the top route's screen. */
		const deliver = (input: string, key: Key): boolean => {
			const owner = latest.current.top();
			const screen = slot.current;
			if (screen && screen.owner === owner) {
				if (screen.waiting(input, key)) {
					heldFor = owner;
					return false;
				}
				heldFor = undefined;
				handOn(screen, input, key);
				return true;
			}
			// The screen on top is shown and takes no keys of its own: the global ones still work.
			if (onScreen !== undefined && onScreen === owner) {
				latest.current.global(input, key);
				return true;
			}
			return false;
		};
		/** The keys that waited, in order, until one must wait again. Each runs outside React's commit. */
		const drain = (): void => {
			scheduled = false;
			if (draining) return;
			draining = true;
			try {
				if (heldFor !== undefined && heldFor !== latest.current.top()) {
					pending.length = 0;
					heldFor = undefined;
				}
				while (pending.length > 0) {
					const [input, key] = pending[0]!;
					if (!deliver(input, key)) return;
					pending.shift();
				}
			} finally {
				draining = false;
			}
		};
		return {
			route: (input: string, key: Key): void => {
				const left = leaving(input, key);
				if (left) {
					pending.length = 0;
					heldFor = undefined;
					return handOn(left, input, key);
				}
				if (pending.length > 0 || !deliver(input, key)) pending.push([input, key]);
			},
			shown: (owner: unknown): void => {
				onScreen = owner;
				if (pending.length === 0 || scheduled) return;
				scheduled = true;
				queueMicrotask(drain);
			},
		};
	});
	return {slot, route: router.route, shown: router.shown};
}

/** Gives the screens under it the keys of `owner` (the route they render); keys waiting for it follow once shown. */
export function Focused({
	owner,
	slot,
	shown,
	children,
}: {
	readonly owner: unknown;
	readonly slot: {current: Slot | undefined};
	readonly shown: (owner: unknown) => void;
	readonly children: React.ReactNode;
}): React.ReactElement {
	// A parent's layout effect runs after its children's: the screen has registered its keys by now.
	useLayoutEffect(() => shown(owner), [owner, shown]);
	return <FocusContext.Provider value={{owner, slot, shown}}>{children}</FocusContext.Provider>;
}

/**
 * A screen's key handler; the latest render's one is called (it should read state through useKeyState's refs).
 * `waiting` (of each key, or of all): the screen has nothing for the key to act on yet; it and the keys after it wait,
 * in order, until a commit brings it (but for back and quit: useKeyRouter).
 */
export function useScreenKeys(
	handler: ScreenKeyHandler,
	waiting: boolean | ((input: string, key: Key) => boolean) = false,
): void {
	const focus = useContext(FocusContext);
	const latest = useRef({handler, waiting});
	latest.current = {handler, waiting};
	const owner = focus?.owner;
	const slot = focus?.slot;
	const shown = focus?.shown;
	// In the commit that shows the screen (a layout effect), so that a key right after its first frame reaches it.
	useLayoutEffect(() => {
		if (!slot) return;
		const mine: Slot = {
			owner,
			handler: (input, key) => latest.current.handler(input, key),
			waiting: (input, key) => {
				const w = latest.current.waiting;
				return typeof w === 'function' ? w(input, key) : w;
			},
		};
		slot.current = mine;
		return () => {
			if (slot.current === mine) slot.current = undefined;
		};
	}, [owner, slot]);
	// Each commit may have brought what held keys waited for (its rows): they follow, after it, as far as they can.
	useLayoutEffect(() => {
		shown?.(owner);
	});
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
