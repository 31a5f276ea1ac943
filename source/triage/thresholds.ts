/**
 * Every threshold of the detections, in one table (issue 9 §4). docs/triage.md gives the reasoning for each value;
 * change them here and there together.
 */
export interface Thresholds {
	/** One IP (or autonomous system) and many distinct users failing with these codes within the window. */
	readonly passwordSpray: {
		readonly codes: readonly number[];
		readonly windowMinutes: number;
		readonly minUsers: number;
	};
	/** One user and many failures with these codes within the window. */
	readonly bruteForce: {
		readonly codes: readonly number[];
		readonly windowMinutes: number;
		readonly minFailures: number;
	};
	/**
	 * One user and repeated MFA denials or time-outs within the window. A `promptCodes` record (an MFA prompt) counts
	 * unless the user's next sign-in from the same address, within `settleMinutes`, is a success: a prompt then a
	 * success is an ordinary MFA.
	 */
	readonly mfaFatigue: {
		readonly deniedCodes: readonly number[];
		readonly promptCodes: readonly number[];
		readonly settleMinutes: number;
		readonly windowMinutes: number;
		readonly minEvents: number;
	};
	/** Consecutive successful sign-ins of one user faster than minKmh, and at least minKm apart (IP geolocation is coarse). */
	readonly impossibleTravel: {readonly minKmh: number; readonly minKm: number};
	/** A country is new for a user with at least minBaseline successes elsewhere when it holds at most maxShare of their successes. */
	readonly newCountry: {readonly minBaseline: number; readonly maxShare: number};
	/** Client apps that are modern authentication; any other non-empty `clientAppUsed` is legacy. Compared case-insensitively. */
	readonly legacyAuth: {readonly modernClients: readonly string[]};
	/** `authenticationProtocol` members and `originalTransferMethod` values that mean the device code flow. */
	readonly deviceCode: {readonly protocols: readonly string[]; readonly transferMethods: readonly string[]};
	readonly risky: {readonly levels: readonly string[]; readonly states: readonly string[]};
}

export const THRESHOLDS: Thresholds = {
	passwordSpray: {codes: [50126, 50053], windowMinutes: 20, minUsers: 5},
	bruteForce: {codes: [50126, 50053], windowMinutes: 20, minFailures: 10},
	mfaFatigue: {deniedCodes: [500121], promptCodes: [50074], settleMinutes: 5, windowMinutes: 60, minEvents: 5},
	impossibleTravel: {minKmh: 900, minKm: 500},
	newCountry: {minBaseline: 5, maxShare: 0.2},
	legacyAuth: {modernClients: ['Browser', 'Mobile Apps and Desktop clients', 'Modern clients']},
	deviceCode: {protocols: ['deviceCode'], transferMethods: ['deviceCodeFlow']},
	risky: {levels: ['medium', 'high'], states: ['atRisk', 'confirmedCompromised']},
};
