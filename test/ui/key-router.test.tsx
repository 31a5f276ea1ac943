/** The key router's functions are made once: Focused's layout effect depends on `shown` and runs per route, not per render. */
import React, {useLayoutEffect} from 'react';
import {Text} from 'ink';
import {render} from 'ink-testing-library';
import {describe, expect, it} from 'vitest';
import {useKeyRouter} from '../../source/ui/key-router.js';

describe('useKeyRouter', () => {
	it('hands out the same route and shown on every render, so that effects on them run once', () => {
		const effects: string[] = [];
		const identities = new Set<unknown>();
		function Probe({n}: {readonly n: number}): React.ReactElement {
			const keys = useKeyRouter(
				() => 'list',
				() => undefined,
			);
			identities.add(keys.shown);
			identities.add(keys.route);
			useLayoutEffect(() => {
				effects.push('shown changed');
			}, [keys.shown]);
			return <Text>{n}</Text>;
		}
		const app = render(<Probe n={1} />);
		for (let n = 2; n <= 5; n++) app.rerender(<Probe n={n} />);
		expect(app.lastFrame()).toBe('5');
		expect(identities.size).toBe(2);
		expect(effects).toEqual(['shown changed']);
		app.unmount();
	});
});
