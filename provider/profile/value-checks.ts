/**
 * Checks of values that several profile fields hold: a postback payload and a URL.
 *
 * @packageDocumentation
 */
import { isUnknown } from "../core/unknown";
import type { Checker } from "./checker";
import { PROFILE_LIMITS } from "./limits";
import { profileUrlProblem } from "./urls";

/**
 * A postback payload: 1 to 1000 characters.
 *
 * @param c - the checker
 * @param path - the value's path
 * @param v - the value
 */
export function checkPayload(c: Checker, path: string, v: unknown): void {
  c.text(path, v, PROFILE_LIMITS.payload, "the postback payload sent to your webhook");
}

/**
 * A URL of the profile (see `urls.ts`).
 *
 * @param c - the checker
 * @param path - the value's path
 * @param v - the value
 * @param use - the account linking URL, or a web page a menu item opens
 */
export function checkUrl(c: Checker, path: string, v: unknown, use: "accountLinking" | "webPage"): void {
  if (isUnknown(v)) return;
  const problem = profileUrlProblem(v, use);
  if (problem) c.fail(path, problem);
}
