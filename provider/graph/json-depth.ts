/**
 * How deep a JSON text nests, measured on the text before it is parsed: an answer nested thousands
 * of levels deep would otherwise be parsed, then overflow the stack of whatever walks it.
 *
 * @packageDocumentation
 */

/** Deepest nesting of objects and arrays a Graph answer may have (a profile answer nests about 7 levels). */
export const MAX_ANSWER_DEPTH = 64;

/**
 * Whether the JSON text `text` nests objects and arrays deeper than `limit`. Brackets inside strings
 * do not count; the text need not be valid JSON (an invalid one fails to parse afterwards). Linear in
 * the text's length, with no recursion.
 *
 * @param text - a JSON text
 * @param limit - the deepest nesting accepted
 */
export function nestsDeeperThan(text: string, limit: number = MAX_ANSWER_DEPTH): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > limit) return true;
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return false;
}
