/**
 * The list's rows, kept compact so that a million of them stay small: one string per row (its sanitized cells joined
 * by U+001F, which sanitizing removes from every cell, so it cannot occur inside one) and one byte per cell for its
 * tone. Append-only: a page adds its rows in place (no copy of what was loaded), and the store publishes a new
 * snapshot so that readers re-render.
 */
import type {Tone} from '../reports/report.js';

const SEPARATOR = '\u001F';
const TONES: readonly Tone[] = ['default', 'success', 'failure', 'warning', 'muted'];
const TONE_INDEX = new Map(TONES.map((t, i) => [t, i]));
const CHUNK = 4096;

export class Rows {
	private readonly texts: string[] = [];
	private readonly toneChunks: Uint8Array[] = [];

	constructor(readonly columns: number) {}

	get length(): number {
		return this.texts.length;
	}

	/** Appends rows: cells already sanitized, tones one per cell. */
	push(cells: ReadonlyArray<readonly string[]>, tones: ReadonlyArray<readonly Tone[]>): void {
		for (let r = 0; r < cells.length; r++) {
			const index = this.texts.length;
			this.texts.push(cells[r]!.join(SEPARATOR));
			const chunk = Math.floor(index / CHUNK);
			this.toneChunks[chunk] ??= new Uint8Array(CHUNK * this.columns);
			const base = (index % CHUNK) * this.columns;
			for (let c = 0; c < this.columns; c++)
				this.toneChunks[chunk]![base + c] = TONE_INDEX.get(tones[r]?.[c] ?? 'default') ?? 0;
		}
	}

	/** The sanitized cells of row `index`. */
	cells(index: number): string[] {
		const text = this.texts[index];
		return text === undefined ? [] : text.split(SEPARATOR);
	}

	tone(index: number, column: number): Tone {
		if (index < 0 || index >= this.texts.length || column >= this.columns) return 'default';
		return TONES[this.toneChunks[Math.floor(index / CHUNK)]![(index % CHUNK) * this.columns + column]!] ?? 'default';
	}

	/** The first row after `after` (then from the top) whose text contains `needle`, ignoring case; -1 when none. */
	find(needle: string, after: number): number {
		const n = needle.toLowerCase();
		const hit = (i: number): boolean => this.texts[i]!.toLowerCase().replaceAll(SEPARATOR, ' ').includes(n);
		for (let i = after + 1; i < this.texts.length; i++) if (hit(i)) return i;
		for (let i = 0; i <= Math.min(after, this.texts.length - 1); i++) if (hit(i)) return i;
		return -1;
	}
}
