/** A small, fast, seedable PRNG (sfc32 seeded through xmur3) so that a seed always gives the same tenant. */
function xmur3(text: string): () => number {
	let h = 1779033703 ^ text.length;
	for (let i = 0; i < text.length; i++) {
		h = Math.imul(h ^ text.charCodeAt(i), 3432918353);
		h = (h << 13) | (h >>> 19);
	}
	return () => {
		h = Math.imul(h ^ (h >>> 16), 2246822507);
		h = Math.imul(h ^ (h >>> 13), 3266489909);
		return (h ^= h >>> 16) >>> 0;
	};
}

export class Rng {
	private a: number;
	private b: number;
	private c: number;
	private d: number;

	constructor(seed: string | number) {
		const next = xmur3(String(seed));
		this.a = next();
		this.b = next();
		this.c = next();
		this.d = next();
		for (let i = 0; i < 12; i++) this.next();
	}

	/** A float in [0, 1). */
	next(): number {
		this.a >>>= 0;
		this.b >>>= 0;
		this.c >>>= 0;
		this.d >>>= 0;
		let t = (this.a + this.b) | 0;
		this.a = this.b ^ (this.b >>> 9);
		this.b = (this.c + (this.c << 3)) | 0;
		this.c = (this.c << 21) | (this.c >>> 11);
		this.d = (this.d + 1) | 0;
		t = (t + this.d) | 0;
		this.c = (this.c + t) | 0;
		return (t >>> 0) / 4294967296;
	}

	/** An integer in [min, max], both inclusive. */
	int(min: number, max: number): number {
		return min + Math.floor(this.next() * (max - min + 1));
	}

	chance(p: number): boolean {
		return this.next() < p;
	}

	pick<T>(items: readonly T[]): T {
		if (items.length === 0) throw new Error('pick from an empty list');
		return items[Math.floor(this.next() * items.length)] as T;
	}

	/** Picks by weight: `[[value, weight], ...]`. */
	weighted<T>(pairs: ReadonlyArray<readonly [T, number]>): T {
		let total = 0;
		for (const [, w] of pairs) total += w;
		let r = this.next() * total;
		for (const [value, w] of pairs) {
			r -= w;
			if (r < 0) return value;
		}
		return pairs[pairs.length - 1]![0];
	}

	hex(length: number): string {
		let out = '';
		while (out.length < length)
			out += Math.floor(this.next() * 0x100000000)
				.toString(16)
				.padStart(8, '0');
		return out.slice(0, length);
	}

	/** A version-4 style GUID. */
	guid(): string {
		const h = this.hex(32);
		const variant = ((parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16);
		return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
	}

	/** Standard normal, Box-Muller. */
	normal(): number {
		const u = 1 - this.next();
		const v = this.next();
		return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
	}
}
