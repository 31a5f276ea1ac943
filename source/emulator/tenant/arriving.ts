/**
 * The demo tenant's reports while their records arrive from the worker thread (tenant-worker.ts), newest first: a
 * request is answered from the records already there when they decide its answer (a first page needs only the
 * newest), and waits for more when it reads past them (an older page, the oldest first, an id not yet seen). Reading
 * past them throws NotYet, which the server catches to wait and ask again: the answer is the one the whole tenant
 * gives, only sooner.
 */
import type {RecordTable} from '../graph/records.js';
import type {GraphRecord} from './tenant.js';
import type {Counts, Table} from './tenant-cache.js';

/** A read past the records there so far: `need` of `table` would decide it. */
export class NotYet extends Error {
	constructor(
		readonly table: Table,
		readonly need: number,
	) {
		super(`the demo tenant's ${table} are still arriving`);
	}
}

interface Waiter {
	readonly table: Table;
	readonly target: number;
	resolve(): void;
	reject(error: unknown): void;
}

export class ArrivingTenant {
	readonly tables: Record<Table, RecordTable>;
	private counts: Counts | undefined;
	private done = false;
	private failure: unknown;
	private waiters: Waiter[] = [];

	/** `lists`: the tenant's own arrays, filled here as records arrive. */
	constructor(private readonly lists: Record<Table, GraphRecord[]>) {
		const table = (name: Table): RecordTable => {
			const list = lists[name];
			const counts = (): number | undefined => this.counts?.[name];
			const all = (): boolean => this.done || list.length >= (counts() ?? Infinity);
			return {
				get length(): number {
					if (all()) return list.length;
					return counts() ?? notYet(name, 1);
				},
				get ready(): number {
					return list.length;
				},
				at: index => {
					if (index < list.length || all()) return list[index];
					const total = counts();
					if (total !== undefined && index >= total) return undefined;
					throw new NotYet(name, index + 1);
				},
				byId: id => {
					const found = list.find(r => r.id === id);
					if (found || all()) return found;
					throw new NotYet(name, list.length + 1);
				},
			};
		};
		this.tables = {
			signIns: table('signIns'),
			directoryAudits: table('directoryAudits'),
			provisioning: table('provisioning'),
		};
	}

	/** How many records each report will have (known before the first record arrives). */
	setCounts(counts: Counts): void {
		this.counts = counts;
		this.wake();
	}

	add(table: Table, records: readonly GraphRecord[]): void {
		const list = this.lists[table];
		for (const r of records) list.push(r);
		this.wake();
	}

	finish(): void {
		this.done = true;
		this.wake();
	}

	/** The worker failed before every record was there (after, its end is no failure). */
	fail(error: unknown): void {
		if (this.done) return;
		this.failure = error;
		for (const w of this.waiters.splice(0)) w.reject(error);
	}

	/**
	 * Settles when there is more to read than when `error` was thrown: at least what it needed, and (so that a request
	 * reading everything is not asked again on every slice) at least twice as many records as were there.
	 */
	more(error: NotYet): Promise<void> {
		if (this.failure !== undefined) return Promise.reject(this.failure);
		const target = Math.max(error.need, 2 * this.lists[error.table].length);
		return new Promise((resolve, reject) => {
			this.waiters.push({table: error.table, target, resolve, reject});
			this.wake();
		});
	}

	private wake(): void {
		this.waiters = this.waiters.filter(w => {
			const list = this.lists[w.table];
			const ready = this.done || list.length >= Math.min(w.target, this.counts?.[w.table] ?? Infinity);
			if (ready) w.resolve();
			return !ready;
		});
	}
}

function notYet(table: Table, need: number): never {
	throw new NotYet(table, need);
}
