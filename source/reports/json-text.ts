/**
 * JSON text of record data, whatever its depth or size. Records are untrusted: JSON.parse reads any nesting, but
 * JSON.stringify recurses and throws "Maximum call stack size exceeded" past a few thousand levels (a record of
 * 10,000 nested arrays is valid JSON). These write the same text as JSON.stringify, without recursion, and can stop
 * early (the detail shows a bounded number of lines; a list cell a bounded number of characters).
 */

/**
 * A file's record keeps its own text, so that output is byte for byte the input: under a symbol, not enumerable, so
 * JSON, spreads and copies (a changed record) do not carry it. (A WeakMap did the same at twice the GC time.)
 */
const RAW_TEXT = Symbol('raw text');

/** Remembers the text a record was read from (a pretty-printed one over several lines). */
export function keepRawText(record: object, text: string): void {
	Object.defineProperty(record, RAW_TEXT, {value: text});
}

/** The text a record was read from, if it came from a file. */
export function rawTextOf(value: unknown): string | undefined {
	if (value === null || typeof value !== 'object') return undefined;
	const raw = (value as {[RAW_TEXT]?: unknown})[RAW_TEXT];
	return typeof raw === 'string' ? raw : undefined;
}

/**
 * Valid JSON text re-indented as JSON.stringify(…, null, indent) lays it out, token by token: numbers and strings stay
 * as written. Iterative, lazy: a caller that stops early pays only for what it took.
 */
function* rawLines(text: string, pad: (depth: number) => string): Generator<string, void, undefined> {
	const n = text.length;
	const blank = (c: number): boolean => c === 32 || c === 9 || c === 10 || c === 13;
	let line = '';
	let depth = 0;
	for (let i = 0; i < n; i++) {
		const c = text.charCodeAt(i);
		if (c === 34) {
			let j = i + 1;
			while (j < n && text.charCodeAt(j) !== 34) j += text.charCodeAt(j) === 92 ? 2 : 1;
			line += text.slice(i, j + 1);
			i = j;
		} else if (blank(c)) {
			continue;
		} else if (c === 123 || c === 91) {
			let j = i + 1;
			while (j < n && blank(text.charCodeAt(j))) j++;
			if (text.charCodeAt(j) === c + 2) {
				line += c === 123 ? '{}' : '[]';
				i = j;
				continue;
			}
			yield `${line}${text[i]}`;
			line = pad(++depth);
		} else if (c === 125 || c === 93) {
			yield line;
			line = `${pad(--depth)}${text[i]}`;
		} else if (c === 44) {
			yield `${line},`;
			line = pad(depth);
		} else if (c === 58) {
			line += ': ';
		} else line += text[i];
	}
	if (line !== '') yield line;
}

type Frame = {
	readonly open: '[' | '{';
	readonly items: readonly unknown[];
	/** Object keys, in the order JSON.stringify writes them (values it leaves out already dropped). */
	readonly keys?: readonly string[];
	i: number;
	readonly depth: number;
	/** What follows this container's closing bracket: a comma when its parent has more. */
	readonly trailing: string;
};

/** The value JSON.stringify writes for `v` (toJSON applied), or undefined where it writes nothing. */
function jsonValue(v: unknown, key: string): unknown {
	if (v !== null && typeof v === 'object' && typeof (v as {toJSON?: unknown}).toJSON === 'function')
		v = (v as {toJSON: (k: string) => unknown}).toJSON(key);
	// Boxed primitives are written as their value.
	if (v instanceof Number) v = Number(v);
	else if (v instanceof String) v = String(v);
	else if (v instanceof Boolean) v = v.valueOf();
	return v === undefined || typeof v === 'function' || typeof v === 'symbol' ? undefined : v;
}

function scalar(v: unknown): string {
	if (typeof v === 'string') return JSON.stringify(v);
	if (typeof v === 'number') return Number.isFinite(v) ? String(v) : 'null';
	if (typeof v === 'boolean') return v ? 'true' : 'false';
	if (typeof v === 'bigint') return JSON.stringify(String(v));
	return 'null';
}

/**
 * JSON.stringify(value, null, indent), one line at a time (with `indent` 0, pieces whose concatenation is the compact
 * text). Iterative: any depth; a caller that stops early pays only for what it took. `maxPad` caps the indentation
 * for display (10,000 levels would indent a line by 20,000 spaces); JSON.stringify's text without it.
 */
export function jsonLines(
	value: unknown,
	indent = 2,
	maxPad = Number.POSITIVE_INFINITY,
): Generator<string, void, undefined> {
	const pads: string[] = [];
	return linesOf(value, indent, depth =>
		depth * indent > maxPad ? ' '.repeat(maxPad) : (pads[depth] ??= ' '.repeat(depth * indent)),
	);
}

/**
 * The lines of jsonLines(value, 2) without their indentation, each with its nesting depth (the line is
 * `'  '.repeat(depth) + text`): a screen indents them as far as its width allows (a record nested 10,000 deep would
 * want 20,000 columns).
 */
export function* jsonDepthLines(value: unknown): Generator<{depth: number; text: string}, void, undefined> {
	// Each line starts with one call of pad, made after the line before it was yielded: the last call is its depth.
	let depth = 0;
	for (const text of linesOf(value, 2, d => ((depth = d), ''))) yield {depth, text};
}

function* linesOf(value: unknown, indent: number, pad: (depth: number) => string): Generator<string, void, undefined> {
	// A record read from a file is shown as the text it came in, indented: its numbers as written (1.10, 2^64).
	const raw = indent > 0 ? rawTextOf(value) : undefined;
	if (raw !== undefined) {
		yield* rawLines(raw, pad);
		return;
	}
	const colon = indent > 0 ? ': ' : ':';
	const stack: Frame[] = [];
	// The line of one value at `depth`, after `prefix` (its key): a scalar, an empty container, or a container opened.
	const put = (v: unknown, depth: number, prefix: string, trailing: string): string => {
		if (v !== null && typeof v === 'object') {
			if (Array.isArray(v)) {
				if (v.length === 0) return `${pad(depth)}${prefix}[]${trailing}`;
				stack.push({open: '[', items: v, i: 0, depth, trailing});
				return `${pad(depth)}${prefix}[`;
			}
			const record = v as Record<string, unknown>;
			const keys = Object.keys(record).filter(k => jsonValue(record[k], k) !== undefined);
			if (keys.length === 0) return `${pad(depth)}${prefix}{}${trailing}`;
			stack.push({open: '{', items: keys.map(k => record[k]), keys, i: 0, depth, trailing});
			return `${pad(depth)}${prefix}{`;
		}
		return `${pad(depth)}${prefix}${scalar(v)}${trailing}`;
	};
	const top = jsonValue(value, '');
	if (top === undefined) return;
	yield put(top, 0, '', '');
	while (stack.length > 0) {
		const frame = stack[stack.length - 1]!;
		if (frame.i >= frame.items.length) {
			stack.pop();
			yield `${pad(frame.depth)}${frame.open === '[' ? ']' : '}'}${frame.trailing}`;
			continue;
		}
		const i = frame.i++;
		const key = frame.keys?.[i];
		const trailing = frame.i < frame.items.length ? ',' : '';
		const child = jsonValue(frame.items[i], key ?? String(i));
		// In an array, what JSON.stringify leaves out of objects (undefined, functions) is written null.
		yield put(
			child === undefined ? null : child,
			frame.depth + 1,
			key === undefined ? '' : `${JSON.stringify(key)}${colon}`,
			trailing,
		);
	}
}

/** JSON.stringify(value, null, indent) for any depth: the native one while it manages, else the iterative one. */
export function jsonText(value: unknown, indent = 0): string {
	try {
		return JSON.stringify(value, null, indent) ?? '';
	} catch (error) {
		if (!(error instanceof RangeError)) throw error;
		return [...jsonLines(value, indent)].join(indent > 0 ? '\n' : '');
	}
}

/**
 * A record's JSON to read or paste: pretty-printed like JSON.stringify(value, null, 2) unless that would pass `max`
 * characters (deep nesting makes indentation grow with the square of the depth), then compact. Either is the record.
 */
export function readableJson(value: unknown, max = 16_000_000): string {
	const raw = rawTextOf(value);
	if (raw !== undefined) {
		const lines: string[] = [];
		let size = 0;
		for (const line of jsonLines(value, 2)) {
			size += line.length + 1;
			// Compact: the text it came in, its line breaks and the indentation after them taken out.
			if (size > max) return raw.includes('\n') ? raw.replace(/\r?\n[ \t]*/g, '') : raw;
			lines.push(line);
		}
		return lines.join('\n');
	}
	try {
		const pretty = JSON.stringify(value, null, 2) ?? '';
		return pretty.length <= max ? pretty : jsonText(value);
	} catch (error) {
		if (!(error instanceof RangeError)) throw error;
	}
	// Too deep for JSON.stringify: the same text written iteratively, while it stays under `max`.
	const lines: string[] = [];
	let size = 0;
	for (const line of jsonLines(value, 2)) {
		size += line.length + 1;
		if (size > max) return jsonText(value);
		lines.push(line);
	}
	return lines.join('\n');
}

/** At most `max` characters of a value's compact JSON, with `…` when there was more; reads no further than that. */
export function jsonBrief(value: unknown, max: number): string {
	let out = '';
	for (const piece of jsonLines(value, 0)) {
		out += piece;
		if (out.length > max) return `${out.slice(0, max)}…`;
	}
	return out;
}
