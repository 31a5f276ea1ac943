/** The user's cache folder for entra-logs (the demo tenant's cache, the code cache): XDG's cache home, else the platform's. */
import {join} from 'node:path';
import {homedir} from 'node:os';

export function cacheDir(env: Readonly<Record<string, string | undefined>>): string {
	const base =
		env['XDG_CACHE_HOME'] ||
		(process.platform === 'win32'
			? (env['LOCALAPPDATA'] ?? join(homedir(), 'AppData', 'Local'))
			: process.platform === 'darwin'
				? join(homedir(), 'Library', 'Caches')
				: join(homedir(), '.cache'));
	return join(base, 'entra-logs');
}
