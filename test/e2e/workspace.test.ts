/**
 * The built CLI in a real pseudo-terminal reading the demo's Log Analytics workspace (`--demo --workspace demo`):
 * sign-in for the workspace's audience, the picker and the header naming the workspace, the list, a second page, a
 * detail with the original row, a pivot and back, the filter editor's request, quit; `timeline --workspace demo`.
 * Then summary, timeline and pivots on a test emulator's workspace (`--emulator … --workspace ID`), each count on
 * screen against one made here: hand-written KQL sent to the same workspace over HTTPS, or the tenant's records.
 */
import {spawnSync} from 'node:child_process';
import {existsSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {CLI, Terminal} from '../helpers/terminal.js';
import {startTestEmulator, type TestEmulator} from '../helpers/emulator.js';
import {laCaller, type LaCaller} from '../emulator-la/la-client.js';
import type {GraphRecord} from '../../source/reports/report.js';

describe('a workspace in a pseudo-terminal', () => {
	it('--demo --workspace demo: picker and header name it; list, next page, detail, pivot, back, filters, quit', async () => {
		expect(existsSync(CLI), 'npm run build first').toBe(true);
		const cwd = mkdtempSync(join(tmpdir(), 'entra-logs-e2e-ws-'));
		const t = new Terminal(['--demo', '--workspace', 'demo', '--page-size', '5'], {}, cwd);
		try {
			await t.waitFor('enter the code');
			await t.waitFor('Pick a report');
			await t.waitFor('from workspace demo (demo tenant, local emulator)');
			await t.key('\r');
			// The first query waits for the demo tenant to be generated and projected to the tables: on a loaded machine
			// that can take a minute.
			await t.waitFor('1/5 loaded', 120_000);
			expect(t.screen.split('\n')[0]).toMatch(/^entra-logs workspace demo .*Sign-ins/);

			// The next page comes from the keyset past the last row.
			await t.key('n');
			await t.waitFor(/1\/10 loaded · 2 pages/, 60_000);

			// A detail: the record as Graph's, with the row it came from.
			await t.key('\r');
			await t.waitFor('Basic info');
			// At its end, the raw JSON: the row as the workspace sent it, its dynamic cells as JSON text.
			await t.key('G');
			await t.waitFor('"_IsBillable": "True"');
			expect(t.screen).toMatch(/"Status": "\{\\"errorCode\\":\d+/);
			expect(t.screen).toContain('"TimeGenerated": "20');

			// A pivot to the same user, and back to the list.
			await t.key('\u001B');
			await t.waitFor(/1\/10 loaded/);
			await t.key('u');
			await t.waitFor('same user');
			await t.waitFor(/1\/\d+ loaded/, 60_000);
			await t.key('\u001B');
			await t.waitFor(/1\/10 loaded/);

			// The filter editor shows the workspace query it would send.
			await t.key('f');
			await t.waitFor('Filters: Sign-ins');
			await t.waitFor(/GET https:\/\/127\.0\.0\.1:\d+\/v1\/workspaces\/demo\/query\?query=SigninLogs/);
			await t.key('\u001B');
			await t.waitFor(/1\/10 loaded/);

			// : switches report: the picker opens on the same workspace.
			await t.key(':');
			await t.waitFor('from workspace demo');
			await t.key('q');
			expect(await t.exited()).toBe(0);
		} finally {
			t.kill();
		}
	}, 300_000);
});

describe('timeline --workspace demo, from the command line', () => {
	it("reads all four of a user's reports from the demo's workspace", () => {
		expect(existsSync(CLI), 'npm run build first').toBe(true);
		const cwd = mkdtempSync(join(tmpdir(), 'entra-logs-e2e-ws-timeline-'));
		try {
			const r = spawnSync(
				process.execPath,
				[CLI, 'timeline', '--user', 'alice@contoso.com', '--workspace', 'demo', '--demo', '--output', 'ndjson'],
				{cwd, encoding: 'utf8', timeout: 240_000, maxBuffer: 1e9, env: {...process.env, CI: ''}},
			);
			expect(r.status, r.stderr).toBe(0);
			const counts =
				/timeline of alice@contoso\.com: [\d,]+ records \(sign-ins ([\d,]+) · audits by ([\d,]+) · audits about ([\d,]+) · provisioning ([\d,]+)\)/.exec(
					r.stderr,
				);
			expect(counts, r.stderr).not.toBeNull();
			const [signIns, , , provisioning] = counts!.slice(1).map(n => Number(n.replace(/,/g, '')));
			expect(signIns).toBeGreaterThan(0);
			expect(provisioning).toBeGreaterThan(0);
			expect(r.stderr).not.toContain('could not read');
			// Each provisioning line of the output is one the count names, read from the workspace (its row kept).
			const lines = r.stdout
				.split('\n')
				.filter(Boolean)
				.map(l => JSON.parse(l) as {report: string; record: Record<string, unknown>});
			const prov = lines.filter(l => l.report === 'provisioning');
			expect(prov.length).toBe(provisioning);
			for (const l of prov) expect(Object.keys(l.record)).toContain('@logAnalytics.row');
		} finally {
			rmSync(cwd, {recursive: true, force: true});
		}
	}, 300_000);
});

describe('summary, timeline and pivots on workspace data, in a pseudo-terminal', () => {
	let emu: TestEmulator;
	let la: LaCaller;
	let cwd: string;
	beforeAll(async () => {
		emu = await startTestEmulator();
		la = laCaller(emu);
		cwd = mkdtempSync(join(tmpdir(), 'entra-logs-e2e-ws-pivots-'));
		writeFileSync(join(cwd, 'ca.pem'), emu.caCert);
	});
	afterAll(async () => {
		await emu?.close();
		if (cwd) rmSync(cwd, {recursive: true, force: true});
	});

	/** `summarize n = count()` of a hand-written query, sent to the emulator's workspace over HTTPS. */
	async function kqlCount(query: string): Promise<number> {
		const reply = await la.post(`${query}\n| summarize n = count()`);
		expect(reply.status, reply.text.slice(0, 300)).toBe(200);
		return Number(la.rows(reply)[0]!['n']);
	}

	it('s, t and the pivots A and S show what the workspace holds', async () => {
		expect(existsSync(CLI), 'npm run build first').toBe(true);
		const {users, directoryAudits, provisioning} = emu.tenant;
		const alice = users[0]!;
		const upn = alice.userPrincipalName;
		const id = alice.id;
		// The pages of the TUI hold every record of these small lists: counts are of all of them.
		const t = new Terminal(
			[
				'signins',
				'--user',
				upn,
				'--since',
				'2020-01-01T00:00:00Z',
				'--type',
				'interactive,non-interactive',
				'--page-size',
				'500',
				'--emulator',
				emu.origin,
				'--ca-file',
				join(cwd, 'ca.pem'),
				'--tenant',
				emu.tenantId,
				'--workspace',
				la.workspace,
			],
			{ENTRA_LOGS_CONFIG_DIR: join(cwd, 'config')},
			cwd,
			150,
			40,
		);
		try {
			const code = /code\s+([A-Z0-9]{9})/.exec(await t.waitFor(/code\s+[A-Z0-9]{9}/, 60_000))![1]!;
			await emu.control('approve', {user_code: code});
			const signIns = await kqlCount(
				`union SigninLogs, AADNonInteractiveUserSignInLogs\n| where UserPrincipalName =~ "${upn}"`,
			);
			const successes = await kqlCount(
				`union SigninLogs, AADNonInteractiveUserSignInLogs\n| where UserPrincipalName =~ "${upn}" and ResultType == "0"`,
			);
			expect(signIns).toBeGreaterThan(1);
			expect(successes).toBeGreaterThan(0);
			await t.waitFor(new RegExp(`1/${signIns} loaded · 1 page · all loaded`), 120_000);
			expect(t.screen.split('\n')[0]).toMatch(new RegExp(`^entra-logs workspace ${la.workspace.slice(0, 8)}`));

			// s: the summary of what is loaded, its outcomes as the workspace counts them.
			await t.key('s');
			const summary = await t.waitFor(`Summary of the ${signIns} loaded records`);
			expect(summary).toMatch(new RegExp(`Outcome: success ${successes} \\(`));
			await t.key('\u001B');
			await t.waitFor(new RegExp(`1/${signIns} loaded`));

			// t: her timeline, every report from the workspace; each count against one made here.
			const allSignIns = await kqlCount(
				`union SigninLogs, AADNonInteractiveUserSignInLogs, AADServicePrincipalSignInLogs, AADManagedIdentitySignInLogs\n| where UserId == "${id}"`,
			);
			const auditsBy = await kqlCount(`AuditLogs\n| where tostring(InitiatedBy.user.id) == "${id}"`);
			const about = directoryAudits.filter(a =>
				(a['targetResources'] as Array<{id?: string}>).some(r => r.id === id),
			).length;
			const side = (r: GraphRecord, s: string): unknown => (r[`${s}Identity`] as {id?: unknown} | undefined)?.id;
			const hers = provisioning.filter(r => side(r, 'source') === id || side(r, 'target') === id).length;
			expect(
				await kqlCount(
					`AADProvisioningLogs\n| extend S = parse_json(SourceIdentity), T = parse_json(TargetIdentity)\n| where tostring(S.id) == "${id}" or tostring(T.id) == "${id}"`,
				),
			).toBe(hers);
			await t.key('t');
			await t.waitFor('Timeline of');
			const timeline = await t.waitFor('all loaded · enter opens the record', 60_000);
			expect(timeline).toContain(
				`sign-ins ${allSignIns} · audits by ${auditsBy} · audits about ${about} · provisioning ${hers} · all loaded`,
			);
			expect(timeline).not.toContain('could not read');

			// Her newest provisioning event; A: the audits about the identity, from the workspace.
			await t.key('/');
			for (const ch of 'provisioning ') await t.key(ch);
			await t.key('\r');
			await t.waitFor(/\/provisioning : row \d+/);
			await t.key('\r');
			await t.waitFor(/record \d+\/\d+ · line 1\//);
			await t.key('A');
			await t.waitFor(new RegExp(`audits about the identity: ${id}`));
			await t.waitFor(new RegExp(`1/${about} loaded · 1 page · all loaded`), 60_000);
			expect(t.screen.split('\n')[0]).toMatch(/ (?:Directory audits|audits) · target=/);

			// Its first audit, then S: its initiator's sign-ins, from the workspace.
			await t.key('\r');
			const audit = await t.waitFor(/record 1\/\d+ · line 1\//);
			const initiator = /Initiated by\s*\n\s+User\s+(?:.*<)?([^<>\s]+@[^<>\s]+)>?/.exec(audit)?.[1];
			// The tenant's newest audit about her was made by a person (bob), whose sign-ins S opens.
			expect(initiator, audit).toBeDefined();
			const theirs = await kqlCount(`SigninLogs\n| where UserPrincipalName =~ "${initiator!}"`);
			expect(theirs).toBeGreaterThan(0);
			await t.key('S');
			await t.waitFor(new RegExp(`the initiator's sign-ins: ${initiator!.replace(/[.]/g, '\\.')}`));
			await t.waitFor(new RegExp(`1/${theirs} loaded · 1 page · all loaded`), 60_000);
			expect(t.screen.split('\n')[0]).toMatch(/ (?:Sign-ins|signins) · user=/);
			await t.key('q');
			expect(await t.exited()).toBe(0);
		} finally {
			t.kill();
		}
	}, 300_000);
});
