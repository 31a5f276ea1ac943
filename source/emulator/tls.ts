/**
 * A certificate for the emulator's HTTPS listener, generated at start-up (MSAL refuses http:// authorities): an EC
 * P-256 key from node:crypto and a self-signed X.509 v3 certificate written in DER here (a CA for 127.0.0.1, ::1 and
 * localhost). A certificate library took longer to load than the rest of the emulator (about 100 ms of the demo's
 * start); the few fields below are all a TLS client checks.
 */
import {createHash, generateKeyPairSync, randomBytes, sign} from 'node:crypto';

export interface TlsMaterial {
	readonly key: string;
	readonly cert: string;
}

export async function generateCertificate(): Promise<TlsMaterial> {
	const now = Date.now();
	const {publicKey, privateKey} = generateKeyPairSync('ec', {namedCurve: 'P-256'});
	const spki = publicKey.export({type: 'spki', format: 'der'});
	// The key identifier: SHA-1 of the public key's bits (RFC 5280 4.2.1.2, method 1), past the SPKI's algorithm.
	const keyId = createHash('sha1').update(bitStringContent(spki)).digest();
	const name = seq(set(seq(oid('2.5.4.3'), tlv(0x0c, Buffer.from('entra-logs emulator')))));
	const ecdsaSha256 = seq(oid('1.2.840.10045.4.3.2'));
	const serial = randomBytes(16);
	serial[0] = (serial[0]! & 0x7f) | 0x40; // positive, and no leading zero byte to drop
	const tbs = seq(
		tlv(0xa0, integer(Buffer.of(2))), // v3
		integer(serial),
		ecdsaSha256,
		name,
		seq(time(new Date(now - 60_000)), time(new Date(now + 365 * 24 * 3_600_000))),
		name,
		spki,
		tlv(
			0xa3,
			seq(
				extension('2.5.29.19', true, seq(tlv(0x01, Buffer.of(0xff)))), // basicConstraints: cA
				extension('2.5.29.15', true, tlv(0x03, Buffer.of(2, 0x84))), // keyUsage: digitalSignature, keyCertSign
				extension('2.5.29.37', false, seq(oid('1.3.6.1.5.5.7.3.1'))), // extKeyUsage: serverAuth
				extension(
					'2.5.29.17', // subjectAltName
					false,
					seq(
						tlv(0x87, Buffer.of(127, 0, 0, 1)),
						tlv(0x87, Buffer.alloc(16, 0).fill(1, 15)),
						tlv(0x82, Buffer.from('localhost')),
					),
				),
				extension('2.5.29.14', false, tlv(0x04, keyId)), // subjectKeyIdentifier
				extension('2.5.29.35', false, seq(tlv(0x80, keyId))), // authorityKeyIdentifier: itself
			),
		),
	);
	const signature = sign('sha256', tbs, privateKey); // DER (r, s), as X.509 wants it
	const der = seq(tbs, ecdsaSha256, tlv(0x03, Buffer.concat([Buffer.of(0), signature])));
	return {key: privateKey.export({type: 'pkcs8', format: 'pem'}) as string, cert: pem('CERTIFICATE', der)};
}

/** One DER element: tag, definite length, content. */
function tlv(tag: number, content: Buffer): Buffer {
	const n = content.length;
	const length = n < 0x80 ? Buffer.of(n) : n < 0x100 ? Buffer.of(0x81, n) : Buffer.of(0x82, n >> 8, n & 0xff);
	return Buffer.concat([Buffer.of(tag), length, content]);
}

const seq = (...items: Buffer[]): Buffer => tlv(0x30, Buffer.concat(items));
const set = (...items: Buffer[]): Buffer => tlv(0x31, Buffer.concat(items));
/** A non-negative INTEGER whose first byte is below 0x80 (the serial is made so; the version is 2). */
const integer = (bytes: Buffer): Buffer => tlv(0x02, bytes);

function oid(dotted: string): Buffer {
	const [a, b, ...rest] = dotted.split('.').map(Number);
	const bytes = [a! * 40 + b!];
	for (const arc of rest) {
		const base128 = [arc & 0x7f];
		for (let v = Math.floor(arc / 128); v > 0; v = Math.floor(v / 128)) base128.unshift((v & 0x7f) | 0x80);
		bytes.push(...base128);
	}
	return tlv(0x06, Buffer.from(bytes));
}

/** UTCTime through 2049, GeneralizedTime after (RFC 5280 4.1.2.5), to the second. */
function time(date: Date): Buffer {
	const iso = date.toISOString(); // 2026-12-01T23:20:06.123Z
	const digits = `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}Z`;
	return date.getUTCFullYear() < 2050 ? tlv(0x17, Buffer.from(digits.slice(2))) : tlv(0x18, Buffer.from(digits));
}

function extension(id: string, critical: boolean, value: Buffer): Buffer {
	return seq(oid(id), ...(critical ? [tlv(0x01, Buffer.of(0xff))] : []), tlv(0x04, value));
}

/** The bits of a SubjectPublicKeyInfo's BIT STRING (its last element), without the unused-bits byte. */
function bitStringContent(spki: Buffer): Buffer {
	// SEQUENCE { SEQUENCE {algorithm}, BIT STRING }: skip the outer header, then the algorithm element.
	let at = headerLength(spki, 0);
	at += headerLength(spki, at) + contentLength(spki, at);
	return spki.subarray(at + headerLength(spki, at) + 1, at + headerLength(spki, at) + contentLength(spki, at));
}

function headerLength(der: Buffer, at: number): number {
	const first = der[at + 1]!;
	return first < 0x80 ? 2 : 2 + (first & 0x7f);
}

function contentLength(der: Buffer, at: number): number {
	const first = der[at + 1]!;
	if (first < 0x80) return first;
	let n = 0;
	for (let i = 0; i < (first & 0x7f); i++) n = n * 256 + der[at + 2 + i]!;
	return n;
}

function pem(label: string, der: Buffer): string {
	const lines = der.toString('base64').match(/.{1,64}/g) ?? [];
	return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}
