/**
 * What a report's list is read from: an index (newest first, ties by id) and a lookup by id. Usually the tenant's
 * array; for benchmarks at a million records, a scaled table that derives records from the generated ones when they
 * are read, so that the emulator does not hold a million objects (about 7 KB each) to serve them.
 */
import {sortNewestFirst, timeOf, type GraphRecord} from '../tenant/tenant.js';
import {shiftTime} from '../instant.js';

export interface RecordTable {
	readonly length: number;
	/** How many, from the newest, can be read now without waiting (the demo tenant's, arriving); all when absent. */
	readonly ready?: number;
	at(index: number): GraphRecord | undefined;
	byId(id: string): GraphRecord | undefined;
}

/** The live array (controls may add to it): reads go straight to it. */
export function arrayTable(list: readonly GraphRecord[]): RecordTable {
	return {
		get length() {
			return list.length;
		},
		at: index => list[index],
		byId: id => list.find(r => r.id === id),
	};
}

/**
 * `total` records made of copies of `base`: copy k lies entirely before copy k-1 in time (shifted by the span of the
 * base plus a second), and its ids (and correlation ids) carry k in their first 8 hex digits. Within a copy the
 * order is that of the base sorted by (time, id without its first 8 digits), so every copy sorts the same way and
 * the whole table is newest first with unique ids: keyset paging over it is exact.
 */
export function scaledTable(base: readonly GraphRecord[], total: number): RecordTable {
	const ordered = [...base];
	sortNewestFirst(ordered, id => id.slice(8));
	const n = ordered.length;
	if (n === 0) return arrayTable([]);
	const newest = Date.parse(timeOf(ordered[0]!));
	const oldest = Date.parse(timeOf(ordered[n - 1]!));
	const span = newest - oldest + 1000;
	const bySuffix = new Map(ordered.map((r, i) => [r.id.slice(8), i]));
	const prefix = (k: number, id: string): string => `${k.toString(16).padStart(8, '0')}${id.slice(8)}`;
	const derive = (r: GraphRecord, k: number): GraphRecord => {
		const field = 'createdDateTime' in r ? 'createdDateTime' : 'activityDateTime';
		const derived: GraphRecord = {...r, id: prefix(k, r.id), [field]: shiftTime(timeOf(r), -k * span)};
		if (typeof r['correlationId'] === 'string') derived['correlationId'] = prefix(k, r['correlationId']);
		return derived;
	};
	return {
		length: total,
		at: index => (index >= 0 && index < total ? derive(ordered[index % n]!, Math.floor(index / n)) : undefined),
		byId: id => {
			const k = Number.parseInt(id.slice(0, 8), 16);
			const i = bySuffix.get(id.slice(8));
			return i !== undefined && /^[0-9a-f]{8}$/.test(id.slice(0, 8)) && k * n + i < total
				? derive(ordered[i]!, k)
				: undefined;
		},
	};
}
