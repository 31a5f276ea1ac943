/**
 * What a source's error says about itself, asked by the store without knowing where the error came from (Graph,
 * sign-in, a file, later a workspace): whether a person must sign in again, and its one line for the status bar.
 */
export interface SourceError {
	/** The session ended or nobody is signed in: the TUI offers a new device code and goes on from the same page. */
	readonly needsSignIn?: boolean;
	/** One line for a terminal (Graph's words and what to do about them). */
	oneLine?(): string;
}

/** Whether an error thrown by a source asks for a new sign-in. */
export function needsSignIn(error: unknown): boolean {
	return (error as SourceError | null | undefined)?.needsSignIn === true;
}

/** An error thrown by a source, in one line (not yet sanitized). */
export function errorLine(error: unknown): string {
	const oneLine = (error as SourceError | null | undefined)?.oneLine;
	if (typeof oneLine === 'function') return oneLine.call(error);
	return error instanceof Error ? error.message : String(error);
}
