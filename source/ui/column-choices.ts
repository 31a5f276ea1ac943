/**
 * The columns chosen for each list (the column chooser, C), kept with conf in the config directory
 * (`columns.json`, 0600). Read straight from conf's file (plain JSON) when first asked; conf itself loads only when a
 * choice is saved, so that it costs nothing at start-up (`open`'s first frame reads it too: first-frame.ts).
 */
import {existsSync, readFileSync} from 'node:fs';
import {join} from 'node:path';
import type Conf from 'conf';
import {PRIVATE_FILE, ensurePrivateDir} from '../fs/private.js';
import {listColumns, listKey, type ListKey} from '../reports/catalogue.list.js';
import type {EventTypeName} from '../reports/sign-ins.fields.js';
import {resolveQuery, type Query} from '../query/query.js';
import type {RecordStore} from '../store/record-store.js';

const NAME = 'columns';
type Saved = Partial<Record<ListKey, string[]>>;

export interface ColumnChoices {
	/** The column keys chosen for a list, in order; undefined when none were. */
	get(list: ListKey): readonly string[] | undefined;
	/** Keeps a list's choice; resolves once it is on disk. Never rejects: a choice that could not be saved stops nothing. */
	set(list: ListKey, keys: readonly string[]): Promise<void>;
	/** Resolves once every choice kept so far is on disk (or could not be saved). */
	settled(): Promise<void>;
}

export function columnChoices(configDir: string): ColumnChoices {
	let saved: Saved | undefined;
	let conf: Promise<Conf<{columns: Saved}>> | undefined;
	let written = Promise.resolve();
	const current = (): Saved => (saved ??= readSaved(configDir));
	return {
		get: list => current()[list],
		set: (list, keys) => {
			const next = {...current(), [list]: [...keys]};
			saved = next;
			written = written
				.then(async () => {
					// Before conf, which makes a missing folder 0755 as it opens.
					ensurePrivateDir(configDir);
					(await (conf ??= openConf(configDir))).set(NAME, next);
				})
				.catch(() => undefined);
			return written;
		},
		settled: () => written,
	};
}

/** The sign-in event types a query reads (those its fields select, when --type is not given). */
export function eventTypesOf(query: Query): readonly EventTypeName[] | undefined {
	try {
		return resolveQuery(query).eventTypes;
	} catch {
		return query.eventTypes;
	}
}

/** The list a query's columns are chosen for (users' or apps' sign-ins, audits, provisioning). */
export function listKeyOf(query: Query): ListKey {
	return listKey(query.report, eventTypesOf(query));
}

/**
 * The store's list shows the columns chosen for it, else its defaults: the App's list (screens/record-list.tsx) and
 * `open`'s first frame, drawn before Ink loads, so that both show the same columns.
 */
export function showChosenColumns(store: RecordStore, choices: ColumnChoices | undefined): void {
	const {query, report} = store.getSnapshot();
	if (!query || !report) return;
	const types = eventTypesOf(query);
	const wanted = listColumns(report.id, types, choices?.get(listKey(query.report, types)));
	if (wanted.map(c => c.key).join() !== report.columns.map(c => c.key).join()) store.setColumns(wanted);
}

async function openConf(configDir: string): Promise<Conf<{columns: Saved}>> {
	const {default: Conf} = await import('conf');
	return new Conf<{columns: Saved}>({
		projectName: 'entra-logs',
		cwd: configDir,
		configName: NAME,
		defaults: {columns: {}},
		configFileMode: PRIVATE_FILE,
	});
}

/** conf's file as conf writes it; none yet, not readable, or hand-edited into other shapes: only lists of names count. */
function readSaved(configDir: string): Saved {
	const out = Object.create(null) as Record<string, string[]>;
	const file = join(configDir, `${NAME}.json`);
	// Read only if it is there (none is the usual case, at every start of `open`: a failed read's error costs more).
	if (!existsSync(file)) return out as Saved;
	try {
		const value = (JSON.parse(readFileSync(file, 'utf8')) as {columns?: unknown}).columns;
		if (value === null || typeof value !== 'object' || Array.isArray(value)) return out;
		for (const [list, keys] of Object.entries(value as Record<string, unknown>))
			if (Array.isArray(keys) && keys.every(k => typeof k === 'string')) out[list] = keys as string[];
	} catch {
		// none yet, or not ours to read
	}
	return out as Saved;
}
