/** The user's cache folder: XDG's cache home when it is an absolute path (the XDG Base Directory spec), else ~/.cache. */
import {homedir} from 'node:os';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';
import {cacheDir} from '../../source/fs/cache-dir.js';

describe('cacheDir', () => {
	it('is XDG_CACHE_HOME/entra-logs when that is absolute', () => {
		expect(cacheDir({XDG_CACHE_HOME: '/var/tmp/x'})).toBe('/var/tmp/x/entra-logs');
	});

	it('ignores a relative XDG_CACHE_HOME, which would put the caches in the current folder (an evidence folder)', () => {
		for (const relative of ['relcache', './c', '../c', 'a/b'])
			expect(cacheDir({XDG_CACHE_HOME: relative})).toBe(join(homedir(), '.cache', 'entra-logs'));
		expect(cacheDir({XDG_CACHE_HOME: ''})).toBe(join(homedir(), '.cache', 'entra-logs'));
	});
});
