/** A certificate for the emulator's HTTPS listener, generated at start-up (MSAL refuses http:// authorities). */
import {generate} from 'selfsigned';

export interface TlsMaterial {
	readonly key: string;
	readonly cert: string;
}

export async function generateCertificate(): Promise<TlsMaterial> {
	const now = Date.now();
	const pems = await generate([{name: 'commonName', value: 'entra-logs emulator'}], {
		keyType: 'ec',
		curve: 'P-256',
		algorithm: 'sha256',
		notBeforeDate: new Date(now - 60_000),
		notAfterDate: new Date(now + 365 * 24 * 3_600_000),
		extensions: [
			{name: 'basicConstraints', cA: true},
			{name: 'keyUsage', digitalSignature: true, keyCertSign: true},
			{name: 'extKeyUsage', serverAuth: true},
			{
				name: 'subjectAltName',
				altNames: [
					{type: 7, ip: '127.0.0.1'},
					{type: 7, ip: '::1'},
					{type: 2, value: 'localhost'},
				],
			},
		],
	});
	return {key: pems.private, cert: pems.cert};
}
