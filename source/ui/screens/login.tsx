/** Sign-in: a silent token when the cache has one; else the device code, shown large, while MSAL polls. */
import React, {useEffect, useState} from 'react';
import {Box, Text} from 'ink';
import {useBindings} from '../key-router.js';
import {keyName} from '../keymap.js';
import {useKeyState} from '../use-key-state.js';
import {sanitizeLine} from '../../terminal/sanitize.js';
import {Spinner} from '../spinner.js';

export interface LoginPort {
	/** A line under the code (the demo says it approves the code by itself). */
	readonly note?: string;
	/**
	 * The signed-in account's name when a silent token works, else undefined. `fresh`: the cached access token was
	 * refused (the session ended), so only a new one from the refresh token counts.
	 */
	silent(options?: {readonly fresh?: boolean}): Promise<string | undefined>;
	/** Device-code sign-in; `onCode` shows the code (and `copied`: where a copy of it went, in words). */
	deviceCode(
		onCode: (code: {userCode: string; verificationUri: string; copied?: string}) => void,
		signal: AbortSignal,
	): Promise<string>;
}

export function LoginScreen({
	port,
	onSignedIn,
	onCancel,
	width,
	height,
	again,
}: {
	readonly port: LoginPort;
	readonly onSignedIn: (name: string) => void;
	readonly onCancel: () => void;
	readonly width: number;
	readonly height: number;
	/** The session ended while browsing: say so, and that esc returns to the list. */
	readonly again?: boolean;
}): React.ReactElement {
	const [code, setCode] = useState<{userCode: string; verificationUri: string; copied?: string} | undefined>();
	// Read by the key handler: a key right after the error's frame reaches a handler from before it (use-key-state.ts).
	const [error, setError, latestError] = useKeyState<string | undefined>(undefined);
	const [attempt, setAttempt] = useState(0);
	const [controller] = useState(() => new AbortController());

	useEffect(() => {
		let live = true;
		const c = new AbortController();
		(async () => {
			const name = await port.silent({fresh: again}).catch(() => undefined);
			if (!live) return;
			if (name) return onSignedIn(name);
			const account = await port.deviceCode(info => live && setCode(info), c.signal);
			if (live) onSignedIn(account);
		})().catch((e: Error) => live && setError(sanitizeLine(e.message)));
		controller.signal.addEventListener('abort', () => c.abort());
		return () => {
			live = false;
			c.abort();
		};
		// eslint-disable-next-line react-hooks/exhaustive-deps -- one sign-in per attempt: a new render's callbacks do not start another
	}, [attempt]);

	const cancel = (): void => {
		controller.abort();
		onCancel();
	};
	// The sign-in owns the keyboard: no other command works before it.
	const retry = (): void => {
		if (latestError.current === undefined) return;
		setError(undefined);
		setCode(undefined);
		setAttempt(a => a + 1);
	};
	useBindings('login', {back: cancel, quit: cancel, retry}, () => true);

	if (error) {
		return (
			<Box flexDirection="column">
				<Text color="red">Sign-in failed: {error}</Text>
				<Text dimColor>{`${keyName('retry')}: try again · ${keyName('back')}: quit`}</Text>
			</Box>
		);
	}
	if (!code) return <Spinner label="Signing in..." />;
	// A small terminal (a phone's SSH client, a split pane): no box, a line each, the code never cut off.
	if (width < 60 || height < 12) {
		return (
			<Box flexDirection="column">
				<Text wrap="truncate" color={again ? 'yellow' : undefined}>
					{again ? 'Session ended. Sign in: open' : 'Sign in: open'}
				</Text>
				<Text wrap="truncate" bold color="cyan">
					{sanitizeLine(code.verificationUri)}
				</Text>
				<Text wrap="truncate">
					code{' '}
					<Text bold inverse>
						{' '}
						{sanitizeLine(code.userCode)}{' '}
					</Text>
				</Text>
				<Spinner label={`waiting · ${keyName('back')} cancels`} />
				{port.note && (
					<Text wrap="truncate" color="yellow">
						{sanitizeLine(port.note)}
					</Text>
				)}
			</Box>
		);
	}
	return (
		<Box flexDirection="column" borderStyle="round" paddingX={1}>
			{again && (
				<Text color="yellow">
					The session has ended: sign in again to go on ({keyName('back')} returns to the list as it is).
				</Text>
			)}
			<Text>
				To sign in, open{' '}
				<Text bold color="cyan">
					{sanitizeLine(code.verificationUri)}
				</Text>
			</Text>
			<Text>
				and enter the code{' '}
				<Text bold inverse>
					{' '}
					{sanitizeLine(code.userCode)}{' '}
				</Text>
			</Text>
			{port.note && <Text color="yellow">{sanitizeLine(port.note)}</Text>}
			<Spinner
				label={`waiting for approval...${code.copied ? ` (${code.copied})` : ''} · ${keyName('back')} cancels`}
			/>
		</Box>
	);
}
