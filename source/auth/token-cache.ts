/**
 * MSAL's token cache, persisted as one file: mode 0600, written atomically (temp file + rename), in a folder created
 * 0700 when it is not there (a folder that is there keeps its mode: ENTRA_LOGS_CONFIG_DIR may name a shared one).
 * `@azure/msal-node-extensions` is not used: it needs keytar/libsecret, which does not install offline.
 */
import {readFile} from 'node:fs/promises';
import {dirname} from 'node:path';
import type {ICachePlugin, TokenCacheContext} from '@azure/msal-node';
import {ensurePrivateDir, writePrivateFile} from '../fs/private.js';

export function fileCachePlugin(file: string): ICachePlugin {
	return {
		async beforeCacheAccess(context: TokenCacheContext): Promise<void> {
			try {
				context.tokenCache.deserialize(await readFile(file, 'utf8'));
			} catch (error) {
				if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
			}
		},
		async afterCacheAccess(context: TokenCacheContext): Promise<void> {
			if (!context.cacheHasChanged) return;
			ensurePrivateDir(dirname(file));
			await writePrivateFile(file, context.tokenCache.serialize());
		},
	};
}
