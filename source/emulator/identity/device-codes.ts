/**
 * The device code flow's codes: issued to a public client, approved or declined by a person (or the demo, by itself),
 * and redeemed once by the client's polling, with the identity platform's errors for each state.
 */
import {randomBytes} from 'node:crypto';
import type {User} from '../tenant/tenant.js';
import {oauthError, type HttpReply} from './basics.js';

export interface DeviceCodeEntry {
	readonly deviceCode: string;
	readonly userCode: string;
	readonly clientId: string;
	readonly scopes: readonly string[];
	readonly expiresAt: number;
	state: 'pending' | 'approved' | 'declined' | 'redeemed';
	user?: User;
	/** The emulator's own approval of it (autoApproveMs): when it is due, and a promise settled when it is approved. */
	approval?: {readonly at: number; readonly done: Promise<void>; readonly settle: () => void};
}

export class DeviceCodes {
	private readonly entries = new Map<string, DeviceCodeEntry>();

	/** A new pending code for a client. */
	issue(clientId: string, scopes: readonly string[], expiresInSeconds: number): DeviceCodeEntry {
		const entry: DeviceCodeEntry = {
			deviceCode: randomBytes(36).toString('base64url'),
			userCode: randomUserCode(),
			clientId,
			scopes,
			expiresAt: Date.now() + expiresInSeconds * 1000,
			state: 'pending',
		};
		this.entries.set(entry.deviceCode, entry);
		return entry;
	}

	/** The entry of a device code, if it was issued. */
	get(deviceCode: string): DeviceCodeEntry | undefined {
		return this.entries.get(deviceCode);
	}

	/** Approves pending codes (one by user code, or all) for a user. Returns how many. */
	approve(user: User, userCode?: string): number {
		let n = 0;
		for (const entry of this.entries.values()) {
			if (entry.state !== 'pending' || (userCode && entry.userCode !== userCode.toUpperCase())) continue;
			entry.state = 'approved';
			entry.user = user;
			entry.approval?.settle();
			n++;
		}
		return n;
	}

	decline(userCode?: string): number {
		let n = 0;
		for (const entry of this.entries.values()) {
			if (entry.state !== 'pending' || (userCode && entry.userCode !== userCode.toUpperCase())) continue;
			entry.state = 'declined';
			n++;
		}
		return n;
	}

	pendingUserCodes(): string[] {
		return [...this.entries.values()]
			.filter(e => e.state === 'pending' && e.expiresAt > Date.now())
			.map(e => e.userCode);
	}

	/** A poll with a device code: the identity platform's error for its state, or the approved entry, now redeemed. */
	redeem(deviceCode: string): HttpReply | DeviceCodeEntry {
		const entry = this.entries.get(deviceCode);
		if (!entry) return oauthError(400, 'invalid_grant', 70000, 'Provided grant is invalid or malformed.');
		if (entry.expiresAt <= Date.now() && entry.state === 'pending') {
			return oauthError(400, 'expired_token', 70019, 'Verification code expired.');
		}
		switch (entry.state) {
			case 'pending':
				return oauthError(
					400,
					'authorization_pending',
					70016,
					'OAuth 2.0 device flow error. Authorization is pending. Continue polling.',
				);
			case 'declined':
				return oauthError(400, 'authorization_declined', 70000, 'The user declined the authorization request.');
			case 'redeemed':
				return oauthError(
					400,
					'invalid_grant',
					70000,
					"The provided value for the 'device_code' parameter has already been used.",
				);
			case 'approved':
				entry.state = 'redeemed';
				return entry;
		}
	}
}

function randomUserCode(): string {
	const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
	const bytes = randomBytes(9);
	return Array.from(bytes, b => alphabet[b % alphabet.length]).join('');
}
