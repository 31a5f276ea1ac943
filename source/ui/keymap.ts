/** The one key table: screens resolve keys through it, and Help renders it. */
import type {Key} from 'ink';

export type Scope = 'global' | 'picker' | 'list' | 'detail' | 'filters' | 'export' | 'help' | 'login';

export type Command =
	| 'quit' | 'back' | 'help' | 'up' | 'down' | 'pageUp' | 'pageDown' | 'top' | 'bottom' | 'nextPage' | 'open' | 'prev' | 'next'
	| 'copy' | 'search' | 'filters' | 'pivotUser' | 'pivotApp' | 'pivotIp' | 'pivotCorrelation' | 'export' | 'refresh' | 'switchReport'
	| 'apply' | 'recent' | 'format' | 'clearField' | 'beta' | 'cycle';

export interface Binding {
	readonly command: Command;
	/** Display names; the first is shown in hints. */
	readonly keys: readonly string[];
	readonly description: string;
	readonly scopes: readonly Scope[];
}

export const KEYMAP: readonly Binding[] = [
	{command: 'up', keys: ['↑', 'k'], description: 'move up', scopes: ['picker', 'list', 'detail', 'filters', 'help']},
	{command: 'down', keys: ['↓', 'j'], description: 'move down', scopes: ['picker', 'list', 'detail', 'filters', 'help']},
	{command: 'pageUp', keys: ['PgUp'], description: 'page up', scopes: ['list', 'detail']},
	{command: 'pageDown', keys: ['PgDn'], description: 'page down', scopes: ['list', 'detail']},
	{command: 'top', keys: ['g'], description: 'top of what is loaded', scopes: ['list', 'detail']},
	{command: 'bottom', keys: ['G'], description: 'bottom of what is loaded', scopes: ['list', 'detail']},
	{command: 'nextPage', keys: ['n'], description: 'fetch the next page', scopes: ['list']},
	{command: 'open', keys: ['enter'], description: 'open (report, record)', scopes: ['picker', 'list']},
	{command: 'recent', keys: ['1', '2', '3', '4', '5', '6', '7', '8', '9'], description: 'reopen a recent query', scopes: ['picker']},
	{command: 'prev', keys: ['←'], description: 'previous record', scopes: ['detail']},
	{command: 'next', keys: ['→'], description: 'next record', scopes: ['detail']},
	{command: 'copy', keys: ['y'], description: 'copy the record as JSON', scopes: ['list', 'detail']},
	{command: 'search', keys: ['/'], description: 'search loaded rows (/ enter again: the next match)', scopes: ['list']},
	{command: 'filters', keys: ['f'], description: 'edit filters', scopes: ['list']},
	{command: 'pivotUser', keys: ['u'], description: 'pivot: same user', scopes: ['list', 'detail']},
	{command: 'pivotApp', keys: ['a'], description: 'pivot: same app', scopes: ['list', 'detail']},
	{command: 'pivotIp', keys: ['i'], description: 'pivot: same IP', scopes: ['list', 'detail']},
	{command: 'pivotCorrelation', keys: ['c'], description: 'pivot: same correlation id', scopes: ['list', 'detail']},
	{command: 'export', keys: ['e'], description: 'export the current query (NDJSON, JSON or CSV file)', scopes: ['list']},
	{command: 'refresh', keys: ['r'], description: 'refresh', scopes: ['list']},
	{command: 'beta', keys: ['b'], description: 'Graph beta on/off (sign-ins: authentication steps and more fields)', scopes: ['list', 'detail']},
	{command: 'apply', keys: ['enter'], description: 'apply the filters', scopes: ['filters']},
	{command: 'apply', keys: ['enter'], description: 'start the export', scopes: ['export']},
	{command: 'format', keys: ['tab'], description: 'next export format', scopes: ['export']},
	{command: 'cycle', keys: ['tab'], description: 'next choice (time presets, status, result...)', scopes: ['filters']},
	{command: 'clearField', keys: ['ctrl-u'], description: 'clear the field', scopes: ['filters', 'export']},
	{command: 'switchReport', keys: [':'], description: 'switch report', scopes: ['list', 'detail']},
	{command: 'help', keys: ['?'], description: 'help', scopes: ['global']},
	{command: 'back', keys: ['esc'], description: 'back', scopes: ['global']},
	{command: 'quit', keys: ['q'], description: 'quit', scopes: ['global']},
];

function matches(name: string, input: string, key: Key): boolean {
	switch (name) {
		case '↑': return key.upArrow;
		case '↓': return key.downArrow;
		case '←': return key.leftArrow;
		case '→': return key.rightArrow;
		case 'PgUp': return key.pageUp;
		case 'PgDn': return key.pageDown;
		case 'enter': return key.return;
		case 'esc': return key.escape;
		case 'tab': return key.tab;
		case 'ctrl-u': return key.ctrl && input === 'u';
		default: return !key.ctrl && !key.meta && input === name;
	}
}

/** The command a key means in a scope (the scope's own bindings first, then the global ones). */
export function resolveKey(scope: Scope, input: string, key: Key): Command | undefined {
	for (const pass of [scope, 'global'] as const) {
		for (const b of KEYMAP) if (b.scopes.includes(pass) && b.keys.some(k => matches(k, input, key))) return b.command;
	}
	return undefined;
}

export function hints(scope: Scope, commands: readonly Command[]): string {
	return commands
		.map(c => KEYMAP.find(b => b.command === c && (b.scopes.includes(scope) || b.scopes.includes('global'))))
		.filter((b): b is Binding => b !== undefined)
		.map(b => `${b.keys[0]} ${b.description.split(' (')[0]}`)
		.join(' · ');
}
