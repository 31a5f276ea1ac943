/**
 * The Credential column of service principals' sign-ins from a workspace: Log Analytics has no credential type
 * (shared/log-analytics.md §2.3: AADServicePrincipalSignInLogs carries ServicePrincipalCredentialKeyId and
 * ...Thumbprint, no ClientCredentialType), so the column was empty on every row (found by an independent check). It
 * now names the key id each row carries, read back against the emulator's own Log Analytics row under the record.
 */
import {describe, expect, it} from 'vitest';
import {emptyQuery} from '../../source/query/query.js';
import {ROW_KEY} from '../../source/query/kql-response.js';
import {workspaceIdFor} from '../../source/emulator/log-analytics/index.js';
import {waitFor, tuiSuite} from '../helpers/tui.js';

const suite = tuiSuite();

describe('the TUI: service principals on a workspace', () => {
	it("the Credential column names the key id of each row's credential", async () => {
		const ws = workspaceIdFor(suite.emu.tenantId);
		const t = await suite.setup({
			initialQuery: {...emptyQuery('signins'), workspace: ws, eventTypes: ['service-principal']},
			args: ['--workspace', ws],
			size: {width: 200, height: 30},
		});
		await waitFor(t.frame, f => /1\/\d+ loaded|error/.test(f), 'the list', 120_000);
		expect(t.frame()).toMatch(/1\/\d+ loaded/);
		const lines = t.frame().split('\n');
		const header = lines.find(l => l.includes('Credential'))!;
		const at = header.indexOf('Credential');
		expect(at).toBeGreaterThan(0);
		const shown = Math.min(10, t.store.getSnapshot().records.length);
		expect(shown).toBeGreaterThan(0);
		for (let i = 0; i < shown; i++) {
			const record = t.store.getSnapshot().records.at(i)!;
			const row = record[ROW_KEY] as Record<string, unknown>;
			const keyId = String(row['ServicePrincipalCredentialKeyId']);
			expect(keyId).toMatch(/^[0-9a-f-]{36}$/);
			const line = lines[lines.indexOf(header) + 1 + i]!;
			expect(line.slice(at), line).toMatch(new RegExp(`^key ${keyId.slice(0, 6)}`));
		}
		await t.close();
	}, 180_000);
});
