/**
 * `entra-logs open DIR` on a diagnostic-settings archive: a month of hourly PT1H.json files (720 hours, JSON Lines of
 * Azure Monitor envelopes around the emulator's generated sign-ins) laid out as a storage account's download. Time
 * from start to the first record on stdout (the built CLI, `--output ndjson`), against two references in the same
 * run: `find DIR -name PT1H.json` to its first line (a walk that opens no file), and Node reading the newest
 * PT1H.json and printing its first line (a process that knows which file to read). Prints one JSON line of rows.
 */
import {spawn} from 'node:child_process';
import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {generateTenant} from '../source/emulator/tenant/tenant.js';

const HOURS = 720;
const PER_HOUR = 40;
const START = Date.UTC(2026, 10, 1);
const TENANT = '4bbb79f7-5724-4c9e-95f3-de075f6ec090';
const dir = mkdtempSync(join(tmpdir(), 'entra-logs-bench-archive-'));
const root = join(dir, 'download');
const cli = join(process.cwd(), 'dist', 'cli.js');
const pad = (n: number): string => String(n).padStart(2, '0');

const signIns = generateTenant({seed: 'bench-archive', signIns: HOURS * PER_HOUR, hostileRecords: 0}).signIns;
let newest = '';
for (let k = 0; k < HOURS; k++) {
	const d = new Date(START + k * 3_600_000);
	const folder = join(
		root,
		'insights-logs-signinlogs',
		`tenantId=${TENANT}`,
		`y=${d.getUTCFullYear()}`,
		`m=${pad(d.getUTCMonth() + 1)}`,
		`d=${pad(d.getUTCDate())}`,
		`h=${pad(d.getUTCHours())}`,
		'm=00',
	);
	mkdirSync(folder, {recursive: true});
	let text = '';
	for (let i = 0; i < PER_HOUR; i++) {
		const time = new Date(d.getTime() + i * 60_000 + 1234).toISOString().replace('Z', '0000Z');
		const properties = {...signIns[k * PER_HOUR + i]!, createdDateTime: time.replace('Z', '+00:00')};
		const envelope = {time, category: 'SignInLogs', tenantId: TENANT, resultType: '0', Level: 4, properties};
		text += `${JSON.stringify(envelope)}\n`;
	}
	newest = join(folder, 'PT1H.json');
	writeFileSync(newest, text);
}

/** Milliseconds from spawning `cmd` to its first byte on stdout; the process is ended then. */
function firstLine(cmd: string, args: readonly string[]): Promise<number> {
	return new Promise((resolve, reject) => {
		const started = performance.now();
		const child = spawn(cmd, args, {stdio: ['ignore', 'pipe', 'ignore']});
		let done = false;
		child.stdout.once('data', () => {
			done = true;
			resolve(performance.now() - started);
			child.kill();
		});
		child.on('exit', code => {
			if (!done) reject(new Error(`${cmd} ended (${code}) with no output`));
		});
	});
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
async function timed(cmd: string, args: readonly string[]): Promise<number> {
	const times: number[] = [];
	for (let i = 0; i < 7; i++) times.push(await firstLine(cmd, args));
	return median(times);
}

try {
	const open = await timed(process.execPath, [cli, 'open', root, '--output', 'ndjson']);
	const find = await timed('find', [root, '-name', 'PT1H.json']);
	const readOne = await timed(process.execPath, [
		'-e',
		`process.stdout.write(require('fs').readFileSync(${JSON.stringify(newest)}, 'utf8').split('\\n')[0] + '\\n')`,
	]);
	process.stdout.write(
		`${JSON.stringify([
			[
				`open DIR: ${HOURS} hourly PT1H.json (${(HOURS * PER_HOUR).toLocaleString('en-US')} sign-ins) to the first record (median of 7)`,
				`${open.toFixed(0)} ms = ${(open / readOne).toFixed(1)}x node reading the newest file (${readOne.toFixed(0)} ms), ${(open / find).toFixed(1)}x find's first line (${find.toFixed(0)} ms)`,
			],
		])}\n`,
	);
} finally {
	rmSync(dir, {recursive: true, force: true});
}
