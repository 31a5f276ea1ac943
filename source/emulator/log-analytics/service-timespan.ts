/** The API's `timespan`: ISO 8601 durations and intervals, and the intersection of the URL's and the body's. */
import {DateTime, dateTimeOfMs, parseDateTime, parseDuration} from './values.js';

/** `P1D`, `start/end`, `start/P1D`, `P1D/end`, as the API and the Azure SDK write them. */
export function parseTimespan(text: string, now: Date): {start: DateTime; end: DateTime} | undefined {
	const parts = text.split('/');
	const nowTicks = dateTimeOfMs(now.getTime());
	if (parts.length === 1) {
		const d = parseDuration(parts[0]!);
		return d ? {start: new DateTime(nowTicks.ticks - d.ticks), end: nowTicks} : undefined;
	}
	if (parts.length !== 2) return undefined;
	const [a, b] = parts as [string, string];
	const da = parseDateTime(a);
	const db = parseDateTime(b);
	if (da && db) return {start: da, end: db};
	if (da) {
		const d = parseDuration(b);
		return d ? {start: da, end: new DateTime(da.ticks + d.ticks)} : undefined;
	}
	if (db) {
		const d = parseDuration(a);
		return d ? {start: new DateTime(db.ticks - d.ticks), end: db} : undefined;
	}
	return undefined;
}

/** Documented: a timespan in both the URL and the body means their intersection. */
export function intersect(a: string, b: string): string | undefined {
	const now = new Date();
	const x = parseTimespan(a, now);
	const y = parseTimespan(b, now);
	if (!x || !y) return b;
	const start = x.start.ticks > y.start.ticks ? x.start : y.start;
	const end = x.end.ticks < y.end.ticks ? x.end : y.end;
	return `${start.toString()}/${end.toString()}`;
}
