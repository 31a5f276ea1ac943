/**
 * The demo tenant's records made on a worker thread, so that the thread that draws the TUI (and answers the
 * identity platform's requests) never waits for them: generateTenant's output for the options, sent back in slices
 * of a few hundred records (each message a short pause for the receiving thread, not one long one).
 */
import {Worker, isMainThread, parentPort, workerData} from 'node:worker_threads';
import {generateTenant, type GraphRecord, type TenantOptions} from './tenant.js';

const TABLES = ['signIns', 'directoryAudits', 'provisioning'] as const;
type Table = (typeof TABLES)[number];
type Message = {readonly table: Table; readonly records: GraphRecord[]} | {readonly done: true};
const SLICE = 500;

/** The options a worker can be given (plain data); `now` fixed by the caller, so that both sides agree on it. */
export type WorkerTenantOptions = Pick<
	TenantOptions,
	'seed' | 'days' | 'signIns' | 'users' | 'tenantId' | 'domain' | 'displayName' | 'hostileRecords' | 'plant'
> & {readonly now: Date};

/**
 * Generates the tenant of `options` on a worker thread and hands its records to `into`, table by table in the
 * tenant's order; resolves when all are there. Where this module is (the built bundle or the sources) decides
 * how the worker loads.
 */
export function generateInWorker(
	options: WorkerTenantOptions,
	into: Record<Table, GraphRecord[]>,
	workerUrl: URL,
): Promise<void> {
	// From the sources (tests, benchmarks under tsx), the worker compiles them with tsx as its parent does.
	const worker = workerUrl.pathname.endsWith('.ts')
		? new Worker(
				`import('tsx/esm/api').then(tsx => { tsx.register(); return import(${JSON.stringify(workerUrl.href)}); })`,
				{eval: true, workerData: options},
			)
		: new Worker(workerUrl, {workerData: options});
	// The demo's emulator ends with the process: the worker must not keep it alive.
	worker.unref();
	return new Promise((resolve, reject) => {
		worker.on('message', (message: Message) => {
			if ('done' in message) {
				resolve();
				void worker.terminate();
			} else for (const r of message.records) into[message.table].push(r);
		});
		worker.once('error', reject);
		worker.once('exit', code => reject(new Error(`the tenant's worker stopped (exit code ${code})`)));
	});
}

if (!isMainThread && parentPort) {
	const tenant = generateTenant(workerData as WorkerTenantOptions);
	for (const table of TABLES) {
		const records = tenant[table];
		for (let i = 0; i < records.length; i += SLICE)
			parentPort.postMessage({table, records: records.slice(i, i + SLICE)} satisfies Message);
	}
	parentPort.postMessage({done: true} satisfies Message);
}
