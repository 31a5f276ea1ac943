/**
 * What `npm install -g entra-logs` gets: the repository's tracked files are copied to a temp folder (so the build that
 * packing runs does not touch the dist/ other tests are reading), packed with `npm pack` (whose prepack builds dist/),
 * and the tarball installed into a temporary prefix. The installed command must start and export from its demo.
 */
import {execFile, execFileSync} from 'node:child_process';
import {cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {dirname, join} from 'node:path';
import {promisify} from 'node:util';
import {afterAll, describe, expect, it} from 'vitest';

const run = promisify(execFile);
const root = process.cwd();
const work = mkdtempSync(join(tmpdir(), 'entra-logs-pack-'));
afterAll(() => rmSync(work, {recursive: true, force: true}));

describe('the packed package', () => {
	it('builds on pack, installs from the tarball and runs: --version and a --demo export', async () => {
		const copy = join(work, 'repo');
		const files = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
			cwd: root,
			encoding: 'utf8',
		})
			.split('\0')
			.filter(f => f !== '' && !f.startsWith('dist/'));
		for (const file of files) {
			try {
				mkdirSync(dirname(join(copy, file)), {recursive: true});
				cpSync(join(root, file), join(copy, file));
			} catch {
				// A file listed by git but deleted in the working tree: not part of the package either.
			}
		}
		symlinkSync(join(root, 'node_modules'), join(copy, 'node_modules'), 'dir');
		const packs = join(work, 'packs');
		mkdirSync(packs);
		const env = {
			...process.env,
			npm_config_loglevel: 'error',
			npm_config_fund: 'false',
			npm_config_audit: 'false',
			npm_config_update_notifier: 'false',
		};
		await run('npm', ['pack', '--pack-destination', packs], {cwd: copy, env});
		const tarballs = readdirSync(packs).filter(f => f.endsWith('.tgz'));
		expect(tarballs).toHaveLength(1);
		const listing = execFileSync('tar', ['-tzf', join(packs, tarballs[0]!)], {encoding: 'utf8'});
		expect(listing).toContain('package/dist/cli.js');

		const prefix = join(work, 'prefix');
		await run('npm', ['install', '--global', '--prefix', prefix, '--prefer-offline', join(packs, tarballs[0]!)], {
			cwd: work,
			env,
		});
		const bin = join(prefix, 'bin', 'entra-logs');
		const cleanEnv = {...process.env, ENTRA_LOGS_CONFIG_DIR: join(work, 'config')};
		const version = await run(bin, ['--version'], {cwd: work, env: cleanEnv});
		expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);

		const exported = await run(bin, ['signins', '--demo', '--since', '7d', '--max', '5', '--output', 'ndjson'], {
			cwd: work,
			env: cleanEnv,
			maxBuffer: 64 << 20,
		});
		const lines = exported.stdout.trim().split('\n');
		expect(lines).toHaveLength(5);
		for (const line of lines) expect(JSON.parse(line)).toHaveProperty('createdDateTime');
	}, 300_000);
});
