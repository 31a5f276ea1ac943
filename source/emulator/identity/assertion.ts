/**
 * A confidential client's certificate credential: its client assertion (a JWT signed with the certificate's key, RS256
 * or PS256) checked as the identity platform does, with its AADSTS code and words when it fails.
 */
import {X509Certificate, createHash, createPublicKey, verify as cryptoVerify, constants} from 'node:crypto';
import {decodeJwtPart} from './tokens.js';
import type {ConfidentialClient} from './basics.js';

export function checkAssertion(
	client: ConfidentialClient,
	assertion: string,
	audience: string,
): {code: number; message: string} | undefined {
	const parts = assertion.split('.');
	const bad = {code: 700027, message: 'Client assertion failed signature validation.'};
	if (parts.length !== 3) return {code: 50027, message: 'JWT token is invalid or malformed.'};
	const header = decodeJwtPart(parts[0]!);
	const payload = decodeJwtPart(parts[1]!);
	if (!header || !payload) return {code: 50027, message: 'JWT token is invalid or malformed.'};
	const cert = client.certificates
		.map(pem => new X509Certificate(pem))
		.find(c => {
			const der = c.raw;
			return (
				header['x5t#S256'] === createHash('sha256').update(der).digest('base64url') ||
				header['x5t'] === createHash('sha1').update(der).digest('base64url')
			);
		});
	if (!cert)
		return {
			code: 700027,
			message: `Client assertion contains an invalid signature. [Reason - The key was not found., Thumbprint of key used by client: '${String(header['x5t#S256'] ?? header['x5t'] ?? '')}']`,
		};
	const key = createPublicKey(cert.publicKey.export({type: 'spki', format: 'pem'}));
	const data = Buffer.from(`${parts[0]}.${parts[1]}`);
	const sig = Buffer.from(parts[2]!, 'base64url');
	const alg = String(header['alg']);
	const ok =
		alg === 'PS256'
			? cryptoVerify('sha256', data, {key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32}, sig)
			: alg === 'RS256'
				? cryptoVerify('sha256', data, key, sig)
				: false;
	if (!ok) return bad;
	if (payload['iss'] !== client.clientId || payload['sub'] !== client.clientId)
		return {code: 700023, message: 'Client assertion audience or issuer is invalid.'};
	if (typeof payload['exp'] !== 'number' || payload['exp'] * 1000 < Date.now())
		return {code: 700024, message: 'Client assertion is not within its valid time range.'};
	if (payload['aud'] !== audience && !String(payload['aud']).endsWith('/oauth2/v2.0/token'))
		return {code: 700023, message: 'Client assertion audience claim does not match Realm issuer.'};
	return undefined;
}
