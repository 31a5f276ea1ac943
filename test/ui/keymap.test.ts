/** The keymap's invariants: every command has keys and a description; no key means two things in one scope. */
import {describe, expect, it} from 'vitest';
import {KEYMAP} from '../../source/ui/keymap.js';

describe('keymap', () => {
	it('every binding has at least one key, a description and a scope', () => {
		for (const b of KEYMAP) {
			expect(b.keys.length, b.command).toBeGreaterThan(0);
			expect(b.description.length, b.command).toBeGreaterThan(0);
			expect(b.scopes.length, b.command).toBeGreaterThan(0);
		}
	});

	it('no key is bound twice within a scope (global bindings count in every scope)', () => {
		const scopes = [...new Set(KEYMAP.flatMap(b => b.scopes))].filter(s => s !== 'global');
		for (const scope of scopes) {
			const keys = KEYMAP.filter(b => b.scopes.includes(scope) || b.scopes.includes('global')).flatMap(b => b.keys);
			expect(keys.length, scope).toBe(new Set(keys).size);
		}
	});
});
