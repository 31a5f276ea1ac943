/**
 * A `tmux capture-pane -e` screen as its cells: each line's characters, each with the attributes it is drawn with
 * (SGR state, which carries over from line to line), blank default cells at a line's end left out. How tmux serializes
 * the same cells can differ (a reset at a line's end or not, by how its blank cells came to be); the cells cannot.
 */
export function cells(capture: string): string[] {
	const on = new Map<string, string>();
	return capture.split('\n').map(line => {
		const out: string[] = [];
		for (const [, sgr, ch] of line.matchAll(/\u001b\[([\d;]*)m|([^\u001b])/gu)) {
			if (ch !== undefined) {
				out.push(`${ch}${[...on.values()].join('')}`);
				continue;
			}
			const codes = (sgr || '0').split(';').map(Number);
			for (let i = 0; i < codes.length; i++) {
				const c = codes[i]!;
				if (c === 0) on.clear();
				else if (c === 38 || c === 48) {
					const n = codes[i + 1] === 5 ? 2 : 4;
					on.set(c === 38 ? 'fg' : 'bg', `[${codes.slice(i, i + 1 + n).join(';')}]`);
					i += n;
				} else if ((c >= 30 && c <= 37) || (c >= 90 && c <= 97)) on.set('fg', `[${c}]`);
				else if (c === 39) on.delete('fg');
				else if ((c >= 40 && c <= 47) || (c >= 100 && c <= 107)) on.set('bg', `[${c}]`);
				else if (c === 49) on.delete('bg');
				else if (c === 22) {
					on.delete('1');
					on.delete('2');
				} else if (c >= 23 && c <= 29) on.delete(String(c - 20));
				else on.set(String(c), `[${c}]`);
			}
		}
		while (out.at(-1) === ' ') out.pop();
		return out.join('');
	});
}
