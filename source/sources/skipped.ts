/**
 * What a file's reader left out, and why, counted the same way for every layout (NDJSON, JSON, CSV) and said in one
 * line: "3 lines skipped: 2 not JSON objects, 1 without a time (lines 2, 5, 9)". Nothing is dropped silently.
 */
import {constants} from 'node:buffer';

export type SkipReason = 'not-object' | 'no-time' | 'unclosed-quote' | 'too-long';

/** The longest record read: V8's longest string (512 MiB less 24 bytes); a longer one cannot be held as text. */
export const MAX_RECORD_BYTES = constants.MAX_STRING_LENGTH;

const bytes = String(MAX_RECORD_BYTES).replace(/\B(?=(\d{3})+(?!\d))/g, ',');

const WORDS: Readonly<Record<SkipReason, readonly [one: string, many: string]>> = {
	'not-object': ['not a JSON object', 'not JSON objects'],
	'no-time': ['without a time', 'without a time'],
	'unclosed-quote': ['with a quote never closed', 'with a quote never closed'],
	// By hand, not toLocaleString: ICU's number formats would load before open's first frame.
	'too-long': [`over ${bytes} bytes`, `over ${bytes} bytes`],
};

/** Line numbers named in the note, at most. */
const NAMED = 5;

export class Skipped {
	private readonly counts: Record<SkipReason, number> = {
		'not-object': 0,
		'no-time': 0,
		'unclosed-quote': 0,
		'too-long': 0,
	};
	private readonly lines: number[] = [];

	add(reason: SkipReason, line: number): void {
		this.counts[reason]++;
		if (this.lines.length < NAMED + 1 && !this.lines.includes(line)) this.lines.push(line);
	}

	get total(): number {
		return Object.values(this.counts).reduce((sum, n) => sum + n, 0);
	}

	/** Both tallies together (what indexing found plus what reading pages found). */
	plus(other: Skipped): Skipped {
		const sum = new Skipped();
		for (const from of [this, other]) {
			for (const reason of Object.keys(from.counts) as SkipReason[]) sum.counts[reason] += from.counts[reason];
			for (const line of from.lines)
				if (sum.lines.length < NAMED + 1 && !sum.lines.includes(line)) sum.lines.push(line);
		}
		sum.lines.sort((a, b) => a - b);
		return sum;
	}

	/** "3 lines skipped: 2 not JSON objects, 1 without a time (lines 2, 5, 9)"; undefined when nothing was. */
	describe(unit: 'line' | 'record'): string | undefined {
		const total = this.total;
		if (total === 0) return undefined;
		const parts = (Object.keys(this.counts) as SkipReason[])
			.filter(r => this.counts[r] > 0)
			.map(r => `${this.counts[r]} ${WORDS[r][this.counts[r] === 1 ? 0 : 1]}`);
		const lines = [...this.lines].sort((a, b) => a - b);
		const named = lines.slice(0, NAMED).join(', ') + (total > NAMED ? ', ...' : '');
		return `${total} ${unit}${total === 1 ? '' : 's'} skipped: ${parts.join(', ')} (line${lines.length === 1 ? '' : 's'} ${named})`;
	}
}
