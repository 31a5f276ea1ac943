/**
 * A narrow terminal keeps each list's outcome: columns are left out from the right, so each report's default columns
 * put how it ended (sign-ins' Status, audits' Result, provisioning's Status) right after when and who or what. Before,
 * at 60x20 the sign-ins list hid Status but kept Application, and audits kept Service and Category but hid Result
 * (found by an independent check). In a real tmux with its default settings, as a responder on a small pane sees it.
 */
import {writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';
import {generateTenant} from '../../source/emulator/tenant/tenant.js';
import {tmuxPane} from '../helpers/tmux-pane.js';
import {sandbox} from '../safety/sandbox.js';

const tenant = generateTenant({
	seed: 'narrow-columns',
	signIns: 100,
	users: 10,
	days: 1,
	hostileRecords: 0,
	plant: false,
});

describe('a narrow terminal keeps the outcome column (real tmux)', () => {
	for (const [report, records, width, shown] of [
		// The width of the checker's pane: when, who, and how it ended.
		['sign-ins', tenant.signIns, 60, ['Date (UTC)', 'User / principal', 'Status']],
		['audits', tenant.directoryAudits, 60, ['Date (UTC)', 'Activity', 'Result']],
		// Narrower: provisioning's columns are narrower too.
		['provisioning', tenant.provisioning, 50, ['Date (UTC)', 'Identity', 'Status']],
	] as const) {
		it(`${report} at ${width}x20: ${shown.join(', ')}`, async () => {
			const {root, env} = sandbox();
			const file = join(root, `${report}.ndjson`);
			writeFileSync(file, `${records.map(r => JSON.stringify(r)).join('\n')}\n`);
			const pane = tmuxPane(['open', file], env, width, 20);
			const rows = await pane.waitFor(r => r.some(l => /^1\/\d+ loaded/.test(l)), 'the list');
			const header = rows.find(l => l.startsWith('  Date (UTC)'));
			expect(header, rows.join('\n')).toBeDefined();
			const labels = header!.trim().split(/ {2,}/);
			expect(labels.slice(0, shown.length)).toEqual(shown);
			// What is left out is named on the status line, where it fits before the pane's edge: not the outcome.
			const status = rows.find(l => /^1\/\d+ loaded/.test(l))!;
			expect(status.split('hidden: ')[1] ?? '').not.toMatch(/Status|Result/);
			await pane.quit();
		});
	}
});
