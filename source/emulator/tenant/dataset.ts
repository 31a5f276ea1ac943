/** Records served from a file: NDJSON, a JSON array, a Graph page (`{"value": [...]}`) or `{signIns, directoryAudits, provisioning}`. */
import {readFile} from 'node:fs/promises';
import type {GraphRecord} from './tenant.js';

export interface LoadedRecords {
	signIns: GraphRecord[];
	directoryAudits: GraphRecord[];
	provisioning: GraphRecord[];
}

export async function loadRecords(path: string): Promise<LoadedRecords> {
	const text = await readFile(path, 'utf8');
	const out: LoadedRecords = {signIns: [], directoryAudits: [], provisioning: []};
	const trimmed = text.trimStart();
	let items: unknown[];
	if (trimmed.startsWith('[')) items = JSON.parse(text) as unknown[];
	else if (trimmed.startsWith('{') && !/\}\s*\n\s*\{/.test(text)) {
		const doc = JSON.parse(text) as Record<string, unknown>;
		if (Array.isArray(doc['value'])) items = doc['value'];
		else {
			for (const key of ['signIns', 'directoryAudits', 'provisioning'] as const) {
				if (Array.isArray(doc[key])) out[key].push(...(doc[key] as GraphRecord[]));
			}
			return out;
		}
	} else {
		items = text
			.split('\n')
			.filter(line => line.trim() !== '')
			.map(line => JSON.parse(line) as unknown);
	}
	for (const item of items) {
		if (!item || typeof item !== 'object' || typeof (item as GraphRecord).id !== 'string') continue;
		const r = item as GraphRecord;
		if ('createdDateTime' in r) out.signIns.push(r);
		else if ('provisioningSteps' in r || 'jobId' in r || 'provisioningAction' in r) out.provisioning.push(r);
		else if ('activityDateTime' in r) out.directoryAudits.push(r);
	}
	return out;
}
