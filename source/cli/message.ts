/** An error as one line for the terminal. */
import {sanitizeLine} from '../terminal/sanitize.js';

/** An error in one line, safe for the terminal: messages echo what was typed, and Graph's and the network's words. */
export function messageOf(error: unknown): string {
	const oneLine = (error as {oneLine?: () => string} | undefined)?.oneLine;
	if (typeof oneLine === 'function') return sanitizeLine(oneLine.call(error));
	if (error instanceof Error) return sanitizeLine(error.message.split('\n')[0]!);
	return sanitizeLine(String(error));
}
