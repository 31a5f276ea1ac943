/** Sign-ins: /auditLogs/signIns (v1.0 for interactive; beta for the other event types and beta-only fields). */
import {defineReport, shortTime, text, type ReportDefinition} from './report.js';
import {SIGN_IN_CSV, SIGN_IN_TABLES} from './sign-ins.columns.js';
import {fields} from './sign-ins.fields.js';
import {USER_DEFAULTS, who} from './sign-ins.list.js';
import {columnsOf} from './catalogue.list.js';
import {code, codeText, signInDetails, signInPivots} from './sign-ins.detail.js';

export const signIns: ReportDefinition = defineReport({
	id: 'signins',
	title: 'Sign-ins',
	collection: 'signIns',
	timeField: 'createdDateTime',
	timeOps: {since: 'ge', until: 'le'},
	needsTop: false,
	fields,
	columns: columnsOf('signins', USER_DEFAULTS),
	details: signInDetails,
	pivots: signInPivots,
	summary: r =>
		`${shortTime(r['createdDateTime'])} ${who(r)} ${text(r['appDisplayName'])} ${code(r) === 0 ? 'Success' : codeText(r)}`,
	backends: {adminCenterCsv: SIGN_IN_CSV, logAnalytics: SIGN_IN_TABLES},
});
