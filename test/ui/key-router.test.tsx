/**
 * The key router's functions are made once: Focused's layout effect depends on `shown` and runs per route, not per
 * render. Keys that change the screen, many in one read, each reach the screen on top when they come, in order.
 */
import React, {useLayoutEffect} from 'react';
import {Text} from 'ink';
import {render} from 'ink-testing-library';
import {describe, expect, it} from 'vitest';
import {Focused, useKeyRouter, useScreenKeys} from '../../source/ui/key-router.js';
import {useKeyState} from '../../source/ui/use-key-state.js';
import {useKeys} from '../../source/ui/use-keys.js';
import {waitFor} from '../helpers/tui.js';

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

	// Before, the keys that waited for a screen were handed on inside the commit that showed it: 60 screen changes in
	// one read passed React's limit of nested updates (error #185) and the render threw.
	it('takes 300 keys that open and close a screen, written at once, each by the screen on top, in order', async () => {
		const log: string[] = [];
		function Screen({name}: {readonly name: string}): React.ReactElement {
			useScreenKeys(input => {
				log.push(`${name}:${input}`);
				return false;
			});
			return <Text>{name}</Text>;
		}
		function App(): React.ReactElement {
			const [stack, setStack, latest] = useKeyState<readonly string[]>(['list']);
			const top = (): string => latest.current.at(-1)!;
			const keys = useKeyRouter(top, input => {
				if (input === 'o') setStack(s => [...s, `detail${s.length}`]);
				if (input === 'x') setStack(s => s.slice(0, -1));
			});
			useKeys((input, key) => keys.route(input, key));
			const route = stack.at(-1)!;
			return (
				<Focused owner={route} slot={keys.slot} shown={keys.shown}>
					<Screen key={route} name={route === 'list' ? 'list' : 'detail'} />
				</Focused>
			);
		}
		const app = render(<App />);
		await waitFor(
			() => app.lastFrame(),
			f => f === 'list',
			'the list',
		);
		app.stdin.write(`${'ox'.repeat(150)}ok`);
		await waitFor(
			() => String(log.length),
			n => Number(n) === 302,
			'every key',
			20_000,
		);
		expect(log).toEqual([...Array.from({length: 150}, () => ['list:o', 'detail:x']).flat(), 'list:o', 'detail:k']);
		expect(app.lastFrame()).toBe('detail');
		app.unmount();
	});

	// A screen with nothing yet for its keys (a list whose first rows are on their way): they wait for it, in order,
	// and go on once it is ready; esc and q act at once. Keys held for it that find another screen on top when they
	// could go on (a sign-in pushed over the list) are dropped, not handed to it.
	it('holds keys for a waiting screen until it is ready, and drops them when another screen comes on top first', async () => {
		const log: string[] = [];
		let ready: (value: boolean) => void = () => undefined;
		let push: (route: string) => void = () => undefined;
		function Screen({name}: {readonly name: string}): React.ReactElement {
			const [isReady, setReady] = useKeyState(false);
			if (name === 'list') ready = setReady;
			useScreenKeys(
				input => {
					log.push(`${name}:${input}`);
					return input !== 'q';
				},
				name === 'list' && !isReady,
			);
			return <Text>{name === 'list' ? `list ${isReady ? 'ready' : 'waiting'}` : name}</Text>;
		}
		function App(): React.ReactElement {
			const [stack, setStack, latest] = useKeyState<readonly string[]>(['list']);
			push = route => setStack(s => [...s, route]);
			const keys = useKeyRouter(
				() => latest.current.at(-1)!,
				input => log.push(`global:${input}`),
			);
			useKeys((input, key) => keys.route(input, key));
			const route = stack.at(-1)!;
			return (
				<Focused owner={route} slot={keys.slot} shown={keys.shown}>
					<Screen key={route} name={route} />
				</Focused>
			);
		}
		const app = render(<App />);
		await waitFor(
			() => app.lastFrame(),
			f => f === 'list waiting',
			'the list',
		);
		app.stdin.write('j');
		app.stdin.write('jG');
		app.stdin.write('q');
		// q went to the screen at once (which let it through to the global keys); the others wait.
		expect(log).toEqual(['list:q', 'global:q']);
		log.length = 0;
		app.stdin.write('jk');
		ready(true);
		await waitFor(
			() => String(log.length),
			n => n === '2',
			'the held keys',
		);
		expect(log).toEqual(['list:j', 'list:k']);
		expect(app.lastFrame()).toBe('list ready');

		// Waiting again: the keys held are dropped when the sign-in comes on top before the list is ready.
		log.length = 0;
		ready(false);
		await waitFor(
			() => app.lastFrame(),
			f => f === 'list waiting',
			'the list waiting again',
		);
		app.stdin.write('jj');
		push('login');
		await waitFor(
			() => app.lastFrame(),
			f => f === 'login',
			'the sign-in',
		);
		app.stdin.write('x');
		await waitFor(
			() => String(log.length),
			n => n === '1',
			'the key typed for the sign-in',
		);
		expect(log).toEqual(['login:x']);

		// Back on the list, waiting: `/q` typed ahead is a search for q, not a quit (q waits behind the key that opens the
		// field it is text of), and so is an esc after it.
		log.length = 0;
		const again = render(<App />);
		await waitFor(
			() => again.lastFrame(),
			f => f === 'list waiting',
			'the list',
		);
		again.stdin.write('/');
		again.stdin.write('q');
		again.stdin.write('\u001b');
		expect(log).toEqual([]);
		ready(true);
		await waitFor(
			() => String(log.length),
			n => n === '4',
			'the held keys',
		);
		// In order, once the list is ready (this test's screen lets q through to the global keys; esc is a key, no text).
		expect(log).toEqual(['list:/', 'list:q', 'global:q', 'list:']);
		again.unmount();
		app.unmount();
	});
});
