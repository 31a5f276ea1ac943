/** The user's cache folder for entra-logs (the demo tenant's cache, the code cache): XDG's cache home, else the platform's. */
import {isAbsolute, join} from 'node:path';
import {homedir} from 'node:os';

export function cacheDir(env: Readonly<Record<string, string | undefined>>): string {
	// XDG: a relative path in these variables is invalid and ignored (it would put the caches in the current folder).
	const xdg = env['XDG_CACHE_HOME'];
	const base =
		(xdg && isAbsolute(xdg) ? xdg : undefined) ||
		(process.platform === 'win32'
			? (env['LOCALAPPDATA'] ?? join(homedir(), 'AppData', 'Local'))
			: process.platform === 'darwin'
				? join(homedir(), 'Library', 'Caches')
				: join(homedir(), '.cache'));
	return join(base, 'entra-logs');
}
