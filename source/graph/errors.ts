/** Graph's errors as typed values: the message Graph gave, its code, the request-id support asks for, a hint. */
import {statusKind, type ErrorKind} from '../sources/source-error.js';

export class GraphError extends Error {
	override readonly name = 'GraphError';

	constructor(
		readonly status: number,
		readonly code: string,
		readonly graphMessage: string,
		readonly requestId: string | undefined,
		readonly date: string | undefined,
		readonly hint: string | undefined,
	) {
		super(`${graphMessage} (${code}, HTTP ${status}${requestId ? `, request-id ${requestId}` : ''})`);
	}

	/** One line for a terminal: what Graph said, and what to do about it. */
	oneLine(): string {
		return this.hint ? `${this.message}. ${this.hint}` : this.message;
	}

	/** Whether asking again can succeed (SourceError): not for a request Graph refused (400, 404) or access it denied. */
	get kind(): ErrorKind {
		return statusKind(this.status);
	}
}

/** The network or the service kept failing after every retry. */
export class RetriesExhaustedError extends Error {
	override readonly name = 'RetriesExhaustedError';
	constructor(
		message: string,
		readonly attempts: number,
		options?: {cause?: unknown},
	) {
		super(message, options);
	}
}

const HINTS: Readonly<Record<string, string>> = {
	Authentication_RequestFromNonPremiumTenantOrB2CTenant:
		'Sign-in and provisioning logs need a Microsoft Entra ID P1 or P2 licence (audits do not). On a licensed tenant this is a known intermittent licence check: retry, and make sure the app has Directory.Read.All',
	Authentication_RequestFromUnsupportedUserRole:
		'Your account needs a reporting role: Reports Reader, Security Reader, Security Administrator or Global Reader',
	Authentication_MSGraphPermissionMissing:
		'The app needs the AuditLog.Read.All and Directory.Read.All permissions, with admin consent',
	Authentication_ApplicationHasNoDirectoryReadAccess: 'The app needs Directory.Read.All, with admin consent',
	Authorization_RequestDenied:
		'The account or app lacks the permission or role this report needs (AuditLog.Read.All and a reporting role)',
	InvalidAuthenticationToken: 'Sign in again: entra-logs login',
	TooManyRequests:
		'Graph is throttling this app (reports allow 5 requests per 10 seconds per app per tenant); narrow the time range',
	serviceNotAvailable: 'Graph is unavailable for now; try again shortly',
};

export function hintFor(status: number, code: string, message: string): string | undefined {
	if (HINTS[code]) return HINTS[code];
	if (status === 400 && /filter/i.test(message)) {
		return 'Graph supports only the documented fields and operators for this report; dates go unquoted (createdDateTime ge 2026-11-01T00:00:00Z)';
	}
	if (status === 400 && /page size|\$top/i.test(message)) return 'Use a page size from 1 to 1000';
	if (status === 404) return 'No such record or report here';
	return undefined;
}

/** Builds a GraphError from a response body, whatever shape it has. */
export function graphErrorFrom(status: number, body: string, headers: {get(name: string): string | null}): GraphError {
	let code = `HTTP${status}`;
	let message = body.slice(0, 200) || `HTTP ${status}`;
	let requestId = headers.get('request-id') ?? undefined;
	let date: string | undefined;
	try {
		const parsed = JSON.parse(body) as {
			error?: {
				code?: string;
				message?: string;
				innerError?: Record<string, string>;
				innererror?: Record<string, string>;
			};
		};
		if (parsed.error) {
			code = parsed.error.code ?? code;
			message = parsed.error.message ?? message;
			const inner = parsed.error.innerError ?? parsed.error.innererror;
			requestId = inner?.['request-id'] ?? requestId;
			date = inner?.['date'];
		}
	} catch {
		// not JSON: keep the text
	}
	return new GraphError(status, code, message, requestId, date, hintFor(status, code, message));
}
