/**
 * The list's rows, kept compact so that a million of them stay small: by column, each cell an id into the column's
 * table of distinct values (users, apps, cities and statuses repeat thousands of times: a cell is then 4 bytes), and
 * one byte per cell for its tone. A column whose values hardly repeat (a time to the second) keeps its strings
 * instead, as an id table would only add to them. Append-only: a page adds its rows in place (no copy of what was
 * loaded), and the store publishes a new snapshot so that readers re-render.
 */
import type {Tone} from '../reports/report.js';

const TONES: readonly Tone[] = ['default', 'success', 'failure', 'warning', 'muted'];
const TONE_INDEX = new Map(TONES.map((t, i) => [t, i]));
const CHUNK = 4096;
/** Past this many distinct values, a column where more than half the rows are distinct keeps plain strings. */
const INTERN_CHECK = 4096;

/** One column's cells: ids into a table of distinct values, or plain strings once interning does not pay. */
class CellColumn {
	private table: string[] | undefined = [];
	private ids: Map<string, number> | undefined = new Map();
	private readonly chunks: Uint32Array[] = [];
	private plain: string[] | undefined;

	add(index: number, value: string): void {
		if (this.plain) {
			this.plain.push(value);
			return;
		}
		let id = this.ids!.get(value);
		if (id === undefined) {
			id = this.table!.length;
			this.table!.push(value);
			this.ids!.set(value, id);
		}
		(this.chunks[Math.floor(index / CHUNK)] ??= new Uint32Array(CHUNK))[index % CHUNK] = id;
		if (this.table!.length > INTERN_CHECK && this.table!.length * 2 > index + 1) this.toPlain(index + 1);
	}

	get(index: number): string {
		if (this.plain) return this.plain[index] ?? '';
		return this.table![this.chunks[Math.floor(index / CHUNK)]![index % CHUNK]!] ?? '';
	}

	private toPlain(count: number): void {
		const plain: string[] = [];
		for (let i = 0; i < count; i++) plain.push(this.get(i));
		this.plain = plain;
		this.table = undefined;
		this.ids = undefined;
		this.chunks.length = 0;
	}
}

export class Rows {
	private readonly cellColumns: CellColumn[];
	private readonly toneChunks: Uint8Array[] = [];
	private count = 0;

	constructor(readonly columns: number) {
		this.cellColumns = Array.from({length: columns}, () => new CellColumn());
	}

	get length(): number {
		return this.count;
	}

	/** Appends rows: cells already sanitized, tones one per cell. */
	push(cells: ReadonlyArray<readonly string[]>, tones: ReadonlyArray<readonly Tone[]>): void {
		for (let r = 0; r < cells.length; r++) {
			const index = this.count++;
			for (let c = 0; c < this.columns; c++) this.cellColumns[c]!.add(index, cells[r]![c] ?? '');
			const chunk = Math.floor(index / CHUNK);
			this.toneChunks[chunk] ??= new Uint8Array(CHUNK * this.columns);
			const base = (index % CHUNK) * this.columns;
			for (let c = 0; c < this.columns; c++)
				this.toneChunks[chunk]![base + c] = TONE_INDEX.get(tones[r]?.[c] ?? 'default') ?? 0;
		}
	}

	/** The sanitized cells of row `index`. */
	cells(index: number): string[] {
		if (index < 0 || index >= this.count) return [];
		return this.cellColumns.map(column => column.get(index));
	}

	tone(index: number, column: number): Tone {
		if (index < 0 || index >= this.count || column >= this.columns) return 'default';
		return TONES[this.toneChunks[Math.floor(index / CHUNK)]![(index % CHUNK) * this.columns + column]!] ?? 'default';
	}

	/** The first row after `after` (then from the top) whose text contains `needle`, ignoring case; -1 when none. */
	find(needle: string, after: number): number {
		const n = needle.toLowerCase();
		const hit = (i: number): boolean => this.cells(i).join(' ').toLowerCase().includes(n);
		for (let i = after + 1; i < this.count; i++) if (hit(i)) return i;
		for (let i = 0; i <= Math.min(after, this.count - 1); i++) if (hit(i)) return i;
		return -1;
	}
}
