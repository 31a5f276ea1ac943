/** Keypress to frame in the list with 100,000 rows loaded: the App over a store fed from an offline file. */
import {render} from 'ink-testing-library';
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {App} from '../source/ui/app.js';
import {RecordStore} from '../source/store/record-store.js';
import {emptyQuery, resolveQuery} from '../source/query/query.js';
import {FileSource} from '../source/sources/file-source.js';
import {writeSignIns} from './ui-sign-ins.js';

const dir = mkdtempSync(join(tmpdir(), 'entra-logs-ui-'));
const file = join(dir, 'all.ndjson');
writeSignIns(file, 100_000);
const store = new RecordStore(q => {
	const resolved = resolveQuery(q);
	return {source: new FileSource(file, resolved), report: resolved.report};
});
const query = {
	...emptyQuery('signins'),
	eventTypes: ['interactive', 'non-interactive', 'service-principal', 'managed-identity'] as const,
};
const app = render(
	<App
		store={store}
		login={{silent: async () => 'bench', deviceCode: async () => 'bench'}}
		initialQuery={{...query, eventTypes: [...query.eventTypes]}}
		emptyQuery={emptyQuery}
		describeRequest={() => ({ok: true, request: ''})}
		copy={() => ''}
		exportQuery={async () => ''}
		exportTarget={() => 'new'}
		header="bench"
		width={120}
		height={40}
	/>,
);
const wait = async (p: () => boolean) => {
	while (!p()) await new Promise(r => setImmediate(r));
};
await wait(() => (app.lastFrame() ?? '').includes('loaded') && store.getSnapshot().rows.length > 0);
while (store.getSnapshot().more) await store.loadNext();
await wait(() => (app.lastFrame() ?? '').includes(`/${store.getSnapshot().rows.length} loaded`));
const times: number[] = [];
for (let i = 0; i < 60; i++) {
	const before = app.frames.length;
	const t = performance.now();
	app.stdin.write('\u001B[B');
	await wait(() => app.frames.length > before);
	times.push(performance.now() - t);
}
times.sort((a, b) => a - b);
app.unmount();
store.close();
// The file of 100,000 sign-ins (about 0.7 GB) goes with the run.
rmSync(dir, {recursive: true, force: true});
process.stdout.write(
	`${JSON.stringify([[`keypress to frame, ${store.getSnapshot().rows.length.toLocaleString('en-US')} rows loaded (median of 60)`, `${times[30]!.toFixed(1)} ms`]])}\n`,
);
process.exit(0);
