import {typedText} from '../fs/typed-path.js';

/**
 * What a source's error says about itself, asked by the store without knowing where the error came from (Graph,
 * sign-in, a file, a workspace): whether a person must sign in again, its one line for the status bar, and whether
 * asking again can succeed.
 */
export interface SourceError {
	/** The session ended or nobody is signed in: the TUI offers a new device code and goes on from the same page. */
	readonly needsSignIn?: boolean;
	/** One line for a terminal (Graph's words and what to do about them). */
	oneLine?(): string;
	/** What a person can do about it (errorKind); an error that does not say is taken as transient. */
	readonly kind?: ErrorKind;
}

/**
 * What a person can do about an error: `transient` (throttling, a service or network failure, anything unknown):
 * ask again; `query` (the service refused the request itself, HTTP 400 or 404, or the query could not be made): the
 * same request fails again, the query must change; `access` (HTTP 401 or 403 after a fresh token: a licence, a role,
 * a permission): the same request fails again until an administrator grants it, which the error's line names.
 */
export type ErrorKind = 'transient' | 'query' | 'access';

/** The kind of an HTTP error status (of a service that answered). */
export function statusKind(status: number): ErrorKind {
	if (status === 401 || status === 403) return 'access';
	if (status >= 400 && status < 500 && status !== 408 && status !== 429) return 'query';
	return 'transient';
}

/** What a person can do about an error thrown by a source: its own `kind`, else its HTTP `status`'s, else transient. */
export function errorKind(error: unknown): ErrorKind {
	const e = error as (SourceError & {status?: unknown}) | null | undefined;
	if (e?.kind === 'transient' || e?.kind === 'query' || e?.kind === 'access') return e.kind;
	return typeof e?.status === 'number' ? statusKind(e.status) : 'transient';
}

/** Whether an error thrown by a source asks for a new sign-in. */
export function needsSignIn(error: unknown): boolean {
	return (error as SourceError | null | undefined)?.needsSignIn === true;
}

/** An error thrown by a source, in one line (not yet sanitized); a pipe's private copy named as the user gave it. */
export function errorLine(error: unknown): string {
	const oneLine = (error as SourceError | null | undefined)?.oneLine;
	if (typeof oneLine === 'function') return typedText(oneLine.call(error));
	return typedText(error instanceof Error ? error.message : String(error));
}
