/**
 * The admin center's CSV downloads: column names as the portal writes them, matched without case, spaces and
 * punctuation ("Date (UTC)" → `dateutc`), to Graph paths (`.`-separated; `@time` is the report's time field). Each
 * report's own columns are beside its definition (sign-ins.columns.ts and the like); these every download has.
 */
export const ADMIN_CENTER_COMMON: Readonly<Record<string, string>> = {
	dateutc: '@time',
	date: '@time',
	id: 'id',
	correlationid: 'correlationId',
};

/** A portal column name as the maps above key it: "Date (UTC)" → `dateutc`. */
export function adminCenterKey(name: string): string {
	return name.toLowerCase().replace(/[^a-z]/g, '');
}
