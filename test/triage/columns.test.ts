/**
 * The summary's per-record columns are compact and give back exactly what was put in (source/triage/columns.ts):
 * checked against the plain forms they replace (a string per id, an Int32Array per interned value) for any values, and their memory measured in a process of its own (--expose-gc).
 */
import {spawnSync} from 'node:child_process';
import {dirname, join} from 'node:path';
import {fileURLToPath} from 'node:url';
import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {IdColumn, IntColumn, nextCapacity} from '../../source/triage/columns.js';

const CHILD = join(dirname(fileURLToPath(import.meta.url)), 'summary-memory-child.ts');
const hex = fc.constantFrom(...'0123456789abcdefABCDEF-g');

describe('the summary columns', () => {
	it('ids read back as they were given: GUIDs, near-GUIDs, any text, many or few of each', () => {
		const guid = fc.uuid();
		const nearGuid = fc.array(hex, {minLength: 36, maxLength: 36}).map(a => a.join(''));
		fc.assert(
			fc.property(
				fc.array(
					fc.oneof(
						guid,
						guid.map(s => s.toUpperCase()),
						nearGuid,
						fc.string(),
					),
					{maxLength: 300},
				),
				ids => {
					const column = new IdColumn();
					let capacity = 0;
					ids.forEach((id, i) => {
						if (i >= capacity) column.reserve((capacity = nextCapacity(capacity, i + 1)));
						column.push(id);
					});
					expect(ids.map((_, i) => column.at(i))).toEqual(ids);
				},
			),
			{numRuns: 300},
		);
	});

	it('integers read back as an Int32Array holds them, however wide they get', () => {
		const value = fc.oneof(
			fc.integer({min: -1, max: 200}),
			fc.integer({min: -40_000, max: 70_000}),
			fc.integer(),
			fc.double(),
		);
		fc.assert(
			fc.property(fc.array(value, {maxLength: 300}), values => {
				const column = new IntColumn();
				const plain = new Int32Array(values.length);
				column.reserve(values.length);
				values.forEach((v, i) => {
					column.set(i, v);
					plain[i] = v;
				});
				expect(Array.from(column.data.subarray(0, values.length))).toEqual(Array.from(plain));
			}),
			{numRuns: 300},
		);
	});

	it("the summary of 200,000 sign-ins keeps under 100 bytes a record, and its columns grow outside malloc's heap", () => {
		const run = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', CHILD, '200000'], {
			encoding: 'utf8',
			timeout: 170_000,
		});
		expect(run.stderr).toBe('');
		const {counted, perRecord, heapGrowth} = JSON.parse(run.stdout.trim()) as {
			counted: number;
			perRecord: number;
			heapGrowth: number;
		};
		expect(counted).toBe(200_000);
		// 171-191 bytes with a string an id and an Int32Array a value. V8's external memory counts a resizable buffer
		// at the size it was made, not as it grew in place: since the columns moved there, this holds what the JS heap
		// keeps (about 25 bytes), and the RSS bench (bench/tui-memory.ts) the rest.
		expect(perRecord).toBeLessThan(100);
		// The columns outside malloc: about 2 MB; 28 MB when they were grown by copying in malloc's memory (columns.ts).
		expect(heapGrowth / 1e6).toBeLessThan(8);
	}, 180_000);
});
