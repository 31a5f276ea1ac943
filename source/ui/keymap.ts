/**
 * The one key table: every command's description (typed: a command without one does not compile), its keys and the
 * screens (scopes) it works in. Screens resolve keys through it, every hint on screen names its keys from it, and
 * Help renders it.
 */
import type {Key} from 'ink';

export type Scope =
	| 'global'
	| 'picker'
	| 'list'
	| 'search'
	| 'detail'
	| 'filters'
	| 'export'
	| 'help'
	| 'login'
	| 'summary'
	| 'timeline'
	| 'columns'
	| 'copyAs';

export type Command =
	| 'quit'
	| 'suspend'
	| 'back'
	| 'help'
	| 'up'
	| 'down'
	| 'pageUp'
	| 'pageDown'
	| 'top'
	| 'bottom'
	| 'nextPage'
	| 'open'
	| 'detail'
	| 'prev'
	| 'next'
	| 'copy'
	| 'search'
	| 'find'
	| 'filters'
	| 'pivotUser'
	| 'pivotApp'
	| 'pivotIp'
	| 'pivotCorrelation'
	| 'pivotAudits'
	| 'pivotGroup'
	| 'pivotSignIns'
	| 'export'
	| 'refresh'
	| 'switchReport'
	| 'apply'
	| 'start'
	| 'recent'
	| 'format'
	| 'clearField'
	| 'beta'
	| 'cycle'
	| 'retry'
	| 'prevField'
	| 'nextField'
	| 'summary'
	| 'summaryAll'
	| 'drill'
	| 'timeline'
	| 'columns'
	| 'toggle'
	| 'moveUp'
	| 'moveDown'
	| 'copyAs'
	| 'choose';

/** What each command does. Hints show the words before " (": the rest is said in Help. */
export const DESCRIPTIONS: Readonly<Record<Command, string>> = {
	up: 'move up',
	down: 'move down',
	pageUp: 'page up',
	pageDown: 'page down',
	top: 'top of what is loaded',
	bottom: 'bottom of what is loaded',
	nextPage: 'next page (fetch it)',
	open: 'open the report',
	detail: 'detail (every field of the record)',
	recent: 'reopen a recent query',
	prev: 'previous record',
	next: 'next record',
	copy: 'copy (the record as JSON)',
	search: 'search (the loaded rows, or the detail; / enter again: the next match)',
	find: 'find the next row that holds the text',
	filters: 'filters (edit them)',
	pivotUser: 'pivot: same user (audits: the initiator; provisioning: the identity)',
	pivotApp: 'pivot: same app (audits: the activity; provisioning: the job)',
	pivotIp: 'pivot: same IP (audits: the target; provisioning: the target system)',
	pivotCorrelation: 'pivot: same correlation id (provisioning: the cycle)',
	pivotAudits: "pivot: the audits about the record's user (opens directory audits)",
	pivotGroup: "pivot: the group's membership changes (audits of a group)",
	pivotSignIns: "pivot: the sign-ins of the record's user (audits: the initiator; provisioning: the identity)",
	export: 'export the current query (NDJSON, JSON or CSV file)',
	refresh: 'refresh',
	beta: 'Graph beta on/off (sign-ins: authentication steps and more fields)',
	apply: 'apply the filters',
	start: 'start the export',
	format: 'next export format',
	cycle: 'next choice (time presets, status, result...)',
	clearField: 'clear the field',
	switchReport: 'switch report',
	retry: 'try again',
	prevField: 'previous field',
	nextField: 'next field',
	summary: 'summary of the query (outcomes, top values, time histogram, detections)',
	summaryAll: 'summary over the whole query (fetches every page in the background; esc stops)',
	drill: 'open the records behind the line',
	timeline: "timeline of the record's user (sign-ins, audits, provisioning)",
	columns: 'columns (choose and order them; saved per report)',
	toggle: 'show or hide the column',
	moveUp: 'move the column up',
	moveDown: 'move the column down',
	copyAs: 'copy as (the row as text, the Graph URL, PowerShell, KQL)',
	choose: 'choose',
	help: 'help',
	back: 'back',
	quit: 'quit',
	suspend: 'suspend: back to the shell (fg returns)',
};

export interface Binding {
	readonly command: Command;
	/** Display names; the first is shown in hints. */
	readonly keys: readonly string[];
	readonly description: string;
	readonly scopes: readonly Scope[];
}

const bind = (command: Command, keys: readonly string[], scopes: readonly Scope[]): Binding => ({
	command,
	keys,
	scopes,
	description: DESCRIPTIONS[command],
});

/** The pivot commands (a list of the record's user, app, IP, ...): Help shows a report's own in their place. */
export const PIVOTS: readonly Command[] = [
	'pivotUser',
	'pivotApp',
	'pivotIp',
	'pivotCorrelation',
	'pivotAudits',
	'pivotGroup',
	'pivotSignIns',
];

export const KEYMAP: readonly Binding[] = [
	bind('up', ['↑', 'k'], ['picker', 'list', 'detail', 'help', 'summary', 'timeline', 'columns', 'copyAs']),
	bind('down', ['↓', 'j'], ['picker', 'list', 'detail', 'help', 'summary', 'timeline', 'columns', 'copyAs']),
	// In a form, letters are text: only the arrows move.
	bind('prevField', ['↑'], ['filters']),
	bind('nextField', ['↓'], ['filters']),
	bind('pageUp', ['PgUp'], ['list', 'detail', 'summary', 'timeline']),
	bind('pageDown', ['PgDn'], ['list', 'detail', 'summary', 'timeline']),
	bind('top', ['g'], ['list', 'detail', 'summary', 'timeline']),
	bind('bottom', ['G'], ['list', 'detail', 'summary', 'timeline']),
	bind('nextPage', ['n'], ['list']),
	bind('open', ['enter'], ['picker']),
	bind('detail', ['enter'], ['list', 'timeline']),
	bind('recent', ['1', '2', '3', '4', '5', '6', '7', '8', '9'], ['picker']),
	bind('prev', ['←'], ['detail']),
	bind('next', ['→'], ['detail']),
	bind('copy', ['y'], ['list', 'detail', 'timeline']),
	bind('search', ['/'], ['list', 'detail', 'timeline']),
	bind('find', ['enter'], ['search']),
	bind('filters', ['f'], ['list']),
	bind('pivotUser', ['u'], ['list', 'detail']),
	bind('pivotApp', ['a'], ['list', 'detail']),
	bind('pivotIp', ['i'], ['list', 'detail']),
	bind('pivotCorrelation', ['c'], ['list', 'detail']),
	bind('pivotAudits', ['A'], ['list', 'detail']),
	bind('pivotGroup', ['m'], ['list', 'detail']),
	bind('pivotSignIns', ['S'], ['list', 'detail']),
	bind('export', ['e'], ['list']),
	bind('refresh', ['r'], ['list']),
	bind('beta', ['b'], ['list', 'detail']),
	bind('apply', ['enter'], ['filters']),
	bind('start', ['enter'], ['export']),
	bind('format', ['tab'], ['export']),
	bind('cycle', ['tab'], ['filters']),
	bind('clearField', ['ctrl-u'], ['filters', 'export', 'search']),
	bind('switchReport', [':'], ['list', 'detail']),
	bind('summary', ['s'], ['list']),
	bind('summaryAll', ['F'], ['summary']),
	bind('drill', ['enter'], ['summary']),
	bind('timeline', ['t'], ['list', 'detail']),
	bind('columns', ['C'], ['list']),
	bind('toggle', ['space'], ['columns']),
	bind('moveUp', ['K'], ['columns']),
	bind('moveDown', ['J'], ['columns']),
	bind('copyAs', ['Y'], ['list', 'detail', 'timeline']),
	bind('choose', ['enter'], ['copyAs', 'columns']),
	bind('retry', ['enter'], ['login']),
	bind('help', ['?'], ['global']),
	bind('back', ['esc'], ['global']),
	bind('quit', ['q'], ['global']),
	bind('suspend', ['ctrl-z'], ['global']),
];

function matches(name: string, input: string, key: Key): boolean {
	switch (name) {
		case '↑':
			return key.upArrow;
		case '↓':
			return key.downArrow;
		case '←':
			return key.leftArrow;
		case '→':
			return key.rightArrow;
		case 'PgUp':
			return key.pageUp;
		case 'PgDn':
			return key.pageDown;
		case 'enter':
			return key.return;
		case 'esc':
			return key.escape;
		case 'tab':
			return key.tab;
		case 'space':
			return !key.ctrl && !key.meta && input === ' ';
		case 'ctrl-u':
			return key.ctrl && input === 'u';
		case 'ctrl-z':
			return key.ctrl && input === 'z';
		default:
			return !key.ctrl && !key.meta && input === name;
	}
}

/** The command a key means in a scope (the scope's own bindings first, then the global ones). */
export function resolveKey(scope: Scope, input: string, key: Key): Command | undefined {
	for (const pass of [scope, 'global'] as const) {
		for (const b of KEYMAP) if (b.scopes.includes(pass) && b.keys.some(k => matches(k, input, key))) return b.command;
	}
	return undefined;
}

/** Whether a key is one of a command's keys (in any scope). */
export function isKey(command: Command, input: string, key: Key): boolean {
	return KEYMAP.some(b => b.command === command && b.keys.some(k => matches(k, input, key)));
}

function bindingOf(command: Command, scope?: Scope): Binding | undefined {
	return (
		KEYMAP.find(b => b.command === command && scope !== undefined && b.scopes.includes(scope)) ??
		KEYMAP.find(b => b.command === command)
	);
}

/** The key a hint names for a command (its first one), in a scope when the scope binds it otherwise. */
export function keyName(command: Command, scope?: Scope): string {
	return bindingOf(command, scope)?.keys[0] ?? '?';
}

/** "key what" for each command, as the status bar and the screens' last lines show them. */
export function hints(scope: Scope, commands: readonly Command[]): string {
	return commands
		.map(c => bindingOf(c, scope))
		.filter((b): b is Binding => b !== undefined)
		.map(b => `${b.keys[0]} ${b.description.split(' (')[0]}`)
		.join(' · ');
}
