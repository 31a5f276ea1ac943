/**
 * Nothing only in the raw JSON: each named detail section says which Graph paths it shows, and an "Other properties"
 * section shows every non-empty value of the record that no section names, nested objects flattened with their path
 * (`status.extra`, `networkLocationDetails[0].networkNames`). Records are hostile: the walk is iterative, goes
 * `FLAT_DEPTH` levels deep (deeper containers as bounded JSON), and shows at most SECTION_MAX lines.
 */
import {jsonBrief, rawTextOf} from './json-text.js';
import {GUID, SECTION_MAX, text as cellText, type DetailSection, type GraphRecord, type Line} from './report.js';

/** Characters of an object's JSON a detail line holds at most (a string is held whole). */
const JSON_MAX = 200_000;

/**
 * A value as a detail section shows it: a string whole (the screen wraps it, and states any cut it makes), an object
 * or array as JSON that says where the rest is when it is long, a number or boolean written out; '' for nothing.
 */
export function text(value: unknown): string {
	if (typeof value === 'string') return value;
	if (value === null || typeof value !== 'object') return cellText(value);
	const json = jsonBrief(value, JSON_MAX);
	return json.length > JSON_MAX ? `${json.slice(0, JSON_MAX)}… more in the raw JSON` : json;
}

/** A list of names as a detail line shows them: each whole (text()), at most `max`, then how many more. */
export function names(value: unknown, max = SECTION_MAX): string[] {
	if (!Array.isArray(value)) {
		const one = text(value);
		return one ? [one] : [];
	}
	const out = value
		.slice(0, max)
		.map(v => text(v))
		.filter(Boolean);
	if (value.length > max) out.push(`… ${(value.length - max).toLocaleString('en-US')} more`);
	return out;
}

/**
 * A named section and the paths it shows: `/`-separated Graph paths with array indexes left out
 * (`appliedConditionalAccessPolicies/result`); a path covers everything under it, so a section that names one shows
 * all of it (text() writes an object it did not expect as JSON).
 */
export interface NamedSection extends DetailSection {
	readonly paths: readonly string[];
}

export const OTHER_PROPERTIES = 'Other properties';

/** The report's sections, then "Other properties": what none of them names. */
export function withOtherProperties(sections: readonly NamedSection[]): DetailSection[] {
	const covered = new Set(sections.flatMap(s => s.paths));
	return [
		...sections.map(({title, lines}) => ({title, lines})),
		{title: OTHER_PROPERTIES, lines: r => otherProperties(r, covered)},
	];
}

/** Levels of nesting flattened into paths; a container deeper than this is shown as (bounded) JSON. */
const FLAT_DEPTH = 8;
/** Values looked at, at most, for one section: a record with a million properties costs no more than this. */
const VISIT_MAX = 20_000;

const isEmpty = (v: unknown): boolean =>
	v === null ||
	v === undefined ||
	(typeof v === 'string' && v.trim() === '') ||
	(Array.isArray(v) && v.length === 0) ||
	(typeof v === 'object' && !Array.isArray(v) && Object.keys(v as object).length === 0);

const isScalar = (v: unknown): boolean => v === null || typeof v !== 'object';

interface Node {
	readonly value: unknown;
	/** The path as shown: `a.b[0].c`. */
	readonly label: string;
	/** The path as sections name it: `a/b/c`. */
	readonly path: string;
	readonly depth: number;
}

/**
 * Every non-empty value under `value` as label/value lines, in the record's order: a scalar as text, a list of
 * scalars on one line, objects and lists of objects flattened (`label.key`, `label[0].key`). Paths in `skip` are left
 * out with what is under them.
 */
export function flatten(
	value: unknown,
	label: string,
	options: {
		readonly skip?: ReadonlySet<string>;
		readonly path?: string;
		readonly max?: number;
		/** Numbers as a file wrote them (2^64, 1.10), by label. */
		readonly written?: ReadonlyMap<string, string>;
	} = {},
): Line[] {
	const max = options.max ?? SECTION_MAX;
	const out: Line[] = [];
	const stack: Node[] = [{value, label, path: options.path ?? '', depth: 0}];
	let visits = 0;
	let cut = false;
	while (stack.length > 0) {
		const node = stack.pop()!;
		if (++visits > VISIT_MAX || out.length >= max) {
			cut = true;
			break;
		}
		const {value: v} = node;
		if (isEmpty(v) || (node.path !== '' && options.skip?.has(node.path))) continue;
		if (isScalar(v)) {
			out.push([node.label, (typeof v === 'number' && options.written?.get(node.label)) || text(v)]);
		} else if (Array.isArray(v) && v.every(isScalar)) {
			const written = options.written;
			const shown = written?.size
				? v.map((x, i) => (typeof x === 'number' && written.get(`${node.label}[${i}]`)) || x)
				: v;
			out.push([node.label, names(shown.filter(x => !isEmpty(x))).join(', ')]);
		} else if (node.depth >= FLAT_DEPTH) {
			out.push([node.label, text(v)]);
		} else if (Array.isArray(v)) {
			const shown = Math.min(v.length, SECTION_MAX);
			if (v.length > shown)
				stack.push({
					value: `${v.length - shown} more: see the raw JSON`,
					label: `${node.label}[…]`,
					path: node.path,
					depth: node.depth + 1,
				});
			for (let i = shown - 1; i >= 0; i--)
				stack.push({value: v[i], label: `${node.label}[${i}]`, path: node.path, depth: node.depth + 1});
		} else {
			const record = v as Record<string, unknown>;
			const keys = Object.keys(record);
			// No more properties than the lines left could show (twice over, for empty ones), then how many more.
			const shown = Math.min(keys.length, (max - out.length) * 2 + 16);
			if (keys.length > shown)
				stack.push({
					value: `${keys.length - shown} more properties: see the raw JSON`,
					label: node.label === '' ? '…' : `${node.label}.…`,
					path: node.path,
					depth: node.depth + 1,
				});
			for (let i = shown - 1; i >= 0; i--) {
				const key = keys[i]!;
				stack.push({
					value: record[key],
					label: node.label === '' ? key : `${node.label}.${key}`,
					path: node.path === '' ? key : `${node.path}/${key}`,
					depth: node.depth + 1,
				});
			}
		}
	}
	if (cut) out.push(['… more', 'see the raw JSON']);
	return out;
}

/** The properties of an object other than `shown`, flattened, each label after `indent` (at most REST_MAX lines). */
export function rest(item: Readonly<Record<string, unknown>>, shown: readonly string[], indent = '    '): Line[] {
	return flatten(item, '', {skip: new Set(shown), max: REST_MAX}).map(([label, value]) => [`${indent}${label}`, value]);
}

/** Lines of one item's other properties: an item of a list is one of up to SECTION_MAX. */
const REST_MAX = 40;

/** The record's non-empty values under no path in `covered`. */
export function otherProperties(r: GraphRecord, covered: ReadonlySet<string>): Line[] {
	return flatten(r, '', {skip: covered, written: writtenNumbers(r)});
}

/** The most characters of a file's record scanned for its numbers as written. */
const WRITTEN_MAX = 1_000_000;

/**
 * A record read from a file: the numbers whose text JSON.parse changed (12345678901234567890, 1.10, 1E3), by their
 * label (`a.b[0].c`), read from the text the record came in; undefined for others.
 */
export function writtenNumbers(r: GraphRecord): Map<string, string> | undefined {
	const raw = rawTextOf(r);
	if (raw === undefined || raw.length > WRITTEN_MAX) return undefined;
	const out = new Map<string, string>();
	// Where the scan is: a key or an index per level; `key` waits for an object's next key.
	const levels: Array<{key?: string; index?: number}> = [];
	let expectKey = false;
	const label = (): string =>
		levels
			.map((l, i) => (l.index !== undefined ? `[${l.index}]` : i === 0 ? (l.key ?? '') : `.${l.key ?? ''}`))
			.join('');
	for (let i = 0; i < raw.length; i++) {
		const c = raw[i]!;
		if (c === '{' || c === '[') {
			levels.push(c === '[' ? {index: 0} : {});
			expectKey = c === '{';
		} else if (c === '}' || c === ']') levels.pop();
		else if (c === ',') {
			const top = levels.at(-1);
			if (top?.index !== undefined) top.index++;
			else expectKey = true;
		} else if (c === '"') {
			let j = i + 1;
			while (j < raw.length && raw[j] !== '"') j += raw[j] === '\\' ? 2 : 1;
			if (expectKey) {
				try {
					levels.at(-1)!.key = JSON.parse(raw.slice(i, j + 1)) as string;
				} catch {
					return undefined;
				}
				expectKey = false;
			}
			i = j;
		} else if (c === '-' || (c >= '0' && c <= '9')) {
			let j = i + 1;
			while (j < raw.length && /[0-9eE+\-.]/.test(raw[j]!)) j++;
			const literal = raw.slice(i, j);
			// Deeper than the flattening goes, a value is shown as JSON of the parsed record: no label to give.
			if (levels.length <= FLAT_DEPTH + 1 && String(Number(literal)) !== literal) out.set(label(), literal);
			i = j - 1;
		}
	}
	return out;
}

const FROM_FILE = Symbol('read from a file');

/**
 * Marks a record as read from a file (`open FILE`): its detail then says what the file's record lacks, not why Graph
 * left it out (no account is signed in, and b has no Graph to ask). Not enumerable: JSON and copies do not carry it.
 */
export function markFromFile(record: object): void {
	if (!Object.prototype.hasOwnProperty.call(record, FROM_FILE)) Object.defineProperty(record, FROM_FILE, {value: true});
}

/** True for a record marked by markFromFile. */
export const isFromFile = (record: object): boolean => (record as {[FROM_FILE]?: boolean})[FROM_FILE] === true;

/** A directory object's id to pivot on: a GUID, and not the all-zero one (an app's sign-in, an unknown user). */
export function objectId(value: unknown): string | undefined {
	return typeof value === 'string' && GUID.test(value) && !/^[0-]+$/.test(value) ? value.toLowerCase() : undefined;
}
