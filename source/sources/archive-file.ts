/**
 * The records of one archive file, indexed: JSON Lines (an envelope per line, written since 2018-11-01), the older
 * `{"records": [...]}` form, and Event Hubs messages (`{"records": [...]}`, a line each or as an array), per
 * shared/log-analytics.md §4.3–4.4. JSON Lines are indexed by offset (about 40 bytes a record, read back a page at a
 * time); the records of a `records` document stay parsed. What cannot be read is counted in ArchiveTally.
 */
// fs.promises read where it is used: node:fs/promises loads with the first call, not on `open`'s way to its first frame.
import {createReadStream, promises as fsp} from 'node:fs';
import {parseInstant} from '../query/time.js';
import {envelopeCategory, fromEnvelope, lowerKey, type Category} from '../reports/azure-monitor.js';
import {reportById} from '../reports/index.js';
import type {GraphRecord, ReportId} from '../reports/report.js';
import type {ArchiveTally} from './archive-tally.js';

/** One record: its time (for the order) and where it is. */
export interface Entry {
	readonly ms: number;
	readonly ns: number;
	readonly category?: Category;
	/** A JSON Lines record: its file, offset and byte length. */
	readonly path?: string;
	readonly offset?: number;
	readonly length?: number;
	/** A record held parsed (of a small file, a `records` document or message), as Graph's. */
	readonly record?: GraphRecord;
}

/** A file up to this size is read in one go and its records kept parsed (no second read for its pages). */
const SMALL = 256 << 10;

/** A `records` document bigger than this is refused (it is parsed whole: JSON Lines have no such limit). */
const MAX_DOCUMENT = 256 << 20;

export interface FileContext {
	readonly report: ReportId;
	/** Its container's category, for envelopes that do not name theirs. */
	readonly category?: Category;
	/** The file as named in notes (relative to the archive). */
	readonly name: string;
	readonly tally: ArchiveTally;
}

/** The records of `path` that belong to the report, in file order. */
export async function indexArchiveFile(path: string, context: FileContext): Promise<Entry[]> {
	let head: string;
	/** The whole file, when it is small (an hour of most tenants): read once, its records kept parsed. */
	let whole: Buffer | undefined;
	try {
		const fh = await fsp.open(path, 'r');
		try {
			const buf = Buffer.allocUnsafe(SMALL + 1);
			const {bytesRead} = await fh.read(buf, 0, buf.length, 0);
			if (bytesRead <= SMALL) whole = buf.subarray(0, bytesRead);
			head = buf.toString('utf8', 0, Math.min(bytesRead, 1 << 16)).replace(/^\uFEFF/, '');
		} finally {
			await fh.close();
		}
	} catch (error) {
		context.tally.file(
			context.name,
			(error as NodeJS.ErrnoException).code === 'EACCES' ? 'permission denied' : 'unreadable',
		);
		return [];
	}
	const start = head.trimStart();
	if (start === '') return [];
	const firstLine = start.split('\n', 1)[0]!;
	return start.startsWith('{') && parses(firstLine)
		? indexLines(path, context, whole)
		: indexDocument(path, context, whole);
}

/** An envelope as a record of the report, or undefined (and counted) when it is not one. */
function admit(
	value: unknown,
	context: FileContext,
	where: string,
): {readonly record: GraphRecord; readonly category?: Category} | undefined {
	if (!value || typeof value !== 'object' || Array.isArray(value)) {
		context.tally.skip('not-object', where);
		return undefined;
	}
	const envelope = value as Readonly<Record<string, unknown>>;
	const {category, named} = envelopeCategory(envelope, context.category);
	if (!category && named !== undefined) {
		context.tally.unknownCategory(named);
		return undefined;
	}
	if (category && category.report !== context.report) {
		context.tally.otherReport(category.report);
		return undefined;
	}
	const record = fromEnvelope(envelope, context.report, category);
	if (!record) {
		context.tally.skip('no-time', where);
		return undefined;
	}
	return {record, category};
}

function timeOf(record: GraphRecord, report: ReportId): {ms: number; ns: number} {
	return parseInstant(record[reportById(report).timeField])!;
}

/** JSON Lines: a record a line (or a `records` message a line), indexed by offset unless the file is `whole`. */
async function indexLines(path: string, context: FileContext, whole?: Buffer): Promise<Entry[]> {
	const entries: Entry[] = [];
	let offset = 0;
	let line = 0;
	let carry: Buffer[] = [];
	let carryAt = 0;
	const take = (bytes: Buffer, at: number, last: boolean): void => {
		line++;
		const text = bytes.toString('utf8').replace(/^\uFEFF/, '');
		if (text.trim() === '') return;
		const where = `${context.name} line ${line}`;
		let value: unknown;
		try {
			value = JSON.parse(text);
		} catch {
			// A last line with no line end is an append blob still being written (or a copy cut short).
			if (last) context.tally.cutShort(where);
			else context.tally.skip('not-object', where);
			return;
		}
		const records = messageRecords(value);
		if (records) {
			entries.push(...parsedEntries(records, context, where));
			return;
		}
		if (whole) {
			entries.push(...parsedEntries([value], context, where));
			return;
		}
		const admitted = admit(value, context, where);
		if (admitted)
			entries.push({
				...timeOf(admitted.record, context.report),
				category: admitted.category,
				path,
				offset: at,
				length: bytes.length,
			});
	};
	try {
		const chunks = whole ? [whole] : (createReadStream(path, {highWaterMark: 1 << 20}) as AsyncIterable<Buffer>);
		for await (const chunk of chunks) {
			let from = 0;
			for (let nl = chunk.indexOf(10); nl >= 0; nl = chunk.indexOf(10, from)) {
				const end = nl > from && chunk[nl - 1] === 13 ? nl - 1 : nl;
				if (carry.length > 0) {
					const whole = Buffer.concat([...carry, chunk.subarray(0, end)]);
					take(whole, carryAt, false);
					carry = [];
				} else take(chunk.subarray(from, end), offset + from, false);
				from = nl + 1;
			}
			if (from < chunk.length) {
				if (carry.length === 0) carryAt = offset + from;
				carry.push(Buffer.from(chunk.subarray(from)));
			}
			offset += chunk.length;
		}
	} catch (error) {
		context.tally.file(context.name, (error as NodeJS.ErrnoException).code ?? 'unreadable');
		return entries;
	}
	if (carry.length > 0) take(Buffer.concat(carry), carryAt, true);
	return entries;
}

/** The older form and message dumps: one JSON document (an object or an array), or several, parsed whole. */
async function indexDocument(path: string, context: FileContext, whole?: Buffer): Promise<Entry[]> {
	let text: string;
	if (whole) text = whole.toString('utf8').replace(/^\uFEFF/, '');
	else
		try {
			const size = (await fsp.stat(path)).size;
			if (size > MAX_DOCUMENT) {
				context.tally.file(
					context.name,
					`a records document of ${Math.round(size / 1e6)} MB, over the 256 MB read whole`,
				);
				return [];
			}
			const fh = await fsp.open(path, 'r');
			try {
				text = (await fh.readFile()).toString('utf8').replace(/^\uFEFF/, '');
			} finally {
				await fh.close();
			}
		} catch (error) {
			context.tally.file(context.name, (error as NodeJS.ErrnoException).code ?? 'unreadable');
			return [];
		}
	let units: unknown[];
	try {
		const value: unknown = JSON.parse(text);
		units = Array.isArray(value) ? value : [value];
	} catch {
		// A `records` document cut short (a copy stopped mid-way, a blob still being written): its whole records are
		// read, and the cut one is named, as for a JSON Lines file.
		const salvaged = salvageRecords(text);
		if (!salvaged) {
			context.tally.file(context.name, 'not valid JSON');
			return [];
		}
		const entries = parsedEntries(salvaged.records, context, context.name);
		const whole = salvaged.records.length;
		if (salvaged.inside) context.tally.cutShort(`${context.name} record ${whole + 1}`);
		else context.tally.endsEarly(context.name, whole);
		return entries;
	}
	const entries: Entry[] = [];
	units.forEach((unit, i) => {
		const where = `${context.name} record ${i + 1}`;
		entries.push(...parsedEntries(messageRecords(unit) ?? [unit], context, where));
	});
	return entries;
}

/** Records held parsed (a message's, a document's): the report's, with their times. */
function parsedEntries(records: readonly unknown[], context: FileContext, where: string): Entry[] {
	const out: Entry[] = [];
	for (const r of records) {
		const admitted = admit(r, context, where);
		if (admitted)
			out.push({
				...timeOf(admitted.record, context.report),
				category: admitted.category,
				record: admitted.record,
			});
	}
	return out;
}

/**
 * The whole records of a `{"records": [...]}` document whose text ends early (cut short): each element up to the
 * cut, parsed, and whether the cut falls inside a record; undefined when the text is not such a document or an
 * element before the cut is not JSON.
 */
export function salvageRecords(
	text: string,
): {readonly records: readonly unknown[]; readonly inside: boolean} | undefined {
	const head = /^\s*\{\s*"records"\s*:\s*\[/i.exec(text);
	if (!head) return undefined;
	const records: unknown[] = [];
	let i = head[0].length;
	for (;;) {
		while (i < text.length && /[\s,]/.test(text[i]!)) i++;
		// The text ends between records, or after the array's end: every record is whole.
		if (i >= text.length || text[i] === ']') return {records, inside: false};
		if (text[i] !== '{') return undefined;
		const end = objectEnd(text, i);
		if (end < 0) return {records, inside: true};
		try {
			records.push(JSON.parse(text.slice(i, end)));
		} catch {
			return undefined;
		}
		i = end;
	}
}

/** Where the object starting at `start` ends (the index after its `}`), or -1 when the text ends inside it. */
function objectEnd(text: string, start: number): number {
	let depth = 0;
	let inString = false;
	for (let i = start; i < text.length; i++) {
		const c = text.charCodeAt(i);
		if (inString) {
			if (c === 92) i++;
			else if (c === 34) inString = false;
		} else if (c === 34) inString = true;
		else if (c === 123 || c === 91) depth++;
		else if ((c === 125 || c === 93) && --depth === 0) return i + 1;
	}
	return -1;
}

/** The records of a `{"records": [...]}` message or document; undefined for anything else. */
function messageRecords(value: unknown): readonly unknown[] | undefined {
	if (!value || typeof value !== 'object' || Array.isArray(value)) return undefined;
	const records = lowerKey(value as Readonly<Record<string, unknown>>, 'records');
	return Array.isArray(records) ? records : undefined;
}

function parses(text: string): boolean {
	try {
		JSON.parse(text);
		return true;
	} catch {
		return false;
	}
}

/**
 * The records of entries, as Graph records of the report (JSON Lines read back by offset, a file opened once per
 * page); an entry whose bytes no longer read as the record (the file changed) is counted and left out.
 */
export async function readEntries(
	entries: readonly Entry[],
	context: Omit<FileContext, 'category' | 'name'>,
): Promise<GraphRecord[]> {
	const texts = new Map<Entry, string>();
	const byFile = new Map<string, Entry[]>();
	for (const e of entries) if (e.path !== undefined) byFile.set(e.path, [...(byFile.get(e.path) ?? []), e]);
	for (const [path, list] of byFile) {
		try {
			const fh = await fsp.open(path, 'r');
			try {
				for (const e of list) {
					const buf = Buffer.alloc(e.length!);
					await fh.read(buf, 0, buf.length, e.offset!);
					texts.set(e, buf.toString('utf8').replace(/^\uFEFF/, ''));
				}
			} finally {
				await fh.close();
			}
		} catch {
			// counted below, entry by entry
		}
	}
	const out: GraphRecord[] = [];
	for (const e of entries) {
		if (e.record) {
			out.push(e.record);
			continue;
		}
		let envelope: Readonly<Record<string, unknown>> | undefined;
		try {
			const value: unknown = JSON.parse(texts.get(e) ?? '');
			if (value && typeof value === 'object' && !Array.isArray(value))
				envelope = value as Readonly<Record<string, unknown>>;
		} catch {
			// counted below
		}
		const record = envelope && fromEnvelope(envelope, context.report, e.category);
		if (record) out.push(record);
		else context.tally.skip('not-object', `${e.path ?? 'a file'} at byte ${e.offset ?? 0} (changed while read)`);
	}
	return out;
}
