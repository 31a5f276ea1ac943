/**
 * The frames after a resize, in a real tmux with its default settings. Ink draws only the lines that change
 * (incrementalRendering, patches/ink+6.8.0.patch); after the window got fewer rows than the frame had, its redraw
 * left the cursor at the end of the last line while log-update took it to be on the line below, so the first key
 * drew its lines one row too high and from that column: a record's row written into the column header, two titles
 * on one line, and so it stayed (found by an independent check). The oracle is a run started at the final size given
 * the same keys: the two screens, characters and styles (`capture-pane -e`), must be the same.
 */
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';
import {until} from '../helpers/terminal.js';
import {cells} from '../helpers/screen-cells.js';
import {tmuxPane, type TmuxPane} from '../helpers/tmux-pane.js';
import {sandbox, signIns} from '../safety/sandbox.js';

/** Keys (waited on when `then` says what they show), or a resize (waited on unless `midRun`: keys still coming). */
type Step = {keys: string[]; then?: RegExp} | {resize: [number, number]; midRun?: boolean};

const styled = (pane: TmuxPane): string => pane.run('capture-pane', '-e', '-p', '-t', 'p').stdout;

/**
 * `open` of 1,000 sign-ins at `from`, taken through `steps`, against a run started at `to` given the same keys: once
 * that run shows `last`, the resized run's screen must become its screen (a wrong line stays wrong until something
 * rewrites it).
 */
async function resizedEqualsFresh(
	from: [number, number],
	to: [number, number],
	steps: readonly Step[],
	last: RegExp,
): Promise<void> {
	const {root, env} = sandbox();
	const file = signIns(join(root, 'signins.ndjson'), 1000);
	const resized = tmuxPane(['open', file], env, ...from);
	const fresh = tmuxPane(['open', file], env, ...to);
	const loaded = /^1\/\d+ loaded/m;
	await Promise.all([resized.waitForText(loaded), fresh.waitForText(loaded)]);
	let a: string[] = [];
	let b: string[] = [];
	/** Once the fresh run shows `shows`, the resized run's screen becomes its screen (a failure shows both). */
	const same = async (shows: RegExp, what: string): Promise<void> => {
		const check = (): boolean => {
			a = cells(styled(resized));
			b = cells(styled(fresh));
			return shows.test(fresh.text()) && a.join('\n') === b.join('\n');
		};
		await until(check, what, 20_000).catch(() => {
			const both = `${what}; resized:\n${resized.text()}\nfresh:\n${fresh.text()}`;
			expect(fresh.text(), both).toMatch(shows);
			expect(a, both).toEqual(b);
		});
	};
	for (const step of steps) {
		if ('resize' in step) {
			resized.resize(...step.resize);
			// The frame the resize draws is already the fresh run's: the keys come after it.
			if (!step.midRun) await same(/./, 'the frame the resize draws');
			continue;
		}
		resized.keys(...step.keys);
		fresh.keys(...step.keys);
		if (step.then) await Promise.all([resized.waitForText(step.then), fresh.waitForText(step.then)]);
	}
	await same(last, 'the screen of a run started at that size, after the keys');
	await Promise.all([resized.quit(), fresh.quit()]);
}

// A key drawn: Ink has taken the screen over from the frame written before it loaded (first-frame.ts; a resize before
// then is another path).
const ink: Step = {keys: ['j'], then: /^2\/\d+ loaded/m};

describe('after a resize, the next frames are those of a run started at that size (real tmux)', () => {
	it('narrower and shorter, then j: the rows in the list, the column header whole', async () => {
		await resizedEqualsFresh([120, 35], [100, 30], [ink, {resize: [100, 30]}, {keys: ['j', 'j']}], /^4\/\d+ loaded/m);
	}, 60_000);

	it('shorter only, then Esc to the report picker: one title', async () => {
		await resizedEqualsFresh([120, 35], [120, 30], [ink, {resize: [120, 30]}, {keys: ['Escape']}], /Pick a report/);
	}, 60_000);

	it('a resize in the detail, then Esc: the list where it belongs', async () => {
		await resizedEqualsFresh(
			[120, 35],
			[100, 30],
			[{keys: ['Enter'], then: /Request id/}, {resize: [100, 30]}, {keys: ['Escape']}],
			/^1\/\d+ loaded/m,
		);
	}, 60_000);

	it('narrower only (a tmux split-window -h beside it), then j: the title and rows whole', async () => {
		await resizedEqualsFresh([120, 35], [90, 35], [ink, {resize: [90, 35]}, {keys: ['j']}], /^3\/\d+ loaded/m);
	}, 60_000);

	it('narrower in the detail, then Esc', async () => {
		await resizedEqualsFresh(
			[120, 35],
			[70, 35],
			[{keys: ['Enter'], then: /Request id/}, {resize: [70, 35]}, {keys: ['Escape']}],
			/^1\/\d+ loaded/m,
		);
	}, 60_000);

	it('wider and taller, then j', async () => {
		await resizedEqualsFresh([100, 30], [140, 40], [ink, {resize: [140, 40]}, {keys: ['j']}], /^3\/\d+ loaded/m);
	}, 60_000);

	for (const [screen, open, shows, keys, last] of [
		['the report picker', 'Escape', /Pick a report/, ['j', 'k', 'Enter'], /^1\/\d+ loaded/m],
		['the help', '?', /^Keys$/m, ['j', 'Escape'], /^2\/\d+ loaded/m],
		['the summary', 's', /^Summary of the/m, ['j', 'Escape'], /^2\/\d+ loaded/m],
	] as const) {
		it(`a resize in ${screen}, then keys there and back to the list`, async () => {
			await resizedEqualsFresh(
				[120, 35],
				[100, 30],
				[ink, {keys: [open], then: shows}, {resize: [100, 30]}, {keys: [...keys]}],
				last,
			);
		}, 60_000);
	}

	it('a resize in the middle of a run of keys', async () => {
		const ten = Array<string>(10).fill('j');
		await resizedEqualsFresh(
			[120, 35],
			[100, 30],
			[{keys: ten}, {resize: [100, 30], midRun: true}, {keys: ten}],
			/^21\/\d+ loaded/m,
		);
	}, 60_000);
});
