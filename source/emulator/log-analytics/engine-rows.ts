/**
 * The engine's rows: a table's row read lazily from its Graph record (only the cells a query touches are
 * projected), a computed row, a renamed one; the semantic error every part raises.
 */
import type {Column, TableName, Workspace} from './tables.js';
import {projectCell} from './projection.js';
import type {Value} from './values.js';
import type {GraphRecord} from '../tenant/tenant.js';

export class KqlSemanticError extends Error {}

export interface Row {
	get(name: string): Value;
}

/**
 * Cells already projected, per record and table, kept across queries while the record lives (paging asks for the same
 * TimeGenerated and Id again and again); long text is projected again each time rather than held.
 */
export const CELLS = new WeakMap<GraphRecord, Map<string, Value>>();

export class SourceRow implements Row {
	private readonly cache: Map<string, Value>;
	constructor(
		private readonly record: GraphRecord,
		private readonly table: TableName,
		private readonly schema: ReadonlyMap<string, Column>,
		private readonly ws: Workspace,
	) {
		let cache = CELLS.get(record);
		if (!cache) CELLS.set(record, (cache = new Map()));
		this.cache = cache;
	}

	// A record is in one table only (its report's, or its event type's), so a column name is key enough.
	get(name: string): Value {
		const hit = this.cache.get(name);
		if (hit !== undefined) return hit;
		const column = this.schema.get(name);
		const v = column ? projectCell(this.table, column, this.record, this.ws.ctx) : null;
		if (typeof v !== 'string' || v.length <= 256) this.cache.set(name, v);
		return v;
	}
}

export class MapRow implements Row {
	constructor(
		private readonly values: ReadonlyMap<string, Value>,
		private readonly base?: Row,
	) {}
	get(name: string): Value {
		return this.values.has(name) ? this.values.get(name)! : this.base ? this.base.get(name) : null;
	}
}

export class RenamedRow implements Row {
	constructor(
		private readonly base: Row,
		private readonly names: ReadonlyMap<string, string>,
	) {}
	get(name: string): Value {
		const from = this.names.get(name);
		return from === undefined ? null : this.base.get(from);
	}
}

export interface Env {
	readonly columns: readonly Column[];
	readonly now: Date;
}
