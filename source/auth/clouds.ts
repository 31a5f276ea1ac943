/** National clouds: each picks both the login host and the Graph host (graph-api.md §1, C-DEP). */
export type CloudName = 'global' | 'usgov' | 'usgov-dod' | 'china';

export interface Cloud {
	readonly name: CloudName;
	readonly loginHost: string;
	readonly graphHost: string;
}

export const CLOUDS: Readonly<Record<CloudName, Cloud>> = {
	global: {name: 'global', loginHost: 'https://login.microsoftonline.com', graphHost: 'https://graph.microsoft.com'},
	usgov: {name: 'usgov', loginHost: 'https://login.microsoftonline.us', graphHost: 'https://graph.microsoft.us'},
	'usgov-dod': {
		name: 'usgov-dod',
		loginHost: 'https://login.microsoftonline.us',
		graphHost: 'https://dod-graph.microsoft.us',
	},
	china: {
		name: 'china',
		loginHost: 'https://login.partner.microsoftonline.cn',
		graphHost: 'https://microsoftgraph.chinacloudapi.cn',
	},
};

export function isCloudName(value: string): value is CloudName {
	return value in CLOUDS;
}
