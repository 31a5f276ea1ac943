/** The list's state after a failed fetch: the error, and what to do about it (n only when asking again can succeed). */
import type {ErrorKind} from '../sources/source-error.js';
import {keyName} from './keymap.js';

export function errorState(error: string, kind: ErrorKind | undefined): string {
	switch (kind) {
		case 'query':
			// Graph refused the request itself (400, 404): the same request fails again.
			return `error (${keyName('filters')} edits the filters): ${error}`;
		case 'access':
			// A licence, role or permission: the error's line names it; asking again fails until it is granted.
			return `error: ${error}`;
		default:
			return `error (${keyName('nextPage')} tries again): ${error}`;
	}
}
