/**
 * Browsing the store: which query is shown and how it got there. Pivots (and esc back to the row they came from),
 * a report chosen from the picker (a history of its own), filters applied, Graph beta on and off (the same record
 * selected again), copy, sign-in and signing in again when the session ends.
 */
import {useEffect, useRef, useState} from 'react';
import {describeQuery, emptyQuery, resolveQuery, type Query} from '../query/query.js';
import type {StoreSnapshot} from '../store/record-store.js';
import {sanitizeLine} from '../terminal/sanitize.js';
import {visibleControls} from '../terminal/tty-output.js';
import {readableJson} from '../reports/json-text.js';
import {subjectOf} from '../sources/timeline-source.js';
import {keyName, type Command} from './keymap.js';
import type {AppProps, NavAction, Route} from './shell.js';
import type {ListCursor} from './use-list-cursor.js';
import type {Bindings} from './key-router.js';

export type PivotCommand = Extract<
	Command,
	'pivotUser' | 'pivotApp' | 'pivotIp' | 'pivotCorrelation' | 'pivotAudits' | 'pivotGroup' | 'pivotSignIns'
>;

export interface Browse {
	/** The signed-in account's name. */
	readonly account: string | undefined;
	/** The query (in words) that esc returns to, after a pivot. */
	readonly backTo: string | undefined;
	readonly signedIn: (name: string) => void;
	/** The report's pivot on the command's key, from the selected record. */
	readonly pivot: (command: PivotCommand) => void;
	/** Back from a pivot to the list and row it came from: false when there was none. */
	readonly back: () => boolean;
	/** Opens `query` as a list over the screen on top (a summary's line), `from` naming it: esc comes back to it. */
	readonly drill: (query: Query, from: string) => void;
	/** A report chosen from the picker: a new start, with a history of its own. */
	readonly open: (query: Query) => void;
	/** The filter editor's query. */
	readonly apply: (query: Query) => void;
	readonly toggleBeta: () => void;
	readonly copy: () => void;
	/** The timeline of the selected record's user. */
	readonly timeline: () => void;
}

interface BrowseParts {
	readonly props: AppProps;
	readonly snap: StoreSnapshot;
	readonly cursor: ListCursor;
	readonly dispatch: (action: NavAction) => void;
	readonly setStatus: (line: string) => void;
	/** The route on top now (the latest, not a render's). */
	readonly top: () => Route;
}

export function useBrowse({props, snap, cursor, dispatch, setStatus, top}: BrowseParts): Browse {
	const {store} = props;
	const [account, setAccount] = useState<string | undefined>();
	/** Where each pivot came from (the row, and the query in words): esc goes back there, and the hints say so. */
	const history = useRef<Array<{readonly selected: number; readonly query: string; readonly screen?: boolean}>>([]);
	/** A record to select again once the list reloads (after b). */
	const reselect = useRef<string | undefined>(undefined);

	// The session ended (refresh token revoked or expired): sign in again over the list, which stays as it is.
	useEffect(() => {
		if (snap.needsLogin && top().name !== 'login') dispatch({type: 'push', route: {name: 'login', again: true}});
		// eslint-disable-next-line react-hooks/exhaustive-deps -- once per failure that needs a sign-in, not per render
	}, [snap.needsLogin, snap.failures]);

	// After a switch to or from beta: back on the record that was selected, when the first page has it.
	useEffect(() => {
		const id = reselect.current;
		if (id === undefined || snap.loading) return;
		reselect.current = undefined;
		for (let i = 0; i < snap.records.length; i++) {
			if (snap.records.at(i)?.id === id) return cursor.set(i);
		}
		if (top().name === 'detail') dispatch({type: 'pop'});
		// eslint-disable-next-line react-hooks/exhaustive-deps -- when a load ends, not when the cursor or route changes
	}, [snap.loading, snap.records.length]);

	const start = (query: Query): void => {
		store.setQuery(query);
		cursor.set(0);
	};

	return {
		account,
		backTo: history.current.at(-1)?.query,
		signedIn: name => {
			setAccount(name);
			const route = top();
			if (route.name === 'login' && route.again) {
				dispatch({type: 'pop'});
				setStatus(`signed in again as ${sanitizeLine(name)}`);
				void store.loadNext();
				return;
			}
			if (props.initialQuery) {
				store.setQuery(props.initialQuery);
				dispatch({type: 'replace', route: {name: 'list'}});
			} else dispatch({type: 'reset', route: {name: 'picker'}});
		},
		pivot: command => {
			const snap = store.getSnapshot();
			const selected = cursor.latest.current;
			const record = snap.records.at(selected);
			const report = snap.report;
			if (!record || !report || !snap.query) return;
			const key = keyName(command);
			const p = report.pivots.find(x => x.key === key);
			if (!p) return setStatus(`${report.title} has no pivot on ${key} (${keyName('help')} lists them)`);
			const value = p.value(record);
			if (!value) return setStatus(`nothing to pivot on (${p.label})`);
			const target = p.report ?? report.id;
			// Offline, another report only where the source holds it (an archive of several categories).
			if (target !== report.id && props.offline && !props.reports?.includes(target))
				return setStatus(
					`${p.label}: ${props.reports ? 'this archive holds no such report' : 'a file holds one report'}, and this pivot opens another`,
				);
			history.current.push({selected, query: describeQuery(snap.query)});
			// Another report (a user's audits from a sign-in): its own query over the same time range.
			const {since, until, order, workspace} = snap.query;
			store.pushQuery(
				target === report.id
					? {...snap.query, filters: {[p.field]: value}}
					: {
							...emptyQuery(target),
							// The same source: a workspace's list pivots within the workspace.
							...(workspace ? {workspace} : {}),
							order,
							...(since ? {since} : {}),
							...(until ? {until} : {}),
							filters: {[p.field]: value},
						},
			);
			cursor.set(0);
			setStatus(
				`${p.label}: ${sanitizeLine(value)} · ${keyName('back')} back to ${sanitizeLine(describeQuery(snap.query))}`,
			);
			if (top().name === 'detail') dispatch({type: 'pop'});
		},
		back: () => {
			if (!store.popQuery()) return false;
			const entry = history.current.pop();
			cursor.set(entry?.selected ?? 0);
			setStatus('');
			// A drill-down came from a screen over the list (the summary): back to that screen too.
			if (entry?.screen) dispatch({type: 'pop'});
			return true;
		},
		drill: (query, from) => {
			history.current.push({selected: cursor.latest.current, query: from, screen: true});
			store.pushQuery(query);
			cursor.set(0);
			setStatus('');
			dispatch({type: 'push', route: {name: 'list'}});
		},
		open: query => {
			props.recent?.add(query);
			// Another report starts a history of its own: esc no longer leads back into the lists before it.
			while (store.popQuery()) history.current.pop();
			start(query);
			setStatus('');
			dispatch({type: 'reset', route: {name: 'list'}});
		},
		apply: query => {
			props.recent?.add(query);
			const before = store.getSnapshot().query;
			// The same query again: loaded anew. Other filters: a list of their own over the one before, as a pivot's is,
			// so that esc comes back to that list and its row (before, esc went on to the report picker).
			if (!before || describeQuery(before) === describeQuery(query)) return start(query);
			history.current.push({selected: cursor.latest.current, query: describeQuery(before)});
			store.pushQuery(query);
			cursor.set(0);
		},
		toggleBeta: () => {
			const b = keyName('beta');
			if (props.offline) return setStatus('a file holds the fields it was saved with: beta applies to Graph queries');
			const snap = store.getSnapshot();
			if (!snap.query) return;
			if (snap.query.workspace)
				return setStatus('a workspace row holds every column its table has: beta applies to Graph queries');
			const next = {...snap.query, beta: !snap.query.beta};
			if (resolveQuery(next).version === resolveQuery(snap.query).version) {
				return setStatus('this query needs Graph beta (event types other than interactive, or a beta-only field)');
			}
			// The same query again from the other endpoint; the record under the cursor stays selected once it is loaded.
			reselect.current = snap.records.at(cursor.latest.current)?.id;
			start(next);
			setStatus(
				next.beta ? `Graph beta: authentication steps and more fields (${b} for v1.0)` : `Graph v1.0 (${b} for beta)`,
			);
		},
		copy: () => {
			const record = store.getSnapshot().records.at(cursor.latest.current);
			// At any depth (a hostile record nests 10,000 levels): pretty-printed, or compact when that would be huge. The
			// controls a terminal or an editor acts on (C1, bidi overrides) are written as JSON escapes: pasted anywhere,
			// they show, and the text still parses to the same record.
			if (record) setStatus(props.copy(visibleControls(readableJson(record))));
		},
		timeline: () => {
			const snap = store.getSnapshot();
			const record = snap.records.at(cursor.latest.current);
			if (!record || !snap.report) return;
			if (!props.timeline) return setStatus('a file holds one report: the timeline reads Graph');
			const subject = subjectOf(snap.report.id, record);
			if (!subject) return setStatus('no user in this record (an app or a service principal signed in)');
			const range = {since: snap.query?.since, until: snap.query?.until};
			dispatch({type: 'push', route: {name: 'timeline', subject, range}});
		},
	};
}

/** The commands of a record, the same in the list and the detail. */
export function recordBindings(
	browse: Browse,
	{props, setStatus, dispatch}: Pick<BrowseParts, 'props' | 'setStatus' | 'dispatch'>,
): Bindings {
	return {
		switchReport: () =>
			// Offline, the picker only where the source holds more than one report (an archive's categories).
			props.offline && (props.reports?.length ?? 0) < 2
				? setStatus('a file holds one report: open another file for another one')
				: dispatch({type: 'push', route: {name: 'picker'}}),
		pivotUser: () => browse.pivot('pivotUser'),
		pivotApp: () => browse.pivot('pivotApp'),
		pivotIp: () => browse.pivot('pivotIp'),
		pivotCorrelation: () => browse.pivot('pivotCorrelation'),
		pivotAudits: () => browse.pivot('pivotAudits'),
		pivotGroup: () => browse.pivot('pivotGroup'),
		pivotSignIns: () => browse.pivot('pivotSignIns'),
		beta: () => browse.toggleBeta(),
		copy: () => browse.copy(),
		timeline: () => browse.timeline(),
		copyAs: () => dispatch({type: 'push', route: {name: 'copyAs'}}),
	};
}
