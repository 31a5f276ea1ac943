/** The registry of reports. */
import {directoryAudits} from './directory-audits.js';
import {provisioning} from './provisioning.js';
import {signIns} from './sign-ins.js';
import type {ReportDefinition, ReportId} from './report.js';

export const REPORTS: readonly ReportDefinition[] = [signIns, directoryAudits, provisioning];

const ALIASES: Readonly<Record<string, ReportId>> = {
	signins: 'signins',
	'sign-ins': 'signins',
	signin: 'signins',
	audits: 'audits',
	audit: 'audits',
	directoryaudits: 'audits',
	'directory-audits': 'audits',
	provisioning: 'provisioning',
	prov: 'provisioning',
};

export function reportById(id: ReportId): ReportDefinition {
	return REPORTS.find(r => r.id === id)!;
}

export function findReport(name: string): ReportDefinition | undefined {
	const id = ALIASES[name.toLowerCase()];
	return id ? reportById(id) : undefined;
}
