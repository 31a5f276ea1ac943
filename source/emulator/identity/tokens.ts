/** Access and id tokens of the emulator: JWT-shaped, HS256-signed with a secret that lives as long as the server. */
import {createHmac, randomBytes, timingSafeEqual} from 'node:crypto';

export interface TokenClaims {
	readonly aud: string;
	readonly iss: string;
	readonly iat: number;
	readonly nbf: number;
	readonly exp: number;
	readonly tid: string;
	readonly appid: string;
	readonly oid?: string;
	readonly upn?: string;
	readonly name?: string;
	readonly scp?: string;
	readonly roles?: readonly string[];
	readonly idtyp: 'user' | 'app';
	readonly [extra: string]: unknown;
}

const b64 = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');

export class TokenSigner {
	private readonly secret = randomBytes(32);

	sign(claims: TokenClaims): string {
		const head = b64({typ: 'JWT', alg: 'HS256', kid: 'emulator'});
		const body = b64(claims);
		const sig = createHmac('sha256', this.secret).update(`${head}.${body}`).digest('base64url');
		return `${head}.${body}.${sig}`;
	}

	/** The claims of a token this server signed, or undefined when it is not one. */
	verify(token: string): TokenClaims | undefined {
		const parts = token.split('.');
		if (parts.length !== 3) return undefined;
		const [head, body, sig] = parts as [string, string, string];
		const want = createHmac('sha256', this.secret).update(`${head}.${body}`).digest();
		const got = Buffer.from(sig, 'base64url');
		if (got.length !== want.length || !timingSafeEqual(got, want)) return undefined;
		try {
			return JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as TokenClaims;
		} catch {
			return undefined;
		}
	}
}

/** An unsigned id token, as MSAL reads it (it never verifies the signature). */
export function idToken(claims: Record<string, unknown>): string {
	return `${b64({typ: 'JWT', alg: 'none'})}.${b64(claims)}.`;
}

export function clientInfo(uid: string, utid: string): string {
	return b64({uid, utid});
}

export function decodeJwtPart(part: string): Record<string, unknown> | undefined {
	try {
		return JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Record<string, unknown>;
	} catch {
		return undefined;
	}
}
