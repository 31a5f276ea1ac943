/**
 * Esc from an `open`ed file's list goes to a picker of what the file holds (found by an independent check: a file of
 * sign-ins offered Directory audits and Provisioning, which it cannot hold). The built CLI in real tmux.
 */
import {writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';
import {tmuxPane} from '../helpers/tmux-pane.js';
import {sandbox, signIns} from '../safety/sandbox.js';

describe("the picker over an open file's list", () => {
	it('a file of sign-ins: the four sign-in kinds, no other report', async () => {
		const {root, env} = sandbox();
		const pane = tmuxPane(['open', signIns(join(root, 's.ndjson'), 20)], env, 100, 24);
		await pane.waitFor(r => r.some(l => l.startsWith('1/20 loaded')), 'the list');
		pane.keys('Escape');
		const text = await pane.waitForText('Pick a report');
		for (const kind of ['interactive', 'non-interactive', 'service principal', 'managed identity'])
			expect(text).toContain(`Sign-ins: ${kind}`);
		expect(text).not.toMatch(/Directory audits|Provisioning/);
		// Enter on the first pick goes back to the file's sign-ins.
		pane.keys('Enter');
		await pane.waitFor(r => r.some(l => l.startsWith('1/20 loaded')), 'the list again');
	}, 60_000);

	it('a file of directory audits: only Directory audits', async () => {
		const {root, env} = sandbox();
		const file = join(root, 'a.ndjson');
		const audit = (i: number): string =>
			JSON.stringify({
				id: `a${i}`,
				activityDateTime: `2026-12-01T10:00:0${9 - i}Z`,
				activityDisplayName: 'Add user',
				category: 'UserManagement',
				result: 'success',
				loggedByService: 'Core Directory',
				initiatedBy: {user: {userPrincipalName: 'admin@contoso.com'}},
				targetResources: [],
			});
		writeFileSync(file, [0, 1, 2].map(i => `${audit(i)}\n`).join(''));
		const pane = tmuxPane(['open', file], env, 100, 24);
		await pane.waitFor(r => r.some(l => l.startsWith('1/3 loaded')), 'the list');
		pane.keys('Escape');
		const text = await pane.waitForText('Pick a report');
		expect(text).toContain('Directory audits');
		expect(text).not.toMatch(/Sign-ins|Provisioning/);
	}, 60_000);
});
