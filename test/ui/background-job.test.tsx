/** The background job hook (the export runs on it): progress, q asking once, cancel and quit, failures and resume. */
import {useEffect} from 'react';
import {describe, expect, it} from 'vitest';
import {render} from 'ink-testing-library';
import {Text} from 'ink';
import {useBackgroundJob, type BackgroundJob, type JobSpec} from '../../source/ui/use-background-job.js';
import {waitFor} from '../helpers/tui.js';

function harness() {
	const statuses: string[] = [];
	let job: BackgroundJob | undefined;
	function Probe(): React.ReactElement {
		const j = useBackgroundJob(line => statuses.push(line));
		useEffect(() => {
			job = j;
		});
		return <Text>probe</Text>;
	}
	const app = render(<Probe />);
	return {statuses, app, job: (): BackgroundJob => job!};
}

/** A job that reports progress when told and ends when its signal aborts (or when told to). */
function controlled() {
	let progress: ((n: number) => void) | undefined;
	let finish: ((line: string) => void) | undefined;
	let signal: AbortSignal | undefined;
	const spec: JobSpec<number> = {
		label: 'exporting to x.ndjson',
		noun: 'an export',
		resume: 'run the same export with --resume to finish it',
		run: (onProgress, s) =>
			new Promise((resolve, reject) => {
				progress = onProgress;
				finish = resolve;
				signal = s;
				s.addEventListener('abort', () => reject(s.reason as Error));
			}),
		progress: n => `${n} records`,
		failed: message => `export failed: ${message}; e with the same file and format finishes it`,
	};
	return {spec, progress: (n: number) => progress!(n), finish: (l: string) => finish!(l), signal: () => signal};
}

describe('useBackgroundJob', () => {
	it('one at a time; progress and the outcome in the status bar', async () => {
		const h = harness();
		await waitFor(
			() => String(h.job() !== undefined),
			x => x === 'true',
			'the hook',
		);
		const c = controlled();
		expect(h.job().start(c.spec)).toBe(true);
		expect(h.job().start(c.spec)).toBe(false);
		expect(h.job().running()).toBe(true);
		c.progress(1000);
		c.finish('exported 1,000 records to x.ndjson');
		await waitFor(
			() => String(h.job().running()),
			r => r === 'false',
			'the end',
		);
		expect(h.statuses).toEqual([
			'exporting to x.ndjson...',
			'exporting to x.ndjson: 1000 records',
			'exported 1,000 records to x.ndjson',
		]);
		h.app.unmount();
	});

	it('q asks first and progress leaves the question be; any other key and q asks again; q twice cancels, then quits', async () => {
		const h = harness();
		await waitFor(
			() => String(h.job() !== undefined),
			x => x === 'true',
			'the hook',
		);
		const c = controlled();
		h.job().start(c.spec);
		let exits = 0;
		const exit = (): void => {
			exits++;
		};
		const question = 'an export is running: q again cancels it; run the same export with --resume to finish it';
		h.job().quit(exit);
		expect(h.statuses.at(-1)).toBe(question);
		c.progress(5);
		expect(h.statuses.at(-1)).toBe(question);
		h.job().disarm();
		h.job().quit(exit);
		expect(c.signal()?.aborted).toBe(false);
		h.job().quit(exit);
		expect(c.signal()?.aborted).toBe(true);
		expect(h.statuses.at(-1)).toBe('cancelling the export (its checkpoint stays)...');
		await waitFor(
			() => String(exits),
			n => n === '1',
			'the exit',
		);
		// Stopped, it says how to finish it.
		expect(h.statuses.at(-1)).toBe('export failed: cancelled; e with the same file and format finishes it');
		h.app.unmount();
	});

	it('nothing running: q quits at once; the TUI leaving stops a running job', async () => {
		const h = harness();
		await waitFor(
			() => String(h.job() !== undefined),
			x => x === 'true',
			'the hook',
		);
		let exits = 0;
		h.job().quit(() => exits++);
		expect(exits).toBe(1);
		const c = controlled();
		h.job().start(c.spec);
		h.app.unmount();
		expect(c.signal()?.aborted).toBe(true);
		expect((c.signal()?.reason as Error).message).toBe('entra-logs closed');
	});
});
