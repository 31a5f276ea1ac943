/**
 * Ink's Output as patched (patches/ink+6.8.0.patch): a row written as in an earlier frame is taken from a cache
 * instead of being laid out again. Whatever the writes (styled text, wide characters, clips, lines off the grid,
 * transformers) and however often rows repeat, each frame is exactly what upstream Ink 6.8.0's grid gives: the
 * oracle below is upstream's `Output.get`, as published.
 */
import {styledCharsFromTokens, styledCharsToString, tokenize} from '@alcalzone/ansi-tokenize';
import chalk, {Chalk} from 'chalk';
import fc from 'fast-check';
import sliceAnsi from 'slice-ansi';
import stringWidth from 'string-width';
import {describe, expect, it} from 'vitest';
import Output from '../../node_modules/ink/build/output.js';

type Clip = Parameters<Output['clip']>[0];
type Transformer = (line: string, index: number) => string;
type Operation =
	| {type: 'write'; x: number; y: number; text: string; transformers: Transformer[]}
	| {type: 'clip'; clip: Clip}
	| {type: 'unclip'};

/** Upstream Ink 6.8.0's Output.get (build/output.js), caches left out: the grid filled character by character. */
function upstream(width: number, height: number, operations: readonly Operation[]): string {
	const output: Array<Array<{type: 'char'; value: string; fullWidth: boolean; styles: unknown[]}>> = [];
	for (let y = 0; y < height; y++) {
		const row = [];
		for (let x = 0; x < width; x++) row.push({type: 'char' as const, value: ' ', fullWidth: false, styles: []});
		output.push(row);
	}
	const clips: Clip[] = [];
	for (const operation of operations) {
		if (operation.type === 'clip') clips.push(operation.clip);
		if (operation.type === 'unclip') clips.pop();
		if (operation.type === 'write') {
			const {text, transformers} = operation;
			// Output.write records no empty text.
			if (!text) continue;
			let {x, y} = operation;
			let lines = text.split('\n');
			const clip = clips.at(-1);
			if (clip) {
				const clipHorizontally = typeof clip?.x1 === 'number' && typeof clip?.x2 === 'number';
				const clipVertically = typeof clip?.y1 === 'number' && typeof clip?.y2 === 'number';
				if (clipHorizontally) {
					const w = Math.max(...text.split('\n').map(l => stringWidth(l)));
					if (x + w < clip.x1! || x > clip.x2!) continue;
				}
				if (clipVertically) {
					if (y + lines.length < clip.y1! || y > clip.y2!) continue;
				}
				if (clipHorizontally) {
					lines = lines.map(line => {
						const from = x < clip.x1! ? clip.x1! - x : 0;
						const w = stringWidth(line);
						const to = x + w > clip.x2! ? clip.x2! - x : w;
						return sliceAnsi(line, from, to);
					});
					if (x < clip.x1!) x = clip.x1!;
				}
				if (clipVertically) {
					const from = y < clip.y1! ? clip.y1! - y : 0;
					const to = y + lines.length > clip.y2! ? clip.y2! - y : lines.length;
					lines = lines.slice(from, to);
					if (y < clip.y1!) y = clip.y1!;
				}
			}
			let offsetY = 0;
			for (const [index, text] of lines.entries()) {
				const currentLine = output[y + offsetY];
				if (!currentLine) continue;
				let line = text;
				for (const transformer of transformers) line = transformer(line, index);
				const characters = styledCharsFromTokens(tokenize(line));
				let offsetX = x;
				for (const character of characters) {
					currentLine[offsetX] = character as (typeof currentLine)[number];
					const characterWidth = Math.max(1, stringWidth(character.value));
					if (characterWidth > 1) {
						for (let i = 1; i < characterWidth; i++)
							currentLine[offsetX + i] = {type: 'char', value: '', fullWidth: false, styles: character.styles};
					}
					offsetX += characterWidth;
				}
				offsetY++;
			}
		}
	}
	return output.map(line => styledCharsToString(line.filter(item => item !== undefined) as never).trimEnd()).join('\n');
}

const colours = new Chalk({level: 1});
const TRANSFORMERS: Record<string, Transformer> = {
	upper: line => line.toUpperCase(),
	bold: line => colours.bold(line),
	numbered: (line, index) => `${index}:${line}`,
};

describe("Ink's Output with rows kept from frame to frame (patched)", () => {
	it('every frame is what upstream lays out, however rows repeat', () => {
		expect(chalk).toBeDefined();
		// A small pool of lines, so that rows recur across frames and come from the cache.
		const piece = fc.constantFrom('abc', 'row 1', '漢字', 'a👍b', 'é', '', '  x  ', 'ｗｉｄｅ', 'tab\tx');
		const styled = fc
			.tuple(piece, fc.constantFrom('plain', 'green', 'inverse', 'dim'))
			.map(([text, style]) => (style === 'plain' ? text : colours[style as 'green'](text)));
		const text = fc.array(styled, {minLength: 1, maxLength: 4}).map(parts => parts.join(''));
		const block = fc.array(text, {minLength: 1, maxLength: 3}).map(lines => lines.join('\n'));
		const operation: fc.Arbitrary<Operation> = fc.oneof(
			{
				weight: 6,
				arbitrary: fc.record({
					type: fc.constant('write' as const),
					x: fc.integer({min: -2, max: 14}),
					y: fc.integer({min: -2, max: 7}),
					text: block,
					transformers: fc.subarray(Object.keys(TRANSFORMERS)).map(keys => keys.map(k => TRANSFORMERS[k]!)),
				}),
			},
			{
				weight: 1,
				arbitrary: fc.record({
					type: fc.constant('clip' as const),
					clip: fc.record({
						x1: fc.option(fc.nat(8), {nil: undefined}),
						x2: fc.option(fc.nat(14), {nil: undefined}),
						y1: fc.option(fc.nat(4), {nil: undefined}),
						y2: fc.option(fc.nat(6), {nil: undefined}),
					}),
				}),
			},
			{weight: 1, arbitrary: fc.constant({type: 'unclip' as const})},
		);
		const frame = fc.array(operation, {maxLength: 12});
		fc.assert(
			fc.property(
				fc.integer({min: 4, max: 16}),
				fc.integer({min: 1, max: 6}),
				fc.array(frame, {minLength: 1, maxLength: 6}),
				(width, height, frames) => {
					for (const operations of frames) {
						const output = new Output({width, height});
						for (const op of operations) {
							if (op.type === 'write') output.write(op.x, op.y, op.text, {transformers: op.transformers});
							else if (op.type === 'clip') output.clip(op.clip);
							else output.unclip();
						}
						expect(output.get().output).toBe(upstream(width, height, operations));
					}
				},
			),
			{numRuns: 400},
		);
	});
});
