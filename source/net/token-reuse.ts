/**
 * A service client's bearer token, reused for a minute rather than asked of MSAL for every request: a silent
 * acquisition reads the token cache file each time (about 10 ms of CPU, and hundreds of ms while a page streams in,
 * which held a read-ahead request back until the page before it had arrived). A 401 asks for a new one (refresh).
 */
export class TokenReuse {
	private held: {readonly token: Promise<string>; readonly at: number} | undefined;

	constructor(
		private readonly get: (options: {readonly forceRefresh: boolean}) => Promise<string>,
		private readonly reuseMs = 60_000,
	) {}

	token(): Promise<string> {
		const now = performance.now();
		if (!this.held || now - this.held.at > this.reuseMs) this.hold(this.get({forceRefresh: false}), now);
		return this.held!.token;
	}

	/** A new token (after a 401): the service no longer takes the one held. */
	async refresh(): Promise<void> {
		this.held = undefined;
		await this.hold(this.get({forceRefresh: true}), performance.now());
	}

	private hold(token: Promise<string>, at: number): Promise<string> {
		const held = {token, at};
		this.held = held;
		// A failure is not kept: the next request asks again (and sees the error itself).
		token.catch(() => {
			if (this.held === held) this.held = undefined;
		});
		return token;
	}
}
