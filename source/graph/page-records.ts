/**
 * The records of a Graph page held whole in one buffer, sliced as the bytes Graph sent: the objects directly inside
 * the `value` array of the top-level object, with where each starts. Only strings and brackets are read, in one
 * pass over the page with nothing carried between chunks (the general scanner, json-scan.ts, reads files and
 * streams of any layout and cost export as much CPU as the bytes' TLS). What is not read here (the grammar around
 * and inside the records, a page cut short) the caller checks by parsing the page with each record replaced by `0`:
 * a page that parses, whose `value` is exactly as many zeros as records were sliced, was sliced right.
 */
export function valueRecords(page: Buffer): {readonly records: Buffer[]; readonly starts: number[]} {
	const records: Buffer[] = [];
	const starts: number[] = [];
	const n = page.length;
	let depth = 0;
	/** The last string at depth 1 was `"value"` (the key of the array that follows it, in JSON that parses). */
	let valueKey = false;
	let inValue = false;
	let start = -1;
	for (let i = 0; i < n; i++) {
		const c = page[i]!;
		if (c === 34) {
			const q = stringEnd(page, i);
			if (q < 0) break;
			if (depth === 1)
				valueKey =
					q - i === 6 &&
					page[i + 1] === 118 &&
					page[i + 2] === 97 &&
					page[i + 3] === 108 &&
					page[i + 4] === 117 &&
					page[i + 5] === 101;
			i = q;
		} else if (c === 123 || c === 91) {
			depth++;
			if (depth === 2 && c === 91 && valueKey) inValue = true;
			else if (depth === 3 && inValue && c === 123) start = i;
		} else if (c === 125 || c === 93) {
			if (depth === 3 && start >= 0 && c === 125) {
				records.push(page.subarray(start, i + 1));
				starts.push(start);
				start = -1;
			}
			if (depth === 2) inValue = false;
			if (--depth < 0) break;
		}
	}
	return {records, starts};
}

/** Where the string whose opening quote is at `open` closes: the next quote no odd run of backslashes escapes (-1: none). */
export function stringEnd(page: Buffer, open: number): number {
	let q = page.indexOf(34, open + 1);
	while (q > 0 && page[q - 1] === 92 && escaped(page, q, open)) q = page.indexOf(34, q + 1);
	return q;
}

/** An odd run of backslashes right before the quote at `q`, counting back no further than the string's opening quote at `open`. */
function escaped(page: Buffer, q: number, open: number): boolean {
	let b = 0;
	while (q - 1 - b > open && page[q - 1 - b] === 92) b++;
	return b % 2 === 1;
}
