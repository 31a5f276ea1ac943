/**
 * The store's spill file (records past the newest few, compressed) in a real process with its own TMPDIR: private
 * (0600 in a 0700 folder of its own) while the process runs, and gone however the process ends: an exit without
 * close, a crash, SIGTERM, SIGINT, SIGHUP.
 */
import {spawn} from 'node:child_process';
import {statSync, writeFileSync} from 'node:fs';
import {dirname, join} from 'node:path';
import {fileURLToPath, pathToFileURL} from 'node:url';
import {describe, expect, it} from 'vitest';
import {ours, sandbox} from './sandbox.js';

const SPILL = pathToFileURL(join(dirname(fileURLToPath(import.meta.url)), '../../source/store/spill.ts')).href;

/** A process holding a spill file of 300 records; it says where, then ends as `how` says (or waits for a signal). */
const CHILD = `
import {SpillableRecords} from ${JSON.stringify(SPILL)};
const kept = new SpillableRecords(0);
kept.push(Array.from({length: 300}, (_, i) => ({id: 'r' + i, userPrincipalName: 'u' + (i % 7) + '@contoso.com'})));
process.stdout.write(kept.spillFile + '\\n');
const how = process.argv[2];
if (how === 'exit') process.exit(0);
if (how === 'crash') setTimeout(() => { throw new Error('a crash'); }, 10);
else setInterval(() => undefined, 1000);
`;

async function run(how: string): Promise<void> {
	const {root, tmp, env} = sandbox();
	const script = join(root, 'spill-child.ts');
	writeFileSync(script, CHILD);
	const child = spawn(process.execPath, ['--import', 'tsx', script, how], {
		env: {...process.env, ...env},
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	const ended = new Promise<void>(resolve => child.on('exit', () => resolve()));
	let out = '';
	child.stdout.on('data', (d: Buffer) => (out += d.toString()));
	const file = await new Promise<string>((resolve, reject) => {
		child.stdout.on('data', () => out.includes('\n') && resolve(out.split('\n')[0]!));
		void ended.then(() => (out.includes('\n') ? resolve(out.split('\n')[0]!) : reject(new Error('no spill file'))));
	});
	expect(file.startsWith(join(tmp, `entra-logs-store-${child.pid}-`))).toBe(true);
	if (how.startsWith('SIG')) {
		// Alive and waiting: the file and its folder are private.
		expect(statSync(file).mode & 0o777).toBe(0o600);
		expect(statSync(dirname(file)).mode & 0o777).toBe(0o700);
		expect(statSync(file).size).toBeGreaterThan(0);
		child.kill(how as NodeJS.Signals);
	}
	await ended;
	expect(ours(tmp)).toEqual([]);
}

describe('the spill file is private and goes with the process', () => {
	it.each(['SIGTERM', 'SIGINT', 'SIGHUP', 'exit', 'crash'])('%s', how => run(how), 120_000);
});
