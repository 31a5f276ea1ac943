/**
 * Where a report's Graph properties live in the Log Analytics tables (shared/log-analytics.md §2), as plain data: each
 * report's tables sit beside its definition (`backends.logAnalytics`, from sign-ins.columns.ts and the like); the KQL
 * compiler (query/kql.ts) reads them to turn a filter path into a column expression, and the row mapper
 * (query/kql-response.ts) to turn a row back into a Graph-shaped record.
 */

export type TableName =
	| 'SigninLogs'
	| 'AADNonInteractiveUserSignInLogs'
	| 'AADServicePrincipalSignInLogs'
	| 'AADManagedIdentitySignInLogs'
	| 'AuditLogs'
	| 'AADProvisioningLogs';

/**
 * How a column holds its Graph property:
 * - `string`, `long`, `bool`, `datetime`: the value itself;
 * - `json`: an object or array, in a `dynamic` column in the tables of `dynamicIn` and as JSON text in a string
 *   column in the others;
 * - `number-text`: a number kept as a string (`AutonomousSystemNumber`, `ProcessingTimeInMilliseconds`);
 * - `error-code`: `ResultType`, the sign-in error code as a string ("0", "50126"), Graph's `status/errorCode`.
 */
export type ColumnKind = 'string' | 'long' | 'bool' | 'datetime' | 'json' | 'number-text' | 'error-code';

export interface ColumnMapping {
	/** The Graph property path, `/`-separated as in the filter AST (`status/errorCode`). */
	readonly graph: string;
	readonly column: string;
	readonly kind: ColumnKind;
	/** Only these tables have the column (default: every table of the report). */
	readonly tables?: readonly TableName[];
	/** `json` columns: the tables where the column is `dynamic` (elsewhere it is a string holding JSON). */
	readonly dynamicIn?: readonly TableName[];
}

export interface ReportTables {
	readonly tables: readonly TableName[];
	/** The record time: what `since`/`until`, ordering and paging use in every table. */
	readonly timeColumn: 'TimeGenerated';
	/** The Graph time property (filled from its own column when the table has one, else from TimeGenerated). */
	readonly timeProperty: 'createdDateTime' | 'activityDateTime';
	readonly columns: readonly ColumnMapping[];
}

/** Whether a table has a mapping's column. */
export function inTable(mapping: ColumnMapping, table: TableName): boolean {
	return mapping.tables === undefined || mapping.tables.includes(table);
}

/** Whether a `json` column is `dynamic` in this table (else a string holding JSON). */
export function isDynamic(mapping: ColumnMapping, table: TableName): boolean {
	return mapping.kind === 'json' && (mapping.dynamicIn?.includes(table) ?? false);
}
