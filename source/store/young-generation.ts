/**
 * V8's young generation kept at its first size in the TUI process. V8 doubles each of its two semi-spaces (1 MB at
 * start) whenever most of what it allocated survives a scavenge, up to 16 MB each on 64-bit, and a page of parsed
 * records is exactly that: after the first page the process holds 32-34 MB of new space for as long as it runs, all
 * of it resident, even when empty after a GC and idle for minutes (measured: the TUI paging 100,000 sign-ins, new
 * space 34 MB of its 185 MB RSS; V8 shrinks it only after a GC at a low allocation rate, which an idle TUI never runs).
 * `--max-semi-space-size` is read only when the heap is made (setFlagsFromString after start changes nothing, and
 * NODE_OPTIONS is the user's), but the growth factor is read at each growth: 1 means no growth, at any time.
 * The cost is more scavenges (each over at most 1 MB) and more objects promoted early: parsing pages of sign-ins
 * took about a fifth more CPU in a loop of nothing else; the TUI parses a page while the person reads.
 */
import {setV8Flag} from '../process/v8-flags.js';

let kept = false;

/** From now on the young generation does not grow (idempotent; for the TUI's process, not for exports). */
export function keepYoungGenerationSmall(): void {
	if (kept) return;
	kept = true;
	// Through setV8Flag: a code cache is made under the start's flags (script-cache.ts), or V8 would refuse it.
	setV8Flag('--semi-space-growth-factor', '1', '2');
}
