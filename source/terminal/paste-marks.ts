/**
 * What a terminal in bracketed-paste mode (xterm's mode 2004, turned on with the first frame: first-frame.ts PASTE_ON)
 * sends around a paste: text, never keys. Read before Ink loads (key-input.ts) and by the TUI (use-keys.ts).
 */
export const PASTE_START = '\u001b[200~';
export const PASTE_END = '\u001b[201~';
