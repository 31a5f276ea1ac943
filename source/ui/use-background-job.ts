/**
 * A job that runs beside the browsing (an export today; a summary's full fetch or a timeline next), one at a time:
 * its progress and outcome go to the status bar, it stops with the TUI, and a stopped job keeps what it needs to
 * resume (the export's checkpoint), which its failure line says how to use. q while one runs asks once more.
 */
import {useEffect, useRef} from 'react';
import {sanitizeLine} from '../terminal/sanitize.js';
import {keyName} from './keymap.js';

export interface JobSpec<P> {
	/** What runs, for the status bar: "exporting to x.ndjson". */
	readonly label: string;
	/** What it is, in the quit question: "an export". */
	readonly noun: string;
	/** How to finish it after a stop: "run the same export with --resume to finish it". */
	readonly resume: string;
	readonly run: (onProgress: (p: P) => void, signal: AbortSignal) => Promise<string>;
	/** A progress report in words, after the label. */
	readonly progress: (p: P) => string;
	/** The line for a failure (its message), saying how to resume. */
	readonly failed: (message: string) => string;
}

export interface BackgroundJob {
	readonly running: () => boolean;
	/** Starts a job; false (and nothing started) while another one runs. */
	readonly start: <P>(spec: JobSpec<P>) => boolean;
	/**
	 * q: quits at once when nothing runs; while a job runs, the first q asks and the second stops it (what it needs
	 * to resume is kept) and quits once it has stopped, a second at most.
	 */
	readonly quit: (exit: () => void) => void;
	/** Any other key: q asks again. */
	readonly disarm: () => void;
}

interface Running {
	readonly spec: JobSpec<never>;
	readonly controller: AbortController;
	done: Promise<void>;
	/** The job's last progress in words, kept up to its end (a stop lets the page being written finish). */
	progress: string;
}

/**
 * Jobs a leaving of the TUI stopped, for the terminal once the TUI is gone (run.tsx): the screen that said so is
 * cleared on exit, and a ctrl-c quits without q's question.
 */
const leftUnfinished: Running[] = [];

/**
 * The lines for jobs that leaving the TUI stopped (each once), said once they have stopped (within `waitMs`): what
 * they say is then what the job's checkpoint holds, the page it was writing at the stop included (its last
 * fdatasync may take seconds on a loaded machine).
 */
export async function takeUnfinishedJobs(waitMs = 10_000): Promise<string[]> {
	const jobs = leftUnfinished.splice(0);
	if (jobs.length > 0) {
		let timer: NodeJS.Timeout | undefined;
		await Promise.race([
			Promise.allSettled(jobs.map(job => job.done)),
			new Promise(resolve => (timer = setTimeout(resolve, waitMs))),
		]);
		clearTimeout(timer);
	}
	return jobs.map(job => unfinished(job.spec, job.progress));
}

export function useBackgroundJob(setStatus: (line: string) => void): BackgroundJob {
	const current = useRef<Running>(undefined);
	const armed = useRef(false);
	// Leaving the TUI any way (q, ctrl-c) stops a running job, which keeps its checkpoint: nothing runs on unseen.
	useEffect(
		() => () => {
			const running = current.current;
			if (!running) return;
			leftUnfinished.push(running);
			running.controller.abort(new Error('entra-logs closed'));
		},
		[],
	);

	const start = <P>(spec: JobSpec<P>): boolean => {
		if (current.current) return false;
		setStatus(`${spec.label}...`);
		const job: Running = {
			spec: spec as unknown as JobSpec<never>,
			controller: new AbortController(),
			done: Promise.resolve(),
			progress: '',
		};
		// Progress goes to the status bar, except over the question that q asked, and after a stop.
		const onProgress = (p: P): void => {
			job.progress = spec.progress(p);
			if (current.current === job && !armed.current) setStatus(`${spec.label}: ${job.progress}`);
		};
		job.done = spec
			.run(onProgress, job.controller.signal)
			.then(setStatus, (e: Error) => setStatus(spec.failed(sanitizeLine(e.message))))
			.finally(() => {
				if (current.current !== job) return;
				current.current = undefined;
				armed.current = false;
			});
		current.current = job;
		return true;
	};

	const quit = (exit: () => void): void => {
		const running = current.current;
		if (!running) return exit();
		if (!armed.current) {
			armed.current = true;
			return setStatus(`${running.spec.noun} is running: ${keyName('quit')} again cancels it; ${running.spec.resume}`);
		}
		setStatus(`cancelling ${running.spec.noun.replace(/^an? /, 'the ')} (its checkpoint stays)...`);
		leftUnfinished.push(running);
		current.current = undefined;
		armed.current = false;
		running.controller.abort(new Error('cancelled'));
		// The timer must not keep the process alive once the job has stopped.
		const timer = setTimeout(exit, 1000);
		void running.done.finally(() => {
			clearTimeout(timer);
			exit();
		});
	};

	return {
		running: () => current.current !== undefined,
		start,
		quit,
		disarm: () => {
			armed.current = false;
		},
	};
}

/** "stopped exporting to x.ndjson at 1,200 records, 2 pages: run the same export with --resume to finish it". */
function unfinished(spec: JobSpec<never>, progress: string): string {
	return sanitizeLine(`stopped ${spec.label}${progress ? ` at ${progress}` : ''}: ${spec.resume}`);
}
