/**
 * The emulator's fault knobs (latency, throttling with Retry-After, 503, dropped connections, truncated JSON, token
 * expiry: set by flags or POST /_emu/faults) and its request log.
 */

export interface Faults {
	/** Added to every Graph response, in ms. */
	latencyMs: number;
	/** Every Nth Graph request answers 429 with `Retry-After: retryAfter`. 0: off. */
	throttleEvery: number;
	/** The Retry-After value sent with 429 and 503 (seconds; may be fractional, e.g. "0.2"). */
	retryAfter: string;
	/** Every Nth Graph request answers 503. */
	unavailableEvery: number;
	/** Every Nth Graph request: the connection drops halfway through the body. */
	dropEvery: number;
	/** Every Nth Graph request: a 200 whose JSON body is cut short. */
	truncateEvery: number;
	/** Every Nth Graph request: the caller's token has just expired (401). */
	expireTokenEvery: number;
}

export const NO_FAULTS: Faults = {
	latencyMs: 0,
	throttleEvery: 0,
	retryAfter: '1',
	unavailableEvery: 0,
	dropEvery: 0,
	truncateEvery: 0,
	expireTokenEvery: 0,
};

export interface LogEntry {
	readonly method: string;
	readonly path: string;
	readonly status: number;
	readonly fault?: string;
}
