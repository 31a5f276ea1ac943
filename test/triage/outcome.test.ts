/**
 * Outcomes as the admin center shows them. The oracle is written out here, not imported: the prompt codes issue 9
 * lists, and the rows of shared/aadsts-codes.md whose names end in "Interrupt" (copied on purpose).
 */
import {describe, expect, it} from 'vitest';
import {codeMeaning, errorCodeOf, INTERRUPTS, outcomeTone, signInOutcome} from '../../source/triage/outcome.js';
import {AADSTS} from '../../source/reports/aadsts.js';

// shared/aadsts-codes.md, verbatim names: AADSTS50072 UserStrongAuthEnrollmentRequiredInterrupt, AADSTS50074
// UserStrongAuthClientAuthNRequiredInterrupt, AADSTS50125 PasswordResetRegistrationRequiredInterrupt, AADSTS50140 KmsiInterrupt.
const NAMED_INTERRUPT = [50072, 50074, 50125, 50140];
// Issue 9 §1: MFA required 50074/50076, enrolment 50072/50079, keep me signed in 50140, SSO session information
// 50058, password reset registration 50125, device authentication 50097.
const ISSUE_PROMPTS = [50074, 50076, 50072, 50079, 50140, 50058, 50125, 50097];

const rec = (status: unknown): unknown => ({id: 'x', createdDateTime: '2026-11-20T08:14:03Z', status});

describe('the interrupt table', () => {
	it('holds exactly the named interrupts and the prompt codes, each with where it comes from', () => {
		expect([...INTERRUPTS.keys()].sort()).toEqual([...new Set([...NAMED_INTERRUPT, ...ISSUE_PROMPTS])].sort());
		for (const [code, info] of INTERRUPTS) {
			expect(info.why.length, String(code)).toBeGreaterThan(10);
			// The detail shows it: words of the sign-in's, not references to the project's issues.
			expect(info.why, String(code)).not.toMatch(/issue \d/);
			if (AADSTS[code]?.name) expect(info.name).toBe(AADSTS[code]!.name);
		}
	});

	it('takes every code of the AADSTS table whose name ends in Interrupt', () => {
		for (const [code, info] of Object.entries(AADSTS)) {
			if (info.name.endsWith('Interrupt')) expect(INTERRUPTS.has(Number(code)), code).toBe(true);
		}
	});
});

describe('signInOutcome', () => {
	it.each(ISSUE_PROMPTS)('%i is interrupted', code => {
		expect(signInOutcome(rec({errorCode: code, failureReason: 'x'}))).toBe('interrupted');
	});

	it.each([50126, 53003, 50053, 500121, 50055, 50057, 16000, 7000215, 70043])('%i is a failure', code => {
		expect(signInOutcome(rec({errorCode: code, failureReason: 'x'}))).toBe('failure');
	});

	it('0 is success whatever the failure reason says (the beta docs pair 0 with "Other.")', () => {
		expect(signInOutcome(rec({errorCode: 0, failureReason: 'Other.'}))).toBe('success');
	});

	it('reads the code as a CSV or hand-made file may hold it', () => {
		expect(signInOutcome(rec({errorCode: '50074'}))).toBe('interrupted');
		expect(signInOutcome(rec({errorCode: 'AADSTS50126'}))).toBe('failure');
		expect(signInOutcome(rec({errorCode: ' 0 '}))).toBe('success');
		expect(errorCodeOf(rec({errorCode: 50074.0}))).toBe(50074);
	});

	it.each([
		['no status', {id: 'x'}],
		['status null', rec(null)],
		['status a string', rec('failure')],
		['status an array', rec([{errorCode: 0}])],
		['no code', rec({failureReason: 'x'})],
		['code null', rec({errorCode: null})],
		['code a fraction', rec({errorCode: 50074.5})],
		['code negative', rec({errorCode: -1})],
		['code too big', rec({errorCode: 2 ** 40})],
		['code NaN-like text', rec({errorCode: 'NaN'})],
		['code an object', rec({errorCode: {valueOf: 0}})],
		['code true', rec({errorCode: true})],
		['record null', null],
		['record an array', [1, 2]],
		['record a number', 7],
	])('unknown when it cannot be read: %s', (_name, record) => {
		expect(signInOutcome(record)).toBe('unknown');
	});

	it('has a tone for each outcome, and a meaning for the codes it knows', () => {
		expect(['success', 'interrupted', 'failure', 'unknown'].map(o => outcomeTone(o as never))).toEqual([
			'success',
			'warning',
			'failure',
			'muted',
		]);
		expect(codeMeaning(50126)).toBe('InvalidUserNameOrPassword');
		expect(codeMeaning(50140)).toBe('KmsiInterrupt');
		expect(codeMeaning(50056)).toBe("Invalid or null password: password doesn't exist in the directory for this user");
		expect(codeMeaning(500121)).toBe('');
	});
});

describe('the AADSTS table', () => {
	// Every code of shared/aadsts-codes.md (its rows, copied here on purpose: the file is outside the repository).
	const DOCUMENTED = [
		16000, 16003, 500011, 50011, 50034, 50053, 50055, 50056, 50057, 50058, 50064, 50072, 50074, 50076, 50079, 50089,
		50097, 50105, 50125, 50126, 50131, 50132, 50133, 50140, 50144, 50155, 50158, 50173, 50196, 51004, 53000, 53001,
		53002, 53003, 530032, 530035, 53004, 53011, 54005, 65001, 65004, 70000, 700016, 7000215, 7000222, 70008, 700082,
		70011, 70016, 70018, 70019, 70043, 81010, 90002, 90072, 90094,
	];

	it('holds every code the shared reference documents, each with its words', () => {
		expect(Object.keys(AADSTS).map(Number).sort()).toEqual([...DOCUMENTED].sort());
		expect(AADSTS[50140]!.name).toBe('KmsiInterrupt');
		expect(AADSTS[530035]!.name).toBe('BlockedBySecurityDefaults');
		expect(AADSTS[65004]!.name).toBe('UserDeclinedConsent');
		expect(AADSTS[50011]!.name).toBe('InvalidReplyTo');
		expect(AADSTS[50053]!.description).toContain('IdsLocked - The account is locked');
		expect(AADSTS[7000215]!.description).toMatch(/^Invalid client secret is provided\./);
		expect(codeMeaning(50053)).toBe('IdsLocked, or a sign-in from an IP address with malicious activity');
		expect(codeMeaning(530035)).toBe('BlockedBySecurityDefaults');
	});
});
