/**
 * Checks of single flag values, each failing with a UsageError in one line (exit 2) before any sign-in.
 */
import {accessSync, constants, statSync} from 'node:fs';
import {GUID} from '../reports/report.js';
import {outPathProblem} from '../fs/out-path.js';

export class UsageError extends Error {}

/**
 * A tenant as the identity platform takes it: its id (a GUID), one of its domain names, or for a person's sign-in
 * `organizations`/`common` (any work account). Checked here so that a typo fails at once, in our words.
 */
export function checkTenant(tenant: string | undefined, source: string, appOnly: boolean): void {
	if (tenant === undefined) return;
	const value = tenant.trim().toLowerCase();
	if (GUID.test(value) || DOMAIN.test(value)) return;
	if (value === 'organizations' || value === 'common') {
		if (!appOnly) return;
		throw new UsageError(`app-only sign-in needs your tenant's id or domain in ${source}, not "${tenant}"`);
	}
	if (value === 'consumers')
		throw new UsageError(
			`${source} "consumers" is for personal Microsoft accounts, which have no activity logs: use your tenant's id or domain`,
		);
	throw new UsageError(
		`${source} must be a tenant id (a GUID) or a domain such as contoso.onmicrosoft.com, not "${tenant}"`,
	);
}

/** A DNS name with at least two labels (contoso.com, contoso.onmicrosoft.com): letters, digits and inner hyphens. */
export const DOMAIN = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z](?:[a-z0-9-]{0,61}[a-z0-9])?$/i;

export function checkEmulatorUrl(text: string): void {
	let url: URL | undefined;
	try {
		url = new URL(text);
	} catch {
		// said below
	}
	if (!url || url.protocol !== 'https:') {
		throw new UsageError(
			`--emulator must be the emulator's https:// address, such as https://127.0.0.1:8443 (entra-logs emulator prints it), not "${text}"`,
		);
	}
}

/** A file named by a flag must be there and readable: said in one line, before any work. */
export function checkReadableFile(file: string, flag: string, what: string): void {
	try {
		if (statSync(file).isDirectory()) throw new UsageError(`${flag} ${file} is a folder, not ${what}`);
		accessSync(file, constants.R_OK);
	} catch (error) {
		if (error instanceof UsageError) throw error;
		const code = (error as NodeJS.ErrnoException).code;
		throw new UsageError(
			`${flag} ${file}: ${code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : (error as Error).message}`,
		);
	}
}

export function positiveInt(text: string | undefined, flag: string): number | undefined {
	if (text === undefined) return undefined;
	if (!/^\d+$/.test(text) || Number(text) < 1)
		throw new UsageError(`${flag} must be a positive whole number, not "${text}"`);
	return Number(text);
}

/** A file an export cannot even start (no such folder, a folder in its place) is a usage error, said before sign-in. */
export function checkOutPath(out: string, flag = '--out'): void {
	const problem = outPathProblem(out, flag);
	if (problem) throw new UsageError(problem);
}
