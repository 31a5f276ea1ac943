/** An error as one line for the terminal. */
import {sanitizeLine} from '../terminal/sanitize.js';
import {typedText} from '../fs/typed-path.js';

/**
 * An error in one line, safe for the terminal: messages echo what was typed, and Graph's and the network's words; a
 * pipe `open` read into a private copy is named as the user gave it.
 */
export function messageOf(error: unknown): string {
	const oneLine = (error as {oneLine?: () => string} | undefined)?.oneLine;
	if (typeof oneLine === 'function') return typedText(sanitizeLine(oneLine.call(error)));
	if (error instanceof Error) return typedText(sanitizeLine(error.message.split('\n')[0]!));
	return typedText(sanitizeLine(String(error)));
}
