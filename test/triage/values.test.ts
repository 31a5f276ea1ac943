/** Counter.sorted: the top N of a group, found without sorting every value, is the full order's first N. */
import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {Counter} from '../../source/triage/values.js';

describe('Counter.sorted', () => {
	it('top N is the first N of the full order (most first, ties by value), whatever the values', () => {
		fc.assert(
			fc.property(
				fc.array(fc.string({maxLength: 3}), {maxLength: 400}),
				fc.integer({min: 1, max: 30}),
				(values, top) => {
					const c = new Counter();
					for (const v of values) c.add(v);
					expect(c.sorted(top)).toEqual(c.sorted().slice(0, top));
				},
			),
			{numRuns: 1000},
		);
	});
});
