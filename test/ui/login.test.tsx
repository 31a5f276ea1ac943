/**
 * Sign-in, driven by keys against the emulator over HTTPS: the device code, the spinner, a declined or expired code,
 * a tenant that does not exist, and signing in again when the session ends while browsing.
 */
import {describe, expect, it} from 'vitest';
import {emptyQuery} from '../../source/query/query.js';
import {startTestEmulator} from '../helpers/emulator.js';
import {CODE, KEYS, waitFor, tuiSuite} from '../helpers/tui.js';

/** This file's emulator, and the App as the CLI wires it against it. */
const suite = tuiSuite();
const {setup} = suite;

describe('the TUI: login', () => {
	it('shows the device code, then the picker, then a list of sign-ins; n fetches the next page', async () => {
		const t = await setup({approve: false});
		await waitFor(t.frame, f => CODE.test(f), 'the device code');
		expect(t.frame()).toContain(`${suite.emu.origin}/devicelogin`);
		// A spinner turns while MSAL polls the token endpoint.
		const glyphs = (): Set<string> =>
			new Set(t.app.frames.map(f => /([⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏]) waiting for approval/.exec(f)?.[1]).filter(Boolean) as string[]);
		await waitFor(
			() => String(glyphs().size),
			n => Number(n) >= 2,
			'the spinner turning',
		);
		// The code also went to the clipboard by OSC 52, for pasting on the device with the browser.
		const code = await t.approveCode();
		expect(t.copied()).toEqual([code]);
		await waitFor(t.frame, f => f.includes('Pick a report'), 'the picker');
		expect(t.frame()).toContain('alice@contoso.com');
		await t.press(KEYS.enter, f => f.includes('1/20 loaded'), 'the first page');
		expect(t.frame()).toContain('User / principal');
		await t.press('n', f => f.includes('2 pages'), 'the second page');
		expect(t.frame()).toContain('/40 loaded');
		await t.close();
	});

	it('the session ends while browsing: sign in again over the list, which goes on from the page it stopped at', async () => {
		const quick = await startTestEmulator();
		try {
			const t = await setup({
				emulator: quick,
				initialQuery: {...emptyQuery('signins'), eventTypes: ['interactive', 'non-interactive']},
			});
			await waitFor(t.frame, f => /1\/20 loaded · 1 page/.test(f), 'the list');
			// The admin revokes the sessions: the access token stops working and the refresh token with it.
			await quick.control('revoke-refresh-tokens', {});
			await quick.control('expire-tokens', {});
			// n: a page prefetched before the revocation still shows; the first request after it asks for a sign-in.
			const ended = (f: string): boolean => f.includes('The session has ended: sign in again') && CODE.test(f);
			await t.press('n', f => ended(f) || /2 pages/.test(f), 'the next page or the sign-in');
			if (!ended(t.frame())) await t.press('n', ended, 'the sign-in, again');
			const before = t.store.getSnapshot().records.length;
			const ids = Array.from({length: before}, (_, i) => t.store.getSnapshot().records.at(i)!.id);
			await t.approveCode();
			await waitFor(
				t.frame,
				f => f.includes(`/${before + 20} loaded`) && f.includes('signed in again as alice@contoso.com'),
				'the list, one page further',
			);
			// Nothing lost, nothing doubled: the rows from before, then the next page.
			const after = Array.from({length: before + 20}, (_, i) => t.store.getSnapshot().records.at(i)!.id);
			expect(after.slice(0, before)).toEqual(ids);
			expect(new Set(after).size).toBe(before + 20);
			await t.close();
		} finally {
			await quick.close();
		}
	});

	it('a declined sign-in says so; enter asks for a new code, which signs in', async () => {
		const t = await setup({approve: false});
		const first = CODE.exec(await waitFor(t.frame, f => CODE.test(f), 'the device code'))![1]!;
		await suite.emu.control('decline', {user_code: first});
		await waitFor(t.frame, f => f.includes('Sign-in failed: the sign-in was declined'), 'the error');
		expect(t.frame()).toContain('enter: try again');
		await t.press(KEYS.enter, f => CODE.test(f) && !f.includes(first), 'a new code');
		await t.approveCode();
		await waitFor(t.frame, f => f.includes('Pick a report'), 'the picker');
		await t.close();
	});

	it('an expired code and a tenant that does not exist say so in one line; esc leaves', async () => {
		const quick = await startTestEmulator({deviceCodeExpiresIn: 1});
		try {
			const t = await setup({approve: false, emulator: quick});
			await waitFor(t.frame, f => CODE.test(f), 'the device code');
			await waitFor(
				t.frame,
				f => f.includes('Sign-in failed: the code expired before anyone entered it'),
				'the expiry',
				15_000,
			);
			await t.close();
		} finally {
			await quick.close();
		}
		const t = await setup({approve: false, args: ['--tenant', 'nosuchtenant.onmicrosoft.com']});
		await waitFor(t.frame, f => f.includes('Sign-in failed:'), 'the error');
		expect(t.frame()).toMatch(/AADSTS90002: Tenant 'nosuchtenant\.onmicrosoft\.com' not found/);
		expect(t.frame()).toContain('see --tenant and --cloud');
		await t.press(KEYS.esc);
		await waitFor(
			() => String(t.exited()),
			f => f === 'true',
			'the app to exit',
		);
		await t.close();
	});
});
