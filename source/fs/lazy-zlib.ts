/**
 * node:zlib's raw deflate, loaded on the first call rather than with the module that imports it: the store's spill
 * and row chunks import it, and `open`'s first frame (which loads the store) compresses nothing (~2.5 ms of its start).
 */
import {createRequire} from 'node:module';

type Zlib = typeof import('node:zlib');

let zlib: Zlib | undefined;
const load = (): Zlib => (zlib ??= createRequire(import.meta.url)('node:zlib') as Zlib);

export const deflateRawSync: Zlib['deflateRawSync'] = (buf, options) => load().deflateRawSync(buf, options);
export const inflateRawSync: Zlib['inflateRawSync'] = (buf, options) => load().inflateRawSync(buf, options);
export const createGunzip: Zlib['createGunzip'] = options => load().createGunzip(options);
