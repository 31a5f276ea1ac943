/**
 * MSAL's token cache, persisted as one file: mode 0600 in a 0700 directory, written atomically (temp file +
 * rename). `@azure/msal-node-extensions` is not used: it needs keytar/libsecret, which does not install offline.
 */
import {chmod, mkdir, readFile, rename, rm, writeFile} from 'node:fs/promises';
import {dirname} from 'node:path';
import type {ICachePlugin, TokenCacheContext} from '@azure/msal-node';

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
			await writePrivate(file, context.tokenCache.serialize());
		},
	};
}

/** Writes a file only its owner can read, in a directory only its owner can enter, atomically. */
export async function writePrivate(file: string, text: string): Promise<void> {
	const dir = dirname(file);
	await mkdir(dir, {recursive: true, mode: 0o700});
	await chmod(dir, 0o700);
	const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
	try {
		await writeFile(tmp, text, {mode: 0o600});
		await chmod(tmp, 0o600);
		await rename(tmp, file);
	} catch (error) {
		await rm(tmp, {force: true});
		throw error;
	}
}
