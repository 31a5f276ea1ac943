/** What the safety tests share: a private TMPDIR per run, and files of plain sign-ins. */
import {mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {onTestFinished} from 'vitest';

/**
 * A fresh folder for one test, removed when it ends: `tmp` (the run's TMPDIR), a config folder beside it, and `root`
 * for other files.
 */
export function sandbox(): {root: string; tmp: string; env: Record<string, string>} {
	const root = mkdtempSync(join(tmpdir(), 'entra-logs-safety-'));
	onTestFinished(() => rmSync(root, {recursive: true, force: true}));
	const tmp = join(root, 'tmp');
	mkdirSync(tmp);
	return {root, tmp, env: {TMPDIR: tmp, ENTRA_LOGS_CONFIG_DIR: join(root, 'config')}};
}

/** The entries entra-logs made in a temp folder. */
export const ours = (tmp: string): string[] => readdirSync(tmp).filter(n => n.startsWith('entra-logs-'));

/** Writes a file of `n` sign-ins, newest first, and returns its path. */
export function signIns(path: string, n: number): string {
	const t0 = Date.parse('2025-01-01T00:00:00Z');
	const lines: string[] = [];
	for (let i = 0; i < n; i++) {
		lines.push(
			JSON.stringify({
				id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
				createdDateTime: new Date(t0 - i * 1000).toISOString().replace('.000Z', 'Z'),
				userPrincipalName: `u${i % 50}@contoso.com`,
				userDisplayName: `User ${i % 50}`,
				appDisplayName: 'App',
				ipAddress: '10.0.0.1',
				status: {errorCode: 0},
				isInteractive: true,
			}),
		);
	}
	writeFileSync(path, `${lines.join('\n')}\n`);
	return path;
}
