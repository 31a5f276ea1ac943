/**
 * The App as `entra-logs --emulator URL` runs it, for screen tests driven by keys (ink-testing-library): the CLI's
 * own services and wiring (run.tsx), the real MSAL sign-in against the emulator over HTTPS, clipboard and export,
 * with OSC 52 writes captured and exports written to a temp directory.
 */
import {render} from 'ink-testing-library';
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {App} from '../../source/ui/app.js';
import {emptyQuery, type Query} from '../../source/query/query.js';
import {buildServices} from '../../source/cli/services.js';
import {parseCli} from '../../source/cli/args.js';
import {wireTui} from '../../source/ui/run.js';
import {afterAll, beforeAll} from 'vitest';
import {startTestEmulator, type TestEmulator} from './emulator.js';

export const KEYS = {down: '\u001B[B', up: '\u001B[A', enter: '\r', esc: '\u001B', right: '\u001B[C'};

// A new screen subscribes to input in an effect after its first frame: give it that moment, as a person would.
export const tick = (): Promise<unknown> => new Promise(r => setTimeout(r, 20));

export async function waitFor(
	frame: () => string | undefined,
	predicate: (f: string) => boolean,
	what: string,
	ms = 10_000,
): Promise<string> {
	const started = Date.now();
	while (Date.now() - started < ms) {
		const f = frame() ?? '';
		if (predicate(f)) return f;
		await new Promise(r => setTimeout(r, 10));
	}
	throw new Error(`timed out waiting for ${what}; last frame:\n${frame()}`);
}

/** The device code as the login screen shows it. */
export const CODE = /code\s+([A-Z0-9]{9})/;

export interface Setup {
	readonly initialQuery?: Query;
	readonly size?: {width: number; height: number};
	/** Kept across runs (token cache, recent queries); a fresh one by default. */
	readonly configDir?: string;
	/** Approve the device code shown on screen, as a person on another device would (default true). */
	readonly approve?: boolean;
	readonly emulator: TestEmulator;
	readonly args?: readonly string[];
}

export type Tui = Awaited<ReturnType<typeof setupTui>>;

export async function setupTui(o: Setup) {
	const server = o.emulator;
	// Folders made here go when the test closes its TUI (a config folder passed in is the caller's).
	const made: string[] = [];
	const temp = (prefix: string): string => {
		const dir = mkdtempSync(join(tmpdir(), prefix));
		made.push(dir);
		return dir;
	};
	const env = {ENTRA_LOGS_CONFIG_DIR: o.configDir ?? temp('entra-logs-ui-')};
	// The emulator's certificate, trusted as a user would: --ca-file.
	const caFile = join(temp('entra-logs-ca-'), 'ca.pem');
	writeFileSync(caFile, server.caCert);
	const services = await buildServices(
		parseCli(['--emulator', server.origin, '--ca-file', caFile, ...(o.args ?? [])], env),
		env,
	);
	const written: string[] = [];
	const cwd = temp('entra-logs-ui-out-');
	const {store, props} = wireTui(
		{services, query: o.initialQuery, configDir: services.configDir, emptyQuery, pageSize: 20},
		{
			write: d => {
				written.push(d);
			},
			env: {SSH_CONNECTION: '10.0.0.1 5000 10.0.0.2 22', TERM: 'xterm-256color'},
			cwd,
		},
	);
	const size = o.size ?? {width: 120, height: 30};
	const app = render(<App {...props} width={size.width} height={size.height} />);
	const frame = (): string => app.lastFrame() ?? '';
	const press = async (key: string, until?: (f: string) => boolean, what = key): Promise<void> => {
		app.stdin.write(key);
		await tick();
		if (until) {
			await waitFor(frame, until, what);
			await tick();
		}
	};
	/** What went to the clipboard by OSC 52, decoded. */
	const copied = (): string[] =>
		written
			.join('')
			.match(/\u001b\]52;c;[A-Za-z0-9+/=]+\u0007/g)
			?.map(s => Buffer.from(s.slice(7, -1), 'base64').toString('utf8')) ?? [];
	const approveCode = async (): Promise<string> => {
		const code = CODE.exec(await waitFor(frame, f => CODE.test(f), 'the device code'))![1]!;
		await server.control('approve', {user_code: code});
		return code;
	};
	if (o.approve !== false) {
		const f = await waitFor(
			frame,
			f => CODE.test(f) || f.includes('Pick a report') || f.includes('loaded'),
			'a device code or a signed-in screen',
		);
		if (CODE.test(f)) await approveCode();
	}
	/** Whether the app has exited: Ink stops reading the keyboard when it unmounts. */
	const exited = (): boolean => app.stdin.listenerCount('readable') === 0;
	const close = async (): Promise<void> => {
		app.unmount();
		store.close();
		await services.close();
		for (const dir of made) rmSync(dir, {recursive: true, force: true});
	};
	return {app, store, services, copied, cwd, frame, press, approveCode, exited, close};
}

/**
 * A test file's emulator (started before its tests, closed after them) and `setup` against it: `suite.emu` once the
 * tests run; `setup({emulator})` for another one.
 */
export function tuiSuite(): {
	readonly emu: TestEmulator;
	readonly setup: (o?: Partial<Setup>) => ReturnType<typeof setupTui>;
} {
	let emu: TestEmulator | undefined;
	beforeAll(async () => {
		emu = await startTestEmulator();
	});
	afterAll(() => emu?.close());
	return {
		get emu(): TestEmulator {
			if (!emu) throw new Error('the emulator starts before the tests');
			return emu;
		},
		setup: (o = {}) => setupTui({...o, emulator: o.emulator ?? emu!}),
	};
}
