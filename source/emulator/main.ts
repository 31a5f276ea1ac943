/** `entra-logs emulator`: runs the emulator alone, for scripts, tests and people. */
import {writePrivateFile} from '../fs/private.js';
import {privateTempDir} from '../process/cleanup.js';
import {join} from 'node:path';
import {startEmulator, type Faults} from './server.js';
import type {License} from './graph/graph.js';

export interface EmulatorFlags {
	readonly port?: number;
	readonly seed?: string;
	readonly signIns?: number;
	readonly scaleSignIns?: number;
	readonly days?: number;
	readonly data?: string;
	readonly license?: License;
	readonly autoApproveMs?: number;
	readonly pollInterval?: number;
	readonly caOut?: string;
	readonly faults: Partial<Faults>;
	readonly clientSecret?: string;
	readonly clientId?: string;
}

export async function runEmulator(flags: EmulatorFlags, out: NodeJS.WritableStream): Promise<() => Promise<void>> {
	const emu = await startEmulator({
		port: flags.port ?? 0,
		seed: flags.seed ?? 1,
		signIns: flags.signIns,
		scaleSignIns: flags.scaleSignIns,
		days: flags.days,
		dataFile: flags.data,
		license: flags.license,
		autoApproveMs: flags.autoApproveMs,
		pollInterval: flags.pollInterval ?? 1,
		faults: flags.faults,
		confidentialClients: flags.clientSecret
			? [
					{
						clientId: flags.clientId ?? '00000000-0000-0000-0000-00000000a11e',
						displayName: 'entra-logs automation',
						secrets: [flags.clientSecret],
						certificates: [],
						roles: ['AuditLog.Read.All', 'Directory.Read.All', 'Policy.Read.All'],
					},
				]
			: [],
	});
	// 0600, through a new file renamed into place. By default in a private folder of its own (mkdtemp, 0700, removed
	// when the emulator ends): a fixed name in the shared temp folder could be taken, or planted, by another user.
	const caFile = flags.caOut ?? join(privateTempDir('emulator'), 'ca.pem');
	try {
		await writePrivateFile(caFile, emu.caCert);
	} catch (error) {
		await emu.close();
		const code = (error as NodeJS.ErrnoException).code ?? '';
		throw new Error(
			`cannot write the CA certificate to ${caFile}: ${code === 'EACCES' || code === 'EPERM' ? 'permission denied' : code || (error as Error).message}`,
		);
	}
	const {directoryAudits, provisioning} = emu.tenant;
	const signIns = {length: flags.scaleSignIns ?? emu.tenant.signIns.length};
	out.write(
		[
			`entra-logs emulator listening on ${emu.origin}`,
			`  tenant      ${emu.tenantId} (${emu.tenant.domain}), ${signIns.length} sign-ins, ${directoryAudits.length} audits, ${provisioning.length} provisioning events`,
			`  graph       ${emu.origin}/v1.0  and  ${emu.origin}/beta`,
			`  authority   ${emu.authority}`,
			`  CA cert     ${caFile}`,
			`  approve     curl --cacert ${caFile} -X POST ${emu.origin}/_emu/approve   (or open ${emu.origin}/devicelogin)`,
			`  use it      entra-logs --emulator ${emu.origin} --ca-file ${caFile}`,
			'',
		].join('\n'),
	);
	return () => emu.close();
}
