/**
 * The column chooser (C in the list): every column of the report's catalogue, those shown first in their order.
 * space shows or hides one, K and J move it, enter applies and saves the choice for this list (users' or apps'
 * sign-ins, audits, provisioning); esc leaves it as it was.
 */
import React from 'react';
import {Box, Text} from 'ink';
import {catalogueOf, columnsOf, type ListKey} from '../../reports/catalogue.list.js';
import type {Column} from '../../reports/report.js';
import {listKeyOf} from '../column-choices.js';
import {useBindings} from '../key-router.js';
import {hints, keyName} from '../keymap.js';
import type {Shell} from '../shell.js';
import {useKeyState} from '../use-key-state.js';
import {cursorBindings, keepInView, useListCursor} from '../use-list-cursor.js';

interface Item {
	readonly column: Column;
	readonly shown: boolean;
}

const LIST_TITLES: Readonly<Record<ListKey, string>> = {
	signins: "users' sign-ins",
	'signins.apps': 'service principal and managed identity sign-ins',
	audits: 'directory audits',
	provisioning: 'provisioning',
};

/** The chooser's rows: the shown columns in their order, then the others in the catalogue's order. */
export function chooserItems(catalogue: readonly Column[], shown: readonly Column[]): Item[] {
	const keys = new Set(shown.map(c => c.key));
	return [
		...shown.map(column => ({column, shown: true})),
		...catalogue.filter(c => !keys.has(c.key)).map(column => ({column, shown: false})),
	];
}

export function ColumnChooser({snap, store, props, dispatch, setStatus, height}: Shell): React.ReactElement {
	const report = snap.report;
	const [items, setItems, latest] = useKeyState<Item[]>(
		report ? chooserItems(catalogueOf(report.id), report.columns) : [],
	);
	const cursor = useListCursor(0);
	const visible = Math.max(1, height - 3);
	const last = (): number => latest.current.length - 1;

	/** Swaps the item at the cursor with its neighbour, and the cursor goes with it. */
	const move = (by: -1 | 1): void => {
		const at = cursor.latest.current;
		const to = at + by;
		if (to < 0 || to > last()) return;
		setItems(list => {
			const next = [...list];
			[next[at], next[to]] = [next[to]!, next[at]!];
			return next;
		});
		cursor.set(to);
	};
	useBindings('columns', {
		...cursorBindings(cursor, last, visible),
		toggle: () => setItems(list => list.map((it, i) => (i === cursor.latest.current ? {...it, shown: !it.shown} : it))),
		moveUp: () => move(-1),
		moveDown: () => move(1),
		choose: () => {
			if (!report || !snap.query) return;
			const keys = latest.current.filter(it => it.shown).map(it => it.column.key);
			if (keys.length === 0) {
				setStatus(`choose at least one column (${keyName('toggle', 'columns')} shows one)`);
				return;
			}
			void props.columns?.set(listKeyOf(snap.query), keys);
			store.setColumns(columnsOf(report.id, keys));
			dispatch({type: 'pop'});
		},
	});

	if (!report || !snap.query) return <Text>No list</Text>;
	const start = keepInView(cursor.index, items.length, visible);
	const count = items.filter(it => it.shown).length;
	return (
		<Box flexDirection="column">
			<Text bold wrap="truncate">
				Columns: {LIST_TITLES[listKeyOf(snap.query)]}
				<Text dimColor bold={false}>{` (${count} of ${items.length} shown)`}</Text>
			</Text>
			{items.slice(start, start + visible).map((it, i) => {
				const index = start + i;
				const here = index === cursor.index;
				return (
					<Text key={it.column.key} wrap="truncate" color={here ? 'cyan' : undefined}>
						{here ? '› ' : '  '}
						{it.shown ? '[x] ' : '[ ] '}
						{it.column.label}
					</Text>
				);
			})}
			<Box flexGrow={1} />
			<Text dimColor wrap="truncate">
				{hints('columns', ['toggle', 'moveUp', 'moveDown', 'choose'])} · {keyName('back')} cancel
			</Text>
		</Box>
	);
}
