/** Sign-ins: /auditLogs/signIns (v1.0 for interactive; beta for the other event types and beta-only fields). */
import {at, defineReport, shortTime, text, type GraphRecord, type ReportDefinition} from './report.js';
import {SIGN_IN_CSV, SIGN_IN_TABLES} from './sign-ins.columns.js';
import {fields} from './sign-ins.fields.js';
import {code, codeText, signInDetails, signInPivots} from './sign-ins.detail.js';

function who(r: GraphRecord): string {
	return text(r['userPrincipalName']) || text(r['servicePrincipalName']) || text(r['appDisplayName']);
}

export const signIns: ReportDefinition = defineReport({
	id: 'signins',
	title: 'Sign-ins',
	collection: 'signIns',
	timeField: 'createdDateTime',
	timeOps: {since: 'ge', until: 'le'},
	needsTop: false,
	fields,
	columns: [
		{key: 'time', label: 'Date (UTC)', width: 19, value: r => shortTime(r['createdDateTime'])},
		{key: 'user', label: 'User / principal', width: 18, grow: 3, value: who},
		{key: 'app', label: 'Application', width: 14, grow: 2, value: r => text(r['appDisplayName'])},
		{
			key: 'status',
			label: 'Status',
			width: 9,
			value: r => (code(r) === 0 ? 'Success' : codeText(r)),
			tone: r => (code(r) === 0 ? 'success' : [50074, 50076, 50140, 50058].includes(code(r)) ? 'warning' : 'failure'),
		},
		{key: 'ip', label: 'IP address', width: 15, grow: 1, value: r => text(r['ipAddress'])},
		{
			key: 'location',
			label: 'Location',
			width: 10,
			grow: 1,
			value: r =>
				[at(r, 'location/city'), at(r, 'location/countryOrRegion')]
					.map(v => text(v))
					.filter(Boolean)
					.join(', '),
		},
		{
			key: 'ca',
			label: 'CA',
			width: 10,
			value: r => text(r['conditionalAccessStatus']),
			tone: r =>
				r['conditionalAccessStatus'] === 'failure'
					? 'failure'
					: r['conditionalAccessStatus'] === 'success'
						? 'success'
						: 'muted',
		},
	],
	details: signInDetails,
	pivots: signInPivots,
	summary: r =>
		`${shortTime(r['createdDateTime'])} ${who(r)} ${text(r['appDisplayName'])} ${code(r) === 0 ? 'Success' : codeText(r)}`,
	backends: {adminCenterCsv: SIGN_IN_CSV, logAnalytics: SIGN_IN_TABLES},
});
