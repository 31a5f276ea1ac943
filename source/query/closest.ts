/** "Did you mean": the known name nearest to a typo, by edit distance (Levenshtein, case-insensitive). */

export function editDistance(a: string, b: string): number {
	const s = a.toLowerCase();
	const t = b.toLowerCase();
	let prev = Array.from({length: t.length + 1}, (_, j) => j);
	for (let i = 1; i <= s.length; i++) {
		const cur = [i];
		for (let j = 1; j <= t.length; j++) {
			cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (s[i - 1] === t[j - 1] ? 0 : 1));
		}
		prev = cur;
	}
	return prev[t.length]!;
}

/**
 * The candidate nearest to `typed`, if it is near enough to be what was meant: at most a third of the candidate's
 * length away (two edits for most flag names), and never an exact match (that is not a typo).
 */
export function closest(typed: string, candidates: Iterable<string>): string | undefined {
	let best: string | undefined;
	let bestDistance = Infinity;
	for (const c of candidates) {
		const d = editDistance(typed, c);
		if (d > 0 && d < bestDistance && d <= Math.max(1, Math.floor(c.length / 3))) {
			best = c;
			bestDistance = d;
		}
	}
	return best;
}
