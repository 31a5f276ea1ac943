/** The summary's time histogram (issue 9 §3): hour buckets over up to three days, day buckets beyond; and its drawing. */

export interface Histogram {
	readonly unit: 'hour' | 'day';
	/** Units per bucket: 1, unless a long span would need more than MAX_BUCKETS of them. */
	readonly size: number;
	readonly buckets: ReadonlyArray<{readonly start: string; readonly count: number}>;
	/** Records without a readable time. */
	readonly undated: number;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** Hours up to this span, days beyond it. */
const HOURLY_UP_TO = 72 * HOUR;
export const MAX_BUCKETS = 400;

/** Buckets over the finite times among the first `n` of `times`, contiguous from the first to the last. */
export function histogramOf(times: Float64Array, n: number): Histogram {
	let min = Number.POSITIVE_INFINITY;
	let max = Number.NEGATIVE_INFINITY;
	let undated = 0;
	for (let i = 0; i < n; i++) {
		const t = times[i]!;
		if (Number.isNaN(t)) undated++;
		else {
			if (t < min) min = t;
			if (t > max) max = t;
		}
	}
	if (min > max) return {unit: 'hour', size: 1, buckets: [], undated};
	const {unit, size, width, start} = shapeOf(min, max);
	const counts = new Float64Array(Math.floor((max - start) / width) + 1);
	for (let i = 0; i < n; i++) {
		const t = times[i]!;
		if (!Number.isNaN(t)) counts[Math.floor((t - start) / width)]!++;
	}
	return bucketsOf(unit, size, width, start, counts, undated);
}

/** The buckets' unit and width for times from `min` to `max`, and where the first starts (a multiple of the width). */
function shapeOf(min: number, max: number): {unit: 'hour' | 'day'; size: number; width: number; start: number} {
	const unit = max - min <= HOURLY_UP_TO ? 'hour' : 'day';
	const unitMs = unit === 'hour' ? HOUR : DAY;
	const units = Math.floor(max / unitMs) - Math.floor(min / unitMs) + 1;
	let size = Math.max(1, Math.ceil(units / MAX_BUCKETS));
	// Buckets align on multiples of their width, which can add one at the end: widen until they fit.
	while (Math.floor(max / (size * unitMs)) - Math.floor(min / (size * unitMs)) + 1 > MAX_BUCKETS) size++;
	const width = size * unitMs;
	return {unit, size, width, start: Math.floor(min / width) * width};
}

function bucketsOf(
	unit: 'hour' | 'day',
	size: number,
	width: number,
	start: number,
	counts: Float64Array,
	undated: number,
): Histogram {
	return {
		unit,
		size,
		buckets: Array.from(counts, (count, k) => ({start: new Date(start + k * width).toISOString(), count})),
		undated,
	};
}

/**
 * The histogram and first and last time of records given one at a time, without keeping a time per record: counts by
 * hour while the times span at most HOURLY_UP_TO, by day beyond (a bucket, an hour or a day or several, starts on
 * its unit, so each hour's or day's records share one), and the earliest and latest time. Neighbouring records share
 * their hour (Graph's newest first), so a run is counted before it is looked up. The same buckets as histogramOf over
 * the same times.
 */
export class TimeCounts {
	/** Records by unit (hour or day) since the epoch. */
	private counts = new Map<number, number>();
	private unitMs = HOUR;
	private unit = Number.NaN;
	private run = 0;
	private min = Number.POSITIVE_INFINITY;
	private max = Number.NEGATIVE_INFINITY;
	private undated = 0;

	/** A record's time in ms (NaN: none readable). */
	add(t: number): void {
		if (Number.isNaN(t)) {
			this.undated++;
			return;
		}
		if (t < this.min) this.min = t;
		if (t > this.max) this.max = t;
		if (this.unitMs === HOUR && this.max - this.min > HOURLY_UP_TO) this.byDay();
		const unit = Math.floor(t / this.unitMs);
		if (unit === this.unit) this.run++;
		else {
			this.flush();
			this.unit = unit;
			this.run = 1;
		}
	}

	/** The span outgrew hour buckets (it only grows): the counts by day from now on. */
	private byDay(): void {
		this.flush();
		const days = new Map<number, number>();
		for (const [hour, count] of this.counts) {
			const day = Math.floor(hour / 24);
			days.set(day, (days.get(day) ?? 0) + count);
		}
		this.counts = days;
		this.unitMs = DAY;
	}

	private flush(): void {
		if (this.run > 0) this.counts.set(this.unit, (this.counts.get(this.unit) ?? 0) + this.run);
		this.run = 0;
		this.unit = Number.NaN;
	}

	histogram(): Histogram {
		this.flush();
		const {min, max, undated, unitMs} = this;
		if (min > max) return {unit: 'hour', size: 1, buckets: [], undated};
		const {unit, size, width, start} = shapeOf(min, max);
		const counts = new Float64Array(Math.floor((max - start) / width) + 1);
		// Whole units over whole units: exact (start and width are multiples of the unit counted).
		for (const [at, count] of this.counts) counts[Math.floor((at - start / unitMs) / (width / unitMs))]! += count;
		return bucketsOf(unit, size, width, start, counts, undated);
	}

	/** The earliest and latest time, ISO ('' when none is dated). */
	get from(): string {
		return this.min <= this.max ? new Date(this.min).toISOString() : '';
	}

	get to(): string {
		return this.min <= this.max ? new Date(this.max).toISOString() : '';
	}
}

const EIGHTHS = [' ', '▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];

/**
 * Columns of block characters, `height` rows (eighths of a row at the top of each column), at most `width`
 * characters wide (adjacent buckets merge when there are more), with the highest count on the left and the first
 * and last bucket's time beneath. A pure function: the same text for the TUI and the CLI.
 */
export function renderHistogram(
	h: Histogram,
	options: {readonly width?: number; readonly height?: number} = {},
): string {
	const height = Math.max(1, Math.floor(options.height ?? 6));
	if (h.buckets.length === 0) return '(no dated records)';
	let max = 0;
	for (const b of h.buckets) max = Math.max(max, b.count);
	const label = String(max).length;
	const room = Math.max(1, Math.floor(options.width ?? 60) - label - 1);
	const per = Math.ceil(h.buckets.length / room);
	const columns: number[] = [];
	for (let k = 0; k < h.buckets.length; k += per) {
		let sum = 0;
		for (let j = k; j < Math.min(k + per, h.buckets.length); j++) sum += h.buckets[j]!.count;
		columns.push(sum);
	}
	if (per > 1) max = Math.max(...columns);
	const cell = Math.max(1, Math.min(3, Math.floor(room / columns.length)));
	const lines: string[] = [];
	for (let row = height - 1; row >= 0; row--) {
		let line = '';
		for (const count of columns) {
			// Any non-zero count shows at least an eighth, so a lone record is not lost.
			const eighths = count === 0 ? 0 : Math.max(1, Math.round((count / max) * height * 8));
			line += EIGHTHS[Math.max(0, Math.min(8, eighths - row * 8))]!.repeat(cell);
		}
		const axis = row === height - 1 ? String(max) : row === 0 ? '0' : '';
		lines.push(`${axis.padStart(label)} ${line.trimEnd()}`);
	}
	const first = when(h.buckets[0]!.start, h.unit);
	const last = when(h.buckets[h.buckets.length - 1]!.start, h.unit);
	const span = columns.length * cell;
	const bottom =
		span >= first.length + last.length + 2 ? `${first}${' '.repeat(span - first.length - last.length)}${last}` : first;
	const each = `${per * h.size} ${h.unit}${per * h.size === 1 ? '' : 's'} per ${cell === 1 ? 'column' : 'bar'}`;
	lines.push(
		`${' '.repeat(label)} ${bottom}`,
		`${' '.repeat(label)} ${each}, UTC${h.undated ? `; ${h.undated} undated` : ''}`,
	);
	return lines.join('\n');
}

function when(iso: string, unit: 'hour' | 'day'): string {
	return unit === 'hour' ? `${iso.slice(0, 10)} ${iso.slice(11, 16)}` : iso.slice(0, 10);
}
