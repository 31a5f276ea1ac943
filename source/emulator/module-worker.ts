/** A worker thread running an ES module of ours: the built file as it is; from the sources (tests, tsx), compiled by tsx as its parent is. */
import {Worker} from 'node:worker_threads';

export function moduleWorker(url: URL, workerData: unknown): Worker {
	return url.pathname.endsWith('.ts')
		? new Worker(`import('tsx/esm/api').then(tsx => { tsx.register(); return import(${JSON.stringify(url.href)}); })`, {
				eval: true,
				workerData,
			})
		: new Worker(url, {workerData});
}
