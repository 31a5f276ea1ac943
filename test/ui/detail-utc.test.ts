/**
 * The detail's "Date (UTC)" line is in UTC (found by an independent check: a file's record written
 * `2026-12-01T23:21:39.6429763+02:00` showed that text under the UTC label while the list showed 21:21:39). The time
 * written otherwise stays in view beside it; every fractional digit is kept. The built CLI on a file in real tmux.
 */
import {writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';
import {tmuxPane} from '../helpers/tmux-pane.js';
import {sandbox} from '../safety/sandbox.js';

describe('the detail of a record whose time has an offset', () => {
	it('says the UTC time under Date (UTC), with the text as written after it', async () => {
		const {root, env} = sandbox();
		const file = join(root, 'offset.ndjson');
		const records = [
			{id: 'a', createdDateTime: '2026-12-01T23:21:39.6429763+02:00', userPrincipalName: 'a@contoso.com'},
			{id: 'b', createdDateTime: '2026-12-01T20:00:00.5Z', userPrincipalName: 'b@contoso.com'},
		];
		writeFileSync(file, records.map(r => `${JSON.stringify({...r, status: {errorCode: 0}})}\n`).join(''));
		const pane = tmuxPane(['open', file], env, 140, 30);
		await pane.waitFor(r => r.some(l => l.startsWith('1/2 loaded')), 'the list');
		pane.keys('Enter');
		const text = await pane.waitForText(/Date \(UTC\)\s+2026-12-01T/);
		const line = text.split('\n').find(l => /Date \(UTC\)\s+2026/.test(l))!;
		expect(line).toMatch(
			/Date \(UTC\)\s+2026-12-01T21:21:39\.6429763Z \(written 2026-12-01T23:21:39\.6429763\+02:00\)/,
		);
		pane.keys('Escape', 'j', 'Enter');
		await pane.waitForText('b@contoso.com');
		const second = (await pane.waitForText(/Date \(UTC\)\s+2026-12-01T20:00:00\.5Z/)).split('\n');
		expect(second.find(l => /Date \(UTC\)\s+2026/.test(l))).not.toContain('written');
	}, 60_000);
});
