/**
 * The tests' own reading of Graph's times, independent of the emulator's instant.ts: an ISO 8601 time with up to 7
 * fractional digits (or none) and Z or an offset, as 100 ns ticks since the epoch. Text comparison is no oracle:
 * `…01Z` > `…01.0000001Z` as strings.
 */
export function ticks(text: string): bigint {
	const m = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d{1,7}))?(Z|[+-]\d{2}:\d{2})$/.exec(text);
	if (!m) throw new Error(`not a Graph time: ${text}`);
	return BigInt(Date.parse(`${m[1]}${m[3]}`)) * 10_000n + BigInt((m[2] ?? '').padEnd(7, '0'));
}

/** Whether the times run newest first (non-increasing instants). */
export function newestFirst(times: readonly string[]): boolean {
	return times.every((t, i) => i === 0 || ticks(t) <= ticks(times[i - 1]!));
}
