/**
 * The outcome of a sign-in as the admin center shows it: success, interrupted or failure.
 *
 * A sign-in's outcome is decided on `status.errorCode` alone: 0 is success (shared/aadsts-codes.md: the v1.0 doc
 * examples pair `errorCode: 0` with `failureReason: null`, and a beta example pairs 0 with "Other.", so the text
 * never decides). A code in INTERRUPTS is an interrupt: the flow asked the user for something more (a second
 * factor, enrolment, "stay signed in") and usually goes on under the same correlation id. Any other code is a
 * failure. A record whose code cannot be read (missing, not an integer, a hostile value) is `unknown`: calling it
 * a failure would inflate the failures of a tampered or truncated file, calling it a success would hide one.
 *
 * INTERRUPTS is the one table the classes come from. It sits beside the error-code table (source/reports/aadsts.ts,
 * regenerated from shared/aadsts-codes.md) and takes:
 *  - every code of that table whose name ends in `Interrupt` (the service's own naming of an interrupt), found when
 *    this module loads, so a regenerated table brings new ones in;
 *  - the prompt codes below, each with where it comes from. Codes deliberately left out are listed after them.
 */
import {AADSTS} from '../reports/aadsts.js';
import {obj} from './values.js';

export type Outcome = 'success' | 'interrupted' | 'failure' | 'unknown';

export interface InterruptInfo {
	/** The code's name in Microsoft's table (shared/aadsts-codes.md). */
	readonly name: string;
	/** Why it is an interrupt, and where that comes from. */
	readonly why: string;
}

/**
 * Prompt codes: the sign-in stopped to ask the user for something, as issue 9 §1 lists them. The names are those of
 * shared/aadsts-codes.md (verbatim rows of Microsoft's reference-error-codes.md). Microsoft Sentinel's own sign-in
 * rules (Azure/Azure-Sentinel, "Brute force attack against Azure Portal") likewise count 50125 and 50140 as not
 * failures.
 */
const PROMPTS: Readonly<Record<number, InterruptInfo>> = {
	50074: {
		name: 'UserStrongAuthClientAuthNRequiredInterrupt',
		why: 'MFA required: the user is asked for a second factor (named Interrupt)',
	},
	50076: {
		name: 'UserStrongAuthClientAuthNRequired',
		why: 'MFA required after a policy or location change: "Retry with a new authorize request"',
	},
	50072: {
		name: 'UserStrongAuthEnrollmentRequiredInterrupt',
		why: 'MFA enrolment: the user must register a second factor (named Interrupt)',
	},
	50079: {name: 'UserStrongAuthEnrollmentRequired', why: 'MFA enrolment required by policy'},
	// Named Interrupt too (so also found in the AADSTS table): "an expected part of the sign in flow, where a user is
	// asked if they want to remain signed into their current browser".
	50140: {
		name: 'KmsiInterrupt',
		why: '"Keep me signed in" prompt: "an expected part of the sign in flow" (named Interrupt)',
	},
	50058: {
		name: 'UserInformationNotProvided',
		why: 'no SSO session yet: "a common error that\'s expected when a user is unauthenticated"',
	},
	50125: {
		name: 'PasswordResetRegistrationRequiredInterrupt',
		why: 'password reset registration prompt (named Interrupt)',
	},
	50097: {name: 'DeviceAuthenticationRequired', why: 'the device is asked to authenticate'},
};
// Left out, as failures: 500121 (MFA denied or not answered: the user did not pass; the mfa-fatigue detection's
// input), 50055 (password expired: the sign-in ends), 81010 (Seamless SSO failed), 16000 (named InteractionRequired
// but its row describes an account missing from the tenant), 70016 (device-code polling, not a logged sign-in).

/** The one table: code → why it is an interrupt. */
export const INTERRUPTS: ReadonlyMap<number, InterruptInfo> = (() => {
	const table = new Map<number, InterruptInfo>();
	for (const [code, info] of Object.entries(AADSTS)) {
		if (info.name.endsWith('Interrupt'))
			table.set(Number(code), {name: info.name, why: `named ${info.name} in the AADSTS table`});
	}
	for (const [code, info] of Object.entries(PROMPTS)) table.set(Number(code), table.get(Number(code)) ?? info);
	return table;
})();

const MAX_CODE = 2 ** 31 - 1;

/** `status.errorCode` as an integer (Graph's Edm.Int32; a CSV or a hand-made file may hold "50126" or "AADSTS50126"), else undefined. */
export function errorCodeOf(record: unknown): number | undefined {
	return codeValue(obj(obj(record)?.['status'])?.['errorCode']);
}

export function codeValue(value: unknown): number | undefined {
	if (typeof value === 'number') return Number.isInteger(value) && value >= 0 && value <= MAX_CODE ? value : undefined;
	if (typeof value !== 'string' || value.length > 20) return undefined;
	const m = /^\s*(?:AADSTS)?(\d{1,9})\s*$/i.exec(value);
	return m ? Number(m[1]) : undefined;
}

export function outcomeOfCode(code: number | undefined): Outcome {
	if (code === undefined) return 'unknown';
	if (code === 0) return 'success';
	return INTERRUPTS.has(code) ? 'interrupted' : 'failure';
}

/** A sign-in's outcome; never throws, whatever the record holds. */
export function signInOutcome(record: unknown): Outcome {
	return outcomeOfCode(errorCodeOf(record));
}

/** The tone a list shows an outcome in (source/reports/report.ts Tone). */
export function outcomeTone(outcome: Outcome): 'success' | 'warning' | 'failure' | 'muted' {
	return outcome === 'success'
		? 'success'
		: outcome === 'interrupted'
			? 'warning'
			: outcome === 'failure'
				? 'failure'
				: 'muted';
}

/** A code's name (or a short meaning, or the first sentence of its description) from the local table; '' when unknown. */
export function codeMeaning(code: number): string {
	if (code === 0) return 'Success';
	const info = AADSTS[code];
	if (info) return info.name || SHORT_MEANINGS[code] || firstSentence(info.description);
	return INTERRUPTS.get(code)?.name ?? '';
}

/**
 * Rows of shared/aadsts-codes.md without a name, whose first sentence says little on its own (words from that file).
 * 500121 is "not in this doc version" and the file says not to invent text for it: the summary shows the
 * failureReason the service wrote on the records instead.
 */
const SHORT_MEANINGS: Readonly<Record<number, string>> = {
	50053: 'IdsLocked, or a sign-in from an IP address with malicious activity',
	7000215: 'Invalid client secret is provided',
};

function firstSentence(text: string): string {
	const end = text.indexOf('. ');
	return end > 0 ? text.slice(0, end) : text;
}
