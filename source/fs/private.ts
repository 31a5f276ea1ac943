/**
 * Files only their owner can read. What entra-logs writes holds tokens, log records or identities: files are 0600,
 * folders it creates are 0700, and a folder it did not create keeps its mode (an export into /tmp, mode 1777, must
 * not lock other users out of it, nor fail for a user who does not own it).
 */
// fs.promises read where it is used: node:fs/promises loads with the first call, not on `open`'s way to its first frame.
import {constants, mkdirSync, openSync, closeSync, writeSync, fchmodSync, promises as fsp} from 'node:fs';
import type {FileHandle} from 'node:fs/promises';
import {basename, dirname, join} from 'node:path';

export const PRIVATE_FILE = 0o600;
export const PRIVATE_DIR = 0o700;

/** Creates `dir` and any missing parent as 0700. A folder that is already there is left as it is. */
export function ensurePrivateDir(dir: string): void {
	mkdirSync(dir, {recursive: true, mode: PRIVATE_DIR});
}

/** Flags for a new file: created here or not at all (O_EXCL), never through a symbolic link. */
const CREATE_NEW = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW;

/**
 * Writes `file` atomically (a new temp file beside it, renamed over it) as 0600. The temp file's name is
 * unpredictable and created exclusively, so a link planted in a shared folder is never written through; the rename
 * replaces a link at `file` rather than following it. The folder must exist; its mode is not touched.
 */
export async function writePrivateFile(file: string, data: string | Uint8Array): Promise<void> {
	// node:crypto loads here, not with the module: `open`'s first frame, which imports this file, needs none of it (~4 ms).
	const {randomBytes} = await import('node:crypto');
	const tmp = join(dirname(file), `.${basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
	let handle: FileHandle | undefined;
	try {
		handle = await fsp.open(tmp, CREATE_NEW, PRIVATE_FILE);
		// The mode given to open is reduced by the umask: a private file is 0600 whatever the umask says.
		await handle.chmod(PRIVATE_FILE);
		await handle.writeFile(data);
		await handle.close();
		handle = undefined;
		await fsp.rename(tmp, file);
	} catch (error) {
		await handle?.close().catch(() => undefined);
		await fsp.rm(tmp, {force: true});
		throw error;
	}
}

/** Creates a new file (never an existing one, never through a link) holding `data`, as 0600. */
export function createPrivateFileSync(file: string, data: string | Uint8Array): void {
	const fd = openSync(file, CREATE_NEW, PRIVATE_FILE);
	try {
		fchmodSync(fd, PRIVATE_FILE);
		const buf = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
		for (let done = 0; done < buf.length;) done += writeSync(fd, buf, done, buf.length - done);
	} finally {
		closeSync(fd);
	}
}

/**
 * Opens `file` for an export. A new file is created here (exclusively, never through a link) and made 0600: records
 * hold personal data. A regular file already there is replaced by a new one (removed, then created), so the mode of a
 * file entra-logs did not create is never changed; a device or a pipe (`--out /dev/stdout`), or a file we may write but
 * not remove (another user's, in a sticky folder), is written in place and left as it is. A link fails with ELOOP.
 */
export async function openExportFile(file: string): Promise<FileHandle> {
	const create = async (): Promise<FileHandle> => {
		const handle = await fsp.open(file, CREATE_NEW, PRIVATE_FILE);
		// Ours: 0600 whatever the umask says.
		await handle.chmod(PRIVATE_FILE);
		return handle;
	};
	try {
		return await create();
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
	}
	if ((await fsp.lstat(file)).isFile()) {
		try {
			await fsp.unlink(file);
			return await create();
		} catch (error) {
			const code = (error as NodeJS.ErrnoException).code;
			if (code !== 'EPERM' && code !== 'EACCES') throw error;
		}
	}
	return fsp.open(file, constants.O_WRONLY | constants.O_TRUNC | constants.O_NOFOLLOW);
}
