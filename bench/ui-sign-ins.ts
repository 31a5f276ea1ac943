/** The UI benches' file: `count` generated sign-ins as NDJSON (written 5,000 at a time), newest first. */
import {appendFileSync, writeFileSync} from 'node:fs';
import {generateTenant} from '../source/emulator/tenant/tenant.js';

export function writeSignIns(file: string, count: number): void {
	const tenant = generateTenant({seed: 'bench-ui', signIns: count, hostileRecords: 0});
	writeFileSync(file, '');
	for (let i = 0; i < count; i += 5000)
		appendFileSync(
			file,
			`${tenant.signIns
				.slice(i, i + 5000)
				.map(r => JSON.stringify(r))
				.join('\n')}\n`,
		);
}
