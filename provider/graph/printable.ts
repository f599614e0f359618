/**
 * Text a person reads, made safe to print: a Page name, a Graph message or a value that came from
 * a server must not move the cursor, erase a line, recolour a terminal or reorder what follows it.
 *
 * @packageDocumentation
 */

/**
 * Characters that act on a terminal or on the order of the text rather than being read: controls
 * (C0, DEL, C1: ESC, CR, LF, tab…), bidi marks, embeddings, overrides and isolates (U+061C,
 * U+200E, U+200F, U+202A–U+202E, U+2066–U+2069), interlinear annotation marks (U+FFF9–U+FFFB), the
 * line and paragraph separators and lone surrogates.
 */
const ACTING = /[\p{Cc}\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufff9-\ufffb\p{Cs}]/gu;

/** {@link ACTING} without the global flag: a test that keeps no position between calls. */
const ACTING_ANY = new RegExp(ACTING.source, "u");

/**
 * `text` with every control, bidi override and line separator written as a visible escape
 * (`\u001b`, `\r`, `\n`, `\t`, `\u202e`), so that what a server sent cannot forge a line of output
 * or hide part of a message. Printable text, other scripts and emoji are kept as they are.
 *
 * @param text - text from outside (a Page name, a Graph message, a value)
 * @returns the same text, printable on one line
 * @example
 * ```ts
 * printable("Shop\r\nDeployment succeeded.") // "Shop\\r\\nDeployment succeeded."
 * ```
 */
export function printable(text: string): string {
  return text.replace(ACTING, escapeOne);
}

/**
 * Whether `text` holds a character that {@link printable} escapes.
 *
 * @param text - the candidate
 */
export function hasActingCharacter(text: string): boolean {
  return ACTING_ANY.test(text);
}

function escapeOne(ch: string): string {
  if (ch === "\n") return "\\n";
  if (ch === "\r") return "\\r";
  if (ch === "\t") return "\\t";
  return `\\u${(ch.codePointAt(0) ?? 0).toString(16).padStart(4, "0")}`;
}
