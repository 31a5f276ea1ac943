/**
 * Typed arrays outside malloc, grown in place: the memory of what grows with the records a process holds (open's
 * index, the summary's columns). V8 maps a resizable ArrayBuffer itself and unmaps it; typed arrays of malloc's,
 * grown by copying or freed when megabytes, left malloc's main heap fragmented (a block of a few MB freed raises
 * glibc's mmap threshold, source/graph/page-buffer.ts).
 */
export type Typed = Int8Array | Int16Array | Int32Array | Uint8Array | Float64Array;
export type Kind<T extends Typed> = (new (buffer: ArrayBuffer, offset: number, length: number) => T) & {
	new (length: number): T;
	readonly BYTES_PER_ELEMENT: number;
};

/** ES2024's resizable ArrayBuffer (Node 20 has it; the project's lib is ES2023). */
export type ResizableArrayBuffer = ArrayBuffer & {
	readonly resizable?: boolean;
	readonly maxByteLength?: number;
	resize?(size: number): void;
};

/**
 * A resizable ArrayBuffer of `size` bytes (zero-filled) that may grow in place to `max`, outside malloc; undefined where
 * the address space cannot be reserved (a ulimit -v).
 */
export function reserve(size: number, max: number): ArrayBuffer | undefined {
	try {
		return new (ArrayBuffer as unknown as new (n: number, o: {maxByteLength: number}) => ArrayBuffer)(size, {
			maxByteLength: max,
		});
	} catch {
		return undefined;
	}
}

/**
 * Address space reserved for a growable array at first: 8 MB (a million Float64s); a larger one moves to a buffer twice
 * its size. Each reservation counts against a ulimit -v: at 64 MB a column, the TUI needed about 1.1 GB more address
 * space, and at a limit the code before met, paging failed ("Array buffer allocation failed"; found by an independent
 * check).
 */
const RESERVE = 1 << 23;

/**
 * A zero-filled typed array of `length` outside malloc (a plain one where address space cannot be reserved), with room
 * to grow in place to `room` elements (by default: 8 MB, or twice its size). Typed arrays of malloc's, grown by copying
 * or freed when megabytes, left malloc's main heap fragmented (a block of a few MB freed raises glibc's mmap
 * threshold, source/graph/page-buffer.ts); V8 maps a resizable buffer itself and unmaps it.
 */
export function fresh<T extends Typed>(kind: Kind<T>, length: number, room?: number): T {
	const bytes = length * kind.BYTES_PER_ELEMENT;
	const max = room === undefined ? Math.max(RESERVE, bytes * 2) : Math.max(1, room * kind.BYTES_PER_ELEMENT);
	const buffer = reserve(bytes, max);
	return buffer ? new kind(buffer, 0, length) : new kind(length);
}

/** `a` with room for `capacity` elements (at least its own), its values kept: grown in place when its buffer can. */
export function resized<T extends Typed>(a: T, capacity: number): T {
	const kind = a.constructor as Kind<T>;
	if (capacity <= a.length) return a;
	const buffer = a.buffer as ResizableArrayBuffer;
	const bytes = capacity * kind.BYTES_PER_ELEMENT;
	if (buffer.resizable && a.byteOffset === 0 && buffer.maxByteLength! >= bytes) {
		buffer.resize!(bytes);
		return new kind(buffer, 0, capacity);
	}
	const next = fresh(kind, capacity);
	next.set(a);
	return next;
}
