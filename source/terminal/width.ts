/**
 * Text in terminal columns, as the TUI shows it through Ink: columns.ts, with Ink's measure (string-width, which Ink
 * places text by) set, so that what a column shows is text whose width Ink and the terminals agree on. string-width is
 * loaded on first use (the build's lazyStringWidth): narrow text never needs it.
 */
import stringWidth from 'string-width';
import {measureInkWith} from './columns.js';

measureInkWith(text => stringWidth(text));

export {cut, displayable, displayWidth, fit, widestWidth, wrap} from './columns.js';
