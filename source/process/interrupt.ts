/**
 * A command line run stopped by SIGINT (Ctrl-C) or SIGTERM: the work is aborted, and the command exits as a shell
 * reports a process ended by that signal, 128 + its number (130 for SIGINT, 143 for SIGTERM), so a script or a job
 * runner tells a cancel from a kill.
 */
const CODES = {SIGINT: 130, SIGTERM: 143} as const;

export interface Interrupt {
	readonly signal: AbortSignal;
	/** The exit code for the signal that came (130 when none did). */
	readonly code: () => number;
	/** Stops listening. */
	readonly dispose: () => void;
}

export function listenForInterrupt(): Interrupt {
	const controller = new AbortController();
	let code: number = CODES.SIGINT;
	const handlers = (Object.keys(CODES) as Array<keyof typeof CODES>).map(name => {
		const handler = (): void => {
			code = CODES[name];
			controller.abort(new Error('interrupted'));
		};
		process.once(name, handler);
		return [name, handler] as const;
	});
	return {
		signal: controller.signal,
		code: () => code,
		dispose: () => {
			for (const [name, handler] of handlers) process.off(name, handler);
		},
	};
}
