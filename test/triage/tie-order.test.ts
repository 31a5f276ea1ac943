/**
 * A detection's why names the same values whatever order its records were read in (the CLI reads a file newest first,
 * the TUI's summary as its pages come): ties go to the smaller text. The built CLI over one file, newest first and
 * oldest first (`--order oldest`), --summary json.
 */
import {mkdtempSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';
import {runCli} from '../sources/run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'entra-logs-tie-order-'));

describe('ties in a why do not depend on the reading order', () => {
	it('legacy-auth with four protocols and four IPs once each: the same three protocols and IP either way', async () => {
		// At the same second (the order among them is the reading order): IMAP4 from 10.0.0.4 … SMTP from 10.0.0.1.
		const apps = ['IMAP4', 'POP3', 'MAPI', 'SMTP'];
		const lines = apps.map((app, k) =>
			JSON.stringify({
				id: `s${k}`,
				createdDateTime: '2026-11-30T10:01:00Z',
				userPrincipalName: 'x@contoso.com',
				clientAppUsed: app,
				ipAddress: `10.0.0.${4 - k}`,
				status: {errorCode: 0},
			}),
		);
		const path = join(dir, 'legacy.ndjson');
		writeFileSync(path, `${lines.join('\n')}\n`);
		const why = async (...order: string[]): Promise<string> => {
			const r = await runCli(['open', path, ...order, '--summary', '--output', 'json'], join(dir, 'config'));
			expect(r.code, r.stderr).toBe(0);
			const found = (JSON.parse(r.stdout) as {detections: Array<{kind: string; why: string}>}).detections;
			return found.find(d => d.kind === 'legacy-auth')?.why ?? '';
		};
		const newest = await why();
		expect(newest).toContain('(IMAP4 ×1, MAPI ×1, POP3 ×1, …)');
		expect(newest).toContain('from 4 IPs, mostly 10.0.0.1');
		expect(await why('--order', 'oldest')).toBe(newest);
	});
});
