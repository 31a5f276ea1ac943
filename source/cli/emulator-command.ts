/**
 * `entra-logs emulator`: its flags checked (one line and exit 2 for a bad one), then the emulator until a signal.
 */
import process from 'node:process';
import type {Parsed} from './args.js';
import {UsageError, checkReadableFile} from './checks.js';
import {checkOutPath} from './checks.js';
import type {Out} from './export-command.js';

export async function runEmulatorCommand(parsed: Parsed, stdout: Out): Promise<number> {
	const {runEmulator} = await import('../emulator/main.js');
	const v = parsed.values;
	const n = (k: string): number | undefined => (typeof v[k] === 'string' ? Number(v[k]) : undefined);
	for (const k of [
		'port',
		'sign-ins',
		'scale',
		'days',
		'auto-approve',
		'poll-interval',
		'latency',
		'throttle-every',
		'unavailable-every',
		'drop-every',
		'truncate-every',
		'expire-token-every',
	]) {
		if (typeof v[k] === 'string' && !/^\d+$/.test(v[k] as string))
			throw new UsageError(`--${k} must be a whole number`);
	}
	const port = n('port');
	if (port !== undefined && (port < 1 || port > 65535))
		throw new UsageError('--port must be 1-65535 (leave it out for any free port)');
	const retryAfter = v['retry-after'];
	if (typeof retryAfter === 'string' && !/^\d+(\.\d+)?$/.test(retryAfter))
		throw new UsageError(`--retry-after must be a number of seconds such as 2.128, not "${retryAfter}"`);
	if (typeof v['data'] === 'string') checkReadableFile(v['data'], '--data', 'a JSON file');
	if (typeof v['ca-out'] === 'string') checkOutPath(v['ca-out'], '--ca-out');
	const license = v['license'];
	if (license !== undefined && license !== 'free' && license !== 'p1' && license !== 'p2')
		throw new UsageError('--license must be free, p1 or p2');
	const stop = await runEmulator(
		{
			port,
			seed: v['seed'] as string | undefined,
			signIns: n('sign-ins'),
			scaleSignIns: n('scale'),
			days: n('days'),
			data: v['data'] as string | undefined,
			license: license as 'free' | 'p1' | 'p2' | undefined,
			autoApproveMs: n('auto-approve'),
			pollInterval: n('poll-interval'),
			caOut: v['ca-out'] as string | undefined,
			clientSecret: parsed.clientSecret,
			clientId: parsed.clientId,
			faults: {
				latencyMs: n('latency') ?? 0,
				throttleEvery: n('throttle-every') ?? 0,
				retryAfter: (v['retry-after'] as string | undefined) ?? '1',
				unavailableEvery: n('unavailable-every') ?? 0,
				dropEvery: n('drop-every') ?? 0,
				truncateEvery: n('truncate-every') ?? 0,
				expireTokenEvery: n('expire-token-every') ?? 0,
			},
		},
		stdout,
	);
	await new Promise<void>(resolve => {
		process.once('SIGINT', () => resolve());
		process.once('SIGTERM', () => resolve());
	});
	await stop();
	return 0;
}
