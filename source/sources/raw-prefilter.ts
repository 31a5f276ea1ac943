/**
 * A query's strings looked for in a record's raw bytes before the record is parsed: a record whose bytes cannot hold
 * them cannot match, and is passed over without `JSON.parse` (`open FILE --user U` on a big file reads at the speed of
 * `Buffer.indexOf`, not of the parser). Only what is certain is left out; anything in doubt is parsed:
 * - only `eq`, `startswith` and `contains` on strings, inside `and`/`or`; never `any` (a v1.0 sign-in's implied event
 *   types are not in its bytes) nor a field the reader computes (times, ids, status, provisioning action);
 * - a record with a backslash anywhere (its strings may be escaped: `\u0061`, `\/`), or with one of the two characters
 *   whose lower case is ASCII (U+0130 `İ`, U+212A the Kelvin sign), is always parsed;
 * - a value that could be a number's text (a field holding `1e2` is `'100'` to `eq`) gives nothing to look for.
 * Case-insensitive clauses look for the value's longest run of ASCII, ASCII-case-insensitively: a string that lowers
 * to one holding the value holds that run, in its bytes, in some case (no other character lowers to ASCII).
 */
import type {Expr} from '../query/filter.js';

/** Fields a file reader may write itself (file-records.ts, normalize): their values need not be in the bytes. */
const COMPUTED = new Set([
	'id',
	'status',
	'provisioningAction',
	'createdDateTime',
	'activityDateTime',
	'signinDateTime',
	'activityDate',
	'@time',
]);

interface Needle {
	readonly bytes: Buffer;
	/** ASCII letters match either case. */
	readonly fold: boolean;
	/** The index of a byte that is not a letter, if any: found by Buffer.indexOf, then the rest compared around it. */
	readonly anchor: number;
}

/** Every clause must hold: at least one of its needles is in the record's bytes. */
type Clauses = Needle[][];

/** Tells whether a record's bytes may hold a match, or undefined when the query gives nothing to look for. */
export type RawCheck = (buf: Buffer, start: number, end: number) => boolean;

export function rawPrefilter(exprs: ReadonlyArray<Expr | undefined>): RawCheck | undefined {
	const clauses = exprs.flatMap(e => (e ? clausesOf(e) : []));
	if (clauses.length === 0) return undefined;
	return (buf, start, end) => {
		const record = buf.subarray(start, end);
		if (record.includes(BACKSLASH) || record.includes(DOTTED_I) || record.includes(KELVIN)) return true;
		return clauses.every(clause => clause.some(n => holds(record, n)));
	};
}

function clausesOf(expr: Expr): Clauses {
	switch (expr.kind) {
		case 'and':
			return expr.items.flatMap(clausesOf);
		case 'or': {
			const firsts = expr.items.map(e => clausesOf(e)[0]);
			return firsts.every(c => c !== undefined) ? [firsts.flat()] : [];
		}
		case 'cmp':
			if (expr.op !== 'eq' || expr.value.type !== 'string' || /^[-+0-9.e]*$/i.test(expr.value.value)) return [];
			return needleClause(expr.path, expr.value.value, !expr.caseSensitive);
		case 'fn':
			return needleClause(expr.path, expr.value, !expr.caseSensitive);
		default:
			return [];
	}
}

function needleClause(path: string, value: string, fold: boolean): Clauses {
	if (path === '' || COMPUTED.has(path.split('/')[0]!)) return [];
	let text = value;
	if (fold) {
		// The longest run of ASCII in the lowered value.
		const runs = value.toLowerCase().match(/[\x00-\x7f]+/g) ?? [];
		text = runs.reduce((a, b) => (b.length > a.length ? b : a), '');
	}
	// Text JSON writes escaped (quotes, backslashes, controls) is never in the bytes as it is: such records have a
	// backslash and are parsed anyway. U+FFFD may stand for bytes that are not UTF-8.
	if (text === '' || /["\\\u0000-\u001f\ufffd]/.test(text)) return [];
	const bytes = Buffer.from(text, 'utf8');
	return [[{bytes, fold, anchor: anchorOf(bytes, fold)}]];
}

/** A byte of the needle that is the same in both cases, the rarest-looking first ('@' beats '.', '-' and digits). */
function anchorOf(bytes: Buffer, fold: boolean): number {
	if (!fold) return 0;
	let best = -1;
	let rank = 0;
	for (let i = 0; i < bytes.length; i++) {
		const b = bytes[i]!;
		if (isLetter(b)) continue;
		const r = b === 64 ? 4 : b === 46 || b === 45 || b === 32 ? 1 : b >= 48 && b <= 57 ? 2 : 3;
		if (r > rank) [best, rank] = [i, r];
	}
	return best;
}

const isLetter = (b: number): boolean => (b >= 65 && b <= 90) || (b >= 97 && b <= 122);
const lower = (b: number): number => (b >= 65 && b <= 90 ? b | 32 : b);

function holds(record: Buffer, n: Needle): boolean {
	const len = n.bytes.length;
	if (!n.fold) return record.includes(n.bytes);
	if (n.anchor >= 0) {
		const a = n.bytes[n.anchor]!;
		for (let p = record.indexOf(a, n.anchor); p >= 0; p = record.indexOf(a, p + 1)) {
			const at = p - n.anchor;
			if (at + len <= record.length && sameFolded(record, at, n.bytes)) return true;
		}
		return false;
	}
	// Letters only: each place its first letter is, in either case.
	const first = n.bytes[0]!;
	for (const c of [first, first ^ 32]) {
		for (let p = record.indexOf(c); p >= 0; p = record.indexOf(c, p + 1)) {
			if (p + len <= record.length && sameFolded(record, p, n.bytes)) return true;
		}
	}
	return false;
}

function sameFolded(buf: Buffer, at: number, needle: Buffer): boolean {
	for (let i = 0; i < needle.length; i++) if (lower(buf[at + i]!) !== needle[i]) return false;
	return true;
}

const BACKSLASH = 92;
const DOTTED_I = Buffer.from('\u0130', 'utf8');
const KELVIN = Buffer.from('\u212a', 'utf8');
