/** One query run for the API: the timespan, the engine's result as `tables`, the row and byte limits, `Prefer`. */
import {run, wireCell} from './engine.js';
import {KqlSemanticError} from './engine-rows.js';
import {KqlSyntaxError, parseQuery} from './parser.js';
import type {LogAnalyticsSettings} from './service-limits.js';
import {laError, type Reply} from './service-replies.js';
import {parseTimespan} from './service-timespan.js';
import type {Workspace} from './tables.js';
import {safeJson, type DateTime} from './values.js';

export function execute(
	workspace: Workspace,
	settings: LogAnalyticsSettings,
	text: string,
	timespan: string | undefined,
	prefer: string,
	n: number,
): Reply & {fault?: string} {
	const started = process.hrtime.bigint();
	const now = new Date();
	let span: {start: DateTime; end: DateTime} | undefined;
	if (timespan !== undefined) {
		span = parseTimespan(timespan, now);
		if (!span)
			return laError(400, 'BadArgumentError', 'The request had some invalid properties', {
				code: 'InvalidTimespan',
				message: `'${timespan}' is not an ISO 8601 timespan`,
			});
	}
	let result;
	try {
		result = run(parseQuery(text), workspace, {now, span});
	} catch (error) {
		if (error instanceof KqlSyntaxError) {
			return laError(400, 'BadArgumentError', 'The request had some invalid properties', {
				code: 'SyntaxError',
				message: 'A recognition error occurred in the query.',
				innererror: {code: 'SYN0002', message: error.message, line: error.line, pos: error.pos, token: error.token},
			});
		}
		if (error instanceof KqlSemanticError) {
			return laError(400, 'BadArgumentError', 'The request had some invalid properties', {
				code: 'SemanticError',
				message: 'A semantic error occurred.',
				innererror: {code: 'SEM0100', message: error.message},
			});
		}
		throw error;
	}
	const columns = result.columns.map(c => ({name: c.name, type: c.type}));
	const rows: unknown[][] = [];
	// Each row's JSON, written once: it counts against the size limit and is the answer's text.
	const texts: string[] = [];
	let bytes = 0;
	let cut: string | undefined;
	for (const values of result.rows) {
		if (rows.length >= settings.maxRows) {
			cut = `Query result set has exceeded the internal record count limit ${settings.maxRows} records`;
			break;
		}
		const row = values.map((v, i) => wireCell(v, result.columns[i]!.type));
		const json = safeJson(row);
		bytes += json.length + 1;
		if (bytes > settings.maxBytes) {
			cut = `Query result set has exceeded the internal data size limit ${settings.maxBytes} bytes`;
			break;
		}
		rows.push(row);
		texts.push(json);
	}
	let fault: string | undefined;
	if (!cut && settings.partialEvery > 0 && n % settings.partialEvery === 0) {
		cut = 'A shard of the workspace did not answer in time (an emulator fault).';
		fault = 'partial';
	} else if (cut) fault = 'limit';
	const out: Record<string, unknown> = {tables: [{name: 'PrimaryResult', columns, rows}]};
	if (/include-statistics=true/i.test(prefer)) {
		out['statistics'] = {
			query: {
				executionTime: Number(process.hrtime.bigint() - started) / 1e9,
				datasetStatistics: [{tableRowCount: rows.length, tableSize: bytes}],
			},
		};
	}
	if (/include-render=true/i.test(prefer)) out['render'] = {};
	if (cut) {
		out['error'] = {
			code: 'PartialError',
			message: 'There were some errors when processing your query.',
			details: [
				{
					code: 'EngineError',
					message: 'Something went wrong processing your query on the server.',
					innererror: {code: 'LimitsExceeded', message: cut, severity: 2, severityName: 'Error'},
				},
			],
		};
	}
	// The text JSON.stringify(out) gives, without writing every row a second time.
	const rest = JSON.stringify({...out, tables: undefined});
	const answer = `{"tables":[{"name":"PrimaryResult","columns":${JSON.stringify(columns)},"rows":[${texts.join(',')}]}]${rest === '{}' ? '' : `,${rest.slice(1, -1)}`}}`;
	return {status: 200, body: out, text: answer, ...(fault ? {fault} : {})};
}
