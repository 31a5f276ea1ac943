/**
 * `entra-logs <report> [filters] --summary` (and `open FILE --summary`): every page of the query through the triage
 * summary, printed as text, or as one JSON object with `--output json`. Progress on stderr; ctrl-c stops it.
 */
import {listenForInterrupt} from '../process/interrupt.js';
import type {Parsed} from './args.js';
import type {Out} from './export-command.js';
import type {Query} from '../query/query.js';
import type {RecordSource} from '../sources/source.js';
import {Summarizer, type Summary} from '../triage/summary.js';
import {renderSummaryText} from '../triage/render.js';
import {visibleControls} from '../terminal/tty-output.js';

/** The summary as `--output json` prints it: the Summary, each detection's records by id (positions mean nothing outside). */
export function summaryJson(summary: Summary): string {
	return JSON.stringify({
		...summary,
		detections: summary.detections.map(({indices: _indices, ...d}) => d),
	});
}

export async function printSummary(
	parsed: Parsed,
	query: Query,
	source: RecordSource,
	stdout: Out,
	stderr: Out,
): Promise<number> {
	const summarizer = new Summarizer(query.report);
	const interrupt = listenForInterrupt();
	const max = parsed.max ?? Number.POSITIVE_INFINITY;
	let pages = 0;
	const progress = (): string =>
		`summarising: ${summarizer.total.toLocaleString('en-US')} records · ${pages} page${pages === 1 ? '' : 's'}`;
	try {
		for await (const page of source.pages(interrupt.signal)) {
			pages++;
			const room = max - summarizer.total;
			summarizer.add(page.records.length > room ? page.records.slice(0, room) : page.records);
			if (stderr.isTTY) stderr.write(`\r\x1b[K${progress()}`);
			if (summarizer.total >= max) break;
		}
	} catch (error) {
		if (!interrupt.signal.aborted) throw error;
		stderr.write(`${stderr.isTTY ? '\n' : ''}interrupted after ${summarizer.total.toLocaleString('en-US')} records\n`);
		return interrupt.code();
	} finally {
		interrupt.dispose();
		if (stderr.isTTY) stderr.write('\r\x1b[K');
	}
	const summary = summarizer.result();
	const capped =
		summarizer.total >= max ? ` (--max ${max.toLocaleString('en-US')}: the rest of the query is not in it)` : '';
	if (parsed.output === 'json')
		stdout.write(`${stdout.isTTY ? visibleControls(summaryJson(summary)) : summaryJson(summary)}\n`);
	else stdout.write(`${renderSummaryText(summary, {width: stdout.isTTY ? stdout.columns : 100})}\n`);
	if (capped) stderr.write(`summary of the first ${summarizer.total.toLocaleString('en-US')} records${capped}\n`);
	return 0;
}
