/**
 * What the user typed for a path `open` replaced: a pipe (`<(zcat …)`, a named FIFO) is read into a private temp
 * copy (seekable.ts), and the header and messages name the pipe, not the copy. No imports: the first frame's header
 * reads it.
 */
const typed = new Map<string, string>();

/** `copy` stands for `shown` (already safe for a terminal) wherever a source is named to the user. */
export function nameCopy(copy: string, shown: string): void {
	typed.set(copy, shown);
}

/** The name the user gave for `path` (a pipe's, or "stdin"); `path` itself when it is not a copy. */
export function typedPath(path: string): string {
	return typed.get(path) ?? path;
}

/** `text` (a message about a file) with each copy's path in it named as the user gave it. */
export function typedText(text: string): string {
	let out = text;
	for (const [copy, shown] of typed) out = out.replaceAll(copy, shown);
	return out;
}
