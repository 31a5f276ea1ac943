import type {Services} from '../cli/services.js';
import type {Query} from '../query/query.js';
import type {ReportId} from '../reports/report.js';

export interface TuiOptions {
	readonly services: Services;
	readonly query?: Query;
	readonly offline?: {readonly file: string};
	readonly emptyQuery: (report: ReportId) => Query;
}

export async function runTui(_options: TuiOptions): Promise<number> {
	process.stderr.write('the TUI is not built yet\n');
	return 1;
}
