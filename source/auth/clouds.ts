/**
 * National clouds: each picks the login host, the Graph host (graph-api.md §1, C-DEP) and the Log Analytics query
 * host, which is also its token audience (log-analytics.md §1.6: the Go and .NET SDKs' cloud settings).
 */
export type CloudName = 'global' | 'usgov' | 'usgov-dod' | 'china';

export interface Cloud {
	readonly name: CloudName;
	readonly loginHost: string;
	readonly graphHost: string;
	readonly logAnalyticsHost: string;
}

export const CLOUDS: Readonly<Record<CloudName, Cloud>> = {
	global: {
		name: 'global',
		loginHost: 'https://login.microsoftonline.com',
		graphHost: 'https://graph.microsoft.com',
		logAnalyticsHost: 'https://api.loganalytics.io',
	},
	usgov: {
		name: 'usgov',
		loginHost: 'https://login.microsoftonline.us',
		graphHost: 'https://graph.microsoft.us',
		logAnalyticsHost: 'https://api.loganalytics.us',
	},
	'usgov-dod': {
		name: 'usgov-dod',
		loginHost: 'https://login.microsoftonline.us',
		graphHost: 'https://dod-graph.microsoft.us',
		logAnalyticsHost: 'https://api.loganalytics.us',
	},
	china: {
		name: 'china',
		loginHost: 'https://login.partner.microsoftonline.cn',
		graphHost: 'https://microsoftgraph.chinacloudapi.cn',
		logAnalyticsHost: 'https://api.loganalytics.azure.cn',
	},
};

export function isCloudName(value: string): value is CloudName {
	return value in CLOUDS;
}
